/*
 * The fronts' typed client, generated from the service's OpenAPI document:
 *
 *   npm run openapi          writes apps/web/src/shared/api/schema.d.ts
 *   npm run openapi:check    fails when that file is not what the code generates (CI)
 *
 * The app is created in Nest's preview mode: its routes and DTOs are read,
 * no provider is made, so no database is needed.
 */
import './alias.register';
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { JsonLogger, loadConfig } from '@saoma/common';
import { AppModule } from './app.module';
import { httpAdapter, openApiDocument } from './configure-app';

const ROOT = path.resolve(__dirname, '../../../..');
export const SCHEMA_FILE = path.join(ROOT, 'apps/web/src/shared/api/schema.d.ts');

async function documentJson(): Promise<string> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'error' });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({
      config,
      databaseUrl: 'postgresql://preview.invalid/none',
      masterKey: Buffer.alloc(32),
      logger: new JsonLogger('error'),
    }),
    httpAdapter(config),
    { preview: true, logger: false, abortOnError: false },
  );
  const json = JSON.stringify(openApiDocument(app), null, 2);
  await app.close();
  return json;
}

/** openapi-typescript on the document, into `out`, formatted like the rest of the tree. */
function generate(json: string, out: string): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saoma-openapi-'));
  try {
    const input = path.join(dir, 'openapi.json');
    fs.writeFileSync(input, json);
    const bin = (name: string, file: string) => path.join(ROOT, 'node_modules', name, file);
    execFileSync(process.execPath, [bin('openapi-typescript', 'bin/cli.js'), input, '--output', out, '--root-types'], {
      stdio: 'pipe',
    });
    execFileSync(
      process.execPath,
      [bin('prettier', 'bin/prettier.cjs'), '--config', path.join(ROOT, '.prettierrc.json'), '--write', out],
      { stdio: 'pipe', cwd: ROOT },
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const json = await documentJson();
  if (!check) {
    fs.mkdirSync(path.dirname(SCHEMA_FILE), { recursive: true });
    generate(json, SCHEMA_FILE);
    process.stdout.write(`wrote ${path.relative(ROOT, SCHEMA_FILE)}\n`);
    return;
  }
  const fresh = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'saoma-openapi-check-')), 'schema.d.ts');
  generate(json, fresh);
  const same = fs.existsSync(SCHEMA_FILE) && fs.readFileSync(SCHEMA_FILE, 'utf8') === fs.readFileSync(fresh, 'utf8');
  fs.rmSync(path.dirname(fresh), { recursive: true, force: true });
  if (!same) {
    process.stderr.write(`${path.relative(ROOT, SCHEMA_FILE)} is not what the API generates: run npm run openapi\n`);
    process.exit(1);
  }
  process.stdout.write(`${path.relative(ROOT, SCHEMA_FILE)} is in step with the API\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
