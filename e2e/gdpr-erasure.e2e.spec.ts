import { randomBytes } from 'node:crypto';
import { orderIdFor, StreamIds, TOPIC_PARTITIONS, dlqTopicOf } from '@orderflow/contracts';
import { exportEvents } from '@orderflow/event-store';
import { IncomingMessage } from '@orderflow/messaging';
import { customerKeyStream } from '@orderflow/privacy';
import { waitFor } from '@orderflow/testing';
import { orderflow } from './support/cli';
import { orderSubmitted, stockReceived, warehouseRegistered } from './support/messages';
import { TestSystem, TopicTap } from './support/system';

/** Who is erased, and someone who is not: every string of the first must vanish, the second stays readable. */
const ERASED = {
  id: 'CUST-GDPR-1',
  name: 'Hedwig Erasmus-Vogelsang',
  email: 'hedwig.erasmus@vergessen.example',
  phone: '+49 30 5550199',
  line1: 'Löschweg 17',
  city: 'Vergessenstadt',
  postalCode: '99901',
};
const KEPT = { id: 'CUST-GDPR-2', name: 'Konrad Bleibtreu', email: 'konrad@bleibt.example' };

const order = (externalOrderId: string, who: { id: string; name: string; email: string; phone?: string }, address: Record<string, unknown>) =>
  orderSubmitted(externalOrderId, [{ sku: 'GDPR-MUG', quantity: 2, unitPriceMinor: 1450 }], { customer: who }, address);

/**
 * Crypto-shredding end to end (docs/adr/0022): orders posted to the gateway flow through Kafka and
 * every service into the query API; `npx orderflow gdpr erase` destroys the customer's key; then the
 * API shows the personal fields as erased, a rebuild and `audit verify` pass, order numbers and
 * amounts stay, and neither the customer's name nor e-mail is anywhere in the events table, the
 * query schema, any topic or any dead-letter topic, read from offset 0.
 */
