import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { PersonalData } from '@orderflow/privacy';
import { QUERY_SCHEMA } from '@orderflow/projections';
import { BadParametersError, NotFoundError } from '../infrastructure/http/api-errors';
import { Projected, readProjection } from '../infrastructure/http/read-model';
import { UNCATEGORISED } from './trend-queries';

const Q = QUERY_SCHEMA;
const count = (description?: string) => (description ? z.number().int().describe(description) : z.number().int());
const money = (description: string) => z.number().int().describe(`${description}; integer minor units of the currency`);

export const CustomerReport = z
  .object({
    customerId: z.string().describe("The channel's own reference of the customer"),
    channel: z.string(),
    orders: z
      .object({
        placed: count('Orders placed: the order count'),
        confirmed: count(),
        rejected: count(),
        cancelled: count(),
        delivered: count(),
      })
      .describe('Its orders, by how far they got'),
    firstOrderAt: z.iso.datetime({ offset: true }).nullable(),
    lastOrderAt: z.iso.datetime({ offset: true }).nullable(),
    lifetimeValue: z
      .array(
        z.object({
          currency: z.string(),
          orders: count('Confirmed orders not cancelled'),
          orderedMinor: money('Σ their totals (as changed, if they were)'),
          refundedMinor: money("Σ after-sales' refunds of them: returns and goodwill"),
          netMinor: money('orderedMinor − refundedMinor'),
        }),
      )
      .describe('Per currency, by currency: money is never summed across currencies'),
    favouriteSkus: z
      .array(z.object({ sku: z.string(), category: z.string(), units: count(), orders: count('Orders with a line of it') }))
      .describe('Most units first (then most orders, then SKU), over the confirmed orders not cancelled; at most `top`'),
    favouriteCategories: z
      .array(z.object({ category: z.string().describe(`"${UNCATEGORISED}" for SKUs without a category`), units: count(), orders: count(), skus: count('Different SKUs of it') }))
      .describe('Likewise, by the categories of the products (ProductRegistered); at most `top`'),
    returns: z
      .object({
        deliveredUnits: count(),
        returnedUnits: count('Received back'),
        returnRate: z.number().nullable().describe('returnedUnits / deliveredUnits; null when nothing was delivered'),
        authorized: count('Returns (RMAs) authorised'),
      })
      .describe('Over all its orders'),
    complaints: z.object({
      opened: count(),
      open: count(),
      resolved: count(),
      byCategory: z.array(z.object({ category: z.string(), complaints: count() })).describe('Most complaints first'),
    }),
  })
  .describe(
    "A customer's orders, lifetime value, favourites, returns and complaints, over its orders whose personal data was not erased (docs/adr/0040)",
  );
export type CustomerReport = z.infer<typeof CustomerReport>;

export interface CustomerSelection {
  customerId: string;
  channel?: string;
  /** A channel key's own channel: it sees no other customer (as for every read). */
  onlyChannel?: string;
  top: number;
}

/**
 * The key ref an order's personal data is sealed with (docs/adr/0022): the third part of its
 * sealed name, `pii:v1:<keyRef>:...`; null for an order stored in plaintext (no master key).
 */
const KEY_REF = `CASE WHEN o.doc#>>'{customer,name}' LIKE 'pii:v1:%' THEN split_part(o.doc#>>'{customer,name}', ':', 3) END`;

interface ChannelKeys {
  channel: string;
  keyRefs: string[];
  plain: number;
}

/**
 * The customer report, over the orders projection (categories from the reports projection). It is
 * keyed by the customer's keys, as erasure is: an order sealed with a key that `gdpr erase`
 * destroyed is left out of every figure, decided at read time against the keys as the privacy
 * library holds them now (the same answer the API's "[erased]" fields come from). A customer with
 * no order left is a 404, as one never seen.
 */
