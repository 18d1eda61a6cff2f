import { orderIdFor } from '@orderflow/contracts';
import { Random } from '../../apps/cli/src/simulate/random';
import { CHANNELS, customers, products, SimCustomer, SimProduct, WAREHOUSES } from '../../apps/cli/src/simulate/world';

/** Units of each SKU each warehouse receives: no order of a benchmark ever waits for stock. */
export const PLENTY = 1_000_000;

/**
 * Valid orders only, as channels send them (the simulator's world: its warehouses, catalogue,
 * customers and channels), so every order can reach ALLOCATED. The simulator's duplicates,
 * cancellations and malformed messages are left out: they never reach ALLOCATED and would blur
 * what is measured.
 */
export class OrderMaker {
  readonly catalog: SimProduct[];
  private readonly people: SimCustomer[];
  private readonly random: Random;
  private sequence = 0;

  constructor(
    seed: string,
    private readonly runId: string,
    private readonly maxLines = 3,
  ) {
    const world = new Random(seed);
    this.catalog = products(world.fork('catalog'));
    this.people = customers(world.fork('customers'), 200);
    this.random = world.fork('orders');
  }

  /** One OrderSubmitted; `skus` forces its lines (the warm-up orders use one SKU each). */
  next(prefix = 'B', skus?: string[]): { orderId: string; message: Record<string, unknown> } {
    const r = this.random;
    this.sequence += 1;
    const { channel, currency } = r.weighted(CHANNELS.map((c) => [c, c.weight] as const));
    const externalOrderId = `${this.runId}-${prefix}${String(this.sequence).padStart(7, '0')}`;
    const customer = r.pick(this.people);
    const chosen = skus ? this.catalog.filter((p) => skus.includes(p.sku)) : r.sample(this.catalog, r.int(1, this.maxLines));
    const message = {
      type: 'OrderSubmitted',
      version: 1,
      messageId: r.uuid(),
      occurredAt: new Date().toISOString(),
      channel,
      externalOrderId,
      customer: { id: customer.id, name: customer.name, email: customer.email },
      shippingAddress: customer.address,
      lines: chosen.map((p) => ({ sku: p.sku, quantity: r.int(1, 3), unitPriceMinor: p.priceMinor })),
      currency,
    };
    return { orderId: orderIdFor(channel, externalOrderId), message };
  }

  /** Every warehouse registered, and plenty of every SKU received at each. */
  stockMessages(): Record<string, unknown>[] {
    const r = this.random.fork('stock');
    const now = new Date().toISOString();
    return [
      ...WAREHOUSES.map((w) => ({ type: 'WarehouseRegistered', version: 1, messageId: r.uuid(), occurredAt: now, ...w })),
      ...this.catalog.flatMap((p) =>
        WAREHOUSES.map((w) => ({ type: 'StockReceived', version: 1, messageId: r.uuid(), occurredAt: now, warehouseId: w.warehouseId, sku: p.sku, quantity: PLENTY })),
      ),
    ];
  }
}
