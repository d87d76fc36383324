import { PrivacyError } from '../../src/privacy/privacy-error';
import { MAX_PURPOSE_LENGTH, normalisePurpose } from '../../src/privacy/privacy.service';

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(PrivacyError);
    return (e as PrivacyError).code;
  }
  return undefined;
}

describe('normalisePurpose', () => {
  it.each([[undefined], [null], [''], ['   '], ['\t\n '], ['\u3000'], [42], [['a', 'b']], [{}]])(
    'refuses %p as purpose_required',
    (p) => {
      expect(codeOf(() => normalisePurpose(p))).toBe('purpose_required');
    },
  );

  it('trims and keeps the text', () => {
    expect(normalisePurpose('  Ticket 4711: disputed top-up \n')).toBe('Ticket 4711: disputed top-up');
  });

  it('takes exactly 500 characters, counted in characters (not UTF-16 units), and refuses 501', () => {
    expect(MAX_PURPOSE_LENGTH).toBe(500);
    expect(normalisePurpose('x'.repeat(500))).toHaveLength(500);
    // 500 astral characters are 1000 UTF-16 units, still 500 characters
    expect([...normalisePurpose('😀'.repeat(500))]).toHaveLength(500);
    expect(codeOf(() => normalisePurpose('x'.repeat(501)))).toBe('purpose_too_long');
    // spaces around do not count
    expect(normalisePurpose(`  ${'y'.repeat(500)}  `)).toHaveLength(500);
  });

  it('refuses control characters (a NUL would not even reach the database)', () => {
    expect(codeOf(() => normalisePurpose('audit\u0000'))).toBe('purpose_required');
    expect(codeOf(() => normalisePurpose('audit\u001b[31m'))).toBe('purpose_required');
    expect(normalisePurpose('line one\nline two')).toBe('line one\nline two');
  });
});
