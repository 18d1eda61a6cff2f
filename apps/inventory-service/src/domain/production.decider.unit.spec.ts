import { deciderSpec } from '@orderflow/decider';
import { ProductionEvent, productionDecider, ProductionRef } from './production.decider';

const spec = deciderSpec(productionDecider);
const now = new Date('2026-03-02T09:30:00.000Z');
const at = now.toISOString();
const later = new Date('2026-03-05T14:00:00.000Z');
const ref: ProductionRef = { productionOrderId: 'OF-000001-P1', orderId: '0b7e4d55-9f1c-5a2e-8d3b-2f6a1c9e4b70', channel: 'webshop', externalOrderId: 'W-1001', sku: 'MUG-CUSTOM' };
const options = { colour: 'blue', engraving: 'Ada' };

const orderProduction = {
  type: 'OrderProduction' as const,
  ref,
  orderNumber: 'OF-000001',
  quantity: 2,
  options,
  dueDate: '2026-03-07',
  warehouseId: 'WH-BER',
  now,
};
const ordered: ProductionEvent = {
  type: 'ProductionOrdered',
  data: { ...ref, orderNumber: 'OF-000001', quantity: 2, options, dueDate: '2026-03-07', warehouseId: 'WH-BER', orderedAt: at },
};
const started: ProductionEvent = { type: 'ProductionStarted', data: { ...ref, startedAt: at } };
const completed: ProductionEvent = { type: 'ProductionCompleted', data: { ...ref, quantity: 2, warehouseId: 'WH-BER', completedAt: later.toISOString() } };
const failed: ProductionEvent = { type: 'ProductionFailed', data: { ...ref, reason: 'kiln broke', failedAt: at } };
const cancelled: ProductionEvent = { type: 'ProductionOrderCancelled', data: { ...ref, afterStart: false, reason: 'changed my mind', cancelledAt: at } };
const start = { type: 'StartProduction' as const, productionOrderId: ref.productionOrderId, now };
const complete = (quantity = 2) => ({ type: 'CompleteProduction' as const, productionOrderId: ref.productionOrderId, quantity, now: later });
const fail = { type: 'FailProduction' as const, productionOrderId: ref.productionOrderId, reason: 'kiln broke', now };
const checkOn = (today: string) => ({ type: 'CheckDueDate' as const, today, now: new Date(`${today}T00:05:00.000Z`) });
const cancel = { type: 'CancelProduction' as const, reason: 'changed my mind', now };

describe('production decider', () => {
  describe('ordering', () => {
    it('orders the line from the factory with its options, due date and the warehouse to deliver to', () => {
      spec.given([]).when(orderProduction).then([ordered]);
    });

    it('orders it once however often the order is held again', () => {
      spec.given([ordered]).when(orderProduction).thenNothing();
    });
  });

  describe("the factory's answers", () => {
    it('records the start once: a repeated start changes nothing', () => {
      spec.given([ordered]).when(start).then([started]);
      spec.given([ordered, started]).when(start).thenNothing();
    });

    it('records the completion with the warehouse the units arrived at', () => {
      spec.given([ordered, started]).when(complete()).then([completed]);
    });

    it('takes a completion without a start before it: the factory made it', () => {
      spec.given([ordered]).when(complete()).then([completed]);
    });

    it('records a completion once: the same answer again changes nothing', () => {
      spec.given([ordered, started, completed]).when(complete()).thenNothing();
    });

    it('takes more units than ordered: what is over stays stock', () => {
      spec.given([ordered, started]).when(complete(3)).thenMatches([{ type: 'ProductionCompleted', data: expect.objectContaining({ quantity: 3 }) }]);
    });

    it('refuses a short run: the line cannot be filled with it', () => {
      spec.given([ordered, started]).when(complete(1)).thenRefuses('short-production', /is for 2 of MUG-CUSTOM, the factory reports 1 made/);
    });

    it('records a failure once, and refuses a completion after it', () => {
      spec.given([ordered, started]).when(fail).then([failed]);
      spec.given([ordered, started, failed]).when(fail).thenNothing();
      spec.given([ordered, started, failed]).when(complete()).thenRefuses('production-failed');
    });

    it('refuses a failure after the completion', () => {
      spec.given([ordered, started, completed]).when(fail).thenRefuses('production-completed');
    });

    it('refuses answers about a production order never requested', () => {
      spec.given([]).when(start).thenRefuses('unknown-production-order', /OF-000001-P1/);
      spec.given([]).when(complete()).thenRefuses('unknown-production-order');
      spec.given([]).when(fail).thenRefuses('unknown-production-order');
    });

    it('still records what the factory did after the order was cancelled: the units exist', () => {
      spec.given([ordered, cancelled]).when(start).then([started]);
      spec.given([ordered, cancelled, started]).when(complete()).then([completed]);
    });
  });

  describe('the due date', () => {
    it('records a slip once the due date has passed unmade, and only once', () => {
      const slipped: ProductionEvent = { type: 'ProductionSlipped', data: { ...ref, dueDate: '2026-03-07', detectedAt: '2026-03-08T00:05:00.000Z' } };
      spec.given([ordered, started]).when(checkOn('2026-03-08')).then([slipped]);
      spec.given([ordered, started, slipped]).when(checkOn('2026-03-09')).thenNothing();
    });

    it('sees no slip on the due date itself', () => {
      spec.given([ordered]).when(checkOn('2026-03-07')).thenNothing();
    });

    it('sees no slip for what was made, failed or cancelled', () => {
      spec.given([ordered, completed]).when(checkOn('2026-03-08')).thenNothing();
      spec.given([ordered, failed]).when(checkOn('2026-03-08')).thenNothing();
      spec.given([ordered, cancelled]).when(checkOn('2026-03-08')).thenNothing();
    });
  });

  describe('cancellation', () => {
    it('cancels a production order not started, telling the factory before it starts', () => {
      spec.given([ordered]).when(cancel).then([cancelled]);
    });

    it('cancels a started one too, saying it had started', () => {
      spec.given([ordered, started]).when(cancel).then([{ ...cancelled, data: { ...cancelled.data, afterStart: true } } as ProductionEvent]);
    });

    it('cancels nothing that was made, failed, cancelled or never requested', () => {
      spec.given([ordered, completed]).when(cancel).thenNothing();
      spec.given([ordered, failed]).when(cancel).thenNothing();
      spec.given([ordered, cancelled]).when(cancel).thenNothing();
      spec.given([]).when(cancel).thenNothing();
    });
  });
});
