import { Fragment, type JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, bearer, unwrap } from '../../shared/api/client';
import type { SchemaStaffConsumerViewDto } from '../../shared/api/schema';
import { formatTime } from '../../shared/dates';
import { t } from '../../shared/i18n';
import { formatMoney } from '../../shared/money';
import { Alert, ErrorBox, Field, useScreen } from '../../shared/ui';
import { useAction } from '../../shared/use-action';
import { appName } from '../config';
import { financeMessages } from '../messages';
import type { Ctx } from '../types';

type Looked = SchemaStaffConsumerViewDto;

/** What a refusal of the look-up means, in the language shown. */
const lookupMessages = (): Record<string, string> => ({
  ...financeMessages(),
  not_found: t('finance:lookup.messages.notFound'),
  consumer_not_found: t('finance:lookup.messages.notFound'),
  purpose_required: t('finance:lookup.messages.purposeRequired'),
  purpose_too_long: t('finance:lookup.messages.purposeTooLong'),
});
/** What a refusal of a freeze or unfreeze means, in the language shown. */
const freezeMessages = (): Record<string, string> => ({
  ...lookupMessages(),
  validation_failed: t('finance:freeze.messages.validationFailed'),
  purpose_required: t('finance:freeze.purposeRequired'),
  account_closed: t('finance:freeze.messages.accountClosed'),
});

/** What a freeze or unfreeze just did: said in words when shown. */
type Change = 'frozen' | 'unfrozen';

/**
 * Purpose-logged consumer look-up: every look-up is logged and shown to the consumer.
 * The consumer's standing (closed, frozen), and freezing or unfreezing the wallet.
 */
export function ConsumerLookup(ctx: Ctx): JSX.Element {
  useScreen(t('finance:lookup.title'), appName());
  const [id, setId] = useState('');
  const [purpose, setPurpose] = useState('');
  const [result, setResult] = useState<Looked | null>(null);
  const [done, setDone] = useState<Change | null>(null);
  const { error, run } = useAction();

  /** The consumer as it stands now, read with `why` (logged). */
  const lookUp = (consumerId: string, why: string) =>
    ctx.guard(
      unwrap(
        api.GET('/v1/finance/consumers/{id}', {
          headers: bearer(ctx.key),
          params: { path: { id: consumerId }, query: { purpose: why } },
        }),
      ),
    );

  return (
    <div>
      <h1>{t('finance:lookup.title')}</h1>
      <Alert kind="info">{t('finance:lookup.notice')}</Alert>
      <form
        class="card"
        onSubmit={(e) => {
          e.preventDefault();
          setResult(null);
          setDone(null);
          void run(async () => setResult(await lookUp(id.trim(), purpose.trim())));
        }}
      >
        <Field
          label={t('finance:fields.consumerWalletId')}
          value={id}
          onValue={setId}
          required
          spellcheck={false}
          name="lookup-id"
        />
        <Field
          label={t('finance:lookup.purpose')}
          hint={t('finance:lookup.purposeHint')}
          value={purpose}
          onValue={setPurpose}
          required
          minLength={5}
          maxLength={200}
          name="purpose"
        />
        <ErrorBox error={error} messages={lookupMessages()} />
        <button class="btn" type="submit" disabled={!id.trim() || purpose.trim().length < 3}>
          {t('finance:lookup.lookUp')}
        </button>
      </form>
      {done && (
        <Alert kind="ok" testid="standing-changed">
          {done === 'frozen' ? t('finance:freeze.frozen') : t('finance:freeze.unfrozen')}
        </Alert>
      )}
      {result && (
        <ConsumerCard
          result={result}
          ctx={ctx}
          onChanged={(what, reloaded) => {
            setResult(reloaded);
            setDone(what);
          }}
          lookUp={lookUp}
        />
      )}
    </div>
  );
}

