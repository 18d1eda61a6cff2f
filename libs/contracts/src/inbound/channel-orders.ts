import { z } from 'zod';
import { BOUNDS, MAX_ORDER_LINES } from '../bounds';
import { calendarDate, country, currency, envelope, geoLocation, minorUnits, quantity } from '../envelope';
import { personal } from '../personal-data';

const channel = z.string().min(1).max(64);
const externalOrderId = z.string().min(1).max(128);

/** The most options one line may carry (a product offers at most as many). */
export const MAX_LINE_OPTIONS = 20;

/**
 * What the buyer chose of the product's options (docs/adr/0039), by option name: a colour, a size,
 * an engraving's text. Checked against the catalogue when the order is decided.
 */
const lineOptions = z
  .record(
    z.string().min(1, 'expected an option name of 1 to 64 characters').max(64, 'expected an option name of 1 to 64 characters'),
    z.string('expected the option as text').min(1, 'expected 1 to 1000 characters').max(1000, 'expected 1 to 1000 characters'),
    'expected an object of options by name',
  )
  .refine((o) => Object.keys(o).length <= MAX_LINE_OPTIONS, { message: `expected at most ${MAX_LINE_OPTIONS} options` });

// Personal fields arrive as plaintext from a channel, or sealed by the ingest gateway (ADR 0022).
const shippingAddress = z.object({
  line1: personal(z.string().min(1).max(256)),
  line2: personal(z.string().max(256)).optional(),
  city: personal(z.string().min(1).max(128)),
  region: z.string().max(128).optional(),
  postalCode: personal(z.string().min(1).max(32)),
  country,
  /** Where the parcel goes, if the channel knows; kept only to one decimal (about 11 km). */
  location: geoLocation.optional(),
});

export const OrderSubmittedV1 = envelope('OrderSubmitted', 1, {
  channel,
  externalOrderId,
  customer: z.object({
    id: z.string().min(1).max(128),
    name: personal(z.string().min(1).max(256)),
    email: personal(z.email('expected an e-mail address').max(254)),
    phone: personal(z.string().min(3).max(32)).optional(),
  }),
  shippingAddress,
  lines: z
    .array(z.object({ sku: z.string().min(1).max(64), quantity, unitPriceMinor: minorUnits, options: lineOptions.optional() }))
    .min(1, 'expected at least one line')
    .max(MAX_ORDER_LINES, `expected at most ${MAX_ORDER_LINES} lines`)
    .refine((lines) => orderTotalOf(lines) <= BOUNDS.maxAmountMinor, {
      message: `expected an order total (quantity × unitPriceMinor over all lines) of at most ${BOUNDS.maxAmountMinor} minor units`,
    }),
  currency,
  requestedDeliveryDate: calendarDate.optional(),
});

/**
 * What the lines add up to; past the bound it is only compared, so float rounding cannot matter.
 * Lines refused on their own count as 0: their own fields are named, the total adds nothing.
 */
function orderTotalOf(lines: readonly { quantity: unknown; unitPriceMinor: unknown }[]): number {
  const valid = (l: { quantity: unknown; unitPriceMinor: unknown }) =>
    quantity.safeParse(l.quantity).success && minorUnits.safeParse(l.unitPriceMinor).success;
  return lines.reduce((sum, l) => (valid(l) ? sum + (l.quantity as number) * (l.unitPriceMinor as number) : sum), 0);
}

export const OrderCancellationRequestedV1 = envelope('OrderCancellationRequested', 1, {
  channel,
  externalOrderId,
  reason: z.string().min(1).max(1000),
});

/**
 * A change to an order before it ships (docs/adr/0034): a new shipping address, and lines whose
 * quantity changes (0 removes the line) or that are added (with their unit price). The change is
 * accepted while none of the shipments it touches has been picked up. `changeId` names it: the same
 * change sent again is decided once.
 */
export const OrderChangeRequestedV1 = envelope('OrderChangeRequested', 1, {
  channel,
  externalOrderId,
  changeId: z.string().min(1).max(128),
  /** The order's customer: a new address's personal fields are sealed with its key, so it comes with one. */
  customerId: z.string().min(1).max(128).optional(),
  shippingAddress: shippingAddress.optional(),
  lines: z
    .array(
      z.object({
        sku: z.string().min(1).max(64),
        /** The line's new quantity; 0 removes it. */
        quantity: z.number().int('expected a whole number').min(0, 'expected ≥ 0').max(BOUNDS.maxQuantity, `expected ≤ ${BOUNDS.maxQuantity}`),
        /** Required for a line the order does not have yet; a line's price does not change. */
        unitPriceMinor: minorUnits.optional(),
      }),
    )
    .min(1, 'expected at least one line')
    .max(MAX_ORDER_LINES, `expected at most ${MAX_ORDER_LINES} lines`)
    .optional(),
  reason: z.string().min(1).max(1000).optional(),
})
  .refine((m) => m.shippingAddress !== undefined || m.lines !== undefined, { message: 'expected a shippingAddress or lines to change', path: ['lines'] })
  .refine((m) => m.shippingAddress === undefined || m.customerId !== undefined, {
    message: "expected the order's customerId with a new shippingAddress",
    path: ['customerId'],
  })
  .refine((m) => new Set((m.lines ?? []).map((l) => l.sku)).size === (m.lines ?? []).length, { message: 'expected each SKU at most once', path: ['lines'] });

export const ReturnRequestedV1 = envelope('ReturnRequested', 1, {
  channel,
  externalOrderId,
  lines: z
    .array(z.object({ sku: z.string().min(1).max(64), quantity, reason: z.string().min(1).max(1000) }))
    .min(1, 'expected at least one line')
    .max(MAX_ORDER_LINES, `expected at most ${MAX_ORDER_LINES} lines`),
  resolution: z.enum(['REFUND', 'EXCHANGE']),
});

export const ComplaintSubmittedV1 = envelope('ComplaintSubmitted', 1, {
  channel,
  externalOrderId,
  category: z.string().min(1).max(64),
  message: z.string().min(1).max(10_000),
});

export type OrderSubmitted = z.infer<typeof OrderSubmittedV1>;
export type OrderCancellationRequested = z.infer<typeof OrderCancellationRequestedV1>;
export type OrderChangeRequested = z.infer<typeof OrderChangeRequestedV1>;
export type ReturnRequested = z.infer<typeof ReturnRequestedV1>;
export type ComplaintSubmitted = z.infer<typeof ComplaintSubmittedV1>;
export type ChannelOrderMessage = OrderSubmitted | OrderCancellationRequested | OrderChangeRequested | ReturnRequested | ComplaintSubmitted;

/** Key on channel.orders: every message of one order lands on one partition, in order. */
export const channelOrderKey = (m: { channel: string; externalOrderId: string }) => `${m.channel}:${m.externalOrderId}`;
