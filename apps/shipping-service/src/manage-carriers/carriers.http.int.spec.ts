import { allTopicSpecs, ShippingEventData, StreamIds } from '@orderflow/contracts';
import { EventStore } from '@orderflow/event-store';
import { controllerRoutes, documentedRoutes, PLATFORM_ROUTES, UnitOfWork } from '@orderflow/platform';
import { Role } from '@orderflow/security';
import {
  bearer,
  createTestDatabase,
  createTestTopics,
  fetchServedDocs,
  inUnitOfWork,
  issueApiKey,
  ServiceApp,
  startServiceApp,
  TestDatabase,
  testBus,
  uniqueSuffix,
} from '@orderflow/testing';
import { BookCarrierHandler } from '../book-carrier/book-carrier.handler';
import { SHIPPING_OPENAPI_DOCUMENT } from '../docs/openapi';
import { DelayWatch } from '../infrastructure/delay-watch';
import { shippingMigrations } from '../infrastructure/migrations';
import { ParcelRegistry } from '../infrastructure/parcel-registry';
import { ProductWeights } from '../infrastructure/product-weights';
import { RequestShipmentHandler } from '../request-shipment/request-shipment.handler';
import { SERVICE } from '../service';
import { ShippingServiceModule } from '../shipping-service.module';
import { courierDispatch, packed, stockAllocated } from '../shipping.fixtures';

type D = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const bike = {
  serviceLevel: 'SAME_DAY',
  transitDays: 0,
  maxWeightGrams: 5000,
  countries: ['DE'],
  baseCostMinor: 100,
  costPerKgMinor: 10,
  currency: 'EUR',
  trackingPrefix: 'BK',
};

/**
 * The shipping service's admin API (docs/adr/0032) over real HTTP, the whole service app logged in
 * as its own database role: carriers recorded as events with their view, seeded from
 * SHIPPING_CARRIERS on the first start, booked from the moment they are recorded; and parcels
 * weighed by the catalogue's product weights when their warehouse did not weigh them.
 */
