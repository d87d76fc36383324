import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@saoma/common';
import { issueApiKey, sha256 } from './api-key';
import { IdentityRepository } from './identity.repository';

export interface Operator {
  id: string;
  name: string;
  role: 'admin' | 'finance';
}

@Injectable()
export class OperatorsService implements OnModuleInit {
  constructor(
    private readonly repo: IdentityRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** ADMIN_API_KEY, when set, is the first admin's key (its hash follows the environment). */
  async onModuleInit(): Promise<void> {
    if (this.config.adminApiKey) await this.repo.upsertBootstrapAdmin(sha256(this.config.adminApiKey));
  }

  async create(
    input: { name: string; role: 'admin' | 'finance' },
    createdBy: string,
  ): Promise<{ operator: Operator; apiKey: string }> {
    const key = issueApiKey('sok');
    const row = await this.repo.insertOperator({
      name: input.name.trim(),
      role: input.role,
      prefix: key.prefix,
      hash: key.hash,
      createdBy,
    });
    return { operator: { id: row.id, name: row.name, role: row.role }, apiKey: key.key };
  }

  async get(id: string): Promise<Operator | undefined> {
    const row = await this.repo.findOperator(id);
    return row && { id: row.id, name: row.name, role: row.role };
  }
}
