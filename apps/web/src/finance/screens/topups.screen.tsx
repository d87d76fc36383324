import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, bearer, unwrap } from '../../shared/api/client';
import { formatTime } from '../../shared/dates';
import { t } from '../../shared/i18n';
import { useIdempotencyKey } from '../../shared/idempotency-key';
import { formatMoney, isAmount, minorDigits, normalizeAmount } from '../../shared/money';
import { ErrorBox, Field, Select, useScreen } from '../../shared/ui';
import { useAction } from '../../shared/use-action';
import { CURRENCIES, appName } from '../config';
import { financeMessages } from '../messages';
import type { Ctx } from '../types';
import type { SchemaTopupDto } from '../../shared/api/schema';

type Topup = SchemaTopupDto;

/** Top-ups: credit money received at the bank to a consumer's wallet. */
export function Topups(ctx: Ctx): JSX.Element {
  useScreen(t('finance:topups.title'), appName());
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
      <h1>{t('finance:topups.title')}</h1>
      <form
        class="card"
        onSubmit={async (e) => {
          e.preventDefault();
          setError(null);
          if (!isAmount(amount, minorDigits(currency))) return setError(new Error(t('finance:topups.invalidAmount')));
          const body = {
            consumerId: consumerId.trim(),
            amount: normalizeAmount(amount, currency),
            currency,
            bankReference: bankReference.trim(),
          };
          const idempotencyKey = attempt.keyFor(body);
          await run(async () => {
            const topup = await ctx.guard(
              unwrap(
                api.POST('/v1/topups', {
                  headers: bearer(ctx.key),
                  params: { header: { 'Idempotency-Key': idempotencyKey } },
                  body,
                }),
              ),
            );
            setDone((d) => [topup, ...d.filter((x) => x.id !== topup.id)]);
            setAmount('');
            setBankReference('');
          });
        }}
      >
        <p class="muted small">{t('finance:topups.intro')}</p>
        <Field
          label={t('finance:fields.consumerWalletId')}
          value={consumerId}
          onValue={setConsumerId}
          required
          spellcheck={false}
          autoComplete="off"
          name="consumer-id"
        />
        <div class="row">
          <Field
            label={t('finance:fields.amount')}
            value={amount}
            onValue={setAmount}
            inputMode="decimal"
            required
            name="topup-amount"
          />
          <Select label={t('finance:fields.currency')} value={currency} onValue={setCurrency} options={CURRENCIES} />
        </div>
        <Field
          label={t('finance:topups.bankReference')}
          hint={t('finance:topups.bankReferenceHint')}
          value={bankReference}
          onValue={setBankReference}
          required
          name="bank-reference"
        />
        <ErrorBox error={error} messages={financeMessages()} />
        <button class="btn" type="submit" disabled={busy || !consumerId.trim() || !bankReference.trim()}>
          {busy ? t('finance:topups.crediting') : t('finance:topups.credit')}
        </button>
      </form>
      {done.length > 0 && (
        <section class="card" aria-live="polite">
          <h2>{t('finance:topups.doneHeading')}</h2>
          <ul class="plain" data-testid="topups-done">
            {done.map((d) => (
              <li key={d.id}>
                <strong>{formatMoney(d.amount, d.currency)}</strong> {t('finance:topups.to')}{' '}
                <span class="mono" translate={false}>
                  {d.consumerId}
                </span>{' '}
                · {t('finance:topups.bankRef')} <span translate={false}>{d.bankReference}</span> ·{' '}
                {formatTime(d.createdAt)}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
