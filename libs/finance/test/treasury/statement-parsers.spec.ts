import { parseCamt053Statement } from '../../src/treasury/camt053-statement.parser';
import { csvRecords, parseCsvStatement } from '../../src/treasury/csv-statement.parser';
import { TreasuryError } from '../../src/treasury/treasury-error';
import { camt053 } from './camt053-builder';

function invalid(fn: () => unknown): TreasuryError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(TreasuryError);
    expect((err as TreasuryError).code).toBe('invalid_statement');
    return err as TreasuryError;
  }
  throw new Error('expected invalid_statement');
}

/** A statement written by hand after the camt.053.001.08 message definition (a bank's end-of-day file). */
const CAMT = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
  <BkToCstmrStmt>
    <GrpHdr>
      <MsgId>STMT-20261126-0001</MsgId>
      <CreDtTm>2026-11-26T23:10:05+08:00</CreDtTm>
    </GrpHdr>
    <Stmt>
      <Id>ICBC-SH-20261126-001</Id>
      <ElctrncSeqNb>330</ElctrncSeqNb>
      <CreDtTm>2026-11-26T23:10:05+08:00</CreDtTm>
      <Acct>
        <Id><IBAN>CN0001020304050607080910</IBAN></Id>
        <Ccy>CNY</Ccy>
      </Acct>
      <Bal>
        <Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp>
        <Amt Ccy="CNY">10000.00</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Dt><Dt>2026-11-26</Dt></Dt>
      </Bal>
      <Bal>
        <Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp>
        <Amt Ccy="CNY">9679.20</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Dt><Dt>2026-11-26</Dt></Dt>
      </Bal>
      <Ntry>
        <NtryRef>0001</NtryRef>
        <Amt Ccy="CNY">500.00000</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>2026-11-26</Dt></BookgDt>
        <ValDt><Dt>2026-11-26</Dt></ValDt>
        <AcctSvcrRef>BANK-TOPUP-77</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>DMCT</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls>
          <TxDtls>
            <Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
            <RltdPties><Dbtr><Pty><Nm>Li Lei</Nm></Pty></Dbtr></RltdPties>
            <RmtInf><Ustrd>Saoma wallet top-up</Ustrd></RmtInf>
          </TxDtls>
        </NtryDtls>
      </Ntry>
      <Ntry>
        <NtryRef>0002</NtryRef>
        <Amt Ccy="CNY">120.80</Amt>
        <CdtDbtInd>DBIT</CdtDbtInd>
        <Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>2026-11-26</Dt></BookgDt>
        <ValDt><Dt>2026-11-26</Dt></ValDt>
        <AcctSvcrRef>ICBC-9917</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>DMCT</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls>
          <TxDtls>
            <Refs><InstrId>RUN-1</InstrId><EndToEndId>SAOMA-P-20261126-AAAAAAAAAAAA</EndToEndId></Refs>
            <RltdPties><Cdtr><Pty><Nm>Noodle Bar</Nm></Pty></Cdtr></RltdPties>
          </TxDtls>
        </NtryDtls>
      </Ntry>
      <Ntry>
        <NtryRef>0003</NtryRef>
        <Amt Ccy="CNY">300.00</Amt>
        <CdtDbtInd>DBIT</CdtDbtInd>
        <Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>2026-11-26</Dt></BookgDt>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>DMCT</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls>
          <Btch><NbOfTxs>2</NbOfTxs></Btch>
          <TxDtls>
            <Refs><EndToEndId>SAOMA-P-20261126-BBBBBBBBBBBB</EndToEndId></Refs>
            <Amt Ccy="CNY">100.00</Amt>
            <CdtDbtInd>DBIT</CdtDbtInd>
            <RltdPties><Cdtr><Nm>Tea House</Nm></Cdtr></RltdPties>
          </TxDtls>
          <TxDtls>
            <Refs><EndToEndId>SAOMA-W-CCCCCCCCCCCCCCCCCCCC</EndToEndId></Refs>
            <Amt Ccy="CNY">200.00</Amt>
            <CdtDbtInd>DBIT</CdtDbtInd>
          </TxDtls>
        </NtryDtls>
      </Ntry>
      <Ntry>
        <NtryRef>0004</NtryRef>
        <Amt Ccy="CNY">100.00</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <RvslInd>true</RvslInd>
        <Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><DtTm>2026-11-26T16:00:00+08:00</DtTm></BookgDt>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>RRTN</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls>
          <TxDtls>
            <Refs><EndToEndId>SAOMA-P-20261126-BBBBBBBBBBBB</EndToEndId></Refs>
            <RmtInf><Ustrd>AC04 account closed</Ustrd></RmtInf>
          </TxDtls>
        </NtryDtls>
      </Ntry>
      <Ntry>
        <Amt Ccy="CNY">1.00</Amt>
        <CdtDbtInd>DBIT</CdtDbtInd>
        <Sts><Cd>PDNG</Cd></Sts>
        <BookgDt><Dt>2026-11-26</Dt></BookgDt>
        <AddtlNtryInf>Account maintenance fee</AddtlNtryInf>
      </Ntry>
    </Stmt>
  </BkToCstmrStmt>
