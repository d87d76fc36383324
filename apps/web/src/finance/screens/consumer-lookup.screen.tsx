import { Fragment, type JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, bearer, unwrap } from '../../shared/api/client';
import type { SchemaStaffConsumerViewDto } from '../../shared/api/schema';
import { formatTime } from '../../shared/dates';
import { formatMoney } from '../../shared/money';
import { Alert, ErrorBox, Field, useScreen } from '../../shared/ui';
import { useAction } from '../../shared/use-action';
import { APP } from '../config';
import { MESSAGES } from '../messages';
import type { Ctx } from '../types';

type Looked = SchemaStaffConsumerViewDto;

const LOOKUP_MESSAGES = {
  ...MESSAGES,
  not_found: 'No consumer with this ID.',
  consumer_not_found: 'No consumer with this ID.',
  purpose_required: 'State the purpose of this look-up.',
  purpose_too_long: 'The purpose is at most 500 characters.',
};
const FREEZE_MESSAGES = {
  ...LOOKUP_MESSAGES,
  validation_failed: 'Give the reason (at most 500 characters) and the purpose.',
  purpose_required: 'State the purpose: it is logged, and the consumer sees it.',
  account_closed: 'This account is closed: it cannot be frozen or unfrozen.',
};

/**
 * Purpose-logged consumer look-up: every look-up is logged and shown to the consumer.
 * The consumer's standing (closed, frozen), and freezing or unfreezing the wallet.
 */
export function ConsumerLookup(ctx: Ctx): JSX.Element {
  useScreen('Consumer look-up', APP);
  const [id, setId] = useState('');
  const [purpose, setPurpose] = useState('');
  const [result, setResult] = useState<Looked | null>(null);
  const [done, setDone] = useState<string | null>(null);
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
      <h1>Consumer look-up</h1>
      <Alert kind="info">
        Every look-up is logged with its purpose, and the consumer sees it in their wallet. Look up a person only when a
        task needs it.
      </Alert>
      <form
        class="card"
        onSubmit={(e) => {
          e.preventDefault();
          setResult(null);
          setDone(null);
          void run(async () => setResult(await lookUp(id.trim(), purpose.trim())));
        }}
      >
        <Field label="Consumer wallet ID" value={id} onValue={setId} required spellcheck={false} name="lookup-id" />
        <Field
          label="Purpose"
          hint="Why you need it, e.g. support ticket 1234: disputed payment"
          value={purpose}
          onValue={setPurpose}
          required
          minLength={5}
          maxLength={200}
          name="purpose"
        />
        <ErrorBox error={error} messages={LOOKUP_MESSAGES} />
        <button class="btn" type="submit" disabled={!id.trim() || purpose.trim().length < 3}>
          Look up
        </button>
      </form>
      {done && (
        <Alert kind="ok" testid="standing-changed">
          {done}
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
  onChanged: (what: string, reloaded: Looked) => void;
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
        {closed ? 'Closed account' : c.name}{' '}
        {closed ? (
          <span class="badge" data-testid="closed-badge">
            Closed
          </span>
        ) : c.frozenAt ? (
          <span class="badge badge-bad" data-testid="frozen-badge">
            Frozen
          </span>
        ) : (
          <span class="badge badge-ok">Active</span>
        )}
      </h2>
      {closed && (
        <p class="muted small" data-testid="closed-note">
          The consumer closed this account: name, phone and PIN are erased. Its payments, receipts and ledger entries
          are kept under the wallet ID alone.
        </p>
      )}
      <dl class="figures">
        {!closed && (
          <>
            <dt>Phone</dt>
            <dd>{c.phone}</dd>
          </>
        )}
        <dt>Wallet ID</dt>
        <dd class="mono">{c.id}</dd>
        {c.createdAt && (
          <>
            <dt>Since</dt>
            <dd>{formatTime(c.createdAt)}</dd>
          </>
        )}
        {c.closedAt && (
          <>
            <dt>Closed</dt>
            <dd data-testid="closed-at">{formatTime(c.closedAt)}</dd>
          </>
        )}
        {c.frozenAt && (
          <>
            <dt>Frozen since</dt>
            <dd data-testid="frozen-at">{formatTime(c.frozenAt)}</dd>
            <dt>Reason</dt>
            <dd data-testid="frozen-reason">{c.frozenReason}</dd>
          </>
        )}
        {props.result.wallets.map((w) => (
          <Fragment key={w.currency}>
            <dt>Balance {w.currency}</dt>
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
  onChanged: (what: string, reloaded: Looked) => void;
}): JSX.Element {
  const { consumerId, frozen, ctx } = props;
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [purpose, setPurpose] = useState('');
  const { busy, error, setError, run } = useAction();
  const verb = frozen ? 'Unfreeze' : 'Freeze';

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
          {verb}
        </button>
      </div>
    );

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    const why = purpose.trim();
    if (!frozen && !reason.trim()) return setError(new Error('Give the reason for the freeze.'));
    if (!why) return setError(new Error('State the purpose: it is logged, and the consumer sees it.'));
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
      props.onChanged(
        frozen
          ? 'The wallet is unfrozen: money can leave it again.'
          : 'The wallet is frozen: it receives money, and none can leave it.',
        await props.lookUp(consumerId, why),
      );
    });
  };

  return (
    <form class="freeze-form" onSubmit={submit} noValidate aria-label={`${verb} the wallet`}>
      <h3>{frozen ? 'Unfreeze the wallet' : 'Freeze the wallet'}</h3>
      <p class="muted small">
        {frozen
          ? 'Money can leave the wallet again once it is unfrozen.'
          : 'A frozen wallet still receives money, and the consumer still signs in and reads; no payment, transfer or withdrawal leaves it.'}{' '}
        The purpose is logged and shown to the consumer.
      </p>
      {!frozen && (
        <Field
          label="Freeze reason"
          hint="e.g. court order 2026/1187"
          value={reason}
          onValue={setReason}
          required
          maxLength={500}
          name="freeze-reason"
        />
      )}
      <Field
        label={frozen ? 'Unfreeze purpose' : 'Freeze purpose'}
        hint="e.g. ticket 4711: freeze ordered by the court"
        value={purpose}
        onValue={setPurpose}
        required
        maxLength={500}
        name="freeze-purpose"
      />
      <ErrorBox error={error} messages={FREEZE_MESSAGES} />
      <div class="actions">
        <button type="submit" class={frozen ? 'btn' : 'btn btn-danger'} disabled={busy}>
          {busy ? 'Please wait…' : frozen ? 'Unfreeze the wallet' : 'Freeze the wallet'}
        </button>
        <button type="button" class="btn btn-ghost" onClick={() => setOpen(false)} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
