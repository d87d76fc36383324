import crypto from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, decodeTimeIdCursor, timeIdPage } from '@saoma/common';
import { inTransaction } from '@saoma/database';
import { MerchantsService } from '@saoma/identity';
import { Money } from '@saoma/money';
import { DataSource } from 'typeorm';
import { CodesRepository } from '../codes.repository';
import { CodesService } from '../codes.service';
import { PaymentsError } from '../payments-error';
import { type ScanResult, ScanService } from '../scan.service';
import { billPayableUntil } from './bill-rules';
import { type BillRow, BillsRepository } from './bills.repository';

export interface Bill {
  reference: string;
  amount: Money;
  dueDate: string;
  description: string;
  payableAfterDue: boolean;
  status: 'open' | 'paid';
  /** Unpaid, past its due date, and not payable after it. */
  overdue: boolean;
  payload: string;
  codeId: string;
  paymentId?: string;
  createdAt: Date;
}

export interface BillInput {
  amount: string;
  dueDate: string;
  description: string;
  payableAfterDue?: boolean;
}

function toBill(r: BillRow): Bill {
  const paid = r.order_status === 'paid';
  return {
    reference: r.reference,
    amount: Money.ofMinor(r.amount, r.currency),
    dueDate: r.due_date,
    description: r.description,
    payableAfterDue: r.payable_after_due,
    status: paid ? 'paid' : 'open',
    overdue: !paid && billPayableUntil(r.due_date, r.payable_after_due).getTime() <= Date.now(),
    payload: r.payload,
    codeId: r.code_id,
    ...(r.payment_id ? { paymentId: r.payment_id } : {}),
    createdAt: new Date(r.created_at),
  };
}

/**
 * Bills and taxes: a merchant issues bills by reference; each is an order
 * with a dynamic code (its reference in 62-01), paid on the payment path as
 * any order is, with a due date, a description and no promotions.
 */
@Injectable()
export class BillsService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: BillsRepository,
    private readonly orders: CodesRepository,
    private readonly codes: CodesService,
    private readonly merchants: MerchantsService,
    private readonly scans: ScanService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Issue the bill with this reference, or answer the one issued: the same
   * body again → that bill (created: false); another body → 409
   * (bill_already_paid once it is paid, duplicate_reference before).
   */
  async put(merchantId: string, reference: string, input: BillInput): Promise<{ bill: Bill; created: boolean }> {
    const m = await this.merchants.get(merchantId);
    const amount = Money.parse(input.amount, m.currency);
    const wanted = { ...input, payableAfterDue: input.payableAfterDue ?? true };
    const existing = await this.repo.find(merchantId, reference);
    if (existing) return { bill: this.sameOrConflict(existing, amount, wanted), created: false };
    if (await this.orders.findOrderByReference(merchantId, reference))
      throw new PaymentsError('duplicate_reference', 'An order of yours has this reference; a bill needs its own.');
    const created = await inTransaction(this.ds, async (em) => {
      const code = await this.codes.createDynamic(m, reference, amount, em, { bill: true });
      const order = await this.orders.insertOrder(
        {
          id: crypto.randomUUID(),
          merchant_id: m.id,
          code_id: code.id,
          reference,
          amount: amount.minor.toString(),
          currency: m.currency,
          expires_at: billPayableUntil(wanted.dueDate, wanted.payableAfterDue),
        },
        em,
      );
      if (!order) return false; // the same reference won a race: answered below as a repeat
      await this.repo.insert(
        {
          orderId: order.id,
          merchantId,
          reference,
          dueDate: wanted.dueDate,
          description: wanted.description,
          payableAfterDue: wanted.payableAfterDue,
        },
        em,
      );
      return true;
    });
    const row = await this.repo.find(merchantId, reference);
    if (!row)
      throw new PaymentsError('duplicate_reference', 'An order of yours has this reference; a bill needs its own.');
    return { bill: created ? toBill(row) : this.sameOrConflict(row, amount, wanted), created };
  }

  private sameOrConflict(r: BillRow, amount: Money, w: Required<BillInput>): Bill {
    const same =
      BigInt(r.amount) === amount.minor &&
      r.due_date === w.dueDate &&
      r.description === w.description &&
      r.payable_after_due === w.payableAfterDue;
    if (same) return toBill(r);
    if (r.order_status === 'paid') throw new PaymentsError('bill_already_paid', 'This bill is paid; it cannot change.');
    throw new PaymentsError('duplicate_reference', 'A bill with this reference exists with another body.');
  }

  async get(merchantId: string, reference: string): Promise<Bill> {
    const row = await this.repo.find(merchantId, reference);
    if (!row) throw new PaymentsError('bill_not_found', 'No bill of yours has this reference.');
    return toBill(row);
  }

  async png(merchantId: string, reference: string): Promise<Buffer> {
    return this.codes.png(merchantId, (await this.get(merchantId, reference)).codeId);
  }

  async list(
    merchantId: string,
    opts: { status: 'open' | 'paid' | null; limit: number; cursor: string | null },
  ): Promise<{ data: Bill[]; nextCursor: string | null }> {
    const rows = await this.repo.list(merchantId, opts.status, decodeTimeIdCursor(opts.cursor), opts.limit + 1);
    return timeIdPage(rows, opts.limit, toBill);
  }

  /** A reference typed from a paper bill: answered as a scan of its code. */
  async lookup(consumerId: string, merchantId: string, reference: string): Promise<ScanResult> {
    const row = await this.repo.find(merchantId, reference);
    if (!row) throw new PaymentsError('bill_not_found', 'No bill has this reference at this merchant.');
    return this.scans.scan(consumerId, row.payload, this.config.emvGui);
  }
}