describe('erasing a customer (gdpr erase, every service as a process)', () => {
  let system: TestSystem;
  const taps = new Map<string, TopicTap>();
  const piiEnv = { PII_MASTER_KEY: randomBytes(32).toString('base64url') };

  beforeAll(async () => {
    system = await TestSystem.start(['ingest-gateway', 'order-service', 'inventory-service', 'shipping-service', 'after-sales-service', 'query-service'], {
      env: piiEnv,
    });
    for (const topic of Object.keys(TOPIC_PARTITIONS).flatMap((t) => [t, dlqTopicOf(t)])) taps.set(topic, await system.tap(topic));
  });
  afterAll(async () => {
    await system?.stop();
  });

  const get = async (path: string) => {
    const role = path.startsWith('/audit/') ? 'auditor' : 'operator';
    const res = await fetch(`${system.services.get('query-service')!.url}${path}`, { headers: await system.auth(role) });
    return { status: res.status, text: await res.text() };
  };
  const api = async (path: string) => {
    const { status, text } = await get(path);
    expect([path, status]).toEqual([path, 200]);
    return text;
  };
  const post = async (path: string, body: unknown[]) => {
    const res = await fetch(`${system.services.get('ingest-gateway')!.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await system.gatewayKeys.headersFor(path, body)) },
      body: JSON.stringify(body),
    });
    expect([path, res.status, await res.text()]).toEqual([path, 202, expect.any(String)]);
  };

  it('leaves no plaintext of the erased customer in the store, the projections, the topics or the dead letters', async () => {
    await post('/v1/warehouse-operations', [warehouseRegistered('WH-GDPR', 'DE', 'BE'), stockReceived('WH-GDPR', 'GDPR-MUG', 50)]);
    await waitFor('GDPR-MUG known to the order service', async () =>
      ((await system.db.dataSource.query(`SELECT 1 FROM order_known_skus WHERE sku = 'GDPR-MUG'`)) as unknown[]).length === 1,
    );
    const address = { line1: ERASED.line1, city: ERASED.city, region: 'BE', postalCode: ERASED.postalCode, country: 'DE' };
    const erasedOrder = order('GDPR-1', { id: ERASED.id, name: ERASED.name, email: ERASED.email, phone: ERASED.phone }, address);
    const keptOrder = order('GDPR-2', KEPT, { line1: 'Bleibweg 2', city: 'Berlin', region: 'BE', postalCode: '10117', country: 'DE' });
    await post('/v1/channel-orders', [erasedOrder, keptOrder]);
    const orderId = orderIdFor('webshop', 'GDPR-1');
    const keptId = orderIdFor('webshop', 'GDPR-2');
    // Through inventory and shipping: the address is copied into StockAllocated and ShipmentRequested.
    await system.waitForOrderEvent(orderId, 'ShipmentRequested');
    await system.waitForOrderEvent(keptId, 'ShipmentRequested');

    // A gateway record that breaks its topic's key contract: dead-lettered with its original (sealed) bytes.
    const inbound = await taps.get('channel.orders')!.waitFor<{ externalOrderId: string }>('the sealed GDPR-1 record', (r) => r.externalOrderId === 'GDPR-1');
    expect(JSON.stringify(inbound)).toMatch(/"name":"pii:v1:/);
    await system.produce('channel.orders', [{ key: 'webshop:SOMETHING-ELSE', value: JSON.stringify(inbound) }]);
    await taps.get('channel.orders.dlq')!.waitFor('the dead letter', () => true);

    // Before erasure the API opens the sealed fields for whoever may read them.
    const before = JSON.parse(await waitFor('the order projected', async () => {
      const { status, text } = await get(`/orders/${orderId}`);
      return status === 200 && text.includes(ERASED.name) ? text : undefined;
    })) as { orderNumber: string; totalMinor: number; customer: Record<string, string>; shippingAddress: Record<string, string> };
    expect(before.customer).toEqual({ id: ERASED.id, name: ERASED.name, email: ERASED.email, phone: ERASED.phone });
    expect(before.shippingAddress).toMatchObject(address);
    // ... and the customer report (docs/adr/0040) shows its order.
    expect(JSON.parse(await api(`/reports/customers/${ERASED.id}`))).toMatchObject({ channel: 'webshop', orders: { placed: 1 }, favouriteSkus: [{ sku: 'GDPR-MUG', units: 2 }] });

    const erase = await orderflow(system, ['gdpr', 'erase', '--customer', ERASED.id], { ORDERFLOW_ACTOR: 'cli:dpo' });
    expect([erase.code, erase.stderr]).toEqual([0, '']);
    expect(erase.stdout).toMatch(/^erased customer "CUST-GDPR-1" of channel webshop: key [A-Za-z0-9_-]{22} /);
    const keyRef = /key ([A-Za-z0-9_-]{22})/.exec(erase.stdout)![1];
    const [recorded] = await system.streamEvents(customerKeyStream(keyRef));
    expect(recorded).toMatchObject({ type: 'CustomerErased', data: { customerId: ERASED.id, channel: 'webshop' }, metadata: { actor: 'cli:dpo' } });
    const again = await orderflow(system, ['gdpr', 'erase', '--customer', ERASED.id]);
    expect([again.code, again.stderr]).toEqual([2, 'orderflow: customer "CUST-GDPR-1" was already erased\n']);

    // The API: the personal fields erased, marked as such; number, amounts and history kept.
    const after = JSON.parse(await waitFor('the erasure seen by the query API', async () => {
      const { text } = await get(`/orders/${orderId}`);
      return text.includes('[erased]') ? text : undefined;
    }, { timeoutMs: 10_000 })) as typeof before & { personalDataErased: boolean };
    expect(after.personalDataErased).toBe(true);
    expect(after.customer).toEqual({ id: ERASED.id, name: '[erased]', email: '[erased]', phone: '[erased]' });
    expect(after.shippingAddress).toEqual({ line1: '[erased]', city: '[erased]', postalCode: '[erased]', region: 'BE', country: 'DE' });
    expect([after.orderNumber, after.totalMinor]).toEqual([before.orderNumber, 2900]);
    const list = JSON.parse(await api(`/orders?customerId=${ERASED.id}`)) as { orders: { customerName: string; personalDataErased?: boolean }[] };
    expect(list.orders).toEqual([expect.objectContaining({ customerName: '[erased]', personalDataErased: true, totalMinor: 2900 })]);
    const timeline = await api(`/orders/${orderId}/timeline`);
    expect(timeline).toContain('ShipmentRequested');
    const kept = JSON.parse(await api(`/orders/${keptId}`)) as typeof before & { personalDataErased?: boolean };
    expect([kept.customer.name, kept.personalDataErased]).toEqual([KEPT.name, undefined]);
    // The customer report does not outlive the erasure: no order of the customer is left to report.
    expect(await get(`/reports/customers/${ERASED.id}`)).toMatchObject({ status: 404 });
    expect(JSON.parse(await api(`/reports/customers/${KEPT.id}`))).toMatchObject({ orders: { placed: 1 }, lifetimeValue: [{ currency: 'EUR', orderedMinor: 2900 }] });
    for (const text of [JSON.stringify(after), JSON.stringify(list), timeline, await api(`/audit/streams/${StreamIds.order(orderId)}`)]) {
      expect(text).not.toContain('pii:v1:');
      expect(text).not.toContain(ERASED.name);
    }

    // A rebuild and the audit still pass: the store never changed.
    const rebuild = await orderflow(system, ['projections', 'rebuild', 'all']);
    expect([rebuild.code, rebuild.stderr.slice(-500)]).toEqual([0, expect.stringMatching(/swapped in/)]);
    const audit = await orderflow(system, ['audit', 'verify']);
    expect([audit.code, audit.stderr.slice(-500)]).toEqual([0, expect.any(String)]);
    expect(JSON.parse(await api(`/orders/${orderId}`))).toMatchObject({ customer: { name: '[erased]' }, orderNumber: before.orderNumber });

    // The scan: every event, every query.* table, every topic and dead-letter topic from offset 0.
    const needles = [ERASED.name, ERASED.email, ERASED.line1, ERASED.phone];
    const events: { text: string }[] = [];
    for await (const e of exportEvents(system.db.dataSource)) events.push({ text: JSON.stringify(e.data) + JSON.stringify(e.metadata) });
    expect(events.length).toBeGreaterThan(10);
    const tables = (await system.db.dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'query' AND table_type = 'BASE TABLE'`,
    )) as { table_name: string }[];
    expect(tables.length).toBeGreaterThan(3);
    const projected: string[] = [];
    for (const { table_name } of tables) {
      const rows = (await system.db.dataSource.query(`SELECT row_to_json(t)::text AS text FROM query."${table_name}" t`)) as { text: string }[];
      projected.push(...rows.map((r) => r.text));
    }
    // The scan reads the rows and records that hold the erased customer's sealed fields (its key ref)...
    expect(projected.join('\n')).toContain(keyRef);
    const records = [...taps].flatMap(([topic, tap]) => tap.records.map((r) => ({ topic, text: recordText(r) })));
    for (const topic of ['channel.orders', 'channel.orders.dlq', 'order.events', 'inventory.events', 'shipping.events']) {
      expect([topic, records.some((r) => r.topic === topic && r.text.includes(keyRef))]).toEqual([topic, true]);
    }
    const scanned = [
      ...events.map((e) => ({ where: 'events', text: e.text })),
      ...projected.map((text) => ({ where: 'query.*', text })),
      ...records.map((r) => ({ where: r.topic, text: r.text })),
    ];
    expect(scanned.filter((x) => x.text.includes(keyRef)).length).toBeGreaterThan(10);
    // ...and finds none of its plaintext.
    const found = scanned.filter((x) => needles.some((n) => x.text.includes(n) || x.text.includes(JSON.stringify(n).slice(1, -1))));
    expect(found).toEqual([]);
  });
});

function recordText(r: IncomingMessage): string {
  return [r.key?.toString() ?? '', r.value?.toString() ?? '', JSON.stringify(Object.fromEntries(Object.entries(r.headers ?? {}).map(([k, v]) => [k, String(v)])))].join('\n');
}
