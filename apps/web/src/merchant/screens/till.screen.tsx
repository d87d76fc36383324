import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, bearer, unwrap } from '../../shared/api/client';
import { isAmount, minorDigits, normalizeAmount } from '../../shared/money';
import { t } from '../../shared/i18n';
import { Alert, ErrorBox, Field, Select, useScreen } from '../../shared/ui';
import { useAction } from '../../shared/use-action';
import { DataText } from '../components/data-text';
import { appName } from '../config';
import { merchantMessages } from '../messages';
import type { Ctx, Order } from '../types';
import { TillOrder } from './till-order.screen';

const newReference = (): string => {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `T${d.getFullYear() % 100}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
};

/** Till mode: the amount of a sale, then its code full screen (TillOrder). */
export function Till(ctx: Ctx): JSX.Element {
  useScreen(t('merchant:till.title'), appName());
  const [amount, setAmount] = useState('');
  const [reference, setReference] = useState(newReference);
  const [expires, setExpires] = useState('900');
  const [order, setOrder] = useState<Order | null>(null);
  const { busy, error, setError, run } = useAction();
  // the reference of the sale just cancelled, said in the notice
  const [cancelled, setCancelled] = useState<string | null>(null);
  const cur = ctx.merchant.currency;

  const create = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setCancelled(null);
    if (!isAmount(amount, minorDigits(cur))) return setError(new Error(t('common:errors.invalid_amount')));
    if (!/^[A-Za-z0-9._-]{1,25}$/.test(reference)) return setError(new Error(t('merchant:sale.badReference')));
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
  const done = (cancelledReference?: string) => {
    setOrder(null);
    setAmount('');
    setReference(newReference());
    setCancelled(cancelledReference ?? null);
  };

  if (order) return <TillOrder ctx={ctx} initial={order} onDone={done} />;
  return (
    <div class="narrow">
      <h1>{t('merchant:till.title')}</h1>
      <p class="muted">{t('merchant:till.intro')}</p>
      {cancelled && (
        <Alert kind="info">
          <DataText text={(m) => t('merchant:till.cancelled', m)} values={{ reference: cancelled }} />
        </Alert>
      )}
      <form class="card" onSubmit={create} noValidate>
        <Field
          label={t('merchant:sale.amount', { currency: cur })}
          value={amount}
          onValue={setAmount}
          inputMode="decimal"
          autoComplete="off"
          required
          name="amount"
        />
        <Field
          label={t('merchant:sale.reference')}
          hint={t('merchant:sale.referenceHint')}
          value={reference}
          onValue={setReference}
          maxLength={25}
          required
          name="reference"
        />
        <Select
          label={t('merchant:till.validFor')}
          value={expires}
          onValue={setExpires}
          options={[
            ['120', t('merchant:till.minutes2')],
            ['300', t('merchant:till.minutes5')],
            ['900', t('merchant:till.minutes15')],
            ['3600', t('merchant:till.hour1')],
          ]}
        />
        <ErrorBox error={error} messages={merchantMessages()} />
        <button class="btn btn-block btn-big" type="submit" disabled={busy}>
          {busy ? t('merchant:till.creating') : t('merchant:till.showCode')}
        </button>
      </form>
    </div>
  );
}
