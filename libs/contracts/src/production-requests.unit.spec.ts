import { notificationFor, NotificationSchemas } from './notifications';
import { productionRequestFor, ProductionRequestSchemas } from './production-requests';

/** production.requests and the channel's production notifications, made from stored events (docs/adr/0039). */
const production = {
  productionOrderId: 'OF-000042-P1',
  orderId: '0b7e4d55-9f1c-5a2e-8d3b-2f6a1c9e4b70',
  channel: 'webshop',
  externalOrderId: 'W-1001',
  sku: 'MUG-CUSTOM',
};
const stored = (type: string, data: object, eventId = '00000000-0000-4000-8000-000000000001') => ({ eventId, type, data, recordedAt: new Date('2026-03-02T09:31:00.000Z') });
const ordered = stored('ProductionOrdered', {
  ...production,
  orderNumber: 'OF-000042',
  quantity: 2,
  options: { colour: 'blue' },
  dueDate: '2026-03-07',
  warehouseId: 'WH-BER',
  orderedAt: '2026-03-02T09:31:00.000Z',
});

describe('production requests', () => {
  it('asks the factory for a production order with what it needs, in the contract of production.requests', () => {
    const request = productionRequestFor(ordered)!;
    expect(request).toEqual({
      type: 'ProductionRequested',
      version: 1,
      messageId: expect.any(String),
      occurredAt: '2026-03-02T09:31:00.000Z',
      ...production,
      quantity: 2,
      options: { colour: 'blue' },
      dueDate: '2026-03-07',
      warehouseId: 'WH-BER',
    });
    expect(ProductionRequestSchemas.ProductionRequested.safeParse(request).success).toBe(true);
  });

  it('gives a republished event the very same message id, and another event another', () => {
    expect(productionRequestFor(ordered)!.messageId).toBe(productionRequestFor({ ...ordered })!.messageId);
    expect(productionRequestFor(stored('ProductionOrdered', ordered.data, '00000000-0000-4000-8000-000000000002'))!.messageId).not.toBe(
      productionRequestFor(ordered)!.messageId,
    );
  });

  it('withdraws a cancelled production order, and asks nothing for the factory\'s own answers', () => {
    const cancelled = productionRequestFor(stored('ProductionOrderCancelled', { ...production, afterStart: false, reason: 'changed my mind', cancelledAt: '2026-03-02T10:00:00.000Z' }))!;
    expect(cancelled).toMatchObject({ type: 'ProductionCancelled', ...production, reason: 'changed my mind' });
    expect(ProductionRequestSchemas.ProductionCancelled.safeParse(cancelled).success).toBe(true);
    expect(productionRequestFor(stored('ProductionStarted', { ...production, startedAt: '2026-03-03T08:00:00.000Z' }))).toBeUndefined();
  });

  it('tells the channel of a start, a completion and a delay as the order records them', () => {
    const ref = { orderId: production.orderId, channel: 'webshop', externalOrderId: 'W-1001', productionOrderId: 'OF-000042-P1', sku: 'MUG-CUSTOM' };
    const started = notificationFor(stored('OrderProductionStarted', { ...ref, startedAt: '2026-03-03T08:00:00.000Z' }))!;
    const completed = notificationFor(stored('OrderProductionCompleted', { ...ref, quantity: 2, completedAt: '2026-03-05T08:00:00.000Z' }))!;
    const delayed = notificationFor(stored('OrderProductionDelayed', { ...ref, dueDate: '2026-03-07', promisedBy: '2026-03-09', delayedAt: '2026-03-08T00:01:00.000Z' }))!;
    expect([started.type, completed.type, delayed.type]).toEqual(['ProductionStarted', 'ProductionCompleted', 'ProductionDelayed']);
    expect(delayed).toMatchObject({ productionOrderId: 'OF-000042-P1', dueDate: '2026-03-07', promisedBy: '2026-03-09' });
    for (const n of [started, completed, delayed]) expect(NotificationSchemas[n.type].safeParse(n).success).toBe(true);
  });
});
