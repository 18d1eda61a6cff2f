import { DataTable } from '../../ui/DataTable';
import { formatInstant, formatMoney } from '../../ui/format';
import type { OrderDocument } from './order-types';
import { REFUND_REASON_LABEL, refundStatusText } from './payments';

/** What happened after delivery: returns (RMAs), complaints with their deadlines, and refunds with where each stands. */
export function OrderAfterSales({ order }: { order: OrderDocument }) {
  return (
    <>
      <DataTable
        caption="Returns"
        rows={order.returns}
        rowKey={(r) => r.rmaNumber}
        empty="No return."
        columns={[
          { header: 'RMA', cell: (r) => r.rmaNumber },
          { header: 'Status', cell: (r) => (r.rejectionReason ? `${r.status}: ${r.rejectionReason}` : r.status) },
          { header: 'Resolution', cell: (r) => r.resolution },
          { header: 'Lines', cell: (r) => r.lines.map((l) => `${l.quantity} × ${l.sku} (${l.reason}; received ${l.received})`).join(', ') },
          { header: 'Return by', cell: (r) => r.returnBy ?? '—' },
          { header: 'Refund', numeric: true, cell: (r) => formatMoney(r.refundMinor, r.currency ?? order.currency) },
        ]}
      />
      <DataTable
        caption="Complaints"
        rows={order.complaints}
        rowKey={(c) => c.complaintId}
        empty="No complaint."
        columns={[
          { header: 'Complaint', cell: (c) => `${c.category} (${c.source.toLowerCase()})` },
          { header: 'Message', cell: (c) => c.message },
          { header: 'Status', cell: (c) => c.status },
          { header: 'Opened', cell: (c) => formatInstant(c.openedAt) },
          { header: 'Resolve by', cell: (c) => formatInstant(c.resolveBy) },
          { header: 'Resolution', cell: (c) => (c.resolution ? `${c.resolution}${c.goodwillRefundMinor ? `, goodwill ${formatMoney(c.goodwillRefundMinor, order.currency)}` : ''}` : '—') },
        ]}
      />
      <DataTable
        caption={`Refunds (${formatMoney(order.refundedMinor, order.currency)} decided by after-sales)`}
        rows={order.refunds}
        rowKey={(r) => r.refundId}
        empty="No refund."
        columns={[
          { header: 'Issued', cell: (r) => formatInstant(r.issuedAt) },
          { header: 'Reason', cell: (r) => `${REFUND_REASON_LABEL[r.reason]}${r.rmaNumber ? ` ${r.rmaNumber}` : ''}` },
          { header: 'Amount', numeric: true, cell: (r) => formatMoney(r.amountMinor, r.currency) },
          { header: 'Status', cell: (r) => refundStatusText(r) },
          { header: 'Settled', numeric: true, cell: (r) => formatMoney(r.settledMinor, r.currency) },
        ]}
      />
    </>
  );
}
