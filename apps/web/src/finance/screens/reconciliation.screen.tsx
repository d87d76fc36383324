import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, bearer, unwrap } from '../../shared/api/client';
import { todayUtc } from '../../shared/dates';
import { formatMoney } from '../../shared/money';
import { Alert, ErrorBox, Field, Select, Spinner, useLoad, useScreen } from '../../shared/ui';
import { ObjTable } from '../components/obj-table';
import { YesNo } from '../components/yes-no';
import { APP, CURRENCIES } from '../config';
import { MESSAGES } from '../messages';
import type { Ctx } from '../types';

/** The reconciliation of a day: the ledger, the payments and the bank against each other. */
export function Reconciliation(ctx: Ctx): JSX.Element {
  useScreen('Reconciliation', APP);
  const [date, setDate] = useState(todayUtc);
  const [currency, setCurrency] = useState('CNY');
  const rec = useLoad(
    () =>
      date
        ? ctx.guard(
            unwrap(
              api.GET('/v1/finance/reconciliation', {
                headers: bearer(ctx.key),
                params: { query: { date, currency } },
              }),
            ),
          )
        : Promise.resolve(undefined),
    [date, currency],
  );
  const r = rec.data;
  const cur = r?.currency ?? currency;
  const diffZero = r ? /^-?0(\.0+)?$/.test(r.difference) : true;
  return (
    <div>
      <h1>Reconciliation</h1>
      <div class="row">
        <Field label="Day (UTC)" type="date" value={date} onValue={setDate} />
        <Select label="Currency" value={currency} onValue={setCurrency} options={CURRENCIES} />
      </div>
      {rec.loading && <Spinner />}
      <ErrorBox error={rec.error} messages={MESSAGES} />
      {r && (
        <>
          <section class={`card recon-summary ${r.reconciled ? '' : 'is-bad'}`} data-testid="reconciliation">
            <h2>
              {r.date}: {r.reconciled ? 'reconciled' : 'needs attention'}
            </h2>
            <ul class="checks">
              <li>
                Ledger balanced <YesNo ok={r.ledgerBalanced} />
              </li>
              <li>
                Payments match the ledger <YesNo ok={r.paymentsMatchLedger} />
              </li>
              <li>
                Bank lines matched that day <strong>{r.bankMatched}</strong>, unmatched{' '}
                <strong class={r.bankUnmatchedCount ? 'danger-text' : ''}>{r.bankUnmatchedCount}</strong>
              </li>
            </ul>
            <dl class="figures">
              <dt>Customer funds</dt>
              <dd>{formatMoney(r.customerFunds, cur)}</dd>
              {r.inTransit !== undefined && (
                <>
                  <dt>In transit</dt>
                  <dd>{formatMoney(r.inTransit, cur)}</dd>
                </>
              )}
              {r.expectedBankBalance !== undefined && (
                <>
                  <dt>Expected bank balance</dt>
                  <dd>{formatMoney(r.expectedBankBalance, cur)}</dd>
                </>
              )}
              <dt>Bank balance</dt>
              <dd>{formatMoney(r.bankBalance, cur)}</dd>
              <dt>Difference</dt>
              <dd class={diffZero ? '' : 'danger-text'}>
                <strong>{formatMoney(r.difference, cur)}</strong>
              </dd>
            </dl>
            {r.problems && r.problems.length > 0 && (
              <Alert kind="error">
                <ul class="plain">
                  {r.problems.map((p, i) => (
                    <li key={i}>{p}</li>
                  ))}
                </ul>
              </Alert>
            )}
          </section>
          {r.mismatches.length > 0 && (
            <section class="card">
              <ObjTable rows={r.mismatches} caption={`Mismatches (${r.mismatches.length})`} bad testid="mismatches" />
            </section>
          )}
          {r.bankUnmatched.length > 0 && (
            <section class="card">
              <ObjTable rows={r.bankUnmatched} caption={`Unmatched bank lines (${r.bankUnmatched.length})`} bad />
            </section>
          )}
          {r.payoutsAwaitingBank && r.payoutsAwaitingBank.length > 0 && (
            <section class="card">
              <ObjTable
                rows={r.payoutsAwaitingBank}
                caption={`Payouts awaiting the bank (${r.payoutsAwaitingBank.length})`}
              />
            </section>
          )}
        </>
      )}
    </div>
  );
}
