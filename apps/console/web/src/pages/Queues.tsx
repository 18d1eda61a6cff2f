import { useState } from 'react';
import { api } from '../api';
import { Link } from '../router';
import { useSession } from '../session';
import { DataTable } from '../ui/DataTable';
import { formatAge, formatInstant, formatMoney } from '../ui/format';
import { Page } from '../ui/Page';
import { useApi } from '../use-api';
import { deadlineBadge } from './queues/deadline';
import { BackorderItem, ComplaintItem, LateShipmentItem, ProductionOrderItem, QueuePage, ReturnAwaitedItem } from './queues/queue-items';
import { QueueSection } from './queues/QueueSection';
import { ResolveComplaintDialog } from './queues/ResolveComplaintDialog';

/** Queues stay current while an operator works through them. */
const REFRESH_MS = 10_000;

const orderLink = (item: { orderId: string; orderNumber: string | null }) => <Link to={`/orders/${encodeURIComponent(item.orderId)}`}>{item.orderNumber ?? item.orderId}</Link>;

/** What waits for an operator now, oldest first: each queue the key may read. */
export function QueuesPage(_: { params: Record<string, string> }) {
  const { can } = useSession();
  return (
    <Page title="Work queues">
      <div className="stack">
        {can('inventory:read') ? <Backorders /> : null}
        {can('shipments:read') ? <LateShipments /> : null}
        {can('orders:read') ? <ComplaintsDue canResolve={can('complaints:resolve')} /> : null}
        {can('returns:read') ? <ReturnsAwaited /> : null}
        {can('orders:read') ? <ProductionWaiting /> : null}
      </div>
    </Page>
  );
}

function Backorders() {
  const loaded = useApi(() => api.get<QueuePage<BackorderItem>>('/queues/backorders'), [], { refreshMs: REFRESH_MS });
  return (
    <QueueSection title="Backorders" loaded={loaded}>
      {(items) => (
        <DataTable
          caption="Backorders, longest waiting first"
          rows={items}
          rowKey={(b) => `${b.sku}/${b.warehouseId ?? ''}`}
          empty="No order is waiting for stock."
          columns={[
            { header: 'SKU', cell: (b) => b.sku },
            { header: 'Warehouse', cell: (b) => b.warehouseId ?? 'any' },
            { header: 'Units', cell: (b) => b.quantity, numeric: true },
            { header: 'Orders', cell: (b) => b.orders, numeric: true },
            { header: 'Waiting', cell: (b) => formatAge(b.ageSeconds), numeric: true },
            { header: 'Action', cell: (b) => <Link to={`/stock?sku=${encodeURIComponent(b.sku)}`}>Stock of {b.sku}</Link> },
          ]}
        />
      )}
    </QueueSection>
  );
}

function LateShipments() {
  const loaded = useApi(() => api.get<QueuePage<LateShipmentItem>>('/queues/late-shipments'), [], { refreshMs: REFRESH_MS });
  return (
    <QueueSection title="Late shipments" loaded={loaded}>
      {(items) => (
        <DataTable
          caption="Shipments past their promised date, longest late first"
          rows={items}
          rowKey={(s) => s.shipmentId}
          empty="No shipment is late."
          columns={[
            { header: 'Shipment', cell: (s) => s.shipmentId },
            { header: 'Channel', cell: (s) => s.channel },
            { header: 'Carrier', cell: (s) => s.carrier ?? '—' },
            { header: 'Tracking', cell: (s) => s.trackingNumber ?? '—' },
            { header: 'Status', cell: (s) => s.status },
            { header: 'Promised by', cell: (s) => s.promisedBy ?? '—' },
            { header: 'New estimate', cell: (s) => s.newEstimate ?? '—' },
            { header: 'Days late', cell: (s) => s.daysLate ?? '—', numeric: true },
            { header: 'Late for', cell: (s) => formatAge(s.ageSeconds), numeric: true },
            { header: 'Order', cell: orderLink },
          ]}
        />
      )}
    </QueueSection>
  );
}

