import { Queryable, Tx } from '@orderflow/event-store';
import { orderIdOf } from '../events';
import { ProjectedEvent, Projection, ProjectionReplay, QUERY_SCHEMA, ReplayOptions, Tables } from '../projection';
import { OrderDocument } from './order-document';
import { foldOrder, foldOrderInto } from './order.reducer';

export const ORDER_TABLES = [
  'orders',
  'order_lines',
  'order_shipments',
  'order_returns',
  'order_return_lines',
  'order_complaints',
  'order_refunds',
  'order_production',
  'order_events',
] as const;
export type OrderTable = (typeof ORDER_TABLES)[number];

const S = QUERY_SCHEMA;

/**
 * `orders`: one document per order (jsonb, from the reducer) plus rows derived from it for filters,
 * reports and the timeline. A batch is grouped by order, the touched documents are loaded in one
 * query and folded; their derived rows are deleted in one statement and the documents written with
 * all their derived rows in another (`writeDocuments`, which a rebuild's replay writes with too).
 */
export const ordersProjection: Projection<OrderTable> = {
  name: 'orders',
  tables: ORDER_TABLES,

  async createTables(db: Queryable): Promise<void> {
    await db.query(`
      CREATE TABLE ${S}.orders (
        order_id                uuid        PRIMARY KEY,
        order_number            text,
        channel                 text        NOT NULL,
        external_order_id       text        NOT NULL,
        customer_id             text,
        status                  text,
        currency                text,
        total_minor             bigint,
        total_units             bigint,
        placed_at               timestamptz,
        confirmed_at            timestamptz,
        rejected_at             timestamptz,
        backordered_at          timestamptz,
        allocated_at            timestamptz,
        shipped_at              timestamptz,
        delivered_at            timestamptz,
        cancelled_at            timestamptz,
        estimated_delivery_date date,
        last_position           bigint      NOT NULL,
        doc                     jsonb       NOT NULL
      )`);
    await db.query(`CREATE INDEX orders_placed_at_order_id_idx ON ${S}.orders (placed_at DESC, order_id DESC)`);
    await db.query(`CREATE INDEX orders_channel_external_order_id_idx ON ${S}.orders (channel, external_order_id)`);
    await db.query(`CREATE INDEX orders_customer_id_placed_at_idx ON ${S}.orders (customer_id, placed_at DESC)`);
    await db.query(`CREATE INDEX orders_status_placed_at_idx ON ${S}.orders (status, placed_at DESC)`);
    await db.query(`CREATE INDEX orders_delivered_at_idx ON ${S}.orders (delivered_at)`);
    await db.query(`CREATE INDEX orders_cancelled_at_idx ON ${S}.orders (cancelled_at)`);
    await db.query(`
      CREATE TABLE ${S}.order_lines (
        order_id         uuid    NOT NULL,
        line_no          integer NOT NULL,
        sku              text    NOT NULL,
        quantity         bigint  NOT NULL,
        unit_price_minor bigint  NOT NULL,
        currency         text,
        allocated        bigint  NOT NULL,
        backordered      bigint  NOT NULL,
        shipped          bigint  NOT NULL,
        delivered        bigint  NOT NULL,
        returned         bigint  NOT NULL,
        PRIMARY KEY (order_id, line_no)
      )`);
    await db.query(`CREATE INDEX order_lines_sku_order_id_idx ON ${S}.order_lines (sku, order_id)`);
    await db.query(`
      CREATE TABLE ${S}.order_shipments (
        shipment_id             text        PRIMARY KEY,
        order_id                uuid        NOT NULL,
        purpose                 text        NOT NULL,
        rma_number              text,
        warehouse_id            text,
        carrier                 text,
        tracking_number         text,
        status                  text        NOT NULL,
        promised_by             date,
        estimated_delivery_date date,
        delayed                 boolean     NOT NULL,
        new_estimate            date,
        delayed_at              timestamptz,
        released                boolean     NOT NULL,
        allocated_at            timestamptz,
        picked_up_at            timestamptz,
        delivered_at            timestamptz,
        cancelled_at            timestamptz,
        lines                   jsonb       NOT NULL,
        doc                     jsonb       NOT NULL
      )`);
    await db.query(`CREATE INDEX order_shipments_order_id_idx ON ${S}.order_shipments (order_id)`);
    await db.query(`
      CREATE TABLE ${S}.order_returns (
        rma_number            text        PRIMARY KEY,
        order_id              uuid        NOT NULL,
        status                text        NOT NULL,
        resolution            text        NOT NULL,
        currency              text,
        refund_minor          bigint      NOT NULL,
        authorized_at         timestamptz,
        rejected_at           timestamptz,
        received_at           timestamptz,
        exchange_requested_at timestamptz,
        exchange_shipped_at   timestamptz,
        doc                   jsonb       NOT NULL
      )`);
    await db.query(`CREATE INDEX order_returns_order_id_idx ON ${S}.order_returns (order_id)`);
    await db.query(`
      CREATE TABLE ${S}.order_return_lines (
        rma_number       text    NOT NULL,
        line_no          integer NOT NULL,
        order_id         uuid    NOT NULL,
        sku              text    NOT NULL,
        reason           text    NOT NULL,
        quantity         bigint  NOT NULL,
        unit_price_minor bigint,
        received         bigint  NOT NULL,
        resellable       bigint  NOT NULL,
        damaged          bigint  NOT NULL,
        PRIMARY KEY (rma_number, line_no)
      )`);
    await db.query(`CREATE INDEX order_return_lines_order_id_idx ON ${S}.order_return_lines (order_id)`);
    await db.query(`
      CREATE TABLE ${S}.order_complaints (
        complaint_id          text        PRIMARY KEY,
        order_id              uuid        NOT NULL,
        status                text        NOT NULL,
        category              text        NOT NULL,
        source                text        NOT NULL,
        shipment_id           text,
        opened_at             timestamptz NOT NULL,
        acknowledged_at       timestamptz,
        resolve_by            timestamptz,
        resolved_at           timestamptz,
        resolution            text,
        goodwill_refund_minor bigint,
        doc                   jsonb       NOT NULL
      )`);
    await db.query(`CREATE INDEX order_complaints_order_id_idx ON ${S}.order_complaints (order_id)`);
    await db.query(`
      CREATE TABLE ${S}.order_refunds (
        order_id     uuid        NOT NULL,
        refund_no    integer     NOT NULL,
        amount_minor bigint      NOT NULL,
        currency     text        NOT NULL,
        reason       text        NOT NULL,
        rma_number   text,
        complaint_id text,
        issued_at    timestamptz NOT NULL,
        PRIMARY KEY (order_id, refund_no)
      )`);
    await createOrderProductionTable(db);
    await db.query(`
      CREATE TABLE ${S}.order_events (
        order_id        uuid   NOT NULL,
        global_position bigint NOT NULL,
        PRIMARY KEY (order_id, global_position)
      )`);
  },

  async apply(tx: Tx, events: readonly ProjectedEvent[], t: Tables<OrderTable>): Promise<void> {
    const byOrder = eventsByOrder(events);
    if (byOrder.size === 0) return;
    const ids = [...byOrder.keys()];
    const current = await loadDocuments(tx, t, ids);
    const docs = ids.map((id) => foldOrder(current.get(id), byOrder.get(id)!)!);
    await writeTimeline(tx, t, byOrder, 'ON CONFLICT DO NOTHING');
    await deleteDerivedRows(tx, t, ids);
    await writeDocuments(tx, t, docs);
  },

  replay(t: Tables<OrderTable>, options: ReplayOptions): ProjectionReplay {
    return new OrdersReplay(t, options.heldDocuments);
  },

  // The replay reads orders by order_id (its primary key, also the upsert's arbiter) and deletes
  // derived rows by order_id; a timeline row is inserted once, without ON CONFLICT.
  indexesBuiltAfterReplay: [
    'orders_placed_at_order_id_idx',
    'orders_channel_external_order_id_idx',
    'orders_customer_id_placed_at_idx',
    'orders_status_placed_at_idx',
    'orders_delivered_at_idx',
    'orders_cancelled_at_idx',
    'order_lines_sku_order_id_idx',
    'order_production_status_requested_at_idx',
    'order_events_pkey',
  ],
};

