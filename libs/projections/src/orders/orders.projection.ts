import { Queryable, StoredEvent, Tx } from '@orderflow/event-store';
import { orderIdOf } from '../events';
import { Projection, QUERY_SCHEMA, Tables } from '../projection';
import { OrderDocument } from './order-document';
import { foldOrder } from './order.reducer';

export const ORDER_TABLES = [
  'orders',
  'order_lines',
  'order_shipments',
  'order_returns',
  'order_return_lines',
  'order_complaints',
  'order_refunds',
  'order_events',
] as const;
export type OrderTable = (typeof ORDER_TABLES)[number];

const S = QUERY_SCHEMA;

/**
 * `orders`: one document per order (jsonb, from the reducer) plus rows derived from it for filters,
 * reports and the timeline. A batch is grouped by order, the touched documents are loaded in one
 * query, folded, written back in one statement, and their derived rows replaced set-based.
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
    await db.query(`
      CREATE TABLE ${S}.order_events (
        order_id        uuid   NOT NULL,
        global_position bigint NOT NULL,
        PRIMARY KEY (order_id, global_position)
      )`);
  },

  async apply(tx: Tx, events: readonly StoredEvent[], t: Tables<OrderTable>): Promise<void> {
    const byOrder = new Map<string, StoredEvent[]>();
    for (const e of events) {
      const orderId = orderIdOf(e);
      if (!orderId) continue;
      const list = byOrder.get(orderId) ?? [];
      list.push(e);
      byOrder.set(orderId, list);
    }
    if (byOrder.size === 0) return;
    const ids = [...byOrder.keys()];

    const rows = (await tx.query(`SELECT doc FROM ${t.orders} WHERE order_id = ANY($1::uuid[])`, [ids])) as {
      doc: OrderDocument;
    }[];
    const current = new Map(rows.map((r) => [r.doc.orderId, r.doc]));
    const docs = ids.map((id) => foldOrder(current.get(id), byOrder.get(id)!)!);
    await writeDocuments(tx, t, docs);

    const timeline = [...byOrder].flatMap(([id, list]) => list.map((e) => [id, e.globalPosition] as const));
    await tx.query(
      `INSERT INTO ${t.order_events} (order_id, global_position)
       SELECT * FROM unnest($1::uuid[], $2::bigint[]) ON CONFLICT DO NOTHING`,
      [timeline.map(([id]) => id), timeline.map(([, p]) => p)],
    );
    await refreshDerivedRows(tx, t, ids);
  },
};

const ts = (path: string) => `(d->>'${path}')::timestamptz`;

/** One statement for the whole batch: the documents, and the columns filters and reports use. */
async function writeDocuments(tx: Tx, t: Tables<OrderTable>, docs: OrderDocument[]): Promise<void> {
  await tx.query(
    `INSERT INTO ${t.orders} AS o (order_id, order_number, channel, external_order_id, customer_id, status, currency,
        total_minor, total_units, placed_at, confirmed_at, rejected_at, backordered_at, allocated_at, shipped_at,
        delivered_at, cancelled_at, estimated_delivery_date, last_position, doc)
     SELECT (d->>'orderId')::uuid, d->>'orderNumber', d->>'channel', d->>'externalOrderId', d#>>'{customer,id}',
            d->>'status', d->>'currency', (d->>'totalMinor')::bigint,
            (SELECT sum((l->>'quantity')::bigint) FROM jsonb_array_elements(d->'lines') l),
            ${ts('placedAt')}, ${ts('confirmedAt')}, ${ts('rejectedAt')}, ${ts('backorderedAt')}, ${ts('allocatedAt')},
            ${ts('shippedAt')}, ${ts('deliveredAt')}, ${ts('cancelledAt')}, (d->>'estimatedDeliveryDate')::date,
            (d->>'lastPosition')::bigint, d
       FROM unnest($1::jsonb[]) AS u(d)
     ON CONFLICT (order_id) DO UPDATE SET
       order_number = EXCLUDED.order_number, channel = EXCLUDED.channel, external_order_id = EXCLUDED.external_order_id,
       customer_id = EXCLUDED.customer_id, status = EXCLUDED.status, currency = EXCLUDED.currency,
       total_minor = EXCLUDED.total_minor, total_units = EXCLUDED.total_units, placed_at = EXCLUDED.placed_at,
       confirmed_at = EXCLUDED.confirmed_at, rejected_at = EXCLUDED.rejected_at, backordered_at = EXCLUDED.backordered_at,
       allocated_at = EXCLUDED.allocated_at, shipped_at = EXCLUDED.shipped_at, delivered_at = EXCLUDED.delivered_at,
       cancelled_at = EXCLUDED.cancelled_at, estimated_delivery_date = EXCLUDED.estimated_delivery_date,
       last_position = EXCLUDED.last_position, doc = EXCLUDED.doc`,
    [docs.map((d) => JSON.stringify(d))],
  );
}

