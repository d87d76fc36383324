import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Who is at the other end of a statement line between two people: the consumers of transfers and envelopes. */
@Injectable()
export class CounterpartiesRepository {
  constructor(private readonly ds: DataSource) {}

  async transferParties(ids: string[]): Promise<Map<string, { sender_id: string; recipient_id: string | null }>> {
    if (!ids.length) return new Map();
    const rows: Array<{ id: string; sender_id: string; recipient_id: string | null }> = await this.ds.query(
      `SELECT id, sender_id, recipient_id FROM transfers WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r]));
  }

  async envelopeSenders(ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows: Array<{ id: string; sender_id: string }> = await this.ds.query(
      `SELECT id, sender_id FROM red_envelopes WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.sender_id]));
  }
}
