import { code128, drawingSVG } from 'bwip-js/browser';
import type { JSX } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import QRCode from 'qrcode';
import { ApiError } from '../../shared/api';
import { api, bearer, unwrap } from '../../shared/api/client';
import { formatTime } from '../../shared/dates';
import { useOnline } from '../../shared/hooks/use-online';
import { t } from '../../shared/i18n';
import { usePeriod } from '../../shared/hooks/use-period';
import { formatMoney } from '../../shared/money';
import type { Guard } from '../../shared/session-guard';
import { Alert, ErrorBox, Field, Link, useScreen } from '../../shared/ui';
import { useAction } from '../../shared/use-action';
import { AwaitingChargeCard, type ChargeOutcome } from '../components/awaiting-charge';
import { SLOT, withElement } from '../components/with-element';
import { BASE } from '../config';
import {
  accountForUse,
  codeGroups,
  codesLeft,
  deviceName,
  forgetPack,
  loadPack,
  packUsable,
  paymentCodeAt,
  savePack,
  type StoredPack,
} from '../payment-pack';
import { codeRefusals } from '../refusals';
import type { AwaitingCharge } from '../types';

/** How often the screen looks at the service while online: the pack's handles used, and charges waiting for the PIN. */
const SYNC_MS = 2000;

/**
 * Pay with the phone's code (付款码): the till scans the screen. The phone gets a
 * pack of codes once, with the PIN, and then makes its codes with no network.
 */
export function PayCodeScreen(props: { token: string; guard: Guard }): JSX.Element {
  const { token, guard } = props;
  useScreen(t('app:code.title'), t('app:title'));
  const [pack, setPack] = useState<StoredPack | null>(loadPack);
  const [charges, setCharges] = useState<AwaitingCharge[]>([]);
  const [outcome, setOutcome] = useState<ChargeOutcome | null>(null);
  // charges settled here, left out of a poll's answer that was on its way meanwhile
  const settled = useRef(new Set<string>());
  const online = useOnline();

  const update = (p: StoredPack | null) => {
    if (p && packUsable(p)) savePack(p);
    else forgetPack();
    setPack(p && packUsable(p) ? p : null);
  };

  // Online, every SYNC_MS: the charges waiting for the PIN, and the pack as the service
  // sees it: a handle used moves the phone to the next one (accountForUse), a pack deleted
  // from elsewhere or gone on the service is dropped here too. Offline nothing is asked:
  // the codes are made on the phone, and the first look once online catches up.
  const packId = pack?.packId ?? null;
  useEffect(() => {
    if (!online) return;
    let live = true;
    let timer: number | undefined;
    const sync = async () => {
      try {
        const [waiting, packs] = await Promise.all([
          guard(unwrap(api.GET('/v1/me/charges', { headers: bearer(token) }))),
          packId ? guard(unwrap(api.GET('/v1/me/payment-codes', { headers: bearer(token) }))) : null,
        ]);
        if (!live) return;
        setCharges(waiting.data.filter((c) => !settled.current.has(c.id)));
        // the pack as kept now: "Next code" may have moved it while the answer was on its way
        const kept = loadPack();
        if (packs && kept?.packId === packId) {
          const there = packs.data.find((p) => p.packId === packId);
          const now = there ? accountForUse(kept, there.handlesLeft) : null;
          if (now !== kept) update(now);
        }
      } catch {
        /* offline or refused: the pack on the phone stays, the next look tries again */
      }
      if (live) timer = window.setTimeout(sync, SYNC_MS);
    };
    void sync();
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [online, packId]);

  const done = (o: ChargeOutcome) => {
    settled.current.add(o.charge.id);
    setCharges((cs) => cs.filter((c) => c.id !== o.charge.id));
    setOutcome(o);
  };

  return (
    <div>
      <h1>{t('app:code.title')}</h1>
      {charges.map((c) => (
        <AwaitingChargeCard key={c.id} charge={c} token={token} guard={guard} onDone={done} />
      ))}
      {outcome && <Outcome outcome={outcome} />}
      {!online && (
        <p class="muted small" role="status" data-testid="offline-note">
          {t('app:code.offline')}
        </p>
      )}
      {pack ? (
        <CodeView pack={pack} token={token} guard={guard} onPack={update} />
      ) : (
        <GetCodes token={token} guard={guard} onPack={update} />
      )}
      <Link to={`${BASE}/`} class="btn btn-block btn-ghost cancel">
        {t('app:code.back')}
      </Link>
    </div>
  );
}

/** What became of the last charge confirmed or declined here. */
function Outcome(props: { outcome: ChargeOutcome }): JSX.Element {
  const { charge, paid } = props.outcome;
  const amount = formatMoney(charge.amount, charge.currency);
  if (paid)
    return (
      <Alert kind="ok" testid="charge-paid">
        {t('app:code.paid', { amount, merchant: charge.merchant.name })}{' '}
        <Link to={`${BASE}/receipt/${paid.id}`}>{t('app:code.seeReceipt')}</Link>
      </Alert>
    );
  return (
    <Alert kind="info" testid="charge-declined">
      {t('app:code.declined', { amount, merchant: charge.merchant.name })}
    </Alert>
  );
}

/** No pack on this phone: the PIN gets one. */
function GetCodes(props: { token: string; guard: Guard; onPack: (p: StoredPack) => void }): JSX.Element {
  const [pin, setPin] = useState('');
  const { busy, error, setError, run } = useAction();
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!/^\d{6}$/.test(pin)) return setError(new Error(t('app:pin.enter')));
    await run(async () => {
      try {
        const p = await props.guard(
          unwrap(
            api.POST('/v1/me/payment-codes', { headers: bearer(props.token), body: { pin, deviceName: deviceName() } }),
          ),
        );
        props.onPack({
          packId: p.packId,
          key: p.key,
          period: p.period,
          digits: p.digits,
          handles: p.handles,
          next: 0,
          handlesLeft: p.handles.length,
          expiresAt: p.expiresAt,
        });
      } catch (err) {
        if (err instanceof ApiError && err.code === 'invalid_credentials') setPin('');
        throw err;
      }
    });
  };
  return (
    <form class="card" onSubmit={submit} noValidate>
      <p>{t('app:code.setUpIntro')}</p>
      <Field
        label={t('app:pin.label')}
        value={pin}
        onValue={setPin}
        type="password"
        inputMode="numeric"
        autoComplete="off"
        maxLength={6}
        name="pin"
        required
      />
      <ErrorBox error={error} messages={codeRefusals()} />
      <button class="btn btn-block btn-big" type="submit" disabled={busy}>
        {busy ? t('app:code.settingUp') : t('app:code.show')}
      </button>
    </form>
  );
}

