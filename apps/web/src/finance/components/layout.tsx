import type { JSX } from 'preact';
import { ConsoleLayout } from '../../shared/console-layout';
import { BASE } from '../config';

const TABS: Array<[string, string]> = [
  ['balance', 'Trial balance'],
  ['settlements', 'Settlements'],
  ['payouts', 'Payouts'],
  ['bank', 'Bank statements'],
  ['reconciliation', 'Reconciliation'],
  ['topups', 'Top-ups'],
  ['consumers', 'Consumer look-up'],
];

/** The console's frame: sign-out on the bar, and the tabs once signed in. */
export function Layout(props: { tab?: string; onSignOut?: () => void; children: JSX.Element }): JSX.Element {
  return (
    <ConsoleLayout
      base={BASE}
      sub="Finance"
      headerClass="finance-bar"
      tabs={TABS}
      tab={props.tab}
      actions={
        props.onSignOut && (
          <button type="button" class="btn btn-small btn-ghost push-right" onClick={props.onSignOut}>
            Sign out
          </button>
        )
      }
    >
      {props.children}
    </ConsoleLayout>
  );
}
