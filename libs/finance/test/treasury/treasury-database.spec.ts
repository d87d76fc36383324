import crypto from 'node:crypto';
import type { JsonLogger } from '@saoma/common';
import { Money } from '@saoma/money';
import type { DataSource, EntityManager } from 'typeorm';
import { openTestDataSource } from '../../../../test/support/test-database';
import { PlatformAccount, WalletAccount } from '../../../ledger/src/chart-of-accounts';
import { LedgerRepository } from '../../../ledger/src/ledger.repository';
import { LedgerService } from '../../../ledger/src/ledger.service';
import { BankStatementsRepository } from '../../src/treasury/bank-statements.repository';
import { BankStatementsService } from '../../src/treasury/bank-statements.service';
import { PayoutsRepository } from '../../src/treasury/payouts.repository';
import { type PayoutRun, PayoutsService } from '../../src/treasury/payouts.service';
import { ReconciliationRepository } from '../../src/treasury/reconciliation.repository';
import { PeopleReconciliationRepository } from '../../src/treasury/people-reconciliation.repository';
import { ReconciliationService } from '../../src/treasury/reconciliation.service';
import { TreasuryError } from '../../src/treasury/treasury-error';
import { MoneyMovementsRepository } from '../../../payments/src/money-movements.repository';
import { TreasuryMovementsService } from '../../../payments/src/treasury-movements.service';

const cny = (s: string) => Money.parse(s, 'CNY');
const today = () => new Date().toISOString().slice(0, 10);
const HEADER = 'date,amount,currency,direction,reference,counterparty\n';

