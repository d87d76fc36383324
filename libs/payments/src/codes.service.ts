import crypto from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, decodeTimeIdCursor, timeIdPage } from '@saoma/common';
import { isUniqueViolation } from '@saoma/database';
import { type Merchant, MerchantsService } from '@saoma/identity';
import { Money, currencyOf } from '@saoma/money';
import {
  buildSaomaPayload,
  formatPosterAmount,
  posterWording,
  type PosterLanguage,
  renderPosterPdf,
  renderQrPng,
  renderQrSvg,
} from '@saoma/qr';
import type { EntityManager } from 'typeorm';
import { type CodeRow, CodesRepository } from './codes.repository';
import { PaymentsError } from './payments-error';

export interface QrCode {
  id: string;
  merchantId: string;
  kind: 'static' | 'dynamic';
  reference: string;
  label: string | null;
  amount: Money | null;
  currency: string;
  status: 'active' | 'disabled';
  payload: string;
  createdAt: Date;
}

export function toCode(r: CodeRow): QrCode {
  return {
    id: r.id,
    merchantId: r.merchant_id,
    kind: r.kind,
    reference: r.reference,
    label: r.label,
    amount: r.amount === null ? null : Money.ofMinor(r.amount, r.currency),
    currency: r.currency,
    status: r.status,
    payload: r.payload,
    createdAt: r.created_at,
  };
}

/** Crockford base32 without look-alikes: a reference a cashier can read out. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export function newCodeReference(length = 10): string {
  const bytes = crypto.randomBytes(length);
  let s = '';
  for (const b of bytes) s += ALPHABET[b & 31];
  return s;
}

/** Merchant-presented codes: static posters and the dynamic code of each order. */
@Injectable()
export class CodesService {
  constructor(
    private readonly repo: CodesRepository,
    private readonly merchants: MerchantsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The URL a code carries (and that a scanner may send instead of the EMV text). */
  urlOf(reference: string): string {
    return `${this.config.publicBaseUrl}/c/${reference}`;
  }

  /** The code reference inside a code URL of ours, or null. */
  referenceFromUrl(text: string): string | null {
    let u: URL;
    try {
      u = new URL(text);
    } catch {
      return null;
    }
    const m = /^\/c\/([A-Za-z0-9]{1,25})$/.exec(u.pathname);
    return m ? m[1] : null;
  }

  payloadFor(
    m: Merchant,
    o: { dynamic: boolean; reference: string; codeReference: string; amount: Money | null; billNumber?: string },
  ): string {
    return buildSaomaPayload({
      dynamic: o.dynamic,
      gui: this.config.emvGui,
      url: this.urlOf(o.codeReference),
      mcc: m.mcc,
      currencyNumeric: currencyOf(m.currency).numeric,
      amount: o.amount?.format(),
      countryCode: m.countryCode,
      merchantName: m.name,
      merchantCity: m.city,
      reference: o.reference,
      ...(o.billNumber ? { billNumber: o.billNumber } : {}),
    });
  }

  async createStatic(merchantId: string, input: { label: string; amount?: string }): Promise<QrCode> {
    const m = await this.merchants.get(merchantId);
    const amount = input.amount === undefined ? null : Money.parse(input.amount, m.currency);
    for (let attempt = 0; ; attempt++) {
      const reference = newCodeReference();
      try {
        const row = await this.repo.insertCode({
          id: crypto.randomUUID(),
          merchant_id: m.id,
          kind: 'static',
          reference,
          label: input.label,
          amount: amount ? amount.minor.toString() : null,
          currency: m.currency,
          payload: this.payloadFor(m, { dynamic: false, reference, codeReference: reference, amount }),
        });
        return toCode(row);
      } catch (err) {
        if (!isUniqueViolation(err, 'uq_qr_codes_reference') || attempt > 3) throw err;
      }
    }
  }

  /** The dynamic code of a new order (a bill's: with its number in 62-01), inside the order's transaction. */
  async createDynamic(
    m: Merchant,
    orderReference: string,
    amount: Money,
    em: EntityManager,
    opts: { bill?: boolean } = {},
  ): Promise<QrCode> {
    const reference = newCodeReference(12);
    const row = await this.repo.insertCode(
      {
        id: crypto.randomUUID(),
        merchant_id: m.id,
        kind: 'dynamic',
        reference,
        label: orderReference,
        amount: amount.minor.toString(),
        currency: m.currency,
        payload: this.payloadFor(m, {
          dynamic: true,
          reference: orderReference,
          codeReference: reference,
          amount,
          ...(opts.bill ? { billNumber: orderReference } : {}),
        }),
      },
      em,
    );
    return toCode(row);
  }

  async get(merchantId: string, id: string): Promise<QrCode> {
    const row = await this.repo.findCode(id, merchantId);
    if (!row) throw new PaymentsError('code_not_found', 'No such code.');
    return toCode(row);
  }

  async list(
    merchantId: string,
    opts: { limit: number; cursor: string | null },
  ): Promise<{ data: QrCode[]; nextCursor: string | null }> {
    const rows = await this.repo.listCodes(merchantId, decodeTimeIdCursor(opts.cursor), opts.limit + 1);
    return timeIdPage(rows, opts.limit, toCode);
  }

  async disable(merchantId: string, id: string): Promise<QrCode> {
    const row = await this.repo.disableCode(id, merchantId);
    if (!row) throw new PaymentsError('code_not_found', 'No such static code.');
    return toCode(row);
  }

  async png(merchantId: string, id: string): Promise<Buffer> {
    return renderQrPng((await this.get(merchantId, id)).payload);
  }

  async svg(merchantId: string, id: string): Promise<string> {
    return renderQrSvg((await this.get(merchantId, id)).payload);
  }

  /**
   * The code's A6 poster: the merchant's name in its own script, "scan to
   * pay" and the fixed amount (if any) in `language`, by default the language
   * of the merchant's country.
   */
  async poster(merchantId: string, id: string, opts: { language?: PosterLanguage } = {}): Promise<Buffer> {
    const code = await this.get(merchantId, id);
    const m = await this.merchants.get(merchantId);
    const { language } = posterWording(m.countryCode, opts.language);
    return renderPosterPdf({
      payload: code.payload,
      merchantName: m.name,
      label: code.label ?? '',
      amount: code.amount ? formatPosterAmount(code.amount.format(), code.currency, language) : undefined,
      reference: code.reference,
      language,
    });
  }
}
