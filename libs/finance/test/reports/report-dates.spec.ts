import { FinanceReportsError } from '../../src/reports/finance-reports-error';
import { utcDay, utcPeriod } from '../../src/reports/report-dates';
import { isUtcDate } from '../../src/utc-day';

describe('report dates', () => {
  it('accepts real UTC calendar days only', () => {
    for (const ok of ['2026-11-26', '2024-02-29', '1970-01-01', '9998-12-31']) expect(isUtcDate(ok)).toBe(true);
    for (const bad of [
      '2026-02-29',
      '2026-13-01',
      '2026-00-10',
      '2026-1-01',
      '26-11-26',
      '2026-11-26T00:00:00Z',
      ' 2026-11-26',
      '',
      '1969-12-31',
      '9999-01-01',
      20261126,
      null,
    ]) {
      expect(isUtcDate(bad)).toBe(false);
    }
  });

  it('makes a day [start, end) in UTC', () => {
    const d = utcDay('2026-11-26');
    expect(d.start.toISOString()).toBe('2026-11-26T00:00:00.000Z');
    expect(d.end.toISOString()).toBe('2026-11-27T00:00:00.000Z');
    expect(() => utcDay('2026-11-31')).toThrow(FinanceReportsError);
  });

  it('makes a period of whole days, both ends included, and refuses one that runs backwards', () => {
    const p = utcPeriod('2026-11-01', '2026-11-30');
    expect([p.start.toISOString(), p.end.toISOString()]).toEqual([
      '2026-11-01T00:00:00.000Z',
      '2026-12-01T00:00:00.000Z',
    ]);
    expect(utcPeriod('2026-11-01', '2026-11-01').end.toISOString()).toBe('2026-11-02T00:00:00.000Z');
    expect(() => utcPeriod('2026-11-02', '2026-11-01')).toThrow(
      expect.objectContaining({ code: 'invalid_report_period' }),
    );
  });
});
