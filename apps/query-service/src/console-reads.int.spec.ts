import { StreamIds } from '@orderflow/contracts';
import { createTestDatabase, TestDatabase } from '@orderflow/testing';
import { expectedStock, QueryApp, startQueryApp } from '../test/expectations';
import { HistoryWriter, OrderScript, Scenario, writeRealisticHistory } from '../test/order-history';
import { queryMigrations } from './infrastructure/migrations';

type D = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const MINUTE = 60_000;

/**
 * What the operator console reads besides the queues: the order search by number and channel id,
 * orders per minute, the funnel and a SKU's stock history, each checked against a reckoning of
 * the events the test appended.
 */
describe('console reads: order search, overview figures, stock history (real PostgreSQL, HTTP)', () => {
  let db: TestDatabase;
  let api: QueryApp;
  let w: HistoryWriter;
  let story: Scenario;
  const now = new Date();
  const ago = (ms: number) => new Date(now.getTime() - ms);

  beforeAll(async () => {
    db = await createTestDatabase(queryMigrations);
    w = new HistoryWriter(db.dataSource);
    story = writeRealisticHistory(w, now);
    // Orders of the last hour and one just before it, for the per-minute figures.
    const recent: [string, string, Date][] = [
      ['R1', 'webshop', ago(2 * MINUTE)],
      ['R2', 'webshop', ago(2 * MINUTE)],
      ['R3', 'marketplace', ago(2 * MINUTE)],
      ['R4', 'app', ago(10 * MINUTE)],
      ['R5', 'webshop', ago(70 * MINUTE)],
    ];
    for (const [name, channel, placedAt] of recent) {
      new OrderScript(w, {
        channel,
        externalOrderId: `X-${name}`,
        orderNumber: `OF-7${name}`,
        currency: 'EUR',
        customerId: 'C-9',
        lines: [{ sku: 'PEN-BLACK', quantity: 1, unitPriceMinor: 350 }],
        placedAt,
        estimatedDeliveryDate: story.day(12),
      }).placeAndConfirm();
    }
    await w.flush();
    api = await startQueryApp(db);
    await api.caughtUp();
  });

  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  describe('GET /orders by order number or channel id', () => {
    it('finds exactly the order with that number, or that channel id', async () => {
      const byNumber = (await api.get('/orders?orderNumber=OF-000002')).body.orders as D[];
      expect(byNumber.map((o) => o.orderId)).toEqual([story.o2.orderId]);
      const byExternal = (await api.get('/orders?channel=webshop&externalOrderId=W-1001')).body.orders as D[];
      expect(byExternal.map((o) => o.orderId)).toEqual([story.o1.orderId]);
      expect((await api.get('/orders?channel=marketplace&externalOrderId=W-1001')).body.orders).toEqual([]);
      expect((await api.get('/orders?orderNumber=OF-999999')).body.orders).toEqual([]);
    });

    it("keeps a channel key to its own channel's orders", async () => {
      const webshop = await api.key('channel', { channel: 'webshop' });
      const auth = { authorization: `Bearer ${webshop}` };
      expect((await api.get('/orders?orderNumber=OF-000002', auth)).body.orders).toEqual([]);
      expect(((await api.get('/orders?orderNumber=OF-000001', auth)).body.orders as D[]).map((o) => o.orderId)).toEqual([story.o1.orderId]);
    });

    it('answers an empty order number with a 400 naming it', async () => {
      const { status, body } = await api.get('/orders?orderNumber=');
      expect(status).toBe(400);
      expect(body.problems).toEqual([expect.objectContaining({ parameter: 'orderNumber', in: 'query' })]);
    });
  });

  describe('GET /reports/orders-per-minute', () => {
    it('counts the orders placed per minute and channel over the last hour, the current minute included', async () => {
      const { status, body } = await api.get('/reports/orders-per-minute');
      expect(status).toBe(200);
      const from = Date.parse(body.from);
      const to = Date.parse(body.to);
      expect(to - from).toBe(60 * MINUTE);
      expect(to % MINUTE).toBe(0);
      expect(to).toBeGreaterThan(Date.now() - MINUTE);
      const expected = new Map<string, D>();
      for (const e of w.ofType('OrderPlaced')) {
        const placed = Date.parse(e.data.placedAt);
        if (placed < from || placed >= to) continue;
        const minute = Math.floor(placed / MINUTE) * MINUTE;
        const key = `${minute}|${e.data.channel}`;
        const row = expected.get(key) ?? { minute, channel: e.data.channel, orders: 0 };
        row.orders += 1;
        expected.set(key, row);
      }
      const rows = [...expected.values()].sort((a, b) => a.minute - b.minute || (a.channel < b.channel ? -1 : 1));
      expect(rows.map((r) => r.orders).reduce((a, b) => a + b, 0)).toBe(4);
      expect(body.buckets.map((b: D) => ({ ...b, minute: Date.parse(b.minute) }))).toEqual(rows);
    });

    it('takes 1 to 1440 minutes', async () => {
      expect(((await api.get('/reports/orders-per-minute?minutes=5')).body.buckets as D[]).map((b) => b.orders).reduce((a, b) => a + b, 0)).toBe(3);
      for (const minutes of ['0', '1441', 'ten']) {
        const { status, body } = await api.get(`/reports/orders-per-minute?minutes=${minutes}`);
        expect([minutes, status]).toEqual([minutes, 400]);
        expect(body.problems).toEqual([expect.objectContaining({ parameter: 'minutes', received: minutes })]);
      }
    });
  });

  describe('GET /reports/funnel', () => {
    /** Of the orders placed in [from, to), how many reached each stage or a later one, from the events themselves. */
    const expectedFunnel = (from: Date, to: Date) => {
      const ids = (type: string, purpose?: string) =>
        new Set(w.log.filter((e) => e.type === type && (!purpose || e.data.purpose === purpose)).map((e) => String(e.data.orderId)));
      const confirmed = ids('OrderConfirmed');
      const allocated = ids('OrderAllocated');
      const shipped = ids('ShipmentPickedUp', 'ORDER');
      const delivered = ids('OrderDelivered');
      const placed = w.ofType('OrderPlaced').filter((e) => Date.parse(e.data.placedAt) >= from.getTime() && Date.parse(e.data.placedAt) < to.getTime());
      const reached = (...stages: Set<string>[]) => placed.filter((e) => stages.some((s) => s.has(e.data.orderId))).length;
      return {
        placed: placed.length,
        confirmed: reached(confirmed, allocated, shipped, delivered),
        allocated: reached(allocated, shipped, delivered),
        shipped: reached(shipped, delivered),
        delivered: reached(delivered),
      };
    };

    it('counts the orders placed in the window that reached each stage', async () => {
      const from = story.at(0);
      const to = story.at(10);
      const { status, body } = await api.get(`/reports/funnel?from=${from.toISOString()}&to=${to.toISOString()}`);
      expect(status).toBe(200);
      const expected = expectedFunnel(from, to);
      // The story has orders rejected, waiting for stock, cancelled and delivered: every stage narrows.
      expect(expected.placed).toBeGreaterThan(expected.confirmed);
      expect(expected.confirmed).toBeGreaterThan(expected.allocated);
      expect(expected.allocated).toBeGreaterThan(expected.shipped);
      expect(expected.delivered).toBeGreaterThan(0);
      expect(body).toEqual({ from: from.toISOString(), to: to.toISOString(), ...expected });
    });

    it('covers the 7 days up to now by default, and refuses a window over 366 days naming "from"', async () => {
      const { body } = await api.get('/reports/funnel');
      expect(Date.parse(body.to) - Date.parse(body.from)).toBe(7 * 86_400_000);
      expect(body).toMatchObject(expectedFunnel(new Date(body.from), new Date(body.to)));
      const refused = await api.get('/reports/funnel?from=2024-01-01&to=2025-06-01');
      expect(refused.status).toBe(400);
      expect(refused.body.problems).toEqual([expect.objectContaining({ parameter: 'from' })]);
    });
  });

  describe('GET /inventory/{sku}/history', () => {
    /** The levels after each event of the SKU's stock stream, by the contract's formulas over what was appended up to it. */
    const expectedHistory = (sku: string) =>
      w.log.flatMap((e, i) => {
        if (e.streamId !== StreamIds.stock(sku) || typeof e.data.warehouseId !== 'string') return [];
        const level = expectedStock({ log: w.log.slice(0, i + 1) } as HistoryWriter).levels.get(`${sku}|${e.data.warehouseId}`)!;
        return [{ at: e.recordedAt.toISOString(), position: e.position, type: e.type, warehouseId: e.data.warehouseId, ...level, available: level.onHand - level.reserved }];
      });

    it('answers the levels after each receipt, adjustment, reservation, release and shipment, oldest first', async () => {
      const { status, body } = await api.get('/inventory/PEN-BLACK/history');
      expect(status).toBe(200);
      const expected = expectedHistory('PEN-BLACK');
      expect(expected.map((p) => p.type)).toEqual(['StockReceived', 'StockAdjusted', 'StockReserved', 'StockReservationReleased', 'StockReserved', 'StockShipped']);
      expect(body).toEqual({ sku: 'PEN-BLACK', warehouseId: null, points: expected, earlierPoints: 0 });
      expect(body.points.map((p: D) => p.available)).toEqual([20, 18, 15, 18, 16, 16]);
    });

    it('answers the latest `limit` points, of one warehouse when asked', async () => {
      const expected = expectedHistory('MUG-RED');
      const { body } = await api.get('/inventory/MUG-RED/history?limit=2');
      expect(body.points).toEqual(expected.slice(-2));
      expect(body.earlierPoints).toBe(expected.length - 2);
      expect((await api.get('/inventory/MUG-RED/history?warehouseId=WH-BER')).body.points).toEqual(expected.filter((p) => p.warehouseId === 'WH-BER'));
      expect((await api.get('/inventory/MUG-RED/history?warehouseId=WH-LON')).body.points).toEqual([]);
    });

    it('answers 404 for a SKU never stocked, and 400 naming a bad limit', async () => {
      const missing = await api.get('/inventory/NO-SUCH-SKU/history');
      expect(missing.status).toBe(404);
      expect(missing.body.message).toBe('no stock of SKU NO-SUCH-SKU has been recorded');
      const bad = await api.get('/inventory/MUG-RED/history?limit=5001');
      expect(bad.status).toBe(400);
      expect(bad.body.problems).toEqual([expect.objectContaining({ parameter: 'limit', received: '5001' })]);
    });
  });
});
