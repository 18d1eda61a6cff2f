import { randomUUID } from 'node:crypto';
import { Address, InventoryEventData, orderIdFor, ShipmentPacked, TrackingUpdated } from '@orderflow/contracts';
import { EventStore } from '@orderflow/event-store';
import { UnitOfWorkFactory } from '@orderflow/platform';
import { DataSource } from 'typeorm';
import { DEFAULT_CARRIERS } from './domain/default-carriers';

export { CITY_COURIER, DEFAULT_CARRIERS } from './domain/default-carriers';
import { SeedCarriers } from './manage-carriers/seed-carriers';
import { CourierDispatch } from './dispatch-courier/courier-dispatch';
import { CourierDirectory } from './infrastructure/courier-directory';

/** Messages as shipping receives them, for the service's integration specs. */

export const BERLIN: Address = { line1: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115', country: 'DE' };

export function stockAllocated(
  externalOrderId: string,
  shipments: { shipmentId: string; warehouseId?: string }[],
  terms: { promisedBy: string; shipTo?: Address },
): InventoryEventData<'StockAllocated'> {
  const orderId = orderIdFor('webshop', externalOrderId);
  return {
    reservationId: orderId,
    orderId,
    channel: 'webshop',
    externalOrderId,
    purpose: 'ORDER',
    shipTo: terms.shipTo ?? BERLIN,
    promisedBy: terms.promisedBy,
    shipments: shipments.map((s) => ({ shipmentId: s.shipmentId, warehouseId: s.warehouseId ?? 'WH-BER', lines: [{ sku: 'MUG-RED', quantity: 2 }] })),
    backordered: [],
    allocatedAt: '2026-03-02T08:00:00.000Z',
  };
}

export const packed = (shipmentId: string, weightGrams: number): ShipmentPacked => ({
  type: 'ShipmentPacked',
  version: 1,
  messageId: randomUUID(),
  occurredAt: '2026-03-02T10:00:00.000Z',
  shipmentId,
  weightGrams,
});

export const scanned = (
  parcel: { carrier: string; trackingNumber: string },
  status: TrackingUpdated['status'],
  occurredAt: string,
  location?: string,
): TrackingUpdated => ({
  type: 'TrackingUpdated',
  version: 1,
  messageId: randomUUID(),
  occurredAt,
  carrier: parcel.carrier,
  trackingNumber: parcel.trackingNumber,
  status,
  ...(location !== undefined ? { location } : {}),
});

/** The carriers a first start records from SHIPPING_CARRIERS' defaults (docs/adr/0032), which bookings choose from. */
export function seedDefaultCarriers(dataSource: DataSource): Promise<void> {
  return new SeedCarriers({ SHIPPING_CARRIERS: DEFAULT_CARRIERS }, new UnitOfWorkFactory(new EventStore(dataSource), () => new Date())).onApplicationBootstrap();
}

/** The courier dispatch as the service wires it, with the default time to accept. */
export const courierDispatch = (couriers = new CourierDirectory()) => new CourierDispatch(couriers, { COURIER_ACCEPT_TIMEOUT_MS: 120_000 });
