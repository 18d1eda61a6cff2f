import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { INBOUND_CATALOG, NotificationSchemas, PaymentRequestSchemas, SERVICE_EVENT_CATALOG, StockAlertSchemas, TOPIC_PARTITIONS } from '@orderflow/contracts';
import { renderAsyncApi } from './render';

const committed = readFileSync(resolve(__dirname, '../../docs/asyncapi.yaml'), 'utf8');

describe('docs/asyncapi.yaml', () => {
  it('is exactly what the zod contracts generate (run `npm run asyncapi` after changing a schema)', () => {
    expect(committed).toBe(renderAsyncApi());
  });

  it('documents every topic, its dead-letter topic, and every message type', () => {
    const doc = parse(committed) as { channels: Record<string, { address: string; messages: Record<string, unknown> }> };
    const byAddress = new Map(Object.values(doc.channels).map((c) => [c.address, Object.keys(c.messages)]));
    for (const topic of Object.keys(TOPIC_PARTITIONS)) {
      expect(byAddress.has(topic)).toBe(true);
      expect(byAddress.get(`${topic}.dlq`)).toEqual(['DeadLetter']);
    }
    for (const [topic, types] of Object.entries({ ...INBOUND_CATALOG, ...SERVICE_EVENT_CATALOG })) {
      expect([topic, byAddress.get(topic)?.sort()]).toEqual([topic, Object.keys(types).sort()]);
    }
    expect(byAddress.get('channel.notifications')?.sort()).toEqual(Object.keys(NotificationSchemas).sort());
    expect(byAddress.get('payment.requests')?.sort()).toEqual(Object.keys(PaymentRequestSchemas).sort());
    expect(byAddress.get('inventory.alerts')?.sort()).toEqual(Object.keys(StockAlertSchemas).sort());
  });

  it('states what a payment provider must answer: the request\'s paymentId, amount and currency, its reference, and why a failure failed', () => {
    type Payload = { payload: { required: string[] } };
    const doc = parse(committed) as { components: { messages: Record<string, Payload> } };
    const required = (key: string) => doc.components.messages[key].payload.required;
    expect(required('payment.requests.PaymentCaptureRequested')).toEqual(expect.arrayContaining(['paymentId', 'orderId', 'amountMinor', 'currency', 'shipmentId', 'idempotencyKey']));
    expect(required('payment.events.PaymentAuthorized')).toEqual(expect.arrayContaining(['paymentId', 'amountMinor', 'currency', 'providerReference']));
    expect(required('payment.events.PaymentRefundFailed')).toEqual(expect.arrayContaining(['paymentId', 'amountMinor', 'currency', 'refundId', 'reason']));
  });

  it('states the contract rules a producer must meet, e.g. quantities are whole numbers of at least 1', () => {
    type Schema = { type?: string; minimum?: number; maxItems?: number; description?: string; items?: Schema; properties?: Record<string, Schema> };
    const doc = parse(committed) as { components: { messages: Record<string, { payload: Schema }> } };
    const submitted = doc.components.messages['channel.orders.OrderSubmitted'].payload;
    expect(submitted.properties?.lines.items?.properties?.quantity).toMatchObject({ type: 'integer', minimum: 1 });
    expect(submitted.properties?.lines.maxItems).toBe(500);
    expect(submitted.properties?.currency.description).toMatch(/ISO-4217/);
  });
});
