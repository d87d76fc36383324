import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, bearer, unwrap } from '../../shared/api/client';
import { MoneyCell, TableHead, num } from '../../shared/table';
import { ErrorBox, Select, Spinner, useLoad, useScreen } from '../../shared/ui';
import { YesNo } from '../components/yes-no';
import { APP, CURRENCIES } from '../config';
import { MESSAGES } from '../messages';
import type { Ctx } from '../types';

/** The trial balance of one currency: every account's debits, credits and balance. */
export function TrialBalance(ctx: Ctx): JSX.Element {
  useScreen('Trial balance', APP);
  const [currency, setCurrency] = useState('CNY');
  const tb = useLoad(
    () =>
      ctx.guard(
        unwrap(api.GET('/v1/finance/trial-balance', { headers: bearer(ctx.key), params: { query: { currency } } })),
      ),
    [currency],
  );
  const t = tb.data;
  return (
    <div>
      <h1>Trial balance</h1>
      <div class="row">
        <Select label="Currency" value={currency} onValue={setCurrency} options={CURRENCIES} />
      </div>
      {tb.loading && <Spinner />}
      <ErrorBox error={tb.error} messages={MESSAGES} />
      {t && (
        <div class="card table-wrap">
          <p>
            Ledger balanced: <YesNo ok={t.balanced} yes="debits = credits" no="debits ≠ credits" />
          </p>
          <table data-testid="trial-balance" class="stack-sm">
            <TableHead cols={['Account', 'Type', num('Debits'), num('Credits'), num('Balance')]} />
            <tbody>
              {t.accounts.map((a) => (
                <tr key={a.id}>
                  <td class="full">
                    <strong>{a.name}</strong>
                    {a.code && <div class="muted small mono">{a.code}</div>}
                  </td>
                  <td data-label="Type">{a.type}</td>
                  <MoneyCell label="Debits" amount={a.debits} currency={t.currency} />
                  <MoneyCell label="Credits" amount={a.credits} currency={t.currency} />
                  <MoneyCell label="Balance" amount={a.balance} currency={t.currency} />
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={2}>
                  Total
                </th>
                <MoneyCell label="Total debits" amount={t.totalDebits} currency={t.currency} strong />
                <MoneyCell label="Total credits" amount={t.totalCredits} currency={t.currency} strong />
                <td class="empty" />
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </div>
  );
}
