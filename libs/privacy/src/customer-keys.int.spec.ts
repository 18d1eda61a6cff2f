import { EventStore } from '@orderflow/event-store';
import { createTestDatabase, TestDatabase, waitFor } from '@orderflow/testing';
import { CustomerKeys, customerKeyStream } from './customer-keys';
import { ERASED, PersonalData, WithPersonalData } from './personal-data';

const MASTER = Buffer.from('a-master-key-for-this-spec-only-0123456789');

const order = (channel: string, customerId: string): WithPersonalData & { lines: unknown[] } => ({
  channel,
  customer: { id: customerId, name: `Name of ${customerId}`, email: `${customerId.toLowerCase()}@example.com`, phone: '+49 30 1234' },
  shippingAddress: { line1: `Street of ${customerId}`, city: 'Berlin', postalCode: '10115', country: 'DE', region: 'BE' } as WithPersonalData['shippingAddress'],
  lines: [{ sku: 'MUG', quantity: 1 }],
});

describe('customer keys and sealed personal data (real PostgreSQL)', () => {
  let db: TestDatabase;
  let store: EventStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new EventStore(db.dataSource);
  });
  afterAll(async () => {
    await store?.notifications().close?.();
    await db?.drop();
  });

  it('seals a batch of 1,500 orders of 600 customers in two statements, then from the cache in none', async () => {
    const data = new PersonalData(new CustomerKeys(db.dataSource, { masterKey: MASTER }));
    const orders = Array.from({ length: 1500 }, (_, i) => order(i % 2 ? 'webshop' : 'app', `C-${i % 600}`));
    // Some keys exist already (made by another replica): the INSERT skips them and one SELECT finds them.
    await new CustomerKeys(db.dataSource, { masterKey: MASTER }).keysFor(orders.slice(0, 50).map((o) => ({ channel: o.channel, customerId: o.customer.id })));
    const query = jest.spyOn(db.dataSource, 'query');
    const sealed = await data.seal(orders);
    expect(query).toHaveBeenCalledTimes(2);
    query.mockClear();
    await data.seal(orders);
    expect(query).toHaveBeenCalledTimes(0);
    query.mockRestore();

    const text = JSON.stringify(sealed);
    expect(text).not.toMatch(/Name of|example\.com|Street of|Berlin|10115|\+49/);
    expect(sealed[0]).toMatchObject({ channel: 'app', customer: { id: 'C-0' }, shippingAddress: { country: 'DE', region: 'BE' }, lines: [{ sku: 'MUG' }] });
    // Already sealed: unchanged, and no key is asked for.
    expect(await data.seal(sealed)).toEqual(sealed);
    const opened = JSON.parse((await data.openJson(text)).text) as typeof orders;
    expect(opened).toEqual(orders);
    const [{ keys }] = (await db.dataSource.query(`SELECT count(*)::int AS keys FROM customer_keys`)) as { keys: number }[];
    expect(keys).toBe(600); // one per customer of a channel (C-1 of the app is not C-1 of the webshop: none here share)
  });

  it('gives concurrent replicas one key per customer', async () => {
    const customers = Array.from({ length: 200 }, (_, i) => ({ channel: 'pos', customerId: `P-${i}` }));
    const replicas = Array.from({ length: 4 }, () => new CustomerKeys(db.dataSource, { masterKey: MASTER }));
    const answers = await Promise.all(replicas.map((r) => r.keysFor(customers)));
    for (const answer of answers.slice(1)) {
      expect([...answer].map(([k, v]) => [k, v.keyRef])).toEqual([...answers[0]].map(([k, v]) => [k, v.keyRef]));
    }
  });

  it('erases a customer: its fields open as erased in every process within moments, with the actor recorded', async () => {
    const notifications = store.notifications();
    const gateway = new PersonalData(new CustomerKeys(db.dataSource, { masterKey: MASTER, notifications }));
    const queryApi = new PersonalData(new CustomerKeys(db.dataSource, { masterKey: MASTER, notifications }));
    const [ada, bob] = await gateway.seal([order('webshop', 'ADA'), order('webshop', 'BOB')]);
    const body = JSON.stringify({ orders: [{ customerName: ada.customer.name }, { customerName: bob.customer.name }], doc: ada });
    expect((await queryApi.openJson(body)).text).toContain('Name of ADA'); // and now its key is cached

    const erased = await new CustomerKeys(db.dataSource).erase({ customerId: 'ADA', actor: 'cli:dpo' });
    expect(erased).toEqual([expect.objectContaining({ channel: 'webshop', customerId: 'ADA' })]);
    const [event] = await store.readStream(customerKeyStream(erased[0].keyRef));
    expect(event).toMatchObject({ type: 'CustomerErased', data: { customerId: 'ADA', channel: 'webshop' }, metadata: { actor: 'cli:dpo' } });
    const [row] = (await db.dataSource.query(`SELECT wrapped_key, erased_by FROM customer_keys WHERE key_ref = $1`, [erased[0].keyRef])) as {
      wrapped_key: Buffer | null;
      erased_by: string;
    }[];
    expect(row).toEqual({ wrapped_key: null, erased_by: 'cli:dpo' });

    const answer = await waitFor('the erasure seen by the cached opener', async () => {
      const opened = await queryApi.openJson(body);
      return opened.erased ? opened : undefined;
    }, { timeoutMs: 5000, intervalMs: 20 });
    const shown = JSON.parse(answer.text) as { personalDataErased: boolean; orders: Record<string, unknown>[]; doc: typeof ada };
    expect(shown.personalDataErased).toBe(true);
    expect(shown.orders).toEqual([{ customerName: ERASED, personalDataErased: true }, { customerName: 'Name of BOB' }]);
    expect(shown.doc.customer).toEqual({ id: 'ADA', name: ERASED, email: ERASED, phone: ERASED });
    expect(shown.doc.shippingAddress).toEqual({ line1: ERASED, city: ERASED, postalCode: ERASED, country: 'DE', region: 'BE' });
    expect(answer.text).not.toContain('pii:v1:');

    // The customer comes back: a new key; the old orders stay erased.
    const [again] = await waitFor('the sealer forgets the erased key', async () => {
      const sealed = await gateway.seal([order('webshop', 'ADA')]);
      return sealed[0].customer.name!.split(':')[2] !== erased[0].keyRef ? sealed : undefined;
    }, { timeoutMs: 5000, intervalMs: 20 });
    expect((await queryApi.openJson(JSON.stringify(again))).text).toContain('Name of ADA');
    expect((await queryApi.openJson(JSON.stringify(ada))).text).not.toContain('Name of ADA');
  });

  it('refuses to erase what has no key, naming why', async () => {
    const keys = new CustomerKeys(db.dataSource);
    await expect(keys.erase({ customerId: 'NOBODY', actor: 'cli:dpo' })).rejects.toThrow('no key of customer "NOBODY": nothing of it was ever sealed');
    await new CustomerKeys(db.dataSource, { masterKey: MASTER }).keysFor([{ channel: 'app', customerId: 'EVE' }]);
    await keys.erase({ customerId: 'EVE', channel: 'app', actor: 'cli:dpo' });
    await expect(keys.erase({ customerId: 'EVE', channel: 'app', actor: 'cli:dpo' })).rejects.toThrow('customer "EVE" of channel "app" was already erased');
  });

  it('lets the application role neither delete keys nor rewrite whose they are', async () => {
    await expect(db.dataSource.query(`DELETE FROM customer_keys`)).rejects.toThrow(/permission denied/);
    await expect(db.dataSource.query(`UPDATE customer_keys SET customer_id = 'X'`)).rejects.toThrow(/permission denied/);
  });
});
