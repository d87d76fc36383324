import fc from 'fast-check';
import { CsvTable, csvField, csvRecord, neutraliseFormula, toCsv } from '../../src/reports/csv';
import { parseRfc4180 } from './rfc4180';

/** What the reader gives back for a cell: the text, with the neutralising quote when the writer adds one. */
const expectedCell = (s: string) => (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s) ? `'${s}` : s);

describe('CSV writer', () => {
  it('writes a header line, CRLF line ends, and quotes per RFC 4180', () => {
    const out = toCsv(
      ['a', 'b', 'c'],
      [
        ['plain', 'with,comma', 'with "quote"'],
        ['line\nbreak', 'cr\rhere', ''],
        [null, undefined, 12n],
      ],
    );
    expect(out).toBe('a,b,c\r\nplain,"with,comma","with ""quote"""\r\n"line\nbreak","cr\rhere",\r\n,,12\r\n');
  });

  it('keeps UTF-8 text as it is', () => {
    expect(csvRecord(['兰州拉面', 'Café', '🍜'])).toBe('兰州拉面,Café,🍜\r\n');
    expect(Buffer.from(csvRecord(['兰州拉面']), 'utf8').toString('utf8')).toBe('兰州拉面\r\n');
  });

  it('neutralises cells that a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csvField('+1+1')).toBe("'+1+1");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\t=1')).toBe("'\t=1");
    expect(csvField('\r=1')).toBe(`"'\r=1"`);
    expect(csvField('-')).toBe("'-");
    expect(csvField('-1e5')).toBe("'-1e5");
  });

  it('leaves plain signed numbers (amounts) as numbers', () => {
    for (const n of ['-12.30', '-500', '12.30', '0.00', '-0.001', '7']) expect(csvField(n)).toBe(n);
    expect(csvField(-5)).toBe('-5');
    expect(csvField(-5n)).toBe('-5');
    expect(neutraliseFormula('-12.30')).toBe('-12.30');
    expect(neutraliseFormula('-12.30 CNY')).toBe("'-12.30 CNY");
  });

  it('renders tables with header and cells from one column list', () => {
    const t = new CsvTable<{ id: string; n: number }>([
      ['id', (r) => r.id],
      ['n', (r) => r.n],
    ]);
    expect(
      t.render([
        { id: 'x', n: 1 },
        { id: '=y', n: -2 },
      ]),
    ).toBe("id,n\r\nx,1\r\n'=y,-2\r\n");
  });

  it('round-trips through an RFC 4180 reader: the same cells, formulas neutralised', () => {
    const cell = fc.oneof(
      fc.string({ unit: 'grapheme' }),
      fc.string({ unit: fc.constantFrom(',', '"', '\r', '\n', '=', '+', '-', '@', '\t', 'a', '1', '.', ' ', '兰') }),
      fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }).map((v) => {
        const s = (v < 0n ? -v : v).toString().padStart(3, '0');
        return `${v < 0n ? '-' : ''}${s.slice(0, -2)}.${s.slice(-2)}`;
      }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { minLength: 0, maxLength: 8 }),
        fc.integer({ min: 1, max: 6 }),
        (rows, width) => {
          const header = Array.from({ length: width }, (_, i) => `c${i}`);
          const table = rows.map((r) => Array.from({ length: width }, (_, i) => r[i % r.length]));
          const text = toCsv(header, table);
          expect(text.endsWith('\r\n')).toBe(true);
          expect(parseRfc4180(text)).toEqual([header, ...table.map((r) => r.map(expectedCell))]);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never lets a written cell start with a formula character unless it is a plain number', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const [[back]] = parseRfc4180(csvRecord([s]));
        if (/^[=+\-@\t\r]/.test(back)) expect(back).toMatch(/^-?\d+(\.\d+)?$/);
      }),
      { numRuns: 1000 },
    );
  });
});
