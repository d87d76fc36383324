import type { Consumer } from '../consumers.service';
import type { Merchant } from '../merchants.service';
import type { ConsumerDto, MerchantDto } from './identity.dto';

/** Identity's objects → the contract's JSON. */
export const presentIdentity = {
  consumer: (c: Consumer): ConsumerDto => ({
    id: c.id,
    name: c.name,
    phone: c.phone,
    ...(c.frozenAt ? { frozenAt: c.frozenAt.toISOString() } : {}),
  }),
  merchant: (m: Merchant): MerchantDto => ({
    id: m.id,
    name: m.name,
    city: m.city,
    countryCode: m.countryCode,
    mcc: m.mcc,
    currency: m.currency,
    feeRate: m.feeRate,
    webhookUrl: m.webhookUrl,
  }),
};
