import { z } from 'zod';
import { envelope } from '../envelope';

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

export type TrackingUpdated = z.infer<typeof TrackingUpdatedV1>;
