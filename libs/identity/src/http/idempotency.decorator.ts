import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { principalKey } from '../principal';
import type { IdempotentRequest } from '@saoma/idempotency';
import type { AuthedRequest } from './auth.guard';
import { headerOf, pathOf } from '@saoma/http';

/** What the idempotency layer needs from a request: scope, key, and the request to hash. */
export const Idempotent = createParamDecorator((_: unknown, ctx: ExecutionContext): IdempotentRequest => {
  const req = ctx.switchToHttp().getRequest<AuthedRequest>();
  if (!req.principal) throw new Error('Idempotent on a route without a principal');
  return {
    principal: principalKey(req.principal),
    key: headerOf(req, 'idempotency-key'),
    method: req.method,
    path: pathOf(req),
    body: req.body,
  };
});
