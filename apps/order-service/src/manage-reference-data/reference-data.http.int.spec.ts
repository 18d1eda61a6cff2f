import { allTopicSpecs, orderIdFor, OrderSubmitted, StreamIds } from '@orderflow/contracts';
import { EventStore } from '@orderflow/event-store';
import { controllerRoutes, documentedRoutes, loadConfig, PLATFORM_ROUTES, UnitOfWorkFactory } from '@orderflow/platform';
import { Role } from '@orderflow/security';
import {
  bearer,
  createTestDatabase,
  createTestTopics,
  fetchServedDocs,
  issueApiKey,
  ServiceApp,
  startServiceApp,
  TestDatabase,
  testBus,
  uniqueSuffix,
} from '@orderflow/testing';
import { ORDER_OPENAPI_DOCUMENT } from '../docs/openapi';
import { orderMigrations } from '../infrastructure/migrations';
import { orderEnvSchema } from '../infrastructure/order.config';
import { OrderCatalogRepository } from '../infrastructure/order-catalog';
import { OrderServiceModule } from '../order-service.module';
import { SERVICE } from '../service';
import { SeedReferenceData } from './seed-reference-data';

type D = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The order service's admin API (docs/adr/0032) over real HTTP, the whole service app logged in as
 * its own database role: channels, lead times and products recorded as events with their views,
 * the first-run seed from the environment, who may call it, and what it refuses.
 */
