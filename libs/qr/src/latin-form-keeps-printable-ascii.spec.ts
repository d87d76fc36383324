import fc from 'fast-check';
import { latinForm } from '@saoma/qr';

describe('latinForm', () => {
  it.each([
    ['Café Zürich', 25, 'Cafe Zurich'],
    ['Straße Øresund Łódź', 25, 'Strasse Oresund Lodz'],
    ['ＡＢＣ　Ｍａｒｔ', 25, 'ABC Mart'], // full-width forms fold to ASCII
    ['老王 Lao Wang  牛肉面', 25, 'Lao Wang'],
    ['  tabs\tand\nnewlines  ', 25, 'tabs and newlines'],
    ['A very long merchant name that goes on', 25, 'A very long merchant name'],
    ['Bistro Olé 12345', 10, 'Bistro Ole'],
    ['Ab cd', 3, 'Ab'], // no trailing space after truncation
    ['最佳运输', 25, ''],
  ])('latinForm(%j, %d) = %j', (text, max, expected) => {
    expect(latinForm(text, max)).toBe(expected);
  });

  it('always returns trimmed printable ASCII within the limit', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), fc.nat({ max: 30 }), (text, max) => {
        const out = latinForm(text, max);
        expect(out).toMatch(/^[\x20-\x7E]*$/);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(out).toBe(out.trim());
        expect(out).not.toContain('  ');
      }),
      { numRuns: 1000 },
    );
  });
});
