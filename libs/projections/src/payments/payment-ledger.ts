import { INVOICE_CREDIT_REFERENCE, OrderEvent } from '@orderflow/contracts';
import { decodeStoredEvent, orderIdOf } from '../events';
import { ProjectedEvent } from '../projection';

/**
 * The payment ledger: one entry per money fact of an order event, at the time the event was
 * recorded, in the order's currency. The finance report adds entries up per kind; nothing here is
 * summed, so every figure is a sum of events an auditor can list.
 */
export const LEDGER_KINDS = [
  /** OrderPaymentAuthorized. */
  'AUTHORIZED',
  /** OrderPaymentCaptured: a shipment's capture, or a channel's checkout capture. */
  'CAPTURED',
  /** OrderRefundSettled, money given back by the provider. */
  'REFUNDED',
  /** OrderConfirmed of an invoice order: its total is owed. */
  'INVOICED',
  /** OrderRefundSettled of an invoice order: credited against the invoice. */
  'INVOICE_CREDITED',
  /** OrderCancelled of an invoice order: its total is no longer owed. */
  'INVOICE_CANCELLED',
  'AUTHORIZATION_FAILED',
  'CAPTURE_FAILED',
  'REFUND_FAILED',
] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

export interface LedgerEntry {
  /** Global position of the event that recorded the fact: the entry's identity. */
  position: number;
  orderId: string;
  channel: string;
  currency: string;
  kind: LedgerKind;
  amountMinor: number;
  paymentId: string | null;
  recordedAt: string;
}

/** What an invoice order owes at confirmation: what its cancellation takes off the outstanding amount. */
export interface Invoice {
  position: number;
  currency: string;
  amountMinor: number;
}

/** The event types the ledger reads; every other event passes it by. */
export const LEDGER_EVENT_TYPES = [
  'OrderConfirmed',
  'OrderCancelled',
  'OrderPaymentAuthorized',
  'OrderPaymentAuthorizationFailed',
  'OrderPaymentCaptured',
  'OrderPaymentCaptureFailed',
  'OrderRefundSettled',
  'OrderRefundFailed',
] as const satisfies readonly OrderEvent['type'][];
const READ = new Set<string>(LEDGER_EVENT_TYPES);

export interface LedgerFact {
  position: number;
  orderId: string;
  recordedAt: string;
  event: OrderEvent;
}

/** A batch's events the ledger reads, decoded; those of other types, or that their schema refuses, left out. */
export function ledgerFacts(events: readonly ProjectedEvent[]): LedgerFact[] {
  const facts: LedgerFact[] = [];
  for (const stored of events) {
    if (!READ.has(stored.type)) continue;
    const event = decodeStoredEvent(stored);
    const orderId = orderIdOf(stored);
    if (!event || !orderId) continue;
    facts.push({ position: stored.globalPosition, orderId, recordedAt: stored.recordedAt.toISOString(), event: event as OrderEvent });
  }
  return facts;
}

/** Orders cancelled in these facts: whether each was invoiced must be known before its entry is made. */
export const cancelledOrders = (facts: readonly LedgerFact[]): string[] => [
  ...new Set(facts.filter((f) => f.event.type === 'OrderCancelled').map((f) => f.orderId)),
];

/**
 * The ledger entries of a batch's facts, in store order. `invoiced` holds the invoices of the
 * orders cancelled in the batch that earlier batches recorded; invoices of this batch count from
 * their own position on.
 */
export function ledgerEntries(facts: readonly LedgerFact[], invoiced: ReadonlyMap<string, Invoice>): LedgerEntry[] {
  const invoices = new Map(invoiced);
  const entries: LedgerEntry[] = [];
  for (const { position, orderId, recordedAt, event } of facts) {
    const entry = (kind: LedgerKind, money: { currency: string; amountMinor: number; paymentId?: string }) =>
      entries.push({ position, orderId, channel: event.data.channel, currency: money.currency, kind, amountMinor: money.amountMinor, paymentId: money.paymentId ?? null, recordedAt });
    switch (event.type) {
      case 'OrderConfirmed': {
        const d = event.data;
        if (d.paymentMode !== 'invoice') break;
        invoices.set(orderId, { position, currency: d.currency, amountMinor: d.totalMinor });
        entry('INVOICED', { currency: d.currency, amountMinor: d.totalMinor });
        break;
      }
      case 'OrderCancelled': {
        const invoice = invoices.get(orderId);
        if (invoice && invoice.position < position) entry('INVOICE_CANCELLED', invoice);
        break;
      }
      case 'OrderPaymentAuthorized':
        entry('AUTHORIZED', event.data);
        break;
      case 'OrderPaymentCaptured':
        entry('CAPTURED', event.data);
        break;
      case 'OrderRefundSettled':
        entry(event.data.providerReference === INVOICE_CREDIT_REFERENCE ? 'INVOICE_CREDITED' : 'REFUNDED', event.data);
        break;
      case 'OrderPaymentAuthorizationFailed':
        entry('AUTHORIZATION_FAILED', event.data);
        break;
      case 'OrderPaymentCaptureFailed':
        entry('CAPTURE_FAILED', event.data);
        break;
      case 'OrderRefundFailed':
        entry('REFUND_FAILED', event.data);
        break;
      default:
        break;
    }
  }
  return entries;
}
