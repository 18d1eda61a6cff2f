import { z } from 'zod';
import { Address, isoDate, isoDateTime, OrderRef, Purpose, SkuQuantity } from './common';
import { geoLocation } from '../envelope';

/**
 * Events of the shipping service (streams `shipment-<shipmentId>`), published on `shipping.events`.
 * Every event names its order and purpose, so consumers never need to look a shipment up.
 */
export const SHIPMENT_STATUSES = [
  'AWAITING_PACKING',
  'BOOKED',
  'PICKED_UP',
  'IN_TRANSIT',
  'OUT_FOR_DELIVERY',
  'DELIVERED',
  'DELIVERY_FAILED',
  'RETURNED_TO_SENDER',
  'CANCELLED',
] as const;
export const ShipmentStatus = z.enum(SHIPMENT_STATUSES);
export type ShipmentStatus = z.infer<typeof ShipmentStatus>;

const shipmentRef = {
  shipmentId: z.string().min(1),
  ...OrderRef,
  purpose: Purpose,
  rmaNumber: z.string().optional(),
};
const carrierRef = { carrier: z.string(), trackingNumber: z.string() };

export const ShippingEventSchemas = {
  /** A warehouse allocation became a shipment waiting to be packed (warehouses watch for this). */
  ShipmentRequested: z.object({
    ...shipmentRef,
    reservationId: z.string(),
    warehouseId: z.string(),
    lines: z.array(SkuQuantity).min(1),
    shipTo: Address,
    promisedBy: isoDate,
    /** From the warehouse to the address, as allocation measured it (docs/adr/0037). */
    distanceKm: z.number().nonnegative().optional(),
    /** Where the warehouse is, as allocation placed it: where a local courier picks it up (docs/adr/0038). */
    origin: geoLocation.optional(),
    requestedAt: isoDateTime,
  }),
  /** Packed and booked with the carrier the rules chose. */
  ShipmentBooked: z.object({
    ...shipmentRef,
    ...carrierRef,
    serviceLevel: z.string(),
    weightGrams: z.number().int().positive(),
    costMinor: z.number().int().nonnegative(),
    currency: z.string(),
    estimatedDeliveryDate: isoDate,
    promisedBy: isoDate,
    rule: z.string(),
    /** LOCAL_COURIER: a courier is dispatched to the warehouse for it (docs/adr/0038). */
    kind: z.enum(['PARCEL', 'LOCAL_COURIER']).optional(),
    /** From the warehouse to the address, as allocation measured it (docs/adr/0037). */
    distanceKm: z.number().nonnegative().optional(),
    /** The carrier's CO₂ factor as it stood at booking, for the delivery emissions report. */
    co2GramsPerKm: z.number().nonnegative().optional(),
    bookedAt: isoDateTime,
  }),
  ShipmentPickedUp: z.object({
    ...shipmentRef,
    ...carrierRef,
    warehouseId: z.string(),
    lines: z.array(SkuQuantity).min(1),
    location: z.string().optional(),
    pickedUpAt: isoDateTime,
  }),
  /** IN_TRANSIT or OUT_FOR_DELIVERY scans. */
  ShipmentInTransit: z.object({
    ...shipmentRef,
    ...carrierRef,
    status: z.enum(['IN_TRANSIT', 'OUT_FOR_DELIVERY']),
    location: z.string().optional(),
    scannedAt: isoDateTime,
  }),
  ShipmentDelivered: z.object({
    ...shipmentRef,
    ...carrierRef,
    lines: z.array(SkuQuantity).min(1),
    promisedBy: isoDate,
    location: z.string().optional(),
    deliveredAt: isoDateTime,
  }),
  ShipmentDeliveryFailed: z.object({ ...shipmentRef, ...carrierRef, location: z.string().optional(), failedAt: isoDateTime }),
  ShipmentReturnedToSender: z.object({
    ...shipmentRef,
    ...carrierRef,
    location: z.string().optional(),
    returnedAt: isoDateTime,
  }),
  /** Not delivered by its promised date (found by the scheduled check). */
  ShipmentDelayed: z.object({
    ...shipmentRef,
    promisedBy: isoDate,
    newEstimate: isoDate,
    detectedAt: isoDateTime,
  }),
  ShipmentCancelled: z.object({ ...shipmentRef, reason: z.string(), cancelledAt: isoDateTime }),
  /**
   * A packed shipment of a local courier carrier was given to the nearest available courier
   * (docs/adr/0038); it must accept by `acceptBy`, else it is offered to the next nearest.
   */
  CourierAssigned: z.object({
    ...shipmentRef,
    ...carrierRef,
    courierId: z.string(),
    warehouseId: z.string(),
    /** From the courier to the warehouse, when assigned; absent when the warehouse could not be placed. */
    distanceKm: z.number().nonnegative().optional(),
    /** Which offer of this shipment this is: 1, then 2 after a lapse, … */
    attempt: z.number().int().positive(),
    /** The other available couriers, nearest first, with their distances. */
    alternatives: z.array(z.object({ courierId: z.string(), distanceKm: z.number().nonnegative().optional() })),
    acceptBy: isoDateTime,
    assignedAt: isoDateTime,
  }),
  /** The courier took the shipment. */
  CourierAssignmentAccepted: z.object({ ...shipmentRef, ...carrierRef, courierId: z.string(), acceptedAt: isoDateTime }),
  /** The courier did not accept in time: the shipment is offered again, to someone else. */
  CourierAssignmentLapsed: z.object({ ...shipmentRef, ...carrierRef, courierId: z.string(), acceptBy: isoDateTime, lapsedAt: isoDateTime }),
  /** No courier of the carrier was available: the shipment waits for the first one that is. */
  CourierAwaited: z.object({ ...shipmentRef, ...carrierRef, warehouseId: z.string(), since: isoDateTime }),
} as const;

export type ShippingEventType = keyof typeof ShippingEventSchemas;
export type ShippingEventData<T extends ShippingEventType> = z.infer<(typeof ShippingEventSchemas)[T]>;
export type ShippingEvent = { [T in ShippingEventType]: { type: T; data: ShippingEventData<T> } }[ShippingEventType];