function ComplaintsDue({ canResolve }: { canResolve: boolean }) {
  const loaded = useApi(() => api.get<QueuePage<ComplaintItem>>('/queues/complaints', { dueWithinHours: 24 }), [], { refreshMs: REFRESH_MS });
  const [resolving, setResolving] = useState<ComplaintItem>();
  // Resolved here: hidden at once, though the projection may list them for a moment longer.
  const [resolved, setResolved] = useState<ReadonlySet<string>>(new Set());
  const [announcement, setAnnouncement] = useState('');
  const now = new Date();

  const markResolved = (complaint: ComplaintItem) => {
    setResolved((ids) => new Set(ids).add(complaint.complaintId));
    setAnnouncement(`Complaint ${complaint.complaintId} resolved.`);
    setResolving(undefined);
    loaded.reload();
  };

  return (
    <QueueSection title="Complaints due" loaded={loaded}>
      {(items) => (
        <>
          <p role="status" className="muted">
            {announcement}
          </p>
          <DataTable
            caption="Complaints due within 24 hours or overdue, oldest first"
            rows={items.filter((c) => !resolved.has(c.complaintId))}
            rowKey={(c) => c.complaintId}
            empty="No complaint is near its deadline."
            columns={[
              { header: 'Complaint', cell: (c) => c.complaintId },
              { header: 'Channel', cell: (c) => c.channel },
              { header: 'Category', cell: (c) => c.category },
              { header: 'Status', cell: (c) => c.status },
              {
                header: 'Deadline',
                cell: (c) => {
                  const badge = deadlineBadge(c, now);
                  return (
                    <>
                      <span className={`badge ${badge.kind}`}>{badge.text}</span> <span className="muted">{formatInstant(c.resolveBy)}</span>
                    </>
                  );
                },
              },
              { header: 'Open for', cell: (c) => formatAge(c.ageSeconds), numeric: true },
              { header: 'Order', cell: orderLink },
              ...(canResolve
                ? [
                    {
                      header: 'Action',
                      cell: (c: ComplaintItem) => (
                        <button type="button" onClick={() => setResolving(c)}>
                          Resolve
                        </button>
                      ),
                    },
                  ]
                : []),
            ]}
          />
          {resolving ? <ResolveComplaintDialog complaint={resolving} onResolved={() => markResolved(resolving)} onClose={() => setResolving(undefined)} /> : null}
        </>
      )}
    </QueueSection>
  );
}

function ReturnsAwaited() {
  const loaded = useApi(() => api.get<QueuePage<ReturnAwaitedItem>>('/queues/returns-awaiting'), [], { refreshMs: REFRESH_MS });
  return (
    <QueueSection title="Returns awaiting their parcel" loaded={loaded}>
      {(items) => (
        <DataTable
          caption="Returns authorised but not received, oldest first"
          rows={items}
          rowKey={(r) => r.rmaNumber}
          empty="No return is awaited."
          columns={[
            { header: 'RMA', cell: (r) => r.rmaNumber },
            { header: 'Channel', cell: (r) => r.channel },
            { header: 'Resolution', cell: (r) => r.resolution.toLowerCase() },
            { header: 'Authorised', cell: (r) => formatInstant(r.authorizedAt) },
            { header: 'Return by', cell: (r) => r.returnBy ?? '—' },
            { header: 'Refund', cell: (r) => (r.resolution === 'EXCHANGE' ? '—' : formatMoney(r.refundMinor, r.currency)), numeric: true },
            { header: 'Waiting', cell: (r) => formatAge(r.ageSeconds), numeric: true },
            { header: 'Order', cell: orderLink },
          ]}
        />
      )}
    </QueueSection>
  );
}

/** Made-to-order lines the factory has yet to make (docs/adr/0039), oldest requested first. */
function ProductionWaiting() {
  const loaded = useApi(() => api.get<QueuePage<ProductionOrderItem>>('/production-orders'), [], { refreshMs: REFRESH_MS });
  return (
    <QueueSection title="Production orders at the factory" loaded={loaded}>
      {(items) => (
        <DataTable
          caption="Production orders requested or started, oldest first"
          rows={items}
          rowKey={(p) => p.productionOrderId}
          rowClass={(p) => (p.overdue ? 'low' : undefined)}
          empty="The factory has nothing to make."
          columns={[
            { header: 'Production order', cell: (p) => p.productionOrderId },
            { header: 'SKU', cell: (p) => p.sku },
            { header: 'Qty', cell: (p) => p.quantity, numeric: true },
            { header: 'Options', cell: (p) => (p.options ? Object.entries(p.options).map(([k, v]) => `${k}: ${v}`).join(', ') : '—') },
            { header: 'Status', cell: (p) => p.status.toLowerCase() },
            { header: 'Due', cell: (p) => (p.overdue ? <span className="badge overdue">{p.dueDate}, overdue</span> : p.dueDate) },
            { header: 'Deliver to', cell: (p) => p.warehouseId },
            { header: 'Requested', cell: (p) => formatInstant(p.requestedAt) },
            { header: 'Order', cell: orderLink },
          ]}
        />
      )}
    </QueueSection>
  );
}
