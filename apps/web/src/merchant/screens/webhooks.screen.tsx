import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { EMPTY_JSON_BODY, api, bearer, unwrap } from '../../shared/api/client';
import { formatTime } from '../../shared/dates';
import { RowButton } from '../../shared/row-button';
import { StatusBadge } from '../../shared/status-badge';
import { DataTable, num } from '../../shared/table';
import { Alert, Copy, ErrorBox, Field, Spinner, useLoad, useScreen } from '../../shared/ui';
import { useAction } from '../../shared/use-action';
import { APP } from '../config';
import { MESSAGES } from '../messages';
import type { Ctx } from '../types';

/** Webhooks: the URL events are sent to, and the log of their deliveries. */
export function Webhooks(ctx: Ctx): JSX.Element {
  useScreen('Webhooks', APP);
  const [url, setUrl] = useState(ctx.merchant.webhookUrl ?? '');
  const { error, run } = useAction();
  const [ok, setOk] = useState<string | null>(null);
  // a webhook secret is shown once, right after it is made
  const [secret, setSecret] = useState<string | null>(null);
  const rotation = useAction();
  const rotate = () =>
    rotation.run(async () => {
      const r = await ctx.guard(
        unwrap(api.POST('/v1/merchant/webhook-secret', { headers: bearer(ctx.key), body: EMPTY_JSON_BODY })),
      );
      setSecret(r.webhookSecret);
    });
  const log = useLoad(
    () =>
      ctx.guard(
        unwrap(
          api.GET('/v1/merchant/webhook-deliveries', { headers: bearer(ctx.key), params: { query: { limit: 50 } } }),
        ),
      ),
    [],
  );
  return (
    <div>
      <h1>Webhooks</h1>
      <form
        class="card"
        onSubmit={(e) => {
          e.preventDefault();
          setOk(null);
          void run(async () => {
            const { webhookSecret, ...m } = await ctx.guard(
              unwrap(api.PATCH('/v1/merchant', { headers: bearer(ctx.key), body: { webhookUrl: url.trim() } })),
            );
            ctx.setMerchant(m);
            if (webhookSecret) setSecret(webhookSecret);
            setOk('Webhook URL saved.');
          });
        }}
      >
        <p class="muted small">
          Saoma POSTs payment.succeeded, refund.succeeded, order.expired and order.cancelled to this URL, signed per
          Standard Webhooks: <code>v1</code> under your webhook secret (any Standard Webhooks library verifies it) and{' '}
          <code>v1a</code> with a key published in the JWKS.
        </p>
        <div class="row">
          <Field
            label="Webhook URL"
            type="url"
            value={url}
            onValue={setUrl}
            placeholder="https://shop.example/saoma"
            inputMode="url"
            name="webhook-url"
          />
          <RowButton>Save</RowButton>
        </div>
        <ErrorBox error={error} messages={MESSAGES} />
        {ok && <Alert kind="ok">{ok}</Alert>}
      </form>
      <section class="card" aria-labelledby="secret-h">
        <h2 id="secret-h">Webhook secret</h2>
        {secret ? (
          <Alert kind="info" testid="webhook-secret">
            <p>Copy it now: it will not be shown again.</p>
            <p class="mono">{secret}</p>
            <Copy text={secret} label="Copy the secret" />
          </Alert>
        ) : (
          <p class="muted small">
            Your first secret is shown once when you save a URL. A new secret replaces it; the old one keeps signing
            beside it for 24 hours, so your receiver can switch over.
          </p>
        )}
        <ErrorBox error={rotation.error} messages={MESSAGES} />
        <button type="button" class="btn btn-ghost" disabled={rotation.busy} onClick={() => void rotate()}>
          Make a new secret
        </button>
      </section>
      <section class="card" aria-labelledby="log-h">
        <div class="row">
          <h2 id="log-h">Delivery log</h2>
          <button type="button" class="btn btn-small btn-ghost" onClick={log.reload}>
            Refresh
          </button>
        </div>
        {log.loading && <Spinner />}
        <ErrorBox error={log.error} messages={MESSAGES} />
        {log.data && log.data.data.length === 0 && <p class="muted">No events yet.</p>}
        {log.data && log.data.data.length > 0 && (
          <DataTable
            testid="deliveries"
            cols={['Event', 'Type', 'Status', num('Attempts'), 'Last answer', 'Delivered / next attempt']}
            rows={log.data.data}
            row={(d) => (
              <tr key={d.eventId} class={d.status === 'failed' ? 'bad' : ''}>
                <td class="mono small">{d.eventId}</td>
                <td>{d.type}</td>
                <td>
                  <StatusBadge status={d.status} ok="delivered" bad="failed">
                    {d.status ?? (d.deliveredAt ? 'delivered' : 'pending')}
                  </StatusBadge>
                </td>
                <td class="num">{d.attempts}</td>
                <td>
                  {d.lastStatus === null ? '—' : d.lastStatus === 0 ? 'no answer' : `HTTP ${d.lastStatus}`}
                  {d.lastError && <span class="muted small"> · {d.lastError}</span>}
                </td>
                <td>
                  {d.deliveredAt
                    ? formatTime(d.deliveredAt)
                    : d.nextAttemptAt
                      ? `next ${formatTime(d.nextAttemptAt)}`
                      : '—'}
                </td>
              </tr>
            )}
          />
        )}
      </section>
    </div>
  );
}
