import { Injectable } from '@nestjs/common';
import { Tx } from '@orderflow/event-store';

/**
 * The catalogue's weight of each product, as the order service publishes its products on
 * order.events (docs/adr/0032): what a parcel weighs when its warehouse did not weigh it.
 */
@Injectable()
export class ProductWeights {
  /** Keeps the weight of the product's latest version: a redelivered older version changes nothing. */
  async record(tx: Tx, sku: string, weightGrams: number, version: number): Promise<void> {
    await tx.query(
      `INSERT INTO shipping_product_weights (sku, weight_grams, version) VALUES ($1, $2, $3)
       ON CONFLICT (sku) DO UPDATE SET weight_grams = EXCLUDED.weight_grams, version = EXCLUDED.version
       WHERE shipping_product_weights.version < EXCLUDED.version`,
      [sku, weightGrams, version],
    );
  }

  /** The weight of one unit of each SKU the catalogue knows. */
  async of(tx: Tx, skus: readonly string[]): Promise<Map<string, number>> {
    const rows = (await tx.query(`SELECT sku, weight_grams FROM shipping_product_weights WHERE sku = ANY($1::text[])`, [skus])) as {
      sku: string;
      weight_grams: number;
    }[];
    return new Map(rows.map((r) => [r.sku, Number(r.weight_grams)]));
  }
}
