import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, bearer, unwrap } from '../../shared/api/client';
import { formatTime } from '../../shared/dates';
import { useIdempotencyKey } from '../../shared/idempotency-key';
import { formatMoney, isAmount, minorDigits, normalizeAmount } from '../../shared/money';
import { ErrorBox, Field, Select, useScreen } from '../../shared/ui';
import { useAction } from '../../shared/use-action';
import { APP, CURRENCIES } from '../config';
import { MESSAGES } from '../messages';
import type { Ctx } from '../types';
import type { SchemaTopupDto } from '../../shared/api/schema';

type Topup = SchemaTopupDto;

/** Top-ups: credit money received at the bank to a consumer's wallet. */
export function Topups(ctx: Ctx): JSX.Element {
  useScreen('Top-ups', APP);
  const [consumerId, setConsumerId] = useState('');
  const [amount, setAmount] = useState('');
  const [currency, setCurrency] = useState('CNY');
  const [bankReference, setBankReference] = useState('');
  const [done, setDone] = useState<Topup[]>([]);
  const { busy, error, setError, run } = useAction();
  // resubmitting the same top-up (e.g. after a lost answer) replays it instead of crediting twice
  const attempt = useIdempotencyKey();
  return (
    <div>
      <h1>Top-ups</h1>
      <form
        class="card"
        onSubmit={async (e) => {
          e.preventDefault();
          setError(null);
          if (!isAmount(amount, minorDigits(currency))) return setError(new Error('Enter an amount such as 100.00.'));
          const body = {
            consumerId: consumerId.trim(),
            amount: normalizeAmount(amount, currency),
            currency,
            bankReference: bankReference.trim(),
          };
          const idempotencyKey = attempt.keyFor(body);
          await run(async () => {
            const t = await ctx.guard(
              unwrap(
                api.POST('/v1/topups', {
                  headers: bearer(ctx.key),
                  params: { header: { 'Idempotency-Key': idempotencyKey } },
                  body,
                }),
              ),
            );
            setDone((d) => [t, ...d.filter((x) => x.id !== t.id)]);
            setAmount('');
            setBankReference('');
          });
        }}
      >
        <p class="muted small">
          Credit money received at the partner bank to a consumer's wallet. The bank reference ties the top-up to its
          line on the bank statement.
        </p>
        <Field
          label="Consumer wallet ID"
          value={consumerId}
          onValue={setConsumerId}
          required
          spellcheck={false}
          autoComplete="off"
          name="consumer-id"
        />
        <div class="row">
          <Field label="Amount" value={amount} onValue={setAmount} inputMode="decimal" required name="topup-amount" />
          <Select label="Currency" value={currency} onValue={setCurrency} options={CURRENCIES} />
        </div>
        <Field
          label="Bank reference"
          hint="The reference of the incoming transfer on the bank statement"
          value={bankReference}
          onValue={setBankReference}
          required
          name="bank-reference"
        />
        <ErrorBox error={error} messages={MESSAGES} />
        <button class="btn" type="submit" disabled={busy || !consumerId.trim() || !bankReference.trim()}>
          {busy ? 'Crediting…' : 'Credit the wallet'}
        </button>
      </form>
      {done.length > 0 && (
        <section class="card" aria-live="polite">
          <h2>Credited in this session</h2>
          <ul class="plain" data-testid="topups-done">
            {done.map((t) => (
              <li key={t.id}>
                <strong>{formatMoney(t.amount, t.currency)}</strong> to <span class="mono">{t.consumerId}</span> · bank
                ref {t.bankReference} · {formatTime(t.createdAt)}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
