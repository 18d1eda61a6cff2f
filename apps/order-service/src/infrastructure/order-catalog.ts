import { Inject, Injectable } from '@nestjs/common';
import { ownValue } from '@orderflow/contracts';
import { Tx } from '@orderflow/event-store';
import { OrderCatalog, Submission } from '../domain/order.decider';
import { ORDER_CONFIG, OrderConfig } from './order.config';

/**
 * What the order service knows besides the orders: the channels' currencies and lead times (config)
 * and the SKUs some warehouse has stocked (a local view fed by inventory events).
 */
@Injectable()
export class OrderCatalogRepository {
  /** SKUs read as known: a SKU once stocked stays known (the view is only ever added to). */
  private readonly known = new Set<string>();

  constructor(@Inject(ORDER_CONFIG) private readonly config: OrderConfig) {}

  async catalogFor(tx: Tx, submission: Submission): Promise<OrderCatalog> {
    const skus = [...new Set(submission.lines.map((l) => l.sku))];
    const unsure = skus.filter((sku) => !this.known.has(sku));
    if (unsure.length > 0) {
      const rows = (await tx.query(`SELECT sku FROM order_known_skus WHERE sku = ANY($1::text[])`, [unsure])) as { sku: string }[];
      rows.forEach((r) => this.known.add(r.sku));
    }
    const { ORDER_CHANNELS: channels, ORDER_LEAD_TIME_DAYS: leadTimes } = this.config;
    // Own properties only: a channel named "constructor" must not find Object's constructor.
    return {
      channel: ownValue(channels, submission.channel),
      knownSkus: new Set(skus.filter((sku) => this.known.has(sku))),
      leadTimeDays: ownValue(leadTimes, submission.shippingAddress.country) ?? leadTimes.default,
    };
  }

  async rememberStockedSku(tx: Tx, sku: string): Promise<void> {
    await tx.query(`INSERT INTO order_known_skus (sku) VALUES ($1) ON CONFLICT (sku) DO NOTHING`, [sku]);
  }

  /** A fresh human-friendly order number, e.g. OF-000042. */
  async nextOrderNumber(tx: Tx): Promise<string> {
    const [row] = (await tx.query(`SELECT nextval('order_number_seq') AS n`)) as { n: string }[];
    return `OF-${row.n.padStart(6, '0')}`;
  }
}
