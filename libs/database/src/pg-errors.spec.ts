import { QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { constraintOf, detailOf, isDatabaseUnavailable, isUniqueViolation, sqlState } from './pg-errors';

describe("reading PostgreSQL's errors, as pg gives them or wrapped by TypeORM", () => {
  const pg = { code: '23505', constraint: 'uq_orders_reference', detail: 'Key (reference)=(A1) already exists.' };
  const wrapped = { message: 'QueryFailedError', driverError: pg };

  it('finds state, constraint and detail on either shape', () => {
    for (const err of [pg, wrapped]) {
      expect(sqlState(err)).toBe('23505');
      expect(constraintOf(err)).toBe('uq_orders_reference');
      expect(detailOf(err)).toBe('Key (reference)=(A1) already exists.');
      expect(isUniqueViolation(err, 'uq_orders_reference')).toBe(true);
      expect(isUniqueViolation(err, 'uq_other')).toBe(false);
    }
  });

  it('answers undefined for errors that are not from the database', () => {
    for (const err of [new Error('boom'), null, undefined, { constraint: 42 }]) {
      expect(constraintOf(err)).toBeUndefined();
      expect(detailOf(err)).toBeUndefined();
      expect(isUniqueViolation(err)).toBe(false);
    }
  });

  it('tells a database that cannot be reached from an error of the request', () => {
    const unavailable = [
      { code: 'ECONNREFUSED' },
      { code: '57P01', message: 'terminating connection due to administrator command' },
      { code: '08006' },
      { code: '55000', message: 'database "saoma" is not currently accepting connections' },
      new Error('Connection terminated unexpectedly'),
      { driverError: new Error('timeout exceeded when trying to connect') },
      new QueryRunnerAlreadyReleasedError(),
      new QueryRunnerProviderAlreadyReleasedError(),
    ];
    for (const err of unavailable) expect(isDatabaseUnavailable(err)).toBe(true);
    const others = [
      { code: '23505' },
      { code: '40001' },
      { code: '55000', message: 'cannot drop the table' },
      new Error('boom'),
      null,
    ];
    for (const err of others) expect(isDatabaseUnavailable(err)).toBe(false);
  });
});
