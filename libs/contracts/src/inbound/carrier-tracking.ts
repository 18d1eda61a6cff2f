import { z } from 'zod';
import { envelope, geoLocation } from '../envelope';

export const TRACKING_STATUSES = [
  'PICKED_UP',
  'IN_TRANSIT',
  'OUT_FOR_DELIVERY',
  'DELIVERED',
  'DELIVERY_FAILED',
  'RETURNED_TO_SENDER',
] as const;

export const TrackingUpdatedV1 = envelope('TrackingUpdated', 1, {
  carrier: z.string().min(1).max(64),
  trackingNumber: z.string().min(1).max(128),
  status: z.enum(TRACKING_STATUSES),
  location: z.string().max(256).optional(),
});

/*
 * Local couriers (docs/adr/0038), keyed by courierId: a courier of a LOCAL_COURIER carrier says it
 * is free and where (CourierAvailable), where it is now (CourierPosition), and that it takes the
 * shipment it was assigned (CourierAccepted). A courier that does not accept in time loses it.
 */
const courier = { carrier: z.string().min(1).max(64), courierId: z.string().min(1).max(64) };

export const CourierAvailableV1 = envelope('CourierAvailable', 1, { ...courier, location: geoLocation });
export const CourierPositionV1 = envelope('CourierPosition', 1, { ...courier, location: geoLocation });
export const CourierAcceptedV1 = envelope('CourierAccepted', 1, { ...courier, shipmentId: z.string().min(1).max(128) });

export type TrackingUpdated = z.infer<typeof TrackingUpdatedV1>;
export type CourierAvailable = z.infer<typeof CourierAvailableV1>;
export type CourierPosition = z.infer<typeof CourierPositionV1>;
export type CourierAccepted = z.infer<typeof CourierAcceptedV1>;
