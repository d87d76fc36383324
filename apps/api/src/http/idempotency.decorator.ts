import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { principalKey } from '@saoma/identity';
import type { IdempotentRequest } from '@saoma/idempotency';
import type { AuthedRequest } from '../auth/auth.guard';
import { headerOf, pathOf } from './http-types';

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
