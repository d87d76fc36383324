import type { INestApplication } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { type AppConfig, JsonLogger } from '@saoma/common';
import { IdempotencyService } from '@saoma/idempotency';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ProblemFilter, toProblem } from './errors/problem.filter';
import { requestContextHook } from './http/request-context.hook';
import { helmetHeaders } from './http/security-headers';
import { strictValidationPipe } from './http/validation.pipe';
import { isWebPath, serveWebFronts, WEB_CSP } from './web/web-fronts';

const JSON_LIMIT = 1024 * 1024;
const STATEMENT_LIMIT = 50 * 1024 * 1024;

/**
 * The HTTP server under Nest: Fastify. Measured against Express on the same
 * Nest app (a guard, the validation pipe, a JSON body and answer): 58 µs of
 * CPU per request against 186 µs. Forwarded addresses are trusted from
 * TRUST_PROXY proxies.
 */
export function httpAdapter(config: AppConfig): FastifyAdapter {
  const hops = config.trustProxy;
  // as Express's numeric "trust proxy": the nearest `hops` addresses of X-Forwarded-For are proxies
  return new FastifyAdapter({
    trustProxy: hops > 0 ? (_address: string, hop: number) => hop < hops : false,
    bodyLimit: JSON_LIMIT,
    logger: false,
  });
}

/** The API's security headers (helmet's, worked out once), and the fronts' (their own CSP, camera for scanning). */
function securityHeaders(): (path: string) => ReadonlyArray<readonly [string, string]> {
  const api = helmetHeaders({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        defaultSrc: ["'self'"],
        // the OpenAPI UI needs its inline bootstrap
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  const web = [
    ...api.filter(([name]) => name.toLowerCase() !== 'content-security-policy'),
    ['Content-Security-Policy', WEB_CSP],
    ['Permissions-Policy', 'camera=(self), microphone=(), geolocation=()'],
  ] as const;
  return (path) => (isWebPath(path) ? web : api);
}

/** Bodies: JSON up to 1 MB (application/json and +json types), bank statements as text up to 50 MB. */
function bodyParsers(fastify: FastifyInstance): void {
  const json = fastify.getDefaultJsonParser('error', 'error');
  fastify.addContentTypeParser(/^application\/[a-z0-9.+-]+\+json$/, { parseAs: 'string', bodyLimit: JSON_LIMIT }, json);
  fastify.removeContentTypeParser('text/plain');
  fastify.addContentTypeParser(
    ['text/csv', 'application/xml', 'text/xml', 'text/plain'],
    { parseAs: 'string', bodyLimit: STATEMENT_LIMIT },
    (_req: FastifyRequest, body: string | Buffer, done: (err: Error | null, body?: unknown) => void) =>
      done(null, body),
  );
}

const routeTables = new WeakMap<FastifyInstance, string[]>();

/** Every route the HTTP server serves, as "METHOD /path" (Fastify's own paths, :param); HEAD and OPTIONS left out. */
export function servedRoutes(app: NestFastifyApplication): readonly string[] {
  return routeTables.get(app.getHttpAdapter().getInstance()) ?? [];
}

/** Everything that makes the HTTP surface what the contract says; shared by main and the tests. Before app.init(). */
export async function configureApp(app: NestFastifyApplication): Promise<void> {
  const logger = app.get(JsonLogger);
  app.useLogger(logger);
  const fastify = app.getHttpAdapter().getInstance();
  const routes: string[] = [];
  routeTables.set(fastify, routes);
  fastify.addHook('onRoute', (r) => {
    for (const m of [r.method].flat()) if (m !== 'HEAD' && m !== 'OPTIONS') routes.push(`${m} ${r.url}`);
  });
  fastify.addHook('onRequest', requestContextHook(logger, securityHeaders()));
  bodyParsers(fastify);
  // the web fronts (/app, /merchant, /finance): built assets, a stricter CSP of their own
  await serveWebFronts(fastify);
  // CORS stays closed: no Access-Control-Allow-Origin is ever sent.
  app.useGlobalPipes(strictValidationPipe());
  app.useGlobalFilters(new ProblemFilter(logger));
  app.get(IdempotencyService).useErrorRenderer((err) => {
    const p = toProblem(err);
    return { status: p.status, body: JSON.stringify(p) };
  });

  SwaggerModule.setup('docs', app, openApiDocument(app), { jsonDocumentUrl: 'docs-json' });
}

/** The service's OpenAPI document (served at /docs, and the source of the fronts' typed client). */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const doc = new DocumentBuilder()
    .setTitle('Saoma API')
    .setDescription('QR-code mobile payment wallet: consumers, merchants, finance. The contract is docs/api.md.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  return SwaggerModule.createDocument(app, doc);
}