describe('shipping-service carriers (admin HTTP API, real PostgreSQL)', () => {
  let db: TestDatabase;
  let service: ServiceApp;
  const keys = {} as Record<Role, string>;
  const namespace = `carriers${uniqueSuffix()}`;

  beforeAll(async () => {
    db = await createTestDatabase(shippingMigrations);
    await createTestTopics(testBus(namespace), allTopicSpecs(namespace));
    service = await startServiceApp(ShippingServiceModule, SERVICE, db, { TOPIC_NAMESPACE: namespace });
    for (const role of ['admin', 'operator', 'carrier'] as const) keys[role] = await issueApiKey(db.dataSource, role, role === 'carrier' ? { carrier: '*' } : {});
  });
  afterAll(async () => {
    await service?.close();
    await db?.drop();
  });

  const call = async (method: 'GET' | 'PUT', path: string, body: unknown, token: string | null = keys.admin) => {
    const res = await fetch(`${service.url}${path}`, {
      method,
      headers: { ...(token === null ? {} : bearer(token)), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as D };
  };
  const put = (carrier: string, body: unknown) => call('PUT', `/admin/carriers/${carrier}`, body);
  const carriers = async () => (await call('GET', '/admin/carriers', undefined)).body.carriers as D[];

  const parcels = new ParcelRegistry();
  const requestShipment = new RequestShipmentHandler(new DelayWatch());
  const bookCarrier = new BookCarrierHandler(parcels, new ProductWeights(), courierDispatch());
  const run = <T>(work: (uow: UnitOfWork) => Promise<T>) => inUnitOfWork(db, work, { now: new Date('2026-03-02T09:00:00.000Z') });
  const book = async (externalOrderId: string, weightGrams?: number) => {
    const shipmentId = `${externalOrderId}-1`;
    await run((uow) => requestShipment.handle(stockAllocated(externalOrderId, [{ shipmentId }], { promisedBy: '2026-03-02' }), uow));
    const { weightGrams: _weighed, ...unweighed } = packed(shipmentId, 1);
    await run((uow) => bookCarrier.handle(weightGrams === undefined ? unweighed : { ...unweighed, weightGrams }, uow));
    const events = await new EventStore(db.dataSource).readStream(StreamIds.shipment(shipmentId));
    return events.find((e) => e.type === 'ShipmentBooked')?.data as ShippingEventData<'ShipmentBooked'>;
  };

  it('records SHIPPING_CARRIERS as the first events on the first start', async () => {
    const list = await carriers();
    expect(list.map((c) => c.name)).toEqual(['FreightLine', 'ParcelNet', 'SwiftAir']);
    expect(list.find((c) => c.name === 'ParcelNet')).toMatchObject({
      serviceLevel: 'STANDARD',
      transitDays: 3,
      trackingPrefix: 'PN',
      version: 1,
      history: [{ version: 1, type: 'CarrierConfigured', actor: 'env:SHIPPING_CARRIERS' }],
    });
  });

  it('books a carrier from the moment it is recorded, without a restart', async () => {
    expect((await book('W-BEFORE', 1000)).carrier).toBe('SwiftAir'); // due today: only the fastest comes close
    const created = await put('Bike', bike);
    expect(created).toMatchObject({ status: 200, body: { name: 'Bike', ...bike, version: 1, changed: true } });
    expect(await book('W-AFTER', 1000)).toMatchObject({ carrier: 'Bike', trackingNumber: expect.stringMatching(/^BK\d{10}$/), costMinor: 110 });
  });

  it('records nothing for the same carrier again, and a new version for a change, keeping both with their actor', async () => {
    expect((await put('Bike', bike)).body).toMatchObject({ version: 1, changed: false });
    const changed = await put('Bike', { ...bike, maxWeightGrams: 3000 });
    expect(changed.body).toMatchObject({ maxWeightGrams: 3000, version: 2, changed: true });
    expect(changed.body.history.map((h: D) => [h.version, h.data.maxWeightGrams, h.actor])).toEqual([
      [1, 5000, expect.stringMatching(/^key:\w+ \(admin/)],
      [2, 3000, expect.stringMatching(/^key:\w+ \(admin/)],
    ]);
    expect((await book('W-HEAVY', 4000)).carrier).toBe('SwiftAir'); // over the bike's new limit
  });

  it("weighs a parcel its warehouse did not weigh by the catalogue's product weights, the newest version of each", async () => {
    await run((uow) => new ProductWeights().record(uow.tx, 'MUG-RED', 700, 2));
    await run((uow) => new ProductWeights().record(uow.tx, 'MUG-RED', 350, 1)); // an older version, redelivered late
    expect(await book('W-UNWEIGHED')).toMatchObject({ weightGrams: 1400, carrier: 'Bike', costMinor: 120 }); // 2 mugs
    expect(await book('W-WEIGHED', 2500)).toMatchObject({ weightGrams: 2500 });
  });

  it.each([
    ['negative transit days', { ...bike, transitDays: -1 }, 'field "transitDays": expected ≥ 0, got -1'],
    ['an unknown country', { ...bike, countries: ['DE', 'XX'] }, 'field "countries[1]": expected ISO-3166 alpha-2 country codes'],
    ['a lower-case tracking prefix', { ...bike, trackingPrefix: 'bk' }, 'field "trackingPrefix": expected 1-6 capital letters, got "bk"'],
    ['a name in the body (the path gives it)', { ...bike, name: 'Bike' }, 'field "name": not expected'],
    ['no currency', { ...bike, currency: undefined }, 'field "currency"'],
  ])('refuses a carrier with %s with a 400 naming the field', async (_case, body, message) => {
    const answer = await put('Bike', body);
    expect(answer.status).toBe(400);
    expect(answer.body.message).toContain(message);
  });

  it("refuses a carrier with another carrier's tracking prefix, or pricing in another currency, with a 422 naming the field", async () => {
    expect((await put('Tram', { ...bike, trackingPrefix: 'PN' })).body).toMatchObject({
      statusCode: 422,
      field: 'trackingPrefix',
      message: 'field "trackingPrefix": carrier "ParcelNet" has the tracking prefix "PN" already',
    });
    expect((await put('Tram', { ...bike, trackingPrefix: 'TR', currency: 'GBP' })).body).toMatchObject({ statusCode: 422, field: 'currency' });
    expect((await carriers()).map((c) => c.name)).not.toContain('Tram');
  });

  it.each([
    ['PUT', '/admin/carriers/Bike', bike],
    ['GET', '/admin/carriers', undefined],
  ] as const)('%s %s: 401 without a key, 403 for another role, 200 for an admin', async (method, path, body) => {
    expect((await call(method, path, body, null)).status).toBe(401);
    for (const role of ['operator', 'carrier'] as const) expect((await call(method, path, body, keys[role])).body).toMatchObject({ statusCode: 403, missing: 'reference-data:manage' });
    expect((await call(method, path, body)).status).toBe(200);
  });

  it('documents every route it serves, and only those', async () => {
    expect(controllerRoutes(ShippingServiceModule).sort()).toEqual(documentedRoutes(SHIPPING_OPENAPI_DOCUMENT).filter((r) => !PLATFORM_ROUTES.includes(r)).sort());
    const docs = await fetchServedDocs(service.url);
    const body = (docs.document.paths['/admin/carriers/{carrier}'].put as D).requestBody.content['application/json'].schema;
    expect(body.required).toEqual(expect.arrayContaining(['serviceLevel', 'transitDays', 'trackingPrefix']));
  });
});
