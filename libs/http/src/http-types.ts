import type { FastifyReply, FastifyRequest } from 'fastify';

/** A request as the service sees it (identity's AuthGuard adds the principal: AuthedRequest). */
export type HttpRequest = FastifyRequest;
export type HttpReply = FastifyReply;

/** The request's path without its query string. */
export function pathOf(req: FastifyRequest): string {
  const q = req.url.indexOf('?');
  return q < 0 ? req.url : req.url.slice(0, q);
}

/** One header's value (the first, when a client repeated it). */
export function headerOf(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Whether the request's body is of this media type (parameters such as charset aside). */
export function isMediaType(req: FastifyRequest, type: string): boolean {
  const ct = headerOf(req, 'content-type');
  return ct !== undefined && ct.split(';')[0].trim().toLowerCase() === type;
}

/**
 * Which of `offers` the Accept header prefers (RFC 9110 §12.5.1: quality,
 * then the most specific range; the first offer on a tie, and with no Accept).
 */
export function preferredType(req: FastifyRequest, offers: readonly string[]): string | undefined {
  const accept = headerOf(req, 'accept');
  if (!accept) return offers[0];
  const ranges = accept.split(',').map((part) => {
    const [range, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return { range: range.trim(), q: q ? Number(q.slice(2)) : 1 };
  });
  let best: string | undefined;
  let bestQ = 0;
  for (const offer of offers) {
    const [type] = offer.split('/');
    let q = -1;
    let specificity = -1;
    for (const r of ranges) {
      const s = r.range === offer ? 2 : r.range === `${type}/*` ? 1 : r.range === '*/*' ? 0 : -1;
      if (s > specificity) {
        specificity = s;
        q = r.q;
      }
    }
    if (Number.isFinite(q) && q > bestQ) {
      best = offer;
      bestQ = q;
    }
  }
  return best;
}

/** Add a field to Vary, once. */
export function vary(reply: FastifyReply, field: string): void {
  const current = reply.getHeader('vary');
  const fields = typeof current === 'string' ? current.split(',').map((f) => f.trim()) : [];
  if (!fields.some((f) => f.toLowerCase() === field.toLowerCase()))
    reply.header('vary', [...fields, field].filter(Boolean).join(', '));
}

/** Content-Disposition of a download (ASCII file names: ours are dates and ids). */
export function attachment(reply: FastifyReply, filename: string): void {
  reply.header('content-disposition', `attachment; filename="${filename.replace(/["\\\r\n]/g, '_')}"`);
}
