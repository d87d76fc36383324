import { pageLimit } from '@saoma/common';
import { Injectable } from '@nestjs/common';
import { inTransaction } from '@saoma/database';
import { DataSource, type EntityManager } from 'typeorm';
import type { Consumer } from '../consumers.service';
import { IdentityError } from '../identity-error';
import { type ConsumerRow, IdentityRepository } from '../identity.repository';
import type { Principal } from '../principal';
import { type AccessLogRow, AccessLogRepository } from './access-log.repository';
import { PrivacyError } from './privacy-error';

/** Longest stated purpose, in characters (code points). */
export const MAX_PURPOSE_LENGTH = 500;

/** One staff read of a consumer's data, as the consumer sees it. */
export interface AccessLogEntry {
  operator: { id: string; role: 'admin' | 'finance' };
  purpose: string;
  at: Date;
}

/** A consumer as staff see it: a closed account shows its id and closing date, and no identity. */
export interface StaffConsumer {
  id: string;
  createdAt: Date;
  name?: string;
  phone?: string;
  closedAt?: Date;
  frozenAt?: Date;
  frozenReason?: string;
}

/** What identity holds about a consumer (the payments side is exported by @saoma/payments). */
export interface ConsumerIdentityExport {
  consumer: Consumer;
  accessLog: AccessLogEntry[];
}

// C0 controls other than tab, line feed and carriage return, and DEL: not text a person states
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const AT_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The purpose as it will be logged: trimmed, 1 to 500 characters of text. */
export function normalisePurpose(purpose: unknown): string {
  const text = typeof purpose === 'string' ? purpose.trim() : '';
  if (!text)
    throw new PrivacyError('purpose_required', "State why you read this consumer's data: ?purpose=… (not empty).");
  if ([...text].length > MAX_PURPOSE_LENGTH)
    throw new PrivacyError('purpose_too_long', `purpose is at most ${MAX_PURPOSE_LENGTH} characters.`);
  if (CONTROL.test(text))
    throw new PrivacyError('purpose_required', 'purpose must be plain text, without control characters.');
  return text;
}

function staffViewOf(row: ConsumerRow): StaffConsumer {
  const base = { id: row.id, createdAt: new Date(row.created_at) };
  if (row.closed_at) return { ...base, closedAt: new Date(row.closed_at) };
  return {
    ...base,
    name: row.name,
    phone: row.phone,
    ...(row.frozen_at ? { frozenAt: new Date(row.frozen_at), frozenReason: row.frozen_reason ?? '' } : {}),
  };
}

const toEntry = (r: AccessLogRow): AccessLogEntry => ({
  operator: { id: r.operator_id, role: r.operator_role },
  purpose: r.purpose,
  at: new Date(r.at),
});

const encodeCursor = (r: AccessLogRow): string => Buffer.from(`${r.at_key}|${r.id}`).toString('base64url');

function decodeCursor(cursor: string): { atKey: string; id: string } {
  const [atKey, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (rest.length || !atKey || !id || !AT_KEY.test(atKey) || !UUID.test(id) || Number.isNaN(Date.parse(atKey))) {
    throw new PrivacyError('invalid_cursor', 'Unknown cursor.');
  }
  return { atKey, id };
}

/**
 * Staff reads of personal data, only with a stated purpose, each one logged
 * before the data leaves; and what the consumer sees of it.
 */
@Injectable()
export class PrivacyService {
  constructor(
    private readonly ds: DataSource,
    private readonly identity: IdentityRepository,
    private readonly log: AccessLogRepository,
  ) {}

  /**
   * An operator reads a consumer's identity. The log row is written in the
   * same transaction as the read and committed before the consumer is
   * returned: a read that cannot be logged returns nothing. An unknown
   * consumer is `consumer_not_found` and logs nothing.
   */
  async readConsumerForStaff(operator: Principal, consumerId: string, purpose: unknown): Promise<StaffConsumer> {
    return this.logged(operator, consumerId, purpose, async () => undefined);
  }

  /**
   * Finance freezes (a reason) or unfreezes (null) a consumer's wallet: like
   * a look-up, it needs a purpose and is shown in the consumer's access log,
   * in the same transaction as the change.
   */
  async setFrozen(
    operator: Principal,
    consumerId: string,
    reason: string | null,
    purpose: unknown,
  ): Promise<StaffConsumer> {
    return this.logged(operator, consumerId, purpose, async (em) => {
      const r = await this.identity.setFrozen(consumerId, reason, em);
      if (r === undefined) throw new IdentityError('account_closed', 'This account is closed.');
    });
  }

  /** The log row, `change`, then the consumer as it stands, in one transaction: nothing without its log row. */
  private async logged(
    operator: Principal,
    consumerId: string,
    purpose: unknown,
    change: (em: EntityManager) => Promise<void>,
  ): Promise<StaffConsumer> {
    if (operator.role !== 'admin' && operator.role !== 'finance') {
      throw new PrivacyError('operator_required', 'Only operators read consumers through this path.');
    }
    const stated = normalisePurpose(purpose);
    return inTransaction(this.ds, async (em) => {
      if (!(await this.identity.findConsumer(consumerId, em)))
        throw new IdentityError('consumer_not_found', 'No such consumer.');
      await this.log.insert(
        { consumerId, operatorId: operator.id, operatorRole: operator.role as 'admin' | 'finance', purpose: stated },
        em,
      );
      await change(em);
      return staffViewOf((await this.identity.findConsumer(consumerId, em))!);
    });
  }

  /** Every staff read of this consumer's data, newest first. */
  async accessLog(
    consumerId: string,
    page: { limit: number; cursor: string | null },
  ): Promise<{ data: AccessLogEntry[]; nextCursor: string | null }> {
    const limit = pageLimit(page.limit);
    const before = page.cursor ? decodeCursor(page.cursor) : null;
    const rows = await this.log.pageForConsumer(consumerId, before, limit + 1);
    const shown = rows.slice(0, limit);
    return { data: shown.map(toEntry), nextCursor: rows.length > limit ? encodeCursor(shown[shown.length - 1]) : null };
  }

  /** What identity holds about the consumer: the profile (never the PIN hash) and the whole access log. */
  async exportConsumer(consumerId: string): Promise<ConsumerIdentityExport> {
    const row = await this.identity.findConsumer(consumerId);
    if (!row) throw new IdentityError('consumer_not_found', 'No such consumer.');
    return {
      consumer: { id: row.id, name: row.name, phone: row.phone, createdAt: new Date(row.created_at) },
      accessLog: (await this.log.allForConsumer(consumerId)).map(toEntry),
    };
  }
}
