import { INVOICE_CREDIT_REFERENCE, PaymentMode } from '@orderflow/contracts';
import { ServiceEvent } from '../events';
import { confirmed, fold, mugShipment, placed, placedAt, ref, stored, teaShipment } from './order-events.fixtures';
import { foldOrder } from './order.reducer';

/** The fixture order: 2 × MUG-RED at 12.50 (one shipment) and 3 × TEA-GREEN at 8.99 (another), 51.97 EUR. */
const money = { currency: 'EUR' };
const paymentId = 'pay-auth-1';
const confirmedAs = (paymentMode?: PaymentMode): ServiceEvent =>
  ({ ...confirmed, data: { ...confirmed.data, ...(paymentMode ? { paymentMode } : {}) } }) as ServiceEvent;
const authorizationRequested: ServiceEvent = {
  type: 'OrderPaymentAuthorizationRequested',
  data: { ...ref, paymentId, amountMinor: 5197, ...money, authorizeBy: '2026-03-02T10:00:01.000Z', requestedAt: '2026-03-02T09:30:01.000Z' },
};
const authorized: ServiceEvent = {
  type: 'OrderPaymentAuthorized',
  data: { ...ref, paymentId, amountMinor: 5197, ...money, providerReference: 'psp-auth-1', source: 'PROVIDER', authorizedAt: '2026-03-02T09:30:05.000Z' },
};
const captured = (shipmentId: string, amountMinor: number): ServiceEvent => ({
  type: 'OrderPaymentCaptured',
  data: { ...ref, paymentId, amountMinor, ...money, shipmentId, providerReference: `psp-cap-${shipmentId}`, source: 'PROVIDER', capturedAt: '2026-03-02T15:00:10.000Z' },
});
const mugCaptured = captured(mugShipment.shipmentId, 2500);
const teaCaptured = captured(teaShipment.shipmentId, 2697);
const returnRefundIssued: ServiceEvent = {
  type: 'RefundIssued',
  data: { ...ref, rmaNumber: 'RMA-000001', amountMinor: 1798, ...money, reason: 'RETURN', issuedAt: '2026-03-08T09:00:00.000Z' },
};
const refundRequested = (amountMinor: number, decidedMinor?: number): ServiceEvent => ({
  type: 'OrderRefundRequested',
  data: {
    ...ref,
    paymentId,
    amountMinor,
    ...money,
    refundId: 'refund-RMA-000001',
    reason: 'RETURN',
    rmaNumber: 'RMA-000001',
    ...(decidedMinor ? { decidedMinor } : {}),
    requestedAt: '2026-03-08T09:00:01.000Z',
  },
});
const refundSettled = (amountMinor: number, refundId = 'refund-RMA-000001', providerReference = 'psp-ref-1'): ServiceEvent => ({
  type: 'OrderRefundSettled',
  data: { ...ref, paymentId, amountMinor, ...money, refundId, reason: 'RETURN', rmaNumber: 'RMA-000001', providerReference, settledAt: '2026-03-08T09:05:00.000Z' },
});
const paymentOf = (doc: ReturnType<typeof fold>) => doc.payments.find((p) => p.paymentId === paymentId)!;

