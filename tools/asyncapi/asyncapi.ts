import { z } from 'zod';
import {
  dlqTopicOf,
  INBOUND_CATALOG,
  INBOUND_TOPICS,
  NotificationSchemas,
  PaymentRequestSchemas,
  ProductionRequestSchemas,
  SERVICE_EVENT_CATALOG,
  StockAlertSchemas,
  TOPIC_PARTITIONS,
  TopicName,
  Topics,
} from '@orderflow/contracts';

/**
 * The AsyncAPI 3 document of every orderflow topic, generated from the zod schemas the code
 * validates with, so the document cannot say anything the code does not enforce.
 * `npm run asyncapi` writes docs/asyncapi.yaml; a unit test fails when the file is stale.
 */
type Json = Record<string, unknown>;

/** JSON Schema of a zod schema, without the long regexes zod adds next to a `format`. */
function jsonSchema(schema: z.ZodType): Json {
  const raw = z.toJSONSchema(schema, { unrepresentable: 'any' }) as Json;
  delete raw.$schema;
  return prune(raw) as Json;
}

function prune(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(prune);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) {
    if (k === 'pattern' && 'format' in (node as Json)) continue;
    if (k === 'maximum' && v === Number.MAX_SAFE_INTEGER) continue;
    if (k === 'minimum' && v === Number.MIN_SAFE_INTEGER) continue;
    out[k] = prune(v);
  }
  return out;
}

const KEYS: Record<TopicName, string> = {
  'channel.orders': '`<channel>:<externalOrderId>`: every message about one order stays in order',
  'warehouse.operations': 'the warehouse id (a ShipmentPacked, which names no warehouse, is keyed by the sending warehouse or the shipment id)',
  'carrier.tracking': 'the tracking number',
  'channel.notifications': '`<channel>:<externalOrderId>`',
  'order.events': 'the stream id (`order-<orderId>`; reference data: `channel-<channel>`, `leadtime-<country>`, `product-<sku>`)',
  'inventory.events': 'the stream id (`warehouse-…`, `stock-<sku>`, `reservation-…`, `restock-<rmaNumber>`, `stockalert-<sku>@<warehouseId>`)',
  'shipping.events': 'the stream id (`shipment-<shipmentId>`; reference data: `carrier-<name>`)',
  'aftersales.events': 'the stream id (`return-<rmaNumber>`, `complaint-<complaintId>`)',
  'inventory.alerts': '`<sku>:<warehouseId>`: every alert about one SKU at one warehouse stays in order',
  'payment.requests': 'the paymentId: every request about one payment stays in order',
  'payment.events': 'the paymentId of the request answered (or of the channel\'s own checkout payment)',
  'production.requests': 'the productionOrderId: every request about one production order stays in order',
  'production.events': 'the productionOrderId of the production order answered',
};

