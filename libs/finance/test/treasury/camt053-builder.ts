import { Money } from '@saoma/money';

/**
 * Writes ISO 20022 camt.053.001.08 (BankToCustomerStatementV08) documents the
 * way a bank sends them: GrpHdr, one Stmt with Id, sequence number, period,
 * the account (IBAN, currency, owner, servicer BIC), opening and closing
 * booked balances, a transaction summary, then the entries, each with its
 * booking and value dates, bank transaction code and details (references,
 * amounts, related parties, remittance information).
 */

export interface CamtTx {
  endToEndId?: string;
  acctSvcrRef?: string;
  instrId?: string;
  amount?: string;
  ustrd?: string;
  debtor?: string;
  creditor?: string;
}

export interface CamtEntry {
  ntryRef?: string;
  amount: string;
  currency?: string;
  direction: 'CRDT' | 'DBIT';
  reversal?: boolean;
  status?: string;
  bookingDate: string;
  acctSvcrRef?: string;
  /** BkTxCd domain family/subfamily, e.g. PMNT/ICDT/ESCT. */
  code?: [string, string, string];
  txs?: CamtTx[];
  info?: string;
}

export interface CamtStatement {
  statementId: string;
  messageId?: string;
  iban?: string;
  currency?: string;
  from: string;
  to: string;
  opening: { amount: string; direction: 'CRDT' | 'DBIT' };
  closing: { amount: string; direction: 'CRDT' | 'DBIT' };
  entries: CamtEntry[];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function tx(t: CamtTx, e: CamtEntry, ccy: string): string {
  const refs = [
    t.acctSvcrRef ? `<AcctSvcrRef>${esc(t.acctSvcrRef)}</AcctSvcrRef>` : '',
    t.instrId ? `<InstrId>${esc(t.instrId)}</InstrId>` : '',
    `<EndToEndId>${esc(t.endToEndId ?? 'NOTPROVIDED')}</EndToEndId>`,
  ].join('');
  const parties =
    t.debtor || t.creditor
      ? `<RltdPties>${t.debtor ? `<Dbtr><Pty><Nm>${esc(t.debtor)}</Nm></Pty></Dbtr>` : ''}${t.creditor ? `<Cdtr><Pty><Nm>${esc(t.creditor)}</Nm></Pty></Cdtr>` : ''}</RltdPties>`
      : '';
  return `
          <TxDtls>
            <Refs>${refs}</Refs>
            ${t.amount ? `<Amt Ccy="${ccy}">${t.amount}</Amt>\n            <CdtDbtInd>${e.direction}</CdtDbtInd>` : ''}
            ${parties}
            ${t.ustrd ? `<RmtInf><Ustrd>${esc(t.ustrd)}</Ustrd></RmtInf>` : ''}
          </TxDtls>`;
}

export function camt053(s: CamtStatement): string {
  const ccy = s.currency ?? 'CNY';
  const credits = s.entries.filter((e) => e.direction === 'CRDT');
  const debits = s.entries.filter((e) => e.direction === 'DBIT');
  const sum = (es: CamtEntry[]) => es.reduce((total, e) => total.add(Money.parse(e.amount, ccy)), Money.zero(ccy));
  const entries = s.entries
    .map((e) => {
      const c = e.currency ?? ccy;
      const [dom, fam, sub] = e.code ?? (e.direction === 'CRDT' ? ['PMNT', 'RCDT', 'ESCT'] : ['PMNT', 'ICDT', 'ESCT']);
      return `
      <Ntry>
        ${e.ntryRef ? `<NtryRef>${esc(e.ntryRef)}</NtryRef>` : ''}
        <Amt Ccy="${c}">${e.amount}</Amt>
        <CdtDbtInd>${e.direction}</CdtDbtInd>
        ${e.reversal ? '<RvslInd>true</RvslInd>' : ''}
        <Sts><Cd>${e.status ?? 'BOOK'}</Cd></Sts>
        <BookgDt><Dt>${e.bookingDate}</Dt></BookgDt>
        <ValDt><Dt>${e.bookingDate}</Dt></ValDt>
        ${e.acctSvcrRef ? `<AcctSvcrRef>${esc(e.acctSvcrRef)}</AcctSvcrRef>` : ''}
        <BkTxCd><Domn><Cd>${dom}</Cd><Fmly><Cd>${fam}</Cd><SubFmlyCd>${sub}</SubFmlyCd></Fmly></Domn></BkTxCd>
        ${
          e.txs?.length
            ? `<NtryDtls>${e.txs.map((t) => tx(t, e, c)).join('')}
        </NtryDtls>`
            : ''
        }
        ${e.info ? `<AddtlNtryInf>${esc(e.info)}</AddtlNtryInf>` : ''}
      </Ntry>`;
    })
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <BkToCstmrStmt>
    <GrpHdr>
      <MsgId>${esc(s.messageId ?? `MSG-${s.statementId}`)}</MsgId>
      <CreDtTm>${s.to}T23:30:00+08:00</CreDtTm>
      <MsgPgntn><PgNb>1</PgNb><LastPgInd>true</LastPgInd></MsgPgntn>
    </GrpHdr>
    <Stmt>
      <Id>${esc(s.statementId)}</Id>
      <ElctrncSeqNb>1</ElctrncSeqNb>
      <CreDtTm>${s.to}T23:30:00+08:00</CreDtTm>
      <FrToDt><FrDtTm>${s.from}T00:00:00+08:00</FrDtTm><ToDtTm>${s.to}T23:59:59+08:00</ToDtTm></FrToDt>
      <Acct>
        <Id><IBAN>${s.iban ?? 'DE89370400440532013000'}</IBAN></Id>
        <Ccy>${ccy}</Ccy>
        <Ownr><Nm>Saoma Payments Ltd</Nm></Ownr>
        <Svcr><FinInstnId><BICFI>COBADEFFXXX</BICFI></FinInstnId></Svcr>
      </Acct>
      <Bal>
        <Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp>
        <Amt Ccy="${ccy}">${s.opening.amount}</Amt>
        <CdtDbtInd>${s.opening.direction}</CdtDbtInd>
        <Dt><Dt>${s.from}</Dt></Dt>
      </Bal>
      <Bal>
        <Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp>
        <Amt Ccy="${ccy}">${s.closing.amount}</Amt>
        <CdtDbtInd>${s.closing.direction}</CdtDbtInd>
        <Dt><Dt>${s.to}</Dt></Dt>
      </Bal>
      <TxsSummry>
        <TtlNtries><NbOfNtries>${s.entries.length}</NbOfNtries></TtlNtries>
        <TtlCdtNtries><NbOfNtries>${credits.length}</NbOfNtries><Sum>${sum(credits).format()}</Sum></TtlCdtNtries>
        <TtlDbtNtries><NbOfNtries>${debits.length}</NbOfNtries><Sum>${sum(debits).format()}</Sum></TtlDbtNtries>
      </TxsSummry>${entries}
    </Stmt>
  </BkToCstmrStmt>
</Document>
`;
}
