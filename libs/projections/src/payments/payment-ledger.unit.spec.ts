import { INVOICE_CREDIT_REFERENCE } from '@orderflow/contracts';
import type { StoredEvent } from '@orderflow/event-store';
import { ServiceEvent } from '../events';
import { confirmed, orderId, placed, ref, stored } from '../orders/order-events.fixtures';
import { cancelledOrders, Invoice, ledgerEntries, ledgerFacts } from './payment-ledger';

const money = { paymentId: 'pay-1', currency: 'EUR' };
const invoiceConfirmed: ServiceEvent = { ...confirmed, data: { ...confirmed.data, paymentMode: 'invoice' } } as ServiceEvent;
const cancelled: ServiceEvent = { type: 'OrderCancelled', data: { ...ref, reason: 'customer asked', cancelledAt: '2026-03-02T10:00:00.000Z', status: 'CANCELLED' } };
const settled = (providerReference: string): ServiceEvent => ({
  type: 'OrderRefundSettled',
  data: { ...ref, ...money, amountMinor: 899, refundId: 'refund-RMA-1', reason: 'RETURN', rmaNumber: 'RMA-1', providerReference, settledAt: '2026-03-05T10:00:00.000Z' },
});
const entriesOf = (events: StoredEvent[], invoiced = new Map<string, Invoice>()) => ledgerEntries(ledgerFacts(events), invoiced);

describe('the payment ledger', () => {
  it('records each money fact at its event position and recording time, in the currency and channel of the order', () => {
    const events = [
      stored(placed),
      stored({
        type: 'OrderPaymentAuthorized',
        data: { ...ref, ...money, amountMinor: 5197, providerReference: 'a', source: 'PROVIDER', authorizedAt: '2026-03-02T09:31:00.000Z' },
      }),
      stored({
        type: 'OrderPaymentCaptured',
        data: { ...ref, ...money, amountMinor: 2500, shipmentId: 'S-1', providerReference: 'c', source: 'PROVIDER', capturedAt: '2026-03-02T15:00:00.000Z' },
      }),
      stored({
        type: 'OrderPaymentCaptureFailed',
        data: { ...ref, ...money, amountMinor: 2697, shipmentId: 'S-2', reason: 'expired', failedAt: '2026-03-02T16:00:00.000Z' },
      }),
      stored(settled('psp-1')),
      stored({ type: 'OrderRefundFailed', data: { ...ref, ...money, amountMinor: 100, refundId: 'refund-CMP-1', reason: 'refused', failedAt: '2026-03-06T10:00:00.000Z' } }),
      stored({
        type: 'OrderPaymentAuthorizationFailed',
        data: { ...ref, ...money, paymentId: 'pay-2', amountMinor: 5197, reason: 'declined', cause: 'DECLINED', failedAt: '2026-03-02T09:31:00.000Z' },
      }),
    ];
    const entries = entriesOf(events);
    expect(entries.map((e) => [e.kind, e.amountMinor, e.paymentId])).toEqual([
      ['AUTHORIZED', 5197, 'pay-1'],
      ['CAPTURED', 2500, 'pay-1'],
      ['CAPTURE_FAILED', 2697, 'pay-1'],
      ['REFUNDED', 899, 'pay-1'],
      ['REFUND_FAILED', 100, 'pay-1'],
      ['AUTHORIZATION_FAILED', 5197, 'pay-2'],
    ]);
    expect(entries[0]).toEqual({
      position: events[1].globalPosition,
      orderId,
      channel: 'webshop',
      currency: 'EUR',
      kind: 'AUTHORIZED',
      amountMinor: 5197,
      paymentId: 'pay-1',
      recordedAt: events[1].recordedAt.toISOString(),
    });
  });

  it('an invoice order owes its total from confirmation; a credit and a cancellation take it off; other modes owe nothing', () => {
    const events = [stored(placed), stored(invoiceConfirmed), stored(settled(INVOICE_CREDIT_REFERENCE)), stored(cancelled)];
    expect(entriesOf(events).map((e) => [e.kind, e.amountMinor, e.paymentId])).toEqual([
      ['INVOICED', 5197, null],
      ['INVOICE_CREDITED', 899, 'pay-1'],
      ['INVOICE_CANCELLED', 5197, null],
    ]);
    const prepaid = { ...confirmed, data: { ...confirmed.data, paymentMode: 'prepaid' } } as ServiceEvent;
    expect(entriesOf([stored(prepaid), stored(cancelled)])).toEqual([]);
    // Confirmed before payments existed: prepaid.
    expect(entriesOf([stored(confirmed), stored(cancelled)])).toEqual([]);
  });

  it('a cancellation finds the invoice an earlier batch recorded, and asks for it only for the orders cancelled', () => {
    const first = [stored(placed), stored(invoiceConfirmed)];
    const [invoiced] = entriesOf(first);
    const later = [stored(cancelled)];
    expect(cancelledOrders(ledgerFacts(later))).toEqual([orderId]);
    expect(cancelledOrders(ledgerFacts(first))).toEqual([]);
    const known = new Map([[orderId, { position: invoiced.position, currency: 'EUR', amountMinor: 5197 }]]);
    expect(entriesOf(later, known).map((e) => [e.kind, e.amountMinor, e.currency])).toEqual([['INVOICE_CANCELLED', 5197, 'EUR']]);
    expect(entriesOf(later)).toEqual([]);
  });

  it('passes over what it does not read: other types, data its schema refuses, a rebuild page\'s lean events', () => {
    const broken = { ...stored(cancelled), data: { ...ref, reason: 'no status' } };
    const lean = { ...stored(placed), data: null };
    expect(ledgerFacts([stored(placed), broken, lean])).toEqual([]);
  });
});
