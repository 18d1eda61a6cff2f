import { z } from 'zod';
import { country, currency, geoLocation } from '../envelope';

/** Building blocks shared by the events of every service. */

/*
 * Stored events are history: their schemas take any safe integer, so that an event stored before
 * the edge had bounds (../bounds.ts) still replays. New events only ever carry values that passed
 * the bounded inbound contracts, or sums of them.
 */
export const quantity = z.number().int('expected a whole number').min(1, 'expected ≥ 1');
export const minorUnits = z
  .number()
  .int('expected an integer amount in minor units')
  .min(0, 'expected ≥ 0')
  .describe('money in integer minor units of the currency (1999 EUR = 19.99 euros)');

export const isoDate = z.iso.date('expected YYYY-MM-DD');
export const isoDateTime = z.iso.datetime({ offset: true, message: 'expected an ISO-8601 date-time' });

export const Customer = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  email: z.string().min(3),
  phone: z.string().optional(),
});
export type Customer = z.infer<typeof Customer>;

export const Address = z.object({
  line1: z.string().min(1),
  line2: z.string().optional(),
  city: z.string().min(1),
  region: z.string().optional(),
  postalCode: z.string().min(1),
  country,
  /** Coarsened to one decimal at the edge (docs/adr/0037). */
  location: geoLocation.optional(),
});
export type Address = z.infer<typeof Address>;

/** What the buyer chose of a product's options (docs/adr/0039), by option name. */
export const LineOptions = z.record(z.string().min(1), z.string());
export type LineOptions = z.infer<typeof LineOptions>;

/**
 * The terms a made-to-order line was confirmed on (docs/adr/0039): the factory has until `dueDate`
 * to make it, and a cancellation after production started is refused or charged.
 */
export const LineMadeToOrder = z.object({
  productionLeadTimeDays: z.number().int().min(0),
  cancellationAfterStart: z.enum(['refuse', 'charge']),
  dueDate: isoDate,
});
export type LineMadeToOrder = z.infer<typeof LineMadeToOrder>;

export const PricedLine = z.object({
  sku: z.string().min(1),
  quantity,
  unitPriceMinor: minorUnits,
  options: LineOptions.optional(),
  /** Set on the lines of OrderConfirmed (and later events) that are made to order. */
  madeToOrder: LineMadeToOrder.optional(),
});
export type PricedLine = z.infer<typeof PricedLine>;

export const SkuQuantity = z.object({ sku: z.string().min(1), quantity });
export type SkuQuantity = z.infer<typeof SkuQuantity>;

/** Why goods move: an order's own lines, or the replacement of an exchange. */
export const Purpose = z.enum(['ORDER', 'EXCHANGE']);
export type Purpose = z.infer<typeof Purpose>;

/** The order an event belongs to, as the channel knows it: every downstream event carries it. */
export const OrderRef = {
  orderId: z.uuid(),
  channel: z.string().min(1),
  externalOrderId: z.string().min(1),
};

/** One warehouse's part of an allocation: it becomes exactly one shipment. */
export const ShipmentAllocation = z.object({
  shipmentId: z.string().min(1),
  warehouseId: z.string().min(1),
  lines: z.array(SkuQuantity).min(1),
  /** Great-circle distance from the warehouse to the address, when both are placed (docs/adr/0037). */
  distanceKm: z.number().nonnegative().optional(),
  /** Where the warehouse is, as allocation placed it: where a local courier picks it up (docs/adr/0038). */
  origin: geoLocation.optional(),
});
export type ShipmentAllocation = z.infer<typeof ShipmentAllocation>;

/**
 * Why an allocation chose its warehouses (docs/adr/0037): where the address was placed and how,
 * the rule that decided, and every warehouse considered with its distance and what it could fill.
 */
export const AllocationDecision = z.object({
  rule: z.enum(['NEAREST_SINGLE', 'SINGLE', 'SPLIT', 'BACKORDERED']),
  shipTo: z
    .object({ lat: z.number(), lon: z.number(), placedBy: z.enum(['ADDRESS', 'REGION', 'COUNTRY']) })
    .nullable()
    .describe('Where the address was placed, or null when it could not be'),
  considered: z.array(
    z.object({
      warehouseId: z.string().min(1),
      distanceKm: z.number().nonnegative().nullable(),
      fillsAll: z.boolean(),
      /** Units of the order it could have given. */
      covers: z.number().int().nonnegative(),
      chosen: z.boolean(),
    }),
  ),
});
export type AllocationDecision = z.infer<typeof AllocationDecision>;

export { currency };
