import { randomBytes } from 'node:crypto';
import { orderIdFor, Topics } from '@orderflow/contracts';
import { waitFor, WebhookReceiver, webhookSignatureValid } from '@orderflow/testing';
import { orderSubmitted, stockReceived, warehouseRegistered } from './support/messages';
import { TestSystem, TopicTap } from './support/system';

type Notification = { messageId: string; type: string; orderId: string; externalOrderId: string };

/**
 * Signed webhooks through the whole system (docs/adr/0035): a channel registers its webhook with
 * its own key, submits orders through the gateway, and receives every notification the services
 * put on channel.notifications, signed, once, in order per order, through a receiver that fails
 * for a while; the delivery log shows the retries.
 */
describe('signed webhooks end to end (gateway, order and inventory services as processes)', () => {
  let system: TestSystem;
  let receiver: WebhookReceiver;
  let notifications: TopicTap;
  let gateway: string;
  const secret = randomBytes(32).toString('base64url');

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    receiver.mode = 'fail';
    system = await TestSystem.start(['order-service', 'inventory-service', 'ingest-gateway'], {
      serviceEnv: {
        'ingest-gateway': { WEBHOOK_ALLOW_PRIVATE_HOSTS: 'true', WEBHOOK_RETRY_BASE_MS: '200', WEBHOOK_RETRY_MAX_MS: '1000', WEBHOOK_TIMEOUT_MS: '2000' },
      },
    });
    gateway = system.services.get('ingest-gateway')!.url;
    notifications = await system.tap(Topics.channelNotifications);
    await system.produce(Topics.warehouseOperations, [warehouseRegistered('WH-BER', 'DE', 'BE'), stockReceived('WH-BER', 'MUG', 3)]);
    await waitFor('MUG known to the order service', async () => ((await system.db.dataSource.query(`SELECT 1 FROM order_known_skus WHERE sku = 'MUG'`)) as unknown[]).length > 0, {
      timeoutMs: 60_000,
    });
  });
  afterAll(async () => {
    await system?.stop();
    await receiver?.close();
  });

  it('registers over HTTP with the channel key, then POSTs every notification of its orders, signed and in order, after the receiver recovers', async () => {
    const channelKey = await system.auth('channel', { channel: 'webshop' });
    const put = await fetch(`${gateway}/admin/channels/webshop/webhook`, { method: 'PUT', headers: channelKey, body: JSON.stringify({ url: receiver.url, secret }) });
    expect(put.status).toBe(200);
    expect(await put.text()).not.toContain(secret);

    // W-2 wants more than the stock: confirmed, then backordered.
    const orders = [orderSubmitted('WH-E2E-1', [{ sku: 'MUG', quantity: 1, unitPriceMinor: 1250 }]), orderSubmitted('WH-E2E-2', [{ sku: 'MUG', quantity: 5, unitPriceMinor: 1250 }])];
    const submitted = await fetch(`${gateway}/v1/channel-orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await system.gatewayKeys.headersFor('/v1/channel-orders', orders)) },
      body: JSON.stringify(orders),
    });
    expect(submitted.status).toBe(202);
    const orderIds = orders.map((o) => orderIdFor('webshop', o.externalOrderId));

    await waitFor('the receiver to have refused some', () => receiver.requests.filter((r) => r.answer === 'fail').length >= 3, { timeoutMs: 60_000 });
    receiver.mode = 'ok';

    const published = () => notifications.json<Notification>().filter((n) => orderIds.includes(n.orderId));
    await waitFor('both orders confirmed and backordered, and every notification accepted', () => {
      const sent = published();
      return sent.filter((n) => n.type === 'OrderConfirmed').length === 2 && sent.some((n) => n.type === 'OrderBackordered') && receiver.accepted.length === sent.length;
    }, { timeoutMs: 60_000 });

    const sent = published();
    for (const r of receiver.requests) expect(webhookSignatureValid(secret, r.signature, r.body)).toBe(true);
    expect(receiver.requests.filter((r) => r.duplicate)).toEqual([]);
    for (const orderId of orderIds) {
      const tapOrder = sent.filter((n) => n.orderId === orderId).map((n) => `${n.type} ${n.messageId}`);
      const received = receiver.accepted.map((r) => JSON.parse(r.body) as Notification).filter((n) => n.orderId === orderId).map((n) => `${n.type} ${n.messageId}`);
      expect(received).toEqual(tapOrder);
      expect(received[0]).toMatch(/^OrderConfirmed /);
    }
    // The bytes received are the notification as published on Kafka.
    const byId = new Map(notifications.records.map((r) => [JSON.parse(r.value!.toString()).messageId as string, r.value!.toString()]));
    for (const r of receiver.accepted) expect(r.body).toBe(byId.get(r.messageId));

    const log = (await (await fetch(`${gateway}/admin/channels/webshop/webhook/deliveries`, { headers: channelKey })).json()) as {
      deliveries: { messageId: string; status: string; attempts: number; history: { statusCode: number | null }[] }[];
    };
    expect(log.deliveries.map((d) => d.status)).toEqual(sent.map(() => 'delivered'));
    expect(log.deliveries.some((d) => d.attempts > 1 && d.history.some((h) => h.statusCode === 500))).toBe(true);
  });
});