/** Made-to-order lines' production orders (docs/adr/0039), derived from the documents: GET /production-orders lists them by status. */
export async function createOrderProductionTable(db: Queryable): Promise<void> {
  await db.query(`
    CREATE TABLE ${S}.order_production (
      production_order_id text        PRIMARY KEY,
      order_id            uuid        NOT NULL,
      sku                 text        NOT NULL,
      quantity            bigint      NOT NULL,
      status              text        NOT NULL,
      warehouse_id        text        NOT NULL,
      due_date            date        NOT NULL,
      slipped             boolean     NOT NULL,
      requested_at        timestamptz NOT NULL,
      doc                 jsonb       NOT NULL
    )`);
  await db.query(`CREATE INDEX order_production_order_id_idx ON ${S}.order_production (order_id)`);
  // Named as PostgreSQL names it, so a rebuild's shadow index is recognised by its name (ADR 17).
  await db.query(`CREATE INDEX order_production_status_requested_at_idx ON ${S}.order_production (status, requested_at)`);
}

/**
 * A rebuild's replay of the orders projection into empty shadow tables. The documents it folds stay
 * in memory (least recently touched first out) and are written when they must make room, or at the
 * flush before the swap: an order whose events lie close together in the store, as most do, is
 * written once, with plain inserts and nothing to delete. An order touched again after it was
 * written is loaded from the shadow table and replaced, as the live projection does.
 */