const DESCRIPTIONS: Record<TopicName, string> = {
  'channel.orders': 'Sales channels submit orders, cancellations, returns and complaints. Consumed by the order and after-sales services.',
  'warehouse.operations': 'Warehouses register, receive and adjust stock, report packed shipments and received return parcels.',
  'carrier.tracking': 'Carriers report tracking scans of booked parcels.',
  'channel.notifications': 'Every change a customer can see, for the channel to pass on. messageId is stable per change: deduplicate by it.',
  'order.events':
    'Events of the order service, published from the event store as stored: its orders, and the reference data they are judged by ' +
    '(ChannelConfigured, LeadTimeSet, ProductRegistered: each the entity whole, as an admin recorded it).',
  'inventory.events': 'Events of the inventory service, published from the event store as stored.',
  'shipping.events':
    'Events of the shipping service, published from the event store as stored. Warehouses watch ShipmentRequested; carriers are booked with ShipmentBooked; ' +
    'CarrierConfigured records a carrier whole, as an admin configured it.',
  'aftersales.events': 'Events of the after-sales service, published from the event store as stored.',
  'inventory.alerts':
    'Low-stock alerts (docs/adr/0036): LowStockAlerted when a SKU\'s days of cover at a warehouse (available units over the forecast ' +
    'daily demand) fall below the replenishment lead time, once per crossing; LowStockCleared when cover is back at or above it, which ' +
    're-arms the alert. Published by the inventory service\'s relay from its stored events: messageId derives from the event, deduplicate by it.',
  'payment.requests':
    'orderflow asks the payment provider to authorise (at confirmation, in authorize-capture channels), capture (per shipment, at pick-up) ' +
    'and refund (returns, goodwill, cancelled paid orders). Published by the order service\'s relay from its stored events: a republished ' +
    'event is the very same request (messageId and idempotencyKey derive from the event), so a provider deduplicates on idempotencyKey.',
  'payment.events':
    'The payment provider answers every request with one fact, repeating its paymentId, amount and currency and adding its ' +
    'providerReference; a failure says why (reason). A channel may report a payment taken at its own checkout as PaymentAuthorized ' +
    'or PaymentCaptured with channel and externalOrderId instead of orderId. Consumed by the order service.',
  'production.requests':
    'orderflow asks the factory to make a made-to-order line (docs/adr/0039): ProductionRequested names the production order, the order, ' +
    'the SKU, quantity, the buyer\'s options, the due date and the warehouse to deliver to; ProductionCancelled withdraws it when the order ' +
    'is cancelled. Published by the inventory service\'s relay from its stored events: messageId derives from the event, deduplicate by it.',
  'production.events':
    'The factory answers each production order: ProductionStarted, then ProductionCompleted with the quantity made, or ProductionFailed ' +
    'with a reason. Consumed by the inventory service; also accepted over HTTP at POST /v1/production-events.',
};

const channelId = (topic: string) => topic.replace(/\.(\w)/g, (_, c: string) => c.toUpperCase());

function serviceEventEnvelope(type: string, data: z.ZodType): Json {
  return {
    type: 'object',
    required: ['type', 'version', 'messageId', 'occurredAt', 'streamId', 'streamVersion', 'globalPosition', 'data'],
    properties: {
      type: { type: 'string', const: type },
      version: { type: 'integer', minimum: 1, description: 'schema version of data' },
      messageId: { type: 'string', format: 'uuid', description: 'the event id: unique, stable across republishing' },
      occurredAt: { type: 'string', format: 'date-time', description: 'when the event was recorded' },
      streamId: { type: 'string' },
      streamVersion: { type: 'integer', minimum: 1 },
      globalPosition: { type: 'integer', minimum: 1 },
      data: jsonSchema(data),
    },
  };
}

const EVENT_HEADERS: Json = {
  type: 'object',
  properties: {
    'message-id': { type: 'string' },
    'event-id': { type: 'string' },
    'event-type': { type: 'string' },
    'schema-version': { type: 'string' },
    'correlation-id': { type: 'string' },
    'causation-id': { type: 'string' },
    traceparent: { type: 'string', description: 'W3C trace context' },
  },
};

const DLQ_HEADERS: Json = {
  type: 'object',
  description: 'The original headers, plus:',
  properties: {
    'dlq-reason': { type: 'string', description: 'why the message was refused: the field, what was expected, what arrived' },
    'dlq-source-topic': { type: 'string' },
    'dlq-source-partition': { type: 'string' },
    'dlq-source-offset': { type: 'string' },
    'dlq-consumer': { type: 'string', description: 'the service that refused it' },
    'dlq-attempts': { type: 'string' },
    'dlq-failed-at': { type: 'string', format: 'date-time' },
  },
};

/** A channel's messages by type, each payload the JSON Schema of what the code validates. */
function messagesOf(
  schemas: Record<string, z.ZodType>,
  headers?: Json,
  payload: (type: string, schema: z.ZodType) => Json = (_type, schema) => jsonSchema(schema),
): Record<string, Json> {
  return Object.fromEntries(
    Object.entries(schemas).map(([type, schema]) => [type, { name: type, contentType: 'application/json', ...(headers && { headers }), payload: payload(type, schema) }]),
  );
}

