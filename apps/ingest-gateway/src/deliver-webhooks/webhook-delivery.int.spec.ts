import { randomBytes, randomUUID } from 'node:crypto';
import { topicName, Topics } from '@orderflow/contracts';
import { BusProducer } from '@orderflow/messaging';
import { bearer, issueApiKey, uniqueSuffix, waitFor, WebhookReceiver, webhookSignatureValid } from '@orderflow/testing';
import { GatewayApp, startGatewayApp } from '../../test/gateway-app';
import { DeliveryLogEntry } from '../infrastructure/webhook-deliveries';

type Notification = Record<string, unknown> & { messageId: string; channel: string; externalOrderId: string; orderId: string; type: string };

const STEPS = ['OrderConfirmed', 'OrderBackordered', 'OrderShipped', 'OrderDelayed', 'OrderDelivered'] as const;

/** The n-th notification of an order, valid against its schema in libs/contracts/src/notifications.ts. */
function notification(channel: string, externalOrderId: string, orderId: string, type: (typeof STEPS)[number]): Notification {
  const about = { version: 1, messageId: randomUUID(), occurredAt: new Date().toISOString(), channel, externalOrderId, orderId };
  switch (type) {
    case 'OrderConfirmed':
      return { ...about, type, orderNumber: `OF-${externalOrderId}`, lines: [{ sku: 'MUG', quantity: 2, unitPriceMinor: 1250 }], totalMinor: 2500, currency: 'EUR', estimatedDeliveryDate: '2026-12-09' };
    case 'OrderBackordered':
      return { ...about, type, backordered: [{ sku: 'MUG', quantity: 1 }] };
    case 'OrderShipped':
      return { ...about, type, shipmentId: `${externalOrderId}-1`, carrier: 'DHL', trackingNumber: `T-${externalOrderId}`, lines: [{ sku: 'MUG', quantity: 2 }] };
    case 'OrderDelayed':
      return { ...about, type, shipmentId: `${externalOrderId}-1`, previousEstimate: '2026-12-09', newEstimate: '2026-12-11' };
    case 'OrderDelivered':
      return { ...about, type, deliveredAt: new Date().toISOString() };
  }
}

const orderOf = (channel: string, externalOrderId: string, steps: readonly (typeof STEPS)[number][] = STEPS) => {
  const orderId = randomUUID();
  return steps.map((type) => notification(channel, externalOrderId, orderId, type));
};

/**
 * Every notification a channel gets on channel.notifications is POSTed, signed, to its webhook
 * (docs/adr/0035): on the real broker and database, with receivers in the test that fail, time out
 * and recover, a receiver that never answers, and an order whose receiver refuses it for a while.
 */
