import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import { DomainError, JsonLogger } from '@saoma/common';
import { StoredResponse } from '@saoma/idempotency';
import type { Request, Response } from 'express';
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

export function problemOf(code: string, status: number, detail: string, extensions?: Record<string, unknown>): Problem {
  return { type: `https://saoma.dev/problems/${code.replace(/_/g, '-')}`, title: titleOf(code), status, detail, code, ...(extensions ?? {}) };
}

/** Map anything thrown to an RFC 9457 problem; one exhaustive place. */
export function toProblem(err: unknown): Problem {
  if (err instanceof DomainError) {
    const status = ERROR_STATUS[err.code as ErrorCode];
    if (status === undefined) return problemOf('internal_error', 500, `unmapped error code ${err.code}`);
    if (status >= 500) return problemOf(err.code, status, 'The service failed to complete the request.');
    return problemOf(err.code, status, err.detail ?? titleOf(err.code), err.extensions);
  }
  // body-parser errors (malformed JSON, too large) and Nest's own HttpExceptions
  const raw = err as { type?: string; status?: number; message?: string; cause?: { type?: string } };
  const e = { ...raw, type: raw?.type ?? raw?.cause?.type, status: raw?.status, message: raw?.message };
  if (e.type === 'entity.parse.failed') return problemOf('malformed_json', 400, 'The request body is not valid JSON.');
  if (e.type === 'entity.too.large') return problemOf('payload_too_large', 413, 'The request body is larger than the limit.');
  if (e.type === 'charset.unsupported' || e.type === 'encoding.unsupported') return problemOf('unsupported_media_type', 415, e.message ?? 'Unsupported encoding.');
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const code = HTTP_STATUS_CODES[status] ?? (status >= 500 ? 'internal_error' : 'bad_request');
    const body = err.getResponse() as { message?: unknown } | string;
    const detail = status === 404 ? 'No such resource.' : typeof body === 'string' ? body : typeof body?.message === 'string' ? body.message : titleOf(code);
    return problemOf(code, status, detail);
  }
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    const code = HTTP_STATUS_CODES[e.status] ?? 'bad_request';
    return problemOf(code, e.status, e.message ?? titleOf(code));
  }
  return problemOf('internal_error', 500, 'The service failed to complete the request.');
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(@Inject(JsonLogger) private readonly logger: JsonLogger) {}

  catch(err: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<Request>();
    if (err instanceof StoredResponse) {
      // an idempotent replay: the first response, as it was sent
      if (!res.headersSent) res.status(err.status).type(err.status >= 400 ? 'application/problem+json' : 'application/json').send(err.body);
      return;
    }
    const problem = toProblem(err);
    if (problem.status >= 500) {
      this.logger.error(err instanceof Error ? err : String(err), 'ProblemFilter');
    }
    if (res.headersSent) return;
    if (problem.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
    void req;
  }
}
