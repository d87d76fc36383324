import crypto from 'node:crypto';
import { type JsonLogger, requestContext } from '@saoma/common';
import type { NextFunction, Request, Response } from 'express';

const INBOUND_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * Give every request an id (kept from X-Request-Id when it looks like one),
 * run the rest of the request inside it so that every log line carries it,
 * and write one access line at the end. Never logs headers, bodies or query
 * strings: credentials and PINs travel there.
 */
export function requestContextMiddleware(logger: JsonLogger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const inbound = req.header('x-request-id');
    const requestId = inbound && INBOUND_ID.test(inbound) ? inbound : crypto.randomUUID();
    res.setHeader('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    requestContext.run({ requestId }, () => {
      res.on('finish', () => {
        const ms = Number((process.hrtime.bigint() - started) / 1000n) / 1000;
        logger.event(res.statusCode >= 500 ? 'error' : 'info', { method: req.method, path: req.path, status: res.statusCode, ms }, 'request');
      });
      next();
    });
  };
}