/** Replaces the touched orders' derived rows from their documents, one statement per table. */
async function refreshDerivedRows(tx: Tx, t: Tables<OrderTable>, ids: string[]): Promise<void> {
  const derived: OrderTable[] = ['order_lines', 'order_shipments', 'order_returns', 'order_return_lines', 'order_complaints', 'order_refunds'];
  for (const table of derived) await tx.query(`DELETE FROM ${t[table]} WHERE order_id = ANY($1::uuid[])`, [ids]);
  const touched = `FROM ${t.orders} o`;
  const where = `WHERE o.order_id = ANY($1::uuid[])`;
  await tx.query(
    `INSERT INTO ${t.order_lines} (order_id, line_no, sku, quantity, unit_price_minor, currency, allocated, backordered,
        shipped, delivered, returned)
     SELECT o.order_id, l.n, l.v->>'sku', (l.v->>'quantity')::bigint, (l.v->>'unitPriceMinor')::bigint, o.currency,
            (l.v->>'allocated')::bigint, (l.v->>'backordered')::bigint, (l.v->>'shipped')::bigint, (l.v->>'delivered')::bigint,
            (l.v->>'returned')::bigint
       ${touched} CROSS JOIN LATERAL jsonb_array_elements(o.doc->'lines') WITH ORDINALITY AS l(v, n) ${where}`,
    [ids],
  );
  await tx.query(
    `INSERT INTO ${t.order_shipments} (shipment_id, order_id, purpose, rma_number, warehouse_id, carrier, tracking_number,
        status, promised_by, estimated_delivery_date, delayed, new_estimate, delayed_at, released, allocated_at,
        picked_up_at, delivered_at, cancelled_at, lines, doc)
     SELECT s->>'shipmentId', o.order_id, s->>'purpose', s->>'rmaNumber', s->>'warehouseId', s->>'carrier',
            s->>'trackingNumber', s->>'status', (s->>'promisedBy')::date, (s->>'estimatedDeliveryDate')::date,
            (s->>'delayed')::boolean, (s->>'newEstimate')::date, (s->>'delayedAt')::timestamptz, (s->>'released')::boolean,
            (s->>'allocatedAt')::timestamptz, (s->>'pickedUpAt')::timestamptz, (s->>'deliveredAt')::timestamptz,
            (s->>'cancelledAt')::timestamptz, s->'lines', s
       ${touched} CROSS JOIN LATERAL jsonb_array_elements(o.doc->'shipments') AS s ${where}
     ON CONFLICT DO NOTHING`,
    [ids],
  );
  await tx.query(
    `INSERT INTO ${t.order_returns} (rma_number, order_id, status, resolution, currency, refund_minor, authorized_at,
        rejected_at, received_at, exchange_requested_at, exchange_shipped_at, doc)
     SELECT r->>'rmaNumber', o.order_id, r->>'status', r->>'resolution', r->>'currency', (r->>'refundMinor')::bigint,
            (r->>'authorizedAt')::timestamptz, (r->>'rejectedAt')::timestamptz, (r->>'receivedAt')::timestamptz,
            (r->>'exchangeRequestedAt')::timestamptz, (r#>>'{exchange,shippedAt}')::timestamptz, r
       ${touched} CROSS JOIN LATERAL jsonb_array_elements(o.doc->'returns') AS r ${where}
     ON CONFLICT DO NOTHING`,
    [ids],
  );
  await tx.query(
    `INSERT INTO ${t.order_return_lines} (rma_number, line_no, order_id, sku, reason, quantity, unit_price_minor,
        received, resellable, damaged)
     SELECT r->>'rmaNumber', l.n, o.order_id, l.v->>'sku', l.v->>'reason', (l.v->>'quantity')::bigint,
            (l.v->>'unitPriceMinor')::bigint, (l.v->>'received')::bigint, (l.v->>'resellable')::bigint, (l.v->>'damaged')::bigint
       ${touched} CROSS JOIN LATERAL jsonb_array_elements(o.doc->'returns') AS r
       CROSS JOIN LATERAL jsonb_array_elements(r->'lines') WITH ORDINALITY AS l(v, n) ${where}
     ON CONFLICT DO NOTHING`,
    [ids],
  );
  await tx.query(
    `INSERT INTO ${t.order_complaints} (complaint_id, order_id, status, category, source, shipment_id, opened_at,
        acknowledged_at, resolve_by, resolved_at, resolution, goodwill_refund_minor, doc)
     SELECT c->>'complaintId', o.order_id, c->>'status', c->>'category', c->>'source', c->>'shipmentId',
            (c->>'openedAt')::timestamptz, (c->>'acknowledgedAt')::timestamptz, (c->>'resolveBy')::timestamptz,
            (c->>'resolvedAt')::timestamptz, c->>'resolution', (c->>'goodwillRefundMinor')::bigint, c
       ${touched} CROSS JOIN LATERAL jsonb_array_elements(o.doc->'complaints') AS c ${where}
     ON CONFLICT DO NOTHING`,
    [ids],
  );
  await tx.query(
    `INSERT INTO ${t.order_refunds} (order_id, refund_no, amount_minor, currency, reason, rma_number, complaint_id, issued_at)
     SELECT o.order_id, f.n, (f.v->>'amountMinor')::bigint, f.v->>'currency', f.v->>'reason', f.v->>'rmaNumber',
            f.v->>'complaintId', (f.v->>'issuedAt')::timestamptz
       ${touched} CROSS JOIN LATERAL jsonb_array_elements(o.doc->'refunds') WITH ORDINALITY AS f(v, n) ${where}`,
    [ids],
  );
}
