import { Queryable, Tx } from '@orderflow/event-store';
import { decodeStoredEvent } from '../events';
import { ProjectedEvent, Projection, QUERY_SCHEMA, Tables } from '../projection';

export const INVENTORY_TABLES = ['inventory_stock', 'inventory_backorders', 'inventory_warehouses', 'inventory_demand_daily'] as const;
export type InventoryTable = (typeof INVENTORY_TABLES)[number];

const S = QUERY_SCHEMA;

/** Changes of one SKU at one warehouse within a batch; they add up, so order does not matter. */
export interface StockDelta {
  sku: string;
  warehouseId: string;
  onHand: number;
  reserved: number;
  received: number;
  adjusted: number;
  restocked: number;
  shipped: number;
  damaged: number;
}

export interface BackorderRow {
  reservationId: string;
  sku: string;
  orderId: string;
  quantity: number;
  placedAt: string;
  queuedAt: string;
}

export interface WarehouseRow {
  warehouseId: string;
  name: string;
  country: string;
  region: string;
  registeredAt: string;
}

/**
 * Units of one SKU in demand at one warehouse on one UTC day (of the events' recording): reserved
 * for orders (StockReserved), released again (StockReservationReleased: a cancellation, a changed
 * order re-planned) and shipped (StockShipped). What the replenishment report forecasts from
 * (docs/adr/0036); they add up, so order does not matter.
 */
export interface DemandDelta {
  sku: string;
  warehouseId: string;
  day: string;
  ordered: number;
  released: number;
  shipped: number;
}

/** What one batch changes, computed without I/O from the events and the backorders it touches. */
export interface InventoryChanges {
  stock: StockDelta[];
  demand: DemandDelta[];
  warehouses: WarehouseRow[];
  /** Backorders the batch touches (reservationId, sku), before it. */
  backorderKeys: { reservationId: string; sku: string }[];
}

/**
 * Stock levels follow the inventory contract:
 *   onHand = received + adjustments + restocked − shipped;  reserved = reserved − released − shipped.reservedQuantity.
 */
const BACKORDER_TYPES = new Set(['BackorderQueued', 'BackorderFilled', 'BackorderWithdrawn']);
const INVENTORY_TYPES = new Set([
  ...BACKORDER_TYPES,
  'WarehouseRegistered',
  'StockReceived',
  'StockAdjusted',
  'StockRestocked',
  'StockReserved',
  'StockReservationReleased',
  'StockShipped',
  'DamagedReturnRecorded',
]);

export function stockChanges(events: readonly ProjectedEvent[]): InventoryChanges {
  const stock = new Map<string, StockDelta>();
  const demand = new Map<string, DemandDelta>();
  const warehouses = new Map<string, WarehouseRow>();
  const backorderKeys = new Map<string, { reservationId: string; sku: string }>();
  const at = (sku: string, warehouseId: string) => {
    const key = `${sku}\u0000${warehouseId}`;
    let d = stock.get(key);
    if (!d) {
      d = { sku, warehouseId, onHand: 0, reserved: 0, received: 0, adjusted: 0, restocked: 0, shipped: 0, damaged: 0 };
      stock.set(key, d);
    }
    return d;
  };
  const demandOf = (sku: string, warehouseId: string, recordedAt: Date) => {
    const day = recordedAt.toISOString().slice(0, 10);
    const key = `${sku}\u0000${warehouseId}\u0000${day}`;
    let d = demand.get(key);
    if (!d) {
      d = { sku, warehouseId, day, ordered: 0, released: 0, shipped: 0 };
      demand.set(key, d);
    }
    return d;
  };
  for (const stored of events) {
    const event = INVENTORY_TYPES.has(stored.type) ? decodeStoredEvent(stored) : undefined;
    if (!event) continue;
    switch (event.type) {
      case 'WarehouseRegistered': {
        const { warehouseId, name, country, region, registeredAt } = event.data;
        warehouses.set(warehouseId, { warehouseId, name, country, region, registeredAt });
        break;
      }
      case 'StockReceived': {
        const d = at(event.data.sku, event.data.warehouseId);
        d.onHand += event.data.quantity;
        d.received += event.data.quantity;
        break;
      }
      case 'StockAdjusted': {
        const d = at(event.data.sku, event.data.warehouseId);
        d.onHand += event.data.quantityDelta;
        d.adjusted += event.data.quantityDelta;
        break;
      }
      case 'StockRestocked': {
        const d = at(event.data.sku, event.data.warehouseId);
        d.onHand += event.data.quantity;
        d.restocked += event.data.quantity;
        break;
      }
      case 'StockReserved':
        at(event.data.sku, event.data.warehouseId).reserved += event.data.quantity;
        demandOf(event.data.sku, event.data.warehouseId, stored.recordedAt).ordered += event.data.quantity;
        break;
      case 'StockReservationReleased':
        at(event.data.sku, event.data.warehouseId).reserved -= event.data.quantity;
        demandOf(event.data.sku, event.data.warehouseId, stored.recordedAt).released += event.data.quantity;
        break;
      case 'StockShipped': {
        const d = at(event.data.sku, event.data.warehouseId);
        d.onHand -= event.data.quantity;
        d.reserved -= event.data.reservedQuantity;
        d.shipped += event.data.quantity;
        demandOf(event.data.sku, event.data.warehouseId, stored.recordedAt).shipped += event.data.quantity;
        break;
      }
      case 'DamagedReturnRecorded':
        at(event.data.sku, event.data.warehouseId).damaged += event.data.quantity;
        break;
      case 'BackorderQueued':
      case 'BackorderFilled':
      case 'BackorderWithdrawn': {
        const { reservationId, sku } = event.data;
        backorderKeys.set(`${reservationId}\u0000${sku}`, { reservationId, sku });
        break;
      }
      default:
        break;
    }
  }
  return {
    stock: [...stock.values()],
    demand: [...demand.values()],
    warehouses: [...warehouses.values()],
    backorderKeys: [...backorderKeys.values()],
  };
}

