import { TopicName, Topics } from './topics';

export interface TopicConsumption {
  topic: TopicName;
  /** This consumer dead-letters the topic's contract breaches: exactly one per inbound topic (docs/adr/0005). */
  dlqOwner?: boolean;
}

/**
 * Who consumes which topic: each service reads these in one consumer group named after it
 * (topicName(service, namespace)). The services' descriptors take their lists from here, and the
 * query service's GET /pipeline reports each group's lag from the same table.
 */
export const TOPIC_CONSUMERS = {
  'order-service': [
    { topic: Topics.channelOrders, dlqOwner: true },
    { topic: Topics.paymentEvents, dlqOwner: true },
    { topic: Topics.inventoryEvents },
    { topic: Topics.shippingEvents },
    { topic: Topics.aftersalesEvents },
  ],
  'inventory-service': [
    { topic: Topics.warehouseOperations, dlqOwner: true },
    // The factory's answers about production orders (docs/adr/0039).
    { topic: Topics.productionEvents, dlqOwner: true },
    { topic: Topics.orderEvents },
    { topic: Topics.shippingEvents },
    { topic: Topics.aftersalesEvents },
  ],
  // order.events for the catalogue's product weights (docs/adr/0032).
  'shipping-service': [
    { topic: Topics.carrierTracking, dlqOwner: true },
    { topic: Topics.warehouseOperations },
    { topic: Topics.inventoryEvents },
    { topic: Topics.orderEvents },
  ],
  // channel.orders and warehouse.operations are dead-lettered by their owners (order, inventory).
  'after-sales-service': [{ topic: Topics.channelOrders }, { topic: Topics.warehouseOperations }, { topic: Topics.orderEvents }, { topic: Topics.shippingEvents }],
  // Every notification also goes to the channel's webhook, if it registered one (docs/adr/0035).
  'ingest-gateway': [{ topic: Topics.channelNotifications, dlqOwner: true }],
} as const satisfies Record<string, readonly TopicConsumption[]>;

export type ConsumingService = keyof typeof TOPIC_CONSUMERS;
