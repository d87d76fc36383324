import type { JSX } from 'preact';
import { ConsoleLayout } from '../../shared/console-layout';
import { t } from '../../shared/i18n';
import { BASE } from '../config';
import type { Merchant } from '../types';

/** The sections, in the language shown (read at each render). */
const tabs = (): Array<[string, string]> => [
  ['till', t('merchant:tabs.till')],
  ['charge', t('merchant:tabs.charge')],
  ['codes', t('merchant:tabs.codes')],
  ['bills', t('merchant:tabs.bills')],
  ['payments', t('merchant:tabs.payments')],
  ['statement', t('merchant:tabs.statement')],
  ['reports', t('charts:tabs.reports')],
  ['webhooks', t('merchant:tabs.webhooks')],
];

/** The portal's frame: the merchant's name and sign-out on the bar, and the tabs once signed in. */
export function Layout(props: {
  merchant?: Merchant;
  tab?: string;
  onSignOut?: () => void;
  children: JSX.Element;
}): JSX.Element {
  return (
    <ConsoleLayout
      base={BASE}
      sub={t('merchant:layout.sub')}
      tabs={tabs()}
      tab={props.tab}
      actions={
        props.merchant && (
          <>
            <span class="who" data-testid="merchant-name" translate={false}>
              {props.merchant.name} · {props.merchant.city}
            </span>
            <button type="button" class="btn btn-small btn-ghost" onClick={props.onSignOut}>
              {t('common:signOut')}
            </button>
          </>
        )
      }
    >
      {props.children}
    </ConsoleLayout>
  );
}