/** Folds the batch's queue events over the open backorders they touch; rows at zero are closed. */
export function foldBackorders(open: readonly BackorderRow[], events: readonly ProjectedEvent[]): Map<string, BackorderRow> {
  const rows = new Map(open.map((r) => [`${r.reservationId}\u0000${r.sku}`, { ...r }]));
  for (const stored of events) {
    const event = BACKORDER_TYPES.has(stored.type) ? decodeStoredEvent(stored) : undefined;
    if (!event) continue;
    if (event.type !== 'BackorderQueued' && event.type !== 'BackorderFilled' && event.type !== 'BackorderWithdrawn') continue;
    const key = `${event.data.reservationId}\u0000${event.data.sku}`;
    if (event.type === 'BackorderQueued') {
      const { reservationId, sku, orderId, quantity, placedAt } = event.data;
      rows.set(key, { reservationId, sku, orderId, quantity, placedAt, queuedAt: stored.recordedAt.toISOString() });
    } else if (event.type === 'BackorderFilled') {
      const row = rows.get(key);
      if (row) row.quantity -= event.data.quantity;
    } else {
      const row = rows.get(key);
      if (row) row.quantity = 0;
    }
  }
  return rows;
}

/**
 * `inventory`: stock per SKU and warehouse, the open backorder queue, the warehouses, and the daily
 * demand per SKU and warehouse (one checkpoint, so a report reads stock and demand as of one position).
 */
