import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, bearer, unwrap } from '../../shared/api/client';
import { t } from '../../shared/i18n';
import { MoneyCell, TableHead, num } from '../../shared/table';
import { ErrorBox, Select, Spinner, useLoad, useScreen } from '../../shared/ui';
import { YesNo } from '../components/yes-no';
import { CURRENCIES, appName } from '../config';
import { financeMessages } from '../messages';
import type { Ctx } from '../types';

/** The trial balance of one currency: every account's debits, credits and balance. */
export function TrialBalance(ctx: Ctx): JSX.Element {
  useScreen(t('finance:trialBalance.title'), appName());
  const [currency, setCurrency] = useState('CNY');
  const tb = useLoad(
    () =>
      ctx.guard(
        unwrap(api.GET('/v1/finance/trial-balance', { headers: bearer(ctx.key), params: { query: { currency } } })),
      ),
    [currency],
  );
  const tbd = tb.data;
  return (
    <div>
      <h1>{t('finance:trialBalance.title')}</h1>
      <div class="row">
        <Select label={t('finance:fields.currency')} value={currency} onValue={setCurrency} options={CURRENCIES} />
      </div>
      {tb.loading && <Spinner />}
      <ErrorBox error={tb.error} messages={financeMessages()} />
      {tbd && (
        <div class="card table-wrap">
          <p>
            {t('finance:trialBalance.ledgerBalanced')}{' '}
            <YesNo
              ok={tbd.balanced}
              yes={t('finance:trialBalance.balanced')}
              no={t('finance:trialBalance.unbalanced')}
            />
          </p>
          <table data-testid="trial-balance" class="stack-sm">
            <TableHead
              cols={[
                t('finance:trialBalance.account'),
                t('finance:trialBalance.type'),
                num(t('finance:trialBalance.debits')),
                num(t('finance:trialBalance.credits')),
                num(t('finance:trialBalance.balance')),
              ]}
            />
            <tbody>
              {tbd.accounts.map((a) => (
                <tr key={a.id}>
                  <td class="full" translate={false}>
                    <strong>{a.name}</strong>
                    {a.code && <div class="muted small mono">{a.code}</div>}
                  </td>
                  <td data-label={t('finance:trialBalance.type')}>{t(`finance:trialBalance.types.${a.type}`)}</td>
                  <MoneyCell label={t('finance:trialBalance.debits')} amount={a.debits} currency={tbd.currency} />
                  <MoneyCell label={t('finance:trialBalance.credits')} amount={a.credits} currency={tbd.currency} />
                  <MoneyCell label={t('finance:trialBalance.balance')} amount={a.balance} currency={tbd.currency} />
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={2}>
                  {t('finance:trialBalance.total')}
                </th>
                <MoneyCell
                  label={t('finance:trialBalance.totalDebits')}
                  amount={tbd.totalDebits}
                  currency={tbd.currency}
                  strong
                />
                <MoneyCell
                  label={t('finance:trialBalance.totalCredits')}
                  amount={tbd.totalCredits}
                  currency={tbd.currency}
                  strong
                />
                <td class="empty" />
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </div>
  );
}
