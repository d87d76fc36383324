import type { ServerResponse } from 'node:http';
import helmet from 'helmet';

/**
 * The headers helmet sets on every API response, worked out once at start
 * (helmet's own middleware run against a recording response) instead of on
 * every request: the same headers, none of its per-request work.
 */
export function helmetHeaders(options: Parameters<typeof helmet>[0]): ReadonlyArray<readonly [string, string]> {
  const headers: Array<[string, string]> = [];
  const recorder = {
    setHeader: (name: string, value: string | number | string[]) =>
      headers.push([name, Array.isArray(value) ? value.join(', ') : String(value)]),
    removeHeader: () => undefined,
  } as unknown as ServerResponse;
  helmet(options)({} as never, recorder as never, () => undefined);
  return headers;
}
