import http from 'node:http';

/** The API's JSON, read loosely: the fault test picks a few fields. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export type Json = any;

export interface Answer {
  status: number;
  text: string;
  json: Json;
}

/** What one attempt got: an HTTP answer, or no answer at all. */
export type Attempt = { kind: 'answer'; answer: Answer } | { kind: 'network'; error: string };

/** A status with the problem's code (or the proxy's name when the body is not the service's): "409 idempotency_key_in_use", "503 haproxy". */
export function labelOf(a: Attempt): string {
  if (a.kind === 'network') return 'network error';
  const { status, json } = a.answer;
  if (status < 400) return String(status);
  if (json && typeof json === 'object' && typeof json.code === 'string') return `${status} ${json.code}`;
  return `${status} haproxy`;
}

/** Worth sending again with the same key: nothing definitive came back. */
export function retryable(a: Attempt): boolean {
  if (a.kind === 'network') return true;
  const { status, json } = a.answer;
  if (status >= 500) return true;
  return status === 409 && json?.code === 'idempotency_key_in_use';
}

/** Why attempts got no answer, by message. */
export const networkErrors = new Map<string, number>();

export class Client {
  // idle sockets are closed by the client (15 s) before HAProxy would close them (timeout http-keep-alive 30s)
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 128, timeout: 15_000 });
  private readonly base: URL;

  constructor(
    baseUrl: string,
    private readonly timeoutMs = 20_000,
  ) {
    this.base = new URL(baseUrl);
  }

  /** One attempt: never throws, a failure to get an answer is an Attempt of kind network. */
  send(
    method: string,
    path: string,
    credential: string | null,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Attempt> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve) => {
      let settled = false;
      const done = (a: Attempt) => {
        if (settled) return;
        settled = true;
        if (a.kind === 'network') networkErrors.set(a.error, (networkErrors.get(a.error) ?? 0) + 1);
        // FAULT_DEBUG=1: when and on what; `reused` tells a kept-alive socket (HAProxy closes the client's
        // connection without an answer when the server it had sent the request to dies: the client cannot tell)
        if (a.kind === 'network' && process.env.FAULT_DEBUG)
          console.error(`DEBUG ${new Date().toISOString()} ${method} ${path}: ${a.error} reused=${reused}`);
        resolve(a);
      };
      const req = http.request(
        {
          agent: this.agent,
          host: this.base.hostname,
          port: this.base.port,
          method,
          path,
          timeout: this.timeoutMs,
          headers: {
            accept: 'application/json',
            ...(payload === undefined
              ? {}
              : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
            ...(credential ? { authorization: `Bearer ${credential}` } : {}),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let json: Json;
            try {
              json = text ? JSON.parse(text) : null;
            } catch {
              json = null;
            }
            done({ kind: 'answer', answer: { status: res.statusCode ?? 0, text, json } });
          });
          res.on('error', (e) => done({ kind: 'network', error: e.message }));
          res.on('aborted', () => done({ kind: 'network', error: 'response aborted' }));
        },
      );
      let reused = false;
      req.on('socket', (sock) => {
        reused = (sock as unknown as { _saomaUsed?: boolean })._saomaUsed === true;
        (sock as unknown as { _saomaUsed?: boolean })._saomaUsed = true;
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      req.on('error', (e) => done({ kind: 'network', error: e.message }));
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

export interface Outcome {
  /** The first attempt's answer. */
  first: Attempt;
  /** The last attempt's: definitive unless `resolved` is false. */
  final: Attempt;
  attempts: number;
  /** A definitive answer came back before the deadline. */
  resolved: boolean;
  /** Every attempt's label, in order. */
  labels: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Send until a definitive answer (2xx, or a 4xx other than
 * idempotency_key_in_use), as a bank's client does: the same request, the
 * same Idempotency-Key, backing off from 100 ms to 2 s, until `deadlineMs`.
 */
export async function untilDefinitive(attempt: () => Promise<Attempt>, deadlineMs: number): Promise<Outcome> {
  const labels: string[] = [];
  const until = Date.now() + deadlineMs;
  let first: Attempt | undefined;
  for (let n = 1; ; n++) {
    const a = await attempt();
    first ??= a;
    labels.push(labelOf(a));
    if (!retryable(a)) return { first, final: a, attempts: n, resolved: true, labels };
    if (Date.now() >= until) return { first, final: a, attempts: n, resolved: false, labels };
    const backoff = Math.min(2000, 100 * 2 ** Math.min(n - 1, 5));
    await sleep(backoff / 2 + Math.random() * (backoff / 2));
  }
}
