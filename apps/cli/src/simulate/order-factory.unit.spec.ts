import { decodeMessage } from '@orderflow/contracts';
import { OrderFactory, PlannedOrder } from './order-factory';
import { Random } from './random';
import { customers, MADE_TO_ORDER_PRODUCTS, products } from './world';

const plan = (seed: string, count: number): PlannedOrder[] => {
  const random = new Random(seed);
  const factory = new OrderFactory(random.fork('orders'), 'RUN', products(random.fork('catalog')), customers(random.fork('customers')));
  const now = new Date('2026-05-01T12:00:00Z');
  return Array.from({ length: count }, () => factory.next(now, 0.06)).flat();
};

const bytes = (p: PlannedOrder) => Buffer.from(p.raw ?? JSON.stringify(p.message));

describe('simulated orders', () => {
  it('are the same for the same seed and differ for another', () => {
    expect(plan('42', 200)).toEqual(plan('42', 200));
    expect(plan('43', 50)).not.toEqual(plan('42', 50));
  });

  it('meet the channel.orders contract unless meant to be malformed, and the malformed ones never do', () => {
    const planned = plan('7', 2000);
    for (const p of planned) {
      const decoded = decodeMessage('channel.orders', bytes(p));
      expect([p.kind, p.defect, decoded.ok]).toEqual([p.kind, p.defect, p.kind !== 'malformed']);
    }
  });

  it('mixes every kind a real channel produces', () => {
    const kinds = new Set(plan('9', 2000).map((p) => p.kind));
    expect([...kinds].sort()).toEqual(['cancelled', 'declinable', 'duplicate', 'malformed', 'rejected', 'valid']);
  });

  it('sends a duplicate as the same order under a new message id', () => {
    const planned = plan('11', 2000);
    const duplicate = planned.find((p) => p.kind === 'duplicate')!;
    const original = planned.find((p) => p.kind === 'valid' && p.externalOrderId === duplicate.externalOrderId)!;
    expect(duplicate.message!.messageId).not.toBe(original.message!.messageId);
    expect({ ...duplicate.message, messageId: 'x' }).toEqual({ ...original.message, messageId: 'x' });
  });

  describe('made-to-order lines (docs/adr/0039)', () => {
    const planWith = (seed: string, count: number, rate: number): PlannedOrder[] => {
      const random = new Random(seed);
      const factory = new OrderFactory(random.fork('orders'), 'RUN', products(random.fork('catalog')), customers(random.fork('customers')), {
        products: MADE_TO_ORDER_PRODUCTS,
        rate: () => rate,
      });
      const now = new Date('2026-05-01T12:00:00Z');
      return Array.from({ length: count }, () => factory.next(now, 0.06)).flat();
    };
    const custom = (p: PlannedOrder) => ((p.message?.lines ?? []) as { sku: string; options?: Record<string, string> }[]).find((l) => l.sku === 'SKU-MUG-ENGRAVED');

    it('come on about the share asked for, with a colour the product offers and an engraving it takes', () => {
      const planned = planWith('5', 2000, 0.1).filter((p) => p.kind === 'valid');
      const withMug = planned.filter(custom);
      expect(withMug.length / planned.length).toBeGreaterThan(0.06);
      expect(withMug.length / planned.length).toBeLessThan(0.14);
      for (const p of withMug) {
        expect(['white', 'blue', 'sage']).toContain(custom(p)!.options!.colour);
        expect((custom(p)!.options!.engraving ?? '').length).toBeLessThanOrEqual(30);
        expect(decodeMessage('channel.orders', bytes(p)).ok).toBe(true);
      }
    });

    it('leave every other order as it would have been without them', () => {
      const strip = (p: PlannedOrder) => ({ ...p, message: p.message && { ...p.message, lines: ((p.message.lines ?? []) as { sku: string }[]).filter((l) => l.sku !== 'SKU-MUG-ENGRAVED') } });
      expect(planWith('8', 500, 0.2).map(strip)).toEqual(planWith('8', 500, 0).map(strip));
    });
  });
});
