import crypto from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { MerchantsService } from '@saoma/identity';
import { Money } from '@saoma/money';
import { extractSaomaCode } from '@saoma/qr';
import { SigningService } from '@saoma/signing';
import { CodesRepository } from './codes.repository';
import { CodesService } from './codes.service';
import { PaymentsError } from './payments-error';
import { PromotionsService } from './promotions.service';

export const SCAN_TOKEN_TYP = 'saoma-scan+jwt';
const SCAN_TOKEN_SECONDS = 600;

/** The claims a scan token binds: one consumer, one code, its merchant, its order and amount. */
export interface ScanClaims {
  jti: string;
  sub: string;
  code: string;
  merchant: string;
  order?: string;
  /** The bill's reference, when the order is a bill. */
  bill?: string;
  amount?: string;
  currency: string;
  iat: number;
  exp: number;
}

export interface ScanResult {
  token: string;
  merchant: { id: string; name: string; city: string };
  codeId: string;
  orderId?: string;
  orderReference?: string;
  amount?: Money;
  currency: string;
  expiresAt: Date;
  discount?: Money;
  bill?: { reference: string; amount: Money; dueDate: string; description: string };
}

@Injectable()
export class ScanService {
  constructor(
    private readonly codes: CodesService,
    private readonly repo: CodesRepository,
    private readonly merchants: MerchantsService,
    private readonly signing: SigningService,
    private readonly promotions: PromotionsService,
  ) {}

  /**
   * A scanned text (the EMV payload or the code's URL) → a signed token for
   * one payment, and the merchant's name from our records, never the one
   * printed in the code.
   */
  async scan(consumerId: string, text: string, gui: string): Promise<ScanResult> {
    const trimmed = text.trim();
    let reference: string | null;
    if (/^https?:\/\//i.test(trimmed)) {
      reference = this.codes.referenceFromUrl(trimmed);
    } else {
      const ours = extractSaomaCode(trimmed, gui); // invalid_qr for malformed text
      reference = ours ? this.codes.referenceFromUrl(ours.url) : null;
    }
    const code = reference ? await this.repo.findCodeByReference(reference) : undefined;
    if (!code) throw new PaymentsError('code_not_found', 'This is not a Saoma code, or the code is unknown.');
    if (code.status !== 'active') throw new PaymentsError('code_disabled', 'The merchant has disabled this code.');
    const merchant = await this.merchants.get(code.merchant_id);
    let expiresAt = new Date((Math.floor(Date.now() / 1000) + SCAN_TOKEN_SECONDS) * 1000);
    let orderId: string | undefined;
    let orderReference: string | undefined;
    let bill: ScanResult['bill'];
    if (code.kind === 'dynamic') {
      const order = await this.repo.findOrderByCode(code.id);
      if (order?.bill_due_date) {
        if (order.status === 'paid') throw new PaymentsError('bill_already_paid', 'This bill is paid.');
        if (new Date(order.expires_at).getTime() <= Date.now())
          throw new PaymentsError('bill_overdue', `This bill was due on ${order.bill_due_date}.`);
        bill = {
          reference: order.reference,
          amount: Money.ofMinor(order.amount, order.currency),
          dueDate: order.bill_due_date,
          description: order.bill_description ?? '',
        };
      }
      if (!order || order.status !== 'open' || new Date(order.expires_at).getTime() <= Date.now()) {
        throw new PaymentsError(
          'order_not_payable',
          `The order is ${order && order.status === 'open' ? 'expired' : (order?.status ?? 'gone')}.`,
        );
      }
      orderId = order.id;
      orderReference = order.reference;
      const orderExpiry = new Date(Math.floor(new Date(order.expires_at).getTime() / 1000) * 1000);
      if (orderExpiry < expiresAt) expiresAt = orderExpiry;
    }
    const amount = code.amount === null ? undefined : Money.ofMinor(code.amount, code.currency);
    const claims: Omit<ScanClaims, 'iat' | 'exp'> = {
      jti: crypto.randomUUID(),
      sub: consumerId,
      code: code.id,
      merchant: merchant.id,
      ...(orderId ? { order: orderId } : {}),
      ...(bill ? { bill: bill.reference } : {}),
      ...(amount ? { amount: amount.format() } : {}),
      currency: code.currency,
    };
    const token = await this.signing.sign(claims as unknown as Record<string, unknown>, {
      typ: SCAN_TOKEN_TYP,
      expiresAt,
    });
    const preview = amount && !bill ? await this.promotions.preview(merchant.id, amount) : null;
    return {
      token,
      merchant: { id: merchant.id, name: merchant.name, city: merchant.city },
      codeId: code.id,
      ...(orderId ? { orderId, orderReference } : {}),
      ...(amount ? { amount } : {}),
      currency: code.currency,
      expiresAt,
      ...(preview ? { discount: preview.discount } : {}),
      ...(bill ? { bill } : {}),
    };
  }

  /** Verify a scan token (invalid_token for anything forged, altered, expired or of another kind). */
  async verify(token: string): Promise<ScanClaims> {
    return (await this.signing.verify(token, { typ: SCAN_TOKEN_TYP })) as unknown as ScanClaims;
  }
}
