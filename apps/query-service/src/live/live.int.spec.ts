import { createTestDatabase, TestDatabase, waitFor } from '@orderflow/testing';
import { QueryApp, startQueryApp } from '../../test/expectations';
import { HistoryWriter, OrderScript, Scenario, writeRealisticHistory } from '../../test/order-history';
import { queryMigrations } from '../infrastructure/migrations';
import { LiveOrderFeed } from './live-order-feed';

type D = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface LiveClient {
  status: number;
  headers: Headers;
  events: { type: string; data: D }[];
  comments: () => number;
  close(): void;
}

/** Follows GET /live as the console does (fetch and a stream reader, the key in Authorization). */
async function follow(url: string, key: string, query = ''): Promise<LiveClient> {
  const hangUp = new AbortController();
  const res = await fetch(`${url}/live${query}`, { headers: { authorization: `Bearer ${key}` }, signal: hangUp.signal });
  const events: LiveClient['events'] = [];
  let comments = 0;
  if (res.headers.get('content-type')?.startsWith('text/event-stream')) {
    void (async () => {
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buffer += decoder.decode(value, { stream: true });
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const lines = buffer.slice(0, end).split('\n');
            buffer = buffer.slice(end + 2);
            const type = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? 'message';
            const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6));
            comments += lines.filter((l) => l.startsWith(':')).length;
            if (data.length) events.push({ type, data: JSON.parse(data.join('\n')) });
          }
        }
      } catch {
        // hung up
      }
    })();
  } else {
    events.push({ type: 'answer', data: JSON.parse(await res.text()) });
  }
  return { status: res.status, headers: res.headers, events, comments: () => comments, close: () => hangUp.abort() };
}

const ordersOf = (client: LiveClient) => client.events.filter((e) => e.type === 'order').map((e) => e.data);
const positionsOf = (client: LiveClient) => client.events.filter((e) => e.type === 'position').map((e) => e.data.position as number);

/**
 * GET /live over a real database: orders written after a client connected reach it (a channel key:
 * only its channel's), heartbeats with the position, at most QUERY_LIVE_MAX_CLIENTS clients, and a
 * closed connection frees its place.
 */
describe('live order updates over Server-Sent Events (real PostgreSQL, HTTP)', () => {
  let db: TestDatabase;
  let api: QueryApp;
  let w: HistoryWriter;
  let story: Scenario;
  let feed: LiveOrderFeed;
  const keys = {} as Record<'webshop' | 'operator', string>;
  const clients: LiveClient[] = [];
  const connect = async (key: string, query?: string) => {
    const client = await follow(api.url, key, query);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    db = await createTestDatabase(queryMigrations);
    w = new HistoryWriter(db.dataSource);
    story = writeRealisticHistory(w);
    await w.flush();
    api = await startQueryApp(db, { QUERY_LIVE_MAX_CLIENTS: '2' });
    await api.caughtUp();
    feed = api.app.get(LiveOrderFeed);
    keys.webshop = await api.key('channel', { channel: 'webshop' });
    keys.operator = await api.key('operator');
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await waitFor('every live client gone', async () => feed.size === 0, { timeoutMs: 5000, intervalMs: 20 });
  });

  afterAll(async () => {
    await api?.close();
    await db?.drop();
    delete process.env.QUERY_LIVE_MAX_CLIENTS;
  });

  const place = (channel: string, externalOrderId: string, orderNumber: string) =>
    new OrderScript(w, {
      channel,
      externalOrderId,
      orderNumber,
      currency: 'EUR',
      customerId: 'C-77',
      lines: [{ sku: 'MUG-RED', quantity: 1, unitPriceMinor: 1250 }],
      placedAt: new Date(),
      estimatedDeliveryDate: story.day(15),
    }).placeAndConfirm();

  it('sends every order written after the client connected, and a channel key only its own channel\'s', async () => {
    const operator = await connect(keys.operator);
    const webshop = await connect(keys.webshop);
    expect([operator.status, operator.headers.get('content-type')]).toEqual([200, 'text/event-stream']);
    await waitFor('both clients told the position', async () => positionsOf(operator).length > 0 && positionsOf(webshop).length > 0, { timeoutMs: 5000, intervalMs: 20 });
    const startedAt = positionsOf(operator)[0];

    const ownOrder = place('webshop', 'W-LIVE-1', 'OF-800001');
    const otherOrder = place('marketplace', 'M-LIVE-2', 'OF-800002');
    await w.flush();

    const confirmed = (client: LiveClient, orderId: string) => ordersOf(client).some((o) => o.orderId === orderId && o.status === 'CONFIRMED');
    await waitFor('the operator sees both orders', async () => confirmed(operator, ownOrder.orderId) && confirmed(operator, otherOrder.orderId), { timeoutMs: 10_000, intervalMs: 20 });
    await waitFor('the webshop key sees its order', async () => confirmed(webshop, ownOrder.orderId), { timeoutMs: 5000, intervalMs: 20 });
    await new Promise((r) => setTimeout(r, 500));

    const [first] = ordersOf(operator).filter((o) => o.orderId === ownOrder.orderId);
    expect(first).toEqual({
      orderId: ownOrder.orderId,
      orderNumber: 'OF-800001',
      channel: 'webshop',
      status: 'CONFIRMED',
      placedAt: expect.any(String),
      position: expect.any(Number),
    });
    expect(Date.parse(first.placedAt)).toBe(ownOrder.spec.placedAt.getTime());
    expect(first.position).toBeGreaterThan(startedAt);
    // Nothing written before the connection, and nothing of another channel for the channel key.
    expect(new Set(ordersOf(operator).map((o) => o.orderId))).toEqual(new Set([ownOrder.orderId, otherOrder.orderId]));
    expect(new Set(ordersOf(webshop).map((o) => o.orderId))).toEqual(new Set([ownOrder.orderId]));
  });

  it('tells the position every 5 seconds with a comment line to keep proxies open', async () => {
    const client = await connect(keys.operator);
    await waitFor('a heartbeat after the first position', async () => positionsOf(client).length >= 2, { timeoutMs: 8000, intervalMs: 50 });
    expect(client.comments()).toBeGreaterThanOrEqual(2);
  });

  it('serves at most QUERY_LIVE_MAX_CLIENTS clients, and a closed connection frees its place', async () => {
    const a = await connect(keys.operator);
    await connect(keys.operator);
    await waitFor('two clients following', async () => feed.size === 2, { timeoutMs: 5000, intervalMs: 20 });

    const refused = await connect(keys.operator);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(refused.events[0].data.message).toBe('2 clients already follow /live, the most this service serves at once; retry after 5 s');

    a.close();
    await waitFor('the closed client let go', async () => feed.size === 1, { timeoutMs: 5000, intervalMs: 20 });
    const next = await connect(keys.operator);
    expect(next.status).toBe(200);
    await waitFor('the new client told the position', async () => positionsOf(next).length > 0, { timeoutMs: 5000, intervalMs: 20 });
  });

  it('answers an unknown parameter with a 400 naming it, and no key with a 401', async () => {
    const bad = await connect(keys.operator, '?since=5');
    expect(bad.status).toBe(400);
    expect(bad.events[0].data.problems).toEqual([expect.objectContaining({ parameter: 'since', in: 'query' })]);
    expect((await fetch(`${api.url}/live`)).status).toBe(401);
  });
});
