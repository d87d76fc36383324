import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** merchant_webhook_secrets (migration WebhookSecrets1765740000000): sealed blobs only. */
@Injectable()
export class WebhookSecretsRepository {
  constructor(private readonly ds: DataSource) {}

  /** The merchant's first secret; false when it has one already (it is never shown again). */
  async insertFirst(merchantId: string, sealed: Buffer): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `INSERT INTO merchant_webhook_secrets (merchant_id, secret) VALUES ($1, $2)
       ON CONFLICT (merchant_id) DO NOTHING RETURNING merchant_id`,
      [merchantId, sealed],
    );
    return rows.length === 1;
  }

  /** A new secret; the one it replaces keeps signing beside it for `overlapHours`. */
  async rotate(merchantId: string, sealed: Buffer, overlapHours: number): Promise<void> {
    await this.ds.query(
      `INSERT INTO merchant_webhook_secrets (merchant_id, secret) VALUES ($1, $2)
       ON CONFLICT (merchant_id) DO UPDATE
          SET previous_secret = merchant_webhook_secrets.secret,
              previous_until = now() + make_interval(hours => $3),
              secret = EXCLUDED.secret,
              rotated_at = now()`,
      [merchantId, sealed, overlapHours],
    );
  }
}
