import { Money } from '@saoma/money';
import type { DataSource } from 'typeorm';
import { openTestDataSource } from '../../../test/support/test-database';
import { LedgerError } from '../src/ledger-error';
import { LedgerRepository } from '../src/ledger.repository';
import { LedgerService } from '../src/ledger.service';
import { PlatformAccount, WalletAccount } from '../src/chart-of-accounts';

const cny = (s: string) => Money.parse(s, 'CNY');

describe('ledger posting', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let ledger: LedgerService;

  beforeAll(async () => {
    ({ ds, close } = await openTestDataSource());
    ledger = new LedgerService(new LedgerRepository(ds));
  });
  afterAll(() => close());

  async function fundedWallet(amount: string) {
    const bank = await ledger.ensureAccount(PlatformAccount.bank('CNY'));
    const wallet = await ledger.ensureAccount(WalletAccount.consumer(crypto.randomUUID(), 'CNY'));
    await ledger.post({
      kind: 'topup',
      reference: `topup:${crypto.randomUUID()}`,
      postings: [
        { accountId: bank.id, side: 'D', amount: cny(amount) },
        { accountId: wallet.id, side: 'C', amount: cny(amount) },
      ],
    });
    return { bank, wallet };
  }

  it('credits a wallet and debits the bank with one balanced entry', async () => {
    const { wallet } = await fundedWallet('100.00');
    const b = await ledger.balance(wallet.id);
    expect(b.posted.format()).toBe('100.00');
  });

  it('refuses an unbalanced entry before touching the database', async () => {
    const { bank, wallet } = await fundedWallet('1.00');
    await expect(
      ledger.post({
        kind: 'adjustment',
        reference: `x:${crypto.randomUUID()}`,
        postings: [
          { accountId: bank.id, side: 'D', amount: cny('1.00') },
          { accountId: wallet.id, side: 'C', amount: cny('0.99') },
        ],
      }),
    ).rejects.toMatchObject({ code: 'unbalanced_entry' });
  });

  it('refuses a debit that would take a wallet below zero and replays the refusal under its reference', async () => {
    const { bank, wallet } = await fundedWallet('5.00');
    const entry = {
      kind: 'withdrawal',
      reference: `w:${crypto.randomUUID()}`,
      postings: [
        { accountId: wallet.id, side: 'D' as const, amount: cny('5.01') },
        { accountId: bank.id, side: 'C' as const, amount: cny('5.01') },
      ],
    };
    await expect(ledger.post(entry)).rejects.toMatchObject({ code: 'insufficient_funds' });
    // more money arrives, but the refused reference stays refused
    await fundedWallet('1.00');
    await expect(ledger.post(entry)).rejects.toBeInstanceOf(LedgerError);
    expect((await ledger.balance(wallet.id)).posted.format()).toBe('5.00');
  });

  it('returns the original entry for the same reference and content, and refuses other content', async () => {
    const { bank, wallet } = await fundedWallet('10.00');
    const reference = `p:${crypto.randomUUID()}`;
    const entry = (amount: string) => ({
      kind: 'payment',
      reference,
      postings: [
        { accountId: wallet.id, side: 'D' as const, amount: cny(amount) },
        { accountId: bank.id, side: 'C' as const, amount: cny(amount) },
      ],
    });
    const first = await ledger.post(entry('3.00'));
    const again = await ledger.post(entry('3.00'));
    expect(again.replayed).toBe(true);
    expect(again.entry.id).toBe(first.entry.id);
    await expect(ledger.post(entry('4.00'))).rejects.toMatchObject({ code: 'reference_conflict' });
    expect((await ledger.balance(wallet.id)).posted.format()).toBe('7.00');
  });
});
