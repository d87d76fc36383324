import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../shared/api';
import { EMPTY_JSON_BODY, api, bearer, unwrap } from '../../shared/api/client';
import { formatTime } from '../../shared/dates';
import { currentLanguage, t } from '../../shared/i18n';
import { RowButton } from '../../shared/row-button';
import { StatusBadge } from '../../shared/status-badge';
import { DataTable, num } from '../../shared/table';
import { Alert, Copy, ErrorBox, Field, Spinner, useLoad, useScreen } from '../../shared/ui';
import { useAction } from '../../shared/use-action';
import { DataText } from '../components/data-text';
import { appName } from '../config';
import { merchantMessages } from '../messages';
import type { Ctx } from '../types';

const code = (s: string): JSX.Element => <code translate={false}>{s}</code>;

/** What a refused test delivery means to the merchant, in the language shown. */
function testRefusal(e: unknown): string {
  const messages: Record<string, string> = {
    ...merchantMessages(),
    webhook_url_missing: t('merchant:webhooks.test.noUrl'),
    rate_limited: t('merchant:webhooks.test.rateLimited'),
  };
  if (!(e instanceof ApiError)) return messages.network_error ?? String((e as Error)?.message ?? e);
  return (
    messages[e.code] ?? (currentLanguage() === 'en' ? e.detail || e.code : t('common:errors.other', { code: e.code }))
  );
}

/** Webhooks: the URL events are sent to, its secret, a test delivery, and the log of their deliveries. */
export function Webhooks(ctx: Ctx): JSX.Element {
  useScreen(t('merchant:webhooks.title'), appName());
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
  // a test delivery: the event id it was sent as, or the refusal; the log is read again as it goes out
  const [tested, setTested] = useState<{ ok: true; eventId: string } | { ok: false; error: unknown } | null>(null);
  const testing = useAction();
  const later = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (later.current) clearTimeout(later.current);
    },
    [],
  );
  const sendTest = () =>
    testing.run(async () => {
      setTested(null);
      try {
        const r = await ctx.guard(
          unwrap(api.POST('/v1/merchant/webhook-test', { headers: bearer(ctx.key), body: EMPTY_JSON_BODY })),
        );
        setTested({ ok: true, eventId: r.eventId });
        log.reload();
        // delivered within a few seconds: show how it went without a click on Refresh
        if (later.current) clearTimeout(later.current);
        later.current = setTimeout(log.reload, 3000);
      } catch (e) {
        setTested({ ok: false, error: e });
      }
    });
  return (
    <div>
      <h1>{t('merchant:webhooks.title')}</h1>
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
            setOk(t('merchant:webhooks.saved'));
          });
        }}
      >
        <p class="muted small">
          <DataText
            text={(m) => t('merchant:webhooks.about', m)}
            values={{
              paid: code('payment.succeeded'),
              refunded: code('refund.succeeded'),
              expired: code('order.expired'),
              cancelled: code('order.cancelled'),
              v1: code('v1'),
              v1a: code('v1a'),
            }}
          />
        </p>
        <div class="row">
          <Field
            label={t('merchant:webhooks.url')}
            type="url"
            value={url}
            onValue={setUrl}
            placeholder="https://shop.example/saoma"
            // a URL (the example's too): data, not for translating
            translate={false}
            inputMode="url"
            name="webhook-url"
          />
          <RowButton>{t('merchant:webhooks.save')}</RowButton>
        </div>
        <ErrorBox error={error} messages={merchantMessages()} />
        {ok && <Alert kind="ok">{ok}</Alert>}
      </form>
      <section class="card" aria-labelledby="secret-h">
        <h2 id="secret-h">{t('merchant:webhooks.secretHeading')}</h2>
        {secret ? (
          <Alert kind="info" testid="webhook-secret">
            <p>{t('merchant:webhooks.copyNow')}</p>
            <p class="mono" translate={false}>
              {secret}
            </p>
            <Copy text={secret} label={t('merchant:webhooks.copySecret')} />
          </Alert>
        ) : (
          <p class="muted small">{t('merchant:webhooks.secretAbout')}</p>
        )}
        <ErrorBox error={rotation.error} messages={merchantMessages()} />
        <button type="button" class="btn btn-ghost" disabled={rotation.busy} onClick={() => void rotate()}>
          {t('merchant:webhooks.newSecret')}
        </button>
      </section>
      <section class="card" aria-labelledby="test-h">
        <h2 id="test-h">{t('merchant:webhooks.test.heading')}</h2>
        <p class="muted small">
          <DataText text={(m) => t('merchant:webhooks.test.about', m)} values={{ type: code('webhook.test') }} />
        </p>
        <button type="button" class="btn btn-ghost" disabled={testing.busy} onClick={() => void sendTest()}>
          {t('merchant:webhooks.test.send')}
        </button>
        {/* always in the page, so that screen readers announce what comes into it */}
        <div role="status" aria-live="polite" data-testid="webhook-test-result">
          {tested?.ok === true && (
            <p class="alert alert-ok">
              <DataText text={(m) => t('merchant:webhooks.test.sent', m)} values={{ id: tested.eventId }} />
            </p>
          )}
          {tested?.ok === false && (
            <p class="alert alert-error" data-code={tested.error instanceof ApiError ? tested.error.code : undefined}>
              {testRefusal(tested.error)}
            </p>
          )}
        </div>
      </section>
      <section class="card" aria-labelledby="log-h">
        <div class="row">
          <h2 id="log-h">{t('merchant:webhooks.logHeading')}</h2>
          <button type="button" class="btn btn-small btn-ghost" onClick={log.reload}>
            {t('merchant:webhooks.refresh')}
          </button>
        </div>
        {log.loading && <Spinner />}
        <ErrorBox error={log.error} messages={merchantMessages()} />
        {log.data && log.data.data.length === 0 && <p class="muted">{t('merchant:webhooks.none')}</p>}
        {log.data && log.data.data.length > 0 && (
          <DataTable
            testid="deliveries"
            cols={[
              t('merchant:webhooks.cols.event'),
              t('merchant:webhooks.cols.type'),
              t('merchant:webhooks.cols.status'),
              num(t('merchant:webhooks.cols.attempts')),
              t('merchant:webhooks.cols.lastAnswer'),
              t('merchant:webhooks.cols.delivered'),
            ]}
            rows={log.data.data}
            row={(d) => (
              <tr key={d.eventId} class={d.status === 'failed' ? 'bad' : ''}>
                <td class="mono small" translate={false}>
                  {d.eventId}
                </td>
                <td translate={false}>{d.type}</td>
                <td>
                  <StatusBadge status={d.status} ok="delivered" bad="failed">
                    {t(`merchant:webhooks.status.${d.status}`)}
                  </StatusBadge>
                </td>
                <td class="num">{d.attempts}</td>
                <td>
                  {d.lastStatus === null ? (
                    '—'
                  ) : d.lastStatus === 0 ? (
                    t('merchant:webhooks.noAnswer')
                  ) : (
                    <span translate={false}>{t('merchant:webhooks.http', { status: d.lastStatus })}</span>
                  )}
                  {d.lastError && (
                    <span class="muted small" translate={false}>
                      {' '}
                      · {d.lastError}
                    </span>
                  )}
                </td>
                <td>
                  {d.deliveredAt
                    ? formatTime(d.deliveredAt)
                    : d.nextAttemptAt
                      ? t('merchant:webhooks.next', { time: formatTime(d.nextAttemptAt) })
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
