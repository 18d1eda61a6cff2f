import { z } from 'zod';
import { Topics } from '../topics';
import { AftersalesEventSchemas } from './aftersales-events';
import { InventoryEventSchemas } from './inventory-events';
import { OrderEventSchemas } from './order-events';
import { OrderReferenceEventSchemas, ShippingReferenceEventSchemas } from './reference-events';
import { ShippingEventSchemas } from './shipping-events';

export * from './aftersales-events';
export * from './common';
export * from './inventory-events';
export * from './order-events';
export * from './reference-events';
export * from './shipping-events';

/** The data schema of every event type, per service events topic. */
export const SERVICE_EVENT_CATALOG: Record<string, Record<string, z.ZodType>> = {
  [Topics.orderEvents]: { ...OrderEventSchemas, ...OrderReferenceEventSchemas },
  [Topics.inventoryEvents]: InventoryEventSchemas,
  [Topics.shippingEvents]: { ...ShippingEventSchemas, ...ShippingReferenceEventSchemas },
  [Topics.aftersalesEvents]: AftersalesEventSchemas,
};

/** Every stored event type, whichever service writes it. */
export const ALL_EVENT_SCHEMAS: Record<string, z.ZodType> = {
  ...OrderEventSchemas,
  ...InventoryEventSchemas,
  ...ShippingEventSchemas,
  ...AftersalesEventSchemas,
  ...OrderReferenceEventSchemas,
  ...ShippingReferenceEventSchemas,
};

/**
 * A service event as published by a relay on `<service>.events`: the stored event, as it is,
 * inside the common envelope.
 */
export interface ServiceEventMessage<Data = unknown> {
  type: string;
  version: number;
  messageId: string;
  occurredAt: string;
  streamId: string;
  streamVersion: number;
  globalPosition: number;
  data: Data;
}

/**
 * Lifts stored event data of an older schema version to the current one. Keyed by
 * `<type>@<fromVersion>`; empty while every event type is at version 1.
 */
export const EVENT_UPCASTERS: Record<string, (data: Record<string, unknown>) => Record<string, unknown>> = {};

export function currentEventData(type: string, schemaVersion: number, data: unknown): unknown {
  let version = schemaVersion;
  let current = data as Record<string, unknown>;
  while (EVENT_UPCASTERS[`${type}@${version}`]) {
    current = EVENT_UPCASTERS[`${type}@${version}`](current);
    version += 1;
  }
  return current;
}
