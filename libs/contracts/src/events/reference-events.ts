import { z } from 'zod';
import { currency, isoDateTime, minorUnits } from './common';
import { PaymentMode } from './order-events';

/**
 * Reference data, managed at run time as events (docs/adr/0032). Each entity is a stream of its
 * own and every change records the entity whole, so the stream's last event is what holds now and
 * the events before it are its history (who changed what, when). Owned by the service that decides
 * with it: channels (`channel-<name>`), lead times (`leadtime-<country>`) and products
 * (`product-<sku>`) by the order service, published on order.events (the shipping service keeps the
 * products' weights); carriers (`carrier-<name>`) by the shipping service, on shipping.events.
 */

/** What an order line priced otherwise than the catalogue does: the order is rejected, flagged, or nothing. */
export const PRICE_CHECKS = ['reject', 'flag', 'off'] as const;
export const PriceCheck = z.enum(PRICE_CHECKS);
export type PriceCheck = z.infer<typeof PriceCheck>;

/**
 * One option a product offers its buyers (docs/adr/0039): a choice among `values`, or free text of
 * at most `maxLength` characters. A line may leave it out unless it is `required`.
 */
export const ProductOptionSpec = z.object({
  values: z.array(z.string().min(1)).min(1).optional(),
  maxLength: z.number().int().positive().optional(),
  required: z.boolean().optional(),
});
export type ProductOptionSpec = z.infer<typeof ProductOptionSpec>;

/** The options a product offers, by name: a line naming another is refused. */
export const ProductOptions = z.record(z.string().min(1), ProductOptionSpec);
export type ProductOptions = z.infer<typeof ProductOptions>;

/** After production starts, a cancellation of the order is refused, or accepted with the line charged. */
export const CANCELLATION_AFTER_START = ['refuse', 'charge'] as const;
export const CancellationAfterStart = z.enum(CANCELLATION_AFTER_START);
export type CancellationAfterStart = z.infer<typeof CancellationAfterStart>;

/** A product made for each order by a factory instead of taken from stock (docs/adr/0039). */
export const MadeToOrder = z.object({
  productionLeadTimeDays: z.number().int().min(0),
  /** Its options, when it has any (a plain product's are `options`). */
  options: ProductOptions.optional(),
  cancellationAfterStart: CancellationAfterStart,
});
export type MadeToOrder = z.infer<typeof MadeToOrder>;

/** The longest product category the admin API takes. */
export const PRODUCT_CATEGORY_MAX_LENGTH = 60;

/** A product's price on one channel in one currency. */
export const ProductPrice = z.object({ channel: z.string().min(1), currency, unitPriceMinor: minorUnits });
export type ProductPrice = z.infer<typeof ProductPrice>;

export const OrderReferenceEventSchemas = {
  /** A sales channel's settings as a whole: orders of it are judged by them from here on. */
  ChannelConfigured: z.object({
    channel: z.string().min(1),
    currencies: z.array(currency).min(1),
    paymentMode: PaymentMode,
    priceCheck: PriceCheck,
    authorizationTimeoutMinutes: z.number().positive(),
    configuredAt: isoDateTime,
  }),
  /** Days from confirmation to delivery for orders to a country (`default`: every country without its own). */
  LeadTimeSet: z.object({ country: z.string().min(1), days: z.number().int().min(0), setAt: isoDateTime }),
  /** A product of the catalogue: its shipping weight and its prices per channel and currency. */
  ProductRegistered: z.object({
    sku: z.string().min(1),
    name: z.string().min(1),
    weightGrams: z.number().int().positive(),
    prices: z.array(ProductPrice),
    /** What the reports group it under (docs/adr/0040); absent: `uncategorised`. */
    category: z.string().min(1).max(PRODUCT_CATEGORY_MAX_LENGTH).optional(),
    /** The options a plain product offers (docs/adr/0039); absent: none. */
    options: ProductOptions.optional(),
    /** Set for a product made to order; absent: taken from stock. */
    madeToOrder: MadeToOrder.optional(),
    registeredAt: isoDateTime,
  }),
} as const;

export const ShippingReferenceEventSchemas = {
  /** A carrier the shipping service may book, with its service level, reach and tariff. */
  CarrierConfigured: z.object({
    name: z.string().min(1),
    serviceLevel: z.string().min(1),
    transitDays: z.number().int().min(0),
    maxWeightGrams: z.number().int().positive(),
    countries: z.union([z.literal('*'), z.array(z.string().min(1)).min(1)]),
    baseCostMinor: minorUnits,
    costPerKgMinor: minorUnits,
    currency,
    trackingPrefix: z.string().min(1),
    /** LOCAL_COURIER: same-day couriers, dispatched one by one (docs/adr/0038); PARCEL when absent. */
    kind: z.enum(['PARCEL', 'LOCAL_COURIER']).optional(),
    /** A local courier carrier takes only shipments whose warehouse is at most this far from the address. */
    maxDistanceKm: z.number().positive().optional(),
    /** How long an assigned courier has to accept before the shipment goes to the next. */
    acceptWithinSeconds: z.number().int().positive().optional(),
    /** Grams of CO₂ per km a shipment travels with this carrier, for the delivery emissions report. */
    co2GramsPerKm: z.number().nonnegative().optional(),
    configuredAt: isoDateTime,
  }),
} as const;

export type OrderReferenceEventType = keyof typeof OrderReferenceEventSchemas;
export type OrderReferenceEventData<T extends OrderReferenceEventType> = z.infer<(typeof OrderReferenceEventSchemas)[T]>;
export type ShippingReferenceEventType = keyof typeof ShippingReferenceEventSchemas;
export type ShippingReferenceEventData<T extends ShippingReferenceEventType> = z.infer<(typeof ShippingReferenceEventSchemas)[T]>;
