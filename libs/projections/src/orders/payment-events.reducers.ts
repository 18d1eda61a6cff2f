import { INVOICE_CREDIT_REFERENCE, OrderEvent } from '@orderflow/contracts';
import { OrderDocument, PaymentView, PaymentViewStatus } from './order-document';
import { DocumentReducers } from './reducer-parts';
import { refundView } from './refund-views';

/** The order service's payment events: its own facts about the money, each answering a request to the payment provider. */
export type PaymentEvent = Extract<
  OrderEvent,
  {
    type:
      | 'OrderPaymentAuthorizationRequested'
      | 'OrderPaymentAuthorized'
      | 'OrderPaymentAuthorizationFailed'
      | 'OrderPaymentCaptureRequested'
      | 'OrderPaymentCaptured'
      | 'OrderPaymentCaptureFailed'
      | 'OrderCheckoutPaymentIdentified'
      | 'OrderRefundRequested'
      | 'OrderRefundSettled'
      | 'OrderRefundFailed';
  }
>;

/**
 * Payments (one entry per paymentId, first seen first) carry the sums of what was authorised,
 * captured and refunded (settled only) of each; refunds (one entry per refundId) move from
 * REQUESTED to SETTLED or FAILED. An invoice order's credit settles its refund but is no payment.
 */
export const paymentEventReducers: DocumentReducers<PaymentEvent> = {
  OrderPaymentAuthorizationRequested(doc, d) {
    const p = paymentView(doc, d.paymentId, d.currency);
    if (p.status === 'AUTHORIZATION_FAILED') p.status = 'AUTHORIZATION_REQUESTED';
  },
  OrderPaymentAuthorized(doc, d) {
    const p = paymentView(doc, d.paymentId, d.currency);
    p.authorizedMinor += d.amountMinor;
    p.source ??= d.source;
    p.providerReference ??= d.providerReference;
    p.status = progressed(p);
  },
  OrderPaymentAuthorizationFailed(doc, d) {
    const p = paymentView(doc, d.paymentId, d.currency);
    p.failureReason = d.reason;
    if (p.authorizedMinor === 0 && p.capturedMinor === 0) p.status = 'AUTHORIZATION_FAILED';
  },
  OrderPaymentCaptureRequested(doc, d) {
    paymentView(doc, d.paymentId, d.currency);
  },
  OrderPaymentCaptured(doc, d) {
    const p = paymentView(doc, d.paymentId, d.currency);
    p.capturedMinor += d.amountMinor;
    p.source ??= d.source;
    p.providerReference ??= d.providerReference;
    // A channel's checkout capture (no shipment) takes the whole order at once, whatever was authorised.
    const wholeOrder = d.source === 'CHANNEL' && d.shipmentId === undefined;
    p.status = wholeOrder && p.refundedMinor === 0 ? 'CAPTURED' : progressed(p);
  },
  /** The channel named the checkout payment of a prepaid order: the same payment, under the channel's id. */
  OrderCheckoutPaymentIdentified(doc, d) {
    const p = paymentView(doc, d.replacesPaymentId, d.currency);
    p.paymentId = d.paymentId;
    p.providerReference = d.providerReference;
  },
  OrderPaymentCaptureFailed(doc, d) {
    const p = paymentView(doc, d.paymentId, d.currency);
    p.failureReason = d.reason;
    p.status = 'CAPTURE_FAILED';
  },
  OrderRefundRequested(doc, d) {
    // A cancellation's refund is decided by the order service itself: this request is the first that names it.
    const r = refundView(doc, d.refundId, { ...d, amountMinor: d.decidedMinor ?? d.amountMinor, issuedAt: d.requestedAt });
    r.requestedMinor = d.amountMinor;
    r.paymentId = d.paymentId;
    r.requestedAt = d.requestedAt;
  },
  OrderRefundSettled(doc, d) {
    const r = refundView(doc, d.refundId, { ...d, issuedAt: d.settledAt });
    r.status = 'SETTLED';
    r.settledMinor = d.amountMinor;
    r.paymentId = d.paymentId;
    r.providerReference = d.providerReference;
    r.settledAt = d.settledAt;
    if (d.providerReference === INVOICE_CREDIT_REFERENCE) return;
    const p = paymentView(doc, d.paymentId, d.currency);
    p.refundedMinor += d.amountMinor;
    // A refund does not undo a failed capture: the payment still waits for that shipment's money.
    if (p.status !== 'CAPTURE_FAILED') p.status = progressed(p);
  },
  OrderRefundFailed(doc, d) {
    // The order service fails a refund that RefundIssued or its own request named before; one naming none changes nothing.
    const r = doc.refunds.find((x) => x.refundId === d.refundId);
    if (!r) return;
    r.status = 'FAILED';
    r.failureReason = d.reason;
    r.paymentId ??= d.paymentId;
    r.providerReference = d.providerReference ?? null;
    r.failedAt = d.failedAt;
  },
};

/** The payment of this id on the document, added (waiting for its authorisation) if no event named it yet. */
function paymentView(doc: OrderDocument, paymentId: string, currency: string): PaymentView {
  let p = doc.payments.find((x) => x.paymentId === paymentId);
  if (!p) {
    p = {
      paymentId,
      status: 'AUTHORIZATION_REQUESTED',
      currency,
      source: null,
      providerReference: null,
      authorizedMinor: 0,
      capturedMinor: 0,
      refundedMinor: 0,
      failureReason: null,
    };
    doc.payments.push(p);
  }
  return p;
}

/** Where the money of a payment stands after a success: refunds over captures over the authorisation. */
function progressed(p: PaymentView): PaymentViewStatus {
  if (p.refundedMinor > 0) return p.refundedMinor >= p.capturedMinor ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
  if (p.capturedMinor > 0) return p.capturedMinor >= p.authorizedMinor ? 'CAPTURED' : 'PARTIALLY_CAPTURED';
  if (p.authorizedMinor > 0) return 'AUTHORIZED';
  return p.status;
}
