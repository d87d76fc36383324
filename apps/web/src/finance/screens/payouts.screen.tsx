import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { newKey } from '../../shared/api';
import { api, bearer, unwrap } from '../../shared/api/client';
import { todayUtc } from '../../shared/dates';
import { RowButton } from '../../shared/row-button';
import { Alert, ErrorBox, Field, Select, Spinner, useLoad, useScreen } from '../../shared/ui';
import { useAction } from '../../shared/use-action';
import { PayoutTable } from '../components/payout-table';
import { APP } from '../config';
import { MESSAGES } from '../messages';
import type { Ctx, Payout } from '../types';

/** A status the list can be filtered by (the filter's '' is any status: no filter sent). */
const isStatus = (s: string): s is Payout['status'] => s === 'pending' || s === 'paid' || s === 'returned';

/** Payouts: run a business day's payouts, and the list of all of them. */
export function Payouts(ctx: Ctx): JSX.Element {
  useScreen('Payouts', APP);
  const [date, setDate] = useState(todayUtc);
  const [status, setStatus] = useState('');
  const [run, setRun] = useState<Payout[] | null>(null);
  const action = useAction();
  const list = useLoad(
    () =>
      ctx.guard(
        unwrap(
          api.GET('/v1/finance/payouts', {
            headers: bearer(ctx.key),
            params: { query: { status: isStatus(status) ? status : undefined, limit: 100 } },
          }),
        ),
      ),
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
                  unwrap(
                    api.POST('/v1/finance/payouts', {
                      // the contract does not list it, but the run is sent with an Idempotency-Key as it always was
                      headers: { ...bearer(ctx.key), 'idempotency-key': newKey() },
                      body: { date },
                    }),
                  ),
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
