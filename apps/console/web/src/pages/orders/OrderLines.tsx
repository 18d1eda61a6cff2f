import { DataTable } from '../../ui/DataTable';
import { formatMoney } from '../../ui/format';
import type { OrderDocument, OrderLine } from './order-types';

/** The buyer's choices, as `colour: blue, engraving: "For Ada"`. */
const optionsOf = (l: OrderLine) =>
  l.options && Object.keys(l.options).length > 0
    ? Object.entries(l.options)
        .map(([name, value]) => `${name}: ${value}`)
        .join(', ')
    : '—';

/** A made-to-order line's production (docs/adr/0039): its state, when it is due, whether it slipped. */
function production(l: OrderLine) {
  if (!l.madeToOrder) return <span className="muted">from stock</span>;
  if (!l.production) return <span className="muted">made to order, due {l.madeToOrder.dueDate}</span>;
  const p = l.production;
  const kind = p.status === 'FAILED' || p.status === 'CANCELLED' ? 'overdue' : p.slipped ? 'soon' : p.status === 'COMPLETED' ? 'ok' : '';
  return (
    <>
      <span className={`badge ${kind}`} data-testid="production-status">
        {p.status.toLowerCase()}
      </span>{' '}
      <span className="muted">
        {p.productionOrderId}, due {p.dueDate}
        {p.slipped ? ', late' : ''}
        {p.failureReason ? `: ${p.failureReason}` : ''}
      </span>
    </>
  );
}

/** What was ordered, and how far each line got: allocated, waiting for stock, shipped, delivered, returned. */
export function OrderLines({ order }: { order: OrderDocument }) {
  return (
    <DataTable
      caption="Lines"
      rows={order.lines}
      rowKey={(l) => l.sku}
      rowClass={(l) => (l.backordered > 0 ? 'low' : undefined)}
      columns={[
        { header: 'SKU', cell: (l) => l.sku },
        { header: 'Options', cell: optionsOf },
        { header: 'Production', cell: production },
        { header: 'Qty', numeric: true, cell: (l) => l.quantity },
        { header: 'Unit price', numeric: true, cell: (l) => formatMoney(l.unitPriceMinor, order.currency) },
        { header: 'Line total', numeric: true, cell: (l) => formatMoney(l.unitPriceMinor * l.quantity, order.currency) },
        { header: 'Allocated', numeric: true, cell: (l) => l.allocated },
        { header: 'Backordered', numeric: true, cell: (l) => l.backordered },
        { header: 'Shipped', numeric: true, cell: (l) => l.shipped },
        { header: 'Delivered', numeric: true, cell: (l) => l.delivered },
        { header: 'Returned', numeric: true, cell: (l) => l.returned },
      ]}
    />
  );
}
