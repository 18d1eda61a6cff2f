import { formatInstant, formatMoney } from '../../ui/format';
import type { OrderDocument } from './order-types';
import { OrderStatusBadge } from './OrderStatusBadge';

/** The order at a glance: status, where it came from, who ordered, what it costs, when it moved. */
export function OrderSummary({ order }: { order: OrderDocument }) {
  const address = order.shippingAddress;
  return (
    <dl className="figures order-summary">
      <div className="figure">
        <dt className="label">Status</dt>
        <dd className="value">
          <OrderStatusBadge status={order.status} testId="order-status" />
        </dd>
      </div>
      <div className="figure">
        <dt className="label">Total</dt>
        <dd className="value">{formatMoney(order.totalMinor, order.currency)}</dd>
        {order.refundedMinor > 0 ? <dd className="muted">refunded {formatMoney(order.refundedMinor, order.currency)}</dd> : null}
      </div>
      <div className="figure">
        <dt className="label">Channel</dt>
        <dd>
          {order.channel} · <code>{order.externalOrderId}</code>
        </dd>
      </div>
      <div className="figure">
        <dt className="label">Customer</dt>
        <dd>
          {order.customer ? `${order.customer.name} (${order.customer.id})` : '—'}
          {order.customer?.email ? <div className="muted">{order.customer.email}</div> : null}
        </dd>
      </div>
      <div className="figure">
        <dt className="label">Ship to</dt>
        <dd>{address ? [address.line1, address.line2, `${address.postalCode} ${address.city}`, address.region, address.country].filter(Boolean).join(', ') : '—'}</dd>
      </div>
      <div className="figure">
        <dt className="label">Placed</dt>
        <dd>{formatInstant(order.placedAt)}</dd>
        {order.estimatedDeliveryDate ? <dd className="muted">expected by {order.estimatedDeliveryDate}</dd> : null}
      </div>
      {order.rejectionReasons.length ? (
        <div className="figure">
          <dt className="label">Rejected because</dt>
          <dd className="error">{order.rejectionReasons.join('; ')}</dd>
        </div>
      ) : null}
      {order.cancelledAt ? (
        <div className="figure">
          <dt className="label">Cancelled</dt>
          <dd>
            {formatInstant(order.cancelledAt)}
            {order.cancellationReason ? `: ${order.cancellationReason}` : ''}
          </dd>
        </div>
      ) : null}
    </dl>
  );
}
