import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, bearer, unwrap } from '../../shared/api/client';
import { formatDay, todayUtc } from '../../shared/dates';
import { t } from '../../shared/i18n';
import { formatMoney } from '../../shared/money';
import { Alert, ErrorBox, Field, Select, Spinner, useLoad, useScreen } from '../../shared/ui';
import { ObjTable } from '../components/obj-table';
import { YesNo } from '../components/yes-no';
import { CURRENCIES, appName } from '../config';
import { financeMessages } from '../messages';
import type { Ctx } from '../types';

const AMOUNT = String.raw`(-?\d+(?:\.\d+)?)`;
const COUNT = String.raw`(\d+)`;
const CUR = String.raw`([A-Z]{3})`;
const DAY = String.raw`(\d{4}-\d{2}-\d{2})`;

/** The service's problems (libs/finance reconciliation-report), as patterns of its words and how to say each again. */
const PROBLEMS: Array<[RegExp, (m: string[]) => string]> = [
  [
    new RegExp(`^${CUR}: the postings do not balance \\(debits ${AMOUNT}, credits ${AMOUNT}\\)$`),
    ([, c, d, k]) =>
      t('finance:reconciliation.problems.unbalanced', {
        currency: c,
        debits: formatMoney(d, c),
        credits: formatMoney(k, c),
      }),
  ],
  [
    new RegExp(
      `^${CUR}: bank balance ${AMOUNT} differs from customer funds, transit and platform result \\(${AMOUNT}\\) by ${AMOUNT}$`,
    ),
    ([, c, b, e, d]) =>
      t('finance:reconciliation.problems.bankDiffers', {
        currency: c,
        bank: formatMoney(b, c),
        expected: formatMoney(e, c),
        difference: formatMoney(d, c),
      }),
  ],
  [
    new RegExp(
      `^${CUR}: held for people \\(transfers ${AMOUNT}, envelopes ${AMOUNT}\\) differs from pending transfers ${AMOUNT} and unclaimed envelopes ${AMOUNT}$`,
    ),
    ([, c, tr, en, pt, ue]) =>
      t('finance:reconciliation.problems.heldForPeople', {
        currency: c,
        transfers: formatMoney(tr, c),
        envelopes: formatMoney(en, c),
        pendingTransfers: formatMoney(pt, c),
        unclaimed: formatMoney(ue, c),
      }),
  ],
  [
    new RegExp(
      `^${CUR}: payouts in transit ${AMOUNT} differ from pending payouts ${AMOUNT} and withdrawals ${AMOUNT}$`,
    ),
    ([, c, it, pp, pw]) =>
      t('finance:reconciliation.problems.inTransit', {
        currency: c,
        inTransit: formatMoney(it, c),
        pendingPayouts: formatMoney(pp, c),
        pendingWithdrawals: formatMoney(pw, c),
      }),
  ],
  [
    new RegExp(`^${COUNT} payment/refund row\\(s\\) and ledger entries disagree$`),
    ([, n]) => t('finance:reconciliation.problems.paymentMismatches', { n }),
  ],
  [
    new RegExp(`^${COUNT} posting\\(s\\) of transfers and red envelopes disagree with their rows$`),
    ([, n]) => t('finance:reconciliation.problems.peopleMismatches', { n }),
  ],
  [
    new RegExp(`^account (\\S+): stored debits/credits ${AMOUNT}/${AMOUNT}, postings ${AMOUNT}/${AMOUNT}$`),
    ([, code, sd, sc, pd, pc]) =>
      t('finance:reconciliation.problems.account', {
        code,
        storedDebits: sd,
        storedCredits: sc,
        postedDebits: pd,
        postedCredits: pc,
      }),
  ],
  [
    new RegExp(`^${COUNT} bank statement line\\(s\\) of ${DAY} unmatched$`),
    ([, n, d]) => t('finance:reconciliation.problems.bankUnmatched', { n, date: formatDay(d) }),
  ],
  [
    new RegExp(`^${COUNT} payout\\(s\\) from runs before ${DAY} not yet confirmed by a bank statement$`),
    ([, n, d]) => t('finance:reconciliation.problems.overduePayouts', { n, date: formatDay(d) }),
  ],
];

/** A problem the service reports, in the language shown; one the console does not know stays in its words (data). */
function Problem(props: { text: string }): JSX.Element {
  for (const [re, say] of PROBLEMS) {
    const m = re.exec(props.text);
    if (m) return <>{say(m)}</>;
  }
  return <span translate={false}>{props.text}</span>;
}

