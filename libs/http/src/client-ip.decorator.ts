import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/** The client's address (behind TRUST_PROXY proxies, from X-Forwarded-For). */
export const ClientIp = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const req = ctx.switchToHttp().getRequest<FastifyRequest>();
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
});
