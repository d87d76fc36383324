import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, bearer, unwrap, unwrapBlob } from '../../shared/api/client';
import { formatDay } from '../../shared/dates';
import { t } from '../../shared/i18n';
import { formatMoney, isAmount, minorDigits, normalizeAmount } from '../../shared/money';
import { Alert, ErrorBox, Field, Select, Spinner, useBlobUrl, useLoad, useScreen } from '../../shared/ui';
import { DataText } from '../components/data-text';
import { appName } from '../config';
import { billMessages } from '../messages';
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
    <section
      class="card printable-bill"
      data-testid="printable-bill"
      aria-label={t('merchant:bills.printable.label', { reference: bill.reference })}
    >
      <h2 translate={false}>{ctx.merchant.name}</h2>
      <p class="bill-description" translate={false}>
        {bill.description}
      </p>
      <p class="amount amount-huge" translate={false}>
        {formatMoney(bill.amount, bill.currency)}
      </p>
      <p>
        <DataText
          text={(m) =>
            bill.payableAfterDue ? t('merchant:bills.printable.due', m) : t('merchant:bills.printable.dueFinal', m)
          }
          values={{
            reference: (
              <span class="mono" translate={false}>
                {bill.reference}
              </span>
            ),
            date: formatDay(bill.dueDate),
          }}
        />
      </p>
      {img ? (
        <img
          src={img}
          // the text names the bill by its reference: data, not for translating
          translate={false}
          alt={t('merchant:bills.printable.codeAlt', { reference: bill.reference })}
          width={240}
          height={240}
          data-testid="bill-qr"
        />
      ) : (
        <Spinner label={t('merchant:bills.printable.loadingCode')} />
      )}
      <p class="small">
        <DataText
          text={(m) => t('merchant:bills.printable.howToPay', m)}
          values={{
            id: (
              <span class="mono" translate={false}>
                {ctx.merchant.id}
              </span>
            ),
          }}
        />
      </p>
      <button type="button" class="btn no-print" onClick={() => window.print()}>
        {t('merchant:bills.printable.print')}
      </button>
    </section>
  );
}

/** Bills and taxes: issue a bill by reference, print it, and the open and paid ones. */
export function Bills(ctx: Ctx): JSX.Element {
  useScreen(t('merchant:bills.title'), appName());
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
    if (!/^[A-Za-z0-9._-]{1,25}$/.test(reference.trim())) return setError(new Error(t('merchant:bills.badReference')));
    if (!isAmount(amount, minorDigits(cur))) return setError(new Error(t('merchant:bills.badAmount')));
    if (!/^\d{4}-\d{2}-\d{2}$/.test(dueDate)) return setError(new Error(t('merchant:bills.noDueDate')));
    if (!description.trim()) return setError(new Error(t('merchant:bills.noDescription')));
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
      <h1>{t('merchant:bills.title')}</h1>
      <form class="card" onSubmit={issue} noValidate aria-labelledby="issue-h">
        <h2 id="issue-h">{t('merchant:bills.issueHeading')}</h2>
        <Field
          label={t('merchant:sale.reference')}
          hint={t('merchant:bills.referenceHint')}
          value={reference}
          onValue={setReference}
          name="reference"
          required
        />
        <Field
          label={t('merchant:sale.amount', { currency: cur })}
          value={amount}
          onValue={setAmount}
          inputMode="decimal"
          name="amount"
          required
        />
        <Field
          label={t('merchant:bills.dueDate')}
          type="date"
          value={dueDate}
          onValue={setDueDate}
          name="dueDate"
          required
        />
        <Field
          label={t('merchant:bills.description')}
          hint={t('merchant:bills.descriptionHint')}
          value={description}
          onValue={setDescription}
          maxLength={140}
          name="description"
          required
        />
        <Select
          label={t('merchant:bills.afterDue')}
          value={afterDue}
          onValue={setAfterDue}
          options={[
            ['true', t('merchant:bills.stillPayable')],
            ['false', t('merchant:bills.refused')],
          ]}
          name="payableAfterDue"
        />
        <ErrorBox error={error} messages={billMessages()} />
        <button class="btn" type="submit">
          {t('merchant:bills.issue')}
        </button>
      </form>
      {shown && (
        <>
          <Alert kind="ok" testid="bill-issued">
            <DataText text={(m) => t('merchant:bills.issued', m)} values={{ reference: shown.reference }} />
          </Alert>
          <PrintableBill bill={shown} ctx={ctx} />
        </>
      )}
      <section aria-labelledby="bills-h">
        <h2 id="bills-h">{status === 'open' ? t('merchant:bills.openHeading') : t('merchant:bills.paidHeading')}</h2>
        <Select
          label={t('merchant:bills.show')}
          value={status}
          onValue={(v) => setStatus(v as 'open' | 'paid')}
          options={[
            ['open', t('merchant:bills.open')],
            ['paid', t('merchant:bills.paid')],
          ]}
          name="status"
        />
        {list.loading && <Spinner />}
        <ErrorBox error={list.error} messages={billMessages()} />
        {list.data && list.data.data.length === 0 && (
          <p class="card muted">{status === 'open' ? t('merchant:bills.noneOpen') : t('merchant:bills.nonePaid')}</p>
        )}
        {list.data && list.data.data.length > 0 && (
          <table class="card table" data-testid={`bills-${status}`}>
            <thead>
              <tr>
                <th scope="col">{t('merchant:bills.cols.reference')}</th>
                <th scope="col">{t('merchant:bills.cols.description')}</th>
                <th scope="col">{t('merchant:bills.cols.due')}</th>
                <th scope="col" class="num">
                  {t('merchant:bills.cols.amount')}
                </th>
                <th scope="col">{t('merchant:bills.cols.print')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.data.map((b) => (
                <tr key={b.reference}>
                  <td class="mono" translate={false}>
                    {b.reference}
                  </td>
                  <td translate={false}>{b.description}</td>
                  <td>
                    {b.overdue ? t('merchant:bills.overdue', { date: formatDay(b.dueDate) }) : formatDay(b.dueDate)}
                  </td>
                  <td class="num" translate={false}>
                    {formatMoney(b.amount, b.currency)}
                  </td>
                  <td>
                    <button type="button" class="btn btn-small btn-ghost" onClick={() => setShown(b)}>
                      {t('merchant:bills.showToPrint')}
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
