import { orderIdFor, Topics } from '@orderflow/contracts';
import { waitFor } from '@orderflow/testing';
import { orderSubmitted, stockReceived, warehouseRegistered } from './support/messages';
import { TestSystem } from './support/system';

type D = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const MUNICH = { lat: 48.14, lon: 11.58 };
const NUREMBERG = { lat: 49.45, lon: 11.08 };
const address = (city: string, location?: { lat: number; lon: number }) => ({
  line1: 'Hauptstr. 1',
  city,
  region: 'BY',
  postalCode: '90402',
  country: 'DE',
  ...(location ? { location } : {}),
});

/**
 * Nearest-warehouse allocation (docs/adr/0037) with the order, inventory and query services as
 * processes: two warehouses in the same region, and the one nearer the address ships, whatever its
 * id; the timeline says why; and the customer's own location is kept only to one decimal.
 */
describe('nearest-warehouse allocation (services as processes, Kafka, the query API)', () => {
  let system: TestSystem;
  const query = async (path: string) => {
    const res = await fetch(`${system.services.get('query-service')!.url}${path}`, { headers: await system.auth('operator') });
    expect([path, res.status]).toEqual([path, 200]);
    return (await res.json()) as D;
  };
  const allocated = (externalOrderId: string) =>
    waitFor(
      `${externalOrderId} allocated in the query API`,
      async () => {
        const res = await fetch(`${system.services.get('query-service')!.url}/channels/webshop/orders/${externalOrderId}`, {
          headers: await system.auth('operator'),
        });
        const body = res.status === 200 ? ((await res.json()) as D) : undefined;
        return body && ['ALLOCATED', 'PARTIALLY_BACKORDERED'].includes(body.status) ? body : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 100 },
    );
  const timelineAllocation = async (externalOrderId: string) => {
    const timeline = await query(`/orders/${orderIdFor('webshop', externalOrderId)}/timeline`);
    return (timeline.events as D[]).find((e) => e.type === 'StockAllocated')!.data as D;
  };

  beforeAll(async () => {
    system = await TestSystem.start(['order-service', 'inventory-service', 'query-service']);
    // "A" sorts first and is the regional default of the earlier rule; "B" is the one near Nuremberg.
    await system.produce(Topics.warehouseOperations, [
      warehouseRegistered('WH-A-MUC', 'DE', 'BY', MUNICH),
      warehouseRegistered('WH-B-NUE', 'DE', 'BY', NUREMBERG),
      stockReceived('WH-A-MUC', 'DISH', 10),
      stockReceived('WH-B-NUE', 'DISH', 10),
    ]);
    await waitFor('DISH known to the order service', async () => {
      const rows = (await system.db.dataSource.query(`SELECT 1 FROM order_known_skus WHERE sku = 'DISH'`)) as unknown[];
      return rows.length > 0;
    });
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('ships from the nearer of two warehouses in the same region, and the timeline says why', async () => {
    await system.produce(Topics.channelOrders, [
      orderSubmitted('NEAR-NUE', [{ sku: 'DISH', quantity: 2, unitPriceMinor: 900 }], {}, address('Nuremberg', { lat: 49.4521, lon: 11.0767 })),
      orderSubmitted('NEAR-MUC', [{ sku: 'DISH', quantity: 2, unitPriceMinor: 900 }], {}, address('Munich', { lat: 48.1372, lon: 11.5756 })),
    ]);
    const nue = await allocated('NEAR-NUE');
    const muc = await allocated('NEAR-MUC');
    expect(nue.shipments.map((s: D) => s.warehouseId)).toEqual(['WH-B-NUE']);
    expect(muc.shipments.map((s: D) => s.warehouseId)).toEqual(['WH-A-MUC']);

    const decision = (await timelineAllocation('NEAR-NUE')).decision as D;
    expect(decision.rule).toBe('NEAREST_SINGLE');
    expect(decision.shipTo).toEqual({ lat: 49.5, lon: 11.1, placedBy: 'ADDRESS' });
    expect(decision.considered.map((c: D) => [c.warehouseId, c.chosen, c.fillsAll])).toEqual([
      ['WH-B-NUE', true, true],
      ['WH-A-MUC', false, true],
    ]);
    const [near, far] = decision.considered.map((c: D) => c.distanceKm as number);
    expect(near).toBeLessThan(10);
    expect(far).toBeGreaterThan(140);
    expect((await timelineAllocation('NEAR-NUE')).shipments[0].distanceKm).toBe(near);
  });

  it('keeps the customer location only to one decimal, in the stored events', async () => {
    const placed = await system.waitForOrderEvent<D>(orderIdFor('webshop', 'NEAR-NUE'), 'OrderPlaced');
    expect(placed.data.shippingAddress.location).toEqual({ lat: 49.5, lon: 11.1 });
    const rows = (await system.db.dataSource.query(`SELECT count(*)::int AS n FROM events WHERE data::text LIKE '%49.4521%' OR data::text LIKE '%11.0767%'`)) as {
      n: number;
    }[];
    expect(rows[0].n).toBe(0);
  });

  it('splits only when it must: one warehouse cannot fill the order, the nearer gives what it has first', async () => {
    await system.produce(Topics.channelOrders, [
      orderSubmitted('SPLIT-NUE', [{ sku: 'DISH', quantity: 12, unitPriceMinor: 900 }], {}, address('Nuremberg', NUREMBERG)),
    ]);
    const order = await allocated('SPLIT-NUE');
    // 8 left at each after the first test: Nuremberg gives its 8, Munich the other 4.
    expect(order.shipments.map((s: D) => [s.warehouseId, s.lines])).toEqual([
      ['WH-B-NUE', [{ sku: 'DISH', quantity: 8 }]],
      ['WH-A-MUC', [{ sku: 'DISH', quantity: 4 }]],
    ]);
    expect(((await timelineAllocation('SPLIT-NUE')).decision as D).rule).toBe('SPLIT');
  });
});
