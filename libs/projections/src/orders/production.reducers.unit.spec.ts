import { ServiceEvent } from '../events';
import { document, fold, line, orderId, ref } from './order-events.fixtures';

/** Made-to-order lines on the order document (docs/adr/0039). */
const mugLine = { sku: 'MUG-CUSTOM', quantity: 1, unitPriceMinor: 2490, options: { colour: 'blue', engraving: 'Ada' } };
const terms = { productionLeadTimeDays: 5, cancellationAfterStart: 'charge' as const, dueDate: '2026-03-07' };
const lines = [mugLine, { sku: 'TEA-GREEN', quantity: 3, unitPriceMinor: 899 }];
const placed: ServiceEvent = { type: 'OrderPlaced', data: { ...document, lines, totalMinor: 5187, status: 'PLACED' } };
const confirmed: ServiceEvent = {
  type: 'OrderConfirmed',
  data: {
    ...document,
    lines: [{ ...mugLine, madeToOrder: terms }, lines[1]],
    totalMinor: 5187,
    confirmedAt: '2026-03-02T09:30:01.000Z',
    estimatedDeliveryDate: '2026-03-09',
    status: 'CONFIRMED',
  },
};
const production = { productionOrderId: 'OF-000001-P1', ...ref, sku: 'MUG-CUSTOM' };
const ordered: ServiceEvent = {
  type: 'ProductionOrdered',
  data: { ...production, orderNumber: 'OF-000001', quantity: 1, options: mugLine.options, dueDate: '2026-03-07', warehouseId: 'WH-BER', orderedAt: '2026-03-02T09:31:00.000Z' },
};
const held: ServiceEvent = {
  type: 'ReservationHeldForProduction',
  data: {
    reservationId: orderId,
    ...ref,
    purpose: 'ORDER',
    orderNumber: 'OF-000001',
    shipTo: document.shippingAddress,
    promisedBy: '2026-03-09',
    lines: [{ sku: 'MUG-CUSTOM', quantity: 1 }, { sku: 'TEA-GREEN', quantity: 3 }],
    placedAt: document.placedAt,
    productionOrders: [{ productionOrderId: 'OF-000001-P1', sku: 'MUG-CUSTOM', quantity: 1, warehouseId: 'WH-BER' }],
    heldAt: '2026-03-02T09:31:00.000Z',
  },
};
const started: ServiceEvent = { type: 'ProductionStarted', data: { ...production, startedAt: '2026-03-03T08:00:00.000Z' } };

describe('the order document of a made-to-order line', () => {
  it('given the order placed and confirmed, the line shows its options and the terms it is made on; a stock line shows none', () => {
    const doc = fold(placed, confirmed);
    expect(line(doc, 'MUG-CUSTOM')).toMatchObject({ options: { colour: 'blue', engraving: 'Ada' }, madeToOrder: terms, production: null });
    expect(line(doc, 'TEA-GREEN')).toMatchObject({ options: null, madeToOrder: null, production: null });
  });

  it('given the production order requested and started, the line shows it STARTED, due and where its units go', () => {
    const doc = fold(placed, confirmed, ordered, held, started);
    expect(line(doc, 'MUG-CUSTOM').production).toEqual({
      productionOrderId: 'OF-000001-P1',
      status: 'STARTED',
      warehouseId: 'WH-BER',
      dueDate: '2026-03-07',
      slipped: false,
      requestedAt: '2026-03-02T09:31:00.000Z',
      startedAt: '2026-03-03T08:00:00.000Z',
      completedAt: null,
      failedAt: null,
      failureReason: null,
      cancelledAt: null,
    });
    expect(line(doc, 'TEA-GREEN').production).toBeNull();
  });

  it('given a slip and then the completion, the line is COMPLETED and says it slipped', () => {
    const doc = fold(placed, confirmed, ordered, held, started, { type: 'ProductionSlipped', data: { ...production, dueDate: '2026-03-07', detectedAt: '2026-03-08T00:01:00.000Z' } }, {
      type: 'ProductionCompleted',
      data: { ...production, quantity: 1, warehouseId: 'WH-BER', completedAt: '2026-03-08T12:00:00.000Z' },
    });
    expect(line(doc, 'MUG-CUSTOM').production).toMatchObject({ status: 'COMPLETED', slipped: true, completedAt: '2026-03-08T12:00:00.000Z' });
  });

  it('given a failure, the line is FAILED with the reason', () => {
    const doc = fold(placed, confirmed, ordered, started, { type: 'ProductionFailed', data: { ...production, reason: 'kiln broke', failedAt: '2026-03-04T10:00:00.000Z' } });
    expect(line(doc, 'MUG-CUSTOM').production).toMatchObject({ status: 'FAILED', failureReason: 'kiln broke', failedAt: '2026-03-04T10:00:00.000Z' });
  });

  it('given the order cancelled after production started, the line stays CANCELLED even when the factory completes it later', () => {
    const doc = fold(placed, confirmed, ordered, started, {
      type: 'ProductionOrderCancelled',
      data: { ...production, afterStart: true, reason: 'changed my mind', cancelledAt: '2026-03-04T09:00:00.000Z' },
    }, { type: 'ProductionCompleted', data: { ...production, quantity: 1, warehouseId: 'WH-BER', completedAt: '2026-03-05T09:00:00.000Z' } });
    expect(line(doc, 'MUG-CUSTOM').production).toMatchObject({ status: 'CANCELLED', cancelledAt: '2026-03-04T09:00:00.000Z', completedAt: '2026-03-05T09:00:00.000Z' });
  });
});