/** How the Code 128 barcode is drawn (bwip-js options). */
const BARCODE = { scale: 2, height: 14, includetext: false, paddingwidth: 10, backgroundcolor: 'FFFFFF' } as const;

/** A picture of a code: the code it shows and its data URL. */
interface Picture {
  code: string;
  url: string;
}

/** The pictures of one code: a QR code (PNG data URL) and a Code 128 barcode (SVG data URL). */
function useCodePictures(code: string | null): { qr: Picture | null; barcode: Picture | null } {
  const [qr, setQr] = useState<Picture | null>(null);
  const barcode = useMemo<Picture | null>(() => {
    if (!code) return null;
    try {
      // a white quiet zone of 10 modules either side, as scanners need
      const svg = code128({ bcid: 'code128', text: code, ...BARCODE }, drawingSVG());
      return { code, url: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}` };
    } catch {
      return null;
    }
  }, [code]);
  useEffect(() => {
    if (!code) return;
    let live = true;
    QRCode.toDataURL(code, { errorCorrectionLevel: 'M', margin: 2, width: 240 }).then(
      (url) => live && setQr({ code, url }),
      () => live && setQr(null),
    );
    return () => {
      live = false;
    };
  }, [code]);
  return { qr, barcode };
}

/** The current code, renewed at every period's boundary, and what can be done with the pack. */
function CodeView(props: {
  pack: StoredPack;
  token: string;
  guard: Guard;
  onPack: (p: StoredPack | null) => void;
}): JSX.Element {
  const { pack } = props;
  const clock = usePeriod(pack.period);
  const [code, setCode] = useState<string | null>(null);
  const { busy, error, run } = useAction();

  useEffect(() => {
    if (!packUsable(pack)) return props.onPack(null); // expired while shown
    let live = true;
    paymentCodeAt(pack, clock.counter * pack.period).then(
      (c) => live && setCode(c),
      () => live && setCode(null),
    );
    return () => {
      live = false;
    };
  }, [pack.packId, pack.next, clock.counter]);
  const { qr, barcode } = useCodePictures(code);

  const forget = () =>
    run(async () => {
      try {
        await props.guard(
          unwrap(
            api.DELETE('/v1/me/payment-codes/{packId}', {
              headers: bearer(props.token),
              params: { path: { packId: pack.packId } },
            }),
          ),
        );
      } catch (e) {
        // already gone on the service: forgetting it here is all that is left to do
        if (!(e instanceof ApiError && e.status === 404)) throw e;
      }
      props.onPack(null);
    });
  const left = codesLeft(pack);

  return (
    <>
      <section class="card pay-code" aria-labelledby="pay-code-h">
        <h2 id="pay-code-h" class="visually-hidden">
          {t('app:code.yourCode')}
        </h2>
        <p class="muted small">{t('app:code.showCashier')}</p>
        <div class="pay-code-qr">
          {qr && <img src={qr.url} alt={t('app:code.qrAlt')} data-testid="payment-code-qr" data-code={qr.code} />}
        </div>
        <div class="pay-code-barcode">
          {barcode && (
            <img
              src={barcode.url}
              alt={t('app:code.barcodeAlt')}
              data-testid="payment-code-barcode"
              data-code={barcode.code}
            />
          )}
        </div>
        {code && (
          <p class="pay-code-digits mono" data-testid="payment-code" translate={false}>
            {codeGroups(code).map((g, i) => (
              <span key={i}>{g}</span>
            ))}
          </p>
        )}
        <p class="muted small" role="timer">
          {withElement(
            t('app:code.newCodeIn', { seconds: SLOT }),
            <strong data-testid="payment-code-countdown">{clock.secondsLeft}</strong>,
          )}
        </p>
      </section>
      <ErrorBox error={error} messages={codeRefusals()} />
      <button class="btn btn-block" type="button" onClick={() => props.onPack({ ...pack, next: pack.next + 1 })}>
        {t('app:code.next')}
      </button>
      <p class="muted small center">
        {t(left === 1 ? 'app:code.oneLeft' : 'app:code.manyLeft', { n: left, until: formatTime(pack.expiresAt) })}
      </p>
      <button class="btn btn-block btn-ghost" type="button" onClick={forget} disabled={busy}>
        {busy ? t('app:code.forgetting') : t('app:code.forget')}
      </button>
    </>
  );
}
