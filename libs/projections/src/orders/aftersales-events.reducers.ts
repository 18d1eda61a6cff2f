import { AftersalesEvent } from '@orderflow/contracts';
import { OrderDocument, ReturnLineView, ReturnView } from './order-document';
import { DocumentReducers } from './reducer-parts';
import { refundIdOfDecision, refundView } from './refund-views';

/** After-sales' events: returns, refunds, exchanges, complaints. */
export const aftersalesEventReducers: DocumentReducers<AftersalesEvent> = {
  ReturnAwaitingDelivery(doc, d) {
    const r = returnOf(doc, d.rmaNumber, d.resolution);
    r.status = 'AWAITING_DELIVERY';
    r.lines = d.lines.map((l) => requestedReturnLine(l, null));
  },
  ReturnAuthorized(doc, d) {
    const r = returnOf(doc, d.rmaNumber, d.resolution);
    r.status = 'AUTHORIZED';
    r.resolution = d.resolution;
    r.currency = d.currency;
    r.returnBy = d.returnBy;
    r.authorizedAt = d.authorizedAt;
    r.lines = d.lines.map((l) => requestedReturnLine(l, l.unitPriceMinor));
  },
  ReturnRejected(doc, d) {
    const r = returnOf(doc, d.rmaNumber, d.resolution);
    r.status = 'REJECTED';
    r.rejectedAt = d.rejectedAt;
    r.rejectionReason = d.reason;
    r.lines = d.lines.map((l) => requestedReturnLine(l, null));
  },
  ReturnReceived(doc, d) {
    const r = returnOf(doc, d.rmaNumber, 'REFUND');
    for (const received of d.lines) receiveReturnLine(r, received.sku, received.quantity, received.condition);
    r.receivedAt = d.receivedAt;
    if (r.status === 'AUTHORIZED') r.status = 'RECEIVED';
  },
  RefundIssued(doc, d) {
    // The decision: the order service then asks the provider for it (or credits the invoice) under the same refundId.
    const refund = refundView(doc, refundIdOfDecision(doc, d), d);
    refund.amountMinor = d.amountMinor;
    refund.issuedAt = d.issuedAt;
    doc.refundedMinor += d.amountMinor;
    if (d.rmaNumber) {
      const r = returnOf(doc, d.rmaNumber, 'REFUND');
      r.refundMinor += d.amountMinor;
      r.status = 'REFUNDED';
    }
  },
  ExchangeReplacementRequested(doc, d) {
    const r = returnOf(doc, d.rmaNumber, 'EXCHANGE');
    r.exchangeRequestedAt = d.requestedAt;
    r.status = 'EXCHANGE_PENDING';
  },
  ExchangeShipped(doc, d) {
    const r = returnOf(doc, d.rmaNumber, 'EXCHANGE');
    const { shipmentId, carrier, trackingNumber, shippedAt } = d;
    r.exchange = { shipmentId, carrier, trackingNumber, shippedAt };
    r.status = 'EXCHANGED';
  },
  ComplaintOpened(doc, d) {
    if (doc.complaints.some((c) => c.complaintId === d.complaintId)) return;
    doc.complaints.push({
      complaintId: d.complaintId,
      status: 'OPEN',
      category: d.category,
      source: d.source,
      shipmentId: d.shipmentId ?? null,
      message: d.message,
      openedAt: d.openedAt,
      acknowledgedAt: null,
      resolveBy: null,
      resolvedAt: null,
      resolution: null,
      goodwillRefundMinor: null,
    });
  },
  ComplaintAcknowledged(doc, d) {
    const c = doc.complaints.find((x) => x.complaintId === d.complaintId);
    if (!c) return;
    c.acknowledgedAt = d.acknowledgedAt;
    c.resolveBy = d.resolveBy;
  },
  ComplaintResolved(doc, d) {
    const c = doc.complaints.find((x) => x.complaintId === d.complaintId);
    if (!c) return;
    c.status = 'RESOLVED';
    c.resolvedAt = d.resolvedAt;
    c.resolution = d.resolution;
    c.goodwillRefundMinor = d.goodwillRefundMinor ?? null;
  },
};

function returnOf(doc: OrderDocument, rmaNumber: string, resolution: 'REFUND' | 'EXCHANGE'): ReturnView {
  let r = doc.returns.find((x) => x.rmaNumber === rmaNumber);
  if (!r) {
    r = {
      rmaNumber,
      status: 'AUTHORIZED',
      resolution,
      currency: null,
      lines: [],
      refundMinor: 0,
      returnBy: null,
      authorizedAt: null,
      rejectedAt: null,
      rejectionReason: null,
      receivedAt: null,
      exchangeRequestedAt: null,
      exchange: null,
    };
    doc.returns.push(r);
  }
  return r;
}

/** A return line as requested: nothing has arrived back yet. */
function requestedReturnLine(l: { sku: string; quantity: number; reason: string }, unitPriceMinor: number | null): ReturnLineView {
  return { sku: l.sku, quantity: l.quantity, reason: l.reason, unitPriceMinor, received: 0, resellable: 0, damaged: 0 };
}

/** Received units fill the return's lines of that SKU in order, up to what each authorised. */
function receiveReturnLine(r: ReturnView, sku: string, quantity: number, condition: 'RESELLABLE' | 'DAMAGED'): void {
  const lines = r.lines.filter((l) => l.sku === sku);
  if (lines.length === 0) {
    lines.push(requestedReturnLine({ sku, quantity: 0, reason: 'unannounced' }, null));
    r.lines.push(lines[0]);
  }
  let left = quantity;
  lines.forEach((line, i) => {
    const take = i === lines.length - 1 ? left : Math.min(left, Math.max(0, line.quantity - line.received));
    line.received += take;
    if (condition === 'RESELLABLE') line.resellable += take;
    else line.damaged += take;
    left -= take;
  });
}
