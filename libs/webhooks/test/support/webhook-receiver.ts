import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the receiver got: one POST. */
export interface ReceivedWebhook {
  path: string;
  method: string;
  headers: IncomingHttpHeaders;
  /** The raw body, exactly as received. */
  body: string;
}

/** How to answer one request: a status, `hang` (never answer), or a redirect elsewhere. */
export type Reply = number | 'hang' | { redirectTo: string };

/**
 * A merchant's webhook endpoint: a real HTTP server on 127.0.0.1 (port 0).
 * Answers each path with its queued replies in turn, then `defaultStatus`.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  defaultStatus = 200;
  private readonly replies = new Map<string, Reply[]>();
  private readonly hanging = new Set<http.ServerResponse>();

  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<WebhookReceiver> {
    const server = http.createServer();
    const r = new WebhookReceiver(server);
    server.on('request', (req, res) => r.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return r;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** Answer the next requests to `path` with these replies, in order. */
  reply(path: string, ...replies: Reply[]): void {
    this.replies.set(path, [...(this.replies.get(path) ?? []), ...replies]);
  }

  at(path: string): ReceivedWebhook[] {
    return this.received.filter((w) => w.path === path);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      this.received.push({
        path,
        method: req.method ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const reply = this.replies.get(path)?.shift() ?? this.defaultStatus;
      if (reply === 'hang') {
        this.hanging.add(res);
        return;
      }
      if (typeof reply === 'object') {
        res.writeHead(302, { location: reply.redirectTo }).end();
        return;
      }
      res.writeHead(reply, { 'content-type': 'text/plain' }).end(reply >= 200 && reply < 300 ? 'ok' : 'nope');
    });
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A URL on 127.0.0.1 where nothing listens (a port that was just freed). */
export async function deadUrl(path = '/gone'): Promise<string> {
  const s = http.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return `http://127.0.0.1:${port}${path}`;
}
