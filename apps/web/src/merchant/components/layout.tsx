import type { JSX } from 'preact';
import { ConsoleLayout } from '../../shared/console-layout';
import { BASE } from '../config';
import type { Merchant } from '../types';

const TABS: Array<[string, string]> = [
  ['till', 'Till'],
  ['charge', 'Scan the customer'],
  ['codes', 'QR codes'],
  ['bills', 'Bills'],
  ['payments', 'Payments'],
  ['statement', 'Statement'],
  ['webhooks', 'Webhooks'],
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
      sub="Merchant"
      tabs={TABS}
      tab={props.tab}
      actions={
        props.merchant && (
          <>
            <span class="who" data-testid="merchant-name">
              {props.merchant.name} · {props.merchant.city}
            </span>
            <button type="button" class="btn btn-small btn-ghost" onClick={props.onSignOut}>
              Sign out
            </button>
          </>
        )
      }
    >
      {props.children}
    </ConsoleLayout>
  );
}