describe('signed webhooks (real Kafka and PostgreSQL, HTTP receivers)', () => {
  let gateway: GatewayApp;
  let producer: BusProducer;
  let webshop: WebhookReceiver;
  let slowpoke: WebhookReceiver;
  const webshopSecret = randomBytes(32).toString('base64url');
  const slowpokeSecret = randomBytes(32).toString('base64url');
  let webshopKey: Record<string, string>;
  let adminKey: Record<string, string>;

  beforeAll(async () => {
    gateway = await startGatewayApp({
      prefix: 'webhk',
      consume: true,
      env: {
        PII_MASTER_KEY: randomBytes(32).toString('base64url'),
        WEBHOOK_ALLOW_PRIVATE_HOSTS: 'true',
        WEBHOOK_TIMEOUT_MS: '700',
        WEBHOOK_RETRY_BASE_MS: '100',
        WEBHOOK_RETRY_MAX_MS: '800',
        WEBHOOK_POLL_INTERVAL_MS: '50',
        WEBHOOK_CHANNEL_CONCURRENCY: '4',
        WEBHOOK_CONCURRENCY: '16',
      },
    });
    producer = await gateway.bus.producer();
    webshop = await WebhookReceiver.start();
    slowpoke = await WebhookReceiver.start();
    slowpoke.mode = 'hang';
    webshopKey = bearer(await issueApiKey(gateway.db.dataSource, 'channel', { channel: 'webshop' }));
    adminKey = bearer(await issueApiKey(gateway.db.dataSource, 'admin'));
  });
  afterAll(async () => {
    await producer?.disconnect();
    await gateway?.close();
    await webshop?.close();
    await slowpoke?.close();
  });

  const call = async (method: string, path: string, headers: Record<string, string>, body?: unknown) => {
    const res = await fetch(`${gateway.baseUrl}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, text: await res.text() };
  };
  const log = async (channel: string, query = '') => {
    const res = await call('GET', `/admin/channels/${channel}/webhook/deliveries${query}`, adminKey);
    expect(res.status).toBe(200);
    return (JSON.parse(res.text) as { deliveries: DeliveryLogEntry[] }).deliveries;
  };
  const publish = (notifications: Notification[]) =>
    producer.send(
      notifications.map((n) => ({
        topic: topicName(Topics.channelNotifications, gateway.namespace),
        key: `${n.channel}:${n.externalOrderId}`,
        value: JSON.stringify(n),
        headers: { 'message-id': n.messageId, 'event-type': n.type },
      })),
    );

  it('registers webhooks over HTTP, never showing the secret, and keeps it sealed in the database', async () => {
    const put = await call('PUT', '/admin/channels/webshop/webhook', webshopKey, { url: webshop.url, secret: webshopSecret });
    expect(put.status).toBe(200);
    expect(JSON.parse(put.text)).toMatchObject({ channel: 'webshop', url: webshop.url, registeredBy: expect.stringMatching(/^key:\w+ \(channel /) });
    expect(put.text).not.toContain(webshopSecret);
    expect((await call('PUT', '/admin/channels/slowpoke/webhook', adminKey, { url: slowpoke.url, secret: slowpokeSecret })).status).toBe(200);
    const shown = await call('GET', '/admin/channels/webshop/webhook', webshopKey);
    expect([shown.status, shown.text.includes(webshopSecret)]).toEqual([200, false]);
    const [row] = (await gateway.db.dataSource.query(`SELECT secret_sealed FROM webhook_endpoints WHERE channel = 'webshop'`)) as { secret_sealed: string }[];
    expect(row.secret_sealed).toMatch(/^whs:v1:/);
    expect(row.secret_sealed).not.toContain(webshopSecret);
  });

  it('refuses a bad body naming the field, and another channel\'s webhook to a channel key (404)', async () => {
    const bad = await call('PUT', '/admin/channels/webshop/webhook', webshopKey, { url: 'ftp://example.com/x', secret: 'too-short-but-secret' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).message).toBe('field "url": expected an http:// or https:// URL, got "ftp://example.com/x"; field "secret": expected 24 to 256 characters, got (value not shown)');
    expect(bad.text).not.toContain('too-short-but-secret');
    expect((await call('PUT', '/admin/channels/webshop/webhook', webshopKey, '{')).status).toBe(400);
    for (const [method, path] of [
      ['PUT', '/admin/channels/slowpoke/webhook'],
      ['GET', '/admin/channels/slowpoke/webhook'],
      ['GET', '/admin/channels/slowpoke/webhook/deliveries'],
      ['POST', `/admin/channels/slowpoke/webhook/deliveries/${randomUUID()}/replay`],
    ]) {
      const res = await call(method, path, webshopKey, method === 'PUT' ? { url: webshop.url, secret: webshopSecret } : undefined);
      expect([method, path, res.status]).toEqual([method, path, 404]);
    }
    const [row] = (await gateway.db.dataSource.query(`SELECT url FROM webhook_endpoints WHERE channel = 'slowpoke'`)) as { url: string }[];
    expect(row.url).toBe(slowpoke.url);
  });

  it('delivers hundreds of notifications, signed, once each and in order per order, through failures, timeouts, a dead receiver and a stuck order', async () => {
    const orders = Array.from({ length: 60 }, (_, i) => orderOf('webshop', `W-${i}`));
    const stuck = orderOf('webshop', 'W-STUCK', ['OrderConfirmed', 'OrderShipped', 'OrderDelivered']);
    const dead = Array.from({ length: 12 }, (_, i) => orderOf('slowpoke', `S-${i}`, ['OrderConfirmed', 'OrderShipped']));
    const unregistered = orderOf('marketplace', 'M-1');
    const webshopAll = [...orders, stuck].flat();

    // The receiver fails (500) for its first second, then hangs for two, then answers; the stuck order is refused until released.
    let firstAt: number | undefined;
    let stuckReleased = false;
    webshop.answer = ({ body }) => {
      if (!stuckReleased && body.includes('"externalOrderId":"W-STUCK"')) return 'fail';
      firstAt ??= Date.now();
      const since = Date.now() - firstAt;
      return since < 1000 ? 'fail' : since < 3000 ? 'hang' : 'ok';
    };

    // Interleaved across orders as a relay would publish them, with every fifth notification sent twice.
    const interleaved: Notification[] = [];
    const lists = [...orders, stuck, ...dead, unregistered];
    for (let step = 0; step < STEPS.length; step++) for (const list of lists) if (list[step]) interleaved.push(list[step]);
    const duplicates = interleaved.filter((_, i) => i % 5 === 0);
    for (let i = 0; i < interleaved.length; i += 50) await publish(interleaved.slice(i, i + 50));
    await publish(duplicates);
    expect(webshopAll.length).toBe(303);

    const free = new Set(orders.flat().map((n) => n.messageId));
    await waitFor('every webshop notification but the stuck order\'s accepted', () => webshop.accepted.filter((r) => free.has(r.messageId)).length === free.size, {
      timeoutMs: 90_000,
      intervalMs: 250,
    });

    // The stuck order waits at its first notification, retried, while its later ones were never tried.
    const stuckLog = await log('webshop', `?orderId=${stuck[0].orderId}`);
    expect(stuckLog.map((d) => [d.messageId, d.status])).toEqual([...stuck].reverse().map((n) => [n.messageId, 'pending']));
    const [, , head] = stuckLog;
    expect(head.attempts).toBeGreaterThan(1);
    expect(head.lastStatusCode).toBe(500);
    expect(stuckLog.slice(0, 2).map((d) => d.attempts)).toEqual([0, 0]);
    expect(webshop.requests.filter((r) => r.messageId === stuck[1].messageId)).toEqual([]);

    // The dead receiver held its own slots only; it was tried and timed out.
    const deadLog = await log('slowpoke');
    expect(deadLog.length).toBe(24);
    expect(deadLog.every((d) => d.status === 'pending')).toBe(true);
    expect(deadLog.some((d) => d.attempts > 0 && /no answer within 700 ms/.test(d.lastError ?? ''))).toBe(true);
    // A channel without a webhook keeps no deliveries.
    expect(await log('marketplace')).toEqual([]);

    stuckReleased = true;
    await waitFor('the stuck order delivered', () => webshop.accepted.length === webshopAll.length, { timeoutMs: 30_000 });

    // Exactly once each (the gateway never resent what was accepted), each signed with the secret over the very bytes sent.
    expect(webshop.requests.filter((r) => r.duplicate)).toEqual([]);
    expect(new Set(webshop.accepted.map((r) => r.messageId))).toEqual(new Set(webshopAll.map((n) => n.messageId)));
    for (const r of webshop.requests) {
      expect(webhookSignatureValid(webshopSecret, r.signature, r.body)).toBe(true);
      expect(JSON.parse(r.body).messageId).toBe(r.messageId);
    }
    const sent = new Map(webshopAll.map((n) => [n.messageId, n]));
    for (const r of webshop.accepted) expect(JSON.parse(r.body)).toEqual(sent.get(r.messageId));
    // Per order, in the order published.
    for (const list of [...orders, stuck]) {
      const seen = webshop.accepted.filter((r) => JSON.parse(r.body).orderId === list[0].orderId).map((r) => r.messageId);
      expect(seen).toEqual(list.map((n) => n.messageId));
    }

    // The delivery log shows the retries: a 500, a timeout, then the 2xx, newest attempt first.
    const all = await log('webshop', '?limit=500');
    expect(all.length).toBe(webshopAll.length);
    expect(all.every((d) => d.status === 'delivered' && d.deliveredAt !== null && d.nextAttemptAt === null)).toBe(true);
    const retried = all.filter((d) => d.history.some((h) => h.statusCode === 500) && d.history.some((h) => /no answer within/.test(h.error ?? '')));
    expect(retried.length).toBeGreaterThan(0);
    expect(retried[0].history[0]).toMatchObject({ statusCode: 200, error: null });
    expect(retried[0].attempts).toBe(retried[0].history.length);
    expect((await log('webshop', '?status=pending')).length).toBe(0);
    expect((await log('webshop', '?status=delivered&limit=7')).length).toBe(7);
    const bad = await call('GET', '/admin/channels/webshop/webhook/deliveries?status=lost&limit=0', webshopKey);
    expect([bad.status, JSON.parse(bad.text).message]).toEqual([400, 'field "status": expected one of: pending, delivered, failed, got "lost"; field "limit": expected 1 to 500, got "0"']);
  });

  it('replays a delivered notification with the same message id, freshly signed', async () => {
    const target = (await log('webshop', '?limit=1'))[0];
    const before = webshop.arrivals(target.messageId).length;
    const replay = await call('POST', `/admin/channels/webshop/webhook/deliveries/${target.messageId}/replay`, webshopKey);
    expect(replay.status).toBe(202);
    expect(JSON.parse(replay.text)).toMatchObject({ messageId: target.messageId, status: 'pending', replays: 1 });
    await waitFor('the replay to arrive', () => webshop.arrivals(target.messageId).length > before);
    const again = webshop.arrivals(target.messageId).at(-1)!;
    expect(again).toMatchObject({ answer: 'ok', duplicate: true, body: webshop.arrivals(target.messageId)[0].body });
    expect(webhookSignatureValid(webshopSecret, again.signature, again.body)).toBe(true);
    await waitFor('the replay recorded', async () => (await log('webshop', `?orderId=${target.orderId}&status=delivered`)).find((d) => d.messageId === target.messageId && d.replays === 1));
    expect((await call('POST', `/admin/channels/webshop/webhook/deliveries/${randomUUID()}/replay`, webshopKey)).status).toBe(404);
    expect((await call('POST', '/admin/channels/webshop/webhook/deliveries/not-a-uuid/replay', webshopKey)).status).toBe(400);
  });

  it('reports the dispatcher and the consumer in /health', async () => {
    const health = JSON.parse((await call('GET', '/health', {})).text) as { components: Record<string, { status: string; detail?: string }> };
    expect(health.components['webhook-dispatcher']).toMatchObject({ status: 'up', detail: expect.stringMatching(/in flight, 24 pending/) });
    expect(health.components.consumer).toMatchObject({ status: expect.stringMatching(/up|degraded/) });
  });
});

/** Given up after the retry window: failed, visible, and replayable once the receiver is back. */
describe('a webhook delivery given up (real Kafka and PostgreSQL)', () => {
  let gateway: GatewayApp;
  let receiver: WebhookReceiver;
  let producer: BusProducer;
  const secret = randomBytes(24).toString('base64url');

  beforeAll(async () => {
    gateway = await startGatewayApp({
      prefix: 'webhkgu',
      consume: true,
      env: { WEBHOOK_ALLOW_PRIVATE_HOSTS: 'true', WEBHOOK_TIMEOUT_MS: '500', WEBHOOK_RETRY_BASE_MS: '100', WEBHOOK_RETRY_MAX_MS: '300', WEBHOOK_GIVE_UP_AFTER_MS: '1500', WEBHOOK_POLL_INTERVAL_MS: '50' },
    });
    receiver = await WebhookReceiver.start();
    receiver.mode = 'fail';
    producer = await gateway.bus.producer();
  });
  afterAll(async () => {
    await producer?.disconnect();
    await gateway?.close();
    await receiver?.close();
  });

  it('marks each failed in turn, keeping the order, and delivers it on replay with the same message id', async () => {
    const admin = bearer(await issueApiKey(gateway.db.dataSource, 'admin'));
    const channel = `dead${uniqueSuffix()}`.slice(0, 30);
    const put = await fetch(`${gateway.baseUrl}/admin/channels/${channel}/webhook`, { method: 'PUT', headers: admin, body: JSON.stringify({ url: receiver.url, secret }) });
    expect(put.status).toBe(200);
    const list = orderOf(channel, 'D-1', ['OrderConfirmed', 'OrderShipped']);
    await producer.send(list.map((n) => ({ topic: topicName(Topics.channelNotifications, gateway.namespace), key: `${channel}:D-1`, value: JSON.stringify(n) })));
    const log = async () => ((await (await fetch(`${gateway.baseUrl}/admin/channels/${channel}/webhook/deliveries`, { headers: admin })).json()) as { deliveries: DeliveryLogEntry[] }).deliveries;
    const failed = await waitFor('both given up', async () => {
      const entries = await log();
      return entries.length === 2 && entries.every((d) => d.status === 'failed') ? entries : undefined;
    }, { timeoutMs: 30_000 });
    expect(failed.map((d) => d.messageId)).toEqual([list[1].messageId, list[0].messageId]);
    for (const d of failed) expect(d).toMatchObject({ lastStatusCode: 500, failedAt: expect.any(String), nextAttemptAt: null, attempts: expect.any(Number) });
    // The second was tried only after the first was given up.
    const firstGaveUp = Date.parse(failed[1].failedAt!);
    expect(receiver.arrivals(list[1].messageId).every((r) => r.at.getTime() >= firstGaveUp)).toBe(true);

    receiver.mode = 'ok';
    const replay = await fetch(`${gateway.baseUrl}/admin/channels/${channel}/webhook/deliveries/${list[0].messageId}/replay`, { method: 'POST', headers: admin });
    expect(replay.status).toBe(202);
    await waitFor('the replayed one delivered', () => receiver.accepted.find((r) => r.messageId === list[0].messageId));
    expect(webhookSignatureValid(secret, receiver.accepted[0].signature, receiver.accepted[0].body)).toBe(true);
    const entries = await log();
    expect(entries.map((d) => [d.messageId, d.status, d.replays])).toEqual([
      [list[1].messageId, 'failed', 0],
      [list[0].messageId, 'delivered', 1],
    ]);
  });
});

/** Stopped with deliveries enqueued, half consumed and failing: a new gateway goes on, losing and doubling nothing. */
describe('webhooks across a restart of the gateway (real Kafka and PostgreSQL)', () => {
  let first: GatewayApp | undefined;
  let second: GatewayApp | undefined;
  let receiver: WebhookReceiver;
  const secret = randomBytes(24).toString('base64url');
  const env = { WEBHOOK_ALLOW_PRIVATE_HOSTS: 'true', WEBHOOK_TIMEOUT_MS: '500', WEBHOOK_RETRY_BASE_MS: '100', WEBHOOK_RETRY_MAX_MS: '300', WEBHOOK_POLL_INTERVAL_MS: '50' };

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    receiver.mode = 'fail';
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    if (second) await second.db.drop();
    await receiver?.close();
  });

  it('delivers every notification once, in order per order, after the restart', async () => {
    first = await startGatewayApp({ prefix: 'webhkrs', consume: true, env });
    const admin = bearer(await issueApiKey(first.db.dataSource, 'admin'));
    expect((await fetch(`${first.baseUrl}/admin/channels/webshop/webhook`, { method: 'PUT', headers: admin, body: JSON.stringify({ url: receiver.url, secret }) })).status).toBe(200);
    const orders = Array.from({ length: 20 }, (_, i) => orderOf('webshop', `R-${i}`));
    const interleaved = STEPS.flatMap((_, step) => orders.map((list) => list[step]));
    const producer = await first.bus.producer();
    const topic = topicName(Topics.channelNotifications, first.namespace);
    const send = (list: Notification[]) => producer.send(list.map((n) => ({ topic, key: `webshop:${n.externalOrderId}`, value: JSON.stringify(n) })));
    try {
      await send(interleaved.slice(0, 60));
      await waitFor('some enqueued and tried', async () => {
        const [row] = (await first!.db.dataSource.query(`SELECT count(*)::int AS n, sum(attempts)::int AS tried FROM webhook_deliveries`)) as { n: number; tried: number }[];
        return row.n >= 20 && row.tried > 0;
      });
      await first.close({ keepDatabase: true });
      const { db, namespace } = first;
      first = undefined;
      // What was published while no gateway ran, and a repeat of what the first one had consumed.
      await send([...interleaved.slice(60), ...interleaved.slice(0, 30)]);
      receiver.mode = 'ok';
      second = await startGatewayApp({ prefix: 'webhkrs', consume: true, env, resume: { db, namespace } });
      await waitFor('all 100 accepted', () => receiver.accepted.length === 100, { timeoutMs: 60_000 });
    } finally {
      await producer.disconnect();
    }
    expect(receiver.requests.filter((r) => r.duplicate)).toEqual([]);
    for (const list of orders) {
      expect(receiver.accepted.filter((r) => JSON.parse(r.body).orderId === list[0].orderId).map((r) => r.messageId)).toEqual(list.map((n) => n.messageId));
    }
    const [row] = (await second.db.dataSource.query(`SELECT count(*)::int AS n, count(*) FILTER (WHERE status = 'delivered')::int AS delivered FROM webhook_deliveries`)) as { n: number; delivered: number }[];
    expect(row).toEqual({ n: 100, delivered: 100 });
  });
});
