import { useSession } from '../session';
import { Page } from '../ui/Page';
import { FunnelPanel } from './overview/FunnelPanel';
import { LatestOrdersPanel } from './overview/LatestOrdersPanel';
import { OrdersPerMinutePanel } from './overview/OrdersPerMinutePanel';
import { PipelinePanel } from './overview/PipelinePanel';

/**
 * What is happening now: the order rate by channel, how far orders get, whether every service
 * keeps up, and the newest orders as they arrive. Each part only for a key that may read it.
 */
export function OverviewPage(_: { params: Record<string, string> }) {
  const { can } = useSession();
  return (
    <Page title="Overview">
      {can('reports:read') ? (
        <div className="grid">
          <OrdersPerMinutePanel />
          <FunnelPanel />
        </div>
      ) : null}
      {can('orders:read') ? <LatestOrdersPanel /> : null}
      {can('projections:read') ? <PipelinePanel /> : null}
    </Page>
  );
}
