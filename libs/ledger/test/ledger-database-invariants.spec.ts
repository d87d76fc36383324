import crypto from 'node:crypto';
import { sqlState } from '@saoma/database';
import { Money } from '@saoma/money';
import type { DataSource, EntityManager } from 'typeorm';
import { openTestDataSource } from '../../../test/support/test-database';
import { PlatformAccount, WalletAccount } from '../src/chart-of-accounts';
import { LedgerRepository } from '../src/ledger.repository';
import { LedgerService } from '../src/ledger.service';
import type { Account, EntryInput, PostResult } from '../src/ledger.types';

const cny = (s: string) => Money.parse(s, 'CNY');

/** The SQLSTATE and constraint of a failed promise (fails the test when it succeeded). */
async function failure(p: Promise<unknown>): Promise<{ code: string | undefined; constraint: string | undefined }> {
  try {
    await p;
  } catch (err) {
    const e = err as { constraint?: string; driverError?: { constraint?: string } };
    return { code: sqlState(err), constraint: e.driverError?.constraint ?? e.constraint };
  }
  throw new Error('expected the database to refuse, but it accepted');
}

describe('ledger database invariants', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let ledger: LedgerService;
  let bank: Account;

  beforeAll(async () => {
    ({ ds, close } = await openTestDataSource());
    ledger = new LedgerService(new LedgerRepository(ds));
    bank = await ledger.ensureAccount(PlatformAccount.bank('CNY'));
  });
  afterAll(() => close());

  async function wallet(): Promise<Account> {
    return ledger.ensureAccount(WalletAccount.consumer(crypto.randomUUID(), 'CNY'));
  }

  function topupInput(account: Account, amount: string, extra: Partial<EntryInput> = {}): EntryInput {
    return {
      kind: 'topup',
      reference: `topup:${crypto.randomUUID()}`,
      postings: [
        { accountId: bank.id, side: 'D', amount: cny(amount) },
        { accountId: account.id, side: 'C', amount: cny(amount) },
      ],
      ...extra,
    };
  }

  async function fundedWallet(amount: string): Promise<{ account: Account; topup: PostResult }> {
    const account = await wallet();
    return { account, topup: await ledger.post(topupInput(account, amount)) };
  }

  async function rawEntry(em: Pick<EntityManager, 'query'>, status: 'posted' | 'refused' = 'posted'): Promise<string> {
    const rows: Array<{ id: string }> = await em.query(
      `INSERT INTO ledger_entries (kind, reference, status, refusal_code, content_hash) VALUES ('adjustment', $1, $2, $3, 'raw') RETURNING id`,
      [`raw:${crypto.randomUUID()}`, status, status === 'refused' ? 'insufficient_funds' : null],
    );
    return rows[0].id;
  }

  async function rawPosting(
    em: Pick<EntityManager, 'query'>,
    entryId: string,
    accountId: string,
    side: 'D' | 'C',
    amount: string | number,
    currency = 'CNY',
  ) {
    await em.query(
      `INSERT INTO ledger_postings (entry_id, account_id, side, amount, currency) VALUES ($1, $2, $3, $4, $5)`,
      [entryId, accountId, side, amount, currency],
    );
  }

  async function countRows(table: 'ledger_entries' | 'ledger_postings'): Promise<number> {
    const [{ n }]: Array<{ n: string }> = await ds.query(`SELECT count(*)::text AS n FROM ${table}`);
    return Number(n);
  }

  describe('the journal written with raw SQL', () => {
    it('refuses at COMMIT an entry whose debits and credits differ', async () => {
      const account = await wallet();
      const entriesBefore = await countRows('ledger_entries');
      const refused = await failure(
        ds.transaction(async (em) => {
          const id = await rawEntry(em);
          await rawPosting(em, id, bank.id, 'D', 100);
          await rawPosting(em, id, account.id, 'C', 99);
          // each statement went through: only the commit-time check refuses
        }),
      );
      expect(refused.code).toBe('SA002');
      expect(await countRows('ledger_entries')).toBe(entriesBefore);
    });

    it('refuses at COMMIT a posted entry without postings and a balanced entry with one side only', async () => {
      const account = await wallet();
      expect((await failure(ds.transaction((em) => rawEntry(em)))).code).toBe('SA002');
      const oneSided = await failure(
        ds.transaction(async (em) => {
          const id = await rawEntry(em);
          await rawPosting(em, id, account.id, 'D', 100);
        }),
      );
      expect(oneSided.code).toBe('SA002');
    });

    it('commits a balanced raw entry written in several statements', async () => {
      const account = await wallet();
      const id = await ds.transaction(async (em) => {
        const entryId = await rawEntry(em);
        await rawPosting(em, entryId, bank.id, 'D', 100);
        await rawPosting(em, entryId, account.id, 'C', 60);
        await rawPosting(em, entryId, account.id, 'C', 40);
        return entryId;
      });
      const [{ n }]: Array<{ n: string }> = await ds.query(
        `SELECT count(*)::text AS n FROM ledger_postings WHERE entry_id = $1`,
        [id],
      );
      expect(n).toBe('3');
      // raw postings bypass the balance counters, which verifyBalances reports; put the counters right
      await ds.query(`UPDATE ledger_accounts SET debits_posted = debits_posted + 100 WHERE id = $1`, [bank.id]);
      await ds.query(`UPDATE ledger_accounts SET credits_posted = credits_posted + 100 WHERE id = $1`, [account.id]);
      expect(await ledger.verifyBalances()).toEqual([]);
    });

    it('refuses at COMMIT an entry whose digest is not that of its postings, and commits one whose digest is', async () => {
      const account = await wallet();
      const entriesBefore = await countRows('ledger_entries');
      /** A raw entry whose digest is computed from `claimed`, then the postings `written`. */
      const entry = (claimed: Array<[string, 'D' | 'C', number]>, written: Array<[string, 'D' | 'C', number]>) =>
        ds.transaction(async (em) => {
          const reference = `raw:${crypto.randomUUID()}`;
          const [{ id }]: Array<{ id: string }> = await em.query(
            `INSERT INTO ledger_entries (kind, reference, status, content_hash, postings_digest)
             VALUES ('adjustment', $1, 'posted', 'raw', ledger_postings_digest('adjustment', $1, $2::uuid[], $3::bigint[]))
             RETURNING id`,
            [reference, claimed.map(([a]) => a), claimed.map(([, side, amount]) => (side === 'D' ? amount : -amount))],
          );
          for (const [a, side, amount] of written) await rawPosting(em, id, a, side, amount);
          return id;
        });
      // the same total, split otherwise: balanced, but not the postings the digest describes
      const split = await failure(
        entry(
          [
            [bank.id, 'D', 100],
            [account.id, 'C', 100],
          ],
          [
            [bank.id, 'D', 100],
            [account.id, 'C', 60],
            [account.id, 'C', 40],
          ],
        ),
      );
      expect(split.code).toBe('SA002');
      // the right amounts on the wrong accounts
      const other = await wallet();
      expect(
        (
          await failure(
            entry(
              [
                [bank.id, 'D', 100],
                [account.id, 'C', 100],
              ],
              [
                [bank.id, 'D', 100],
                [other.id, 'C', 100],
              ],
            ),
          )
        ).code,
      ).toBe('SA002');
      expect(await countRows('ledger_entries')).toBe(entriesBefore);

      const id = await entry(
        [
          [bank.id, 'D', 100],
          [account.id, 'C', 100],
        ],
        [
          [account.id, 'C', 100],
          [bank.id, 'D', 100],
        ],
      );
      const [{ digest }]: Array<{ digest: string | null }> = await ds.query(
        `SELECT postings_digest::text AS digest FROM ledger_entries WHERE id = $1`,
        [id],
      );
      expect(digest).toMatch(/^-?\d+$/);
      // no digest may be changed afterwards, nor put on a refused entry
      expect(
        (await failure(ds.query(`UPDATE ledger_entries SET postings_digest = postings_digest + 1 WHERE id = $1`, [id])))
          .code,
      ).toBe('SA001');
      expect(
        await failure(
          ds.query(
            `INSERT INTO ledger_entries (kind, reference, status, refusal_code, content_hash, postings_digest) VALUES ('adjustment', $1, 'refused', 'insufficient_funds', 'raw', 1)`,
            [`raw:${crypto.randomUUID()}`],
          ),
        ),
      ).toEqual({ code: '23514', constraint: 'ck_ledger_entries_digest' });
      await ds.query(`UPDATE ledger_accounts SET debits_posted = debits_posted + 100 WHERE id = $1`, [bank.id]);
      await ds.query(`UPDATE ledger_accounts SET credits_posted = credits_posted + 100 WHERE id = $1`, [account.id]);
    });

    it('refuses to UPDATE, DELETE or TRUNCATE a posting', async () => {
      const { topup } = await fundedWallet('10.00');
      const postingId = topup.entry.postings[0].id;
      expect(
        (await failure(ds.query(`UPDATE ledger_postings SET amount = amount + 1 WHERE id = $1`, [postingId]))).code,
      ).toBe('SA001');
      expect((await failure(ds.query(`DELETE FROM ledger_postings WHERE id = $1`, [postingId]))).code).toBe('SA001');
      expect((await failure(ds.query(`TRUNCATE ledger_postings`))).code).toBe('SA001');
      const [{ amount }]: Array<{ amount: string }> = await ds.query(
        `SELECT amount::text FROM ledger_postings WHERE id = $1`,
        [postingId],
      );
      expect(amount).toBe('1000');
    });

    it('refuses to UPDATE or DELETE an entry', async () => {
      const { topup } = await fundedWallet('10.00');
      const id = topup.entry.id;
      expect((await failure(ds.query(`UPDATE ledger_entries SET kind = 'other' WHERE id = $1`, [id]))).code).toBe(
        'SA001',
      );
      expect((await failure(ds.query(`UPDATE ledger_entries SET metadata = '{"x":1}' WHERE id = $1`, [id]))).code).toBe(
        'SA001',
      );
      expect((await failure(ds.query(`DELETE FROM ledger_entries WHERE id = $1`, [id]))).code).toBe('SA001');
      expect((await ledger.getEntry(id))?.kind).toBe('topup');
    });

    it('refuses a posting added to an entry of an earlier transaction, even a balanced pair', async () => {
      const { account, topup } = await fundedWallet('10.00');
      const refused = await failure(
        ds.transaction(async (em) => {
          await rawPosting(em, topup.entry.id, bank.id, 'D', 500);
          await rawPosting(em, topup.entry.id, account.id, 'C', 500);
        }),
      );
      expect(refused.code).toBe('SA003');
      expect((await ledger.getEntry(topup.entry.id))?.postings).toHaveLength(2);
    });

    it('refuses a posting added to an entry that another transaction committed after this one began', async () => {
      const account = await wallet();
      const refused = await failure(
        ds.transaction(async (em) => {
          // this transaction takes its id first; the entry below gets a newer one
          await em.query(`SELECT pg_current_xact_id()`);
          const newer = await ledger.post(topupInput(account, '1.00'));
          await rawPosting(em, newer.entry.id, bank.id, 'D', 500);
        }),
      );
      expect(refused.code).toBe('SA003');
    });

    it('refuses a posting for a refused entry', async () => {
      const account = await wallet();
      const refused = await failure(
        ds.transaction(async (em) => {
          const id = await rawEntry(em, 'refused');
          await rawPosting(em, id, account.id, 'D', 1);
        }),
      );
      expect(refused.code).toBe('SA003');
    });

    it('refuses a posting whose currency is not its account’s', async () => {
      const account = await wallet();
      const refused = await failure(
        ds.transaction(async (em) => {
          const id = await rawEntry(em);
          await rawPosting(em, id, bank.id, 'D', 100, 'USD');
          await rawPosting(em, id, account.id, 'C', 100, 'USD');
        }),
      );
      expect(refused).toEqual({ code: '23503', constraint: 'fk_ledger_postings_account' });
    });

    it.each([['0'], ['-100']])('refuses a posting amount of %s', async (amount) => {
      const account = await wallet();
      const refused = await failure(
        ds.transaction(async (em) => {
          const id = await rawEntry(em);
          await rawPosting(em, id, bank.id, 'D', amount);
          await rawPosting(em, id, account.id, 'C', amount);
        }),
      );
      expect(refused).toEqual({ code: '23514', constraint: 'ck_ledger_postings_amount' });
    });

    it('lets a caller post inside a savepoint of its own transaction', async () => {
      const account = await wallet();
      const input = topupInput(account, '3.00');
      await ds.transaction(async (em) => {
        await em.transaction(async (inner) => {
          await ledger.post(input, inner);
        });
      });
      expect((await ledger.balance(account.id)).posted.format()).toBe('3.00');
      expect((await ledger.getEntryByReference(input.reference))?.postings).toHaveLength(2);
    });

    it('replays, postings included, a reference posted earlier in the same caller transaction', async () => {
      const account = await wallet();
      const input = topupInput(account, '4.00');
      const [first, again] = await ds.transaction(async (em) => [
        await ledger.post(input, em),
        await ledger.post(input, em),
      ]);
      expect(again.replayed).toBe(true);
      expect(again.entry.id).toBe(first.entry.id);
      expect(again.entry.postings.map((p) => [p.accountId, p.side, p.amount.format()])).toEqual(
        first.entry.postings.map((p) => [p.accountId, p.side, p.amount.format()]),
      );
      expect((await ledger.balance(account.id)).posted.format()).toBe('4.00');
    });
  });

  describe('account balances', () => {
    it('refuses a raw UPDATE that takes a wallet below zero', async () => {
      const { account } = await fundedWallet('5.00');
      // the top-up's credit was appended; folded, it is in the stored counters the CHECK guards
      await ledger.fold();
      const refused = await failure(
        ds.query(`UPDATE ledger_accounts SET debits_posted = debits_posted + 501 WHERE id = $1`, [account.id]),
      );
      expect(refused).toEqual({ code: '23514', constraint: 'ck_ledger_accounts_not_negative' });
      // exactly zero is allowed, and so is an account that may go negative
      await ds.query(`UPDATE ledger_accounts SET debits_posted = debits_posted + 500 WHERE id = $1`, [account.id]);
      expect((await ledger.balance(account.id)).posted.format()).toBe('0.00');
      await ds.query(`UPDATE ledger_accounts SET debits_posted = debits_posted - 500 WHERE id = $1`, [account.id]);
      expect((await ledger.balance(account.id)).posted.format()).toBe('5.00');
    });

    it('lists an account whose stored balance was nudged with SQL, and nothing once it is put back', async () => {
      const { account } = await fundedWallet('8.00');
      expect(await ledger.verifyBalances()).toEqual([]);
      await ds.query(`UPDATE ledger_accounts SET credits_posted = credits_posted + 1 WHERE id = $1`, [account.id]);
      expect(await ledger.verifyBalances()).toEqual([
        {
          accountId: account.id,
          code: account.code,
          storedDebits: '0',
          storedCredits: '801',
          postedDebits: '0',
          postedCredits: '800',
        },
      ]);
      await ds.query(`UPDATE ledger_accounts SET credits_posted = credits_posted - 1 WHERE id = $1`, [account.id]);
      expect(await ledger.verifyBalances()).toEqual([]);
    });
  });

  describe('reverse()', () => {
    it('posts the mirror image of an entry, restoring the balances, and refuses a second reversal', async () => {
      const a = (await fundedWallet('30.00')).account;
      const b = await wallet();
      const bankBefore = (await ledger.balance(bank.id)).posted;
      const transfer = await ledger.post({
        kind: 'transfer',
        reference: `t:${crypto.randomUUID()}`,
        postings: [
          { accountId: a.id, side: 'D', amount: cny('12.50') },
          { accountId: b.id, side: 'C', amount: cny('12.50') },
        ],
      });
      expect((await ledger.balance(a.id)).posted.format()).toBe('17.50');

      const reversal = await ledger.reverse(transfer.entry.id, `rev:${crypto.randomUUID()}`, { reason: 'test' });

      expect(reversal.replayed).toBe(false);
      expect(reversal.entry.reversesEntryId).toBe(transfer.entry.id);
      expect(reversal.entry.kind).toBe('transfer');
      expect(reversal.entry.metadata).toEqual({ reason: 'test', reverses: transfer.entry.reference });
      const mirror = (r: PostResult) =>
        r.entry.postings.map((p) => `${p.accountId}:${p.side}:${p.amount.format()}`).sort();
      expect(mirror(reversal)).toEqual([`${a.id}:C:12.50`, `${b.id}:D:12.50`].sort());
      expect((await ledger.balance(a.id)).posted.format()).toBe('30.00');
      expect((await ledger.balance(b.id)).posted.format()).toBe('0.00');
      expect((await ledger.balance(bank.id)).posted.equals(bankBefore)).toBe(true);

      await expect(ledger.reverse(transfer.entry.id, `rev:${crypto.randomUUID()}`)).rejects.toMatchObject({
        code: 'already_reversed',
      });
      expect((await ledger.balance(a.id)).posted.format()).toBe('30.00');
      expect(await ledger.verifyBalances()).toEqual([]);
    });

    it('replays a reversal retried under its own reference', async () => {
      const { topup } = await fundedWallet('2.00');
      const reference = `rev:${crypto.randomUUID()}`;
      const first = await ledger.reverse(topup.entry.id, reference);
      const again = await ledger.reverse(topup.entry.id, reference);
      expect(again).toMatchObject({ replayed: true, entry: { id: first.entry.id } });
    });

    it('refuses to reverse a top-up whose money has already been spent', async () => {
      const { account, topup } = await fundedWallet('5.00');
      await ledger.post({
        kind: 'withdrawal',
        reference: `w:${crypto.randomUUID()}`,
        postings: [
          { accountId: account.id, side: 'D', amount: cny('4.00') },
          { accountId: bank.id, side: 'C', amount: cny('4.00') },
        ],
      });
      await expect(ledger.reverse(topup.entry.id, `rev:${crypto.randomUUID()}`)).rejects.toMatchObject({
        code: 'insufficient_funds',
      });
      expect((await ledger.balance(account.id)).posted.format()).toBe('1.00');
    });
  });

  describe('balanceAt()', () => {
    it('counts only the entries effective at or before the given time', async () => {
      const account = await wallet();
      await ledger.post(topupInput(account, '10.00', { effectiveAt: new Date('2025-01-01T00:00:00Z') }));
      await ledger.post(topupInput(account, '5.00', { effectiveAt: new Date('2025-01-03T00:00:00Z') }));

      const at = async (iso: string) => (await ledger.balanceAt(account.id, new Date(iso))).format();
      expect(await at('2024-12-31T23:59:59Z')).toBe('0.00');
      expect(await at('2025-01-01T00:00:00Z')).toBe('10.00');
      expect(await at('2025-01-02T12:00:00Z')).toBe('10.00');
      expect(await at('2025-01-03T00:00:00Z')).toBe('15.00');
      expect(await at('2030-01-01T00:00:00Z')).toBe('15.00');
      // the bank is debit-normal: its balance at a time is on its own side
      expect((await ledger.balanceAt(bank.id, new Date('2025-01-02T00:00:00Z'))).isPositive()).toBe(true);
    });
  });

  describe('statement()', () => {
    it('pages newest first with a running balance that carries across pages, ending with a null cursor', async () => {
      const account = await wallet();
      const references: string[] = [];
      const amounts = ['1.00', '2.00', '3.00', '4.00', '5.00', '6.00', '7.00'];
      for (const [i, amount] of amounts.entries()) {
        // every third line takes money out again
        const out = i % 3 === 2;
        const input: EntryInput = {
          kind: out ? 'withdrawal' : 'topup',
          reference: `s:${crypto.randomUUID()}`,
          postings: [
            { accountId: out ? account.id : bank.id, side: 'D', amount: cny(amount) },
            { accountId: out ? bank.id : account.id, side: 'C', amount: cny(amount) },
          ],
        };
        await ledger.post(input);
        references.push(input.reference);
      }
      const final = (await ledger.balance(account.id)).posted;
      expect(final.format()).toBe('10.00');

      const pages = [];
      let cursor: string | null = null;
      do {
        const page = await ledger.statement(account.id, { limit: 3, cursor });
        pages.push(page);
        cursor = page.nextCursor;
      } while (cursor && pages.length < 10);

      expect(pages.map((p) => p.data.length)).toEqual([3, 3, 1]);
      expect(pages[pages.length - 1].nextCursor).toBeNull();
      const lines = pages.flatMap((p) => p.data);
      expect(lines.map((l) => l.reference)).toEqual([...references].reverse());
      expect(lines.map((l) => BigInt(l.postingId))).toEqual(
        [...lines.map((l) => BigInt(l.postingId))].sort((x, y) => (x > y ? -1 : x < y ? 1 : 0)),
      );
      expect(lines[0].balanceAfter.equals(final)).toBe(true);
      for (let i = 1; i < lines.length; i++) {
        expect(lines[i].balanceAfter.format()).toBe(lines[i - 1].balanceAfter.sub(lines[i - 1].change).format());
      }
      // the oldest line starts from an empty wallet
      expect(lines[lines.length - 1].balanceAfter.sub(lines[lines.length - 1].change).format()).toBe('0.00');
      expect(lines.map((l) => l.change.format())).toEqual(['7.00', '-6.00', '5.00', '4.00', '-3.00', '2.00', '1.00']);
      expect(lines.map((l) => l.balanceAfter.format())).toEqual([
        '10.00',
        '3.00',
        '9.00',
        '4.00',
        '0.00',
        '3.00',
        '1.00',
      ]);
    });

    it('ends with a null cursor when the last page is exactly full', async () => {
      const account = await wallet();
      for (let i = 0; i < 4; i++) await ledger.post(topupInput(account, '1.00'));
      const first = await ledger.statement(account.id, { limit: 2 });
      expect(first.nextCursor).not.toBeNull();
      const second = await ledger.statement(account.id, { limit: 2, cursor: first.nextCursor });
      expect(second.data.map((l) => l.balanceAfter.format())).toEqual(['2.00', '1.00']);
      expect(second.nextCursor).toBeNull();
      const all = await ledger.statement(account.id, { limit: 4 });
      expect(all.data).toHaveLength(4);
      expect(all.nextCursor).toBeNull();
    });
  });
});
