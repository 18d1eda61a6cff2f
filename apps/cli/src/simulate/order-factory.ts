import { DEFAULT_DECLINE_PREFIX } from '../payments/decline-rule';
import { Random } from './random';
import { CHANNELS, ENGRAVINGS, SimCustomer, SimMadeToOrderProduct, SimProduct } from './world';

/** `declinable`: a valid order the payment simulator declines to authorise (its externalOrderId says so). */
export type OrderKind = 'valid' | 'duplicate' | 'rejected' | 'cancelled' | 'declinable' | 'malformed';

/** What the simulator sends for one order decision, and what it therefore expects. */
export interface PlannedOrder {
  kind: OrderKind;
  channel: string;
  externalOrderId: string;
  /** The message as sent; for malformed ones, the raw text. */
  message: Record<string, unknown> | undefined;
  raw?: string;
  /** What a reader of the reason should learn, for malformed ones. */
  defect?: string;
}

const MALFORMED: { defect: string; spoil: (m: Record<string, unknown>) => Record<string, unknown> | string }[] = [
  { defect: 'not JSON', spoil: (m) => JSON.stringify(m).slice(0, 40) },
  { defect: 'quantity 0', spoil: (m) => ({ ...m, lines: [{ ...(m.lines as object[])[0], quantity: 0 }] }) },
  { defect: 'fractional quantity', spoil: (m) => ({ ...m, lines: [{ ...(m.lines as object[])[0], quantity: 1.5 }] }) },
  { defect: 'negative price', spoil: (m) => ({ ...m, lines: [{ ...(m.lines as object[])[0], unitPriceMinor: -100 }] }) },
  { defect: 'unknown currency', spoil: (m) => ({ ...m, currency: 'EURO' }) },
  { defect: 'country not ISO', spoil: (m) => ({ ...m, shippingAddress: { ...(m.shippingAddress as object), country: 'Germany' } }) },
  { defect: 'missing customer', spoil: ({ customer: _customer, ...rest }) => rest },
  { defect: 'unknown type', spoil: (m) => ({ ...m, type: 'OrderTeleported' }) },
  { defect: 'unknown version', spoil: (m) => ({ ...m, version: 9 }) },
  {
    defect: 'more than 500 lines',
    spoil: (m) => ({ ...m, lines: Array.from({ length: 501 }, (_, i) => ({ sku: `SKU-${i}`, quantity: 1, unitPriceMinor: 1 })) }),
  },
  { defect: 'over 256 KiB', spoil: (m) => ({ ...m, giftNote: 'x'.repeat(270 * 1024) }) },
];

/** Made-to-order lines (docs/adr/0039): the share of orders that carry one, read as each order is made. */
export interface MadeToOrderMix {
  products: readonly SimMadeToOrderProduct[];
  rate: () => number;
}

export class OrderFactory {
  private sequence = 0;
  /** Its own generator, so that the other orders come out the same with or without made-to-order lines. */
  private readonly custom: Random;

  constructor(
    private readonly random: Random,
    private readonly runId: string,
    private readonly catalog: SimProduct[],
    private readonly people: SimCustomer[],
    private readonly madeToOrder: MadeToOrderMix = { products: [], rate: () => 0 },
  ) {
    this.custom = random.fork('made-to-order');
  }

  /** A line of a made-to-order product with the buyer's choices, for some orders. */
  private customLine(): Record<string, unknown> | undefined {
    const r = this.custom;
    const rate = this.madeToOrder.rate();
    if (this.madeToOrder.products.length === 0 || !r.chance(rate)) return undefined;
    const product = r.pick(this.madeToOrder.products);
    const options: Record<string, string> = { colour: r.pick(product.madeToOrder.options.colour?.values ?? ['white']) };
    if (r.chance(0.7)) options.engraving = r.pick(ENGRAVINGS);
    return { sku: product.sku, quantity: r.weighted([[1, 4], [2, 1]] as const), unitPriceMinor: product.priceMinor, options };
  }

  next(now: Date, cancelRate: number): PlannedOrder[] {
    this.sequence += 1;
    const r = this.random;
    const { channel, currency } = r.weighted(CHANNELS.map((c) => [c, c.weight] as const));
    const externalOrderId = `${this.runId}-${String(this.sequence).padStart(5, '0')}`;
    const customer = r.pick(this.people);
    const chosen = r.sample(this.catalog, r.weighted([[1, 5], [2, 3], [3, 2], [4, 1]] as const));
    const message: Record<string, unknown> = {
      type: 'OrderSubmitted',
      version: 1,
      messageId: r.uuid(),
      occurredAt: now.toISOString(),
      channel,
      externalOrderId,
      customer: { id: customer.id, name: customer.name, email: customer.email },
      shippingAddress: customer.address,
      lines: chosen.map((p) => ({ sku: p.sku, quantity: r.weighted([[1, 6], [2, 3], [3, 1]] as const), unitPriceMinor: p.priceMinor })),
      currency,
    };
    const custom = this.customLine();
    const withCustom = () => (custom ? { ...message, lines: [...(message.lines as object[]), custom] } : message);
    const roll = r.next();
    if (roll < 0.03) {
      const variant = r.pick(MALFORMED);
      const spoiled = variant.spoil(message);
      return [
        typeof spoiled === 'string'
          ? { kind: 'malformed', channel, externalOrderId, message: undefined, raw: spoiled, defect: variant.defect }
          : { kind: 'malformed', channel, externalOrderId, message: spoiled, defect: variant.defect },
      ];
    }
    if (roll < 0.05) {
      const lines = message.lines as { sku: string; quantity: number; unitPriceMinor: number }[];
      const reason = r.pick(['unknown sku', 'currency', 'duplicate line'] as const);
      if (reason === 'unknown sku') lines[0] = { ...lines[0], sku: 'SKU-DISCONTINUED' };
      if (reason === 'currency') message.currency = 'JPY'; // a real currency no channel sells in
      if (reason === 'duplicate line') lines.push({ ...lines[0] });
      return [{ kind: 'rejected', channel, externalOrderId, message }];
    }
    if (roll < 0.05 + cancelRate) return [{ kind: 'cancelled', channel, externalOrderId, message: withCustom() }];
    if (roll < 0.08 + cancelRate) {
      // The channel retries with a fresh messageId: still one order.
      const original = withCustom();
      return [
        { kind: 'valid', channel, externalOrderId, message: original },
        { kind: 'duplicate', channel, externalOrderId, message: { ...original, messageId: r.uuid() } },
      ];
    }
    if (roll < 0.09 + cancelRate) {
      // Where the channel takes payment by authorisation, the failed authorisation cancels the order.
      const declinable = `${DEFAULT_DECLINE_PREFIX}${externalOrderId}`;
      return [{ kind: 'declinable', channel, externalOrderId: declinable, message: { ...message, externalOrderId: declinable } }];
    }
    return [{ kind: 'valid', channel, externalOrderId, message: withCustom() }];
  }
}