const DOCUMENTS_PER_STATEMENT = 2000;

class OrdersReplay implements ProjectionReplay {
  /** Folded documents not yet written (Map order: least recently touched first), and whether an older version of each is in the tables. */
  private readonly held = new Map<string, { doc: OrderDocument; written: boolean }>();

  constructor(
    private readonly t: Tables<OrderTable>,
    private readonly capacity: number,
  ) {}

  async apply(tx: Tx, events: readonly ProjectedEvent[]): Promise<void> {
    const byOrder = eventsByOrder(events);
    if (byOrder.size === 0) return;
    const missing = [...byOrder.keys()].filter((id) => !this.held.has(id));
    const written = missing.length > 0 ? await loadDocuments(tx, this.t, missing) : new Map<string, OrderDocument>();
    for (const [id, list] of byOrder) {
      const entry = this.held.get(id);
      const doc = foldOrderInto(entry ? entry.doc : written.get(id), list)!;
      this.held.delete(id);
      this.held.set(id, { doc, written: entry ? entry.written : written.has(id) });
    }
    // Each event is replayed once, so its timeline row is new.
    await writeTimeline(tx, this.t, byOrder, '');
    if (this.held.size > this.capacity) await this.write(tx, this.held.size - this.capacity);
  }

  async flush(tx: Tx): Promise<void> {
    await this.write(tx, this.held.size);
  }

  /** Writes (and lets go of) the `count` least recently touched documents, a bounded number per statement. */
  private async write(tx: Tx, count: number): Promise<void> {
    while (count > 0) {
      const out: { doc: OrderDocument; written: boolean }[] = [];
      for (const [id, entry] of this.held) {
        if (out.length >= Math.min(count, DOCUMENTS_PER_STATEMENT)) break;
        out.push(entry);
        this.held.delete(id);
      }
      if (out.length === 0) return;
      count -= out.length;
      const replaced = out.filter((e) => e.written).map((e) => e.doc.orderId);
      if (replaced.length > 0) await deleteDerivedRows(tx, this.t, replaced);
      await writeDocuments(tx, this.t, out.map((e) => e.doc));
    }
  }
}

/** The batch's events of each order, in store order; events that name no order are left out. */
function eventsByOrder(events: readonly ProjectedEvent[]): Map<string, ProjectedEvent[]> {
  const byOrder = new Map<string, ProjectedEvent[]>();
  for (const e of events) {
    const orderId = orderIdOf(e);
    if (!orderId) continue;
    const list = byOrder.get(orderId);
    if (list) list.push(e);
    else byOrder.set(orderId, [e]);
  }
  return byOrder;
}

async function loadDocuments(tx: Tx, t: Tables<OrderTable>, ids: string[]): Promise<Map<string, OrderDocument>> {
  const rows = (await tx.query(`SELECT doc FROM ${t.orders} WHERE order_id = ANY($1::uuid[])`, [ids])) as { doc: OrderDocument }[];
  return new Map(rows.map((r) => [r.doc.orderId, r.doc]));
}

/** The timeline index: which events touched which order. */
async function writeTimeline(tx: Tx, t: Tables<OrderTable>, byOrder: Map<string, ProjectedEvent[]>, onConflict: string): Promise<void> {
  const orderIds: string[] = [];
  const positions: number[] = [];
  for (const [id, list] of byOrder) {
    for (const e of list) {
      orderIds.push(id);
      positions.push(e.globalPosition);
    }
  }
  // Comma-separated rather than arrays: uuids and numbers need no quoting, and the driver would escape element by element.
  await tx.query(
    `INSERT INTO ${t.order_events} (order_id, global_position)
     SELECT * FROM unnest(string_to_array($1, ',')::uuid[], string_to_array($2, ',')::bigint[]) ${onConflict}`,
    [orderIds.join(','), positions.join(',')],
  );
}

const DERIVED_TABLES: OrderTable[] = ['order_lines', 'order_shipments', 'order_returns', 'order_return_lines', 'order_complaints', 'order_refunds', 'order_production'];

