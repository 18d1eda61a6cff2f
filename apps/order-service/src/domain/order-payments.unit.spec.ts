import { OrderEvent } from '@orderflow/contracts';
import { deciderSpec } from '@orderflow/decider';
import { ChannelSettings, OrderCatalog, orderDecider, Submission } from './order.decider';
import { PaymentIds } from './order-payments';

const spec = deciderSpec(orderDecider);
const now = new Date('2026-03-02T09:30:00.000Z');
const at = now.toISOString();
const later = '2026-03-02T09:31:00.000Z';
const orderId = '0b7e4d55-9f1c-5a2e-8d3b-2f6a1c9e4b70';
const ref = { orderId, channel: 'webshop', externalOrderId: 'W-1001' };
const authorizationId = PaymentIds.authorization(orderId);

const submission: Submission = {
  channel: 'webshop',
  externalOrderId: 'W-1001',
  customer: { id: 'C-7', name: 'Ada Lovelace', email: 'ada@example.com' },
  shippingAddress: { line1: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
  lines: [
    { sku: 'MUG-RED', quantity: 2, unitPriceMinor: 1250 },
    { sku: 'TEA-GREEN', quantity: 1, unitPriceMinor: 899 },
  ],
  currency: 'EUR',
};
const TOTAL = 3399;

const channel = (paymentMode: ChannelSettings['paymentMode']): ChannelSettings => ({
  currencies: ['EUR'],
  paymentMode,
  priceCheck: 'off',
  authorizationTimeoutMinutes: 30,
});
const catalog = (paymentMode: ChannelSettings['paymentMode']): OrderCatalog => ({
  channel: channel(paymentMode),
  knownSkus: new Set(['MUG-RED', 'TEA-GREEN']),
  leadTimeDays: 2,
  prices: new Map(),
});
const place = (paymentMode: ChannelSettings['paymentMode']) => ({
  type: 'PlaceOrder' as const,
  orderId,
  orderNumber: 'OF-000001',
  submission,
  catalog: catalog(paymentMode),
  now,
});

/** The events of an order placed and confirmed on a channel of this payment mode. */
const placedIn = (paymentMode: ChannelSettings['paymentMode']): OrderEvent[] => spec.given([]).when(place(paymentMode)).events();

const authorized: OrderEvent = {
  type: 'OrderPaymentAuthorized',
  data: { ...ref, paymentId: authorizationId, amountMinor: TOTAL, currency: 'EUR', providerReference: 'psp-1', source: 'PROVIDER', authorizedAt: later },
};
const allocated: OrderEvent = {
  type: 'OrderAllocated',
  data: {
    ...ref,
    shipments: [
      { shipmentId: 'S-1', warehouseId: 'WH-BER', lines: [{ sku: 'MUG-RED', quantity: 2 }] },
      { shipmentId: 'S-2', warehouseId: 'WH-HAM', lines: [{ sku: 'TEA-GREEN', quantity: 1 }] },
    ],
    allocatedAt: later,
    status: 'ALLOCATED',
  },
};
const pickUp = (shipmentId: string, lines: { sku: string; quantity: number }[]) => ({
  type: 'RecordPickUp' as const,
  shipmentId,
  warehouseId: 'WH-BER',
  carrier: 'ParcelNet',
  trackingNumber: `PN-${shipmentId}`,
  lines,
  now,
});
const captured = (shipmentId: string, amountMinor: number): OrderEvent => ({
  type: 'OrderPaymentCaptured',
  data: { ...ref, paymentId: authorizationId, amountMinor, currency: 'EUR', shipmentId, providerReference: `cap-${shipmentId}`, source: 'PROVIDER', capturedAt: later },
});
const authorize = (amountMinor = TOTAL, currency = 'EUR') => ({
  type: 'RecordAuthorization' as const,
  answer: { outcome: 'AUTHORIZED' as const, paymentId: authorizationId, amountMinor, currency, providerReference: 'psp-1', at: later },
});
const refund = (refundId: string, amountMinor: number) => ({
  type: 'RequestRefund' as const,
  refund: { refundId, reason: 'RETURN' as const, amountMinor, rmaNumber: 'RMA-1', at: later },
});
const refundRequested = (refundId: string, amountMinor: number, paymentId = authorizationId): OrderEvent => ({
  type: 'OrderRefundRequested',
  data: { ...ref, paymentId, amountMinor, currency: 'EUR', refundId, reason: 'RETURN', rmaNumber: 'RMA-1', requestedAt: later },
});

describe('order payments', () => {
  describe('authorize-capture', () => {
    it('asks for the total to be authorised when the order is confirmed, by the channel deadline', () => {
      const [, confirmed, requested] = placedIn('authorize-capture');
      expect(confirmed).toMatchObject({ type: 'OrderConfirmed', data: { paymentMode: 'authorize-capture' } });
      expect(requested).toEqual({
        type: 'OrderPaymentAuthorizationRequested',
        data: { ...ref, paymentId: authorizationId, amountMinor: TOTAL, currency: 'EUR', authorizeBy: '2026-03-02T10:00:00.000Z', requestedAt: at },
      });
    });

    it('records the authorisation once, however often it is answered', () => {
      const history = placedIn('authorize-capture');
      spec.given(history).when(authorize()).then([authorized]);
      spec.given([...history, authorized]).when(authorize()).thenNothing();
    });

    it('cancels the order with the reason when the authorisation is declined', () => {
      spec
        .given(placedIn('authorize-capture'))
        .when({ type: 'RecordAuthorization', answer: { outcome: 'DECLINED', paymentId: authorizationId, reason: 'insufficient funds', at: later } })
        .thenMatches([
          { type: 'OrderPaymentAuthorizationFailed', data: expect.objectContaining({ cause: 'DECLINED', reason: 'payment authorisation declined: insufficient funds' }) },
          { type: 'OrderCancelled', data: expect.objectContaining({ reason: 'payment authorisation declined: insufficient funds', status: 'CANCELLED' }) },
        ]);
    });

    it('cancels the order when no answer came by the deadline, and not once it was authorised', () => {
      const history = placedIn('authorize-capture');
      const timeout = { type: 'RecordAuthorization' as const, answer: { outcome: 'TIMEOUT' as const, at: '2026-03-02T10:00:01.000Z' } };
      spec
        .given(history)
        .when(timeout)
        .thenMatches([
          { type: 'OrderPaymentAuthorizationFailed', data: expect.objectContaining({ cause: 'TIMEOUT', reason: 'payment not authorised by 2026-03-02T10:00:00.000Z' }) },
          { type: 'OrderCancelled', data: expect.objectContaining({ status: 'CANCELLED' }) },
        ]);
      spec.given([...history, authorized]).when(timeout).thenNothing();
    });

    it('does not take an authorisation of less than the total as the order authorised', () => {
      spec
        .given(placedIn('authorize-capture'))
        .when(authorize(TOTAL - 1))
        .thenMatches([{ type: 'OrderPaymentAuthorizationFailed', data: expect.objectContaining({ reason: expect.stringMatching(/less than the order total 3399 EUR/) }) }, { type: 'OrderCancelled' }]);
    });

    it('refuses an answer in another currency than the order', () => {
      spec.given(placedIn('authorize-capture')).when(authorize(TOTAL, 'GBP')).thenRefuses('payment-currency-mismatch', /GBP, but the order is in EUR/);
    });

    it('captures per shipment at pick-up, each worth its own lines, once per shipment', () => {
      const history = [...placedIn('authorize-capture'), authorized, allocated];
      const first = spec.given(history).when(pickUp('S-1', [{ sku: 'MUG-RED', quantity: 2 }])).events();
      expect(first[1]).toEqual({
        type: 'OrderPaymentCaptureRequested',
        data: { ...ref, paymentId: authorizationId, amountMinor: 2500, currency: 'EUR', shipmentId: 'S-1', requestedAt: at },
      });
      const afterFirst = [...history, ...first];
      spec.given(afterFirst).when(pickUp('S-1', [{ sku: 'MUG-RED', quantity: 2 }])).thenNothing();
      const second = spec.given(afterFirst).when(pickUp('S-2', [{ sku: 'TEA-GREEN', quantity: 1 }])).events();
      expect(second[1]).toMatchObject({ type: 'OrderPaymentCaptureRequested', data: { amountMinor: 899, shipmentId: 'S-2' } });
    });

    it('records a capture answer once per shipment', () => {
      const history = [...placedIn('authorize-capture'), authorized, allocated];
      const answer = {
        type: 'RecordCapture' as const,
        answer: { outcome: 'CAPTURED' as const, paymentId: authorizationId, shipmentId: 'S-1', amountMinor: 2500, currency: 'EUR', providerReference: 'cap-S-1', at: later },
      };
      spec.given(history).when(answer).then([captured('S-1', 2500)]);
      spec.given([...history, captured('S-1', 2500)]).when(answer).thenNothing();
    });

    it('refunds within what was captured, asks once per refund, and fails a refund with nothing left', () => {
      const history = [...placedIn('authorize-capture'), authorized, allocated, captured('S-1', 2500)];
      spec.given(history).when(refund('refund-RMA-1', 1250)).then([refundRequested('refund-RMA-1', 1250)]);
      // More than was captured: only what is left is asked for, and the decision is kept beside it.
      spec
        .given(history)
        .when(refund('refund-RMA-1', 3399))
        .then([{ ...refundRequested('refund-RMA-1', 2500), data: { ...refundRequested('refund-RMA-1', 2500).data, decidedMinor: 3399 } } as OrderEvent]);
      const all = [...history, refundRequested('refund-RMA-1', 2500)];
      spec.given(all).when(refund('refund-RMA-1', 2500)).thenNothing();
      spec
        .given(all)
        .when({ ...refund('refund-C-1', 100), refund: { refundId: 'refund-C-1', reason: 'GOODWILL', amountMinor: 100, complaintId: 'C-1', at: later } })
        .thenMatches([{ type: 'OrderRefundFailed', data: expect.objectContaining({ refundId: 'refund-C-1', reason: 'nothing captured is left to refund (captured 2500 EUR)' }) }]);
    });

    it('settles a refund by the provider answer once, and a failed refund frees its amount again', () => {
      const history = [...placedIn('authorize-capture'), authorized, allocated, captured('S-1', 2500), refundRequested('refund-RMA-1', 2500)];
      const answer = (outcome: 'REFUNDED' | 'FAILED') => ({
        type: 'RecordRefundAnswer' as const,
        answer:
          outcome === 'REFUNDED'
            ? { outcome, refundId: 'refund-RMA-1', paymentId: authorizationId, amountMinor: 2500, currency: 'EUR', providerReference: 'ref-1', at: later }
            : { outcome, refundId: 'refund-RMA-1', paymentId: authorizationId, amountMinor: 2500, currency: 'EUR', reason: 'card expired', at: later },
      });
      const settled = spec.given(history).when(answer('REFUNDED')).events();
      expect(settled).toEqual([
        {
          type: 'OrderRefundSettled',
          data: { ...ref, refundId: 'refund-RMA-1', paymentId: authorizationId, amountMinor: 2500, currency: 'EUR', reason: 'RETURN', rmaNumber: 'RMA-1', providerReference: 'ref-1', settledAt: later },
        },
      ]);
      spec.given([...history, ...settled]).when(answer('FAILED')).thenNothing();
      const failed = spec.given(history).when(answer('FAILED')).events();
      expect(failed).toMatchObject([{ type: 'OrderRefundFailed', data: { reason: 'card expired' } }]);
      spec.given([...history, ...failed]).when(refund('refund-C-2', 2500)).then([refundRequested('refund-C-2', 2500)]);
    });

    it('refuses an answer about a refund that was never requested', () => {
      spec
        .given([...placedIn('authorize-capture'), authorized])
        .when({
          type: 'RecordRefundAnswer',
          answer: { outcome: 'REFUNDED', refundId: 'refund-X', paymentId: authorizationId, amountMinor: 1, currency: 'EUR', providerReference: 'r', at: later },
        })
        .thenRefuses('unknown-refund');
    });
  });

  describe('prepaid', () => {
    it('records the checkout payment of the whole total, and gives it back when the order is cancelled', () => {
      const history = placedIn('prepaid');
      expect(history[2]).toEqual({
        type: 'OrderPaymentCaptured',
        data: { ...ref, paymentId: PaymentIds.checkout(orderId), amountMinor: TOTAL, currency: 'EUR', providerReference: 'checkout:webshop:W-1001', source: 'CHANNEL', capturedAt: at },
      });
      spec
        .given(history)
        .when({ type: 'CancelOrder', reason: 'changed my mind', now })
        .thenMatches([
          { type: 'OrderCancelled' },
          { type: 'OrderRefundRequested', data: expect.objectContaining({ refundId: `refund-cancel-${orderId}`, reason: 'CANCELLATION', amountMinor: TOTAL, paymentId: PaymentIds.checkout(orderId) }) },
        ]);
    });
  });

  describe('invoice', () => {
    it('takes no payment, and credits a refund against the invoice at once, never beyond its total', () => {
      const history = placedIn('invoice');
      expect(history.map((e) => e.type)).toEqual(['OrderPlaced', 'OrderConfirmed']);
      const credited = spec.given(history).when(refund('refund-RMA-1', 1000)).events();
      expect(credited).toMatchObject([{ type: 'OrderRefundSettled', data: { amountMinor: 1000, providerReference: 'invoice-credit' } }]);
      const second = spec.given([...history, ...credited]).when(refund('refund-RMA-2', 5000)).events();
      expect(second).toMatchObject([{ type: 'OrderRefundSettled', data: { amountMinor: TOTAL - 1000 } }]);
      spec
        .given([...history, ...credited, ...second])
        .when(refund('refund-RMA-3', 1))
        .thenMatches([{ type: 'OrderRefundFailed', data: expect.objectContaining({ reason: 'the invoice is credited in full already' }) }]);
    });
  });

  describe("a channel's own checkout payment", () => {
    const report = (kind: 'AUTHORIZED' | 'CAPTURED', amountMinor = TOTAL, paymentId = 'shop-pay-9') => ({
      kind,
      paymentId,
      amountMinor,
      currency: 'EUR',
      providerReference: 'shop-psp-9',
      at: later,
    });
    const reported = (r: ReturnType<typeof report>) => ({ type: 'RecordCheckoutPayment' as const, report: r });

    it('names the checkout payment of a prepaid order, once, and refunds are then asked under its id', () => {
      const history = placedIn('prepaid');
      const identified = spec.given(history).when(reported(report('CAPTURED'))).events();
      expect(identified).toEqual([
        {
          type: 'OrderCheckoutPaymentIdentified',
          data: { ...ref, paymentId: 'shop-pay-9', amountMinor: TOTAL, currency: 'EUR', providerReference: 'shop-psp-9', replacesPaymentId: PaymentIds.checkout(orderId), identifiedAt: later },
        },
      ]);
      spec.given([...history, ...identified]).when(reported(report('CAPTURED'))).thenNothing();
      spec
        .given([...history, ...identified])
        .when(refund('refund-RMA-1', 1000))
        .thenMatches([{ type: 'OrderRefundRequested', data: expect.objectContaining({ paymentId: 'shop-pay-9', amountMinor: 1000 }) }]);
    });

    it('refuses what the payment mode does not take, and a checkout amount other than the total', () => {
      spec.given(placedIn('prepaid')).when(reported(report('AUTHORIZED'))).thenRefuses('checkout-payment-refused', /is prepaid: report the capture/);
      spec.given(placedIn('prepaid')).when(reported(report('CAPTURED', TOTAL - 1))).thenRefuses('checkout-payment-refused', /order's total is 3399 EUR/);
      spec.given(placedIn('authorize-capture')).when(reported(report('CAPTURED'))).thenRefuses('checkout-payment-refused', /per shipment at pick-up/);
      spec.given(placedIn('invoice')).when(reported(report('CAPTURED'))).thenRefuses('checkout-payment-refused', /invoices its orders/);
    });

    it("authorises an authorize-capture order by the checkout's authorisation: captures go against it, the provider's late answer changes nothing", () => {
      const history = placedIn('authorize-capture');
      const authorizedAtCheckout = spec.given(history).when(reported(report('AUTHORIZED'))).events();
      expect(authorizedAtCheckout).toMatchObject([{ type: 'OrderPaymentAuthorized', data: { paymentId: 'shop-pay-9', source: 'CHANNEL' } }]);
      const after = [...history, ...authorizedAtCheckout, allocated];
      spec.given(after).when(authorize()).thenNothing();
      const picked = spec.given(after).when(pickUp('S-1', [{ sku: 'MUG-RED', quantity: 2 }])).events();
      expect(picked[1]).toMatchObject({ type: 'OrderPaymentCaptureRequested', data: { paymentId: 'shop-pay-9', amountMinor: 2500 } });
    });

    it('takes a checkout authorisation reported before the order instead of asking the provider', () => {
      const events = spec.given([]).when({ ...place('authorize-capture'), checkoutReports: [report('AUTHORIZED')] }).events();
      expect(events.map((e) => e.type)).toEqual(['OrderPlaced', 'OrderConfirmed', 'OrderPaymentAuthorized']);
    });

    it('does not let an early report that does not fit hold the order up', () => {
      const events = spec.given([]).when({ ...place('prepaid'), checkoutReports: [report('AUTHORIZED')] }).events();
      expect(events.map((e) => e.type)).toEqual(['OrderPlaced', 'OrderConfirmed', 'OrderPaymentCaptured']);
    });

    it('gives back what a checkout took for an order that was rejected', () => {
      const events = spec
        .given([])
        .when({ ...place('prepaid'), catalog: { ...catalog('prepaid'), knownSkus: new Set<string>() }, checkoutReports: [report('CAPTURED')] })
        .events();
      expect(events).toMatchObject([
        { type: 'OrderPlaced' },
        { type: 'OrderRejected' },
        { type: 'OrderPaymentCaptured', data: { paymentId: 'shop-pay-9', source: 'CHANNEL' } },
        { type: 'OrderRefundRequested', data: { paymentId: 'shop-pay-9', amountMinor: TOTAL, reason: 'CANCELLATION' } },
      ]);
    });
  });
});
