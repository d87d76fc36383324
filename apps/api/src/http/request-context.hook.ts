import crypto from 'node:crypto';
import { type JsonLogger, requestContext } from '@saoma/common';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { headerOf, pathOf } from '@saoma/http';

const INBOUND_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * Give every request an id (kept from X-Request-Id when it looks like one),
 * run the rest of the request inside it so that every log line carries it,
 * and write one access line at the end. Never logs headers, bodies or query
 * strings: credentials and PINs travel there. The headers go on the Node
 * response itself, so that a response written there directly (a streamed
 * export) has them too.
 */
export function requestContextHook(
  logger: JsonLogger,
  headersOf: (path: string) => ReadonlyArray<readonly [string, string]>,
) {
  return (req: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    const inbound = headerOf(req, 'x-request-id');
    const requestId = inbound && INBOUND_ID.test(inbound) ? inbound : crypto.randomUUID();
    const path = pathOf(req);
    const res = reply.raw;
    res.setHeader('X-Request-Id', requestId);
    for (const [name, value] of headersOf(path)) res.setHeader(name, value);
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const ms = Number((process.hrtime.bigint() - started) / 1000n) / 1000;
      logger.event(
        res.statusCode >= 500 ? 'error' : 'info',
        { method: req.method, path, status: res.statusCode, ms },
        'request',
      );
    });
    requestContext.run({ requestId }, done);
  };
}
