import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HttpError } from '@saoma/http';

@Injectable()
export class HealthService {
  constructor(private readonly ds: DataSource) {}

  /** One database round trip; 503 when it fails or takes longer than 2 s. */
  async check(): Promise<{ status: 'ok' }> {
    try {
      await Promise.race([
        this.ds.query('SELECT 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref()),
      ]);
      return { status: 'ok' };
    } catch {
      throw new HttpError('service_unavailable', 'The database does not answer.');
    }
  }
}
