import { OrderEvent, PaymentMode } from '@orderflow/contracts';
import { ChangeCatalog, changeAuthorizationId, ChangeRequest, changeRefundId } from './order-changes';
import { OrderCommand, orderDecider, OrderState } from './order.decider';

const now = new Date('2026-03-02T09:30:00.000Z');
const at = now.toISOString();
const orderId = '0b7e4d55-9f1c-5a2e-8d3b-2f6a1c9e4b70';
const ref = { orderId, channel: 'webshop', externalOrderId: 'W-1001' };
const berlin = { line1: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115', country: 'DE', region: 'BE' };
const hamburg = { line1: 'Jungfernstieg 7', city: 'Hamburg', postalCode: '20354', country: 'DE', region: 'HH' };
const lines = [
  { sku: 'MUG', quantity: 2, unitPriceMinor: 1250 },
  { sku: 'TEA', quantity: 1, unitPriceMinor: 899 },
];
const catalog: ChangeCatalog = { knownSkus: new Set(['MUG', 'TEA', 'PLATE']), prices: new Map([['PLATE', 2400]]), priceCheck: 'reject', authorizationTimeoutMinutes: 30 };

function confirmedAs(mode: PaymentMode): OrderEvent[] {
  const document = { ...ref, orderNumber: 'OF-000001', customer: { id: 'C-7', name: 'Ada', email: 'ada@example.com' }, shippingAddress: berlin, lines, currency: 'EUR', totalMinor: 3399, placedAt: at };
  const events: OrderEvent[] = [
    { type: 'OrderPlaced', data: { ...document, status: 'PLACED' } },
    { type: 'OrderConfirmed', data: { ...document, confirmedAt: at, estimatedDeliveryDate: '2026-03-04', paymentMode: mode, status: 'CONFIRMED' } },
  ];
  if (mode === 'prepaid') {
    events.push({ type: 'OrderPaymentCaptured', data: { ...ref, paymentId: 'checkout', amountMinor: 3399, currency: 'EUR', providerReference: 'c', source: 'CHANNEL', capturedAt: at } });
  }
  if (mode === 'authorize-capture') {
    events.push(
      { type: 'OrderPaymentAuthorizationRequested', data: { ...ref, paymentId: 'auth', amountMinor: 3399, currency: 'EUR', authorizeBy: at, requestedAt: at } },
      { type: 'OrderPaymentAuthorized', data: { ...ref, paymentId: 'auth', amountMinor: 3399, currency: 'EUR', providerReference: 'p', source: 'PROVIDER', authorizedAt: at } },
    );
  }
  events.push({
    type: 'OrderAllocated',
    data: {
      ...ref,
      shipments: [
        { shipmentId: 'OF-000001-1', warehouseId: 'WH-BER', lines: [{ sku: 'MUG', quantity: 2 }] },
        { shipmentId: 'OF-000001-2', warehouseId: 'WH-LYO', lines: [{ sku: 'TEA', quantity: 1 }] },
      ],
      allocatedAt: at,
      status: 'ALLOCATED',
    },
  });
  return events;
}

const fold = (events: readonly OrderEvent[]): OrderState => events.reduce(orderDecider.evolve, orderDecider.initialState());
const decide = (state: OrderState, command: OrderCommand) => orderDecider.decide(command, state);
const change = (c: Partial<ChangeRequest>): OrderCommand => ({ type: 'ChangeOrder', change: { changeId: 'chg-1', ...c }, catalog, now });
const pickUp = (shipmentId: string, sku: string, quantity: number, lines = [{ sku, quantity }]): OrderCommand => ({
  type: 'RecordPickUp',
  shipmentId,
  warehouseId: 'WH',
  carrier: 'ParcelNet',
  trackingNumber: `T-${shipmentId}`,
  lines,
  now,
});
const apply = (state: OrderState, events: OrderEvent[]) => events.reduce(orderDecider.evolve, state);

describe('order changes (docs/adr/0034)', () => {
  it('applies an address and quantity change before pick-up: the order as it now is, and a prepaid difference taken at the checkout', () => {
    const events = decide(fold(confirmedAs('prepaid')), change({ customerId: 'C-7', shippingAddress: hamburg, lines: [{ sku: 'MUG', quantity: 3 }] }));
    expect(events.map((e) => e.type)).toEqual(['OrderChanged', 'OrderPaymentCaptured']);
    expect(events[0].data).toMatchObject({
      changeId: 'chg-1',
      shippingAddress: hamburg,
      lines: [{ sku: 'MUG', quantity: 3, unitPriceMinor: 1250 }, { sku: 'TEA', quantity: 1, unitPriceMinor: 899 }],
      totalMinor: 4649,
      previousTotalMinor: 3399,
      changed: { shippingAddress: true, skus: ['MUG'] },
      replannedShipments: ['OF-000001-1', 'OF-000001-2'],
    });
    expect(events[1].data).toMatchObject({ amountMinor: 1250, source: 'CHANNEL' });
  });

  it('decides the same change once', () => {
    const state = fold(confirmedAs('prepaid'));
    const first = decide(state, change({ lines: [{ sku: 'MUG', quantity: 1 }] }));
    expect(decide(apply(state, first), change({ lines: [{ sku: 'MUG', quantity: 1 }] }))).toEqual([]);
  });

  it('refunds what a prepaid order paid beyond its lowered total, once, as ORDER_CHANGE', () => {
    const events = decide(fold(confirmedAs('prepaid')), change({ lines: [{ sku: 'TEA', quantity: 0 }] }));
    expect(events.map((e) => e.type)).toEqual(['OrderChanged', 'OrderRefundRequested']);
    expect(events[1].data).toMatchObject({ refundId: changeRefundId('chg-1'), reason: 'ORDER_CHANGE', amountMinor: 899, paymentId: 'checkout' });
  });

  it('refuses a change of a line whose shipment was picked up, naming it; a line in another shipment may still change', () => {
    let state = fold(confirmedAs('prepaid'));
    state = apply(state, decide(state, pickUp('OF-000001-1', 'MUG', 2)));
    const refused = decide(state, change({ lines: [{ sku: 'MUG', quantity: 1 }] }));
    expect(refused).toEqual([
      {
        type: 'OrderChangeRejected',
        data: { ...ref, changeId: 'chg-1', shipmentId: 'OF-000001-1', reason: 'shipment OF-000001-1 has already been picked up by ParcelNet; SKU MUG can no longer change', rejectedAt: at },
      },
    ]);
    expect(decide(state, change({ changeId: 'chg-2', shippingAddress: hamburg, customerId: 'C-7' }))[0]).toMatchObject({ type: 'OrderChangeRejected', data: { shipmentId: 'OF-000001-1' } });
    const other = decide(state, change({ changeId: 'chg-3', lines: [{ sku: 'TEA', quantity: 2 }] }));
    expect(other[0]).toMatchObject({ type: 'OrderChanged', data: { replannedShipments: ['OF-000001-2'], totalMinor: 4298 } });
  });

  it.each([
    [{ lines: [{ sku: 'MUG', quantity: 0 }, { sku: 'TEA', quantity: 0 }] }, 'the change removes every line; cancel the order instead'],
    [{ lines: [{ sku: 'PLATE', quantity: 1 }] }, 'SKU PLATE is a new line: expected its unitPriceMinor'],
    [{ lines: [{ sku: 'SPOON', quantity: 1, unitPriceMinor: 100 }] }, 'SKU SPOON is not stocked by any warehouse'],
    [{ lines: [{ sku: 'PLATE', quantity: 1, unitPriceMinor: 2000 }] }, 'line 1 (SKU PLATE): price 2000 EUR differs from the catalogue price 2400 EUR'],
    [{ lines: [{ sku: 'MUG', quantity: 2 }] }, 'the change changes nothing: every line keeps its quantity'],
    [{ lines: [{ sku: 'MUG', quantity: 3, unitPriceMinor: 1000 }] }, "SKU MUG: a line's price does not change (1250, not 1000)"],
    [{ customerId: 'C-8', shippingAddress: hamburg }, "customerId C-8 is not the order's customer"],
  ])('refuses %j: %s', (c, reason) => {
    expect(decide(fold(confirmedAs('prepaid')), change(c))).toEqual([{ type: 'OrderChangeRejected', data: { ...ref, changeId: 'chg-1', reason, rejectedAt: at } }]);
  });

  it('lets an authorize-capture increase wait for the difference, applies it once authorised, and captures across both payments', () => {
    let state = fold(confirmedAs('authorize-capture'));
    const waiting = decide(state, change({ lines: [{ sku: 'PLATE', quantity: 1, unitPriceMinor: 2400 }] }));
    const paymentId = changeAuthorizationId(orderId, 'chg-1');
    expect(waiting.map((e) => e.type)).toEqual(['OrderChangeAwaitingPayment', 'OrderPaymentAuthorizationRequested']);
    expect(waiting[1].data).toMatchObject({ paymentId, amountMinor: 2400, changeId: 'chg-1' });
    state = apply(state, waiting);
    expect(decide(state, change({ changeId: 'chg-2', lines: [{ sku: 'MUG', quantity: 1 }] }))[0]).toMatchObject({ type: 'OrderChangeRejected' });

    const authorized = decide(state, {
      type: 'RecordAuthorization',
      answer: { outcome: 'AUTHORIZED', paymentId, amountMinor: 2400, currency: 'EUR', providerReference: 'p2', at },
    });
    expect(authorized.map((e) => e.type)).toEqual(['OrderPaymentAuthorized', 'OrderChanged']);
    expect(authorized[1].data).toMatchObject({ totalMinor: 5799 });
    state = apply(state, authorized);
    // The order's own authorisation is untouched: captures take from it first, then from the change's.
    expect(state.money.authorization).toMatchObject({ paymentId: 'auth', status: 'AUTHORIZED' });
    state = apply(state, [
      {
        type: 'OrderAllocated',
        data: {
          ...ref,
          shipments: [{ shipmentId: 'OF-000001-3', warehouseId: 'WH-BER', lines: [{ sku: 'MUG', quantity: 2 }, { sku: 'TEA', quantity: 1 }, { sku: 'PLATE', quantity: 1 }] }],
          changeId: 'chg-1',
          replacedShipments: ['OF-000001-1', 'OF-000001-2'],
          allocatedAt: at,
          status: 'ALLOCATED',
        },
      },
    ]);
    const shipped = decide(state, pickUp('OF-000001-3', 'MUG', 2, [{ sku: 'MUG', quantity: 2 }, { sku: 'TEA', quantity: 1 }, { sku: 'PLATE', quantity: 1 }]));
    const captures = shipped.filter((e) => e.type === 'OrderPaymentCaptureRequested').map((e) => e.data);
    expect(captures).toEqual([expect.objectContaining({ paymentId: 'auth', amountMinor: 3399 }), expect.objectContaining({ paymentId, amountMinor: 2400 })]);
    // A replaced shipment picked up anyway is an operator's case, not the order's shipment.
    expect(decide(state, pickUp('OF-000001-1', 'MUG', 2)).map((e) => e.type)).toEqual(['OrderShippedAfterChange']);
  });

  it("refuses the change when its difference is declined, and the order's authorisation stays", () => {
    let state = fold(confirmedAs('authorize-capture'));
    state = apply(state, decide(state, change({ lines: [{ sku: 'MUG', quantity: 5 }] })));
    const paymentId = changeAuthorizationId(orderId, 'chg-1');
    const declined = decide(state, { type: 'RecordAuthorization', answer: { outcome: 'DECLINED', paymentId, reason: 'insufficient funds', at } });
    expect(declined.map((e) => e.type)).toEqual(['OrderPaymentAuthorizationFailed', 'OrderChangeRejected']);
    state = apply(state, declined);
    expect(state.money.authorization).toMatchObject({ paymentId: 'auth', status: 'AUTHORIZED' });
    expect(state.pendingChange).toBeUndefined();
    expect(state.status).toBe('ALLOCATED');
  });

  it('lowers an invoice without any payment step', () => {
    expect(decide(fold(confirmedAs('invoice')), change({ lines: [{ sku: 'MUG', quantity: 1 }] })).map((e) => e.type)).toEqual(['OrderChanged']);
  });
});
