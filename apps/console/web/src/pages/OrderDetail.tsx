import { useMemo, useState } from 'react';
import { api, ApiError } from '../api';
import { useLive } from '../live';
import { Link } from '../router';
import { formatInstant } from '../ui/format';
import { ErrorNote, Page, Show } from '../ui/Page';
import { useApi } from '../use-api';
import { asOfInstant, asOfSteps, stepLabel } from './orders/as-of';
import { AsOfSlider } from './orders/AsOfSlider';
import { OrderAfterSales } from './orders/OrderAfterSales';
import { OrderLines } from './orders/OrderLines';
import { OrderPayments } from './orders/OrderPayments';
import type { OrderDocument, Timeline } from './orders/order-types';
import { OrderShipments } from './orders/OrderShipments';
import { OrderSummary } from './orders/OrderSummary';
import { OrderTimeline } from './orders/OrderTimeline';
import { asLiveOrder } from './overview/latest-orders';

/**
 * One order, everything every service recorded about it, and its history: the timeline of events,
 * and the order as it was after any one of them (the "As of" slider).
 */
export function OrderDetailPage({ params }: { params: Record<string, string> }) {
  const { orderId } = params;
  const current = useApi(() => api.get<OrderDocument>(`/orders/${encodeURIComponent(orderId)}`), [orderId]);
  const timeline = useApi(() => api.get<Timeline>(`/orders/${encodeURIComponent(orderId)}/timeline`), [orderId]);
  const steps = useMemo(() => asOfSteps(timeline.data?.events ?? []), [timeline.data]);
  // undefined: now. Otherwise the index of the timeline entry the order is shown right after.
  const [step, setStep] = useState<{ orderId: string; index: number }>();
  const index = step?.orderId === orderId ? step.index : undefined;
  const asOf = asOfInstant(steps, index);
  const past = useApi(() => (asOf ? api.get<OrderDocument>(`/orders/${encodeURIComponent(orderId)}`, { asOf }) : Promise.resolve(undefined)), [orderId, asOf]);

  useLive((e) => {
    if (e.event !== 'order' || asLiveOrder(e.data)?.orderId !== orderId) return;
    current.reload();
    timeline.reload();
  });

  const choose = (i: number | undefined) => setStep(i === undefined || i < 0 || i >= steps.length - 1 ? undefined : { orderId, index: i });
  const number = current.data?.orderNumber ?? past.data?.orderNumber;
  const shown = asOf ? past : current;
  return (
    <Page title={`Order ${number ?? orderId}`} actions={<Link to="/orders">Back to the search</Link>}>
      {timeline.data && steps.length > 0 ? (
        <AsOfSlider steps={steps} index={index ?? steps.length - 1} onChange={choose} />
      ) : timeline.error ? (
        <ErrorNote error={timeline.error} />
      ) : null}
      {asOf ? (
        <p className="asof-banner" role="status">
          Showing the order <strong>as of {formatInstant(asOf)}</strong>, right after {stepLabel(steps, index!)}: an earlier state, not the current one.
        </p>
      ) : null}
      {asOf && past.error instanceof ApiError && past.error.status === 404 ? (
        <p className="muted">
          The order had not been placed yet as of {formatInstant(asOf)}. Status: <span data-testid="order-status">not placed</span>
        </p>
      ) : (
        <Show loaded={shown}>{(order) => (order ? <OrderView order={order} /> : <p className="loading">Loading…</p>)}</Show>
      )}
      {timeline.data ? <OrderTimeline events={timeline.data.events} asOf={asOf} onView={(position) => choose(steps.findIndex((s) => s.position === position))} /> : null}
    </Page>
  );
}

function OrderView({ order }: { order: OrderDocument }) {
  return (
    <div className="order">
      <OrderSummary order={order} />
      <section aria-labelledby="lines-title" className="captioned-by-heading">
        <h2 id="lines-title">Lines</h2>
        <OrderLines order={order} />
      </section>
      <section aria-labelledby="shipments-title" className="captioned-by-heading">
        <h2 id="shipments-title">Shipments</h2>
        <OrderShipments order={order} />
      </section>
      <section aria-labelledby="payments-title" className="captioned-by-heading">
        <h2 id="payments-title">Payments</h2>
        <OrderPayments order={order} />
      </section>
      <section aria-labelledby="after-sales-title">
        <h2 id="after-sales-title">Returns, complaints and refunds</h2>
        <OrderAfterSales order={order} />
      </section>
      <p className="muted">
        Folded from {order.eventCount} event(s), up to position {order.lastPosition}.
      </p>
    </div>
  );
}
