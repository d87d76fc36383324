/*
 * The finance console's day: trial balance, a bank statement matched, the
 * payouts, the reconciliation, and a purpose-logged look-up the consumer sees.
 */
import fs from 'node:fs';
import path from 'node:path';
import { check, expect, shoot } from '../support';
import type { WalletJourney } from './journey';

export async function financeDay(j: WalletJourney): Promise<void> {
  const { finance, wallet, tmp } = j;

  await check('finance console: trial balance is balanced', async () => {
    await finance.getByRole('link', { name: 'Trial balance' }).click();
    await finance.getByTestId('trial-balance').waitFor();
    await finance.getByText('✓ debits = credits').waitFor();
    await shoot(finance, 'finance-23-trial-balance');
  });

  await check('finance console: a bank statement upload shows matched and unmatched lines', async () => {
    await finance.getByRole('link', { name: 'Bank statements' }).click();
    const today = new Date().toISOString().slice(0, 10);
    const csv = path.join(tmp, 'bank.csv');
    fs.writeFileSync(
      csv,
      `date,amount,currency,direction,reference,counterparty\n${today},2000.00,CNY,credit,${j.topupRef},Mei Lin\n${today},99.00,CNY,credit,UNKNOWN-REF-1,Someone\n`,
    );
    await finance.getByLabel('Statement file').setInputFiles(csv);
    await finance.getByRole('button', { name: 'Upload and match' }).click();
    const result = finance.getByTestId('statement-result');
    await result.waitFor();
    await result.getByText('1 matched').waitFor();
    await result.getByText('1 unmatched').waitFor();
    await shoot(finance, 'finance-24-bank-statement');
  });

  await check('finance console: run the payouts of the day', async () => {
    await finance.getByRole('link', { name: 'Payouts' }).click();
    finance.once('dialog', (d) => void d.accept());
    await finance.getByRole('button', { name: 'Run payouts' }).click();
    await finance.getByTestId('payout-run').waitFor();
    await shoot(finance, 'finance-25-payouts');
  });

  await check('finance console: the reconciliation report of the day', async () => {
    await finance.getByRole('link', { name: 'Reconciliation' }).click();
    const rep = finance.getByTestId('reconciliation');
    await rep.waitFor();
    await rep.getByText('Ledger balanced').waitFor();
    // the unknown bank line of the upload is listed, highlighted
    await finance.getByText(/Unmatched bank lines/).waitFor();
    expect((await finance.locator('tr.bad').count()) >= 1, 'no highlighted line');
    await shoot(finance, 'finance-26-reconciliation');
  });

  await check('finance console: a purpose-logged look-up, which the consumer then sees', async () => {
    await finance.getByRole('link', { name: 'Consumer look-up' }).click();
    await finance.getByLabel('Consumer wallet ID').fill(j.walletId);
    await finance.getByLabel('Purpose').fill('support ticket 4711: disputed refund');
    await finance.getByRole('button', { name: 'Look up' }).click();
    await finance.getByTestId('consumer').getByText('Mei Lin').waitFor();
    await shoot(finance, 'finance-27-consumer-lookup');
    await wallet.getByRole('link', { name: 'Account' }).click();
    await wallet.getByText('support ticket 4711: disputed refund', { exact: false }).waitFor();
    await shoot(wallet, 'wallet-12-access-log');
  });
}
