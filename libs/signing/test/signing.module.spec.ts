import crypto from 'node:crypto';
import { Global, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { JsonLogger, MASTER_KEY } from '@saoma/common';
import { DataSource } from 'typeorm';
import { openTestDataSource } from '../../../test/support/test-database';
import { SigningModule, SigningService } from '../src';

describe('SigningModule', () => {
  it('wires SigningService from MASTER_KEY, JsonLogger and the DataSource, and runs onModuleInit', async () => {
    const { ds, close } = await openTestDataSource({ poolSize: 4 });
    try {
      @Global()
      @Module({
        providers: [
          { provide: DataSource, useValue: ds },
          { provide: MASTER_KEY, useValue: crypto.randomBytes(32) },
          { provide: JsonLogger, useValue: new JsonLogger('silent') },
        ],
        exports: [DataSource, MASTER_KEY, JsonLogger],
      })
      class CoreTestModule {}

      const moduleRef = await Test.createTestingModule({ imports: [CoreTestModule, SigningModule] }).compile();
      // the module alone, no HTTP server: the service is an application context
      const app = await moduleRef.init();
      const signing = app.get(SigningService);
      const token = await signing.sign({ jti: 'm' }, { typ: 'saoma-scan+jwt', expiresInSeconds: 60 });
      await expect(signing.verify(token, { typ: 'saoma-scan+jwt' })).resolves.toMatchObject({ jti: 'm' });
      expect((await signing.jwks()).keys).toHaveLength(1);
      await app.close();
    } finally {
      await close();
    }
  });
});
