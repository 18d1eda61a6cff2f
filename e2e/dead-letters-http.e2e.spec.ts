import { Topics } from '@orderflow/contracts';
import { waitFor } from '@orderflow/testing';
import { orderSubmitted } from './support/messages';
import { TestSystem } from './support/system';

type D = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The operators' dead-letter round trip over the query API, with the order service as a process:
 * a malformed order is dead-lettered by its owner, listed with its reason and payload, refused when
 * "corrected" badly, replayed corrected, and then placed.
 */
describe('dead letters over HTTP, end to end', () => {
  let system: TestSystem;
  let query: string;
  let operator: Record<string, string>;

  const call = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const res = await fetch(`${query}${path}`, {
      method,
      headers: { ...operator, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as D };
  };
  const channelOrdersCount = async () => ((await call('GET', '/dead-letters')).body.topics as D[]).find((t) => t.topic === Topics.channelOrders)?.count;

  beforeAll(async () => {
    system = await TestSystem.start(['order-service', 'query-service']);
    query = system.services.get('query-service')!.url;
    operator = await system.auth('operator');
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('lists a dead-lettered order with its reason and payload, and places it once replayed corrected', async () => {
    const good = orderSubmitted('DLQ-HTTP-1', [{ sku: 'KETTLE', quantity: 1, unitPriceMinor: 3999 }]);
    const broken = { ...good, currency: 'EURO' };
    await system.produce(Topics.channelOrders, [broken]);

    await waitFor('the order dead-lettered', async () => (await channelOrdersCount()) === 1, { timeoutMs: 30_000 });
    const { body: page } = await call('GET', `/dead-letters/${Topics.channelOrders}`);
    expect(page.letters).toHaveLength(1);
    const [letter] = page.letters as D[];
    expect(letter).toMatchObject({ consumer: 'order-service', key: 'webshop:DLQ-HTTP-1', reason: expect.stringContaining('currency') });
    expect(JSON.parse(letter.value)).toEqual(broken);

    const stillBroken = await call('POST', `/dead-letters/${Topics.channelOrders}/replay`, { ids: [letter.id], value: JSON.stringify({ ...good, currency: 'E' }) });
    expect(stillBroken.status).toBe(422);
    expect(stillBroken.body.reason).toContain('currency');

    const replayed = await call('POST', `/dead-letters/${Topics.channelOrders}/replay`, { ids: [letter.id], value: JSON.stringify(good) });
    expect(replayed).toEqual({ status: 200, body: { replayed: 1, topic: system.topic(Topics.channelOrders) } });

    const order = await waitFor(
      'the replayed order in the query API',
      async () => {
        const res = await call('GET', '/channels/webshop/orders/DLQ-HTTP-1');
        return res.status === 200 ? res.body : undefined;
      },
      { timeoutMs: 30_000 },
    );
    expect(order).toMatchObject({ channel: 'webshop', externalOrderId: 'DLQ-HTTP-1', currency: 'EUR' });
    // The dead letter stays on record; nothing new was dead-lettered.
    expect(await channelOrdersCount()).toBe(1);
  });
});
