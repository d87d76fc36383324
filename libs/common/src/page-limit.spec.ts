import { PAGE_LIMIT, pageLimit } from './page-limit';

describe('pageLimit: the one clamp of every list', () => {
  it("gives the contract's default when no limit is asked for", () => {
    expect(pageLimit(undefined)).toBe(50);
    expect(pageLimit(null)).toBe(50);
    expect(pageLimit(Number.NaN)).toBe(PAGE_LIMIT.default);
  });

  it('keeps a limit between 1 and 200, whole', () => {
    expect(pageLimit(0)).toBe(1);
    expect(pageLimit(-5)).toBe(1);
    expect(pageLimit(7.9)).toBe(7);
    expect(pageLimit(200)).toBe(200);
    expect(pageLimit(201)).toBe(200);
    expect(pageLimit(Number.POSITIVE_INFINITY)).toBe(50);
  });
});
