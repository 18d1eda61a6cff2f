import { DataTable } from '../../ui/DataTable';
import { formatInstant } from '../../ui/format';
import type { OrderDocument } from './order-types';

/** Every shipment of the order (and exchange replacements): carrier, tracking number, promise and delay. */
export function OrderShipments({ order }: { order: OrderDocument }) {
  return (
    <DataTable
      caption="Shipments"
      rows={order.shipments}
      rowKey={(s) => s.shipmentId}
      empty="No shipment yet."
      rowClass={(s) => (s.delayed ? 'low' : undefined)}
      columns={[
        { header: 'Shipment', cell: (s) => <code>{s.shipmentId}</code> },
        { header: 'Purpose', cell: (s) => (s.purpose === 'EXCHANGE' ? `Exchange (${s.rmaNumber ?? '—'})` : 'Order') },
        { header: 'Status', cell: (s) => `${s.status}${s.released ? ' (released)' : ''}` },
        { header: 'Warehouse', cell: (s) => s.warehouseId ?? '—' },
        { header: 'Distance', cell: (s) => (s.distanceKm != null ? `${Math.round(s.distanceKm)} km` : '—') },
        { header: 'Carrier', cell: (s) => s.carrier ?? '—' },
        { header: 'Tracking number', cell: (s) => s.trackingNumber ?? '—' },
        { header: 'Courier', cell: (s) => (s.courier ? `${s.courier.courierId ?? 'awaited'} · ${s.courier.status.toLowerCase()} · offer ${s.courier.attempts}` : '—') },
        { header: 'Lines', cell: (s) => s.lines.map((l) => `${l.quantity} × ${l.sku}`).join(', ') },
        { header: 'Promised by', cell: (s) => s.promisedBy ?? s.estimatedDeliveryDate ?? '—' },
        { header: 'Delay', cell: (s) => (s.delayed ? `Delayed, now expected ${s.newEstimate ?? '—'}` : 'On time') },
        { header: 'Delivered', cell: (s) => formatInstant(s.deliveredAt) },
      ]}
    />
  );
}
