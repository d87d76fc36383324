import type { JSX } from 'preact';
import { ConsoleLayout } from '../../shared/console-layout';
import { t } from '../../shared/i18n';
import { BASE } from '../config';

/** The sections, in the language shown (read at each render). */
const tabs = (): Array<[string, string]> => [
  ['balance', t('finance:tabs.balance')],
  ['settlements', t('finance:tabs.settlements')],
  ['payouts', t('finance:tabs.payouts')],
  ['bank', t('finance:tabs.bank')],
  ['reconciliation', t('finance:tabs.reconciliation')],
  ['charts', t('charts:tabs.charts')],
  ['topups', t('finance:tabs.topups')],
  ['consumers', t('finance:tabs.consumers')],
];

/** The console's frame: sign-out on the bar, and the tabs once signed in. */
export function Layout(props: { tab?: string; onSignOut?: () => void; children: JSX.Element }): JSX.Element {
  return (
    <ConsoleLayout
      base={BASE}
      sub={t('finance:layout.sub')}
      headerClass="finance-bar"
      tabs={tabs()}
      tab={props.tab}
      actions={
        props.onSignOut && (
          <button type="button" class="btn btn-small btn-ghost push-right" onClick={props.onSignOut}>
            {t('common:signOut')}
          </button>
        )
      }
    >
      {props.children}
    </ConsoleLayout>
  );
}
