import { Client, ClientConfig } from 'pg';
import { DataSource } from 'typeorm';

export const APPENDED_CHANNEL = 'orderflow_events';

/** `categories`: the stream categories a committed statement wrote; undefined when not named. */
export type NotificationListener = (kind: 'committed' | 'reconnected', categories?: readonly string[]) => void;

/**
 * Wakes this process's subscriptions when events are committed anywhere (LISTEN on a connection of
 * its own). A lost connection is reconnected with backoff; meanwhile, and always as a safety net,
 * subscriptions still poll at their slow interval, so a missed notification only delays.
 */
export class AppendNotifications {
  private client?: Client;
  private readonly listeners = new Set<NotificationListener>();
  private stopped = false;
  private connecting?: Promise<void>;
  private failures = 0;
  private retry?: NodeJS.Timeout;

  constructor(private readonly connection: ClientConfig) {}

  static forDataSource(dataSource: DataSource): AppendNotifications {
    const options = dataSource.options as { url?: string; extra?: { application_name?: string } };
    return new AppendNotifications({ connectionString: options.url, application_name: `${options.extra?.application_name ?? 'orderflow'}:listen` });
  }

  /**
   * Calls `listener` on every notification (`committed`, with the stream categories written when
   * the store named them), and once whenever listening starts again (`reconnected`: anything may
   * have been committed meanwhile), until the returned function is called.
   */
  subscribe(listener: NotificationListener): () => void {
    this.listeners.add(listener);
    void this.ensureConnected();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) void this.close();
    };
  }

  get listening(): boolean {
    return this.client !== undefined;
  }

  private ensureConnected(): Promise<void> {
    if (this.client || this.stopped || this.listeners.size === 0) return Promise.resolve();
    this.connecting ??= (async () => {
      const client = new Client({ ...this.connection, connectionTimeoutMillis: 5000, keepAlive: true });
      try {
        await client.connect();
        client.on('notification', (n) => {
          const categories = n.payload ? n.payload.split(',') : undefined;
          this.listeners.forEach((l) => l('committed', categories));
        });
        client.on('error', () => this.lost(client));
        client.on('end', () => this.lost(client));
        await client.query(`LISTEN ${APPENDED_CHANNEL}`);
        if (this.listeners.size === 0) {
          // Everyone left while this connected: no connection outlives its last listener.
          await client.end().catch(() => undefined);
          return;
        }
        this.client = client;
        this.failures = 0;
        // Anything committed while not listening: wake everyone once.
        this.listeners.forEach((l) => l('reconnected'));
      } catch {
        await client.end().catch(() => undefined);
        this.retryLater();
      } finally {
        this.connecting = undefined;
      }
    })();
    return this.connecting;
  }

  private lost(client: Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    void client.end().catch(() => undefined);
    this.retryLater();
  }

  private retryLater(): void {
    if (this.stopped || this.listeners.size === 0) return;
    this.failures += 1;
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.ensureConnected(), Math.min(5000, 100 * 2 ** Math.min(this.failures, 6)));
    this.retry.unref();
  }

  async close(): Promise<void> {
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