describe('the order document: payments and refund statuses', () => {
  describe('payment mode', () => {
    it('is what OrderConfirmed said; prepaid for an order confirmed before payments existed; null for an order never confirmed', () => {
      expect(fold(placed, confirmedAs('invoice')).paymentMode).toBe('invoice');
      expect(fold(placed, confirmedAs()).paymentMode).toBe('prepaid');
      const rejected = fold(placed, {
        type: 'OrderRejected',
        data: { ...ref, orderNumber: 'OF-000001', reasons: ['SKU X is not stocked'], rejectedAt: placedAt, status: 'REJECTED' },
      });
      expect(rejected).toMatchObject({ paymentMode: null, payments: [], refunds: [] });
    });
  });

  describe('authorize-capture, a split order', () => {
    it('given an authorisation requested, the payment waits for it', () => {
      const doc = fold(placed, confirmedAs('authorize-capture'), authorizationRequested);
      expect(doc.payments).toEqual([
        {
          paymentId,
          status: 'AUTHORIZATION_REQUESTED',
          currency: 'EUR',
          source: null,
          providerReference: null,
          authorizedMinor: 0,
          capturedMinor: 0,
          refundedMinor: 0,
          failureReason: null,
        },
      ]);
    });

    it('given the authorisation, then one shipment captured, then the other: AUTHORIZED, PARTIALLY_CAPTURED, CAPTURED', () => {
      const authorizedDoc = fold(placed, confirmedAs('authorize-capture'), authorizationRequested, authorized);
      expect(paymentOf(authorizedDoc)).toMatchObject({ status: 'AUTHORIZED', authorizedMinor: 5197, source: 'PROVIDER', providerReference: 'psp-auth-1' });
      const partly = foldOrder(authorizedDoc, [stored(mugCaptured)])!;
      expect(paymentOf(partly)).toMatchObject({ status: 'PARTIALLY_CAPTURED', capturedMinor: 2500 });
      const all = foldOrder(partly, [stored(teaCaptured)])!;
      expect(paymentOf(all)).toMatchObject({ status: 'CAPTURED', authorizedMinor: 5197, capturedMinor: 5197, refundedMinor: 0, providerReference: 'psp-auth-1' });
    });

    it('given the authorisation declined, AUTHORIZATION_FAILED with the reason', () => {
      const doc = fold(placed, confirmedAs('authorize-capture'), authorizationRequested, {
        type: 'OrderPaymentAuthorizationFailed',
        data: { ...ref, paymentId, amountMinor: 5197, ...money, reason: 'payment authorisation declined: insufficient funds', cause: 'DECLINED', failedAt: '2026-03-02T09:30:05.000Z' },
      });
      expect(paymentOf(doc)).toMatchObject({ status: 'AUTHORIZATION_FAILED', authorizedMinor: 0, failureReason: 'payment authorisation declined: insufficient funds' });
    });

    it('given a shipment whose capture failed, CAPTURE_FAILED, and a refund settled later does not hide it', () => {
      const failed: ServiceEvent = {
        type: 'OrderPaymentCaptureFailed',
        data: { ...ref, paymentId, amountMinor: 2697, ...money, shipmentId: teaShipment.shipmentId, reason: 'authorisation expired', failedAt: '2026-03-02T15:00:10.000Z' },
      };
      const doc = fold(placed, confirmedAs('authorize-capture'), authorizationRequested, authorized, mugCaptured, failed);
      expect(paymentOf(doc)).toMatchObject({ status: 'CAPTURE_FAILED', capturedMinor: 2500, failureReason: 'authorisation expired' });
      const refunded = foldOrder(doc, [stored(returnRefundIssued), stored(refundRequested(1798)), stored(refundSettled(1798))])!;
      expect(paymentOf(refunded)).toMatchObject({ status: 'CAPTURE_FAILED', refundedMinor: 1798 });
    });
  });

  describe('refunds', () => {
    const captured = [placed, confirmedAs('authorize-capture'), authorizationRequested, authorized, mugCaptured, teaCaptured];

    it("given after-sales' decision, the refund is REQUESTED under its cause's refundId; settled, it is SETTLED and the payment PARTIALLY_REFUNDED", () => {
      const decided = fold(...captured, returnRefundIssued);
      expect(decided.refunds).toEqual([
        expect.objectContaining({ refundId: 'refund-RMA-000001', status: 'REQUESTED', amountMinor: 1798, requestedMinor: null, reason: 'RETURN', rmaNumber: 'RMA-000001' }),
      ]);
      const asked = foldOrder(decided, [stored(refundRequested(1798))])!;
      expect(asked.refunds[0]).toMatchObject({ status: 'REQUESTED', requestedMinor: 1798, paymentId, requestedAt: '2026-03-08T09:00:01.000Z' });
      const settled = foldOrder(asked, [stored(refundSettled(1798))])!;
      expect(settled.refunds).toHaveLength(1);
      expect(settled.refunds[0]).toMatchObject({ status: 'SETTLED', settledMinor: 1798, providerReference: 'psp-ref-1', settledAt: '2026-03-08T09:05:00.000Z' });
      expect(paymentOf(settled)).toMatchObject({ status: 'PARTIALLY_REFUNDED', capturedMinor: 5197, refundedMinor: 1798 });
      // What after-sales decided, as before payments existed.
      expect(settled.refundedMinor).toBe(1798);
    });

    it('given a refund capped at what was left captured, the decision keeps its amount and the request says what was asked', () => {
      const doc = fold(...captured, returnRefundIssued, refundRequested(1000, 1798));
      expect(doc.refunds[0]).toMatchObject({ amountMinor: 1798, requestedMinor: 1000 });
    });

    it('given settled refunds reaching everything captured, the payment is REFUNDED', () => {
      const doc = fold(...captured, returnRefundIssued, refundRequested(5197), refundSettled(5197));
      expect(paymentOf(doc)).toMatchObject({ status: 'REFUNDED', refundedMinor: 5197 });
    });

    it("given a paid order cancelled, its refund has no after-sales decision: the order service's request makes it, and a failure is FAILED with the reason", () => {
      const refundId = `refund-cancel-${ref.orderId}`;
      const requested: ServiceEvent = {
        type: 'OrderRefundRequested',
        data: { ...ref, paymentId, amountMinor: 2500, ...money, refundId, reason: 'CANCELLATION', requestedAt: '2026-03-02T16:00:00.000Z' },
      };
      const asked = fold(placed, confirmedAs('authorize-capture'), authorizationRequested, authorized, mugCaptured, requested);
      expect(asked.refunds).toEqual([
        expect.objectContaining({ refundId, status: 'REQUESTED', amountMinor: 2500, requestedMinor: 2500, reason: 'CANCELLATION', issuedAt: '2026-03-02T16:00:00.000Z' }),
      ]);
      const failed = foldOrder(asked, [
        stored({
          type: 'OrderRefundFailed',
          data: { ...ref, paymentId, amountMinor: 2500, ...money, refundId, providerReference: 'psp-x', reason: 'card closed', failedAt: '2026-03-02T16:01:00.000Z' },
        }),
      ])!;
      expect(failed.refunds[0]).toMatchObject({ status: 'FAILED', failureReason: 'card closed', providerReference: 'psp-x', failedAt: '2026-03-02T16:01:00.000Z' });
      expect(paymentOf(failed)).toMatchObject({ status: 'PARTIALLY_CAPTURED', refundedMinor: 0 });
      expect(failed.refundedMinor).toBe(0);
    });

    it('given an invoice order, its refund is a credit against the invoice: SETTLED at once, and no payment', () => {
      const doc = fold(placed, confirmedAs('invoice'), returnRefundIssued, refundSettled(1798, 'refund-RMA-000001', INVOICE_CREDIT_REFERENCE));
      expect(doc.payments).toEqual([]);
      expect(doc.refunds).toEqual([expect.objectContaining({ refundId: 'refund-RMA-000001', status: 'SETTLED', settledMinor: 1798, providerReference: 'invoice-credit' })]);
    });

    it('given a failure naming no refund known to the order, nothing changes', () => {
      const doc = fold(...captured);
      const after = foldOrder(doc, [
        stored({ type: 'OrderRefundFailed', data: { ...ref, paymentId, amountMinor: 1, ...money, refundId: 'refund-nobody', reason: 'x', failedAt: placedAt } }),
      ])!;
      expect(after.refunds).toEqual([]);
      expect(after.payments).toEqual(doc.payments);
    });
  });

  describe('prepaid', () => {
    it("given the channel's checkout capture at confirmation, the payment is CAPTURED with nothing authorised", () => {
      const doc = fold(placed, confirmedAs('prepaid'), {
        type: 'OrderPaymentCaptured',
        data: { ...ref, paymentId: 'checkout-1', amountMinor: 5197, ...money, providerReference: 'checkout:webshop:W-1001', source: 'CHANNEL', capturedAt: '2026-03-02T09:30:01.000Z' },
      });
      expect(doc.payments).toEqual([expect.objectContaining({ paymentId: 'checkout-1', status: 'CAPTURED', source: 'CHANNEL', authorizedMinor: 0, capturedMinor: 5197 })]);
    });
  });

  it('folds the same document in one pass as batch after batch (live, rebuild and as-of cut the history differently)', () => {
    const history = [placed, confirmedAs('authorize-capture'), authorizationRequested, authorized, mugCaptured, teaCaptured, returnRefundIssued, refundRequested(1798), refundSettled(1798)].map(stored);
    const whole = foldOrder(undefined, history)!;
    for (let cut = 1; cut < history.length; cut++) {
      expect(foldOrder(foldOrder(undefined, history.slice(0, cut)), history.slice(cut))).toEqual(whole);
    }
  });
});
