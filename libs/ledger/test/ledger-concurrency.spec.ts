import crypto from 'node:crypto';
import { sqlState } from '@saoma/database';
import { Money } from '@saoma/money';
import type { DataSource } from 'typeorm';
import { openTestDataSource } from '../../../test/support/test-database';
import { PlatformAccount, WalletAccount } from '../src/chart-of-accounts';
import { LedgerError } from '../src/ledger-error';
import { LedgerRepository } from '../src/ledger.repository';
import { LedgerService } from '../src/ledger.service';
import type { Account, EntryInput, PostResult } from '../src/ledger.types';

const cny = (s: string) => Money.parse(s, 'CNY');
const POOL_SIZE = 30;

/** Outcomes of many parallel calls, sorted into successes and failures. */
async function settle<T>(calls: Array<Promise<T>>): Promise<{ ok: T[]; failed: unknown[] }> {
  const results = await Promise.allSettled(calls);
  return {
    ok: results
      .filter((r): r is PromiseFulfilledResult<Awaited<T>> => r.status === 'fulfilled')
      .map((r) => r.value as T),
    failed: results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as unknown),
  };
}

/** What reached the caller, for readable failure messages: the ledger code, else the SQLSTATE, else the message. */
function describeFailure(err: unknown): string {
  if (err instanceof LedgerError) return err.code;
  return `${sqlState(err) ?? 'no-sqlstate'}: ${err instanceof Error ? err.message : String(err)}`;
}

