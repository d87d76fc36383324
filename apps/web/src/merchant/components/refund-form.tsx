import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError } from '../../shared/api';
import { api, bearer, unwrap } from '../../shared/api/client';
import { t } from '../../shared/i18n';
import { useIdempotencyKey } from '../../shared/idempotency-key';
import { formatMoney, isAmount, minorDigits, normalizeAmount } from '../../shared/money';
import { RowButton } from '../../shared/row-button';
import { Alert, ErrorBox, Field } from '../../shared/ui';
import { useAction } from '../../shared/use-action';
import { merchantMessages } from '../messages';
import type { Ctx, MPayment } from '../types';
import { DataText } from './data-text';

/** What is left to refund, in the currency's digits. */
function remaining(p: MPayment): string {
  const d = minorDigits(p.currency);
  const toMinor = (s: string) => BigInt(s.replace('.', ''));
  const left = toMinor(p.amount) - toMinor(p.refunded);
  const str = left.toString().padStart(d + 1, '0');
  return d ? `${str.slice(0, -d)}.${str.slice(-d)}` : str;
}

/** Refund (part of) a payment, under its row in the payments. */
export function RefundForm(props: { ctx: Ctx; payment: MPayment; onDone: () => void }): JSX.Element {
  const p = props.payment;
  const [amount, setAmount] = useState(remaining(p));
  const [reason, setReason] = useState('');
  const { busy, error, setError, run } = useAction();
  // the refund made, said in the notice
  const [ok, setOk] = useState<{ amount: string; toConsumer: string } | null>(null);
  // a retry of the same refund keeps its Idempotency-Key: a refund is never made twice
  const attempt = useIdempotencyKey();
  return (
    <form
      class="refund-form"
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        if (!isAmount(amount, minorDigits(p.currency))) return setError(new Error(t('common:errors.invalid_amount')));
        const body = {
          amount: normalizeAmount(amount, p.currency),
          ...(reason.trim() ? { reason: reason.trim() } : {}),
        };
        const idempotencyKey = attempt.keyFor(body);
        await run(async () => {
          try {
            const r = await props.ctx.guard(
              unwrap(
                api.POST('/v1/merchant/payments/{id}/refunds', {
                  headers: bearer(props.ctx.key),
                  params: { path: { id: p.id }, header: { 'Idempotency-Key': idempotencyKey } },
                  body,
                }),
              ),
            );
            setOk({ amount: r.amount, toConsumer: r.toConsumer });
            attempt.forget();
            setTimeout(props.onDone, 1200);
          } catch (err) {
            if (err instanceof ApiError && err.status !== 0) attempt.forget();
            throw err;
          }
        });
      }}
    >
      <div class="row">
        <Field
          label={t('merchant:refund.amount', { currency: p.currency })}
          hint={t('merchant:refund.atMost', { amount: formatMoney(remaining(p), p.currency) })}
          value={amount}
          onValue={setAmount}
          inputMode="decimal"
          name="refund-amount"
        />
        <Field
          label={t('merchant:refund.reason')}
          value={reason}
          onValue={setReason}
          maxLength={200}
          name="refund-reason"
        />
        <RowButton disabled={busy}>{busy ? t('merchant:refund.refunding') : t('merchant:refund.refund')}</RowButton>
      </div>
      <ErrorBox error={error} messages={merchantMessages()} />
      {ok && (
        <Alert kind="ok">
          <DataText
            text={(m) => t('merchant:refund.done', m)}
            values={{ amount: formatMoney(ok.amount, p.currency), back: formatMoney(ok.toConsumer, p.currency) }}
          />
        </Alert>
      )}
    </form>
  );
}
