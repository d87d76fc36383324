import crypto from 'node:crypto';
import fc from 'fast-check';
import { Money } from '@saoma/money';
import type { DataSource } from 'typeorm';
import { openTestDataSource } from '../../../test/support/test-database';
import { PlatformAccount, WalletAccount } from '../src/chart-of-accounts';
import { LedgerError, type LedgerErrorCode } from '../src/ledger-error';
import { LedgerRepository } from '../src/ledger.repository';
import { LedgerService } from '../src/ledger.service';
import { type AccountSpec, DEBIT_NORMAL, type EntryInput, type PostResult, type Side } from '../src/ledger.types';

/*
 * Model-based test: random sequences of entries run against the real ledger
 * (PostgreSQL) and against a tiny in-memory model with bigint counters; after
 * every step balances, refusals and the trial balance must agree.
 */

const CUR = 'CNY';
type Name = 'bank' | 'c1' | 'c2' | 'c3' | 'merchant' | 'fee';
const NAMES: Name[] = ['bank', 'c1', 'c2', 'c3', 'merchant', 'fee'];
const CONSUMERS = ['c1', 'c2', 'c3'] as const;
type Consumer = (typeof CONSUMERS)[number];
type Wallet = Consumer | 'merchant';

/** This run's accounts: fresh codes every run, so that runs do not see each other's balances. */
function specs(run: string): Record<Name, AccountSpec> {
  return {
    bank: { ...PlatformAccount.bank(CUR), code: `platform:bank:${CUR}:${run}` },
    c1: WalletAccount.consumer(`${run}-1`, CUR),
    c2: WalletAccount.consumer(`${run}-2`, CUR),
    c3: WalletAccount.consumer(`${run}-3`, CUR),
    merchant: WalletAccount.merchant(run, CUR),
    fee: { ...PlatformAccount.feeRevenue(CUR), code: `platform:fee_revenue:${CUR}:${run}` },
  };
}

// ---- operations -------------------------------------------------------------

type Op =
  | { t: 'topup'; to: Wallet; amount: bigint }
  | { t: 'pay'; from: Consumer; amount: bigint; fee: bigint }
  | { t: 'refund'; to: Consumer; amount: bigint; fee: bigint }
  | { t: 'withdraw'; from: Wallet; amount: bigint }
  | { t: 'unbalanced'; to: Consumer; amount: bigint }
  | { t: 'repeat'; pick: number }
  | { t: 'conflict'; pick: number; to: Consumer; amount: bigint }
  | { t: 'reverse'; pick: number };

/** Minor units: 0.01 to 30.00, so that wallets run dry now and then. */
const amount = fc.bigInt({ min: 1n, max: 3_000n });
const topupAmount = fc.bigInt({ min: 1n, max: 10_000n });
const consumer = fc.constantFrom(...CONSUMERS);
const wallet = fc.constantFrom<Wallet>(...CONSUMERS, 'merchant');
/** An amount of at least 0.02 and a fee below it (0 → no fee posting). */
const withFee = fc
  .bigInt({ min: 2n, max: 3_000n })
  .chain((a) => fc.record({ amount: fc.constant(a), fee: fc.bigInt({ min: 0n, max: a / 10n }) }));

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ t: fc.constant('topup' as const), to: wallet, amount: topupAmount }) },
  {
    weight: 4,
    arbitrary: withFee.chain(({ amount: a, fee }) =>
      fc.record({ t: fc.constant('pay' as const), from: consumer, amount: fc.constant(a), fee: fc.constant(fee) }),
    ),
  },
  {
    weight: 2,
    arbitrary: withFee.chain(({ amount: a, fee }) =>
      fc.record({ t: fc.constant('refund' as const), to: consumer, amount: fc.constant(a), fee: fc.constant(fee) }),
    ),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('withdraw' as const), from: wallet, amount }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('unbalanced' as const), to: consumer, amount }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('repeat' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('conflict' as const), pick: fc.nat(), to: consumer, amount }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('reverse' as const), pick: fc.nat() }) },
);

type Leg = [Name, Side, bigint];

/** The legs of an operation that creates a new entry. */
function legsOf(op: Op): { kind: string; legs: Leg[] } {
  switch (op.t) {
    case 'topup':
      return {
        kind: 'topup',
        legs: [
          ['bank', 'D', op.amount],
          [op.to, 'C', op.amount],
        ],
      };
    case 'pay': {
      const legs: Leg[] = [
        [op.from, 'D', op.amount],
        ['merchant', 'C', op.amount - op.fee],
      ];
      if (op.fee > 0n) legs.push(['fee', 'C', op.fee]);
      return { kind: 'payment', legs };
    }
    case 'refund': {
      const legs: Leg[] = [
        ['merchant', 'D', op.amount - op.fee],
        [op.to, 'C', op.amount],
      ];
      if (op.fee > 0n) legs.push(['fee', 'D', op.fee]);
      return { kind: 'refund', legs };
    }
    case 'withdraw':
      return {
        kind: 'withdrawal',
        legs: [
          [op.from, 'D', op.amount],
          ['bank', 'C', op.amount],
        ],
      };
    case 'unbalanced':
      // one minor unit more credited than debited
      return {
        kind: 'topup',
        legs: [
          ['bank', 'D', op.amount],
          [op.to, 'C', op.amount + 1n],
        ],
      };
    case 'conflict':
      return {
        kind: 'topup',
        legs: [
          ['bank', 'D', op.amount],
          [op.to, 'C', op.amount],
        ],
      };
    default:
      throw new Error(`${op.t} has no legs of its own`);
  }
}

