import { randomBytes } from 'node:crypto';
import { CustomerKeys, PersonalData } from '@orderflow/privacy';
import { catchUpProjection, ordersProjection } from '@orderflow/projections';
import { createTestDatabase, TestDatabase, waitFor } from '@orderflow/testing';
import { QueryApp, startQueryApp } from '../test/expectations';
import { HistoryWriter, OrderScript } from '../test/order-history';
import { ERASED, expectedCustomer, ReportHistory, writeReportHistory } from '../test/report-history';
import { queryMigrations } from './infrastructure/migrations';

type D = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ORDERS = 400;
const MASTER = randomBytes(32).toString('base64url');
const NOBODY = new Set<string>();

const sealable = (customerId: string, name: string) => ({
  channel: ERASED.channel,
  customer: { id: customerId, name, email: `${name.split(' ')[0].toLowerCase()}@example.com` },
  shippingAddress: { line1: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
});

/**
 * GET /reports/customers/{customerId} over hundreds of orders of two channels in three currencies,
 * projected by the live projectors in small batches: every customer's report equals what the
 * events say, figure for figure; an id known in two channels needs `channel`; and an erased
 * customer's orders leave the report the moment its key is destroyed, while what it orders with
 * its new key is reported.
 */
describe('the customer report (real PostgreSQL, HTTP)', () => {
  let db: TestDatabase;
  let writer: HistoryWriter;
  let history: ReportHistory;
  let keys: CustomerKeys;
  let personal: PersonalData;
  let api: QueryApp;

  beforeAll(async () => {
    db = await createTestDatabase(queryMigrations);
    keys = new CustomerKeys(db.dataSource, { masterKey: Buffer.from(MASTER) });
    personal = new PersonalData(keys);
    const [sealed] = await personal.seal([sealable(ERASED.customerId, 'Erin Erased')]);
    writer = new HistoryWriter(db.dataSource);
    history = writeReportHistory(writer, { orders: ORDERS, erasedCustomer: { name: sealed.customer.name!, email: sealed.customer.email! } });
    await writer.flush();
    api = await startQueryApp(db, { PII_MASTER_KEY: MASTER, QUERY_PROJECTOR_BATCH_SIZE: '97', API_RATE_LIMIT_PER_SECOND: '0' });
    await api.caughtUp();
  });

  afterAll(async () => {
    for (const name of ['PII_MASTER_KEY', 'QUERY_PROJECTOR_BATCH_SIZE', 'API_RATE_LIMIT_PER_SECOND']) delete process.env[name];
    await api?.close();
    await db?.drop();
  });

  const report = (customerId: string, params: Record<string, string> = {}) => api.get(`/reports/customers/${encodeURIComponent(customerId)}?${new URLSearchParams(params)}`);

  it("shows every customer's orders, lifetime value per currency, favourites, return rate and complaints as the events say", async () => {
    const customers = new Set<string>();
    for (const o of history.orders) customers.add(`${o.spec.channel} ${o.spec.customerId}`);
    const seen = { currencies: 0, categories: new Set<string>(), returned: 0, complaints: 0, cancelled: 0, rejected: 0 };
    for (const pair of [...customers].sort()) {
      const [channel, customerId] = pair.split(' ');
      if (channel === ERASED.channel && customerId === ERASED.customerId) continue;
      const { status, body } = await report(customerId, { channel });
      expect([pair, status]).toEqual([pair, 200]);
      expect(body).toEqual(expectedCustomer(writer, channel, customerId, NOBODY));
      seen.currencies = Math.max(seen.currencies, body.lifetimeValue.length);
      for (const c of body.favouriteCategories as D[]) seen.categories.add(c.category);
      seen.returned += body.returns.returnedUnits;
      seen.complaints += body.complaints.opened;
      seen.cancelled += body.orders.cancelled;
      seen.rejected += body.orders.rejected;
    }
    expect(customers.size).toBeGreaterThan(45);
    // Not a report of zeros: two currencies for one customer (never summed), every kind of category, returns, complaints, cancellations.
    expect(seen.currencies).toBe(2);
    expect([...seen.categories].sort()).toEqual(['kitchen', 'lighting', 'office', 'tea', 'uncategorised']);
    expect(seen.returned).toBeGreaterThan(20);
    expect(seen.complaints).toBeGreaterThan(20);
    expect(seen.cancelled).toBeGreaterThan(0);
    expect(seen.rejected).toBeGreaterThan(0);

    const { body } = await report('K-12', { channel: 'webshop', top: '2' });
    expect(body.favouriteSkus).toHaveLength(2);
    expect(body).toEqual(expectedCustomer(writer, 'webshop', 'K-12', NOBODY, 2));
  });

  it('answers for the one channel an id is known in, asks for `channel` when there are several, and 404s an unknown customer', async () => {
    expect((await report('M-4')).body).toEqual(expectedCustomer(writer, 'marketplace', 'M-4', NOBODY));
    const ambiguous = await report('K-7');
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.body.problems).toEqual([{ parameter: 'channel', in: 'query', expected: expect.stringContaining('has orders in marketplace, webshop') }]);
    expect((await report('K-7', { channel: 'marketplace' })).body.orders.placed).toBe(3);

    const unknown = await report('NOBODY-1');
    expect([unknown.status, unknown.body.message]).toEqual([404, 'no orders of customer "NOBODY-1"']);
    expect((await report('M-4', { channel: 'webshop' })).status).toBe(404);

    for (const [params, parameter] of [
      [{ top: '0' }, 'top'],
      [{ top: '51' }, 'top'],
      [{ channel: '' }, 'channel'],
      [{ since: '2026-01-01' }, 'since'],
    ] as const) {
      const { status, body } = await report('M-4', params);
      expect([params, status, body.problems?.[0]?.parameter]).toEqual([params, 400, parameter]);
    }
  });

  it("leaves an erased customer's orders out of every figure from the erasure on, and reports what it orders with its new key", async () => {
    const before = await report(ERASED.customerId, { channel: ERASED.channel });
    expect(before.body).toEqual(expectedCustomer(writer, ERASED.channel, ERASED.customerId, NOBODY));
    expect(before.body.orders.placed).toBe(history.sealedWithErasedKey.size);
    expect(before.body.orders.placed).toBeGreaterThan(5);

    await keys.erase({ customerId: ERASED.customerId, channel: ERASED.channel, actor: 'test' });
    // As soon as the erasure's append notification reaches the service, nothing of the customer is reported.
    const gone = await waitFor('the erased customer gone from its report', async () => {
      const r = await report(ERASED.customerId, { channel: ERASED.channel });
      return r.status === 404 ? r : undefined;
    });
    expect(gone.body.message).toBe(`no orders of customer "${ERASED.customerId}" of channel "${ERASED.channel}"`);
    expect((await report(ERASED.customerId)).status).toBe(404);

    // The customer orders again: a new key, and a report of that order alone.
    keys.invalidate();
    const [sealed] = await personal.seal([sealable(ERASED.customerId, 'Erin Again')]);
    const again = new OrderScript(writer, {
      channel: ERASED.channel,
      externalOrderId: 'R-AGAIN',
      orderNumber: 'OF-599999',
      currency: 'EUR',
      customerId: ERASED.customerId,
      lines: [{ sku: 'KETTLE', quantity: 1, unitPriceMinor: 3490 }],
      placedAt: history.at(27, 20),
      estimatedDeliveryDate: history.day(30),
      customer: { name: sealed.customer.name!, email: sealed.customer.email! },
    }).placeAndConfirm();
    await writer.flush();
    await catchUpProjection(db.dataSource, ordersProjection);
    const after = await report(ERASED.customerId, { channel: ERASED.channel });
    expect(after.status).toBe(200);
    expect(after.body).toEqual(expectedCustomer(writer, ERASED.channel, ERASED.customerId, history.sealedWithErasedKey));
    expect(after.body).toMatchObject({
      orders: { placed: 1, confirmed: 1 },
      lifetimeValue: [{ currency: 'EUR', orders: 1, orderedMinor: 3490, refundedMinor: 0, netMinor: 3490 }],
      favouriteSkus: [{ sku: 'KETTLE', category: 'uncategorised', units: 1, orders: 1 }],
      returns: { deliveredUnits: 0, returnedUnits: 0, returnRate: null, authorized: 0 },
    });
    // The order itself still shows, its personal fields erased or not as their key is.
    const { body: order } = await api.get(`/orders/${again.orderId}`);
    expect(order.customer).toMatchObject({ id: ERASED.customerId, name: 'Erin Again' });
    const { body: old } = await api.get(`/orders/${[...history.sealedWithErasedKey][0]}`);
    expect(old.customer).toMatchObject({ id: ERASED.customerId, name: '[erased]' });
  });
});
