import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { parsePaymentCode, paymentCodeOf } from '../../../../../libs/payments/src/payment-codes/payment-code';
import { ApiError } from '../../shared/api';
import { api, bearer, unwrap } from '../../shared/api/client';
import { useCameraScan } from '../../shared/hooks/use-camera-scan';
import { useIdempotencyKey } from '../../shared/idempotency-key';
import { isAmount, minorDigits, normalizeAmount } from '../../shared/money';
import type { CodeFormat } from '../../shared/scanner';
import { t } from '../../shared/i18n';
import { ErrorBox, Field, useScreen } from '../../shared/ui';
import { useAction } from '../../shared/use-action';
import { ChargeResult } from '../components/charge-result';
import { DataText } from '../components/data-text';
import { appName } from '../config';
import { chargeMessages } from '../messages';
import type { Charge, Ctx } from '../types';

/** What the till's camera reads on the customer's phone: its QR code, and its Code 128 barcode where the browser can. */
const PHONE_CODE: readonly CodeFormat[] = ['qr_code', 'code_128'];
/** The decoders (jsQR is most of the weight), loaded when the camera is first opened. */
const scanner = () => import('../../shared/scanner');
const REFERENCE = /^[A-Za-z0-9._-]{1,25}$/;

/**
 * Till mode the other way round (付款码): the amount of the sale, then the code
 * on the customer's phone, read by the camera, or by a handheld scanner that
 * types its digits and Enter into the code field, or typed by hand. The charge
 * goes through at once, or waits for the customer's PIN (ChargeResult).
 */
export function ScanCustomer(ctx: Ctx): JSX.Element {
  useScreen(t('merchant:charge.title'), appName());
  const cur = ctx.merchant.currency;
  const [amount, setAmount] = useState('');
  const [code, setCode] = useState('');
  const [reference, setReference] = useState('');
  const [camera, setCamera] = useState(false);
  const [charge, setCharge] = useState<Charge | null>(null);
  const { busy, error, setError, run } = useAction();
  // one key per attempt: a charge sent again after a lost answer (the same body) keeps it,
  // so it cannot charge twice; any answer ends the attempt, and the next one gets a fresh key
  const attempt = useIdempotencyKey();

  const focusCode = () => document.querySelector<HTMLInputElement>('input[name=code]')?.focus();

  const chargeIt = async (scanned: string) => {
    setError(null);
    if (!isAmount(amount, minorDigits(cur))) return setError(new Error(t('merchant:charge.noAmount')));
    if (reference && !REFERENCE.test(reference)) return setError(new Error(t('merchant:sale.badReference')));
    const parts = parsePaymentCode(scanned);
    if (!parts) {
      // not sent: a misread is no refusal counted against the till
      setCode('');
      focusCode();
      return setError(new Error(t('merchant:charge.notACode')));
    }
    const body = {
      code: paymentCodeOf(parts),
      amount: normalizeAmount(amount, cur),
      ...(reference ? { reference } : {}),
    };
    const key = attempt.keyFor(body);
    await run(async () => {
      try {
        const c = await ctx.guard(
          unwrap(
            api.POST('/v1/merchant/charges', {
              headers: bearer(ctx.key),
              params: { header: { 'Idempotency-Key': key } },
              body,
            }),
          ),
        );
        attempt.forget();
        setCharge(c);
      } catch (e) {
        // no answer (the network): the same attempt may be sent again under its key
        if (e instanceof ApiError && e.status !== 0) {
          attempt.forget();
          setCode('');
          focusCode();
        }
        throw e;
      }
    });
  };

  const newSale = () => {
    setCharge(null);
    setAmount('');
    setCode('');
    setReference('');
    setError(null);
  };

  if (charge) return <ChargeResult ctx={ctx} initial={charge} onDone={newSale} />;
  return (
    <div class="narrow">
      <h1>{t('merchant:charge.title')}</h1>
      <p class="muted">{t('merchant:charge.intro')}</p>
      <form
        class="card"
        onSubmit={(e) => {
          e.preventDefault();
          void chargeIt(code);
        }}
        noValidate
      >
        <Field
          label={t('merchant:sale.amount', { currency: cur })}
          value={amount}
          onValue={setAmount}
          inputMode="decimal"
          autoComplete="off"
          autoFocus
          required
          name="amount"
        />
        <Field
          label={t('merchant:charge.code')}
          hint={t('merchant:charge.codeHint')}
          value={code}
          onValue={setCode}
          inputMode="numeric"
          autoComplete="off"
          spellcheck={false}
          maxLength={64}
          required
          name="code"
        />
        <Field
          label={t('merchant:charge.reference')}
          hint={t('merchant:sale.referenceHint')}
          value={reference}
          onValue={setReference}
          maxLength={25}
          autoComplete="off"
          name="reference"
        />
        <ErrorBox error={error} messages={chargeMessages()} />
        <div class="actions">
          <button class="btn btn-big" type="submit" disabled={busy}>
            {busy ? t('merchant:charge.charging') : t('merchant:charge.charge')}
          </button>
          <button class="btn btn-ghost" type="button" onClick={() => setCamera(!camera)} aria-pressed={camera}>
            {camera ? t('merchant:charge.closeCamera') : t('merchant:charge.useCamera')}
          </button>
        </div>
      </form>
      {camera && (
        <CodeCamera
          onCode={(text) => {
            setCamera(false);
            setCode(text);
            void chargeIt(text);
          }}
        />
      )}
    </div>
  );
}

/** The till's camera on the customer's phone, until it reads a code. */
function CodeCamera(props: { onCode: (text: string) => void }): JSX.Element {
  const video = useRef<HTMLVideoElement>(null);
  const paused = useRef(false);
  // the scanning loop keeps the callbacks of the first render: this one reads the latest (the amount typed since)
  const onCode = useRef(props.onCode);
  onCode.current = props.onCode;
  const [decoder, setDecoder] = useState('');
  useEffect(() => {
    void scanner().then((s) => s.decoderName(PHONE_CODE).then(setDecoder));
  }, []);
  const state = useCameraScan(
    video,
    paused,
    async (v) => (await scanner()).decodeVideo(v, PHONE_CODE),
    async (text) => onCode.current(text),
  );
  return (
    <div class="card till-camera">
      <video
        ref={video}
        muted
        playsInline
        autoplay
        aria-label={t('merchant:charge.camera.view')}
        data-testid="till-camera"
      />
      <p class="muted small" aria-live="polite">
        {state === 'on' && t('merchant:charge.camera.on')}
        {state === 'starting' && t('merchant:charge.camera.starting')}
        {state === 'denied' && t('merchant:charge.camera.denied')}
        {state === 'none' && t('merchant:charge.camera.none')}
        {decoder && (
          <span class="decoder">
            {' '}
            <DataText text={(m) => t('merchant:charge.camera.decoder', m)} values={{ name: decoder }} />
          </span>
        )}
      </p>
    </div>
  );
}