export function buildAsyncApi(version: string): Json {
  const channels: Json = {};
  const operations: Json = {};
  const messages: Json = {};

  const addChannel = (topic: TopicName, byType: Record<string, Json>, action: 'send' | 'receive') => {
    const id = channelId(topic);
    const refs: Json = {};
    for (const [name, message] of Object.entries(byType)) {
      const key = `${topic}.${name}`;
      messages[key] = message;
      refs[name] = { $ref: `#/components/messages/${key.replace(/\//g, '~1')}` };
    }
    channels[id] = {
      address: topic,
      description: `${DESCRIPTIONS[topic]} Key: ${KEYS[topic]}.`,
      messages: refs,
      bindings: { kafka: { partitions: TOPIC_PARTITIONS[topic], 'x-key': KEYS[topic] } },
    };
    operations[`${action}${id[0].toUpperCase()}${id.slice(1)}`] = { action, channel: { $ref: `#/channels/${id}` } };
    const dlq = dlqTopicOf(topic);
    const dlqId = channelId(dlq);
    messages[`${dlq}.DeadLetter`] = {
      name: 'DeadLetter',
      summary: `A message of ${topic} that could not be applied: the original bytes and headers, and why.`,
      payload: { description: 'the original message bytes, unchanged (may not be JSON)' },
      headers: DLQ_HEADERS,
    };
    channels[dlqId] = {
      address: dlq,
      description: `Dead letters of ${topic}. Inspect with \`npx orderflow dlq list ${topic}\`, re-drive with \`npx orderflow dlq replay ${topic}\`.`,
      messages: { DeadLetter: { $ref: `#/components/messages/${dlq}.DeadLetter` } },
      bindings: { kafka: { partitions: 1 } },
    };
    operations[`send${dlqId[0].toUpperCase()}${dlqId.slice(1)}`] = { action: 'send', channel: { $ref: `#/channels/${dlqId}` } };
  };

  for (const topic of INBOUND_TOPICS) {
    const schemas = Object.fromEntries(Object.entries(INBOUND_CATALOG[topic]).map(([type, entry]) => [type, entry.schema]));
    addChannel(topic, messagesOf(schemas), 'receive');
  }
  // The services' topics carry what the relays publish: the catalog the consumers validate with.
  for (const [topic, schemas] of Object.entries(SERVICE_EVENT_CATALOG) as [TopicName, Record<string, z.ZodType>][]) {
    addChannel(topic, messagesOf(schemas, EVENT_HEADERS, serviceEventEnvelope), 'send');
  }
  addChannel(Topics.channelNotifications, messagesOf(NotificationSchemas, EVENT_HEADERS), 'send');
  addChannel(Topics.paymentRequests, messagesOf(PaymentRequestSchemas, EVENT_HEADERS), 'send');
  addChannel(Topics.productionRequests, messagesOf(ProductionRequestSchemas, EVENT_HEADERS), 'send');
  addChannel(Topics.inventoryAlerts, messagesOf(StockAlertSchemas, EVENT_HEADERS), 'send');

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'orderflow',
      version,
      description:
        'Every Kafka topic of orderflow. Inbound topics (channel.orders, warehouse.operations, carrier.tracking, payment.events, production.events) are where ' +
        'channels, warehouses, carriers, the payment provider and the factory produce; `<service>.events` carry each service\'s stored events; ' +
        'channel.notifications tells channels what their customers should hear; payment.requests asks the payment provider to authorise, ' +
        'capture and refund; production.requests asks the factory to make made-to-order lines; inventory.alerts warns of SKUs running low; `<topic>.dlq` keeps what could not be applied. ' +
        'Every message is JSON with type, version (integer), messageId (UUID; a repeated messageId is a duplicate and changes ' +
        'nothing) and occurredAt (ISO-8601). Money is integer minor units with an ISO-4217 currency. ' +
        'Generated from the zod schemas in libs/contracts by `npm run asyncapi`.',
    },
    servers: { local: { host: '127.0.0.1:9092', protocol: 'kafka', description: 'npm start; topics may carry a TOPIC_NAMESPACE prefix' } },
    channels,
    operations,
    components: { messages },
  };
}
