import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, bearer, unwrap } from '../../shared/api/client';
import { t } from '../../shared/i18n';
import type { Guard } from '../../shared/session-guard';
import { ErrorBox, Field, Link, useScreen } from '../../shared/ui';
import { useAction } from '../../shared/use-action';
import { BASE } from '../config';
import { refusals } from '../refusals';
import type { ScanResult } from '../types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Pay a bill by typing what is printed on it (the issuer's merchant ID and the
 * bill's reference), for when the code cannot be scanned; the bill's description
 * and due date are shown on the next screen, before paying.
 */
export function BillScreen(props: { token: string; guard: Guard; onFound: (s: ScanResult) => void }): JSX.Element {
  useScreen(t('app:bill.title'), t('app:title'));
  const [merchantId, setMerchantId] = useState('');
  const [reference, setReference] = useState('');
  const { busy, error, setError, run } = useAction();
  const find = async (e: Event) => {
    e.preventDefault();
    setError(null);
    if (!UUID.test(merchantId.trim())) return setError(new Error(t('app:bill.badMerchant')));
    if (!/^[A-Za-z0-9._-]{1,25}$/.test(reference.trim())) return setError(new Error(t('app:bill.badReference')));
    await run(async () =>
      props.onFound(
        await props.guard(
          unwrap(
            api.POST('/v1/bills/lookup', {
              headers: bearer(props.token),
              body: { merchantId: merchantId.trim(), reference: reference.trim() },
            }),
          ),
        ),
      ),
    );
  };
  return (
    <div>
      <h1>{t('app:bill.title')}</h1>
      <p class="muted">{t('app:bill.intro')}</p>
      <Link to={`${BASE}/scan`} class="btn btn-block btn-ghost">
        {t('app:bill.scan')}
      </Link>
      <form class="card" onSubmit={find} noValidate>
        <Field
          label={t('app:bill.merchantId')}
          value={merchantId}
          onValue={setMerchantId}
          autoComplete="off"
          name="merchantId"
          required
        />
        <Field
          label={t('app:bill.reference')}
          value={reference}
          onValue={setReference}
          autoComplete="off"
          name="reference"
          required
        />
        <ErrorBox error={error} messages={refusals()} />
        <button class="btn btn-block btn-big" type="submit" disabled={busy}>
          {busy ? t('app:bill.finding') : t('app:bill.find')}
        </button>
      </form>
    </div>
  );
}
