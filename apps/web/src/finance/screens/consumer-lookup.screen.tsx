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

/** Purpose-logged consumer look-up: every look-up is logged and shown to the consumer. */
export function ConsumerLookup(ctx: Ctx): JSX.Element {
  useScreen('Consumer look-up', APP);
  const [id, setId] = useState('');
  const [purpose, setPurpose] = useState('');
  const [result, setResult] = useState<SchemaStaffConsumerViewDto | null>(null);
  const { error, run } = useAction();
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
          void run(async () =>
            setResult(
              await ctx.guard(
                unwrap(
                  api.GET('/v1/finance/consumers/{id}', {
                    headers: bearer(ctx.key),
                    params: { path: { id: id.trim() }, query: { purpose: purpose.trim() } },
                  }),
                ),
              ),
            ),
          );
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
        <ErrorBox error={error} messages={{ ...MESSAGES, not_found: 'No consumer with this ID.' }} />
        <button class="btn" type="submit" disabled={!id.trim() || purpose.trim().length < 3}>
          Look up
        </button>
      </form>
      {result && (
        <section class="card" data-testid="consumer">
          <h2>{result.consumer.name}</h2>
          <dl class="figures">
            <dt>Phone</dt>
            <dd>{result.consumer.phone}</dd>
            <dt>Wallet ID</dt>
            <dd class="mono">{result.consumer.id}</dd>
            {result.consumer.createdAt && (
              <>
                <dt>Since</dt>
                <dd>{formatTime(result.consumer.createdAt)}</dd>
              </>
            )}
            {result.wallets.map((w) => (
              <Fragment key={w.currency}>
                <dt>Balance {w.currency}</dt>
                <dd>{formatMoney(w.balance, w.currency)}</dd>
              </Fragment>
            ))}
          </dl>
        </section>
      )}
    </div>
  );
}
