/** The public HTTP API, same origin: JSON in and out, RFC 9457 problems as ApiError. */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
  ) {
    super(detail || code);
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  token?: string | null;
  body?: unknown;
  /** a raw body (a bank statement file), sent with this content type */
  raw?: { data: Blob | string; contentType: string };
  idempotencyKey?: string;
  accept?: string;
  query?: Record<string, string | number | undefined | null>;
  signal?: AbortSignal;
}

function urlOf(path: string, query?: RequestOptions['query']): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

async function send(path: string, o: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: o.accept ?? 'application/json' };
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  if (o.idempotencyKey) headers['idempotency-key'] = o.idempotencyKey;
  let body: BodyInit | undefined;
  if (o.raw) {
    headers['content-type'] = o.raw.contentType;
    body = o.raw.data;
  } else if (o.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(o.body);
  }
  let res: Response;
  try {
    res = await fetch(urlOf(path, o.query), {
      method: o.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      body,
      signal: o.signal,
      credentials: 'omit',
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'network_error', 'The service could not be reached. Check the connection and try again.');
  }
  if (!res.ok) {
    let code = `http_${res.status}`;
    let detail = res.statusText;
    try {
      const p = (await res.json()) as { code?: string; detail?: string; title?: string };
      code = p.code ?? code;
      detail = p.detail ?? p.title ?? detail;
    } catch {
      /* not a problem document */
    }
    throw new ApiError(res.status, code, detail);
  }
  return res;
}

export async function api<T>(path: string, o: RequestOptions = {}): Promise<T> {
  const res = await send(path, o);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** A binary or text answer (a PNG, a PDF, a CSV) as a Blob. */
export async function apiBlob(path: string, o: RequestOptions = {}): Promise<Blob> {
  return (await send(path, o)).blob();
}

/** A fresh Idempotency-Key. */
export function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}
