import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { WebhookSecrets } from './webhook-secrets';

/** A channel's webhook as answers show it: never its secret. */
export interface WebhookEndpointView {
  channel: string;
  url: string;
  registeredBy: string;
  registeredAt: string;
  updatedAt: string;
}

/** What the dispatcher needs to send: the URL and the opened secret (undefined when it does not open). */
export interface WebhookTarget {
  url: string;
  secret?: string;
}

interface EndpointRow {
  channel: string;
  url: string;
  registered_by: string;
  registered_at: Date;
  updated_at: Date;
}

const view = (r: EndpointRow): WebhookEndpointView => ({
  channel: r.channel,
  url: r.url,
  registeredBy: r.registered_by,
  registeredAt: r.registered_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

/** The `webhook_endpoints` table: one webhook per channel, its secret sealed (./webhook-secrets.ts). */
@Injectable()
export class WebhookEndpoints {
  constructor(
    private readonly dataSource: DataSource,
    private readonly secrets: WebhookSecrets,
  ) {}

  /** Registers or replaces the channel's webhook; deliveries still pending go to the new URL with the new secret. */
  async register(channel: string, url: string, secret: string, registeredBy: string): Promise<WebhookEndpointView> {
    const [row] = (await this.dataSource.query(
      `INSERT INTO webhook_endpoints (channel, url, secret_sealed, registered_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (channel) DO UPDATE SET url = excluded.url, secret_sealed = excluded.secret_sealed, registered_by = excluded.registered_by, updated_at = now()
       RETURNING channel, url, registered_by, registered_at, updated_at`,
      [channel, url, this.secrets.seal(channel, secret), registeredBy],
    )) as EndpointRow[];
    return view(row);
  }

  /** Removes the channel's webhook and gives up its pending deliveries, in one transaction; false when it had none. */
  async unregister(channel: string): Promise<boolean> {
    return this.dataSource.transaction(async (m) => {
      const [, removed] = (await m.query(`DELETE FROM webhook_endpoints WHERE channel = $1`, [channel])) as [unknown, number];
      if (removed === 0) return false;
      await m.query(
        `UPDATE webhook_deliveries SET status = 'failed', failed_at = now(), last_error = 'the webhook was unregistered'
          WHERE channel = $1 AND status = 'pending'`,
        [channel],
      );
      return true;
    });
  }

  async find(channel: string): Promise<WebhookEndpointView | undefined> {
    const [row] = (await this.dataSource.query(`SELECT channel, url, registered_by, registered_at, updated_at FROM webhook_endpoints WHERE channel = $1`, [channel])) as EndpointRow[];
    return row && view(row);
  }

  /** The targets of these channels, in one statement. */
  async targets(channels: readonly string[]): Promise<Map<string, WebhookTarget>> {
    const rows = (await this.dataSource.query(`SELECT channel, url, secret_sealed FROM webhook_endpoints WHERE channel = ANY($1::text[])`, [[...channels]])) as {
      channel: string;
      url: string;
      secret_sealed: string;
    }[];
    return new Map(rows.map((r) => [r.channel, { url: r.url, secret: this.secrets.open(r.channel, r.secret_sealed) }]));
  }
}
