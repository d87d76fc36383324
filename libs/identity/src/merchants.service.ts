import { Inject, Injectable } from '@nestjs/common';
import { MASTER_KEY, newWebhookSecret, sealWebhookSecret } from '@saoma/common';
import { Decimal, currencyOf, parseRate } from '@saoma/money';
import { issueApiKey } from './api-key';
import { IdentityError } from './identity-error';
import { IdentityRepository, type MerchantRow } from './identity.repository';
import { WebhookSecretsRepository } from './webhook-secrets.repository';

/** How long a rotated-out webhook secret keeps signing beside the new one. */
export const WEBHOOK_SECRET_OVERLAP_HOURS = 24;

export interface Merchant {
  id: string;
  name: string;
  city: string;
  countryCode: string;
  mcc: string;
  currency: string;
  /** Decimal string, "0.006" = 0.6 %. */
  feeRate: string;
  webhookUrl: string | null;
  createdAt: Date;
}

export function toMerchant(r: MerchantRow): Merchant {
  return {
    id: r.id,
    name: r.name,
    city: r.city,
    countryCode: r.country_code,
    mcc: r.mcc,
    currency: r.currency,
    feeRate: new Decimal(r.fee_rate).toString(),
    webhookUrl: r.webhook_url,
    createdAt: r.created_at,
  };
}

/** Webhook targets: http(s) URLs; plain http only for this machine (tests, local tills). */
export function checkWebhookUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new IdentityError('invalid_webhook_url', 'webhookUrl is not a URL.');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:')
    throw new IdentityError('invalid_webhook_url', 'webhookUrl must be http(s).');
  if (u.username || u.password)
    throw new IdentityError('invalid_webhook_url', 'webhookUrl must not carry credentials.');
  return u.toString();
}

/** Profiles are read on every scan and payment; they change rarely (webhook URL), so keep them a few seconds. */
const PROFILE_CACHE_MS = 5_000;

@Injectable()
export class MerchantsService {
  private readonly cache = new Map<string, { merchant: Merchant; until: number }>();

  constructor(
    private readonly repo: IdentityRepository,
    private readonly secrets: WebhookSecretsRepository,
    @Inject(MASTER_KEY) private readonly masterKey: Buffer,
  ) {}

  async create(input: {
    name: string;
    city: string;
    countryCode: string;
    mcc: string;
    currency: string;
    feeRate: string;
    webhookUrl?: string;
  }): Promise<{ merchant: Merchant; apiKey: string }> {
    currencyOf(input.currency);
    let rate: Decimal;
    try {
      rate = parseRate(input.feeRate, { max: new Decimal('0.99999999') });
    } catch {
      throw new IdentityError(
        'invalid_fee_rate',
        'feeRate must be a decimal string from "0" to below "1", such as "0.006".',
      );
    }
    if (rate.decimalPlaces() > 8) throw new IdentityError('invalid_fee_rate', 'feeRate has at most 8 decimal places.');
    const key = issueApiKey('smk');
    const row = await this.repo.insertMerchant({
      name: input.name.trim(),
      city: input.city.trim(),
      country_code: input.countryCode,
      mcc: input.mcc,
      currency: input.currency,
      fee_rate: rate.toString(),
      webhook_url: input.webhookUrl ? checkWebhookUrl(input.webhookUrl) : null,
      api_key_prefix: key.prefix,
      api_key_hash: key.hash,
    });
    return { merchant: toMerchant(row), apiKey: key.key };
  }

  async get(id: string): Promise<Merchant> {
    const hit = this.cache.get(id);
    if (hit && hit.until > Date.now()) return hit.merchant;
    const row = await this.repo.findMerchant(id);
    if (!row) throw new IdentityError('merchant_not_found', 'No such merchant.');
    const merchant = toMerchant(row);
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(id, { merchant, until: Date.now() + PROFILE_CACHE_MS });
    return merchant;
  }

  /**
   * The merchant's webhook URL; when it sets one and the merchant has no
   * webhook secret yet, a first secret, returned here once and never again.
   */
  async setWebhook(id: string, url: string | null): Promise<{ merchant: Merchant; webhookSecret?: string }> {
    const row = await this.repo.updateMerchantWebhook(id, url === null ? null : checkWebhookUrl(url));
    this.cache.delete(id);
    if (!row) throw new IdentityError('merchant_not_found', 'No such merchant.');
    if (url === null) return { merchant: toMerchant(row) };
    const secret = newWebhookSecret();
    const first = await this.secrets.insertFirst(id, sealWebhookSecret(this.masterKey, id, secret));
    return { merchant: toMerchant(row), ...(first ? { webhookSecret: secret } : {}) };
  }

  /** A new webhook secret, returned once; the previous one keeps signing beside it for 24 hours. */
  async rotateWebhookSecret(id: string): Promise<string> {
    await this.get(id);
    const secret = newWebhookSecret();
    await this.secrets.rotate(id, sealWebhookSecret(this.masterKey, id, secret), WEBHOOK_SECRET_OVERLAP_HOURS);
    return secret;
  }
}
