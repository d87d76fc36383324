import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { type AppConfig, JsonLogger } from '@saoma/common';
import helmet from 'helmet';
import { IdempotencyService } from '@saoma/idempotency';
import { ProblemFilter, toProblem } from './errors/problem.filter';
import { requestContextMiddleware } from './http/request-context.middleware';
import { strictValidationPipe } from './http/validation.pipe';
import { serveWebFronts } from './web/web-fronts';

/** Everything that makes the HTTP surface what the contract says; shared by main and the tests. */
export function configureApp(app: INestApplication, config: AppConfig): void {
  const express = app as NestExpressApplication;
  const logger = app.get(JsonLogger);
  express.useLogger(logger);
  express.set('trust proxy', config.trustProxy);
  express.disable('x-powered-by');
  express.use(requestContextMiddleware(logger));
  express.use(
    helmet({
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
    }),
  );
  // the web fronts (/app, /merchant, /finance): built assets, a stricter CSP of their own
  serveWebFronts(express);
  // CORS stays closed: no Access-Control-Allow-Origin is ever sent.
  express.useBodyParser('json', { limit: '1mb', type: ['application/json', 'application/*+json'] });
  express.useBodyParser('text', { limit: '50mb', type: ['text/csv', 'application/xml', 'text/xml', 'text/plain'] });
  app.useGlobalPipes(strictValidationPipe());
  app.useGlobalFilters(new ProblemFilter(logger));
  app.get(IdempotencyService).useErrorRenderer((err) => {
    const p = toProblem(err);
    return { status: p.status, body: JSON.stringify(p) };
  });

  const doc = new DocumentBuilder()
    .setTitle('Saoma API')
    .setDescription('QR-code mobile payment wallet: consumers, merchants, finance. The contract is shared/API.md.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, doc);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
