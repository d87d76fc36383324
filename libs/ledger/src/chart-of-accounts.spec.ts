import { AccountCodeSql, PlatformAccount, WalletAccount } from './chart-of-accounts';

describe('account codes as SQL, rendered from the same templates', () => {
  it('concatenates the literal parts of a code with the columns that fill it', () => {
    expect(AccountCodeSql.consumer('d.consumer_id', 'd.currency')).toBe(
      "'consumer:' || (d.consumer_id)::text || ':' || (d.currency)::text",
    );
    expect(AccountCodeSql.feeRevenue('a.currency')).toBe("'platform:fee_revenue:' || (a.currency)::text");
  });

  it('gives LIKE patterns with LIKE’s own characters escaped', () => {
    expect(AccountCodeSql.like.feeRevenue).toBe("'platform:fee\\_revenue:%'");
    expect(AccountCodeSql.like.marketingExpense).toBe("'platform:marketing\\_expense:%'");
    expect(AccountCodeSql.like.platform).toBe("'platform:%'");
  });

  it('agrees with the codes the ledger writes (evaluated the way PostgreSQL would)', () => {
    const evaluate = (sql: string, columns: Record<string, string>) =>
      sql
        .split(' || ')
        .map((part) => (part.startsWith("'") ? part.slice(1, -1) : columns[part.replace(/^\((.*)\)::text$/, '$1')]))
        .join('');
    const id = '6f1c2a9e-7d3b-4c55-9a1e-0b2c3d4e5f60';
    expect(evaluate(AccountCodeSql.merchant('m', 'c'), { m: id, c: 'JPY' })).toBe(
      WalletAccount.merchant(id, 'JPY').code,
    );
    expect(evaluate(AccountCodeSql.bank('c'), { c: 'EUR' })).toBe(PlatformAccount.bank('EUR').code);
    expect(evaluate(AccountCodeSql.payoutsInTransit('c'), { c: 'EUR' })).toBe(
      PlatformAccount.payoutsInTransit('EUR').code,
    );
  });
});