describe('ledger under concurrent posting', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let ledger: LedgerService;
  let bank: Account;
  let fee: Account;

  beforeAll(async () => {
    ({ ds, close } = await openTestDataSource({ poolSize: POOL_SIZE }));
    ledger = new LedgerService(new LedgerRepository(ds));
    bank = await ledger.ensureAccount(PlatformAccount.bank('CNY'));
    fee = await ledger.ensureAccount(PlatformAccount.feeRevenue('CNY'));
  });
  afterAll(() => close());

  async function wallet(): Promise<Account> {
    return ledger.ensureAccount(WalletAccount.consumer(crypto.randomUUID(), 'CNY'));
  }

  async function merchant(): Promise<Account> {
    return ledger.ensureAccount(WalletAccount.merchant(crypto.randomUUID(), 'CNY'));
  }

  async function topup(account: Account, amount: string): Promise<PostResult> {
    return ledger.post({
      kind: 'topup',
      reference: `topup:${crypto.randomUUID()}`,
      postings: [
        { accountId: bank.id, side: 'D', amount: cny(amount) },
        { accountId: account.id, side: 'C', amount: cny(amount) },
      ],
    });
  }

  async function balanceOf(account: Account): Promise<string> {
    return (await ledger.balance(account.id)).posted.format();
  }

  it('lets exactly as many parallel debits through as the wallet can pay, refusing the rest with insufficient_funds', async () => {
    const payer = await wallet();
    const shop = await merchant();
    await topup(payer, '50.00');

    const { ok, failed } = await settle(
      Array.from({ length: 100 }, (_, i) =>
        ledger.post({
          kind: 'payment',
          reference: `debit:${payer.id}:${i}`,
          postings: [
            { accountId: payer.id, side: 'D', amount: cny('1.00') },
            { accountId: shop.id, side: 'C', amount: cny('1.00') },
          ],
        }),
      ),
    );

    expect(failed.map(describeFailure)).toEqual(Array(50).fill('insufficient_funds'));
    expect(ok).toHaveLength(50);
    expect(ok.every((r) => !r.replayed)).toBe(true);
    expect(new Set(ok.map((r) => r.entry.id)).size).toBe(50);
    expect(await balanceOf(payer)).toBe('0.00');
    expect(await balanceOf(shop)).toBe('50.00');
    // every refusal was recorded under its reference, every success posted once
    const rows: Array<{ status: string; n: string }> = await ds.query(
      `SELECT status, count(*)::text AS n FROM ledger_entries WHERE reference LIKE $1 GROUP BY status ORDER BY status`,
      [`debit:${payer.id}:%`],
    );
    expect(rows).toEqual([
      { status: 'posted', n: '50' },
      { status: 'refused', n: '50' },
    ]);
    expect(await ledger.verifyBalances()).toEqual([]);
  });

  it('posts 200 parallel payments from distinct wallets into one merchant and the fee account with exact totals', async () => {
    const shop = await merchant();
    const payers: Account[] = [];
    for (let i = 0; i < 200; i++) payers.push(await wallet());
    await Promise.all(payers.map((p) => topup(p, '10.00')));
    const feeBefore = (await ledger.balance(fee.id)).posted;

    const { ok, failed } = await settle(
      payers.map((p) =>
        ledger.post({
          kind: 'payment',
          reference: `pay:${p.id}`,
          postings: [
            { accountId: p.id, side: 'D', amount: cny('10.00') },
            { accountId: shop.id, side: 'C', amount: cny('9.94') },
            { accountId: fee.id, side: 'C', amount: cny('0.06') },
          ],
        }),
      ),
    );

    expect(failed.map(describeFailure)).toEqual([]);
    expect(ok).toHaveLength(200);
    expect(await balanceOf(shop)).toBe('1988.00');
    expect((await ledger.balance(fee.id)).posted.sub(feeBefore).format()).toBe('12.00');
    const drained = await Promise.all(payers.map((p) => balanceOf(p)));
    expect(drained.every((b) => b === '0.00')).toBe(true);
    const tb = await ledger.trialBalance('CNY');
    expect(tb.balanced).toBe(true);
    expect(tb.totalDebits.equals(tb.totalCredits)).toBe(true);
    expect(await ledger.verifyBalances()).toEqual([]);
  });

  it('posts one entry for 50 parallel calls with the same reference and content, and answers all of them with it', async () => {
    const payer = await wallet();
    const shop = await merchant();
    await topup(payer, '20.00');
    const reference = `same:${crypto.randomUUID()}`;
    const input: EntryInput = {
      kind: 'payment',
      reference,
      postings: [
        { accountId: payer.id, side: 'D', amount: cny('7.00') },
        { accountId: shop.id, side: 'C', amount: cny('7.00') },
      ],
    };

    const { ok, failed } = await settle(Array.from({ length: 50 }, () => ledger.post(input)));

    expect(failed.map(describeFailure)).toEqual([]);
    expect(ok).toHaveLength(50);
    expect(new Set(ok.map((r) => r.entry.id)).size).toBe(1);
    expect(ok.filter((r) => !r.replayed)).toHaveLength(1);
    expect(ok.filter((r) => r.replayed)).toHaveLength(49);
    // a replay answers with the whole entry, postings included
    expect(ok.every((r) => r.entry.postings.length === 2)).toBe(true);
    const [{ n }]: Array<{ n: string }> = await ds.query(
      `SELECT count(*)::text AS n FROM ledger_entries WHERE reference = $1`,
      [reference],
    );
    expect(n).toBe('1');
    expect(await balanceOf(payer)).toBe('13.00');
    expect(await balanceOf(shop)).toBe('7.00');
  });

  it('runs 100 parallel transfers in opposite directions between two wallets without a deadlock reaching the caller', async () => {
    const a = await wallet();
    const b = await wallet();
    await topup(a, '100.00');
    await topup(b, '100.00');
    const transfer = (from: Account, to: Account, amount: string, i: number) =>
      ledger.post({
        kind: 'transfer',
        reference: `transfer:${from.id}:${to.id}:${i}`,
        postings: [
          { accountId: from.id, side: 'D', amount: cny(amount) },
          { accountId: to.id, side: 'C', amount: cny(amount) },
        ],
      });

    // interleaved so that both directions are in flight at once
    const { ok, failed } = await settle(
      Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? transfer(a, b, '1.00', i) : transfer(b, a, '0.50', i))),
    );

    expect(failed.map(describeFailure)).toEqual([]);
    expect(ok).toHaveLength(100);
    // A: 100.00 − 50 × 1.00 + 50 × 0.50; B: the mirror
    expect(await balanceOf(a)).toBe('75.00');
    expect(await balanceOf(b)).toBe('125.00');
    expect(await ledger.verifyBalances()).toEqual([]);
  });
});
