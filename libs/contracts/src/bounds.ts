/**
 * The limits of what orderflow accepts at its edge (the inbound topics and the ingest gateway), in
 * one place: the schemas, the README's contract section and ADR 0011 all state these numbers.
 *
 * Integers are bounded so that nothing a producer sends can overflow where it is summed or stored:
 * an order's total stays an exact JavaScript number (below 2^53), and one message can never carry
 * a value a PostgreSQL integer column refuses. Running totals (stock on hand, units sold) are not
 * bounded by any single message, so the read tables keep them in bigint.
 */
export const BOUNDS = {
  /** Units on one order, return or parcel line, or in one stock receipt. */
  maxQuantity: 1_000_000,
  /** Units one stock adjustment adds or removes (non-zero, either sign). */
  maxQuantityDelta: 1_000_000,
  /** Any amount in minor units, an order's total included: 10^12 cents are 10 billion euros. */
  maxAmountMinor: 1_000_000_000_000,
  /** A packed shipment's weight: 100 tonnes. */
  maxWeightGrams: 100_000_000,
  /** Lines on one order, return or return parcel. */
  maxLines: 500,
  /** One message as UTF-8 JSON. */
  maxMessageBytes: 256 * 1024,
  /** Objects and arrays within one another; the contracts themselves need 3. */
  maxNestingDepth: 32,
  /** Dates and instants, in UTC: what PostgreSQL's date and timestamptz store without complaint. */
  earliestDate: '1970-01-01',
  latestDate: '9999-12-31',
  /** The widest UTC offsets in use anywhere (UTC−12:00 to UTC+14:00); PostgreSQL refuses past ±15:59. */
  maxUtcOffsetMinutes: 14 * 60,
  /** How many problems one refusal lists; the rest are counted. */
  maxIssuesReported: 20,
} as const;

export const MAX_MESSAGE_BYTES = BOUNDS.maxMessageBytes;
export const MAX_ORDER_LINES = BOUNDS.maxLines;
