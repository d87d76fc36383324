import crypto from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { MASTER_KEY } from '@saoma/common';

/**
 * What a merchant sees instead of a consumer: HMAC(server secret, merchant,
 * consumer). Stable for one consumer at one merchant, different at every
 * other, and not reversible without the secret.
 */
@Injectable()
export class PayerPseudonymService {
  private readonly key: Buffer;

  constructor(@Inject(MASTER_KEY) masterKey: Buffer) {
    this.key = crypto.createHmac('sha256', masterKey).update('saoma/payer-pseudonym/v1').digest();
  }

  of(consumerId: string, merchantId: string): string {
    const mac = crypto.createHmac('sha256', this.key).update(`${merchantId}\n${consumerId}`).digest();
    return `payer_${mac.subarray(0, 12).toString('base64url')}`;
  }
}
