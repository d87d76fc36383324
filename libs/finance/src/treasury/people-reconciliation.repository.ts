import { Injectable } from '@nestjs/common';
import { AccountCodeSql as CODE } from '@saoma/ledger';
import { DataSource } from 'typeorm';
import { LIST_LIMIT } from './reconciliation.repository';

/** A posting that a transfer's or an envelope's entry should have made and did not, or made and should not. */
export interface PeopleMismatchRow {
  problem: 'amounts_differ' | 'orphan_entry';
  /** transfer | red_envelope (absent for an orphan). */
  doc_type: string | null;
  doc_id: string | null;
  entry_id: string;
  entry_kind: string;
  currency: string | null;
  account_code: string | null;
  /** Net debit, minor units: what the document calls for, and what the entry posted. */
  expected: string | null;
  actual: string | null;
  total: string;
}

/** Entry kinds written for transfers and envelopes: an entry of these kinds belongs to one of their rows. */
export const PEOPLE_ENTRY_KINDS = [
  'transfer',
  'transfer_delivery',
  'transfer_return',
  'red_envelope',
  'red_envelope_claim',
  'red_envelope_return',
] as const;

const NET = `CASE WHEN lp.side = 'D' THEN lp.amount ELSE -lp.amount END`;
const TRANSFER_TRANSIT = CODE.transfersInTransit('t.currency');
const ENVELOPE_TRANSIT = CODE.envelopesInTransit('e.currency');

/**
 * Each entry of the money between people, as its row says it should be: a
 * list of (account, net debit) per entry. A transfer's first entry leaves
 * the sender's wallet for the recipient's when it was completed at once,
 * else for the in-transit account; its second entry (delivery or return)
 * leaves the in-transit account. An envelope's entry fills the envelopes'
 * in-transit account with its total; each claim and the return empty it.
 */
const EXPECTED_ENTRIES = `
  SELECT 'transfer' AS doc_type, t.id AS doc_id, t.entry_id, t.currency::text AS currency,
         ARRAY[${CODE.consumer('t.sender_id', 't.currency')},
               CASE WHEN t.status = 'completed' AND t.settle_entry_id IS NULL
                    THEN ${CODE.consumer('t.recipient_id', 't.currency')} ELSE ${TRANSFER_TRANSIT} END] AS codes,
         ARRAY[t.amount, -t.amount] AS nets
    FROM transfers t
  UNION ALL
  SELECT 'transfer', t.id, t.settle_entry_id, t.currency::text,
         ARRAY[${TRANSFER_TRANSIT},
               CASE WHEN t.status = 'completed' THEN ${CODE.consumer('t.recipient_id', 't.currency')}
                    ELSE ${CODE.consumer('t.sender_id', 't.currency')} END],
         ARRAY[t.amount, -t.amount]
    FROM transfers t WHERE t.settle_entry_id IS NOT NULL
  UNION ALL
  SELECT 'red_envelope', e.id, e.entry_id, e.currency::text,
         ARRAY[${CODE.consumer('e.sender_id', 'e.currency')}, ${ENVELOPE_TRANSIT}], ARRAY[e.total, -e.total]
    FROM red_envelopes e
  UNION ALL
  SELECT 'red_envelope', e.id, s.entry_id, e.currency::text,
         ARRAY[${ENVELOPE_TRANSIT}, ${CODE.consumer('s.claimed_by', 'e.currency')}], ARRAY[s.amount, -s.amount]
    FROM red_envelope_shares s JOIN red_envelopes e ON e.id = s.envelope_id WHERE s.entry_id IS NOT NULL
  UNION ALL
  SELECT 'red_envelope', e.id, e.return_entry_id, e.currency::text,
         ARRAY[${ENVELOPE_TRANSIT}, ${CODE.consumer('e.sender_id', 'e.currency')}],
         ARRAY[e.returned_amount, -e.returned_amount]
    FROM red_envelopes e WHERE e.return_entry_id IS NOT NULL`;

/** Transfers and red envelopes against their ledger entries, and what the in-transit accounts should hold. */
@Injectable()
export class PeopleReconciliationRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * The day's entries of transfers and envelopes whose postings differ from
   * what their rows call for, and entries of those kinds that no row names.
   * The rows are read whole (far fewer than payments); only the day's
   * entries are compared.
   */
  async mismatches(start: Date, end: Date, currency: string | null): Promise<PeopleMismatchRow[]> {
    return this.ds.query(
      `WITH docs AS (${EXPECTED_ENTRIES}),
       day AS (
         SELECT d.* FROM docs d JOIN ledger_entries le ON le.id = d.entry_id
          WHERE le.effective_at >= $1 AND le.effective_at < $2 AND ($3::text IS NULL OR d.currency = $3)),
       expected AS (SELECT d.entry_id, u.code, u.net FROM day d, unnest(d.codes, d.nets) AS u(code, net)),
       actual AS (
         SELECT lp.entry_id, a.code, sum(${NET}) AS net
           FROM ledger_postings lp JOIN ledger_accounts a ON a.id = lp.account_id
          WHERE lp.entry_id IN (SELECT entry_id FROM day)
          GROUP BY lp.entry_id, a.code),
       differs AS (
         SELECT coalesce(x.entry_id, y.entry_id) AS entry_id, coalesce(x.code, y.code) AS code,
                coalesce(x.net, 0) AS expected, coalesce(y.net, 0) AS actual
           FROM expected x FULL JOIN actual y ON y.entry_id = x.entry_id AND y.code = x.code
          WHERE coalesce(x.net, 0) <> coalesce(y.net, 0)),
       found AS (
         SELECT 'amounts_differ' AS problem, d.doc_type, d.doc_id, f.entry_id, le.kind AS entry_kind, d.currency,
                f.code AS account_code, f.expected::text AS expected, f.actual::text AS actual
           FROM differs f JOIN (SELECT DISTINCT doc_type, doc_id, entry_id, currency FROM day) d ON d.entry_id = f.entry_id
           JOIN ledger_entries le ON le.id = f.entry_id
         UNION ALL
         SELECT 'orphan_entry', NULL, NULL, le.id, le.kind, NULL, NULL, NULL, NULL
           FROM ledger_entries le
          WHERE le.kind = ANY($4::text[]) AND le.status = 'posted'
            AND le.effective_at >= $1 AND le.effective_at < $2
            AND NOT EXISTS (SELECT 1 FROM docs d WHERE d.entry_id = le.id))
       SELECT *, count(*) OVER ()::text AS total FROM found ORDER BY problem, entry_id, account_code LIMIT ${LIST_LIMIT}`,
      [start, end, currency, PEOPLE_ENTRY_KINDS],
    );
  }
}
