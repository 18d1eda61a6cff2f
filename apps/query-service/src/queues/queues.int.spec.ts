import { StreamIds } from '@orderflow/contracts';
import { createTestDatabase, TestDatabase } from '@orderflow/testing';
import { QueryApp, startQueryApp } from '../../test/expectations';
import { ev, HistoryWriter, OrderScript, Scenario, writeRealisticHistory } from '../../test/order-history';
import { queryMigrations } from '../infrastructure/migrations';
import { QueueQueries } from './queue-queries';

type D = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The operators' work queues over the realistic history plus items put just inside and just outside
 * each queue, relative to now: exactly the items that qualify, oldest first, with their ages; pages;
 * a channel key's own items only; 400s naming the parameter.
 */
describe('work queues (real PostgreSQL, HTTP)', () => {
  let db: TestDatabase;
  let api: QueryApp;
  let w: HistoryWriter;
  let story: Scenario;
  const now = new Date();
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const today = isoDay(now);
  const yesterday = isoDay(ago(DAY));
  const tomorrow = isoDay(new Date(now.getTime() + DAY));
  const orders: Record<string, OrderScript> = {};
  const keys = {} as Record<'webshop' | 'operator', string>;

  const order = (name: string, channel: string, placedAt: Date, sku = 'MUG-RED') => {
    const o = new OrderScript(w, {
      channel,
      externalOrderId: `Q-${name}`,
      orderNumber: `OF-9${name}`,
      currency: 'EUR',
      customerId: `C-${name}`,
      lines: [{ sku, quantity: 4, unitPriceMinor: 1000 }],
      placedAt,
      estimatedDeliveryDate: tomorrow,
    });
    orders[name] = o.placeAndConfirm();
    return o;
  };
  const shipmentOf = (o: OrderScript) => ({ shipmentId: `${o.spec.orderNumber}-1`, warehouseId: 'WH-BER', lines: [{ sku: o.spec.lines[0].sku, quantity: 4 }] });

  beforeAll(async () => {
    db = await createTestDatabase(queryMigrations);
    w = new HistoryWriter(db.dataSource);
    story = writeRealisticHistory(w, now);

    // Backorders: two orders wait for GADGET-A, one each for B and C; D's was filled and is gone.
    const backorder = (name: string, channel: string, sku: string, quantity: number, at: Date) =>
      order(name, channel, at, sku).allocate(at, [], [{ sku, quantity }], tomorrow);
    backorder('G1', 'webshop', 'GADGET-A', 3, ago(5 * HOUR));
    backorder('G2', 'marketplace', 'GADGET-A', 1, ago(4 * HOUR));
    backorder('G3', 'webshop', 'GADGET-B', 2, ago(3 * HOUR));
    backorder('G4', 'marketplace', 'GADGET-C', 1, ago(2 * HOUR));
    const filled = backorder('G5', 'webshop', 'GADGET-D', 4, ago(2 * HOUR));
    filled.allocate(ago(HOUR), [shipmentOf(filled)], [], tomorrow, false);

    // Shipments: promised yesterday and still on its way (late); delayed, promised tomorrow (in, 0 days late);
    // promised today (not late yet); promised three days ago but delivered (not late).
    const booked = (name: string, channel: string, promisedBy: string) => {
      const o = order(name, channel, ago(4 * DAY));
      o.allocate(ago(4 * DAY - MINUTE), [shipmentOf(o)], [], promisedBy).requestAndBook(ago(4 * DAY - 2 * MINUTE), shipmentOf(o), 'ParcelNet', promisedBy, promisedBy);
      return o;
    };
    booked('L1', 'webshop', yesterday);
    booked('L2', 'marketplace', tomorrow).delay(ago(30 * MINUTE), 'OF-9L2-1', tomorrow, isoDay(new Date(now.getTime() + 3 * DAY)));
    booked('L3', 'webshop', today);
    booked('L4', 'webshop', isoDay(ago(3 * DAY)))
      .pickUp(ago(3 * DAY + HOUR), shipmentOf(orders.L4), 'ParcelNet', 'SHIPPED')
      .deliver(ago(2 * DAY), shipmentOf(orders.L4), 'ParcelNet', isoDay(ago(3 * DAY)), 'DELIVERED');

    // Complaints: due in 10 hours (in); due in 30 hours (out at 24, in at 48); not acknowledged, so no deadline (out).
    const complaint = (id: string, o: OrderScript, openedAt: Date, resolveBy?: Date) => {
      const ref = { complaintId: id, ...o.ref };
      const opened = ev('ComplaintOpened', { ...ref, category: 'late delivery', message: 'where is it', source: 'CUSTOMER', openedAt: openedAt.toISOString() });
      const acknowledged = resolveBy && ev('ComplaintAcknowledged', { ...ref, resolveBy: resolveBy.toISOString(), acknowledgedAt: openedAt.toISOString() });
      w.add(openedAt, StreamIds.complaint(id), `channel:${o.spec.channel}`, ...(acknowledged ? [opened, acknowledged] : [opened]));
    };
    complaint('CMP-900001', orders.L1, ago(2 * DAY), new Date(now.getTime() + 10 * HOUR));
    complaint('CMP-900002', orders.L2, ago(DAY), new Date(now.getTime() + 30 * HOUR));
    complaint('CMP-900003', orders.L3, ago(3 * HOUR));

    // Returns: two authorised and not back yet; the history's others were received or rejected.
    const authorise = (rmaNumber: string, o: OrderScript, at: Date) =>
      w.add(
        at,
        StreamIds.return(rmaNumber),
        `channel:${o.spec.channel}`,
        ev('ReturnAuthorized', {
          rmaNumber,
          ...o.ref,
          lines: [{ sku: 'MUG-RED', quantity: 1, reason: 'too small', unitPriceMinor: 1000 }],
          resolution: 'REFUND',
          currency: 'EUR',
          returnBy: isoDay(new Date(at.getTime() + 30 * DAY)),
          authorizedAt: at.toISOString(),
        }),
      );
    authorise('RMA-900001', orders.L4, ago(5 * HOUR));
    authorise('RMA-900002', story.o5, ago(26 * HOUR));

    await w.flush();
    api = await startQueryApp(db);
    await api.caughtUp();
    keys.webshop = await api.key('channel', { channel: 'webshop' });
    keys.operator = await api.key('operator');
  });

  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  const as = (key: string, path: string) => api.get(path, { authorization: `Bearer ${key}` });
  /** Every item of a queue, page after page of `limit`. */
  const allPages = async (path: string, limit: number, key = keys.operator) => {
    const pages: D[][] = [];
    let cursor: string | null = null;
    do {
      const sep: string = path.includes('?') ? '&' : '?';
      const { status, body }: { status: number; body: D } = await as(key, `${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(status).toBe(200);
      expect(body.limit).toBe(limit);
      pages.push(body.items);
      cursor = body.nextCursor;
    } while (cursor && pages.length < 50);
    return pages;
  };
  const expectAge = (item: D, since: Date | string) => {
    const expected = (Date.now() - new Date(since).getTime()) / 1000;
    expect(item.ageSeconds).toBeGreaterThanOrEqual(Math.floor(expected) - 120);
    expect(item.ageSeconds).toBeLessThanOrEqual(Math.ceil(expected) + 1);
  };

  /** Open backorders per SKU from the events the test appended: queued, less what was filled. */
  const expectedBackorders = (onlyChannel?: string) => {
    const channelOf = new Map(w.ofType('OrderPlaced').map((e) => [e.data.orderId, e.data.channel]));
    const open = new Map<string, { sku: string; orderId: string; quantity: number; since: Date }>();
    for (const e of w.ofType('BackorderQueued')) {
      if (onlyChannel && channelOf.get(e.data.orderId) !== onlyChannel) continue;
      open.set(`${e.data.reservationId}|${e.data.sku}`, { sku: e.data.sku, orderId: e.data.orderId, quantity: e.data.quantity, since: e.recordedAt });
    }
    for (const e of w.ofType('BackorderFilled')) {
      const row = open.get(`${e.data.reservationId}|${e.data.sku}`);
      if (row) row.quantity -= e.data.quantity;
    }
    const bySku = new Map<string, D>();
    for (const row of open.values()) {
      if (row.quantity <= 0) continue;
      const g = bySku.get(row.sku) ?? { sku: row.sku, warehouseId: null, quantity: 0, orders: new Set<string>(), since: row.since };
      g.quantity += row.quantity;
      g.orders.add(row.orderId);
      if (row.since < g.since) g.since = row.since;
      bySku.set(row.sku, g);
    }
    return [...bySku.values()]
      .sort((a, b) => a.since - b.since || (a.sku < b.sku ? -1 : 1))
      .map((g) => ({ sku: g.sku, warehouseId: null, quantity: g.quantity, orders: g.orders.size, since: g.since as Date }));
  };

  it('lists the open backorders per SKU, the longest-waiting first, with how many units and orders wait and since when', async () => {
    const { status, body } = await as(keys.operator, '/queues/backorders');
    expect(status).toBe(200);
    const expected = expectedBackorders();
    expect(expected.map((b) => b.sku)).toEqual(['LAMP-BLUE', 'TEA-GREEN', 'GADGET-A', 'GADGET-B', 'GADGET-C']);
    expect(body.items.map(({ ageSeconds: _a, oldestSince: _o, ...rest }: D) => rest)).toEqual(expected.map(({ since: _s, ...rest }) => rest));
    body.items.forEach((item: D, i: number) => {
      expect(Date.parse(item.oldestSince)).toBe(expected[i].since.getTime());
      expectAge(item, expected[i].since);
    });
    expect(body.items.find((b: D) => b.sku === 'GADGET-A')).toMatchObject({ quantity: 4, orders: 2 });
    expect(body).toMatchObject({ limit: 100, nextCursor: null });
  });

  it('pages a queue with the cursor: every item once, in order', async () => {
    const pages = await allPages('/queues/backorders', 2);
    expect(pages.map((p) => p.map((b) => b.sku))).toEqual([['LAMP-BLUE', 'TEA-GREEN'], ['GADGET-A', 'GADGET-B'], ['GADGET-C']]);
    const late = await allPages('/queues/late-shipments', 1);
    expect(late.flat().map((s) => s.shipmentId)).toEqual((await as(keys.operator, '/queues/late-shipments')).body.items.map((s: D) => s.shipmentId));
  });

  it("counts for a channel only that channel's backorders", async () => {
    const queues = api.app.get(QueueQueries);
    const { body } = await queues.backorders({ onlyChannel: 'webshop', limit: 100 });
    expect(body.items.map((b) => [b.sku, b.quantity, b.orders])).toEqual(expectedBackorders('webshop').map((b) => [b.sku, b.quantity, b.orders]));
    expect(body.items.map((b) => b.sku)).toEqual(['GADGET-A', 'GADGET-B']);
  });

  it('lists shipments past their promised date or delayed, not delivered or cancelled, the longest late first', async () => {
    const { status, body } = await as(keys.operator, '/queues/late-shipments');
    expect(status).toBe(200);
    // OF-000007-1 (the history's, waiting for stock since day 1, promised day 4), L1 promised yesterday, L2 delayed.
    expect(body.items.map((s: D) => s.shipmentId)).toEqual(['OF-000007-1', 'OF-9L1-1', 'OF-9L2-1']);
    const [old, l1, l2] = body.items;
    expect(old).toMatchObject({ orderId: story.o7.orderId, orderNumber: 'OF-000007', channel: 'app', status: 'ALLOCATED', promisedBy: story.day(4), daysLate: 6, delayed: false });
    expect(l1).toMatchObject({
      orderId: orders.L1.orderId,
      orderNumber: 'OF-9L1',
      channel: 'webshop',
      warehouseId: 'WH-BER',
      carrier: 'ParcelNet',
      trackingNumber: 'TRK-OF-9L1-1',
      status: 'BOOKED',
      promisedBy: yesterday,
      newEstimate: null,
      daysLate: 1,
    });
    expect(Date.parse(l1.lateSince)).toBe(Date.parse(`${today}T00:00:00Z`));
    expectAge(l1, `${today}T00:00:00Z`);
    expect(l2).toMatchObject({ shipmentId: 'OF-9L2-1', status: 'BOOKED', promisedBy: tomorrow, delayed: true, daysLate: 0, newEstimate: isoDay(new Date(now.getTime() + 3 * DAY)) });
    expectAge(l2, ago(30 * MINUTE));
  });

  it('lists open complaints whose deadline is within dueWithinHours or past, oldest opened first, saying which are overdue', async () => {
    const due24 = (await as(keys.operator, '/queues/complaints')).body.items as D[];
    // CMP-000002 (the history's, open, its deadline days ago); CMP-900001 due in 10 h.
    expect(due24.map((c) => [c.complaintId, c.overdue])).toEqual([
      ['CMP-000002', true],
      ['CMP-900001', false],
    ]);
    expect(due24[0]).toMatchObject({ orderId: story.o1.orderId, orderNumber: 'OF-000001', channel: 'webshop', category: 'packaging', status: 'OPEN' });
    expect(Date.parse(due24[0].resolveBy)).toBe(story.at(5, 8).getTime());
    expectAge(due24[0], story.at(3, 8));
    const due48 = (await as(keys.operator, '/queues/complaints?dueWithinHours=48')).body.items as D[];
    expect(due48.map((c) => c.complaintId)).toEqual(['CMP-000002', 'CMP-900001', 'CMP-900002']);
    const overdueOnly = (await as(keys.operator, '/queues/complaints?dueWithinHours=0')).body.items as D[];
    expect(overdueOnly.map((c) => c.complaintId)).toEqual(['CMP-000002']);
  });

  it('lists returns authorised whose goods have not arrived, oldest first, with what they will refund', async () => {
    const { body } = await as(keys.operator, '/queues/returns-awaiting');
    expect(body.items).toEqual([
      {
        rmaNumber: 'RMA-900002',
        orderId: story.o5.orderId,
        orderNumber: 'OF-000005',
        channel: 'webshop',
        resolution: 'REFUND',
        authorizedAt: expect.any(String),
        returnBy: isoDay(new Date(ago(26 * HOUR).getTime() + 30 * DAY)),
        ageSeconds: expect.any(Number),
        refundMinor: 1000,
        currency: 'EUR',
      },
      expect.objectContaining({ rmaNumber: 'RMA-900001', orderId: orders.L4.orderId, channel: 'webshop', refundMinor: 1000 }),
    ]);
    expect(Date.parse(body.items[0].authorizedAt)).toBe(ago(26 * HOUR).getTime());
    expectAge(body.items[0], ago(26 * HOUR));
  });

  it("shows a channel key only its own channel's shipments, complaints and returns", async () => {
    const late = (await as(keys.webshop, '/queues/late-shipments')).body.items as D[];
    expect(late.map((s) => s.shipmentId)).toEqual(['OF-9L1-1']);
    const complaints = (await as(keys.webshop, '/queues/complaints?dueWithinHours=48')).body.items as D[];
    expect(complaints.map((c) => c.complaintId)).toEqual(['CMP-000002', 'CMP-900001']);
    const returns = (await as(keys.webshop, '/queues/returns-awaiting')).body.items as D[];
    expect(returns.map((r) => r.rmaNumber)).toEqual(['RMA-900002', 'RMA-900001']);
    expect((await as(keys.webshop, '/queues/backorders')).status).toBe(403);
  });

  it.each([
    ['/queues/backorders?limit=0', 'limit', '0'],
    ['/queues/late-shipments?limit=501', 'limit', '501'],
    ['/queues/returns-awaiting?cursor=not*a*cursor', 'cursor', 'not*a*cursor'],
    ['/queues/complaints?dueWithinHours=-1', 'dueWithinHours', '-1'],
    ['/queues/backorders?dueWithinHours=24', 'dueWithinHours', '24'],
  ])('answers %s with a 400 naming %s', async (path, parameter, received) => {
    const { status, body } = await as(keys.operator, path);
    expect(status).toBe(400);
    expect(body.problems).toEqual([expect.objectContaining({ parameter, in: 'query', received })]);
  });
});
