import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo, Socket } from 'node:net';

/** How the receiver answers a request: 200, 500, or never (the sender's timeout). */
export type WebhookAnswer = 'ok' | 'fail' | 'hang';

export interface ReceivedWebhook {
  messageId: string;
  signature: string;
  body: string;
  at: Date;
  answer: WebhookAnswer;
  /** Answered 200 although that message id was accepted before (the receiver deduplicates). */
  duplicate: boolean;
}

/**
 * A channel's webhook endpoint for tests: a plain node:http server that answers as told (`mode`,
 * or `answer` per request), records every request, and keeps, deduplicated by
 * Orderflow-Message-Id as a real receiver would, the ones it accepted, in the order it accepted them.
 */
export class WebhookReceiver {
  mode: WebhookAnswer = 'ok';
  /** Overrides `mode` for the requests it answers for. */
  answer?: (request: { messageId: string; body: string }) => WebhookAnswer | undefined;
  readonly requests: ReceivedWebhook[] = [];
  readonly accepted: ReceivedWebhook[] = [];
  private readonly seen = new Set<string>();
  private readonly sockets = new Set<Socket>();

  private readonly server: Server = createServer((req, res) => this.handle(req, res));
  private address = '';

  private constructor() {
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  /** The URL to register. */
  get url(): string {
    return this.address;
  }

  static async start(path = '/hooks/orderflow'): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    receiver.address = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}${path}`;
    return receiver;
  }

  /** Requests that arrived for one message id, accepted or not. */
  arrivals(messageId: string): ReceivedWebhook[] {
    return this.requests.filter((r) => r.messageId === messageId);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const messageId = String(req.headers['orderflow-message-id'] ?? '');
      const answer = this.answer?.({ messageId, body }) ?? this.mode;
      const duplicate = answer === 'ok' && this.seen.has(messageId);
      const received = { messageId, signature: String(req.headers['orderflow-signature'] ?? ''), body, at: new Date(), answer, duplicate };
      this.requests.push(received);
      if (answer === 'hang') return; // never answered: the sender times out
      if (answer === 'fail') {
        res.writeHead(500).end('receiver failing');
        return;
      }
      if (!duplicate) {
        this.seen.add(messageId);
        this.accepted.push(received);
      }
      res.writeHead(200).end('ok');
    });
  }
}

/**
 * A receiver's check of `Orderflow-Signature: t=<unix seconds>,v1=<hex>`, written from the
 * contract (HMAC-SHA256 of "<t>.<body>" keyed with the secret), independently of the gateway's code.
 */
export function webhookSignatureValid(secret: string, header: string, body: string, now = new Date(), toleranceSeconds = 300): boolean {
  const t = /(?:^|,)t=(\d+)/.exec(header)?.[1];
  const v1 = /(?:^|,)v1=([0-9a-f]{64})/.exec(header)?.[1];
  if (!t || !v1 || Math.abs(now.getTime() / 1000 - Number(t)) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(v1, 'hex'));
}
