import { billPayableUntil, endOfDueDate, NEVER } from './bill-rules';

describe('bill rules', () => {
  it('a bill not payable after its due date can be paid until the end of that day, UTC', () => {
    expect(endOfDueDate('2026-12-31').toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(billPayableUntil('2026-02-28', false).toISOString()).toBe('2026-03-01T00:00:00.000Z');
  });

  it('a bill payable after its due date never stops taking payments', () => {
    expect(billPayableUntil('2026-12-31', true)).toEqual(NEVER);
  });
});
