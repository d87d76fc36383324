import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, bearer, unwrap, unwrapBlob } from '../../shared/api/client';
import { formatMoney, isAmount, minorDigits, normalizeAmount } from '../../shared/money';
import { Alert, ErrorBox, Field, Select, Spinner, useBlobUrl, useLoad, useScreen } from '../../shared/ui';
import { APP } from '../config';
import { BILL_MESSAGES } from '../messages';
import type { Bill, Ctx } from '../types';

/** The paper bill's code and what it says, laid out to print (the rest of the page is hidden when printing). */
function PrintableBill(props: { bill: Bill; ctx: Ctx }): JSX.Element {
  const { bill, ctx } = props;
  const img = useBlobUrl(
    () =>
      unwrapBlob(
        api.GET('/v1/merchant/bills/{reference}/image.png', {
          headers: { ...bearer(ctx.key), accept: 'image/png' },
          params: { path: { reference: bill.reference } },
          parseAs: 'blob',
        }),
      ),
    [bill.reference],
  );
  return (
    <section class="card printable-bill" data-testid="printable-bill" aria-label={`Bill ${bill.reference}`}>
      <h2>{ctx.merchant.name}</h2>
      <p class="bill-description">{bill.description}</p>
      <p class="amount amount-huge">{formatMoney(bill.amount, bill.currency)}</p>
      <p>
        Reference <span class="mono">{bill.reference}</span> · due {bill.dueDate}
        {bill.payableAfterDue ? '' : ' (not payable after that day)'}
      </p>
      {img ? (
        <img src={img} alt={`QR code of bill ${bill.reference}`} width={240} height={240} data-testid="bill-qr" />
      ) : (
        <Spinner label="Loading the code…" />
      )}
      <p class="small">
        Scan with Saoma to pay, or type merchant ID <span class="mono">{ctx.merchant.id}</span> and the reference.
      </p>
      <button type="button" class="btn no-print" onClick={() => window.print()}>
        Print
      </button>
    </section>
  );
}

/** Bills and taxes: issue a bill by reference, print it, and the open and paid ones. */
export function Bills(ctx: Ctx): JSX.Element {
  useScreen('Bills', APP);
  const cur = ctx.merchant.currency;
  const [reference, setReference] = useState('');
  const [amount, setAmount] = useState('');
  const [dueDate, setDueDate] = useState('');
  const [description, setDescription] = useState('');
  const [afterDue, setAfterDue] = useState('true');
  const [status, setStatus] = useState<'open' | 'paid'>('open');
  const [error, setError] = useState<unknown>(null);
  const [shown, setShown] = useState<Bill | null>(null);
  const [version, setVersion] = useState(0);
  const list = useLoad(
    () =>
      ctx.guard(
        unwrap(api.GET('/v1/merchant/bills', { headers: bearer(ctx.key), params: { query: { status, limit: 50 } } })),
      ),
    [status, version],
  );

  const issue = async (e: Event) => {
    e.preventDefault();
    setError(null);
    if (!/^[A-Za-z0-9._-]{1,25}$/.test(reference.trim()))
      return setError(new Error('The reference: 1 to 25 letters, digits, “-”, “_” or “.”.'));
    if (!isAmount(amount, minorDigits(cur))) return setError(new Error('Enter the amount, such as 356.20.'));
    if (!/^\d{4}-\d{2}-\d{2}$/.test(dueDate)) return setError(new Error('Choose the due date.'));
    if (!description.trim()) return setError(new Error('Say what the bill is for.'));
    try {
      const b = await ctx.guard(
        unwrap(
          api.PUT('/v1/merchant/bills/{reference}', {
            headers: bearer(ctx.key),
            params: { path: { reference: reference.trim() } },
            body: {
              amount: normalizeAmount(amount, cur),
              dueDate,
              description: description.trim(),
              payableAfterDue: afterDue === 'true',
            },
          }),
        ),
      );
      setShown(b);
      setReference('');
      setAmount('');
      setDescription('');
      setVersion((v) => v + 1);
    } catch (err) {
      setError(err);
    }
  };

  return (
    <div>
      <h1>Bills</h1>
      <form class="card" onSubmit={issue} noValidate aria-labelledby="issue-h">
        <h2 id="issue-h">Issue a bill</h2>
        <Field
          label="Reference"
          hint="Yours, printed on the bill; sending it again changes nothing."
          value={reference}
          onValue={setReference}
          name="reference"
          required
        />
        <Field
          label={`Amount (${cur})`}
          value={amount}
          onValue={setAmount}
          inputMode="decimal"
          name="amount"
          required
        />
        <Field label="Due date" type="date" value={dueDate} onValue={setDueDate} name="dueDate" required />
        <Field
          label="Description"
          hint="At most 140 characters; the payer sees it before paying."
          value={description}
          onValue={setDescription}
          maxLength={140}
          name="description"
          required
        />
        <Select
          label="After the due date"
          value={afterDue}
          onValue={setAfterDue}
          options={[
            ['true', 'Still payable'],
            ['false', 'Refused'],
          ]}
          name="payableAfterDue"
        />
        <ErrorBox error={error} messages={BILL_MESSAGES} />
        <button class="btn" type="submit">
          Issue the bill
        </button>
      </form>
      {shown && (
        <>
          <Alert kind="ok" testid="bill-issued">
            Bill {shown.reference} is ready to print.
          </Alert>
          <PrintableBill bill={shown} ctx={ctx} />
        </>
      )}
      <section aria-labelledby="bills-h">
        <h2 id="bills-h">{status === 'open' ? 'Open bills' : 'Paid bills'}</h2>
        <Select
          label="Show"
          value={status}
          onValue={(v) => setStatus(v as 'open' | 'paid')}
          options={[
            ['open', 'Open'],
            ['paid', 'Paid'],
          ]}
          name="status"
        />
        {list.loading && <Spinner />}
        <ErrorBox error={list.error} messages={BILL_MESSAGES} />
        {list.data && list.data.data.length === 0 && <p class="card muted">No {status} bills.</p>}
        {list.data && list.data.data.length > 0 && (
          <table class="card table" data-testid={`bills-${status}`}>
            <thead>
              <tr>
                <th scope="col">Reference</th>
                <th scope="col">Description</th>
                <th scope="col">Due</th>
                <th scope="col" class="num">
                  Amount
                </th>
                <th scope="col">Print</th>
              </tr>
            </thead>
            <tbody>
              {list.data.data.map((b) => (
                <tr key={b.reference}>
                  <td class="mono">{b.reference}</td>
                  <td>{b.description}</td>
                  <td>
                    {b.dueDate}
                    {b.overdue ? ' · overdue' : ''}
                  </td>
                  <td class="num">{formatMoney(b.amount, b.currency)}</td>
                  <td>
                    <button type="button" class="btn btn-small btn-ghost" onClick={() => setShown(b)}>
                      Show to print
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
