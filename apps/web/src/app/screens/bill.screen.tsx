import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, bearer, unwrap } from '../../shared/api/client';
import type { Guard } from '../../shared/session-guard';
import { ErrorBox, Field, Link, useScreen } from '../../shared/ui';
import { useAction } from '../../shared/use-action';
import { APP, BASE } from '../config';
import { REFUSALS } from '../refusals';
import type { ScanResult } from '../types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Pay a bill by typing what is printed on it (the issuer's merchant ID and the
 * bill's reference), for when the code cannot be scanned; the bill's description
 * and due date are shown on the next screen, before paying.
 */
export function BillScreen(props: { token: string; guard: Guard; onFound: (s: ScanResult) => void }): JSX.Element {
  useScreen('Pay a bill', APP);
  const [merchantId, setMerchantId] = useState('');
  const [reference, setReference] = useState('');
  const { busy, error, setError, run } = useAction();
  const find = async (e: Event) => {
    e.preventDefault();
    setError(null);
    if (!UUID.test(merchantId.trim()))
      return setError(new Error('Enter the issuer’s merchant ID as printed on the bill.'));
    if (!/^[A-Za-z0-9._-]{1,25}$/.test(reference.trim()))
      return setError(new Error('Enter the bill’s reference as printed on it.'));
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
      <h1>Pay a bill</h1>
      <p class="muted">Scan the code on the bill, or type what is printed beside it.</p>
      <Link to={`${BASE}/scan`} class="btn btn-block btn-ghost">
        Scan the bill’s code
      </Link>
      <form class="card" onSubmit={find} noValidate>
        <Field
          label="Issuer’s merchant ID"
          value={merchantId}
          onValue={setMerchantId}
          autoComplete="off"
          name="merchantId"
          required
        />
        <Field
          label="Bill reference"
          value={reference}
          onValue={setReference}
          autoComplete="off"
          name="reference"
          required
        />
        <ErrorBox error={error} messages={REFUSALS} />
        <button class="btn btn-block btn-big" type="submit" disabled={busy}>
          {busy ? 'Finding the bill…' : 'Find the bill'}
        </button>
      </form>
    </div>
  );
}
