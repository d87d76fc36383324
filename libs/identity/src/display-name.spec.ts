import fc from 'fast-check';
import { displayName } from './display-name';

describe('displayName', () => {
  it('shows the first character of a Latin or Chinese name and hides the rest', () => {
    expect(displayName('Li Wei')).toBe('L*****');
    expect(displayName('李四')).toBe('李*');
    expect(displayName('李')).toBe('李*');
  });

  it('counts characters outside the BMP as one', () => {
    expect(displayName('𠀋𠀋𠀋')).toBe('𠀋**');
  });

  it('shows a star for an erased name', () => {
    expect(displayName(null)).toBe('*');
    expect(displayName('  ')).toBe('*');
  });

  it('never shows more than the first character of any name', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, unit: 'grapheme' }), (name) => {
        const shown = [...displayName(name)];
        expect(shown.slice(1).every((c) => c === '*')).toBe(true);
      }),
    );
  });
});
