import { DataSource } from 'typeorm';
import { topicName } from '@orderflow/contracts';
import { storedHead } from '@orderflow/event-store';
import { BusAdmin } from '@orderflow/messaging';
import { projectionStatuses } from '@orderflow/projections';
import { SERVICE as afterSales } from '../../apps/after-sales-service/src/service';
import { SERVICE as inventory } from '../../apps/inventory-service/src/service';
import { SERVICE as order } from '../../apps/order-service/src/service';
import { SERVICE as shipping } from '../../apps/shipping-service/src/service';
import { ChaosCluster } from './cluster';

const CONSUMERS = [order, inventory, shipping, afterSales];
const QUIET_MS = 5000;

/**
 * Whether the system has settled: every projection caught up, every service's consumer group
 * without lag on any topic it reads, and the store's head unchanged for five seconds.
 */
export class SettleProbe {
  private lastHead = -1;
  private movedAt = Date.now();

  private constructor(
    private readonly cluster: ChaosCluster,
    private readonly db: DataSource,
    private readonly admin: BusAdmin,
  ) {}

  static async open(cluster: ChaosCluster, db: DataSource): Promise<SettleProbe> {
    return new SettleProbe(cluster, db, await cluster.messageBus().admin());
  }

  async sample(): Promise<{ settled: boolean; note: string }> {
    try {
      const head = await storedHead(this.db);
      if (head !== this.lastHead) {
        this.lastHead = head;
        this.movedAt = Date.now();
      }
      const projectionLag = (await projectionStatuses(this.db)).reduce((n, s) => n + s.lagEvents, 0);
      let consumerLag = 0;
      const lagging: string[] = [];
      const ns = this.cluster.namespace;
      for (const service of CONSUMERS) {
        for (const { topic } of service.consumes ?? []) {
          const lag = await this.admin.groupLag(topicName(service.name, ns), topicName(topic, ns)).catch(() => Number.NaN);
          if (lag !== 0) lagging.push(`${service.name} ${topic} ${lag}`);
          consumerLag += Number.isNaN(lag) ? 1 : lag;
        }
      }
      const note = `store head ${this.lastHead}, projection lag ${projectionLag}, consumer lag ${consumerLag}${lagging.length ? ` (${lagging.slice(0, 3).join('; ')})` : ''}`;
      return { settled: projectionLag === 0 && consumerLag === 0 && Date.now() - this.movedAt >= QUIET_MS, note };
    } catch (err) {
      // The broker restarting or the database away: certainly not settled.
      return { settled: false, note: `probe failed: ${(err as Error).message}` };
    }
  }

  async close(): Promise<void> {
    await this.admin.disconnect().catch(() => undefined);
  }
}
