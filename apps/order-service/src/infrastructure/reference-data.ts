import { z } from 'zod';
import { CANCELLATION_AFTER_START, COUNTRIES, currency, minorUnits, PRODUCT_CATEGORY_MAX_LENGTH, StreamIds, textProblem, weightGrams } from '@orderflow/contracts';
import { ReferenceData } from '@orderflow/platform';
import { CHANNEL_SETTINGS_FIELDS } from './order.config';

/**
 * The order service's reference data (docs/adr/0032): channels, lead times and products, each an
 * entity of its own stream, whose latest state the service's views hold for its decisions. The
 * bodies are the edge's: bounded, strict, and naming what is wrong (docs/adr/0011).
 */

const storableText = (text: string, ctx: z.RefinementCtx) => {
  const problem = textProblem(text);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
};

/** A channel's name as channel keys are scoped to it (`keys create --channel`). */
export const ChannelName = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{1,64}$/, 'expected 1 to 64 letters, digits, ".", "_", ":" or "-"')
  .describe('The sales channel, e.g. webshop');

export const ChannelSettingsBody = z.strictObject(CHANNEL_SETTINGS_FIELDS);
export type ChannelSettingsEntity = z.output<typeof ChannelSettingsBody>;

/** The lead time that applies to every country without one of its own. */
export const DEFAULT_LEAD_TIME = 'default';

export const LeadTimeCountry = z
  .string()
  .refine((c) => c === DEFAULT_LEAD_TIME || COUNTRIES.has(c), `expected an ISO-3166 alpha-2 country code such as "DE", or "${DEFAULT_LEAD_TIME}"`)
  .describe(`ISO-3166 alpha-2 country code of the destination, or "${DEFAULT_LEAD_TIME}" for every country without its own`);

export const LeadTimeBody = z.strictObject({
  days: z.number('expected a whole number of days').int('expected a whole number of days').min(0, 'expected ≥ 0').max(365, 'expected ≤ 365'),
});
export type LeadTimeEntity = z.output<typeof LeadTimeBody>;

export const Sku = z.string().min(1, 'expected 1 to 64 characters').max(64, 'expected 1 to 64 characters').superRefine(storableText).describe('The SKU, as order lines name it');

const MAX_PRICES = 500;
const MAX_OPTIONS = 20;
const MAX_OPTION_VALUES = 100;

/** An option's name, as order lines name it: `colour`, `engraving`. */
export const OptionName = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'expected 1 to 64 letters, digits, "_" or "-", starting with a letter');

/** One option (docs/adr/0039): a choice among `values`, or free text of at most `maxLength` characters. */
const OptionSpecBody = z
  .strictObject({
    values: z
      .array(z.string().min(1, 'expected 1 to 256 characters').max(256, 'expected 1 to 256 characters').superRefine(storableText), 'expected a list of values')
      .min(1, 'expected at least one value')
      .max(MAX_OPTION_VALUES, `expected at most ${MAX_OPTION_VALUES} values`)
      .optional()
      .describe('The values a buyer chooses from'),
    maxLength: z.number('expected a whole number').int('expected a whole number').min(1, 'expected ≥ 1').max(1000, 'expected ≤ 1000').optional().describe('Free text of at most this many characters'),
    required: z.boolean('expected true or false').optional().describe('A line must give it (default: it may leave it out)'),
  })
  .refine((o) => (o.values === undefined) !== (o.maxLength === undefined), { message: 'expected values (a choice) or maxLength (free text), one of the two' });

const OptionsBody = z
  .record(OptionName, OptionSpecBody, 'expected an object of options by name')
  .refine((o) => Object.keys(o).length <= MAX_OPTIONS, { message: `expected at most ${MAX_OPTIONS} options` })
  .describe('The options an order line may carry, by name, each a choice (values) or free text (maxLength)');

export const MadeToOrderBody = z
  .strictObject({
    productionLeadTimeDays: z
      .number('expected a whole number of days')
      .int('expected a whole number of days')
      .min(0, 'expected ≥ 0')
      .max(365, 'expected ≤ 365')
      .describe('Days the factory needs: added to the delivery lead time of the promise'),
    options: OptionsBody.optional(),
    cancellationAfterStart: z
      .enum(CANCELLATION_AFTER_START, `expected one of ${CANCELLATION_AFTER_START.join(', ')}`)
      .describe('After production starts, a cancellation is refused, or accepted with the line charged'),
  })
  .describe('Made for each order by a factory instead of taken from stock (docs/adr/0039)');

export const ProductBody = z.strictObject({
  name: z.string('expected a name').min(1, 'expected 1 to 256 characters').max(256, 'expected 1 to 256 characters').superRefine(storableText),
  weightGrams: weightGrams.describe('The weight of one unit, for shipping (a warehouse that weighs the parcel overrides it)'),
  prices: z
    .array(z.strictObject({ channel: ChannelName, currency, unitPriceMinor: minorUnits }), 'expected a list of prices')
    .max(MAX_PRICES, `expected at most ${MAX_PRICES} prices`)
    .superRefine((prices, ctx) => {
      const seen = new Set<string>();
      prices.forEach((p, i) => {
        const pair = `${p.channel} ${p.currency}`;
        if (seen.has(pair)) ctx.addIssue({ code: 'custom', path: [i], message: `expected one price per channel and currency, ${p.channel} ${p.currency} appears twice` });
        seen.add(pair);
      });
    })
    .describe("Unit prices per channel and currency: an order line's price is checked against its channel's and currency's (the channel's priceCheck)"),
  category: z
    .string('expected a category')
    .min(1, `expected 1 to ${PRODUCT_CATEGORY_MAX_LENGTH} characters`)
    .max(PRODUCT_CATEGORY_MAX_LENGTH, `expected 1 to ${PRODUCT_CATEGORY_MAX_LENGTH} characters`)
    .superRefine(storableText)
    .optional()
    .describe('What the customer and trend reports group it under, e.g. "kitchen"; without one it counts as uncategorised'),
  options: OptionsBody.optional(),
  madeToOrder: MadeToOrderBody.optional(),
}).refine((p) => p.options === undefined || p.madeToOrder?.options === undefined, {
  message: 'expected the options in one place: madeToOrder.options for a made-to-order product, options for a plain one',
  path: ['options'],
});
export type ProductEntity = z.output<typeof ProductBody>;

export const CHANNELS = new ReferenceData<ChannelSettingsEntity>({
  noun: 'channel',
  streamId: StreamIds.channel,
  eventType: 'ChannelConfigured',
  keyField: 'channel',
  timeField: 'configuredAt',
  viewTable: 'order_channels',
});

export const LEAD_TIMES = new ReferenceData<LeadTimeEntity>({
  noun: 'lead time',
  streamId: StreamIds.leadTime,
  eventType: 'LeadTimeSet',
  keyField: 'country',
  timeField: 'setAt',
  viewTable: 'order_lead_times',
});

export const PRODUCTS = new ReferenceData<ProductEntity>({
  noun: 'product',
  streamId: StreamIds.product,
  eventType: 'ProductRegistered',
  keyField: 'sku',
  timeField: 'registeredAt',
  viewTable: 'order_products',
});
