import { preview } from './wellformed';

/** Every topic orderflow uses, by its contract name. Deployments may prefix them (TOPIC_NAMESPACE). */
export const Topics = {
  channelOrders: 'channel.orders',
  warehouseOperations: 'warehouse.operations',
  carrierTracking: 'carrier.tracking',
  channelNotifications: 'channel.notifications',
  orderEvents: 'order.events',
  inventoryEvents: 'inventory.events',
  shippingEvents: 'shipping.events',
  aftersalesEvents: 'aftersales.events',
  /** Low-stock alerts of the inventory service (docs/adr/0036), keyed `<sku>:<warehouseId>`. */
  inventoryAlerts: 'inventory.alerts',
  /** orderflow's requests to the payment provider (authorise, capture, refund), keyed by paymentId. */
  paymentRequests: 'payment.requests',
  /** The provider's answers, and channels' checkout payments, keyed by paymentId. */
  paymentEvents: 'payment.events',
  /** orderflow's production orders for the factory (made-to-order lines, docs/adr/0039), keyed by productionOrderId. */
  productionRequests: 'production.requests',
  /** The factory's answers: started, completed, failed; keyed by productionOrderId. */
  productionEvents: 'production.events',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

export const INBOUND_TOPICS: readonly TopicName[] = [
  Topics.channelOrders,
  Topics.warehouseOperations,
  Topics.carrierTracking,
  Topics.paymentEvents,
  Topics.productionEvents,
];

/** Partition counts: the busy topics get more, so more consumer replicas can share them. */
export const TOPIC_PARTITIONS: Record<TopicName, number> = {
  'channel.orders': 12,
  'warehouse.operations': 6,
  'carrier.tracking': 6,
  'channel.notifications': 6,
  'order.events': 12,
  'inventory.events': 6,
  'shipping.events': 6,
  'aftersales.events': 6,
  'inventory.alerts': 3,
  'payment.requests': 6,
  'payment.events': 6,
  'production.requests': 6,
  'production.events': 6,
};

export const dlqTopicOf = (topic: string) => `${topic}.dlq`;

/** The physical name of a contract topic within a namespace ('' = no prefix). */
export function topicName(topic: string, namespace = ''): string {
  return namespace ? `${namespace}.${topic}` : topic;
}

/**
 * Dead letters wait for an operator, however long that takes: their topics never expire records
 * (by age or size), unlike the broker's 7-day default for everything else.
 */
export const DLQ_TOPIC_CONFIG: Readonly<Record<string, string>> = { 'retention.ms': '-1', 'retention.bytes': '-1' };

/** Every topic to create, DLQs included, with partition counts and the configuration they must have. */
export function allTopicSpecs(namespace = ''): { topic: string; partitions: number; config?: Record<string, string> }[] {
  return Object.entries(TOPIC_PARTITIONS).flatMap(([topic, partitions]) => [
    { topic: topicName(topic, namespace), partitions },
    { topic: topicName(dlqTopicOf(topic), namespace), partitions: 1, config: { ...DLQ_TOPIC_CONFIG } },
  ]);
}

/**
 * The partition key of an inbound message, by the contract of its topic: all messages about one
 * order (channel.orders), one warehouse (warehouse.operations), one parcel (carrier.tracking) or one
 * payment (payment.events)
 * share a partition and so keep their order. A ShipmentPacked names no warehouse; its shipment id
 * stands in.
 */
export function inboundKey(topic: string, message: Record<string, unknown>): string {
  switch (topic) {
    case Topics.channelOrders:
      return `${String(message.channel)}:${String(message.externalOrderId)}`;
    case Topics.warehouseOperations:
      return String(message.warehouseId ?? message.shipmentId ?? message.rmaNumber);
    case Topics.carrierTracking:
      return String(message.courierId ?? message.trackingNumber);
    case Topics.paymentEvents:
      return String(message.paymentId);
    case Topics.productionEvents:
      return String(message.productionOrderId);
    default:
      throw new Error(`${topic} is not an inbound topic`);
  }
}

/** How each inbound topic's key is made, as a refusal names it. */
const KEY_RULES: Readonly<Record<string, string>> = {
  [Topics.channelOrders]: '<channel>:<externalOrderId>',
  [Topics.warehouseOperations]: 'the warehouse id',
  [Topics.carrierTracking]: 'the tracking number',
  [Topics.paymentEvents]: 'the paymentId',
  [Topics.productionEvents]: 'the productionOrderId',
};

/**
 * Why a record's key breaks its topic's contract, if it does. The key decides the partition, and so
 * the order in which one order's, warehouse's or parcel's messages are applied: a cancellation keyed
 * otherwise than its order could overtake it. A ShipmentPacked names no warehouse, so any key will
 * do (the sending warehouse's id, or the shipment id as the CLI and the gateway use).
 */
export function inboundKeyProblem(topic: string, message: Record<string, unknown>, key: string | null): string | undefined {
  if (topic === Topics.warehouseOperations && message.type === 'ShipmentPacked') return undefined;
  const expected = inboundKey(topic, message);
  if (key === expected) return undefined;
  const courier = topic === Topics.carrierTracking && message.courierId !== undefined;
  const rule = courier ? ' (the courierId)' : Object.hasOwn(KEY_RULES, topic) ? ` (${KEY_RULES[topic]})` : '';
  return `key: expected ${preview(expected)}${rule}, got ${key === null ? 'none' : preview(key)}`;
}
