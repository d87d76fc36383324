import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import { openTestDataSource } from '../../../test/support/test-database';
import {
  PAYMENT_RULE,
  REFUND_RULE,
  ROLE_SIDE,
  applyRule,
  ruleNetDebitSql,
  type DiscountFunder,
  type PostingRule,
  type Role,
} from '../src/posting-rules';

const ROLES: Role[] = ['wallet', 'marketing', 'merchant', 'fee'];
const minor = fc.bigInt({ min: 0n, max: 10n ** 15n });
const funder = fc.constantFrom<DiscountFunder | null>('platform', 'merchant', null);

/** The net debit that a role's change means: the change itself on a debit-normal role, its opposite on a credit-normal one. */
const netDebit = (role: Role, change: bigint) => (ROLE_SIDE[role] === 'D' ? change : -change);

interface Doc<F extends string> {
  values: Record<F, bigint>;
  fundedBy: DiscountFunder | null;
}

describe('posting rules rendered to SQL (what the reconciliation checks the journal with)', () => {
  let ds: DataSource;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ ds, close } = await openTestDataSource());
  });
  afterAll(() => close());

  /** Every role's net debit for each document, computed by PostgreSQL from the rendered rule. */
  async function inSql<F extends string>(
    rule: PostingRule<F>,
    fields: F[],
    docs: Doc<F>[],
  ): Promise<Array<Record<Role, string>>> {
    const column = (f: F) => `d.${f.toLowerCase()}`;
    const columns = Object.fromEntries(fields.map((f) => [f, column(f)])) as Record<F, string>;
    const selects = ROLES.map(
      (role) => `(${ruleNetDebitSql(rule, role, columns, 'd.funded_by')})::text AS ${role}`,
    ).join(', ');
    const arrays = fields.map((_, i) => `$${i + 1}::bigint[]`).join(', ');
    const names = fields.map((f) => f.toLowerCase()).join(', ');
    const params = [...fields.map((f) => docs.map((d) => d.values[f].toString())), docs.map((d) => d.fundedBy)];
    return ds.query(
      `SELECT ${selects} FROM unnest(${arrays}, $${fields.length + 1}::text[]) WITH ORDINALITY AS d(${names}, funded_by, n) ORDER BY d.n`,
      params,
    );
  }

  async function expectSameAsRule<F extends string>(rule: PostingRule<F>, fields: F[], docs: Doc<F>[]) {
    const sql = await inSql(rule, fields, docs);
    docs.forEach((doc, i) => {
      const change = applyRule(rule, doc.values, doc.fundedBy);
      expect(sql[i]).toEqual(Object.fromEntries(ROLES.map((role) => [role, netDebit(role, change[role]).toString()])));
    });
  }

  it("computes a payment's net debits exactly as the ledger's rule does", async () => {
    const docs = fc.sample(
      fc.record({ values: fc.record({ amount: minor, discount: minor, fee: minor }), fundedBy: funder }),
      300,
    );
    await expectSameAsRule(PAYMENT_RULE, ['amount', 'discount', 'fee'], docs);
  });

  it("computes a refund's net debits exactly as the ledger's rule does", async () => {
    const docs = fc.sample(
      fc.record({
        values: fc.record({ amount: minor, toConsumer: minor, discountBack: minor, feeBack: minor }),
        fundedBy: funder,
      }),
      300,
    );
    await expectSameAsRule(REFUND_RULE, ['amount', 'toConsumer', 'discountBack', 'feeBack'], docs);
  });

  it('charges a discount to the party that funded it and to no other', async () => {
    const values = { amount: 1000n, discount: 100n, fee: 6n };
    const [platform, merchant] = await inSql(
      PAYMENT_RULE,
      ['amount', 'discount', 'fee'],
      [
        { values, fundedBy: 'platform' },
        { values, fundedBy: 'merchant' },
      ],
    );
    expect(platform).toEqual({ wallet: '900', marketing: '100', merchant: '-994', fee: '-6' });
    expect(merchant).toEqual({ wallet: '900', marketing: '0', merchant: '-894', fee: '-6' });
  });
});
