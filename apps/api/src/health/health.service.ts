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

  /** Ready for traffic: the database answers and every migration this build knows is applied. */
  async ready(): Promise<{ status: 'ready' }> {
    await this.check();
    let pending: boolean;
    try {
      pending = await this.ds.showMigrations();
    } catch {
      throw new HttpError('service_unavailable', 'The database does not answer.');
    }
    if (pending) throw new HttpError('service_unavailable', 'Migrations are still to be applied.');
    return { status: 'ready' };
  }
}
