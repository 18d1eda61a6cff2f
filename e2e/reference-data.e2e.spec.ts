import { orderIdFor, StreamIds, Topics } from '@orderflow/contracts';
import { waitFor } from '@orderflow/testing';
import { orderflow } from './support/cli';
import { Line, orderSubmitted, shipmentPacked, stockReceived, warehouseRegistered } from './support/messages';
import { TestSystem } from './support/system';

type D = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Reference data managed at run time (docs/adr/0032), with the order, inventory, shipping and query
 * services as processes: a channel added through the CLI takes orders within seconds, without a
 * restart; the catalogue's prices reject an order on one channel and flag it on another; and the
 * catalogue's weight, published on order.events, weighs a parcel its warehouse did not weigh.
 */
describe('reference data at run time (services as processes, Kafka, the query API)', () => {
  let system: TestSystem;
  let adminKey: string;
  const url = (service: 'order-service' | 'shipping-service' | 'query-service') => system.services.get(service)!.url;

  const admin = async (path: string, body: unknown) => {
    const res = await fetch(`${url('order-service')}${path}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect([path, res.status]).toEqual([path, 200]);
    return (await res.json()) as D;
  };
  const query = async (path: string) => {
    const res = await fetch(`${url('query-service')}${path}`, { headers: await system.auth('operator') });
    return { status: res.status, body: (await res.json()) as D };
  };
  /** The order as the query API shows it, once it has reached one of these statuses. */
  const orderReaching = (channel: string, externalOrderId: string, statuses: string[], timeoutMs = 60_000) =>
    waitFor(
      `${channel}:${externalOrderId} ${statuses.join(' or ')} in the query API`,
      async () => {
        const { status, body } = await query(`/channels/${channel}/orders/${externalOrderId}`);
        return status === 200 && statuses.includes(body.status) ? body : undefined;
      },
      { timeoutMs, intervalMs: 100 },
    );
  const submit = (channel: string, externalOrderId: string, lines: Line[]) => system.produce(Topics.channelOrders, [orderSubmitted(externalOrderId, lines, { channel })]);
  const mugs = (quantity: number, unitPriceMinor: number): Line[] => [{ sku: 'MUG-RED', quantity, unitPriceMinor }];

  beforeAll(async () => {
    system = await TestSystem.start(['order-service', 'inventory-service', 'shipping-service', 'query-service']);
    adminKey = await system.key('admin');
    await system.produce(Topics.warehouseOperations, [warehouseRegistered('WH-BER', 'DE', 'BE'), stockReceived('WH-BER', 'MUG-RED', 100)]);
    await waitFor('MUG-RED known to the order service', async () => {
      const rows = (await system.db.dataSource.query(`SELECT 1 FROM order_known_skus WHERE sku = 'MUG-RED'`)) as unknown[];
      return rows.length > 0;
    });
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('takes orders from a channel added at run time within seconds, without a restart', async () => {
    await submit('kiosk', 'K-1', mugs(1, 1299));
    const before = await orderReaching('kiosk', 'K-1', ['REJECTED']);
    expect(before.rejectionReasons).toEqual(['channel "kiosk" is not configured']);

    const env = { ORDER_SERVICE_URL: url('order-service'), ORDERFLOW_API_KEY: adminKey };
    const put = await orderflow(system, ['admin', 'channels', 'put', 'kiosk', '--currencies', 'EUR,GBP', '--payment-mode', 'invoice'], env);
    expect([put.code, put.stdout, put.stderr]).toEqual([0, expect.stringMatching(/^channel kiosk: recorded as version 1\n/), '']);
    const added = Date.now();
    await submit('kiosk', 'K-2', mugs(1, 1299));
    const after = await orderReaching('kiosk', 'K-2', ['CONFIRMED', 'ALLOCATED'], 10_000);
    expect(Date.now() - added).toBeLessThan(10_000);
    expect(after).toMatchObject({ channel: 'kiosk', currency: 'EUR' });

    const list = await orderflow(system, ['admin', 'channels', 'list'], env);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^kiosk {2}\{"authorizationTimeoutMinutes":30,"currencies":\["EUR","GBP"\],"paymentMode":"invoice","priceCheck":"off"\} {2}version 1, changed .+ by key:\w+ \(admin/m);
    expect(list.stdout).toMatch(/^webshop .* by env:ORDER_CHANNELS$/m);
  });

  it("rejects a line priced otherwise than the catalogue on a 'reject' channel, and flags it on a 'flag' one", async () => {
    await admin('/admin/channels/strict', { currencies: ['EUR'], priceCheck: 'reject' });
    await admin('/admin/channels/loose', { currencies: ['EUR'], priceCheck: 'flag', paymentMode: 'invoice' });
    await admin('/admin/products/MUG-RED', {
      name: 'Red mug',
      weightGrams: 350,
      prices: [
        { channel: 'strict', currency: 'EUR', unitPriceMinor: 1299 },
        { channel: 'loose', currency: 'EUR', unitPriceMinor: 1299 },
      ],
    });
    const differs = 'line 1 (SKU MUG-RED): price 1199 EUR differs from the catalogue price 1299 EUR';

    await submit('strict', 'S-1', mugs(2, 1199));
    const rejected = await orderReaching('strict', 'S-1', ['REJECTED']);
    expect(rejected.rejectionReasons).toEqual([differs]);

    await submit('loose', 'L-1', mugs(2, 1199));
    const confirmed = await orderReaching('loose', 'L-1', ['CONFIRMED', 'ALLOCATED']);
    expect(confirmed.lines).toMatchObject([{ sku: 'MUG-RED', quantity: 2, unitPriceMinor: 1199 }]);
    const timeline = await waitFor('the flag on the timeline', async () => {
      const { body } = await query(`/orders/${confirmed.orderId}/timeline`);
      return body.events?.find((e: D) => e.type === 'OrderPriceFlagged') ? (body.events as D[]) : undefined;
    });
    const types = timeline.map((e) => e.type);
    expect(types.indexOf('OrderPriceFlagged')).toBe(types.indexOf('OrderConfirmed') + 1);
    expect(timeline.find((e) => e.type === 'OrderPriceFlagged')?.data).toMatchObject({ flags: [differs] });
    expect(timeline.find((e) => e.type === 'OrderConfirmed')?.data).toMatchObject({ channelSettingsVersion: 1 });
  });

  it('manages products, lead times and carriers from the CLI, naming a refused field with exit code 2', async () => {
    const env = { ORDER_SERVICE_URL: url('order-service'), SHIPPING_SERVICE_URL: url('shipping-service'), ORDERFLOW_API_KEY: adminKey };
    const product = await orderflow(system, ['admin', 'products', 'put', 'TEA', '--name', 'Green tea', '--weight-grams', '120', '--price', 'kiosk:EUR:899', '--price', 'kiosk:GBP:799'], env);
    expect([product.code, product.stdout]).toEqual([0, 'product TEA: recorded as version 1\n{"name":"Green tea","prices":[{"channel":"kiosk","currency":"EUR","unitPriceMinor":899},{"channel":"kiosk","currency":"GBP","unitPriceMinor":799}],"weightGrams":120}\n']);
    const leadTime = await orderflow(system, ['admin', 'lead-times', 'put', 'AT', '--days', '3'], env);
    expect([leadTime.code, leadTime.stdout]).toEqual([0, 'lead time AT: unchanged at version 1\n{"days":3}\n']); // as ORDER_LEAD_TIME_DAYS seeded it
    const carrier = await orderflow(
      system,
      ['admin', 'carriers', 'put', 'Bike', '--service-level', 'SAME_DAY', '--transit-days', '0', '--max-weight-grams', '5000', '--countries', 'DE', '--base-cost-minor', '100', '--cost-per-kg-minor', '10', '--currency', 'EUR', '--tracking-prefix', 'BK'],
      env,
    );
    expect([carrier.code, carrier.stdout]).toEqual([0, expect.stringMatching(/^carrier Bike: recorded as version 1\n/)]);
    const carriers = await orderflow(system, ['admin', 'carriers', 'list'], env);
    expect(carriers.stdout.split('\n').filter(Boolean).map((line) => line.split(' ')[0])).toEqual(['Bike', 'FreightLine', 'ParcelNet', 'SwiftAir']);

    const refused = await orderflow(system, ['admin', 'lead-times', 'put', 'DE', '--days', 'three'], env);
    expect([refused.code, refused.stderr]).toEqual([2, 'orderflow: PUT /admin/lead-times/DE: 400 field "days": expected a whole number of days, got "three"\n']);
    const unauthorised = await orderflow(system, ['admin', 'carriers', 'list'], { ...env, ORDERFLOW_API_KEY: await system.key('operator') });
    expect([unauthorised.code, unauthorised.stderr]).toEqual([1, expect.stringMatching(/403 .*reference-data:manage .*set ORDERFLOW_API_KEY to an admin key/)]);
  });

  it("weighs a parcel its warehouse did not weigh by the catalogue's weight, as shipping learnt it from order.events", async () => {
    const orderId = orderIdFor('loose', 'L-1');
    const requested = await system.waitForOrderEvent<{ shipmentId: string; warehouseId: string }>(orderId, 'ShipmentRequested');
    const { weightGrams: _weighed, ...unweighed } = shipmentPacked(requested.data.shipmentId);
    await system.produce(Topics.warehouseOperations, [{ key: requested.data.warehouseId, value: JSON.stringify(unweighed) }]);
    const booked = await system.waitForEvent<{ weightGrams: number }>(StreamIds.shipment(requested.data.shipmentId), 'ShipmentBooked');
    expect(booked.data.weightGrams).toBe(700); // two mugs of 350 g
  });
});