</Document>
`;

describe('CSV bank statements', () => {
  it('reads the documented columns in any order, RFC 4180 quoting, the line each record starts on', () => {
    const csv =
      '\ufeffReference,Date,Direction,Amount,Currency,Counterparty,Note\r\n' +
      'BANK-1,2026-11-26,credit,100.00,CNY,"Li, Lei",x\r\n' +
      '\r\n' +
      'SAOMA-P-20261126-AAAAAAAAAAAA,2026-11-26,debit,12.3,CNY,"Noodle ""Bar""\nShanghai",\r\n' +
      ',2026-11-27,DEBIT,5,JPY,,\n';
    const s = parseCsvStatement(csv);
    expect(s.format).toBe('csv');
    expect(s.statementId).toBeNull();
    expect(
      s.lines.map((l) => [
        l.lineNo,
        l.bookingDate,
        l.amount.format(),
        l.amount.currency,
        l.direction,
        l.reference,
        l.counterparty,
      ]),
    ).toEqual([
      [2, '2026-11-26', '100.00', 'CNY', 'credit', 'BANK-1', 'Li, Lei'],
      [4, '2026-11-26', '12.30', 'CNY', 'debit', 'SAOMA-P-20261126-AAAAAAAAAAAA', 'Noodle "Bar" Shanghai'],
      [6, '2026-11-27', '5', 'JPY', 'debit', null, null],
    ]);
  });

  it('counts the lines of a quoted line break', () => {
    expect([...csvRecords('a,b\n"x\ny",z\nq,r')].map((r) => [r.line, r.fields])).toEqual([
      [1, ['a', 'b']],
      [2, ['x\ny', 'z']],
      [4, ['q', 'r']],
    ]);
  });

  it('refuses a bad amount with the line it is on', () => {
    const csv =
      'date,amount,currency,direction,reference,counterparty\n2026-11-26,1.00,CNY,credit,A,\n2026-11-26,12.345,CNY,credit,B,\n';
    const e = invalid(() => parseCsvStatement(csv));
    expect(e.detail).toMatch(/^line 3: amount "12.345"/);
    expect(e.extensions).toEqual({ line: 3 });
  });

  it.each([
    ['no header', '2026-11-26,1.00,CNY,credit,A,\n', 1, /header line must name the columns/],
    ['empty', '\n\n', 1, /empty/],
    [
      'a negative amount',
      'date,amount,currency,direction,reference\n2026-11-26,-1.00,CNY,credit,A\n',
      2,
      /positive decimal/,
    ],
    ['zero', 'date,amount,currency,direction,reference\n2026-11-26,0.00,CNY,credit,A\n', 2, /greater than zero/],
    ['an exponent', 'date,amount,currency,direction,reference\n2026-11-26,1e3,CNY,credit,A\n', 2, /positive decimal/],
    ['a bad date', 'date,amount,currency,direction,reference\n2026-02-30,1.00,CNY,credit,A\n', 2, /calendar day/],
    ['a bad currency', 'date,amount,currency,direction,reference\n2026-11-26,1.00,XXX,credit,A\n', 2, /not supported/],
    ['a bad direction', 'date,amount,currency,direction,reference\n2026-11-26,1.00,CNY,in,A\n', 2, /credit or debit/],
    [
      'a missing field',
      'date,amount,currency,direction,reference\n2026-11-26,1.00,CNY,credit\n',
      2,
      /4 fields where the header has 5/,
    ],
    ['an unclosed quote', 'date,amount,currency,direction,reference\n2026-11-26,1.00,CNY,credit,"A\n', 2, /not closed/],
  ])('refuses %s', (_name, csv, line, message) => {
    const e = invalid(() => parseCsvStatement(csv));
    expect(e.extensions).toEqual({ line });
    expect(e.detail).toMatch(message);
  });
});

describe('camt.053 bank statements', () => {
  it('reads a multi-entry statement: ids, balances, references, batch entries, reversals, pending entries', () => {
    const s = parseCamt053Statement(CAMT);
    expect(s).toMatchObject({
      format: 'camt.053',
      statementId: 'ICBC-SH-20261126-001',
      account: 'CN0001020304050607080910',
      currency: 'CNY',
    });
    expect(s.balances).toEqual([
      { type: 'OPBD', amount: '10000.00', currency: 'CNY', date: '2026-11-26' },
      { type: 'CLBD', amount: '9679.20', currency: 'CNY', date: '2026-11-26' },
    ]);
    const lineOf = (needle: string) => CAMT.split('\n').findIndex((l) => l.includes(needle)) + 1;
    expect(
      s.lines.map((l) => ({
        line: l.lineNo,
        ref: l.entryRef,
        amount: l.amount.format(),
        dir: l.direction,
        rev: l.reversal,
        reference: l.reference,
        refs: l.references,
        party: l.counterparty,
        status: l.status,
        date: l.bookingDate,
      })),
    ).toEqual([
      {
        line: lineOf('<NtryRef>0001') - 1,
        ref: '0001',
        amount: '500.00',
        dir: 'credit',
        rev: false,
        reference: 'BANK-TOPUP-77',
        refs: ['BANK-TOPUP-77', 'Saoma wallet top-up'],
        party: 'Li Lei',
        status: null,
        date: '2026-11-26',
      },
      {
        line: lineOf('<NtryRef>0002') - 1,
        ref: '0002',
        amount: '120.80',
        dir: 'debit',
        rev: false,
        reference: 'SAOMA-P-20261126-AAAAAAAAAAAA',
        refs: ['SAOMA-P-20261126-AAAAAAAAAAAA', 'ICBC-9917', 'RUN-1'],
        party: 'Noodle Bar',
        status: null,
        date: '2026-11-26',
      },
      {
        line: lineOf('BBBBBBBBBBBB</EndToEndId>') - 1,
        ref: '0003#1',
        amount: '100.00',
        dir: 'debit',
        rev: false,
        reference: 'SAOMA-P-20261126-BBBBBBBBBBBB',
        refs: ['SAOMA-P-20261126-BBBBBBBBBBBB'],
        party: 'Tea House',
        status: null,
        date: '2026-11-26',
      },
      {
        line: lineOf('CCCCCCCCCCCCCCCCCCCC') - 1,
        ref: '0003#2',
        amount: '200.00',
        dir: 'debit',
        rev: false,
        reference: 'SAOMA-W-CCCCCCCCCCCCCCCCCCCC',
        refs: ['SAOMA-W-CCCCCCCCCCCCCCCCCCCC'],
        party: null,
        status: null,
        date: '2026-11-26',
      },
      {
        line: lineOf('<NtryRef>0004') - 1,
        ref: '0004',
        amount: '100.00',
        dir: 'credit',
        rev: true,
        reference: 'SAOMA-P-20261126-BBBBBBBBBBBB',
        refs: ['SAOMA-P-20261126-BBBBBBBBBBBB', 'AC04 account closed'],
        party: null,
        status: null,
        date: '2026-11-26',
      },
      {
        line: lineOf('<Amt Ccy="CNY">1.00') - 1,
        ref: null,
        amount: '1.00',
        dir: 'debit',
        rev: false,
        reference: 'Account maintenance fee',
        refs: ['Account maintenance fee'],
        party: null,
        status: 'PDNG',
        date: '2026-11-26',
      },
    ]);
  });

  it('reads the documents the builder writes (prefixed or not) the same way', () => {
    const xml = camt053({
      statementId: 'S-1',
      from: '2026-11-26',
      to: '2026-11-26',
      opening: { amount: '0.00', direction: 'CRDT' },
      closing: { amount: '5.00', direction: 'DBIT' },
      entries: [
        {
          ntryRef: 'E1',
          amount: '5.00',
          direction: 'DBIT',
          bookingDate: '2026-11-26',
          txs: [{ endToEndId: 'SAOMA-P-X', creditor: 'A & B' }],
        },
      ],
    });
    const a = parseCamt053Statement(xml);
    const prefixed = xml.replace(/<(\/?)([A-Za-z])/g, '<$1c:$2').replace('<c:Document xmlns=', '<c:Document xmlns:c=');
    const b = parseCamt053Statement(prefixed);
    expect(b.lines.map((l) => [l.reference, l.amount.format(), l.counterparty])).toEqual([
      ['SAOMA-P-X', '5.00', 'A & B'],
    ]);
    expect(a.lines.map((l) => [l.reference, l.amount.format(), l.counterparty])).toEqual([
      ['SAOMA-P-X', '5.00', 'A & B'],
    ]);
    expect(b.balances[1]).toEqual({ type: 'CLBD', amount: '-5.00', currency: 'CNY', date: '2026-11-26' });
  });

  it('refuses XML that is not well-formed, with the line', () => {
    const broken = CAMT.replace(
      '<CdtDbtInd>DBIT</CdtDbtInd>\n        <Sts>',
      '<CdtDbtInd>DBIT</CdtDbtIn>\n        <Sts>',
    );
    const line = broken.split('\n').findIndex((l) => l.includes('</CdtDbtIn>')) + 1;
    const e = invalid(() => parseCamt053Statement(broken));
    expect(e.extensions).toEqual({ line });
    expect(e.detail).toMatch(new RegExp(`^line ${line}: not well-formed XML`));
  });

  it.each([
    ['another message', CAMT.replace('camt.053.001.08', 'camt.052.001.08'), /not a camt\.053 document/],
    ['a DOCTYPE', CAMT.replace('<Document', '<!DOCTYPE Document [<!ENTITY x "y">]>\n<Document'), /DOCTYPE/],
    ['an amount without currency', CAMT.replace('<Amt Ccy="CNY">120.80</Amt>', '<Amt>120.80</Amt>'), /Amt with a Ccy/],
    ['a bad amount', CAMT.replace('120.80', '12O.80'), /positive decimal/],
    [
      'a bad CdtDbtInd',
      CAMT.replace(
        '<CdtDbtInd>DBIT</CdtDbtInd>\n        <Sts><Cd>BOOK</Cd></Sts>\n        <BookgDt><Dt>2026-11-26</Dt></BookgDt>\n        <ValDt>',
        '<CdtDbtInd>DEBIT</CdtDbtInd>\n        <Sts><Cd>BOOK</Cd></Sts>\n        <BookgDt><Dt>2026-11-26</Dt></BookgDt>\n        <ValDt>',
      ),
      /CdtDbtInd/,
    ],
    [
      'a batch that does not add up',
      CAMT.replace('<Amt Ccy="CNY">200.00</Amt>', '<Amt Ccy="CNY">199.00</Amt>'),
      /do not add up/,
    ],
    ['a Stmt without Id', CAMT.replace('<Id>ICBC-SH-20261126-001</Id>', ''), /no Id/],
    ['two NtryRef alike', CAMT.replace('<NtryRef>0002</NtryRef>', '<NtryRef>0001</NtryRef>'), /appears twice/],
    ['an empty document', '   ', /empty/],
  ])('refuses %s', (_name, xml, message) => {
    const e = invalid(() => parseCamt053Statement(xml));
    expect(e.detail).toMatch(message);
    expect(typeof (e.extensions as { line: number }).line).toBe('number');
  });
});
