import { DataTable } from '../../ui/DataTable';
import { formatMoney } from '../../ui/format';
import type { OrderDocument } from './order-types';
import { noPaymentText, paymentModeText, paymentStatusText } from './payments';

/** How the order is paid, and each payment: what was authorised, captured and refunded of it. */
export function OrderPayments({ order }: { order: OrderDocument }) {
  return (
    <>
      <p>
        Payment mode: <strong data-testid="payment-mode">{paymentModeText(order)}</strong>
      </p>
      <DataTable
        caption="Payments"
        rows={order.payments}
        rowKey={(p) => p.paymentId}
        empty={noPaymentText(order)}
        columns={[
          { header: 'Payment', cell: (p) => <code>{p.paymentId}</code> },
          { header: 'Source', cell: (p) => (p.source === 'CHANNEL' ? "channel's checkout" : p.source === 'PROVIDER' ? 'payment provider' : '—') },
          { header: 'Status', cell: (p) => paymentStatusText(p) },
          { header: 'Authorised', numeric: true, cell: (p) => formatMoney(p.authorizedMinor, p.currency) },
          { header: 'Captured', numeric: true, cell: (p) => formatMoney(p.capturedMinor, p.currency) },
          { header: 'Refunded', numeric: true, cell: (p) => formatMoney(p.refundedMinor, p.currency) },
          { header: 'Reference', cell: (p) => p.providerReference ?? '—' },
        ]}
      />
    </>
  );
}