describe('order-service reference data (admin HTTP API, real PostgreSQL)', () => {
  let db: TestDatabase;
  let service: ServiceApp;
  const keys = {} as Record<Role, string>;
  const namespace = `refdata${uniqueSuffix()}`;
  const env = { TOPIC_NAMESPACE: namespace };

  beforeAll(async () => {
    db = await createTestDatabase(orderMigrations);
    await createTestTopics(testBus(namespace), allTopicSpecs(namespace));
    service = await startServiceApp(OrderServiceModule, SERVICE, db, env);
    for (const role of ['admin', 'operator', 'auditor', 'warehouse'] as const) {
      keys[role] = await issueApiKey(db.dataSource, role, role === 'warehouse' ? { warehouse: '*' } : {});
    }
  });
  afterAll(async () => {
    await service?.close();
    await db?.drop();
  });

  const call = async (method: 'GET' | 'PUT', path: string, body?: unknown, token: string | null = keys.admin) => {
    const res = await fetch(`${service.url}${path}`, {
      method,
      headers: { ...(token === null ? {} : bearer(token)), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as D, headers: res.headers };
  };
  const put = (path: string, body: unknown, token?: string | null) => call('PUT', path, body, token);
  const get = (path: string, token?: string | null) => call('GET', path, undefined, token);

  it('records the environment as the first events on the first start: every channel and lead time, by env:<VARIABLE>', async () => {
    const { status, body } = await get('/admin/channels');
    expect(status).toBe(200);
    expect(body.channels.map((c: D) => c.channel)).toEqual(['app', 'email', 'marketplace', 'phone', 'pos', 'webshop']);
    expect(body.channels.find((c: D) => c.channel === 'webshop')).toMatchObject({
      currencies: ['EUR', 'GBP', 'USD', 'CHF', 'SEK', 'PLN'],
      paymentMode: 'prepaid',
      priceCheck: 'off',
      authorizationTimeoutMinutes: 30,
      version: 1,
      history: [{ version: 1, type: 'ChannelConfigured', actor: 'env:ORDER_CHANNELS', data: expect.objectContaining({ channel: 'webshop' }) }],
    });
    const leadTimes = (await get('/admin/lead-times')).body.leadTimes as D[];
    expect(leadTimes.find((l) => l.country === 'default')).toMatchObject({ days: 7, history: [{ actor: 'env:ORDER_LEAD_TIME_DAYS' }] });
    expect(leadTimes.find((l) => l.country === 'DE')).toMatchObject({ days: 2 });
    expect(body.nextCursor).toBeNull();
  });

  it('ignores the environment once reference data exists: a second start with other channels records nothing', async () => {
    const second = await startServiceApp(OrderServiceModule, SERVICE, db, { ...env, ORDER_CHANNELS: '{"kiosk":["EUR"]}', ORDER_LEAD_TIME_DAYS: '{"default":1}' });
    try {
      const { body } = await get('/admin/channels');
      expect(body.channels.map((c: D) => c.channel)).not.toContain('kiosk');
      expect((await get('/admin/lead-times')).body.leadTimes.find((l: D) => l.country === 'default')).toMatchObject({ days: 7, version: 1 });
    } finally {
      await second.close();
    }
  });

  it('seeds once when two replicas start at the same moment: one first event per stream, the race lost without an error', async () => {
    const fresh = await createTestDatabase(orderMigrations);
    try {
      const replica = () => new SeedReferenceData(loadConfig(orderEnvSchema, {}), new UnitOfWorkFactory(new EventStore(fresh.dataSource), () => new Date()));
      await Promise.all([replica().onApplicationBootstrap(), replica().onApplicationBootstrap(), replica().onApplicationBootstrap()]);
      const streams = (await fresh.dataSource.query(
        `SELECT stream_id, count(*)::int AS n FROM events WHERE stream_category IN ('channel', 'leadtime') GROUP BY stream_id`,
      )) as { stream_id: string; n: number }[];
      expect(streams).toHaveLength(6 + 14);
      expect(streams.every((s) => s.n === 1)).toBe(true);
    } finally {
      await fresh.drop();
    }
  });

  it('adds a channel at run time, answers it with its history, and keeps every change with its actor', async () => {
    const settings = { currencies: ['EUR', 'GBP'], paymentMode: 'prepaid', priceCheck: 'reject', authorizationTimeoutMinutes: 30 };
    const created = await put('/admin/channels/kiosk', settings);
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ channel: 'kiosk', ...settings, version: 1, changed: true, history: [{ version: 1, actor: expect.stringMatching(/^key:\w+ \(admin "test admin"\)$/) }] });

    const changed = await put('/admin/channels/kiosk', { ...settings, priceCheck: 'flag' });
    expect(changed.body).toMatchObject({ priceCheck: 'flag', version: 2, changed: true });
    expect(changed.body.history.map((h: D) => h.data.priceCheck)).toEqual(['reject', 'flag']);
    const stream = await new EventStore(db.dataSource).readStream(StreamIds.channel('kiosk'));
    expect(stream.map((e) => [e.type, (e.data as D).priceCheck])).toEqual([
      ['ChannelConfigured', 'reject'],
      ['ChannelConfigured', 'flag'],
    ]);
  });

  it('appends nothing for a PUT of the settings that hold already (defaults filled in, fields in any order)', async () => {
    const before = (await get('/admin/channels')).body.channels.find((c: D) => c.channel === 'phone');
    const again = await put('/admin/channels/phone', { currencies: ['EUR'] });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ channel: 'phone', version: before.version, changed: false, changedAt: before.changedAt });
    expect(again.body.history).toHaveLength(before.history.length);
    expect(await new EventStore(db.dataSource).readStream(StreamIds.channel('phone'))).toHaveLength(1);
  });

  it('decides the next order with what was recorded: the channel, its stream version, the lead time and the catalogue price', async () => {
    await put('/admin/lead-times/AT', { days: 9 });
    const product = await put('/admin/products/MUG-RED', {
      name: 'Red mug',
      weightGrams: 350,
      prices: [
        { channel: 'kiosk', currency: 'EUR', unitPriceMinor: 1299 },
        { channel: 'kiosk', currency: 'GBP', unitPriceMinor: 1099 },
      ],
    });
    expect(product).toMatchObject({ status: 200, body: { sku: 'MUG-RED', name: 'Red mug', weightGrams: 350, version: 1 } });
    const submission: OrderSubmitted = {
      type: 'OrderSubmitted',
      version: 1,
      messageId: '0b7e4d55-9f1c-4a2e-8d3b-2f6a1c9e4b70',
      occurredAt: '2026-11-25T10:00:00Z',
      channel: 'kiosk',
      externalOrderId: 'K-1',
      customer: { id: 'C-1', name: 'Ada', email: 'ada@example.com' },
      shippingAddress: { line1: 'Ring 1', city: 'Wien', postalCode: '1010', country: 'AT' },
      lines: [{ sku: 'MUG-RED', quantity: 1, unitPriceMinor: 1199 }],
      currency: 'GBP',
    };
    const catalog = await new EventStore(db.dataSource).transaction((tx) => new OrderCatalogRepository().catalogFor(tx, submission, orderIdFor('kiosk', 'K-1')));
    expect(catalog).toMatchObject({ channel: { priceCheck: 'flag', currencies: ['EUR', 'GBP'] }, channelSettingsVersion: 2, leadTimeDays: 9 });
    expect([...catalog.prices]).toEqual([['MUG-RED', 1099]]);
  });

  it('lists the catalogue a page at a time, in SKU order', async () => {
    for (const sku of ['PLATE', 'BOWL']) await put(`/admin/products/${sku}`, { name: sku, weightGrams: 500, prices: [] });
    const first = await get('/admin/products?limit=2');
    expect(first.body.products.map((p: D) => p.sku)).toEqual(['BOWL', 'MUG-RED']);
    const second = await get(`/admin/products?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(second.body).toMatchObject({ products: [{ sku: 'PLATE' }], nextCursor: null });
  });

  it('records the category the reports group a product under, in its ProductRegistered', async () => {
    const { status, body } = await put('/admin/products/TEAPOT', { name: 'Teapot', weightGrams: 900, prices: [], category: 'kitchen' });
    expect([status, body.category, body.version]).toEqual([200, 'kitchen', 1]);
    const moved = await put('/admin/products/TEAPOT', { name: 'Teapot', weightGrams: 900, prices: [] });
    expect([moved.status, moved.body.category, moved.body.version]).toEqual([200, undefined, 2]);
    const events = await new EventStore(db.dataSource).readStream(StreamIds.product('TEAPOT'));
    expect(events.map((e) => [e.type, (e.data as D).category])).toEqual([
      ['ProductRegistered', 'kitchen'],
      ['ProductRegistered', undefined],
    ]);
  });

  it.each([
    ['a category longer than 60 characters', '/admin/products/MUG', { name: 'Mug', weightGrams: 300, prices: [], category: 'k'.repeat(61) }, ['field "category": expected 1 to 60 characters']],
    [
      'made-to-order terms without a lead time, with an unknown cancellation rule and an option that is neither choice nor text',
      '/admin/products/MUG',
      { name: 'Mug', weightGrams: 300, prices: [], madeToOrder: { cancellationAfterStart: 'maybe', options: { colour: { required: true } } } },
      ['field "madeToOrder.productionLeadTimeDays"', 'field "madeToOrder.cancellationAfterStart": expected one of refuse, charge', 'field "madeToOrder.options.colour": expected values (a choice) or maxLength (free text)'],
    ],
    [
      'options in two places',
      '/admin/products/MUG',
      { name: 'Mug', weightGrams: 300, prices: [], options: { size: { values: ['S'] } }, madeToOrder: { productionLeadTimeDays: 3, cancellationAfterStart: 'refuse', options: { colour: { values: ['red'] } } } },
      ['field "options": expected the options in one place'],
    ],
    ['an unknown currency and price check', '/admin/channels/webshop', { currencies: ['EUR', 'XXX'], priceCheck: 'maybe' }, ['field "currencies[1]"', 'field "priceCheck"', 'got "maybe"']],
    ['a misspelt field', '/admin/channels/webshop', { currencies: ['EUR'], pricecheck: 'off' }, ['field "pricecheck": not expected']],
    ['a channel name with a space', '/admin/channels/web%20shop', { currencies: ['EUR'] }, ['path parameter "channel": expected 1 to 64 letters, digits']],
    ['an unknown country', '/admin/lead-times/XX', { days: 3 }, ['path parameter "country": expected an ISO-3166 alpha-2 country code']],
    ['half a day', '/admin/lead-times/DE', { days: 2.5 }, ['field "days": expected a whole number of days, got 2.5']],
    ['a product without name, weight or prices', '/admin/products/MUG', { name: '', weightGrams: 0 }, ['field "name"', 'field "weightGrams": expected ≥ 1, got 0', 'field "prices"']],
    [
      'two prices for one channel and currency',
      '/admin/products/MUG',
      { name: 'Mug', weightGrams: 300, prices: [{ channel: 'webshop', currency: 'EUR', unitPriceMinor: 1 }, { channel: 'webshop', currency: 'EUR', unitPriceMinor: 2 }] },
      ['field "prices[1]": expected one price per channel and currency'],
    ],
  ])('refuses %s with a 400 naming the field, and records nothing', async (_case, path, body, fragments) => {
    const before = await db.dataSource.query(`SELECT count(*)::int AS n FROM events`);
    const { status, body: answer } = await put(path, body);
    expect(status).toBe(400);
    for (const fragment of fragments) expect(answer.message).toContain(fragment);
    expect(await db.dataSource.query(`SELECT count(*)::int AS n FROM events`)).toEqual(before);
  });

  it('records a made-to-order product with its options and cancellation rule in its ProductRegistered (docs/adr/0039)', async () => {
    const madeToOrder = { productionLeadTimeDays: 5, options: { colour: { values: ['red', 'blue'], required: true }, engraving: { maxLength: 30 } }, cancellationAfterStart: 'charge' };
    const { status, body } = await put('/admin/products/MUG-CUSTOM', { name: 'Engraved mug', weightGrams: 400, prices: [], madeToOrder });
    expect(status).toBe(200);
    expect(body).toMatchObject({ sku: 'MUG-CUSTOM', madeToOrder, changed: true });
    const [event] = await new EventStore(db.dataSource).readStream(StreamIds.product('MUG-CUSTOM'));
    expect(event).toMatchObject({ type: 'ProductRegistered', data: { sku: 'MUG-CUSTOM', madeToOrder } });
  });

  it('refuses a price for a channel that does not exist with a 422 naming the price', async () => {
    const { status, body } = await put('/admin/products/MUG', {
      name: 'Mug',
      weightGrams: 300,
      prices: [
        { channel: 'webshop', currency: 'EUR', unitPriceMinor: 1299 },
        { channel: 'webshp', currency: 'EUR', unitPriceMinor: 1299 },
      ],
    });
    expect(status).toBe(422);
    expect(body).toMatchObject({ field: 'prices[1].channel', message: 'field "prices[1].channel": channel "webshp" is not configured (PUT /admin/channels/webshp first)' });
    expect((await get('/admin/products')).body.products.map((p: D) => p.sku)).not.toContain('MUG');
  });

  describe('access (docs/adr/0018): the admin role only', () => {
    // Every row as long as the test's parameters: a shorter one would make Jest pass a done callback.
    const routes: [method: 'GET' | 'PUT', path: string, body: unknown][] = [
      ['PUT', '/admin/channels/webshop', { currencies: ['EUR'] }],
      ['GET', '/admin/channels', undefined],
      ['PUT', '/admin/lead-times/DE', { days: 2 }],
      ['GET', '/admin/lead-times', undefined],
      ['PUT', '/admin/products/MUG', { name: 'Mug', weightGrams: 300, prices: [] }],
      ['GET', '/admin/products', undefined],
    ];

    it('covers every route the admin controllers register', () => {
      const admin = controllerRoutes(OrderServiceModule).filter((r) => r.includes('/admin/'));
      expect(admin.sort()).toEqual(['GET /admin/channels', 'GET /admin/lead-times', 'GET /admin/products', 'PUT /admin/channels/{channel}', 'PUT /admin/lead-times/{country}', 'PUT /admin/products/{sku}']);
      expect(routes).toHaveLength(admin.length);
    });

    it.each(routes)('%s %s: 401 without a key, 403 naming the permission for every other role, 200 for an admin', async (method, path, body) => {
      const none = await call(method, path, body, null);
      expect([none.status, none.headers.get('www-authenticate')]).toEqual([401, 'Bearer realm="orderflow"']);
      for (const role of ['operator', 'auditor', 'warehouse'] as const) {
        const refused = await call(method, path, body, keys[role]);
        expect([role, refused.status, refused.body.missing]).toEqual([role, 403, 'reference-data:manage']);
      }
      expect((await call(method, path, body)).status).toBe(200);
    });
  });

  it('documents every route it serves, and only those, with the bodies it validates', async () => {
    expect(controllerRoutes(OrderServiceModule).sort()).toEqual(documentedRoutes(ORDER_OPENAPI_DOCUMENT).filter((r) => !PLATFORM_ROUTES.includes(r)).sort());
    const docs = await fetchServedDocs(service.url);
    expect(docs.pageStatus).toBe(200);
    const put = docs.document.paths['/admin/channels/{channel}'].put as D;
    expect(put['x-permission']).toBe('reference-data:manage');
    expect(put.requestBody.content['application/json'].schema.properties.priceCheck).toMatchObject({ enum: ['reject', 'flag', 'off'], default: 'off' });
    expect((docs.document.paths['/admin/products/{sku}'].put as D).responses).toHaveProperty('422');
  });
});