// ---- the model ----------------------------------------------------------------

type Outcome = { ok: true; entryId: string; replayed: boolean } | { ok: false; code: LedgerErrorCode };

/** A call made against the ledger, remembered so that later steps can repeat or reverse it. */
type Call =
  | { via: 'post'; reference: string; kind: string; legs: Leg[] }
  | { via: 'reverse'; reference: string; target: string /* model entry key */ };

interface ModelEntry {
  key: string;
  realId: string;
  kind: string;
  legs: Leg[];
}

class Model {
  readonly debits = new Map<Name, bigint>(NAMES.map((n) => [n, 0n]));
  readonly credits = new Map<Name, bigint>(NAMES.map((n) => [n, 0n]));
  /** What each settled reference holds: a posted entry or a recorded refusal, with its content. */
  readonly byReference = new Map<string, { content: string; entry?: ModelEntry; refused?: 'insufficient_funds' }>();
  readonly entries = new Map<string, ModelEntry>();
  readonly reversed = new Set<string>();

  constructor(
    private readonly negativeAllowed: ReadonlySet<Name>,
    private readonly debitNormal: ReadonlySet<Name>,
  ) {}

  balance(n: Name): bigint {
    const d = this.debits.get(n)!;
    const c = this.credits.get(n)!;
    return this.debitNormal.has(n) ? d - c : c - d;
  }

  static content(kind: string, reverses: string | null, legs: Leg[]): string {
    return JSON.stringify({ kind, reverses, legs: legs.map(([n, s, a]) => `${n}|${s}|${a}`).sort() });
  }

  /** The outcome the ledger must give, or 'new' when it must post a new entry (then recorded with accept()). */
  post(reference: string, kind: string, legs: Leg[], reverses: ModelEntry | null): Outcome | 'new' {
    const net = legs.reduce((s, [, side, a]) => s + (side === 'D' ? a : -a), 0n);
    if (net !== 0n) return { ok: false, code: 'unbalanced_entry' };
    const content = Model.content(kind, reverses?.realId ?? null, legs);
    const settled = this.byReference.get(reference);
    if (settled) {
      if (settled.content !== content) return { ok: false, code: 'reference_conflict' };
      if (settled.refused) return { ok: false, code: settled.refused };
      return { ok: true, entryId: settled.entry!.realId, replayed: true };
    }
    if (reverses && this.reversed.has(reverses.key)) return { ok: false, code: 'already_reversed' };
    const after = new Map<Name, bigint>();
    for (const [n, side, a] of legs) {
      const current = after.get(n) ?? this.balance(n);
      const sign = this.debitNormal.has(n) === (side === 'D') ? 1n : -1n;
      after.set(n, current + sign * a);
    }
    for (const [n, b] of after) {
      if (b < 0n && !this.negativeAllowed.has(n)) {
        this.byReference.set(reference, { content, refused: 'insufficient_funds' });
        return { ok: false, code: 'insufficient_funds' };
      }
    }
    return 'new';
  }

  accept(reference: string, kind: string, legs: Leg[], reverses: ModelEntry | null, realId: string): ModelEntry {
    const entry: ModelEntry = { key: `e${this.entries.size}`, realId, kind, legs };
    for (const [n, side, a] of legs) {
      const counters = side === 'D' ? this.debits : this.credits;
      counters.set(n, counters.get(n)! + a);
    }
    this.entries.set(entry.key, entry);
    this.byReference.set(reference, { content: Model.content(kind, reverses?.realId ?? null, legs), entry });
    if (reverses) this.reversed.add(reverses.key);
    return entry;
  }
}

// ---- the test -------------------------------------------------------------------

