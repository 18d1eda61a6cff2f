import { currentEventData, OrderReferenceEventData, OrderReferenceEventSchemas, ShippingEvent, ShippingEventSchemas } from '@orderflow/contracts';
import { Queryable, Tx } from '@orderflow/event-store';
import { ProjectedEvent, Projection, QUERY_SCHEMA, Tables } from '../projection';

export const REPORT_TABLES = ['report_products', 'report_shipments'] as const;
export type ReportTable = (typeof REPORT_TABLES)[number];

const S = QUERY_SCHEMA;

/** A product as the reports group it: its category, or none (`uncategorised`). */
export interface ProductRow {
  sku: string;
  name: string;
  category: string | null;
  registeredAt: string;
  position: number;
}

/**
 * What a batch says of one shipment, for the delivery emissions report: every field an event of the
 * batch set (later ones win), the others null. Every field only ever goes from unknown to known, so
 * merging rows is a coalesce, whatever the tables held before.
 */
export interface ShipmentFacts {
  shipmentId: string;
  orderId: string;
  purpose: string;
  warehouseId: string | null;
  carrier: string | null;
  /** As allocation measured it, on ShipmentRequested: what counts when the booking gives none. */
  requestedDistanceKm: number | null;
  /** ShipmentBooked's own: what the report uses first. */
  bookedDistanceKm: number | null;
  /** The carrier's factor as it stood at booking. */
  co2GramsPerKm: number | null;
  bookedAt: string | null;
  cancelledAt: string | null;
}

export interface ReportChanges {
  products: ProductRow[];
  shipments: ShipmentFacts[];
}

/** The event types the reports projection folds; every other event passes it by. */
export const REPORT_EVENT_TYPES = ['ProductRegistered', 'ShipmentRequested', 'ShipmentBooked', 'ShipmentCancelled'] as const;

type ReportEvent = { type: 'ProductRegistered'; data: OrderReferenceEventData<'ProductRegistered'> } | Extract<ShippingEvent, { type: (typeof REPORT_EVENT_TYPES)[number] }>;

const SCHEMAS = {
  ProductRegistered: OrderReferenceEventSchemas.ProductRegistered,
  ShipmentRequested: ShippingEventSchemas.ShipmentRequested,
  ShipmentBooked: ShippingEventSchemas.ShipmentBooked,
  ShipmentCancelled: ShippingEventSchemas.ShipmentCancelled,
} as const;

/** One of the types folded here, upcast and validated; undefined for any other, or for data its schema refuses. */
function decode(stored: ProjectedEvent): ReportEvent | undefined {
  const schema = SCHEMAS[stored.type as keyof typeof SCHEMAS];
  if (!schema) return undefined;
  const parsed = schema.safeParse(currentEventData(stored.type, stored.schemaVersion, stored.data));
  return parsed.success ? ({ type: stored.type, data: parsed.data } as ReportEvent) : undefined;
}

/** What one batch changes, computed without I/O: each product's last registration, each shipment's facts. */
export function reportChanges(events: readonly ProjectedEvent[]): ReportChanges {
  const products = new Map<string, ProductRow>();
  const shipments = new Map<string, ShipmentFacts>();
  const facts = (d: { shipmentId: string; orderId: string; purpose: string }): ShipmentFacts => {
    let f = shipments.get(d.shipmentId);
    if (!f) {
      f = {
        shipmentId: d.shipmentId,
        orderId: d.orderId,
        purpose: d.purpose,
        warehouseId: null,
        carrier: null,
        requestedDistanceKm: null,
        bookedDistanceKm: null,
        co2GramsPerKm: null,
        bookedAt: null,
        cancelledAt: null,
      };
      shipments.set(d.shipmentId, f);
    }
    return f;
  };
  for (const stored of events) {
    const event = decode(stored);
    if (!event) continue;
    switch (event.type) {
      case 'ProductRegistered': {
        const d = event.data;
        products.set(d.sku, { sku: d.sku, name: d.name, category: d.category ?? null, registeredAt: d.registeredAt, position: stored.globalPosition });
        break;
      }
      case 'ShipmentRequested': {
        const f = facts(event.data);
        f.warehouseId = event.data.warehouseId;
        f.requestedDistanceKm = event.data.distanceKm ?? f.requestedDistanceKm;
        break;
      }
      case 'ShipmentBooked': {
        const f = facts(event.data);
        f.carrier = event.data.carrier;
        f.bookedAt = event.data.bookedAt;
        f.bookedDistanceKm = event.data.distanceKm ?? f.bookedDistanceKm;
        f.co2GramsPerKm = event.data.co2GramsPerKm ?? f.co2GramsPerKm;
        break;
      }
      case 'ShipmentCancelled':
        facts(event.data).cancelledAt = event.data.cancelledAt;
        break;
      default: {
        const never: never = event;
        return never;
      }
    }
  }
  return { products: [...products.values()], shipments: [...shipments.values()] };
}

