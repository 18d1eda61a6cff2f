import { randomUUID } from 'node:crypto';
import { orderIdFor, Topics } from '@orderflow/contracts';
import { waitFor } from '@orderflow/testing';
import { confirmedOrder, shipmentDelivered } from '../apps/after-sales-service/test/fixtures';
import { TestSystem } from './support/system';

/** The after-sales service as its own process: Kafka in, events and notifications out, HTTP for operators. */
describe('after-sales service smoke', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start(['after-sales-service']);
  });
  afterAll(async () => {
    await system?.stop();
  });

  /** A stored event of another service as its relay publishes it; resolves once after-sales applied it. */
  async function publish(topic: string, streamId: string, type: string, data: Record<string, unknown>): Promise<void> {
    const messageId = randomUUID();
    const message = { type, version: 1, messageId, occurredAt: new Date().toISOString(), streamId, streamVersion: 1, globalPosition: 1, data };
    await system.produce(topic, [{ key: streamId, value: JSON.stringify(message), headers: { 'event-type': type } }]);
    await waitFor(`${type} applied`, () => system.applied('after-sales-service', messageId), { timeoutMs: 60_000 });
  }

  it('authorises a return, opens a carrier case and lets an operator resolve it', async () => {
    const notifications = await system.tap(Topics.channelNotifications);
    const order = confirmedOrder('SMOKE-1');
    await publish(Topics.orderEvents, `order-${order.orderId}`, 'OrderConfirmed', order);
    const delivered = shipmentDelivered('SMOKE-1', [{ sku: 'MUG-RED', quantity: 2 }], new Date().toISOString());
    await publish(Topics.shippingEvents, `shipment-${delivered.shipmentId}`, 'ShipmentDelivered', delivered);

    await system.produce(Topics.channelOrders, [
      {
        type: 'ReturnRequested',
        version: 1,
        messageId: randomUUID(),
        occurredAt: new Date().toISOString(),
        channel: 'webshop',
        externalOrderId: 'SMOKE-1',
        lines: [{ sku: 'MUG-RED', quantity: 1, reason: 'chipped' }],
        resolution: 'REFUND',
      },
    ]);
    const authorized = await notifications.waitFor('return authorised', (n: { type: string }) => n.type === 'ReturnAuthorized');
    expect(authorized).toMatchObject({ orderId: orderIdFor('webshop', 'SMOKE-1'), lines: [{ sku: 'MUG-RED', quantity: 1 }] });

    const { deliveredAt: _deliveredAt, promisedBy: _promisedBy, lines: _lines, ...shipment } = delivered;
    await publish(Topics.shippingEvents, `shipment-${delivered.shipmentId}`, 'ShipmentDeliveryFailed', {
      ...shipment,
      location: 'Berlin DC',
      failedAt: new Date().toISOString(),
    });
    const [opened] = await system.eventsOfType<{ complaintId: string; source: string }>('ComplaintOpened');
    expect(opened.data.source).toBe('CARRIER');

    const url = `${system.services.get('after-sales-service')!.url}/complaints/${opened.data.complaintId}/resolution`;
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await system.auth('operator')) },
      body: JSON.stringify({ resolution: 'Redelivered the next day', goodwillRefundMinor: 300 }),
    });
    expect(response.status).toBe(200);
    const refund = await notifications.waitFor('goodwill refund', (n: { type: string; complaintId?: string }) => n.type === 'RefundIssued');
    expect(refund).toMatchObject({ complaintId: opened.data.complaintId, amountMinor: 300, currency: 'EUR' });
  });

  it('lets only an operator resolve a complaint: 401 without a key, 403 naming the permission for every other role', async () => {
    const url = `${system.services.get('after-sales-service')!.url}/complaints/CMP-999999/resolution`;
    const post = (headers: Record<string, string>) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ resolution: 'sorted' }) });
    const none = await post({});
    expect([none.status, none.headers.get('www-authenticate')]).toEqual([401, 'Bearer realm="orderflow"']);
    const others = [
      system.auth('channel', { channel: 'webshop' }),
      system.auth('warehouse', { warehouse: '*' }),
      system.auth('carrier', { carrier: '*' }),
      system.auth('auditor'),
      system.auth('admin'),
    ];
    for (const headers of await Promise.all(others)) {
      const res = await post(headers);
      expect([res.status, ((await res.json()) as { missing?: string }).missing]).toEqual([403, 'complaints:resolve']);
    }
    // The operator gets through to the complaint itself (which does not exist).
    expect((await post(await system.auth('operator'))).status).toBe(404);
  });
});
