import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { CheckpointStore, EventStore, GlobalCheckpoint } from '@orderflow/event-store';
import { liveSubscriber, orderIdOf, QUERY_SCHEMA } from '@orderflow/projections';

export const LiveOrder = z.object({
  orderId: z.uuid(),
  orderNumber: z.string().nullable(),
  channel: z.string(),
  status: z.string().nullable(),
  placedAt: z.iso.datetime({ offset: true }),
  position: z.number().int().describe("Global position of the last event the order's document reflects"),
});
export type LiveOrder = z.infer<typeof LiveOrder>;

export type LiveEvent = { type: 'order'; data: LiveOrder } | { type: 'position'; data: { position: number } };

interface Client {
  /** The one channel it may see (a channel key); undefined: every channel. */
  onlyChannel?: string;
  send(event: LiveEvent): void;
  end(): void;
}

/** How often the orders projection's checkpoint is looked at while anyone listens. */
const POLL_MS = 250;
/** How often every client is told the position reached, changed or not (and proxies see traffic). */
export const HEARTBEAT_MS = 5000;
/** Events of the store read per statement, and statements per poll, while catching up with the projector. */
const EVENTS_PER_PAGE = 1000;
const PAGES_PER_POLL = 10;

/**
 * The orders written by the orders projection, as they are written, for every live client at once:
 * ONE poller, whatever the number of clients, runs while at least one listens. It follows the
 * projection's checkpoint; when it moved, the events between the two checkpoints (read gap-safely,
 * in the projector's own order) name the orders whose documents were written, and one statement
 * reads those documents' summaries. Each client gets what its scope lets it see.
 */
@Injectable()
export class LiveOrderFeed implements OnModuleDestroy {
  private readonly logger = new Logger('LiveOrderFeed');
  private readonly clients = new Set<Client>();
  private readonly checkpoints: CheckpointStore;
  /** How far the orders written so far were sent; undefined until the first poll after a start. */
  private checkpoint?: GlobalCheckpoint;
  /** Orders sent by the last poll and the position sent: a document re-read by the next poll unchanged is not sent twice. */
  private lastSent = new Map<string, number>();
  private pollTimer?: NodeJS.Timeout;
  private heartbeatTimer?: NodeJS.Timeout;
  /** Which start the poller belongs to: a poll that outlived a stop does not go on. */
  private run = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: EventStore,
  ) {
    this.checkpoints = new CheckpointStore(dataSource);
  }

  /** Clients listening now. */
  get size(): number {
    return this.clients.size;
  }

  /** Starts sending to `client`; the function returned stops it (and the poller with the last client). */
  subscribe(client: Client): () => void {
    this.clients.add(client);
    if (this.checkpoint) client.send({ type: 'position', data: { position: this.checkpoint.globalPosition } });
    if (!this.pollTimer) this.start();
    return () => {
      this.clients.delete(client);
      if (this.clients.size === 0) this.stop();
    };
  }

  /** The app is stopping: end every stream, so no open connection holds the HTTP server's close. */
  onModuleDestroy(): void {
    for (const client of [...this.clients]) client.end();
    this.clients.clear();
    this.stop();
  }

  private start(): void {
    const run = ++this.run;
    this.pollTimer = setTimeout(() => void this.poll(run), 0);
    this.heartbeatTimer = setInterval(() => {
      if (this.checkpoint) this.broadcast({ type: 'position', data: { position: this.checkpoint.globalPosition } });
    }, HEARTBEAT_MS);
  }

  private stop(): void {
    this.run += 1;
    clearTimeout(this.pollTimer);
    clearInterval(this.heartbeatTimer);
    this.pollTimer = undefined;
    this.heartbeatTimer = undefined;
    this.checkpoint = undefined;
    this.lastSent = new Map();
  }

  private async poll(run: number): Promise<void> {
    try {
      await this.sendWritten(run);
    } catch (err) {
      // The database away for a moment: the next poll resumes from the same checkpoint.
      this.logger.warn(`live orders not read this time: ${(err as Error).message}`);
    }
    if (run === this.run) this.pollTimer = setTimeout(() => void this.poll(run), POLL_MS);
  }

  private async sendWritten(run: number): Promise<void> {
    const reached = await this.checkpoints.load(liveSubscriber('orders'));
    if (run !== this.run) return;
    if (!this.checkpoint || isBefore(reached, this.checkpoint)) {
      // Started now, or the projection was rebuilt from an earlier point: what is written from here on is news.
      this.checkpoint = reached;
      this.broadcast({ type: 'position', data: { position: reached.globalPosition } });
      return;
    }
    const orderIds = new Set<string>();
    let after = this.checkpoint;
    for (let page = 0; page < PAGES_PER_POLL && isBefore(after, reached); page++) {
      const read = await this.store.readReplayPage({ after, until: reached, limit: EVENTS_PER_PAGE });
      if (!read.last) break;
      for (const event of read.events) {
        const orderId = orderIdOf(event);
        if (orderId) orderIds.add(orderId);
      }
      after = read.last;
    }
    const orders = orderIds.size > 0 ? await this.summaries([...orderIds]) : [];
    if (run !== this.run) return; // stopped meanwhile
    this.checkpoint = after;
    const sent = new Map<string, number>();
    for (const order of orders) {
      sent.set(order.orderId, order.position);
      if (this.lastSent.get(order.orderId) === order.position) continue;
      this.broadcast({ type: 'order', data: order });
    }
    this.lastSent = sent;
  }

  private async summaries(orderIds: string[]): Promise<LiveOrder[]> {
    return (await this.dataSource.query(
      `SELECT order_id AS "orderId", order_number AS "orderNumber", channel, status, to_json(placed_at) #>> '{}' AS "placedAt",
              last_position::float8 AS position
         FROM ${QUERY_SCHEMA}.orders WHERE order_id = ANY($1::uuid[]) AND placed_at IS NOT NULL
        ORDER BY last_position`,
      [orderIds],
    )) as LiveOrder[];
  }

  private broadcast(event: LiveEvent): void {
    for (const client of this.clients) {
      if (event.type === 'order' && client.onlyChannel !== undefined && event.data.channel !== client.onlyChannel) continue;
      client.send(event);
    }
  }
}

/** Whether checkpoint `a` comes before `b` in the global stream's (transaction id, position) order. */
function isBefore(a: GlobalCheckpoint, b: GlobalCheckpoint): boolean {
  const ax = BigInt(a.transactionId);
  const bx = BigInt(b.transactionId);
  return ax < bx || (ax === bx && a.globalPosition < b.globalPosition);
}
