import { openSecret, purposeKey, sealSecret } from '@saoma/common';

/*
 * A pack's TOTP key at rest, sealed under the master secret for this purpose
 * only and bound to its pack (sealSecret of @saoma/common). The service must
 * compute the same codes as the phone, so the key is encrypted, not hashed.
 */
export const paymentCodeKek = (masterKey: Buffer): Buffer => purposeKey(masterKey, 'saoma/payment-codes/kek/v1');

export const sealPaymentCodeKey = (kek: Buffer, packId: string, key: Buffer): Buffer => sealSecret(kek, packId, key);

export const openPaymentCodeKey = (kek: Buffer, packId: string, blob: Buffer): Buffer => openSecret(kek, packId, blob);
