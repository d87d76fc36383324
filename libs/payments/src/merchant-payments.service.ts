import { Injectable } from '@nestjs/common';
import { MerchantsService } from '@saoma/identity';
import { type Payment, toPayment } from './checkout.service';
import { PaymentsError } from './payments-error';
import { PaymentsRepository } from './payments.repository';
import { type Refund, toRefund } from './refunds.service';

export interface MerchantPayment extends Payment {
  refunds: Refund[];
}

/** A merchant's own payments: with the payer pseudonym, never the consumer. */
@Injectable()
export class MerchantPaymentsService {
  constructor(
    private readonly repo: PaymentsRepository,
    private readonly merchants: MerchantsService,
  ) {}

  async list(
    merchantId: string,
    opts: { from: Date | null; to: Date | null; limit: number; cursor: string | null },
  ): Promise<{ data: MerchantPayment[]; nextCursor: string | null }> {
    const m = await this.merchants.get(merchantId);
    let before: { createdAt: Date; id: string } | null = null;
    if (opts.cursor) {
      const [t, id] = Buffer.from(opts.cursor, 'base64url').toString().split('|');
      if (!t || !id || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(Date.parse(t)))
        throw new PaymentsError('invalid_date_range', 'Unknown cursor.');
      before = { createdAt: new Date(t), id };
    }
    const rows = await this.repo.listForMerchant(merchantId, { from: opts.from, to: opts.to }, before, opts.limit + 1);
    const page = rows.slice(0, opts.limit);
    const refunds = await this.repo.refundsOf(page.map((r) => r.id));
    const last = page[page.length - 1];
    return {
      data: page.map((r) => ({
        ...toPayment(r, m.name),
        refunds: refunds.filter((x) => x.payment_id === r.id).map(toRefund),
      })),
      nextCursor:
        rows.length > opts.limit
          ? Buffer.from(`${new Date(last.created_at).toISOString()}|${last.id}`).toString('base64url')
          : null,
    };
  }

  async get(merchantId: string, id: string): Promise<MerchantPayment> {
    const row = await this.repo.findForMerchant(id, merchantId);
    if (!row) throw new PaymentsError('payment_not_found', 'No such payment.');
    const m = await this.merchants.get(merchantId);
    return { ...toPayment(row, m.name), refunds: (await this.repo.refundsOf([id])).map(toRefund) };
  }
}