describe('treasury on PostgreSQL: payout runs, statement import, reconciliation', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let ledger: LedgerService;
  let payouts: PayoutsService;
  let statements: BankStatementsService;
  let recon: ReconciliationService;
  let operatorId: string;

  beforeAll(async () => {
    ({ ds, close } = await openTestDataSource());
    ledger = new LedgerService(new LedgerRepository(ds));
    payouts = new PayoutsService(ds, ledger, new PayoutsRepository(ds));
    statements = new BankStatementsService(
      ds,
      ledger,
      new BankStatementsRepository(ds),
      new TreasuryMovementsService(new MoneyMovementsRepository(ds)),
    );
    recon = new ReconciliationService(ledger, new ReconciliationRepository(ds), new PeopleReconciliationRepository(ds));
    operatorId = (
      await ds.query(
        `INSERT INTO operators (name, role, api_key_prefix, api_key_hash) VALUES ('Fin', 'finance', $1, 'x') RETURNING id`,
        [crypto.randomBytes(6).toString('hex')],
      )
    )[0].id;
  });
  afterAll(() => close());

  let seq = 0;
  async function merchant(): Promise<string> {
    const rows = await ds.query(
      `INSERT INTO merchants (name, city, country_code, mcc, currency, fee_rate, api_key_prefix, api_key_hash)
       VALUES ($1, 'Shanghai', 'CN', '5812', 'CNY', 0.006, $2, 'x') RETURNING id`,
      [`Shop ${++seq}`, crypto.randomBytes(6).toString('hex')],
    );
    return rows[0].id;
  }
  async function consumer(): Promise<string> {
    const rows = await ds.query(`INSERT INTO consumers (name, phone, pin_hash) VALUES ('K', $1, 'x') RETURNING id`, [
      `+86139${String(++seq).padStart(8, '0')}`,
    ]);
    return rows[0].id;
  }
  /** Money into a merchant's wallet (bank debit, merchant credit): as if payments had been made. */
  async function fund(merchantId: string, amount: string): Promise<void> {
    const bank = await ledger.ensureAccount(PlatformAccount.bank('CNY'));
    const wallet = await ledger.ensureAccount(WalletAccount.merchant(merchantId, 'CNY'));
    await ledger.post({
      kind: 'adjustment',
      reference: `test-fund:${crypto.randomUUID()}`,
      postings: [
        { accountId: bank.id, side: 'D', amount: cny(amount) },
        { accountId: wallet.id, side: 'C', amount: cny(amount) },
      ],
    });
  }
  async function merchantBalance(merchantId: string): Promise<string> {
    const a = await ledger.findAccountByCode(WalletAccount.merchant(merchantId, 'CNY').code);
    return a ? (await ledger.balance(a.id)).posted.format() : '0.00';
  }
  async function balanceOf(code: string): Promise<string> {
    const a = await ledger.findAccountByCode(code);
    return a ? (await ledger.balance(a.id)).posted.format() : '0.00';
  }
  async function topup(consumerId: string, amount: string, bankReference: string): Promise<string> {
    const bank = await ledger.ensureAccount(PlatformAccount.bank('CNY'));
    const wallet = await ledger.ensureAccount(WalletAccount.consumer(consumerId, 'CNY'));
    const id = crypto.randomUUID();
    return ds.transaction(async (em) => {
      const { entry } = await ledger.post(
        {
          kind: 'topup',
          reference: `topup:${id}`,
          postings: [
            { accountId: bank.id, side: 'D', amount: cny(amount) },
            { accountId: wallet.id, side: 'C', amount: cny(amount) },
          ],
        },
        em,
      );
      await em.query(
        `INSERT INTO topups (id, consumer_id, amount, currency, bank_reference, operator_id, entry_id) VALUES ($1, $2, $3, 'CNY', $4, $5, $6)`,
        [id, consumerId, cny(amount).minor.toString(), bankReference, operatorId, entry.id],
      );
      return id;
    });
  }
  async function withdrawal(consumerId: string, amount: string): Promise<{ id: string; e2e: string }> {
    const wallet = await ledger.ensureAccount(WalletAccount.consumer(consumerId, 'CNY'));
    const transit = await ledger.ensureAccount(PlatformAccount.payoutsInTransit('CNY'));
    const id = crypto.randomUUID();
    const e2e = `SAOMA-W-${id.replace(/-/g, '').slice(0, 20).toUpperCase()}`;
    await ds.transaction(async (em) => {
      const { entry } = await ledger.post(
        {
          kind: 'withdrawal',
          reference: `withdrawal:${id}`,
          postings: [
            { accountId: wallet.id, side: 'D', amount: cny(amount) },
            { accountId: transit.id, side: 'C', amount: cny(amount) },
          ],
        },
        em,
      );
      await em.query(
        `INSERT INTO withdrawals (id, consumer_id, amount, currency, end_to_end_reference, entry_id) VALUES ($1, $2, $3, 'CNY', $4, $5)`,
        [id, consumerId, cny(amount).minor.toString(), e2e, entry.id],
      );
    });
    return { id, e2e };
  }
  async function count(sql: string, params: unknown[] = []): Promise<number> {
    return Number((await ds.query(`SELECT count(*)::int AS n FROM (${sql}) x`, params))[0].n);
  }

  describe('payout runs', () => {
    it('pays every positive merchant balance once, in batches, and a second run of the day pays nothing', async () => {
      const ms = [await merchant(), await merchant(), await merchant(), await merchant(), await merchant()];
      await fund(ms[0], '10.00');
      await fund(ms[1], '20.50');
      await fund(ms[2], '0.01');
      await fund(ms[3], '300.00');
      // ms[4] has no wallet at all
      const date = '2026-01-01';
      const first = await payouts.withBatchSize(2).run(date, operatorId);
      expect(first.created).toBe(true);
      expect(first.run).toMatchObject({ date, status: 'completed', merchantPayouts: 4, withdrawalPayouts: 0 });
      const byMerchant = new Map(first.payouts.map((p) => [p.merchantId, p]));
      expect([...byMerchant.keys()].sort()).toEqual(ms.slice(0, 4).sort());
      expect(byMerchant.get(ms[0])!.amount.format()).toBe('10.00');
      expect(byMerchant.get(ms[1])!.amount.format()).toBe('20.50');
      expect(byMerchant.get(ms[2])!.amount.format()).toBe('0.01');
      expect(byMerchant.get(ms[3])!.amount.format()).toBe('300.00');
      for (const p of first.payouts) {
        expect(p.status).toBe('pending');
        expect(p.endToEndReference).toMatch(/^SAOMA-P-20260101-[0-9A-F]{12}$/);
        expect(p.endToEndReference.length).toBeLessThanOrEqual(35);
      }
      expect(new Set(first.payouts.map((p) => p.endToEndReference)).size).toBe(4);
      for (const m of ms) expect(await merchantBalance(m)).toBe('0.00');

      // more money arrives; the same day again pays nothing and answers with the same payouts
      await fund(ms[0], '5.00');
      const again = await payouts.run(date, operatorId);
      expect(again.created).toBe(false);
      expect(again.payouts.map((p) => p.id).sort()).toEqual(first.payouts.map((p) => p.id).sort());
      expect(await merchantBalance(ms[0])).toBe('5.00');
      expect(
        await count(`SELECT 1 FROM ledger_entries WHERE kind = 'payout' AND reference LIKE $1`, [`payout:${date}:%`]),
      ).toBe(4);
      const entry = await ledger.getEntryByReference(`payout:${date}:${ms[1]}:CNY`);
      expect(entry?.metadata).toMatchObject({ payoutId: byMerchant.get(ms[1])!.id, merchantId: ms[1] });
    });

    it('runs once when two runs of the same day race', async () => {
      const ms = [await merchant(), await merchant(), await merchant()];
      for (const m of ms) await fund(m, '7.00');
      const date = '2026-01-02';
      const [a, b] = await Promise.all([payouts.run(date), payouts.run(date)]);
      expect([a.created, b.created].sort()).toEqual([false, true]);
      expect(a.run.id).toBe(b.run.id);
      expect(a.payouts.map((p) => p.id).sort()).toEqual(b.payouts.map((p) => p.id).sort());
      expect(
        await count(`SELECT 1 FROM ledger_entries WHERE kind = 'payout' AND reference LIKE $1`, [`payout:${date}:%`]),
      ).toBe(a.payouts.length);
      for (const m of ms) expect(await merchantBalance(m)).toBe('0.00');
    });

    it('takes every pending withdrawal into the run with its own end-to-end reference, once', async () => {
      const k = await consumer();
      await topup(k, '50.00', `BANK-${crypto.randomUUID().slice(0, 8)}`);
      const w = await withdrawal(k, '20.00');
      const run = await payouts.run('2026-01-03');
      const line = run.payouts.find((p) => p.withdrawalId === w.id);
      expect(line).toMatchObject({ merchantId: null, endToEndReference: w.e2e, status: 'pending' });
      expect(line!.amount.format()).toBe('20.00');
      expect(run.run.withdrawalPayouts).toBe(1);
      const next = await payouts.run('2026-01-04');
      expect(next.payouts.find((p) => p.withdrawalId === w.id)).toBeUndefined();
    });

    it('resumes a run that stopped half way', async () => {
      const date = '2026-01-05';
      const m = await merchant();
      await fund(m, '3.00');
      await ds.query(`INSERT INTO payout_runs (run_date) VALUES ($1)`, [date]);
      // the stopped run shows as running, not yet counted
      expect(await payouts.progress(date)).toMatchObject({
        status: 'running',
        merchantWallets: null,
        merchantPayouts: 0,
        completedAt: null,
      });
      const r = await payouts.run(date);
      expect(r.created).toBe(true);
      expect(r.payouts.find((p) => p.merchantId === m)?.amount.format()).toBe('3.00');
      const done = await payouts.progress(date);
      expect(done).toMatchObject({
        status: 'completed',
        merchantPayouts: r.run.merchantPayouts,
        withdrawalPayouts: r.run.withdrawalPayouts,
      });
      expect(done.merchantWallets).toBe(done.merchantPayouts);
      await expect(payouts.progress('2026-01-06')).rejects.toMatchObject({ code: 'payout_run_not_found' });
    });

    it('shows its progress while it runs: the wallets counted at the start, the payouts as each batch commits', async () => {
      const date = '2026-01-07';
      const ms = [await merchant(), await merchant(), await merchant()];
      for (const m of ms) await fund(m, '4.00');
      // a run of one wallet per batch whose progress is read after every batch's commit, while it goes on
      const snapshots: Array<Promise<PayoutRun>> = [];
      const logger = {
        event: (_l: string, f: Record<string, unknown>) =>
          void (f.done !== undefined && snapshots.push(reader.progress(date))),
      } as unknown as JsonLogger;
      const reader: PayoutsService = new PayoutsService(ds, ledger, new PayoutsRepository(ds), logger).withBatchSize(1);
      const r = await reader.run(date);
      const seen = await Promise.all(snapshots);
      const total = r.run.merchantPayouts;
      expect(total).toBeGreaterThanOrEqual(3);
      expect(seen.length).toBe(total);
      for (const [i, p] of seen.entries()) {
        expect(p.merchantWallets).toBe(total);
        expect(p.merchantPayouts).toBeGreaterThanOrEqual(i + 1);
        expect(p.merchantPayouts).toBeLessThanOrEqual(total);
      }
      expect(seen[0].status).toBe('running');
      expect(await payouts.progress(date)).toMatchObject({
        status: 'completed',
        merchantWallets: total,
        merchantPayouts: total,
      });
    });

    it('lists payouts by status, newest first, with a cursor', async () => {
      const page1 = await payouts.list({ status: 'pending', limit: 2 });
      expect(page1.data).toHaveLength(2);
      expect(page1.nextCursor).toMatch(/^\d+$/);
      const page2 = await payouts.list({ status: 'pending', limit: 2, cursor: page1.nextCursor });
      expect(page2.data[0].id).not.toBe(page1.data[1].id);
      await expect(payouts.list({ cursor: 'nope' })).rejects.toMatchObject({ code: 'invalid_cursor' });
    });
  });

  describe('bank statements', () => {
    it('confirms payouts and a top-up, leaves the rest with reasons, and changes nothing the second time', async () => {
      const m = await merchant();
      await fund(m, '88.00');
      const k = await consumer();
      const bankRef = `BANK-${crypto.randomUUID().slice(0, 8)}`;
      const topupId = await topup(k, '60.00', bankRef);
      const w = await withdrawal(k, '10.00');
      const run = await payouts.run('2026-02-01');
      const mp = run.payouts.find((p) => p.merchantId === m)!;
      const transitBefore = await balanceOf(PlatformAccount.payoutsInTransit('CNY').code);
      const bankBefore = await balanceOf(PlatformAccount.bank('CNY').code);

      const csv =
        HEADER +
        `2026-02-02,88.00,CNY,debit,${mp.endToEndReference},Shop\n` +
        `2026-02-02,10.00,CNY,debit,${w.e2e},K\n` +
        `2026-02-02,60.00,CNY,credit,${bankRef},K\n` +
        `2026-02-02,61.00,CNY,credit,NOT-A-TOPUP,Somebody\n` +
        `2026-02-02,88.00,CNY,debit,${mp.endToEndReference},Shop\n`;
      const first = await statements.import({ body: csv, format: 'csv' }, operatorId);
      expect(first.created).toBe(true);
      expect(first.result).toMatchObject({ format: 'csv', lines: 5, matched: 3 });
      expect(first.result.statementId).toMatch(/^csv-[0-9a-f]{32}$/);
      expect(first.result.unmatched).toEqual([
        {
          line: 5,
          date: '2026-02-02',
          amount: '61.00',
          currency: 'CNY',
          direction: 'credit',
          reference: 'NOT-A-TOPUP',
          counterparty: 'Somebody',
          reason: 'no top-up with this bank reference',
        },
        {
          line: 6,
          date: '2026-02-02',
          amount: '88.00',
          currency: 'CNY',
          direction: 'debit',
          reference: mp.endToEndReference,
          counterparty: 'Shop',
          reason: 'already matched',
        },
      ]);
      expect(first.result.matchedLines.map((l) => [l.line, l.kind])).toEqual([
        [2, 'payout_paid'],
        [3, 'payout_paid'],
        [4, 'topup'],
      ]);
      expect(first.result.matchedLines[2].topupId).toBe(topupId);
      expect((await payouts.get(mp.id))!.status).toBe('paid');
      expect((await ds.query(`SELECT status FROM withdrawals WHERE id = $1`, [w.id]))[0].status).toBe('paid');
      // the bank side: payouts in transit debited, bank credited, 98.00
      expect(
        Money.parse(transitBefore, 'CNY')
          .sub(cny(await balanceOf(PlatformAccount.payoutsInTransit('CNY').code)))
          .format(),
      ).toBe('98.00');
      expect(
        Money.parse(bankBefore, 'CNY')
          .sub(cny(await balanceOf(PlatformAccount.bank('CNY').code)))
          .format(),
      ).toBe('98.00');
      const settled = await ledger.getEntryByReference(`payout-settled:${mp.id}`);
      expect(settled?.kind).toBe('payout_settled');

      const entries = await count(`SELECT 1 FROM ledger_entries`);
      const again = await statements.import({ body: csv, format: 'csv' }, operatorId);
      expect(again.created).toBe(false);
      expect(again.result).toEqual(first.result);
      expect(await count(`SELECT 1 FROM ledger_entries`)).toBe(entries);
      expect(await count(`SELECT 1 FROM bank_statement_lines WHERE statement_id = $1`, [first.result.id])).toBe(5);

      // the same statement id with other lines is a conflict
      await expect(
        statements.import({
          body: csv + `2026-02-02,1.00,CNY,credit,X,\n`,
          format: 'csv',
          statementId: first.result.statementId,
        }),
      ).rejects.toMatchObject({
        code: 'statement_conflict',
      });
    });

    it('a returned payout puts the money back on the merchant balance (paid: from the bank; pending: from transit)', async () => {
      const m1 = await merchant();
      const m2 = await merchant();
      await fund(m1, '40.00');
      await fund(m2, '15.00');
      const run = await payouts.run('2026-02-10');
      const p1 = run.payouts.find((p) => p.merchantId === m1)!;
      const p2 = run.payouts.find((p) => p.merchantId === m2)!;
      await statements.import({
        body: HEADER + `2026-02-11,40.00,CNY,debit,${p1.endToEndReference},\n`,
        format: 'csv',
      });
      expect(await merchantBalance(m1)).toBe('0.00');
      const res = await statements.import({
        body:
          HEADER +
          `2026-02-12,40.00,CNY,credit,${p1.endToEndReference},returned\n2026-02-12,15.00,CNY,credit,${p2.endToEndReference},rejected\n`,
        format: 'csv',
      });
      expect(res.result.matchedLines.map((l) => l.kind)).toEqual(['payout_returned', 'payout_returned']);
      expect(await merchantBalance(m1)).toBe('40.00');
      expect(await merchantBalance(m2)).toBe('15.00');
      expect((await payouts.get(p1.id))!.status).toBe('returned');
      expect((await payouts.get(p2.id))!.status).toBe('returned');
      const r1 = await ledger.getEntryByReference(`payout-returned:${p1.id}`);
      const r2 = await ledger.getEntryByReference(`payout-returned:${p2.id}`);
      const bank = await ledger.findAccountByCode(PlatformAccount.bank('CNY').code);
      const transit = await ledger.findAccountByCode(PlatformAccount.payoutsInTransit('CNY').code);
      expect(r1!.postings.find((p) => p.side === 'D')!.accountId).toBe(bank!.id);
      expect(r2!.postings.find((p) => p.side === 'D')!.accountId).toBe(transit!.id);
      // a later debit for a returned payout is not a payment
      const late = await statements.import({
        body: HEADER + `2026-02-13,15.00,CNY,debit,${p2.endToEndReference},\n`,
        format: 'csv',
      });
      expect(late.result.unmatched.map((u) => u.reason)).toEqual(['payout already returned']);
    });

    it('a malformed file imports nothing: bad amount on line 3', async () => {
      const m = await merchant();
      await fund(m, '9.00');
      const run = await payouts.run('2026-02-20');
      const p = run.payouts.find((x) => x.merchantId === m)!;
      const before = await count(`SELECT 1 FROM bank_statements`);
      const err = await statements
        .import({
          body: HEADER + `2026-02-21,9.00,CNY,debit,${p.endToEndReference},\n2026-02-21,9.0.0,CNY,debit,X,\n`,
          format: 'csv',
        })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TreasuryError);
      expect(err).toMatchObject({ code: 'invalid_statement', extensions: { line: 3 } });
      expect(await count(`SELECT 1 FROM bank_statements`)).toBe(before);
      expect((await payouts.get(p.id))!.status).toBe('pending');
    });

    it('imports once when the same statement is sent twice at the same time', async () => {
      const m = await merchant();
      await fund(m, '12.00');
      const run = await payouts.run('2026-02-25');
      const p = run.payouts.find((x) => x.merchantId === m)!;
      const csv = HEADER + `2026-02-26,12.00,CNY,debit,${p.endToEndReference},\n`;
      const [a, b] = await Promise.all([
        statements.import({ body: csv, format: 'csv' }),
        statements.import({ body: csv, format: 'csv' }),
      ]);
      expect([a.created, b.created].sort()).toEqual([false, true]);
      expect(a.result).toEqual(b.result);
      expect(await count(`SELECT 1 FROM ledger_entries WHERE reference = $1`, [`payout-settled:${p.id}`])).toBe(1);
    });
  });

  describe('reconciliation', () => {
    it('a clean state reconciles with difference 0; damage shows up as the right mismatch', async () => {
      const date = today();
      // everything pending so far gets confirmed, so that nothing is overdue
      const pending = await ds.query(
        `SELECT end_to_end_reference AS e, amount::text AS a FROM payouts WHERE status = 'pending'`,
      );
      if (pending.length) {
        const body =
          HEADER +
          pending
            .map(
              (p: { e: string; a: string }) => `${date},${Money.of(BigInt(p.a), 'CNY').format()},CNY,debit,${p.e},\n`,
            )
            .join('');
        await statements.import({ body, format: 'csv' });
      }
      const clean = await recon.report(date);
      expect(clean).toMatchObject({
        date,
        currency: 'CNY',
        ledgerBalanced: true,
        paymentsMatchLedger: true,
        accountsMatchPostings: true,
        difference: '0.00',
        inTransit: '0.00',
        reconciled: true,
      });
      expect(clean.problems).toEqual([]);
      expect(clean.bankMatched).toBeGreaterThan(0);

      // (c) a stored balance nudged with SQL
      const m = await merchant();
      await fund(m, '1.00');
      const acc = await ledger.findAccountByCode(WalletAccount.merchant(m, 'CNY').code);
      await ds.query(`UPDATE ledger_accounts SET credits_posted = credits_posted + 1 WHERE id = $1`, [acc!.id]);
      const nudged = await recon.report(date, 'CNY');
      expect(nudged.accountsMatchPostings).toBe(false);
      expect(nudged.accountMismatches).toEqual([
        {
          accountId: acc!.id,
          code: acc!.code,
          storedDebits: '0',
          storedCredits: '101',
          postedDebits: '0',
          postedCredits: '100',
        },
      ]);
      expect(nudged.difference).toBe('-0.01');
      expect(nudged.reconciled).toBe(false);
      await ds.query(`UPDATE ledger_accounts SET credits_posted = credits_posted - 1 WHERE id = $1`, [acc!.id]);
      expect((await recon.report(date)).reconciled).toBe(true);

      // (a) an entry written behind the service's back: kind payment, no payment row
      const bank = await ledger.ensureAccount(PlatformAccount.bank('CNY'));
      const fee = await ledger.ensureAccount(PlatformAccount.feeRevenue('CNY'));
      const reference = `payment:${crypto.randomUUID()}`;
      await ds.transaction(async (em) => {
        const [e] = await em.query(
          `INSERT INTO ledger_entries (kind, reference, status, content_hash) VALUES ('payment', $1, 'posted', 'forged') RETURNING id`,
          [reference],
        );
        await em.query(
          `INSERT INTO ledger_postings (entry_id, account_id, side, amount, currency) VALUES ($1, $2, 'D', 500, 'CNY'), ($1, $3, 'C', 500, 'CNY')`,
          [e.id, bank.id, fee.id],
        );
      });
      const forged = await recon.report(date);
      expect(forged.ledgerBalanced).toBe(true);
      expect(forged.paymentsMatchLedger).toBe(false);
      expect(forged.mismatches).toEqual([
        expect.objectContaining({ problem: 'orphan_entry', type: 'payment', reference, currency: 'CNY' }),
      ]);
      expect(forged.reconciled).toBe(false);
    });

    it('checks every payment against its entry posting by posting: right entry, another consumer’s wallet, no entry, a role split in two', async () => {
      const day = '2026-04-01';
      const at = new Date(`${day}T10:00:00Z`);
      const m = await merchant();
      const [k1, k2] = [await consumer(), await consumer()];
      const [code] = await ds.query(
        `INSERT INTO qr_codes (merchant_id, kind, reference, currency, payload) VALUES ($1, 'static', $2, 'CNY', 'x') RETURNING id`,
        [m, `R${crypto.randomBytes(6).toString('hex')}`],
      );
      const wallet = async (spec: ReturnType<typeof WalletAccount.consumer>) => (await ledger.ensureAccount(spec)).id;
      const acc = {
        k1: await wallet(WalletAccount.consumer(k1, 'CNY')),
        k2: await wallet(WalletAccount.consumer(k2, 'CNY')),
        m: await wallet(WalletAccount.merchant(m, 'CNY')),
        fee: (await ledger.ensureAccount(PlatformAccount.feeRevenue('CNY'))).id,
      };
      // 10.00 paid by k1: consumer D 10.00, merchant C 9.90, fee C 0.10
      const payment = async (postings: Array<[string, 'D' | 'C', number]> | null) => {
        const id = crypto.randomUUID();
        await ds.transaction(async (em) => {
          await em.query(
            `INSERT INTO payments (id, consumer_id, merchant_id, code_id, token_jti, payer, currency, amount, discount, charged, fee, receipt, created_at)
             VALUES ($1, $2, $3, $4, $5, 'payer_x', 'CNY', 1000, 0, 1000, 10, 'r', $6)`,
            [id, k1, m, code.id, crypto.randomUUID(), at],
          );
          if (!postings) return;
          const [e] = await em.query(
            `INSERT INTO ledger_entries (kind, reference, status, content_hash, effective_at) VALUES ('payment', $1, 'posted', 'x', $2) RETURNING id`,
            [`payment:${id}`, at],
          );
          for (const [account, side, amount] of postings) {
            await em.query(
              `INSERT INTO ledger_postings (entry_id, account_id, side, amount, currency) VALUES ($1, $2, $3, $4, 'CNY')`,
              [e.id, account, side, amount],
            );
          }
        });
        return id;
      };
      const good = await payment([
        [acc.k1, 'D', 1000],
        [acc.m, 'C', 990],
        [acc.fee, 'C', 10],
      ]);
      const otherWallet = await payment([
        [acc.k2, 'D', 1000],
        [acc.m, 'C', 990],
        [acc.fee, 'C', 10],
      ]);
      const none = await payment(null);
      const split = await payment([
        [acc.k1, 'D', 500],
        [acc.k1, 'D', 500],
        [acc.m, 'C', 990],
        [acc.fee, 'C', 10],
      ]);
      const r = await recon.report(day);
      const byId = new Map(r.mismatches.map((x) => [x.id, x]));
      expect(byId.has(good)).toBe(false);
      expect(byId.get(otherWallet)).toMatchObject({
        problem: 'amounts_differ',
        expected: { consumer: '10.00', merchant: '-9.90', fee: '-0.10', marketing: '0.00' },
        // the right amount on the wrong wallet: counted as a posting of no role of this payment
        actual: {
          consumer: '10.00',
          merchant: '-9.90',
          fee: '-0.10',
          marketing: '0.00',
          postings: 3,
          otherPostings: 1,
        },
      });
      expect(byId.get(none)).toMatchObject({ problem: 'missing_entry', reference: `payment:${none}` });
      expect(byId.get(none)!.actual).toBeUndefined();
      // the sums per role agree; two postings for one role do not
      expect(byId.get(split)).toMatchObject({
        problem: 'amounts_differ',
        expected: { postings: 3 },
        actual: { consumer: '10.00', merchant: '-9.90', fee: '-0.10', postings: 4 },
      });
      expect(r.mismatchCount).toBe(3);
      expect(r.paymentsMatchLedger).toBe(false);
    });

    it('fingerprints: a day whose payments all have their entries agrees; each kind of damage makes the two sides differ', async () => {
      const repo = new ReconciliationRepository(ds);
      const m = await merchant();
      const [k1, k2] = [await consumer(), await consumer()];
      const [code] = await ds.query(
        `INSERT INTO qr_codes (merchant_id, kind, reference, currency, payload) VALUES ($1, 'static', $2, 'CNY', 'x') RETURNING id`,
        [m, `R${crypto.randomBytes(6).toString('hex')}`],
      );
      const acc = {
        k1: (await ledger.ensureAccount(WalletAccount.consumer(k1, 'CNY'))).id,
        k2: (await ledger.ensureAccount(WalletAccount.consumer(k2, 'CNY'))).id,
        m: (await ledger.ensureAccount(WalletAccount.merchant(m, 'CNY'))).id,
        fee: (await ledger.ensureAccount(PlatformAccount.feeRevenue('CNY'))).id,
        bank: (await ledger.ensureAccount(PlatformAccount.bank('CNY'))).id,
      };
      const right: Array<[string, 'D' | 'C', number]> = [
        [acc.k1, 'D', 1000],
        [acc.m, 'C', 990],
        [acc.fee, 'C', 10],
      ];
      // one day per case: 10.00 paid by k1 (consumer D 10.00, merchant C 9.90, fee C 0.10), and the entry given,
      // with the digest of its postings (as the ledger writes it), or without one (hashed from its postings)
      const agree = async (
        day: string,
        postings: Array<[string, 'D' | 'C', number]> | null,
        opts: { kind?: string; amount?: number; digest?: boolean } = {},
      ) => {
        const at = new Date(`${day}T10:00:00Z`);
        const id = crypto.randomUUID();
        await ds.transaction(async (em) => {
          await em.query(
            `INSERT INTO payments (id, consumer_id, merchant_id, code_id, token_jti, payer, currency, amount, discount, charged, fee, receipt, created_at)
             VALUES ($1, $2, $3, $4, $5, 'payer_x', 'CNY', $6, 0, $6, 10, 'r', $7)`,
            [id, k1, m, code.id, crypto.randomUUID(), opts.amount ?? 1000, at],
          );
          if (!postings) return;
          const [e] = await em.query(
            `INSERT INTO ledger_entries (kind, reference, status, content_hash, effective_at, postings_digest)
             VALUES ($1, $2, 'posted', 'x', $3, CASE WHEN $4 THEN ledger_postings_digest($1, $2, $5::uuid[], $6::bigint[]) END)
             RETURNING id`,
            [
              opts.kind ?? 'payment',
              `payment:${id}`,
              at,
              opts.digest ?? false,
              postings.map(([a]) => a),
              postings.map(([, side, amount]) => (side === 'D' ? amount : -amount)),
            ],
          );
          for (const [account, side, amount] of postings) {
            await em.query(
              `INSERT INTO ledger_postings (entry_id, account_id, side, amount, currency) VALUES ($1, $2, $3, $4, 'CNY')`,
              [e.id, account, side, amount],
            );
          }
        });
        const f = await repo.ledgerFingerprints(new Date(`${day}T00:00:00Z`), new Date(`${day}T23:59:59.999Z`));
        return f.rows.n === f.entries.n && f.rows.fp === f.entries.fp;
      };
      for (const [month, digest] of [
        ['05', false],
        ['06', true],
      ] as const) {
        const day = (d: string) => `2026-${month}-${d}`;
        expect(await agree(day('01'), right, { digest })).toBe(true);
        // a second good payment on the same day still agrees
        expect(await agree(day('01'), right, { digest })).toBe(true);
        expect(await agree(day('02'), null, { digest })).toBe(false); // no entry
        expect(await agree(day('03'), [[acc.k2, 'D', 1000], right[1], right[2]], { digest })).toBe(false); // another consumer's wallet
        expect(await agree(day('04'), [[acc.k1, 'D', 500], [acc.k1, 'D', 500], right[1], right[2]], { digest })).toBe(
          false,
        ); // one role split in two
        expect(await agree(day('05'), right, { amount: 1100, digest })).toBe(false); // the row's amount changed (charged 11.00, the entry 10.00)
        expect(await agree(day('06'), right, { kind: 'refund', digest })).toBe(false); // the entry of the wrong kind
        expect(
          await agree(
            day('07'),
            [
              [acc.k1, 'D', 1000],
              [acc.m, 'C', 980],
              [acc.fee, 'C', 10],
              [acc.bank, 'C', 10],
            ],
            { digest },
          ),
        ).toBe(false); // a posting on the bank: of no role (the merchant's part short by it)
      }
      // with digests the entries' side reads no postings: the stored digests are what it sums
      const [{ withDigest }] = await ds.query(
        `SELECT count(*)::int AS "withDigest" FROM ledger_entries WHERE effective_at >= '2026-06-01' AND effective_at < '2026-06-08' AND postings_digest IS NOT NULL`,
      );
      expect(withDigest).toBe(7);
      // an entry without a row: the forged one of the first test shows up on its own day
      const forgedDay = '2026-05-08';
      await ds.transaction(async (em) => {
        const [e] = await em.query(
          `INSERT INTO ledger_entries (kind, reference, status, content_hash, effective_at) VALUES ('payment', $1, 'posted', 'forged', $2) RETURNING id`,
          [`payment:${crypto.randomUUID()}`, new Date(`${forgedDay}T10:00:00Z`)],
        );
        await em.query(
          `INSERT INTO ledger_postings (entry_id, account_id, side, amount, currency) VALUES ($1, $2, 'D', 500, 'CNY'), ($1, $3, 'C', 500, 'CNY')`,
          [e.id, acc.bank, acc.fee],
        );
      });
      const forged = await repo.ledgerFingerprints(
        new Date(`${forgedDay}T00:00:00Z`),
        new Date(`${forgedDay}T23:59:59.999Z`),
      );
      expect(forged.rows).toEqual({ n: '0', fp: '0' });
      expect(forged.entries.n).toBe('1');
      // and the report of a damaged day still lists the mismatch exactly (the fingerprints only send it to the exact check)
      const r = await recon.report('2026-05-03');
      expect(r.mismatches).toEqual([expect.objectContaining({ problem: 'amounts_differ', type: 'payment' })]);
    });

    it("fingerprints the day's refunds too: the refund's own entry agrees, a fee given back twice does not", async () => {
      const repo = new ReconciliationRepository(ds);
      const m = await merchant();
      const k = await consumer();
      const [code] = await ds.query(
        `INSERT INTO qr_codes (merchant_id, kind, reference, currency, payload) VALUES ($1, 'static', $2, 'CNY', 'x') RETURNING id`,
        [m, `R${crypto.randomBytes(6).toString('hex')}`],
      );
      const acc = {
        k: (await ledger.ensureAccount(WalletAccount.consumer(k, 'CNY'))).id,
        m: (await ledger.ensureAccount(WalletAccount.merchant(m, 'CNY'))).id,
        fee: (await ledger.ensureAccount(PlatformAccount.feeRevenue('CNY'))).id,
      };
      const entry = async (
        em: EntityManager,
        kind: string,
        reference: string,
        at: Date,
        postings: Array<[string, 'D' | 'C', number]>,
      ) => {
        const [e] = await em.query(
          `INSERT INTO ledger_entries (kind, reference, status, content_hash, effective_at) VALUES ($1, $2, 'posted', 'x', $3) RETURNING id`,
          [kind, reference, at],
        );
        for (const [account, side, amount] of postings) {
          await em.query(
            `INSERT INTO ledger_postings (entry_id, account_id, side, amount, currency) VALUES ($1, $2, $3, $4, 'CNY')`,
            [e.id, account, side, amount],
          );
        }
      };
      // a payment of 10.00 the day before, refunded in full on the day: merchant D 9.90, fee D 0.10 (given back), consumer C 10.00
      const refundedOn = async (day: string, feeBackPosted: number) => {
        const [paymentId, refundId] = [crypto.randomUUID(), crypto.randomUUID()];
        const paidAt = new Date(new Date(`${day}T10:00:00Z`).getTime() - 86_400_000);
        const at = new Date(`${day}T10:00:00Z`);
        await ds.transaction(async (em) => {
          await em.query(
            `INSERT INTO payments (id, consumer_id, merchant_id, code_id, token_jti, payer, currency, amount, discount, charged, fee, receipt, created_at)
             VALUES ($1, $2, $3, $4, $5, 'payer_x', 'CNY', 1000, 0, 1000, 10, 'r', $6)`,
            [paymentId, k, m, code.id, crypto.randomUUID(), paidAt],
          );
          await entry(em, 'payment', `payment:${paymentId}`, paidAt, [
            [acc.k, 'D', 1000],
            [acc.m, 'C', 990],
            [acc.fee, 'C', 10],
          ]);
          await em.query(
            `INSERT INTO refunds (id, payment_id, merchant_id, currency, amount, to_consumer, discount_back, fee_back, created_at) VALUES ($1, $2, $3, 'CNY', 1000, 1000, 0, 10, $4)`,
            [refundId, paymentId, m, at],
          );
          await entry(em, 'refund', `refund:${refundId}`, at, [
            [acc.m, 'D', 1000 - feeBackPosted],
            [acc.fee, 'D', feeBackPosted],
            [acc.k, 'C', 1000],
          ]);
        });
        const f = await repo.ledgerFingerprints(new Date(`${day}T00:00:00Z`), new Date(`${day}T23:59:59.999Z`));
        return { agree: f.rows.n === f.entries.n && f.rows.fp === f.entries.fp, n: f.rows.n };
      };
      expect(await refundedOn('2026-07-02', 10)).toEqual({ agree: true, n: '1' });
      expect(await refundedOn('2026-07-04', 20)).toEqual({ agree: false, n: '1' });
      const r = await recon.report('2026-07-04');
      expect(r.mismatches).toEqual([
        expect.objectContaining({
          problem: 'amounts_differ',
          type: 'refund',
          expected: expect.objectContaining({ fee: '0.10' }),
          actual: expect.objectContaining({ fee: '0.20' }),
        }),
      ]);
    });

    it('refuses a day that is not a day', async () => {
      await expect(recon.report('2026-13-01')).rejects.toMatchObject({ code: 'invalid_treasury_date' });
    });
  });
});
