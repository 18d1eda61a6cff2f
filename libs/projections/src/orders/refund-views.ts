import { RefundReason } from '@orderflow/contracts';
import { OrderDocument, RefundView } from './order-document';

/**
 * A refund on the order document is one entry per refundId, whoever names it first: after-sales'
 * RefundIssued (the decision) or the order service's OrderRefundRequested (a cancellation's refund,
 * which after-sales never decides). The later events of the same refund find it by that id.
 */

/** The refundId the order service gives a refund decided by after-sales: it follows the refund's cause. */
export function refundIdOfDecision(doc: OrderDocument, d: { rmaNumber?: string; complaintId?: string }): string {
  if (d.rmaNumber) return `refund-${d.rmaNumber}`;
  if (d.complaintId) return `refund-${d.complaintId}`;
  // A decision that names no cause has no id of the order service's: numbered within the order, deterministically.
  return `refund-${doc.orderId}-${doc.refunds.length + 1}`;
}

export interface RefundSeed {
  amountMinor: number;
  currency: string;
  reason: RefundReason;
  rmaNumber?: string;
  complaintId?: string;
  issuedAt: string;
}

/** The refund of this id on the document, added as REQUESTED from `seed` if nothing named it yet. */
export function refundView(doc: OrderDocument, refundId: string, seed: RefundSeed): RefundView {
  let r = doc.refunds.find((x) => x.refundId === refundId);
  if (!r) {
    r = {
      refundId,
      status: 'REQUESTED',
      amountMinor: seed.amountMinor,
      requestedMinor: null,
      settledMinor: null,
      currency: seed.currency,
      reason: seed.reason,
      rmaNumber: seed.rmaNumber ?? null,
      complaintId: seed.complaintId ?? null,
      paymentId: null,
      providerReference: null,
      failureReason: null,
      issuedAt: seed.issuedAt,
      requestedAt: null,
      settledAt: null,
      failedAt: null,
    };
    doc.refunds.push(r);
  }
  return r;
}
