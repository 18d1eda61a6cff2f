import { Injectable } from '@nestjs/common';
import { Tx } from '@orderflow/event-store';
import { OrderCatalog, Submission } from '../domain/order.decider';
import { ChangeCatalog } from '../domain/order-changes';
import { CheckoutReport } from '../domain/order-payments';
import { ProductTerms } from '../domain/line-options';
import { CHANNELS, ChannelSettingsEntity, DEFAULT_LEAD_TIME, LEAD_TIMES, LeadTimeEntity, ProductEntity, PRODUCTS } from './reference-data';

interface CatalogRow {
  kind: 'channel' | 'leadtime' | 'product' | 'stocked' | 'checkout';
  key: string;
  entity: unknown;
  version: number | null;
}

/**
 * What the order service knows besides the orders: the channel's settings, the lead times and the
 * catalogue's products (its reference data, docs/adr/0032), and the SKUs some warehouse has stocked
 * (a local view fed by inventory events). Read in the order's own transaction, in one round trip,
 * so an order is judged by the settings as they stand when it is decided, on every replica alike.
 */
@Injectable()
export class OrderCatalogRepository {
  /** SKUs read as known: a SKU once stocked stays known (the view is only ever added to). */
  private readonly known = new Set<string>();

  /**
   * The catalogue an order is judged by, and the checkout payments its channel reported before it
   * arrived (held by OrderPaymentIndex): in the same round trip, as nearly every order has none.
   */
  async catalogFor(tx: Tx, submission: Submission, orderId: string): Promise<OrderCatalog & { checkoutReports: CheckoutReport[] }> {
    const skus = [...new Set(submission.lines.map((l) => l.sku))];
    const unsure = skus.filter((sku) => !this.known.has(sku));
    const country = submission.shippingAddress.country;
    const rows = (await tx.query(
      `SELECT 'channel' AS kind, key, entity, version FROM ${CHANNELS.kind.viewTable} WHERE key = $1
       UNION ALL SELECT 'leadtime', key, entity, version FROM ${LEAD_TIMES.kind.viewTable} WHERE key = ANY($2::text[])
       UNION ALL SELECT 'product', key, entity, version FROM ${PRODUCTS.kind.viewTable} WHERE key = ANY($3::text[])
       UNION ALL SELECT 'stocked', sku, NULL, NULL FROM order_known_skus WHERE sku = ANY($4::text[])
       UNION ALL SELECT 'checkout', payment_id, report, NULL FROM order_early_checkout_payments WHERE order_id = $5`,
      [submission.channel, [country, DEFAULT_LEAD_TIME], skus, unsure, orderId],
    )) as CatalogRow[];
    const channel = rows.find((r) => r.kind === 'channel');
    const leadTime = (key: string) => (rows.find((r) => r.kind === 'leadtime' && r.key === key)?.entity as LeadTimeEntity | undefined)?.days;
    const prices = new Map<string, number>();
    const products = new Map<string, ProductTerms>();
    for (const row of rows) {
      if (row.kind === 'stocked') this.known.add(row.key);
      if (row.kind !== 'product') continue;
      const product = row.entity as ProductEntity;
      const price = product.prices.find((p) => p.channel === submission.channel && p.currency === submission.currency);
      if (price) prices.set(row.key, price.unitPriceMinor);
      products.set(row.key, termsOf(product));
    }
    return {
      channel: channel?.entity as ChannelSettingsEntity | undefined,
      ...(channel ? { channelSettingsVersion: Number(channel.version) } : {}),
      knownSkus: new Set(skus.filter((sku) => this.known.has(sku))),
      // The first-run seed always records a default (ORDER_LEAD_TIME_DAYS requires one), and nothing is ever deleted.
      leadTimeDays: leadTime(country) ?? leadTime(DEFAULT_LEAD_TIME) ?? 0,
      prices,
      products,
      checkoutReports: rows.filter((r) => r.kind === 'checkout').map((r) => r.entity as CheckoutReport),
    };
  }

  /** What an order change is judged by: its channel's settings as they stand now, and the catalogue for its SKUs. */
  async changeCatalogFor(tx: Tx, order: { channel: string; currency: string }, skus: readonly string[]): Promise<ChangeCatalog> {
    const unsure = skus.filter((sku) => !this.known.has(sku));
    const rows = (await tx.query(
      `SELECT 'channel' AS kind, key, entity, version FROM ${CHANNELS.kind.viewTable} WHERE key = $1
       UNION ALL SELECT 'product', key, entity, version FROM ${PRODUCTS.kind.viewTable} WHERE key = ANY($2::text[])
       UNION ALL SELECT 'stocked', sku, NULL, NULL FROM order_known_skus WHERE sku = ANY($3::text[])`,
      [order.channel, skus, unsure],
    )) as CatalogRow[];
    const channel = rows.find((r) => r.kind === 'channel')?.entity as ChannelSettingsEntity | undefined;
    const prices = new Map<string, number>();
    const products = new Map<string, ProductTerms>();
    for (const row of rows) {
      if (row.kind === 'stocked') this.known.add(row.key);
      if (row.kind !== 'product') continue;
      const product = row.entity as ProductEntity;
      const price = product.prices.find((p) => p.channel === order.channel && p.currency === order.currency);
      if (price) prices.set(row.key, price.unitPriceMinor);
      products.set(row.key, termsOf(product));
    }
    return {
      knownSkus: new Set(skus.filter((sku) => this.known.has(sku))),
      prices,
      priceCheck: channel?.priceCheck ?? 'off',
      products,
      authorizationTimeoutMinutes: channel?.authorizationTimeoutMinutes ?? 30,
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

/** A product's options and made-to-order terms (docs/adr/0039), as the order decider reads them. */
const termsOf = (product: ProductEntity): ProductTerms => ({
  ...(product.options ? { options: product.options } : {}),
  ...(product.madeToOrder ? { madeToOrder: product.madeToOrder } : {}),
});