export const inventoryProjection: Projection<InventoryTable> = {
  name: 'inventory',
  tables: INVENTORY_TABLES,
  eventTypes: [...INVENTORY_TYPES],

  async createTables(db: Queryable): Promise<void> {
    await db.query(`
      CREATE TABLE ${S}.inventory_stock (
        sku          text    NOT NULL,
        warehouse_id text    NOT NULL,
        on_hand      bigint  NOT NULL,
        reserved     bigint  NOT NULL,
        received     bigint  NOT NULL,
        adjusted     bigint  NOT NULL,
        restocked    bigint  NOT NULL,
        shipped      bigint  NOT NULL,
        damaged      bigint  NOT NULL,
        PRIMARY KEY (sku, warehouse_id)
      )`);
    await db.query(`
      CREATE TABLE ${S}.inventory_backorders (
        reservation_id text        NOT NULL,
        sku            text        NOT NULL,
        order_id       uuid        NOT NULL,
        quantity       bigint      NOT NULL,
        placed_at      timestamptz NOT NULL,
        queued_at      timestamptz NOT NULL,
        PRIMARY KEY (reservation_id, sku)
      )`);
    await db.query(`CREATE INDEX inventory_backorders_sku_placed_at_idx ON ${S}.inventory_backorders (sku, placed_at)`);
    await db.query(`
      CREATE TABLE ${S}.inventory_warehouses (
        warehouse_id  text        PRIMARY KEY,
        name          text        NOT NULL,
        country       text        NOT NULL,
        region        text        NOT NULL,
        registered_at timestamptz NOT NULL
      )`);
    await createDemandTable(db);
  },

  async apply(tx: Tx, events: readonly ProjectedEvent[], t: Tables<InventoryTable>): Promise<void> {
    const changes = stockChanges(events);
    if (changes.stock.length > 0) {
      const col = <K extends keyof StockDelta>(k: K) => changes.stock.map((d) => d[k]);
      await tx.query(
        `INSERT INTO ${t.inventory_stock} AS s (sku, warehouse_id, on_hand, reserved, received, adjusted, restocked, shipped, damaged)
         SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[])
         ON CONFLICT (sku, warehouse_id) DO UPDATE SET
           on_hand = s.on_hand + EXCLUDED.on_hand, reserved = s.reserved + EXCLUDED.reserved,
           received = s.received + EXCLUDED.received, adjusted = s.adjusted + EXCLUDED.adjusted,
           restocked = s.restocked + EXCLUDED.restocked, shipped = s.shipped + EXCLUDED.shipped,
           damaged = s.damaged + EXCLUDED.damaged`,
        [
          col('sku'),
          col('warehouseId'),
          col('onHand'),
          col('reserved'),
          col('received'),
          col('adjusted'),
          col('restocked'),
          col('shipped'),
          col('damaged'),
        ],
      );
    }
    if (changes.demand.length > 0) {
      const col = <K extends keyof DemandDelta>(k: K) => changes.demand.map((d) => d[k]);
      await tx.query(
        `INSERT INTO ${t.inventory_demand_daily} AS d (sku, warehouse_id, day, ordered_units, released_units, shipped_units)
         SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::bigint[], $5::bigint[], $6::bigint[])
         ON CONFLICT (sku, warehouse_id, day) DO UPDATE SET
           ordered_units = d.ordered_units + EXCLUDED.ordered_units, released_units = d.released_units + EXCLUDED.released_units,
           shipped_units = d.shipped_units + EXCLUDED.shipped_units`,
        [col('sku'), col('warehouseId'), col('day'), col('ordered'), col('released'), col('shipped')],
      );
    }
    if (changes.warehouses.length > 0) {
      const w = changes.warehouses;
      await tx.query(
        `INSERT INTO ${t.inventory_warehouses} (warehouse_id, name, country, region, registered_at)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])
         ON CONFLICT (warehouse_id) DO UPDATE SET
           name = EXCLUDED.name, country = EXCLUDED.country, region = EXCLUDED.region, registered_at = EXCLUDED.registered_at`,
        [w.map((x) => x.warehouseId), w.map((x) => x.name), w.map((x) => x.country), w.map((x) => x.region), w.map((x) => x.registeredAt)],
      );
    }
    if (changes.backorderKeys.length > 0) {
      const keys = changes.backorderKeys;
      const found = (await tx.query(
        `SELECT b.reservation_id AS "reservationId", b.sku, b.order_id AS "orderId", b.quantity,
                to_json(b.placed_at) #>> '{}' AS "placedAt", to_json(b.queued_at) #>> '{}' AS "queuedAt"
           FROM ${t.inventory_backorders} b
           JOIN unnest($1::text[], $2::text[]) AS k(reservation_id, sku) USING (reservation_id, sku)`,
        [keys.map((k) => k.reservationId), keys.map((k) => k.sku)],
      )) as (Omit<BackorderRow, 'quantity'> & { quantity: string })[];
      // node-postgres hands bigint over as text; one backorder is far below 2^53.
      const open: BackorderRow[] = found.map((r) => ({ ...r, quantity: Number(r.quantity) }));
      const rows = [...foldBackorders(open, events).values()];
      const closed = rows.filter((r) => r.quantity <= 0);
      const waiting = rows.filter((r) => r.quantity > 0);
      if (closed.length > 0) {
        await tx.query(
          `DELETE FROM ${t.inventory_backorders} b USING unnest($1::text[], $2::text[]) AS k(reservation_id, sku)
            WHERE b.reservation_id = k.reservation_id AND b.sku = k.sku`,
          [closed.map((r) => r.reservationId), closed.map((r) => r.sku)],
        );
      }
      if (waiting.length > 0) {
        await tx.query(
          `INSERT INTO ${t.inventory_backorders} (reservation_id, sku, order_id, quantity, placed_at, queued_at)
           SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[], $4::bigint[], $5::timestamptz[], $6::timestamptz[])
           ON CONFLICT (reservation_id, sku) DO UPDATE SET
             order_id = EXCLUDED.order_id, quantity = EXCLUDED.quantity, placed_at = EXCLUDED.placed_at,
             queued_at = EXCLUDED.queued_at`,
          [
            waiting.map((r) => r.reservationId),
            waiting.map((r) => r.sku),
            waiting.map((r) => r.orderId),
            waiting.map((r) => r.quantity),
            waiting.map((r) => r.placedAt),
            waiting.map((r) => r.queuedAt),
          ],
        );
      }
    }
  },
};

/** The daily demand table; also what the migration that brought it creates on an earlier installation. */
export async function createDemandTable(db: Queryable): Promise<void> {
  await db.query(`
    CREATE TABLE ${S}.inventory_demand_daily (
      sku            text   NOT NULL,
      warehouse_id   text   NOT NULL,
      day            date   NOT NULL,
      ordered_units  bigint NOT NULL,
      released_units bigint NOT NULL,
      shipped_units  bigint NOT NULL,
      PRIMARY KEY (sku, warehouse_id, day)
    )`);
}