@Injectable()
export class CustomerQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly personalData: PersonalData,
  ) {}

  async customer(selection: CustomerSelection): Promise<Projected<CustomerReport>> {
    const { customerId, top } = selection;
    if (selection.onlyChannel !== undefined && selection.channel !== undefined && selection.channel !== selection.onlyChannel) {
      throw this.notFound(selection, 0);
    }
    const channel = selection.onlyChannel ?? selection.channel;
    const lookup = await readProjection<ChannelKeys[]>(
      this.dataSource,
      'orders',
      `SELECT coalesce(json_agg(json_build_object('channel', c.channel, 'keyRefs', c.refs, 'plain', c.plain) ORDER BY c.channel), '[]'::json)
         FROM (SELECT o.channel, coalesce(array_agg(DISTINCT ${KEY_REF}) FILTER (WHERE ${KEY_REF} IS NOT NULL), '{}') AS refs,
                      count(*) FILTER (WHERE ${KEY_REF} IS NULL) AS plain
                 FROM ${Q}.orders o WHERE o.customer_id = $1 AND ($2::text IS NULL OR o.channel = $2) GROUP BY o.channel) c`,
      [customerId, channel ?? null],
    );
    const states = await this.personalData.keys.stateOf((lookup.body ?? []).flatMap((c) => c.keyRefs));
    const visible = (lookup.body ?? [])
      .map((c) => ({ channel: c.channel, plain: c.plain, keyRefs: c.keyRefs.filter((ref) => states.get(ref)?.state !== 'erased') }))
      .filter((c) => c.plain > 0 || c.keyRefs.length > 0);
    if (visible.length === 0) throw this.notFound(selection, lookup.position);
    if (visible.length > 1) {
      throw new BadParametersError([
        {
          parameter: 'channel',
          in: 'query',
          expected: `required: customer ids are each channel's own, and ${customerId} has orders in ${visible.map((c) => c.channel).join(', ')}`,
        },
      ]);
    }
    const [{ channel: theirs, keyRefs }] = visible;
    const read = await readProjection<Omit<CustomerReport, 'customerId' | 'channel'>>(this.dataSource, 'orders', reportSql, [theirs, customerId, keyRefs, top]);
    if (!read.body || read.body.orders.placed === 0) throw this.notFound(selection, read.position);
    const instant = (at: string | null) => (at === null ? null : new Date(at).toISOString());
    const body = { ...read.body, firstOrderAt: instant(read.body.firstOrderAt), lastOrderAt: instant(read.body.lastOrderAt) };
    return { position: read.position, body: { customerId, channel: theirs, ...body } };
  }

  private notFound(selection: CustomerSelection, position: number): NotFoundError {
    const channel = selection.onlyChannel ?? selection.channel;
    return new NotFoundError(
      `no orders of customer ${JSON.stringify(selection.customerId)}${channel ? ` of channel ${JSON.stringify(channel)}` : ''}`,
      { customerId: selection.customerId, ...(channel ? { channel } : {}) },
      position,
    );
  }
}