describe('ledger against an in-memory model', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let ledger: LedgerService;

  beforeAll(async () => {
    ({ ds, close } = await openTestDataSource({ poolSize: 4 }));
    ledger = new LedgerService(new LedgerRepository(ds));
  });
  afterAll(() => close());

  it('agrees with the model on balances, refusals and the trial balance after every step', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 30, size: 'max' }), async (ops) => {
        const run = crypto.randomUUID();
        const spec = specs(run);
        const ids = {} as Record<Name, string>;
        for (const n of NAMES) ids[n] = (await ledger.ensureAccount(spec[n])).id;
        const nameOf = new Map(NAMES.map((n) => [ids[n], n]));
        const model = new Model(
          new Set(NAMES.filter((n) => spec[n].allowNegative)),
          new Set(NAMES.filter((n) => DEBIT_NORMAL.has(spec[n].type))),
        );
        const base = await ledger.trialBalance(CUR);
        const calls: Call[] = [];
        const posted: ModelEntry[] = [];

        const toInput = (c: Extract<Call, { via: 'post' }>): EntryInput => ({
          kind: c.kind,
          reference: c.reference,
          postings: c.legs.map(([n, side, a]) => ({ accountId: ids[n], side, amount: Money.of(a, CUR) })),
        });

        /** Run one call against both, and compare the outcomes. */
        const perform = async (call: Call): Promise<void> => {
          let expected: Outcome | 'new';
          let kind: string;
          let legs: Leg[];
          let reverses: ModelEntry | null = null;
          let actual: Promise<PostResult>;
          if (call.via === 'post') {
            ({ kind, legs } = call);
            expected = model.post(call.reference, kind, legs, null);
            actual = ledger.post(toInput(call));
          } else {
            reverses = model.entries.get(call.target)!;
            kind = reverses.kind;
            legs = reverses.legs.map(([n, side, a]): Leg => [n, side === 'D' ? 'C' : 'D', a]);
            expected = model.post(call.reference, kind, legs, reverses);
            actual = ledger.reverse(reverses.realId, call.reference);
          }
          let got: Outcome;
          try {
            const r = await actual;
            got = { ok: true, entryId: r.entry.id, replayed: r.replayed };
            // the entry the ledger answers with is the one the model expects
            const answered = r.entry.postings.map((p): Leg => [nameOf.get(p.accountId)!, p.side, p.amount.minor]);
            expect(Model.content(r.entry.kind, r.entry.reversesEntryId, answered)).toBe(
              Model.content(kind, reverses?.realId ?? null, legs),
            );
          } catch (err) {
            if (!(err instanceof LedgerError)) throw err;
            got = { ok: false, code: err.code };
          }
          if (expected === 'new') {
            expect(got).toMatchObject({ ok: true, replayed: false });
            const realId = (got as { entryId: string }).entryId;
            expect(posted.some((e) => e.realId === realId)).toBe(false);
            posted.push(model.accept(call.reference, kind, legs, reverses, realId));
          } else {
            expect(got).toEqual(expected);
          }
          calls.push(call);
        };

        for (const [i, op] of ops.entries()) {
          const reference = `${run}:${i}`;
          switch (op.t) {
            case 'repeat':
              // the same call again: same reference, same content
              if (calls.length) await perform(calls[op.pick % calls.length]);
              break;
            case 'conflict': {
              // another entry under a reference used before
              if (!calls.length) break;
              const { kind, legs } = legsOf(op);
              await perform({ via: 'post', reference: calls[op.pick % calls.length].reference, kind, legs });
              break;
            }
            case 'reverse':
              if (posted.length)
                await perform({ via: 'reverse', reference, target: posted[op.pick % posted.length].key });
              break;
            default: {
              const { kind, legs } = legsOf(op);
              await perform({ via: 'post', reference, kind, legs });
            }
          }

          // after every step: balances, and the trial balance
          for (const n of NAMES) {
            const b = await ledger.balance(ids[n]);
            expect([n, b.posted.minor, b.debits.minor, b.credits.minor]).toEqual([
              n,
              model.balance(n),
              model.debits.get(n),
              model.credits.get(n),
            ]);
          }
          const tb = await ledger.trialBalance(CUR);
          expect(tb.balanced).toBe(true);
          expect(tb.totalDebits.minor).toBe(tb.totalCredits.minor);
          const sum = (m: Map<Name, bigint>) => [...m.values()].reduce((s, v) => s + v, 0n);
          expect(tb.totalDebits.minor - base.totalDebits.minor).toBe(sum(model.debits));
          expect(tb.totalCredits.minor - base.totalCredits.minor).toBe(sum(model.credits));
          const lines = tb.accounts
            .filter((a) => nameOf.has(a.id))
            .map((a) => [nameOf.get(a.id), a.type, a.debits.minor, a.credits.minor, a.balance.minor]);
          expect(lines.sort()).toEqual(
            NAMES.map((n) => [n, spec[n].type, model.debits.get(n), model.credits.get(n), model.balance(n)]).sort(),
          );
        }

        expect(await ledger.verifyBalances()).toEqual([]);
        // every entry posted (reversals included) carries the digest of exactly the postings it has
        const digests: Array<{ stored: string | null; recomputed: string }> = await ds.query(
          `SELECT e.postings_digest::text AS stored,
                  (SELECT sum(ledger_posting_hash(ledger_entry_seed(e.kind, e.reference), p.account_id, CASE WHEN p.side = 'D' THEN p.amount ELSE -p.amount END))
                     FROM ledger_postings p WHERE p.entry_id = e.id)::text AS recomputed
             FROM ledger_entries e WHERE e.id = ANY($1::uuid[])`,
          [posted.map((e) => e.realId)],
        );
        expect(digests).toHaveLength(posted.length);
        expect(digests.filter((d) => d.stored === null || d.stored !== d.recomputed)).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });
});
