import createClient from 'openapi-fetch';
import { ApiError } from '../api';
import type { paths } from './schema';

/**
 * The typed client of the public HTTP API, same origin: every path, path and query
 * parameter, request body and answer is checked against `paths`, the types generated
 * from the service's OpenAPI document (npm run openapi). Call it through `unwrap`
 * (JSON) or `unwrapBlob` (a PNG, SVG, PDF or CSV), which give the answer or throw
 * an ApiError:
 *
 *     guard(unwrap(api.GET('/v1/merchant/orders/{id}', { headers: bearer(key), params: { path: { id } } })))
 */
export const api = createClient<paths>({
  baseUrl: '',
  credentials: 'omit',
  headers: { accept: 'application/json' },
  // undefined, null and '' are left out, the rest as URLSearchParams writes them
  querySerializer(query) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
    return q.toString();
  },
});

/** The Authorization header of a call made with an API key or a session token (none without one). */
export function bearer(token: string | null | undefined): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}

/**
 * A raw body (a bank statement file or its pasted text) sent as it is, with the content
 * type the caller gives in the headers. The contract types it as a string; a File is sent
 * as its bytes, not decoded and encoded again.
 */
export function rawBody(data: Blob | string): { body: string; bodySerializer: (body: string) => BodyInit } {
  return { body: data as string, bodySerializer: (body) => body };
}

/**
 * The body of a POST whose contract has none (disabling a code, cancelling an order):
 * `{}`, sent as JSON as these calls always have been; the service ignores it.
 */
export const EMPTY_JSON_BODY = {} as never;

/** What a call of `api` settles to (openapi-fetch's FetchResponse, either branch). */
interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The answer of a JSON call, or its ApiError; a 204 gives undefined. */
export async function unwrap<T>(call: Promise<Answer<T>>): Promise<T> {
  const { data, error, response } = await reached(call);
  if (!response.ok) throw problem(response, error);
  return data as T;
}

/** The answer of a binary or text call (`parseAs: 'blob'`) as a Blob, or its ApiError. */
export async function unwrapBlob(call: Promise<Answer<Blob>>): Promise<Blob> {
  return (await unwrap(call)) ?? new Blob([]);
}

/**
 * The call's answer; a call that never got one (the network, or a request the browser
 * would not send) is ApiError(0, 'network_error'), and an abort is thrown as it is.
 */
async function reached<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (e) {
    // an abort as it is, and an answer that is not the JSON it says it is (JSON.parse) too, as before
    if ((e as Error)?.name === 'AbortError' || e instanceof SyntaxError) throw e;
    throw new ApiError(0, 'network_error', 'The service could not be reached. Check the connection and try again.');
  }
}

/** A non-2xx answer as an ApiError, from its RFC 9457 problem document when it has one. */
function problem(res: Response, body: unknown): ApiError {
  const p = (typeof body === 'object' && body !== null ? body : {}) as {
    code?: string;
    detail?: string;
    title?: string;
  };
  return new ApiError(res.status, p.code ?? `http_${res.status}`, p.detail ?? p.title ?? res.statusText);
}
