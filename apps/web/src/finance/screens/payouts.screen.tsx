import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { newKey } from '../../shared/api';
import { api, bearer, unwrap } from '../../shared/api/client';
import { formatDay, todayUtc } from '../../shared/dates';
import { t } from '../../shared/i18n';
import { RowButton } from '../../shared/row-button';
import { Alert, ErrorBox, Field, Select, Spinner, useLoad, useScreen } from '../../shared/ui';
import { useAction } from '../../shared/use-action';
import { PayoutTable } from '../components/payout-table';
import { appName } from '../config';
import { financeMessages } from '../messages';
import type { Ctx, Payout } from '../types';

/** A status the list can be filtered by (the filter's '' is any status: no filter sent). */
const isStatus = (s: string): s is Payout['status'] => s === 'pending' || s === 'paid' || s === 'returned';

/** Payouts: run a business day's payouts, and the list of all of them. */
export function Payouts(ctx: Ctx): JSX.Element {
  useScreen(t('finance:payouts.title'), appName());
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
      <h1>{t('finance:payouts.title')}</h1>
      <form
        class="card"
        onSubmit={(e) => {
          e.preventDefault();
          if (!window.confirm(t('finance:payouts.confirm', { date: formatDay(date) }))) return;
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
        <h2>{t('finance:payouts.runHeading')}</h2>
        <p class="muted small">{t('finance:payouts.runIntro')}</p>
        <div class="row">
          <Field label={t('finance:payouts.businessDay')} type="date" value={date} onValue={setDate} required />
          <RowButton disabled={action.busy || !date}>
            {action.busy ? t('finance:payouts.running') : t('finance:payouts.run')}
          </RowButton>
        </div>
        <ErrorBox error={action.error} messages={financeMessages()} />
        {run && (
          <Alert kind="ok">
            {run.length === 1 ? t('finance:payouts.createdOne') : t('finance:payouts.createdMany', { n: run.length })}
          </Alert>
        )}
        {run && run.length > 0 && <PayoutTable rows={run} testid="payout-run" />}
      </form>
      <section class="card">
        <h2>{t('finance:payouts.allHeading')}</h2>
        <div class="row">
          <Select
            label={t('finance:payouts.status')}
            value={status}
            onValue={setStatus}
            options={[
              ['', t('finance:payouts.anyStatus')],
              ['pending', t('finance:payoutStatus.pending')],
              ['paid', t('finance:payoutStatus.paid')],
              ['returned', t('finance:payoutStatus.returned')],
            ]}
          />
        </div>
        {list.loading && <Spinner />}
        <ErrorBox error={list.error} messages={financeMessages()} />
        {list.data && list.data.data.length === 0 && <p class="muted">{t('finance:payouts.none')}</p>}
        {list.data && list.data.data.length > 0 && <PayoutTable rows={list.data.data} />}
      </section>
    </div>
  );
}