/** $1 channel, $2 customer id, $3 the live key refs of its orders (plaintext orders count too), $4 how many favourites. */
const reportSql = `
  WITH o AS MATERIALIZED (
    SELECT o.* FROM ${Q}.orders o
     WHERE o.channel = $1 AND o.customer_id = $2 AND (${KEY_REF} IS NULL OR ${KEY_REF} = ANY($3::text[]))),
  kept AS (SELECT * FROM o WHERE o.confirmed_at IS NOT NULL AND o.cancelled_at IS NULL),
  lines AS (
    SELECT l.order_id, l.sku, l.quantity, coalesce(p.category, '${UNCATEGORISED}') AS category
      FROM kept k JOIN ${Q}.order_lines l ON l.order_id = k.order_id LEFT JOIN ${Q}.report_products p ON p.sku = l.sku),
  refunds AS (
    SELECT r.order_id, sum(r.amount_minor) AS amount FROM kept k JOIN ${Q}.order_refunds r ON r.order_id = k.order_id
     WHERE r.reason IN ('RETURN', 'GOODWILL') GROUP BY r.order_id),
  value AS (
    SELECT k.currency, count(*) AS orders, sum(k.total_minor) AS ordered, coalesce(sum(f.amount), 0) AS refunded
      FROM kept k LEFT JOIN refunds f ON f.order_id = k.order_id GROUP BY k.currency),
  skus AS (
    SELECT sku, min(category) AS category, sum(quantity) AS units, count(DISTINCT order_id) AS orders FROM lines GROUP BY sku),
  categories AS (
    SELECT category, sum(quantity) AS units, count(DISTINCT order_id) AS orders, count(DISTINCT sku) AS skus FROM lines GROUP BY category),
  delivered AS (
    SELECT coalesce(sum(l.delivered), 0) AS delivered, coalesce(sum(l.returned), 0) AS returned
      FROM o JOIN ${Q}.order_lines l ON l.order_id = o.order_id),
  complaints AS (SELECT c.* FROM o JOIN ${Q}.order_complaints c ON c.order_id = o.order_id)
  SELECT json_build_object(
    'orders', (SELECT json_build_object('placed', count(*) FILTER (WHERE placed_at IS NOT NULL),
                 'confirmed', count(*) FILTER (WHERE confirmed_at IS NOT NULL), 'rejected', count(*) FILTER (WHERE rejected_at IS NOT NULL),
                 'cancelled', count(*) FILTER (WHERE cancelled_at IS NOT NULL), 'delivered', count(*) FILTER (WHERE delivered_at IS NOT NULL)) FROM o),
    'firstOrderAt', (SELECT min(placed_at) FROM o),
    'lastOrderAt', (SELECT max(placed_at) FROM o),
    'lifetimeValue', (SELECT coalesce(json_agg(json_build_object('currency', v.currency, 'orders', v.orders, 'orderedMinor', v.ordered,
                        'refundedMinor', v.refunded, 'netMinor', v.ordered - v.refunded) ORDER BY v.currency), '[]'::json) FROM value v),
    'favouriteSkus', (SELECT coalesce(json_agg(json_build_object('sku', s.sku, 'category', s.category, 'units', s.units, 'orders', s.orders)
                        ORDER BY s.units DESC, s.orders DESC, s.sku COLLATE "C"), '[]'::json)
                        FROM (SELECT * FROM skus ORDER BY units DESC, orders DESC, sku COLLATE "C" LIMIT $4) s),
    'favouriteCategories', (SELECT coalesce(json_agg(json_build_object('category', c.category, 'units', c.units, 'orders', c.orders, 'skus', c.skus)
                        ORDER BY c.units DESC, c.orders DESC, c.category COLLATE "C"), '[]'::json)
                        FROM (SELECT * FROM categories ORDER BY units DESC, orders DESC, category COLLATE "C" LIMIT $4) c),
    'returns', (SELECT json_build_object('deliveredUnits', d.delivered, 'returnedUnits', d.returned,
                  'returnRate', CASE WHEN d.delivered > 0 THEN d.returned::float8 / d.delivered END,
                  'authorized', (SELECT count(*) FROM o JOIN ${Q}.order_returns r ON r.order_id = o.order_id WHERE r.authorized_at IS NOT NULL))
                FROM delivered d),
    'complaints', (SELECT json_build_object('opened', count(*), 'open', count(*) FILTER (WHERE status = 'OPEN'),
                     'resolved', count(*) FILTER (WHERE status = 'RESOLVED'),
                     'byCategory', (SELECT coalesce(json_agg(json_build_object('category', x.category, 'complaints', x.n) ORDER BY x.n DESC, x.category COLLATE "C"), '[]'::json)
                                      FROM (SELECT category, count(*) AS n FROM complaints GROUP BY category) x))
                   FROM complaints))`;