/**
 * `reports`: what the customer, trend and delivery emissions reports need that the order documents
 * do not hold (docs/adr/0040). The products as their last ProductRegistered left them (the
 * categories), and per shipment where it left from, how far it went and the carrier's CO₂ factor at
 * booking. Both are upserts keyed by SKU and shipment id, so a batch is two statements.
 */
export const reportsProjection: Projection<ReportTable> = {
  name: 'reports',
  tables: REPORT_TABLES,
  eventTypes: REPORT_EVENT_TYPES,

  async createTables(db: Queryable): Promise<void> {
    await db.query(`
      CREATE TABLE ${S}.report_products (
        sku             text        PRIMARY KEY,
        name            text        NOT NULL,
        category        text,
        registered_at   timestamptz NOT NULL,
        global_position bigint      NOT NULL
      )`);
    // Distances and factors as numeric: the report's sums are exact, whatever decimals arrive.
    await db.query(`
      CREATE TABLE ${S}.report_shipments (
        shipment_id           text        PRIMARY KEY,
        order_id              uuid        NOT NULL,
        purpose               text        NOT NULL,
        warehouse_id          text,
        carrier               text,
        requested_distance_km numeric,
        booked_distance_km    numeric,
        co2_grams_per_km      numeric,
        booked_at             timestamptz,
        cancelled_at          timestamptz
      )`);
    await db.query(`CREATE INDEX report_shipments_booked_at_idx ON ${S}.report_shipments (booked_at)`);
  },

  async apply(tx: Tx, events: readonly ProjectedEvent[], t: Tables<ReportTable>): Promise<void> {
    const { products, shipments } = reportChanges(events);
    if (products.length > 0) await writeProducts(tx, t, products);
    if (shipments.length > 0) await writeShipments(tx, t, shipments);
  },

  // The replay upserts by primary key and reads nothing by booking time.
  indexesBuiltAfterReplay: ['report_shipments_booked_at_idx'],
};

async function writeProducts(tx: Tx, t: Tables<ReportTable>, products: ProductRow[]): Promise<void> {
  await tx.query(
    `INSERT INTO ${t.report_products} AS p (sku, name, category, registered_at, global_position)
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(sku text, name text, category text, "registeredAt" timestamptz, position bigint)
     ON CONFLICT (sku) DO UPDATE SET name = EXCLUDED.name, category = EXCLUDED.category, registered_at = EXCLUDED.registered_at,
       global_position = EXCLUDED.global_position
     WHERE EXCLUDED.global_position > p.global_position`,
    // One JSON array rather than five arrays: the driver would escape every element of each.
    [JSON.stringify(products)],
  );
}

async function writeShipments(tx: Tx, t: Tables<ReportTable>, shipments: ShipmentFacts[]): Promise<void> {
  const merged = ['warehouse_id', 'carrier', 'requested_distance_km', 'booked_distance_km', 'co2_grams_per_km', 'booked_at', 'cancelled_at'];
  await tx.query(
    `INSERT INTO ${t.report_shipments} AS s (shipment_id, order_id, purpose, warehouse_id, carrier, requested_distance_km,
         booked_distance_km, co2_grams_per_km, booked_at, cancelled_at)
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS r("shipmentId" text, "orderId" uuid, purpose text, "warehouseId" text, carrier text,
         "requestedDistanceKm" numeric, "bookedDistanceKm" numeric, "co2GramsPerKm" numeric, "bookedAt" timestamptz, "cancelledAt" timestamptz)
     ON CONFLICT (shipment_id) DO UPDATE SET ${merged.map((c) => `${c} = coalesce(EXCLUDED.${c}, s.${c})`).join(', ')}`,
    [JSON.stringify(shipments)],
  );
}
