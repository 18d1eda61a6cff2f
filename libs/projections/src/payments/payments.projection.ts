import { Queryable, Tx } from '@orderflow/event-store';
import { ProjectedEvent, Projection, QUERY_SCHEMA, Tables } from '../projection';
import { cancelledOrders, Invoice, LEDGER_EVENT_TYPES, ledgerEntries, ledgerFacts, LedgerEntry } from './payment-ledger';

export const PAYMENT_TABLES = ['payment_ledger'] as const;
export type PaymentTable = (typeof PAYMENT_TABLES)[number];

const S = QUERY_SCHEMA;

/**
 * `payments`: the payment ledger the finance report sums (payment-ledger.ts). Each event is applied
 * once, so its entries are plain inserts; the one thing a batch reads back is whether an order
 * cancelled in it was invoiced, from that order's INVOICED entry.
 */
export const paymentsProjection: Projection<PaymentTable> = {
  name: 'payments',
  tables: PAYMENT_TABLES,
  eventTypes: LEDGER_EVENT_TYPES,

  async createTables(db: Queryable): Promise<void> {
    await db.query(`
      CREATE TABLE ${S}.payment_ledger (
        global_position bigint      PRIMARY KEY,
        order_id        uuid        NOT NULL,
        channel         text        NOT NULL,
        currency        text        NOT NULL,
        kind            text        NOT NULL,
        amount_minor    bigint      NOT NULL,
        payment_id      text,
        recorded_at     timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX payment_ledger_recorded_at_idx ON ${S}.payment_ledger (recorded_at)`);
    // Named as PostgreSQL names it, as a rebuild's LIKE ... INCLUDING ALL names its copy (the swap strips the suffix).
    await db.query(`CREATE INDEX payment_ledger_order_id_idx ON ${S}.payment_ledger (order_id) WHERE kind = 'INVOICED'`);
  },

  async apply(tx: Tx, events: readonly ProjectedEvent[], t: Tables<PaymentTable>): Promise<void> {
    const facts = ledgerFacts(events);
    if (facts.length === 0) return;
    const cancelled = cancelledOrders(facts);
    const invoiced = cancelled.length > 0 ? await loadInvoices(tx, t, cancelled) : new Map<string, Invoice>();
    await writeEntries(tx, t, ledgerEntries(facts, invoiced));
  },

  // The replay reads INVOICED entries by order (the partial index) and nothing by time or position.
  indexesBuiltAfterReplay: ['payment_ledger_pkey', 'payment_ledger_recorded_at_idx'],
};

async function loadInvoices(tx: Tx, t: Tables<PaymentTable>, orderIds: string[]): Promise<Map<string, Invoice>> {
  const rows = (await tx.query(
    `SELECT order_id, global_position, currency, amount_minor FROM ${t.payment_ledger}
      WHERE kind = 'INVOICED' AND order_id = ANY($1::uuid[])`,
    [orderIds],
  )) as { order_id: string; global_position: string; currency: string; amount_minor: string }[];
  // node-postgres hands bigint over as text; positions and one order's total are far below 2^53.
  return new Map(rows.map((r) => [r.order_id, { position: Number(r.global_position), currency: r.currency, amountMinor: Number(r.amount_minor) }]));
}

async function writeEntries(tx: Tx, t: Tables<PaymentTable>, entries: LedgerEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.query(
    `INSERT INTO ${t.payment_ledger} (global_position, order_id, channel, currency, kind, amount_minor, payment_id, recorded_at)
     SELECT * FROM jsonb_to_recordset($1::jsonb)
         AS e(position bigint, "orderId" uuid, channel text, currency text, kind text, "amountMinor" bigint, "paymentId" text, "recordedAt" timestamptz)`,
    // One JSON array rather than eight arrays: the driver would escape every element of each.
    [JSON.stringify(entries)],
  );
}
