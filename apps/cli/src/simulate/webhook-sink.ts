import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { MESSAGE_ID_HEADER, SIGNATURE_HEADER, verifySignature } from '@orderflow/contracts';
import { Random } from './random';

/** What the channel's webhook endpoint has seen so far. */
export interface WebhookTally {
  received: number;
  /** Distinct message ids accepted: what a shop acts on. */
  accepted: number;
  duplicates: number;
  badSignatures: number;
  /** Answered 503 on purpose, as a shop's endpoint sometimes does: orderflow retries them. */
  refused: number;
}

/**
 * The demo channel's webhook endpoint (docs/adr/0035): it checks each request's signature, refuses
 * one in twenty with a 503 to show the retries, and deduplicates by Orderflow-Message-Id as a real
 * receiver must, since a retry after a lost answer delivers the same message again.
 */
export class WebhookSink {
  readonly tally: WebhookTally = { received: 0, accepted: 0, duplicates: 0, badSignatures: 0, refused: 0 };
  private readonly seen = new Set<string>();
  private readonly server: Server;

  private constructor(
    private readonly secret: string,
    private readonly random: Random,
  ) {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  static async listen(port: number, secret: string, random: Random): Promise<WebhookSink> {
    const sink = new WebhookSink(secret, random);
    await new Promise<void>((resolve, reject) => {
      sink.server.once('error', reject);
      sink.server.listen(port, '127.0.0.1', resolve);
    });
    return sink;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    this.tally.received += 1;
    const check = verifySignature(this.secret, req.headers[SIGNATURE_HEADER.toLowerCase()] as string | undefined, body, new Date());
    if (!check.ok) {
      this.tally.badSignatures += 1;
      res.writeHead(401).end(check.reason);
      return;
    }
    if (this.random.int(1, 20) === 1) {
      this.tally.refused += 1;
      res.writeHead(503).end();
      return;
    }
    const messageId = String(req.headers[MESSAGE_ID_HEADER.toLowerCase()] ?? '');
    if (this.seen.has(messageId)) this.tally.duplicates += 1;
    else {
      this.seen.add(messageId);
      this.tally.accepted += 1;
    }
    res.writeHead(200).end();
  }
}
