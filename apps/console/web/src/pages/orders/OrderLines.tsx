import { DataTable } from '../../ui/DataTable';
import { formatMoney } from '../../ui/format';
import type { OrderDocument } from './order-types';

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
