import crypto from 'node:crypto';
import { Money } from '@saoma/money';
import type { DataSource } from 'typeorm';
import { openTestDataSource } from '../../../test/support/test-database';
import { PlatformAccount, WalletAccount } from '../src/chart-of-accounts';
import { LedgerRepository } from '../src/ledger.repository';
import { LedgerService } from '../src/ledger.service';
import type { Account } from '../src/ledger.types';

const cny = (s: string) => Money.parse(s, 'CNY');

/**
 * Credits are appended as deltas and folded apart; a debit of a floored
 * account folds its own deltas under its lock. Whatever the interleaving,
 * every balance is the sum of its postings.
 */
describe('ledger: appended deltas and folding', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let repo: LedgerRepository;
  let ledger: LedgerService;
  let bank: Account;
  let fee: Account;

  beforeAll(async () => {
    ({ ds, close } = await openTestDataSource({ poolSize: 30 }));
    repo = new LedgerRepository(ds);
    ledger = new LedgerService(repo);
    bank = await ledger.ensureAccount(PlatformAccount.bank('CNY'));
    fee = await ledger.ensureAccount(PlatformAccount.feeRevenue('CNY'));
  });
  afterAll(() => close());

  const wallet = () => ledger.ensureAccount(WalletAccount.consumer(crypto.randomUUID(), 'CNY'));
  const move = (from: Account, to: Account, amount: string) =>
    ledger.post({
      kind: 'transfer',
      reference: `t:${crypto.randomUUID()}`,
      postings: [
        { accountId: from.id, side: 'D', amount: cny(amount) },
        { accountId: to.id, side: 'C', amount: cny(amount) },
      ],
    });
  const balance = async (a: Account) => (await ledger.balance(a.id)).posted.format();
  const deltasOf = async (a: Account) =>
    Number((await ds.query(`SELECT count(*) AS n FROM ledger_account_deltas WHERE account_id = $1`, [a.id]))[0].n);
  /** The stored counters against the sum of the postings, for every account that differs. */
  const postingsDisagree = () =>
    ds.query(`
      SELECT b.id FROM ledger_balances b
        LEFT JOIN (SELECT account_id, sum(amount) FILTER (WHERE side = 'D') AS d, sum(amount) FILTER (WHERE side = 'C') AS c
                     FROM ledger_postings GROUP BY account_id) p ON p.account_id = b.id
       WHERE b.debits_posted <> coalesce(p.d, 0) OR b.credits_posted <> coalesce(p.c, 0)`);

  it('appends a credit without touching the account row, and shows it in the balance at once', async () => {
    const w = await wallet();
    const [{ version: before }] = await ds.query(`SELECT version FROM ledger_accounts WHERE id = $1`, [w.id]);
    await move(bank, w, '3.00');
    await move(bank, w, '4.00');
    expect(await deltasOf(w)).toBe(2);
    const [{ version: after }] = await ds.query(`SELECT version FROM ledger_accounts WHERE id = $1`, [w.id]);
    expect(after).toBe(before);
    expect(await balance(w)).toBe('7.00');
  });

  it('folds a floored account\u2019s deltas when it is debited, so the floor sees the whole balance', async () => {
    const w = await wallet();
    await move(bank, w, '3.00');
    await move(bank, w, '4.00');
    await move(w, fee, '7.00');
    expect(await deltasOf(w)).toBe(0);
    expect(await balance(w)).toBe('0.00');
    await expect(move(w, fee, '0.01')).rejects.toMatchObject({ code: 'insufficient_funds' });
  });

  it('folds apart idempotently: the balance is the same before, after and after a second fold', async () => {
    const w = await wallet();
    await move(bank, w, '5.00');
    const before = await balance(w);
    await repo.fold(1_000_000);
    expect(await deltasOf(w)).toBe(0);
    expect(await balance(w)).toBe(before);
    expect(await repo.fold(1_000_000)).toBe(0);
    expect(await balance(w)).toBe(before);
  });

  it('keeps every balance the sum of its postings while folds race credits and debits', async () => {
    const payers = await Promise.all(Array.from({ length: 20 }, () => wallet()));
    const shop = await ledger.ensureAccount(WalletAccount.merchant(crypto.randomUUID(), 'CNY'));
    await Promise.all(payers.map((p) => move(bank, p, '10.00')));
    const folds = Array.from({ length: 10 }, () => repo.fold(50));
    const pays = payers.flatMap((p) => [move(p, shop, '4.00'), move(p, shop, '4.00'), move(p, shop, '4.00')]);
    const results = await Promise.allSettled([...pays, ...folds]);
    const paid = results.slice(0, pays.length).filter((r) => r.status === 'fulfilled').length;
    // each wallet pays twice of three: the third would go below zero
    expect(paid).toBe(40);
    expect(await balance(shop)).toBe('160.00');
    expect(await Promise.all(payers.map(balance))).toEqual(Array(20).fill('2.00'));
    expect(await postingsDisagree()).toEqual([]);
    await repo.fold(1_000_000);
    expect(await postingsDisagree()).toEqual([]);
    expect(await balance(shop)).toBe('160.00');
  });
});
