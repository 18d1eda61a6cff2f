import { randomUUID } from 'node:crypto';
import { StreamIds } from '@orderflow/contracts';
import { EventStore } from '@orderflow/event-store';
import { documentedRoutes } from '@orderflow/platform';
import { adminClient, createTestDatabase, fetchServedDocs, TestDatabase } from '@orderflow/testing';
import {
  expectedAfterSales,
  expectedFulfillment,
  expectedSales,
  expectedStock,
  QueryApp,
  startQueryApp,
  timelineOf,
} from '../test/expectations';
import { ev, HistoryWriter, OrderScript, Scenario, writeRealisticHistory } from '../test/order-history';
import { OPENAPI_DOCUMENT } from './docs/openapi';
import { queryMigrations } from './infrastructure/migrations';

type D = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('query API over a realistic history (real PostgreSQL, HTTP)', () => {
  let db: TestDatabase;
  let writer: HistoryWriter;
  let story: Scenario;
  let api: QueryApp;
  let head: number;

  beforeAll(async () => {
    db = await createTestDatabase(queryMigrations);
    writer = new HistoryWriter(db.dataSource);
    story = writeRealisticHistory(writer);
    await writer.flush();
    api = await startQueryApp(db, { QUERY_MIN_POSITION_TIMEOUT_MS: '1500' });
    await api.caughtUp();
    // The history, then the app's own key (ApiKeyCreated): the store's head.
    head = await new EventStore(db.dataSource).headPosition();
  });

  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  const order = async (o: OrderScript, query = '') => api.get(`/orders/${o.orderId}${query}`);
  const lineOf = (doc: D, sku: string) => doc.lines.find((l: D) => l.sku === sku);
  const shipmentOf = (doc: D, id: string) => doc.shipments.find((s: D) => s.shipmentId === id);

  describe('GET /orders/{orderId}', () => {
    it('shows an order delivered in two shipments, partly returned and refunded, with the position it reflects', async () => {
      const { status, body, headers } = await order(story.o1);
      expect(status).toBe(200);
      expect(Number(headers.get('x-projection-position'))).toBe(head);
      expect(body).toMatchObject({
        orderId: story.o1.orderId,
        orderNumber: 'OF-000001',
        channel: 'webshop',
        externalOrderId: 'W-1001',
        status: 'DELIVERED',
        customer: { id: 'C-1' },
        currency: 'EUR',
        totalMinor: 3399,
        placedAt: story.at(0, 9).toISOString(),
        confirmedAt: story.at(0, 9).toISOString(),
        estimatedDeliveryDate: story.day(3),
        deliveredAt: story.at(2, 15).toISOString(),
        refundedMinor: 899,
      });
      expect(lineOf(body, 'MUG-RED')).toMatchObject({ quantity: 2, allocated: 2, backordered: 0, shipped: 2, delivered: 2, returned: 0 });
      expect(lineOf(body, 'TEA-GREEN')).toMatchObject({ quantity: 1, allocated: 1, shipped: 1, delivered: 1, returned: 1 });
      expect(shipmentOf(body, 'OF-000001-1')).toMatchObject({
        warehouseId: 'WH-BER',
        carrier: 'ParcelNet',
        trackingNumber: 'TRK-OF-000001-1',
        status: 'DELIVERED',
        lines: [{ sku: 'MUG-RED', quantity: 2 }],
        promisedBy: story.day(3),
        delayed: false,
      });
      expect(body.returns).toEqual([
        expect.objectContaining({ rmaNumber: 'RMA-000001', status: 'REFUNDED', refundMinor: 899, lines: [expect.objectContaining({ sku: 'TEA-GREEN', received: 1 })] }),
        expect.objectContaining({ rmaNumber: 'RMA-000003', status: 'REJECTED', rejectionReason: 'asks for 5 of MUG-RED but 2 were delivered' }),
      ]);
      expect(body.complaints).toEqual([expect.objectContaining({ complaintId: 'CMP-000002', status: 'OPEN', resolveBy: story.at(5, 8).toISOString() })]);
    });

    it('shows a backorder filled later, a delayed shipment and a complaint resolved with goodwill', async () => {
      const { body } = await order(story.o2);
      expect(body).toMatchObject({ status: 'DELIVERED', currency: 'GBP', totalMinor: 20000, backorderedAt: story.at(0, 11, 2).toISOString() });
      expect(body.allocatedAt).toBe(story.at(1, 8, 2).toISOString());
      expect(lineOf(body, 'LAMP-BLUE')).toMatchObject({ allocated: 5, backordered: 0, shipped: 5, delivered: 5 });
      expect(shipmentOf(body, 'OF-000002-1')).toMatchObject({ delayed: true, newEstimate: story.day(5), promisedBy: story.day(3), status: 'DELIVERED' });
      expect(shipmentOf(body, 'OF-000002-2')).toMatchObject({ delayed: false });
      expect(body.complaints[0]).toMatchObject({ status: 'RESOLVED', goodwillRefundMinor: 500 });
      expect(body.refunds).toEqual([expect.objectContaining({ amountMinor: 500, currency: 'GBP', reason: 'GOODWILL', complaintId: 'CMP-000001' })]);
    });

    it('shows cancelled, rejected and still-waiting orders as their events left them', async () => {
      const cancelled = (await order(story.o3)).body;
      expect(cancelled).toMatchObject({ status: 'CANCELLED', cancellationReason: 'customer asked' });
      expect(lineOf(cancelled, 'PEN-BLACK')).toMatchObject({ allocated: 0, shipped: 0 });
      expect(shipmentOf(cancelled, 'OF-000003-1')).toMatchObject({ status: 'CANCELLED', released: true });

      const rejected = (await order(story.o4)).body;
      expect(rejected).toMatchObject({ status: 'REJECTED', rejectionReasons: ['currency USD is not used by channel "app" (it uses EUR)'], shipments: [] });

      const waiting = (await order(story.o6)).body;
      expect(waiting.status).toBe('BACKORDERED');
      expect(lineOf(waiting, 'TEA-GREEN')).toMatchObject({ allocated: 5, backordered: 5, shipped: 0 });
    });

    it('answers asOf with the order as it was, from the store, and equal to the live document once everything is recorded', async () => {
      const at = async (instant: Date) => order(story.o1, `?asOf=${encodeURIComponent(instant.toISOString())}`);
      const before = await at(story.at(0, 8));
      expect(before.status).toBe(404);
      expect(before.body.message).toMatch(/had not been placed/);

      const confirmed = (await at(new Date(story.at(0, 9).getTime() + 30_000))).body;
      expect(confirmed).toMatchObject({ status: 'CONFIRMED', shipments: [], returns: [] });
      expect(lineOf(confirmed, 'MUG-RED')).toMatchObject({ allocated: 0, shipped: 0 });

      const partly = (await at(story.at(0, 21))).body;
      expect(partly.status).toBe('PARTIALLY_SHIPPED');
      expect(shipmentOf(partly, 'OF-000001-1').status).toBe('PICKED_UP');
      expect(shipmentOf(partly, 'OF-000001-2').status).toBe('BOOKED');
      expect(lineOf(partly, 'MUG-RED')).toMatchObject({ shipped: 2, delivered: 0 });

      const halfway = (await at(story.at(2, 12))).body;
      expect(halfway.status).toBe('SHIPPED');
      expect(lineOf(halfway, 'MUG-RED').delivered).toBe(2);
      expect(lineOf(halfway, 'TEA-GREEN').delivered).toBe(0);

      const live = (await order(story.o1)).body;
      expect((await at(new Date())).body).toEqual(live);
    });

    it('answers with the stored document as JSON, on every path that reached it before (any letter case, a trailing slash)', async () => {
      const canonical = await order(story.o1);
      expect(canonical.headers.get('content-type')).toBe('application/json; charset=utf-8');
      for (const path of [`/orders/${story.o1.orderId}/`, `/ORDERS/${story.o1.orderId}`, `/Orders/${story.o1.orderId.toUpperCase()}`]) {
        const other = await api.get(path);
        expect([path, other.status, other.body]).toEqual([path, 200, canonical.body]);
      }
      const list = await api.get('/orders?limit=2');
      expect(list.headers.get('content-type')).toBe('application/json; charset=utf-8');
    });

    it('finds an order by the channel id, and answers 404 with a clear body for unknown orders', async () => {
      const byChannel = await api.get('/channels/webshop/orders/W-1001');
      expect(byChannel.status).toBe(200);
      expect(byChannel.body).toEqual((await order(story.o1)).body);

      const unknownId = randomUUID();
      const missing = await api.get(`/orders/${unknownId}`);
      expect(missing.status).toBe(404);
      expect(missing.body).toMatchObject({ statusCode: 404, error: 'Not Found', message: `no order ${unknownId} has been placed`, orderId: unknownId });
      expect(Number(missing.headers.get('x-projection-position'))).toBe(head);
      expect((await api.get('/channels/webshop/orders/NOPE-1')).status).toBe(404);
      expect((await api.get(`/orders/${unknownId}/timeline`)).status).toBe(404);
    });
  });

  describe('GET /orders/{orderId}/timeline', () => {
    it('lists every event that touched the order, from every service, in global order, with correlation and causation', async () => {
      const { body } = await api.get(`/orders/${story.o1.orderId}/timeline`);
      const expected = timelineOf(writer, story.o1.orderId);
      expect(body.events.map((e: D) => [e.position, e.type, e.correlationId, e.causationId])).toEqual(
        expected.map((e) => [e.position, e.type, e.correlationId, e.causationId]),
      );
      expect(new Set(body.events.map((e: D) => e.service))).toEqual(
        new Set(['order-service', 'inventory-service', 'shipping-service', 'after-sales-service']),
      );
      const refund = body.events.find((e: D) => e.type === 'RefundIssued');
      expect(refund).toMatchObject({ service: 'after-sales-service', streamId: 'return-RMA-000001', data: { amountMinor: 899 } });
      expect(refund.recordedAt).toBe(story.at(6, 10).toISOString());
    });
  });

  describe('GET /orders', () => {
    const placedOrders = () =>
      writer
        .ofType('OrderPlaced')
        .map((e) => ({ orderId: e.data.orderId, placedAt: Date.parse(e.data.placedAt), data: e.data }))
        .sort((a, b) => b.placedAt - a.placedAt || (a.orderId < b.orderId ? 1 : -1));

    const pageThrough = async (query: string, limit: number) => {
      const seen: D[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await api.get(`/orders?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status).toBe(200);
        expect(res.body.orders.length).toBeLessThanOrEqual(limit);
        seen.push(...res.body.orders);
        cursor = res.body.nextCursor;
        pages += 1;
      } while (cursor && pages < 100);
      return seen;
    };

    it('pages through every order newest first, without duplicates or gaps, ties broken by order id', async () => {
      const seen = await pageThrough('', 7);
      const expected = placedOrders();
      expect(seen.map((o) => o.orderId)).toEqual(expected.map((o) => o.orderId));
      expect(new Set(seen.map((o) => o.orderId)).size).toBe(seen.length);
      expect(seen[0]).toMatchObject({ orderNumber: 'OF-000006', channel: 'marketplace', status: 'BACKORDERED', totalMinor: 8990, totalUnits: 10 });
    });

    it.each([
      ['channel=marketplace', (o: D) => o.data.channel === 'marketplace'],
      ['customerId=C-1', (o: D) => o.data.customer.id === 'C-1'],
      ['sku=LAMP-BLUE', (o: D) => o.data.lines.some((l: D) => l.sku === 'LAMP-BLUE')],
    ])('filters by %s', async (query, match) => {
      const seen = await pageThrough(`&${query}`, 2);
      expect(seen.map((o) => o.orderId)).toEqual(placedOrders().filter(match).map((o) => o.orderId));
      expect(seen.length).toBeGreaterThan(1);
    });

    it('filters by status (one or several) and by when orders were placed', async () => {
      const delivered = await pageThrough('&status=DELIVERED', 10);
      expect(delivered.map((o) => o.orderNumber).sort()).toEqual(['OF-000001', 'OF-000002', 'OF-000005']);
      const closed = await pageThrough('&status=CANCELLED,REJECTED', 10);
      expect(closed.map((o) => o.orderNumber).sort()).toEqual(['OF-000003', 'OF-000004']);
      const from = story.at(3);
      const to = story.at(3, 5);
      const window = await pageThrough(`&placedFrom=${from.toISOString()}&placedTo=${to.toISOString()}`, 5);
      const expected = placedOrders().filter((o) => o.placedAt >= from.getTime() && o.placedAt < to.getTime());
      expect(window.map((o) => o.orderId)).toEqual(expected.map((o) => o.orderId));
      expect(expected.length).toBeGreaterThan(5);
    });

    it.each([
      ['/orders?limit=900', 'limit', /integer from 1 to 500/, '900'],
      ['/orders?limit=ten', 'limit', /integer from 1 to 500/, 'ten'],
      ['/orders?status=SHIPPING', 'status', /one or more .* of PLACED, CONFIRMED/, 'SHIPPING'],
      ['/orders?cursor=bm90LWEtY3Vyc29y', 'cursor', /nextCursor of a previous page/, 'bm90LWEtY3Vyc29y'],
      ['/orders?placedFrom=yesterday', 'placedFrom', /ISO-8601 date/, 'yesterday'],
      ['/orders?colour=red', 'colour', /not expected \(expected one of: channel, orderNumber, externalOrderId, status/, 'red'],
      ['/orders?placedFrom=2026-03-05&placedTo=2026-03-01', 'placedTo', /after placedFrom/, '2026-03-01'],
      ['/orders?minPosition=-1', 'minPosition', /integer from 0/, '-1'],
      ['/orders/not-a-uuid', 'orderId', /UUID/, 'not-a-uuid'],
      [`/channels/webshop/orders/${'W'.repeat(201)}`, 'externalOrderId', /at most 200 characters/, 'W'.repeat(201)],
      [`/orders/${randomUUID()}?asOf=last-tuesday`, 'asOf', /ISO-8601 date-time/, 'last-tuesday'],
      ['/reports/sales?groupBy=week', 'groupBy', /one of day, channel, sku/, 'week'],
      ['/reports/fulfillment?from=2026-03-05&to=2026-03-01', 'to', /after "from"/, '2026-03-01'],
      ['/inventory?belowAvailable=lots', 'belowAvailable', /integer/, 'lots'],
    ])('GET %s is a 400 naming %s, what was expected and what arrived', async (path, parameter, expected, received) => {
      const { status, body } = await api.get(path);
      expect(status).toBe(400);
      expect(body.problems).toEqual([expect.objectContaining({ parameter, received })]);
      expect(body.problems[0].expected).toMatch(expected);
      expect(body.message).toContain(`"${parameter}"`);
      expect(JSON.stringify(body)).not.toMatch(/\bat .+\.ts:\d+/);
    });
  });

  describe('GET /shipments/{id} and /returns/{rma}', () => {
    it('shows a shipment with its order, including an exchange replacement', async () => {
      const delayed = await api.get('/shipments/OF-000002-1');
      expect(delayed.status).toBe(200);
      expect(delayed.body).toMatchObject({
        shipmentId: 'OF-000002-1',
        orderId: story.o2.orderId,
        orderNumber: 'OF-000002',
        purpose: 'ORDER',
        carrier: 'RoyalPost',
        status: 'DELIVERED',
        delayed: true,
        newEstimate: story.day(5),
      });
      const replacement = (await api.get('/shipments/RMA-000002-1')).body;
      expect(replacement).toMatchObject({ purpose: 'EXCHANGE', rmaNumber: 'RMA-000002', status: 'PICKED_UP', orderNumber: 'OF-000005' });
      expect((await api.get('/shipments/OF-999999-1')).status).toBe(404);
    });

    it('shows a return with its order', async () => {
      const refunded = (await api.get('/returns/RMA-000001')).body;
      expect(refunded).toMatchObject({ rmaNumber: 'RMA-000001', orderId: story.o1.orderId, status: 'REFUNDED', refundMinor: 899, currency: 'EUR' });
      const exchanged = (await api.get('/returns/RMA-000002')).body;
      expect(exchanged).toMatchObject({ status: 'EXCHANGED', resolution: 'EXCHANGE', exchange: { shipmentId: 'RMA-000002-1', trackingNumber: 'TRK-X' } });
      expect(exchanged.lines).toEqual([expect.objectContaining({ sku: 'MUG-RED', received: 1, damaged: 1 })]);
      const missing = await api.get('/returns/RMA-424242');
      expect(missing).toMatchObject({ status: 404, body: { message: 'no return RMA-424242' } });
    });
  });

  describe('GET /inventory', () => {
    it('shows each SKU per warehouse as the stock events add up, with what waits for it', async () => {
      const { levels, waiting } = expectedStock(writer);
      for (const sku of ['MUG-RED', 'TEA-GREEN', 'LAMP-BLUE', 'PEN-BLACK']) {
        const { status, body, headers } = await api.get(`/inventory/${sku}`);
        expect(status).toBe(200);
        expect(Number(headers.get('x-projection-position'))).toBe(head);
        const expected = [...levels].filter(([k]) => k.startsWith(`${sku}|`)).map(([k, v]) => ({ warehouseId: k.split('|')[1], ...v, available: v.onHand - v.reserved }));
        expect(body.warehouses.map((w: D) => ({ warehouseId: w.warehouseId, onHand: w.onHand, reserved: w.reserved, available: w.available }))).toEqual(
          expected.sort((a, b) => (a.warehouseId < b.warehouseId ? -1 : 1)),
        );
        expect(body.backordered).toBe(waiting.get(sku) ?? 0);
        expect(body.available).toBe(expected.reduce((n, w) => n + w.available, 0));
      }
      const lamps = (await api.get('/inventory/LAMP-BLUE')).body;
      expect(lamps.backorders).toEqual([expect.objectContaining({ orderId: story.o7.orderId, quantity: 2 })]);
      expect(lamps.warehouses[0]).toMatchObject({ warehouseName: 'Warehouse WH-LON', country: 'GB' });
    });

    it('lists stock rows below an available level, scarcest first, and 404s an unknown SKU', async () => {
      const { levels } = expectedStock(writer);
      const { body } = await api.get('/inventory?belowAvailable=3');
      const expected = [...levels]
        .map(([k, v]) => ({ sku: k.split('|')[0], warehouseId: k.split('|')[1], available: v.onHand - v.reserved }))
        .filter((r) => r.available < 3)
        .sort((a, b) => a.available - b.available || (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : a.warehouseId < b.warehouseId ? -1 : 1));
      expect(body.items.map((r: D) => ({ sku: r.sku, warehouseId: r.warehouseId, available: r.available }))).toEqual(expected);
      expect(expected.length).toBeGreaterThan(0);
      expect((await api.get('/inventory/NO-SUCH-SKU')).status).toBe(404);
    });
  });

  describe('reports', () => {
    it.each(['day', 'channel', 'sku'] as const)('sales grouped by %s match an independent count of what was appended', async (groupBy) => {
      const from = story.at(0);
      const to = story.at(5);
      const { status, body } = await api.get(`/reports/sales?from=${from.toISOString()}&to=${to.toISOString()}&groupBy=${groupBy}`);
      expect(status).toBe(200);
      const expected = expectedSales(writer, from, to, groupBy);
      expect(body.groups).toEqual(expected);
      expect(expected.filter((r) => r.orders > 0).length).toBeGreaterThan(1);
      expect(expected.reduce((n, r) => n + r.cancellations, 0)).toBe(1);
      const eur = body.totals.find((x: D) => x.currency === 'EUR');
      const expectedEur = expectedSales(writer, from, to, 'channel').filter((r) => r.currency === 'EUR');
      expect(eur.revenueMinor).toBe(expectedEur.reduce((n, r) => n + r.revenueMinor, 0));
      expect(body.totals.map((x: D) => x.currency).sort()).toEqual(['EUR', 'GBP', 'USD']);
    });

    it('fulfilment lead times, on-time rate, delays and backorder ageing match an independent reckoning', async () => {
      const from = story.at(0);
      const to = story.at(6);
      const { body } = await api.get(`/reports/fulfillment?from=${story.day(0)}&to=${story.day(6)}`);
      const expected = expectedFulfillment(writer, from, to, new Date());
      for (const [name, stats] of Object.entries(expected.leadTimes)) {
        expect(body.leadTimes[name].count).toBe(stats.count);
        for (const k of ['p50Seconds', 'p90Seconds', 'maxSeconds'] as const) {
          if (stats[k] === null) expect(body.leadTimes[name][k]).toBeNull();
          else expect(body.leadTimes[name][k]).toBeCloseTo(stats[k]!, 3);
        }
      }
      expect(body.leadTimes.placedToDelivered.p50Hours).toBeCloseTo(expected.leadTimes.placedToDelivered.p50Seconds! / 3600, 2);
      expect(body.onTimeDelivery).toEqual(expected.onTimeDelivery);
      expect(body.onTimeDelivery).toMatchObject({ delivered: 3, onTime: 2 });
      expect(body.delayedShipments.count).toBe(expected.delayedShipments);
      expect(body.delayedShipments.byCarrier).toEqual([{ carrier: 'RoyalPost', count: 1 }]);
      expect(body.backorderAgeing.buckets).toEqual(expected.backorderAgeing);
      expect(body.backorderAgeing.buckets.map((b: D) => b.units)).toEqual([0, 5, 0, 2]);
      expect(expected.leadTimes.allocatedToShipped.count).toBeGreaterThan(2);
    });

    it('after-sales figures match an independent reckoning', async () => {
      const from = story.at(2);
      const to = story.at(8);
      const { body } = await api.get(`/reports/after-sales?from=${from.toISOString()}&to=${to.toISOString()}`);
      const expected = expectedAfterSales(writer, from, to);
      expect(body.returnRateBySku).toEqual(expected.returnRateBySku);
      expect(body.returnRateBySku).toEqual(
        expect.arrayContaining([
          { sku: 'MUG-RED', deliveredUnits: 3, returnedUnits: 1, returnRate: 1 / 3 },
          { sku: 'TEA-GREEN', deliveredUnits: 1, returnedUnits: 1, returnRate: 1 },
        ]),
      );
      expect(body.complaints).toMatchObject({ opened: 3, resolved: 2, resolvedWithinDeadline: 1, openedBySource: { CUSTOMER: 2, CARRIER: 1 } });
      expect(body.returnsByReason).toEqual(expected.returnsByReason);
      expect(body.returns).toEqual(expected.returns);
      expect(body.refunds).toEqual(expected.refunds);
      expect(body.exchanges).toEqual(expected.exchanges);
      const { timeToResolve, ...complaints } = body.complaints;
      const { timeToResolve: expectedTime, ...expectedComplaints } = expected.complaints;
      expect(complaints).toEqual(expectedComplaints);
      expect(timeToResolve).toMatchObject(expectedTime);
      expect(body.refunds.map((r: D) => r.currency)).toEqual(['EUR', 'GBP']); // never summed across currencies
    });
  });

  describe('operations', () => {
    it('GET /projections shows each checkpoint at the store head with no lag', async () => {
      const { body, headers } = await api.get('/projections');
      expect(Number(headers.get('x-projection-position'))).toBe(head);
      expect(body.projections).toEqual([
        expect.objectContaining({ name: 'orders', state: 'live', headPosition: head, lagEvents: 0, lagSeconds: 0, checkpoint: expect.objectContaining({ position: head }) }),
        expect.objectContaining({ name: 'inventory', state: 'live', headPosition: head, lagEvents: 0, lagSeconds: 0, checkpoint: expect.objectContaining({ position: head }) }),
        expect.objectContaining({ name: 'payments', state: 'live', headPosition: head, lagEvents: 0, lagSeconds: 0, checkpoint: expect.objectContaining({ position: head }) }),
        expect.objectContaining({ name: 'reports', state: 'live', headPosition: head, lagEvents: 0, lagSeconds: 0, checkpoint: expect.objectContaining({ position: head }) }),
      ]);
    });

    it('documents exactly the routes the app serves, and serves the document', async () => {
      const served = api.routes;
      expect([...served].sort()).toEqual(documentedRoutes(OPENAPI_DOCUMENT).sort());

      const json = await api.get('/docs/openapi.json');
      expect(json.body).toEqual(JSON.parse(JSON.stringify(OPENAPI_DOCUMENT)));
    });

    it('serves Swagger UI at /docs with its own assets (no CDN), loading the document', async () => {
      const docs = await fetchServedDocs(api.url);
      expect([docs.pageStatus, docs.pageType]).toEqual([200, expect.stringMatching(/^text\/html/)]);
      expect(docs.assets.map((a) => a.path)).toEqual(expect.arrayContaining(['/docs/assets/swagger-ui.css', '/docs/assets/swagger-ui-bundle.js', '/docs/assets/orderflow-docs.js']));
      for (const asset of docs.assets) {
        const type = { js: /^text\/javascript/, css: /^text\/css/, png: /^image\/png/, json: /^application\/json/ }[asset.path.split('.').pop()!]!;
        // Everything from this service itself: no CDN.
        expect([asset.path, asset.status, asset.type]).toEqual([expect.stringMatching(/^\/docs\//), 200, expect.stringMatching(type)]);
        expect(asset.bytes).toBeGreaterThan(100);
      }
      // The start script loads this service's own document.
      expect(docs.startScript).toContain("url: '/docs/openapi.json'");
      expect((await fetch(`${api.url}/docs/assets/..%2Fpackage.json`)).status).toBe(404);
      expect((await fetch(`${api.url}/docs/assets/index.html`)).status).toBe(404);
    });

    it('answers an unknown route with a JSON 404 and a failure with a 500 carrying a correlation id, never a stack', async () => {
      const unknown = await api.get('/ordres');
      expect(unknown).toMatchObject({ status: 404, body: { statusCode: 404, message: expect.stringMatching(/no such resource: GET \/ordres/) } });

      const su = await adminClient(db);
      try {
        await su.query(`ALTER TABLE query.order_returns RENAME TO order_returns_away`);
        const failed = await api.get('/returns/RMA-000001', { 'X-Correlation-Id': 'probe-500' });
        expect(failed.status).toBe(500);
        expect(failed.body).toEqual({
          statusCode: 500,
          error: 'Internal Server Error',
          message: expect.stringMatching(/correlation id/),
          correlationId: 'probe-500',
        });
        expect(failed.headers.get('x-correlation-id')).toBe('probe-500');
      } finally {
        await su.query(`ALTER TABLE query.order_returns_away RENAME TO order_returns`);
        await su.end();
      }
    });
  });

  describe('read-your-writes', () => {
    it('waits for minPosition, even behind a transaction held open, then reflects the write', async () => {
      const store = new EventStore(db.dataSource);
      const slow = db.dataSource.createQueryRunner();
      await slow.connect();
      try {
        await slow.startTransaction();
        await store.append(
          StreamIds.stock('SLOW-SKU'),
          [{ eventId: randomUUID(), type: 'StockReceived', data: { sku: 'SLOW-SKU', warehouseId: 'WH-BER', quantity: 1 } }],
          { expectedVersion: 'no_stream', tx: slow },
        );
        const late = new OrderScript(writer, {
          channel: 'webshop',
          externalOrderId: 'W-RYW',
          orderNumber: 'OF-000900',
          currency: 'EUR',
          customerId: 'C-900',
          lines: [{ sku: 'MUG-RED', quantity: 1, unitPriceMinor: 1250 }],
          placedAt: new Date(),
          estimatedDeliveryDate: story.day(12),
        });
        const [placed] = await writer.append(new Date(), StreamIds.order(late.orderId), 'channel:webshop', ev('OrderPlaced', {
          ...late.ref,
          orderNumber: 'OF-000900',
          customer: { id: 'C-900', name: 'Late Writer', email: 'late@example.com' },
          shippingAddress: { line1: 'x', city: 'Berlin', postalCode: '10115', country: 'DE' },
          lines: late.spec.lines,
          currency: 'EUR',
          totalMinor: 1250,
          placedAt: new Date().toISOString(),
          status: 'PLACED',
        }));
        const pending = api.get(`/orders/${late.orderId}?minPosition=${placed.position}`);
        await new Promise((r) => setTimeout(r, 300));
        await slow.commitTransaction();
        const answer = await pending;
        expect(answer.status).toBe(200);
        expect(answer.body).toMatchObject({ orderNumber: 'OF-000900', status: 'PLACED' });
        expect(Number(answer.headers.get('x-projection-position'))).toBeGreaterThanOrEqual(placed.position);

        const stock = await api.get(`/inventory/SLOW-SKU?minPosition=${placed.position}`);
        expect(stock.status).toBe(200);
        expect(stock.body.onHand).toBe(1);
      } finally {
        if (slow.isTransactionActive) await slow.rollbackTransaction();
        await slow.release();
      }
    });

    it('answers 409 naming the position reached when minPosition is not reflected in time', async () => {
      const beyond = head + 10_000;
      const { status, body, headers } = await api.get(`/orders?minPosition=${beyond}`);
      expect(status).toBe(409);
      expect(body).toMatchObject({ requestedPosition: beyond, projection: 'orders' });
      expect(body.projectionPosition).toBeGreaterThanOrEqual(head);
      expect(body.message).toMatch(new RegExp(`has not reflected position ${beyond} within 1500 ms; it has reached position ${body.projectionPosition}`));
      expect(Number(headers.get('x-projection-position'))).toBe(body.projectionPosition);
    });
  });

  describe('audit', () => {
    it('returns the raw stored events of a stream with their hash chain', async () => {
      const streamId = StreamIds.order(story.o1.orderId);
      const { status, body } = await api.get(`/audit/streams/${streamId}`);
      expect(status).toBe(200);
      const stored = await new EventStore(db.dataSource).readStream(streamId);
      expect(body.events.map((e: D) => [e.globalPosition, e.streamVersion, e.type, e.prevHash, e.hash])).toEqual(
        stored.map((e) => [e.globalPosition, e.streamVersion, e.type, e.prevHash, e.hash]),
      );
      expect(body.events[0].prevHash).toBe('0'.repeat(64));
      body.events.slice(1).forEach((e: D, i: number) => expect(e.prevHash).toBe(body.events[i].hash));
      const asOf = (await api.get(`/audit/streams/${streamId}?asOf=${story.at(0, 12).toISOString()}`)).body;
      expect(asOf.events.map((e: D) => e.type)).toEqual(['OrderPlaced', 'OrderConfirmed', 'OrderAllocated']);
      expect((await api.get('/audit/streams/order-nothing-here')).status).toBe(404);
    });

    it('verifies every chain, and names the first event a superuser altered behind the trigger', async () => {
      const clean = await api.get('/audit/verify');
      // The history, the event written above, and the app's ApiKeyCreated.
      expect(clean.body).toMatchObject({ ok: true, eventsChecked: writer.log.length + 2 });

      const streamId = StreamIds.order(story.o2.orderId);
      const su = await adminClient(db);
      try {
        await su.query(`SET session_replication_role = replica`);
        await su.query(`UPDATE events SET data = jsonb_set(data, '{totalMinor}', '1') WHERE stream_id = $1 AND stream_version = 1`, [streamId]);
      } finally {
        await su.end();
      }
      const broken = await api.get('/audit/verify');
      expect(broken.status).toBe(200);
      expect(broken.body).toMatchObject({ ok: false, firstBreak: { streamId, streamVersion: 1, reason: expect.stringMatching(/hash/) } });
      const one = await api.get(`/audit/verify?streamId=${streamId}`);
      expect(one.body).toMatchObject({ ok: false, firstBreak: { streamId, streamVersion: 1 } });
      const other = await api.get(`/audit/verify?streamId=${StreamIds.order(story.o1.orderId)}`);
      expect(other.body).toMatchObject({ ok: true });
      expect((await api.get('/audit/verify?streamId=order-nothing-here')).status).toBe(404);
    });
  });
});
