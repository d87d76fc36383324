import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, newKey, type Page } from '../../shared/api';
import { todayUtc } from '../../shared/dates';
import { RowButton } from '../../shared/row-button';
import { Alert, ErrorBox, Field, Select, Spinner, useLoad, useScreen } from '../../shared/ui';
import { useAction } from '../../shared/use-action';
import { PayoutTable } from '../components/payout-table';
import { APP } from '../config';
import { MESSAGES } from '../messages';
import type { Ctx, Payout } from '../types';

/** Payouts: run a business day's payouts, and the list of all of them. */
export function Payouts(ctx: Ctx): JSX.Element {
  useScreen('Payouts', APP);
  const [date, setDate] = useState(todayUtc);
  const [status, setStatus] = useState('');
  const [run, setRun] = useState<Payout[] | null>(null);
  const action = useAction();
  const list = useLoad(
    () => ctx.guard(api<Page<Payout>>('/v1/finance/payouts', { token: ctx.key, query: { status, limit: 100 } })),
    [status, run],
  );
  return (
    <div>
      <h1>Payouts</h1>
      <form
        class="card"
        onSubmit={(e) => {
          e.preventDefault();
          if (!window.confirm(`Pay every merchant's balance out to its bank for ${date}?`)) return;
          void action.run(async () =>
            setRun(
              (
                await ctx.guard(
                  api<{ data: Payout[] }>('/v1/finance/payouts', {
                    token: ctx.key,
                    body: { date },
                    idempotencyKey: newKey(),
                  }),
                )
              ).data,
            ),
          );
        }}
      >
        <h2>Run the payouts</h2>
        <p class="muted small">
          Pays each merchant's balance (and pending withdrawals) out to the bank; each payout stays pending until a bank
          statement confirms it.
        </p>
        <div class="row">
          <Field label="Business day (UTC)" type="date" value={date} onValue={setDate} required />
          <RowButton disabled={action.busy || !date}>{action.busy ? 'Running…' : 'Run payouts'}</RowButton>
        </div>
        <ErrorBox error={action.error} messages={MESSAGES} />
        {run && (
          <Alert kind="ok">
            {run.length} payout{run.length === 1 ? '' : 's'} created.
          </Alert>
        )}
        {run && run.length > 0 && <PayoutTable rows={run} testid="payout-run" />}
      </form>
      <section class="card">
        <h2>All payouts</h2>
        <div class="row">
          <Select
            label="Status"
            value={status}
            onValue={setStatus}
            options={[
              ['', 'any'],
              ['pending', 'pending'],
              ['paid', 'paid'],
              ['returned', 'returned'],
            ]}
          />
        </div>
        {list.loading && <Spinner />}
        <ErrorBox error={list.error} messages={MESSAGES} />
        {list.data && list.data.data.length === 0 && <p class="muted">None.</p>}
        {list.data && list.data.data.length > 0 && <PayoutTable rows={list.data.data} />}
      </section>
    </div>
  );
}
