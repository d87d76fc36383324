import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import { DomainError, JsonLogger } from '@saoma/common';
import { isDatabaseUnavailable } from '@saoma/database';
import { StoredResponse } from '@saoma/idempotency';
import type { FastifyReply } from 'fastify';
import { ERROR_STATUS, type ErrorCode, titleOf } from './error-status.map';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  [extension: string]: unknown;
}

const HTTP_STATUS_CODES: Record<number, ErrorCode> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'service_unavailable',
};

/** What a 503 asks a client to wait: the pool reconnects within a second or two once the database is back. */
export const RETRY_AFTER_SECONDS = 2;

export function problemOf(code: string, status: number, detail: string, extensions?: Record<string, unknown>): Problem {
  return {
    type: `https://saoma.dev/problems/${code.replace(/_/g, '-')}`,
    title: titleOf(code),
    status,
    detail,
    code,
    ...(extensions ?? {}),
  };
}

/** Map anything thrown to an RFC 9457 problem; one exhaustive place. */
export function toProblem(err: unknown): Problem {
  if (err instanceof DomainError) {
    const status = ERROR_STATUS[err.code as ErrorCode];
    if (status === undefined) return problemOf('internal_error', 500, `unmapped error code ${err.code}`);
    if (status >= 500) return problemOf(err.code, status, 'The service failed to complete the request.');
    return problemOf(err.code, status, err.detail ?? titleOf(err.code), err.extensions);
  }
  // Fastify's body errors (malformed JSON, too large, a media type nobody parses), as Nest hands them over: the cause of an HttpException
  const fastifyCode = ((err instanceof HttpException ? err.cause : err) as { code?: unknown } | null)?.code;
  if (fastifyCode === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return problemOf('payload_too_large', 413, 'The request body is larger than the limit.');
  if (fastifyCode === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return problemOf('unsupported_media_type', 415, 'The service does not read this media type here.');
  if (fastifyCode === 'FST_ERR_CTP_EMPTY_JSON_BODY' || fastifyCode === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return problemOf('malformed_json', 400, 'The request body is not valid JSON.');
  }
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const code = HTTP_STATUS_CODES[status] ?? (status >= 500 ? 'internal_error' : 'bad_request');
    const body = err.getResponse() as { message?: unknown } | string;
    const detail =
      status === 404
        ? 'No such resource.'
        : typeof body === 'string'
          ? body
          : typeof body?.message === 'string'
            ? body.message
            : titleOf(code);
    return problemOf(code, status, detail);
  }
  if (isDatabaseUnavailable(err))
    return problemOf('service_unavailable', 503, 'The database cannot be reached; try again in a moment.');
  const e = err as { statusCode?: number; status?: number; message?: string } | null;
  const status = e?.statusCode ?? e?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code = HTTP_STATUS_CODES[status] ?? 'bad_request';
    return problemOf(code, status, e?.message ?? titleOf(code));
  }
  return problemOf('internal_error', 500, 'The service failed to complete the request.');
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(@Inject(JsonLogger) private readonly logger: JsonLogger) {}

  catch(err: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (err instanceof StoredResponse) {
      // an idempotent replay: the first response, as it was sent
      if (!reply.sent)
        reply
          .code(err.status)
          .type(err.status >= 400 ? 'application/problem+json' : 'application/json')
          .send(err.body);
      return;
    }
    const problem = toProblem(err);
    if (problem.status >= 500) {
      this.logger.error(err instanceof Error ? err : String(err), 'ProblemFilter');
    }
    if (reply.sent) return;
    if (problem.status === 401) reply.header('WWW-Authenticate', 'Bearer');
    if (problem.status === 503) reply.header('Retry-After', String(RETRY_AFTER_SECONDS));
    reply.code(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }
}
