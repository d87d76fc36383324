import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, bearer, unwrap } from '../../shared/api/client';
import { isAmount, minorDigits, normalizeAmount } from '../../shared/money';
import { Alert, ErrorBox, Field, Select, useScreen } from '../../shared/ui';
import { useAction } from '../../shared/use-action';
import { APP } from '../config';
import { MESSAGES } from '../messages';
import type { Ctx, Order } from '../types';
import { TillOrder } from './till-order.screen';

const newReference = (): string => {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `T${d.getFullYear() % 100}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
};

/** Till mode: the amount of a sale, then its code full screen (TillOrder). */
export function Till(ctx: Ctx): JSX.Element {
  useScreen('Till', APP);
  const [amount, setAmount] = useState('');
  const [reference, setReference] = useState(newReference);
  const [expires, setExpires] = useState('900');
  const [order, setOrder] = useState<Order | null>(null);
  const { busy, error, setError, run } = useAction();
  const [notice, setNotice] = useState<string | null>(null);
  const cur = ctx.merchant.currency;

  const create = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setNotice(null);
    if (!isAmount(amount, minorDigits(cur))) return setError(new Error('Enter an amount such as 12.30.'));
    if (!/^[A-Za-z0-9._-]{1,25}$/.test(reference))
      return setError(new Error('The reference is 1 to 25 letters, digits, "-", "_" or ".".'));
    await run(async () =>
      setOrder(
        await ctx.guard(
          unwrap(
            api.POST('/v1/merchant/orders', {
              headers: bearer(ctx.key),
              body: { amount: normalizeAmount(amount, cur), reference, expiresInSeconds: Number(expires) },
            }),
          ),
        ),
      ),
    );
  };
  const done = (msg?: string) => {
    setOrder(null);
    setAmount('');
    setReference(newReference());
    setNotice(msg ?? null);
  };

  if (order) return <TillOrder ctx={ctx} initial={order} onDone={done} />;
  return (
    <div class="narrow">
      <h1>Till</h1>
      <p class="muted">
        Enter the amount of the sale: the customer scans the code shown full screen, and this page turns to PAID by
        itself.
      </p>
      {notice && <Alert kind="info">{notice}</Alert>}
      <form class="card" onSubmit={create} noValidate>
        <Field
          label={`Amount (${cur})`}
          value={amount}
          onValue={setAmount}
          inputMode="decimal"
          autoComplete="off"
          required
          name="amount"
        />
        <Field
          label="Reference"
          hint="Your sale or receipt number: 1 to 25 letters, digits, - _ ."
          value={reference}
          onValue={setReference}
          maxLength={25}
          required
          name="reference"
        />
        <Select
          label="Code valid for"
          value={expires}
          onValue={setExpires}
          options={[
            ['120', '2 minutes'],
            ['300', '5 minutes'],
            ['900', '15 minutes'],
            ['3600', '1 hour'],
          ]}
        />
        <ErrorBox error={error} messages={MESSAGES} />
        <button class="btn btn-block btn-big" type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Show the code'}
        </button>
      </form>
    </div>
  );
}