/** Deletes the derived rows of these orders, every table in one statement. */
async function deleteDerivedRows(tx: Tx, t: Tables<OrderTable>, ids: string[]): Promise<void> {
  const deletes = DERIVED_TABLES.map((table, i) => `d${i} AS (DELETE FROM ${t[table]} WHERE order_id = ANY($1::uuid[]))`);
  await tx.query(`WITH ${deletes.join(',\n')} SELECT 1`, [ids]);
}

const ts = (doc: string, path: string) => `(${doc}->>'${path}')::timestamptz`;

/**
 * One statement for documents and everything derived from them: the `orders` rows (the document and
 * the columns filters and reports use) and the rows of every derived table. The derived rows must
 * not exist yet (deleteDerivedRows, or a replay's first write of an order).
 */
async function writeDocuments(tx: Tx, t: Tables<OrderTable>, docs: OrderDocument[]): Promise<void> {
  await tx.query(
    `WITH o AS MATERIALIZED (
       SELECT u.d AS doc, (u.d->>'orderId')::uuid AS order_id, u.d->>'currency' AS currency FROM jsonb_array_elements($1::jsonb) AS u(d)
     ),
     orders_written AS (
       INSERT INTO ${t.orders} (order_id, order_number, channel, external_order_id, customer_id, status, currency,
           total_minor, total_units, placed_at, confirmed_at, rejected_at, backordered_at, allocated_at, shipped_at,
           delivered_at, cancelled_at, estimated_delivery_date, last_position, doc)
       SELECT o.order_id, o.doc->>'orderNumber', o.doc->>'channel', o.doc->>'externalOrderId', o.doc#>>'{customer,id}',
              o.doc->>'status', o.currency, (o.doc->>'totalMinor')::bigint,
              (SELECT sum((l->>'quantity')::bigint) FROM jsonb_array_elements(o.doc->'lines') l),
              ${ts('o.doc', 'placedAt')}, ${ts('o.doc', 'confirmedAt')}, ${ts('o.doc', 'rejectedAt')}, ${ts('o.doc', 'backorderedAt')},
              ${ts('o.doc', 'allocatedAt')}, ${ts('o.doc', 'shippedAt')}, ${ts('o.doc', 'deliveredAt')}, ${ts('o.doc', 'cancelledAt')},
              (o.doc->>'estimatedDeliveryDate')::date, (o.doc->>'lastPosition')::bigint, o.doc
         FROM o
       ON CONFLICT (order_id) DO UPDATE SET
         order_number = EXCLUDED.order_number, channel = EXCLUDED.channel, external_order_id = EXCLUDED.external_order_id,
         customer_id = EXCLUDED.customer_id, status = EXCLUDED.status, currency = EXCLUDED.currency,
         total_minor = EXCLUDED.total_minor, total_units = EXCLUDED.total_units, placed_at = EXCLUDED.placed_at,
         confirmed_at = EXCLUDED.confirmed_at, rejected_at = EXCLUDED.rejected_at, backordered_at = EXCLUDED.backordered_at,
         allocated_at = EXCLUDED.allocated_at, shipped_at = EXCLUDED.shipped_at, delivered_at = EXCLUDED.delivered_at,
         cancelled_at = EXCLUDED.cancelled_at, estimated_delivery_date = EXCLUDED.estimated_delivery_date,
         last_position = EXCLUDED.last_position, doc = EXCLUDED.doc
     ),
     lines_written AS (
       INSERT INTO ${t.order_lines} (order_id, line_no, sku, quantity, unit_price_minor, currency, allocated, backordered,
           shipped, delivered, returned)
       SELECT o.order_id, l.n, l.v->>'sku', (l.v->>'quantity')::bigint, (l.v->>'unitPriceMinor')::bigint, o.currency,
              (l.v->>'allocated')::bigint, (l.v->>'backordered')::bigint, (l.v->>'shipped')::bigint, (l.v->>'delivered')::bigint,
              (l.v->>'returned')::bigint
         FROM o CROSS JOIN LATERAL jsonb_array_elements(o.doc->'lines') WITH ORDINALITY AS l(v, n)
     ),
     shipments_written AS (
       INSERT INTO ${t.order_shipments} (shipment_id, order_id, purpose, rma_number, warehouse_id, carrier, tracking_number,
           status, promised_by, estimated_delivery_date, delayed, new_estimate, delayed_at, released, allocated_at,
           picked_up_at, delivered_at, cancelled_at, lines, doc)
       SELECT s->>'shipmentId', o.order_id, s->>'purpose', s->>'rmaNumber', s->>'warehouseId', s->>'carrier',
              s->>'trackingNumber', s->>'status', (s->>'promisedBy')::date, (s->>'estimatedDeliveryDate')::date,
              (s->>'delayed')::boolean, (s->>'newEstimate')::date, (s->>'delayedAt')::timestamptz, (s->>'released')::boolean,
              (s->>'allocatedAt')::timestamptz, (s->>'pickedUpAt')::timestamptz, (s->>'deliveredAt')::timestamptz,
              (s->>'cancelledAt')::timestamptz, s->'lines', s
         FROM o CROSS JOIN LATERAL jsonb_array_elements(o.doc->'shipments') AS s
       ON CONFLICT DO NOTHING
     ),
     returns_written AS (
       INSERT INTO ${t.order_returns} (rma_number, order_id, status, resolution, currency, refund_minor, authorized_at,
           rejected_at, received_at, exchange_requested_at, exchange_shipped_at, doc)
       SELECT r->>'rmaNumber', o.order_id, r->>'status', r->>'resolution', r->>'currency', (r->>'refundMinor')::bigint,
              (r->>'authorizedAt')::timestamptz, (r->>'rejectedAt')::timestamptz, (r->>'receivedAt')::timestamptz,
              (r->>'exchangeRequestedAt')::timestamptz, (r#>>'{exchange,shippedAt}')::timestamptz, r
         FROM o CROSS JOIN LATERAL jsonb_array_elements(o.doc->'returns') AS r
       ON CONFLICT DO NOTHING
     ),
     return_lines_written AS (
       INSERT INTO ${t.order_return_lines} (rma_number, line_no, order_id, sku, reason, quantity, unit_price_minor,
           received, resellable, damaged)
       SELECT r->>'rmaNumber', l.n, o.order_id, l.v->>'sku', l.v->>'reason', (l.v->>'quantity')::bigint,
              (l.v->>'unitPriceMinor')::bigint, (l.v->>'received')::bigint, (l.v->>'resellable')::bigint, (l.v->>'damaged')::bigint
         FROM o CROSS JOIN LATERAL jsonb_array_elements(o.doc->'returns') AS r
         CROSS JOIN LATERAL jsonb_array_elements(r->'lines') WITH ORDINALITY AS l(v, n)
       ON CONFLICT DO NOTHING
     ),
     complaints_written AS (
       INSERT INTO ${t.order_complaints} (complaint_id, order_id, status, category, source, shipment_id, opened_at,
           acknowledged_at, resolve_by, resolved_at, resolution, goodwill_refund_minor, doc)
       SELECT c->>'complaintId', o.order_id, c->>'status', c->>'category', c->>'source', c->>'shipmentId',
              (c->>'openedAt')::timestamptz, (c->>'acknowledgedAt')::timestamptz, (c->>'resolveBy')::timestamptz,
              (c->>'resolvedAt')::timestamptz, c->>'resolution', (c->>'goodwillRefundMinor')::bigint, c
         FROM o CROSS JOIN LATERAL jsonb_array_elements(o.doc->'complaints') AS c
       ON CONFLICT DO NOTHING
     ),
     refunds_written AS (
       INSERT INTO ${t.order_refunds} (order_id, refund_no, amount_minor, currency, reason, rma_number, complaint_id, issued_at)
       SELECT o.order_id, f.n, (f.v->>'amountMinor')::bigint, f.v->>'currency', f.v->>'reason', f.v->>'rmaNumber',
              f.v->>'complaintId', (f.v->>'issuedAt')::timestamptz
         FROM o CROSS JOIN LATERAL jsonb_array_elements(o.doc->'refunds') WITH ORDINALITY AS f(v, n)
     ),
     production_written AS (
       INSERT INTO ${t.order_production} (production_order_id, order_id, sku, quantity, status, warehouse_id, due_date, slipped,
           requested_at, doc)
       SELECT l->'production'->>'productionOrderId', o.order_id, l->>'sku', (l->>'quantity')::bigint, l->'production'->>'status',
              l->'production'->>'warehouseId', (l->'production'->>'dueDate')::date, (l->'production'->>'slipped')::boolean,
              (l->'production'->>'requestedAt')::timestamptz, l->'production'
         FROM o CROSS JOIN LATERAL jsonb_array_elements(o.doc->'lines') AS l
        WHERE jsonb_typeof(l->'production') = 'object'
       ON CONFLICT DO NOTHING
     )
     SELECT 1`,
    // One JSON array rather than a jsonb[]: the driver would escape every quote of every document.
    [JSON.stringify(docs)],
  );
}