/** What the look-up found: identity (none once closed), standing, balances, and the freeze. */
function ConsumerCard(props: {
  result: Looked;
  ctx: Ctx;
  lookUp: (id: string, why: string) => Promise<Looked>;
  onChanged: (what: Change, reloaded: Looked) => void;
}): JSX.Element {
  const c = props.result.consumer;
  const closed = Boolean(c.closedAt);
  return (
    <section
      class="card"
      data-testid="consumer"
      data-standing={closed ? 'closed' : c.frozenAt ? 'frozen' : 'active'}
      aria-labelledby="consumer-h"
    >
      <h2 id="consumer-h">
        {closed ? t('finance:lookup.closedAccount') : <span translate={false}>{c.name}</span>}{' '}
        {closed ? (
          <span class="badge" data-testid="closed-badge">
            {t('finance:lookup.closed')}
          </span>
        ) : c.frozenAt ? (
          <span class="badge badge-bad" data-testid="frozen-badge">
            {t('finance:lookup.frozen')}
          </span>
        ) : (
          <span class="badge badge-ok">{t('finance:lookup.active')}</span>
        )}
      </h2>
      {closed && (
        <p class="muted small" data-testid="closed-note">
          {t('finance:lookup.closedNote')}
        </p>
      )}
      <dl class="figures">
        {!closed && (
          <>
            <dt>{t('finance:lookup.phone')}</dt>
            <dd translate={false}>{c.phone}</dd>
          </>
        )}
        <dt>{t('finance:lookup.walletId')}</dt>
        <dd class="mono" translate={false}>
          {c.id}
        </dd>
        {c.createdAt && (
          <>
            <dt>{t('finance:lookup.since')}</dt>
            <dd>{formatTime(c.createdAt)}</dd>
          </>
        )}
        {c.closedAt && (
          <>
            <dt>{t('finance:lookup.closedAt')}</dt>
            <dd data-testid="closed-at">{formatTime(c.closedAt)}</dd>
          </>
        )}
        {c.frozenAt && (
          <>
            <dt>{t('finance:lookup.frozenSince')}</dt>
            <dd data-testid="frozen-at">{formatTime(c.frozenAt)}</dd>
            <dt>{t('finance:lookup.reason')}</dt>
            <dd data-testid="frozen-reason" translate={false}>
              {c.frozenReason}
            </dd>
          </>
        )}
        {props.result.wallets.map((w) => (
          <Fragment key={w.currency}>
            <dt>{t('finance:lookup.balance', { currency: w.currency })}</dt>
            <dd>{formatMoney(w.balance, w.currency)}</dd>
          </Fragment>
        ))}
      </dl>
      {!closed && (
        <FreezeControl
          key={`${c.id}-${c.frozenAt ?? 'active'}`}
          consumerId={c.id}
          frozen={Boolean(c.frozenAt)}
          ctx={props.ctx}
          lookUp={props.lookUp}
          onChanged={props.onChanged}
        />
      )}
    </section>
  );
}

/**
 * Freeze (a reason and a purpose) or unfreeze (a purpose) the wallet: a frozen
 * wallet receives money and nothing leaves it. Logged with the purpose, which
 * the consumer sees; the consumer is then read again with the same purpose.
 */
function FreezeControl(props: {
  consumerId: string;
  frozen: boolean;
  ctx: Ctx;
  lookUp: (id: string, why: string) => Promise<Looked>;
  onChanged: (what: Change, reloaded: Looked) => void;
}): JSX.Element {
  const { consumerId, frozen, ctx } = props;
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [purpose, setPurpose] = useState('');
  const { busy, error, setError, run } = useAction();
  const title = frozen ? t('finance:freeze.unfreezeTitle') : t('finance:freeze.freezeTitle');

  if (!open)
    return (
      <div class="actions freeze-actions">
        <button
          type="button"
          class={frozen ? 'btn' : 'btn btn-danger'}
          onClick={() => {
            setOpen(true);
            setError(null);
          }}
        >
          {frozen ? t('finance:freeze.unfreeze') : t('finance:freeze.freeze')}
        </button>
      </div>
    );

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    const why = purpose.trim();
    if (!frozen && !reason.trim()) return setError(new Error(t('finance:freeze.reasonRequired')));
    if (!why) return setError(new Error(t('finance:freeze.purposeRequired')));
    await run(async () => {
      const headers = bearer(ctx.key);
      const path = { id: consumerId };
      if (frozen)
        await ctx.guard(
          unwrap(
            api.POST('/v1/finance/consumers/{id}/unfreeze', { headers, params: { path }, body: { purpose: why } }),
          ),
        );
      else
        await ctx.guard(
          unwrap(
            api.POST('/v1/finance/consumers/{id}/freeze', {
              headers,
              params: { path },
              body: { reason: reason.trim(), purpose: why },
            }),
          ),
        );
      props.onChanged(frozen ? 'unfrozen' : 'frozen', await props.lookUp(consumerId, why));
    });
  };

  return (
    <form class="freeze-form" onSubmit={submit} noValidate aria-label={title}>
      <h3>{title}</h3>
      <p class="muted small">
        {frozen ? t('finance:freeze.unfreezeExplained') : t('finance:freeze.freezeExplained')}{' '}
        {t('finance:freeze.purposeLogged')}
      </p>
      {!frozen && (
        <Field
          label={t('finance:freeze.reason')}
          hint={t('finance:freeze.reasonHint')}
          value={reason}
          onValue={setReason}
          required
          maxLength={500}
          name="freeze-reason"
        />
      )}
      <Field
        label={frozen ? t('finance:freeze.unfreezePurpose') : t('finance:freeze.freezePurpose')}
        hint={t('finance:freeze.purposeHint')}
        value={purpose}
        onValue={setPurpose}
        required
        maxLength={500}
        name="freeze-purpose"
      />
      <ErrorBox error={error} messages={freezeMessages()} />
      <div class="actions">
        <button type="submit" class={frozen ? 'btn' : 'btn btn-danger'} disabled={busy}>
          {busy ? t('finance:freeze.wait') : title}
        </button>
        <button type="button" class="btn btn-ghost" onClick={() => setOpen(false)} disabled={busy}>
          {t('finance:freeze.cancel')}
        </button>
      </div>
    </form>
  );
}