/** The reconciliation of a day: the ledger, the payments and the bank against each other. */
export function Reconciliation(ctx: Ctx): JSX.Element {
  useScreen(t('finance:reconciliation.title'), appName());
  const [date, setDate] = useState(todayUtc);
  const [currency, setCurrency] = useState('CNY');
  const rec = useLoad(
    () =>
      date
        ? ctx.guard(
            unwrap(
              api.GET('/v1/finance/reconciliation', {
                headers: bearer(ctx.key),
                params: { query: { date, currency } },
              }),
            ),
          )
        : Promise.resolve(undefined),
    [date, currency],
  );
  const r = rec.data;
  const cur = r?.currency ?? currency;
  const diffZero = r ? /^-?0(\.0+)?$/.test(r.difference) : true;
  return (
    <div>
      <h1>{t('finance:reconciliation.title')}</h1>
      <div class="row">
        <Field label={t('finance:fields.dayUtc')} type="date" value={date} onValue={setDate} />
        <Select label={t('finance:fields.currency')} value={currency} onValue={setCurrency} options={CURRENCIES} />
      </div>
      {rec.loading && <Spinner />}
      <ErrorBox error={rec.error} messages={financeMessages()} />
      {r && (
        <>
          <section class={`card recon-summary ${r.reconciled ? '' : 'is-bad'}`} data-testid="reconciliation">
            <h2>
              {r.reconciled
                ? t('finance:reconciliation.reconciled', { date: formatDay(r.date) })
                : t('finance:reconciliation.needsAttention', { date: formatDay(r.date) })}
            </h2>
            <ul class="checks">
              <li>
                {t('finance:reconciliation.ledgerBalanced')} <YesNo ok={r.ledgerBalanced} />
              </li>
              <li>
                {t('finance:reconciliation.paymentsMatch')} <YesNo ok={r.paymentsMatchLedger} />
              </li>
              <li>
                {t('finance:reconciliation.bankMatched')} <strong>{r.bankMatched}</strong>
                {t('finance:reconciliation.bankUnmatched')}{' '}
                <strong class={r.bankUnmatchedCount ? 'danger-text' : ''}>{r.bankUnmatchedCount}</strong>
              </li>
            </ul>
            <dl class="figures">
              <dt>{t('finance:reconciliation.customerFunds')}</dt>
              <dd>{formatMoney(r.customerFunds, cur)}</dd>
              {r.inTransit !== undefined && (
                <>
                  <dt>{t('finance:reconciliation.inTransit')}</dt>
                  <dd>{formatMoney(r.inTransit, cur)}</dd>
                </>
              )}
              {r.expectedBankBalance !== undefined && (
                <>
                  <dt>{t('finance:reconciliation.expectedBankBalance')}</dt>
                  <dd>{formatMoney(r.expectedBankBalance, cur)}</dd>
                </>
              )}
              <dt>{t('finance:reconciliation.bankBalance')}</dt>
              <dd>{formatMoney(r.bankBalance, cur)}</dd>
              <dt>{t('finance:reconciliation.difference')}</dt>
              <dd class={diffZero ? '' : 'danger-text'}>
                <strong>{formatMoney(r.difference, cur)}</strong>
              </dd>
            </dl>
            {r.problems && r.problems.length > 0 && (
              <Alert kind="error">
                <ul class="plain">
                  {r.problems.map((p, i) => (
                    <li key={i}>
                      <Problem text={p} />
                    </li>
                  ))}
                </ul>
              </Alert>
            )}
          </section>
          {r.mismatches.length > 0 && (
            <section class="card">
              <ObjTable
                rows={r.mismatches}
                caption={t('finance:reconciliation.mismatches', { n: r.mismatches.length })}
                bad
                testid="mismatches"
              />
            </section>
          )}
          {r.bankUnmatched.length > 0 && (
            <section class="card">
              <ObjTable
                rows={r.bankUnmatched}
                caption={t('finance:reconciliation.unmatchedBankLines', { n: r.bankUnmatched.length })}
                bad
              />
            </section>
          )}
          {r.payoutsAwaitingBank && r.payoutsAwaitingBank.length > 0 && (
            <section class="card">
              <ObjTable
                rows={r.payoutsAwaitingBank}
                caption={t('finance:reconciliation.payoutsAwaitingBank', { n: r.payoutsAwaitingBank.length })}
              />
            </section>
          )}
        </>
      )}
    </div>
  );
}
