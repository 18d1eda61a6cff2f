import { useEffect, useState } from 'react';
import { api } from '../../api';
import { useLive } from '../../live';
import { Link } from '../../router';
import { DataTable } from '../../ui/DataTable';
import { formatInstant } from '../../ui/format';
import { ErrorNote } from '../../ui/Page';
import type { LiveOrder, OrderPage } from '../orders/order-types';
import { OrderStatusBadge } from '../orders/OrderStatusBadge';
import { asLiveOrder, LATEST_ORDERS, withLiveOrder } from './latest-orders';

/** The newest orders, first from the order list, then kept current by live `order` events. */
export function LatestOrdersPanel() {
  const [orders, setOrders] = useState<LiveOrder[]>();
  const [error, setError] = useState<Error>();
  useEffect(() => {
    let mounted = true;
    api
      .get<OrderPage>('/orders', { limit: LATEST_ORDERS })
      .then((page) => {
        if (!mounted) return;
        const listed = page.orders.map((o): LiveOrder => ({ ...o, position: 0 }));
        // Live events that came while the list loaded are already in `current`; keep them on top.
        setOrders((current) => (current ?? []).reduce((list, o) => withLiveOrder(list, o), listed));
      })
      .catch((err: Error) => mounted && setError(err));
    return () => {
      mounted = false;
    };
  }, []);
  useLive((e) => {
    const order = e.event === 'order' ? asLiveOrder(e.data) : undefined;
    if (order) setOrders((current) => withLiveOrder(current ?? [], order));
  });
  return (
    <section className="panel" aria-labelledby="latest-title">
      <h2 id="latest-title">Latest orders</h2>
      {error ? <ErrorNote error={error} /> : null}
      {orders === undefined && !error ? <p className="loading">Loading…</p> : null}
      {orders ? (
          <DataTable
            caption="Latest orders, live"
            rows={orders}
            rowKey={(o) => o.orderId}
            empty="No orders yet."
            columns={[
              { header: 'Order', cell: (o) => <Link to={`/orders/${o.orderId}`}>{o.orderNumber ?? o.orderId}</Link> },
              { header: 'Channel', cell: (o) => o.channel },
              { header: 'Status', cell: (o) => <OrderStatusBadge status={o.status} /> },
              { header: 'Placed at', cell: (o) => formatInstant(o.placedAt) },
            ]}
          />
      ) : null}
    </section>
  );
}
