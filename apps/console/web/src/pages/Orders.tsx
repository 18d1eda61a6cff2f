import { useMemo, useState } from 'react';
import { api } from '../api';
import { Link, navigate, useLocation } from '../router';
import { DataTable } from '../ui/DataTable';
import { formatInstant, formatMoney } from '../ui/format';
import { Page, Show } from '../ui/Page';
import { useApi } from '../use-api';
import { currentCursor, firstPage, hasPrevious, nextPage, pageNumber, previousPage } from './orders/cursor-stack';
import { filtersFromQuery, ordersLink, searchParams } from './orders/order-filters';
import type { OrderPage } from './orders/order-types';
import { OrderSearchForm } from './orders/OrderSearchForm';
import { OrderStatusBadge } from './orders/OrderStatusBadge';

const PAGE_SIZE = 25;

/** Find orders by number, channel and external id, customer, status, SKU or date; newest first. */
export function OrdersPage(_: { params: Record<string, string> }) {
  const { query } = useLocation();
  const search = query.toString();
  const filters = useMemo(() => filtersFromQuery(new URLSearchParams(search)), [search]);
  // A new search starts again at its first page.
  const [paging, setPaging] = useState({ search, stack: firstPage() });
  const stack = paging.search === search ? paging.stack : firstPage();
  const cursor = currentCursor(stack);
  const page = useApi(() => api.get<OrderPage>('/orders', searchParams(filters, cursor, PAGE_SIZE)), [filters, cursor]);

  return (
    <Page title="Orders">
      <OrderSearchForm filters={filters} onSearch={(f) => navigate(ordersLink(f))} />
      <Show loaded={page}>
        {(data) => (
          <>
            <div aria-busy={page.loading}>
              <DataTable
                caption="Orders"
                rows={data.orders}
                rowKey={(o) => o.orderId}
                empty="No order matches."
                columns={[
                  { header: 'Order number', cell: (o) => <Link to={`/orders/${o.orderId}`}>{o.orderNumber}</Link> },
                  { header: 'Channel', cell: (o) => o.channel },
                  { header: 'External id', cell: (o) => o.externalOrderId },
                  {
                    header: 'Customer',
                    cell: (o) => (
                      <>
                        {o.customerName} <span className="muted">({o.customerId})</span>
                      </>
                    ),
                  },
                  { header: 'Status', cell: (o) => <OrderStatusBadge status={o.status} /> },
                  { header: 'Total', numeric: true, cell: (o) => formatMoney(o.totalMinor, o.currency) },
                  { header: 'Placed at', cell: (o) => formatInstant(o.placedAt) },
                ]}
              />
            </div>
            <nav className="toolbar pager" aria-label="Pages">
              <button type="button" className="secondary" disabled={!hasPrevious(stack)} onClick={() => setPaging({ search, stack: previousPage(stack) })}>
                Previous page
              </button>
              <span className="muted" aria-live="polite">
                Page {pageNumber(stack)}, {data.orders.length} order(s)
              </span>
              <button type="button" className="secondary" disabled={!data.nextCursor} onClick={() => data.nextCursor && setPaging({ search, stack: nextPage(stack, data.nextCursor) })}>
                Next page
              </button>
            </nav>
          </>
        )}
      </Show>
    </Page>
  );
}
