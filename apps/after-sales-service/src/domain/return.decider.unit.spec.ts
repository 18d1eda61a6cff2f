import { deciderSpec } from '@orderflow/decider';
import { OrderFacts, RequestedReturnLine, ReturnCommand, returnDecider, ReturnEvent } from './return.decider';

const spec = deciderSpec(returnDecider);
const now = new Date('2026-03-20T10:00:00.000Z');
const at = now.toISOString();
const orderId = '0b7e4d55-9f1c-5a2e-8d3b-2f6a1c9e4b70';
const orderRef = { orderId, channel: 'webshop', externalOrderId: 'W-1001' };
const ref = { rmaNumber: 'RMA-000042', ...orderRef };
const shipTo = { line1: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115', country: 'DE' };

const order: OrderFacts = {
  currency: 'EUR',
  lines: [
    { sku: 'MUG-RED', unitPriceMinor: 1250, ordered: 2, delivered: 2, returned: 0, lastDeliveredAt: '2026-03-04T15:00:00.000Z' },
    { sku: 'TEA-GREEN', unitPriceMinor: 899, ordered: 3, delivered: 3, returned: 0, lastDeliveredAt: '2026-03-06T08:00:00.000Z' },
    { sku: 'POT-BLUE', unitPriceMinor: 4500, ordered: 1, delivered: 0, returned: 0 },
  ],
};
const withLine = (sku: string, change: Partial<OrderFacts['lines'][number]>): OrderFacts => ({
  ...order,
  lines: order.lines.map((l) => (l.sku === sku ? { ...l, ...change } : l)),
});

const request = (
  lines: RequestedReturnLine[] = [{ sku: 'MUG-RED', quantity: 1, reason: 'chipped' }],
  overrides: Partial<Extract<ReturnCommand, { type: 'RequestReturn' }>> = {},
): ReturnCommand => ({
  type: 'RequestReturn',
  ...ref,
  lines,
  resolution: 'REFUND',
  order,
  returnWindowDays: 30,
  awaitDeliveryHours: 72,
  now,
  ...overrides,
});

const authorized = (
  lines = [
    { sku: 'MUG-RED', quantity: 2, reason: 'chipped', unitPriceMinor: 1250 },
    { sku: 'TEA-GREEN', quantity: 1, reason: 'wrong flavour', unitPriceMinor: 899 },
  ],
  resolution: 'REFUND' | 'EXCHANGE' = 'REFUND',
): ReturnEvent => ({
  type: 'ReturnAuthorized',
  data: { ...ref, lines, resolution, currency: 'EUR', returnBy: '2026-04-03', authorizedAt: at },
});
const rejected: ReturnEvent = {
  type: 'ReturnRejected',
  data: { ...ref, lines: [{ sku: 'MUG-RED', quantity: 5, reason: 'chipped' }], resolution: 'REFUND', reason: 'too many', rejectedAt: at },
};
const parcel = (
  lines: { sku: string; quantity: number; condition: 'RESELLABLE' | 'DAMAGED' }[],
  overrides: Partial<Extract<ReturnCommand, { type: 'ReceiveParcel' }>> = {},
): ReturnCommand => ({ type: 'ReceiveParcel', warehouseId: 'WH-BER', lines, shipTo, exchangeLeadTimeDays: 5, now, ...overrides });
const exchangePickUp: ReturnCommand = {
  type: 'RecordExchangeShipped',
  shipmentId: 'RMA-000042-1',
  carrier: 'ParcelNet',
  trackingNumber: 'PN-77',
  shippedAt: '2026-03-22T07:00:00.000Z',
};

describe('return decider', () => {
  describe('authorisation', () => {
    it('authorises delivered quantities within the window, at the order prices, with 14 days to send the parcel', () => {
      spec
        .given([])
        .when(
          request(
            [
              { sku: 'MUG-RED', quantity: 2, reason: 'chipped' },
              { sku: 'TEA-GREEN', quantity: 1, reason: 'wrong flavour' },
            ],
            { now },
          ),
        )
        .then([authorized()]);
    });

    it('still authorises on the last day of the window', () => {
      const lastDay = new Date('2026-04-03T23:59:00.000Z');
      spec
        .given([])
        .when(request(undefined, { now: lastDay }))
        .thenMatches([{ type: 'ReturnAuthorized', data: expect.objectContaining({ returnBy: '2026-04-17' }) }]);
    });

    it('keeps the resolution the customer asked for', () => {
      const [event] = spec.given([]).when(request(undefined, { resolution: 'EXCHANGE' })).events();
      expect(event).toMatchObject({ type: 'ReturnAuthorized', data: { resolution: 'EXCHANGE' } });
    });

    it('rejects a return for an order it does not know at once when no wait for deliveries is configured', () => {
      spec
        .given([])
        .when(request(undefined, { order: undefined, awaitDeliveryHours: 0 }))
        .thenMatches([
          {
            type: 'ReturnRejected',
            data: expect.objectContaining({ ...ref, reason: 'order W-1001 of channel "webshop" is unknown', rejectedAt: at }),
          },
        ]);
    });

    it('rejects an SKU that is not part of the order', () => {
      const [event] = spec.given([]).when(request([{ sku: 'LAMP', quantity: 1, reason: 'broken' }])).events();
      expect(event).toMatchObject({ type: 'ReturnRejected', data: { reason: 'SKU LAMP is not part of order W-1001' } });
    });

    it('rejects an SKU that has not been delivered at once when no wait for deliveries is configured', () => {
      const [event] = spec
        .given([])
        .when(request([{ sku: 'POT-BLUE', quantity: 1, reason: 'changed my mind' }], { awaitDeliveryHours: 0 }))
        .events();
      expect(event).toMatchObject({ type: 'ReturnRejected', data: { reason: 'SKU POT-BLUE has not been delivered' } });
    });

    it('rejects more than was delivered and not already returned, saying how many remain', () => {
      const [event] = spec
        .given([])
        .when(request([{ sku: 'MUG-RED', quantity: 2, reason: 'chipped' }], { order: withLine('MUG-RED', { returned: 1 }) }))
        .events();
      expect(event).toMatchObject({
        type: 'ReturnRejected',
        data: { reason: 'SKU MUG-RED: 2 requested but only 1 can still be returned (2 delivered, 1 already returned)' },
      });
    });

    it('counts every line of the same SKU together', () => {
      const [event] = spec
        .given([])
        .when(
          request([
            { sku: 'MUG-RED', quantity: 2, reason: 'chipped' },
            { sku: 'MUG-RED', quantity: 1, reason: 'wrong colour' },
          ]),
        )
        .events();
      expect(event).toMatchObject({ type: 'ReturnRejected', data: { reason: expect.stringContaining('3 requested but only 2') } });
    });

    it('rejects a request after the return window of the SKU, naming the day it ended', () => {
      const late = new Date('2026-04-04T00:30:00.000Z');
      const [event] = spec.given([]).when(request(undefined, { now: late })).events();
      expect(event).toMatchObject({
        type: 'ReturnRejected',
        data: { reason: 'the return window of 30 days for SKU MUG-RED ended on 2026-04-03', rejectedAt: late.toISOString() },
      });
    });

    it('measures the window from the last delivery of the SKU, with the configured length', () => {
      const tea = [{ sku: 'TEA-GREEN', quantity: 1, reason: 'stale' }];
      const [lastDay] = spec.given([]).when(request(tea, { returnWindowDays: 14 })).events();
      expect(lastDay.type).toBe('ReturnAuthorized');
      const [dayAfter] = spec.given([]).when(request(tea, { returnWindowDays: 13 })).events();
      expect(dayAfter).toMatchObject({
        type: 'ReturnRejected',
        data: { reason: 'the return window of 13 days for SKU TEA-GREEN ended on 2026-03-19' },
      });
    });

    it('rejects the whole request when any line fails, giving every reason', () => {
      const lines = [
        { sku: 'MUG-RED', quantity: 1, reason: 'chipped' },
        { sku: 'LAMP', quantity: 1, reason: 'broken' },
        { sku: 'TEA-GREEN', quantity: 4, reason: 'stale' },
      ];
      spec
        .given([])
        .when(request(lines))
        .then([
          {
            type: 'ReturnRejected',
            data: {
              ...ref,
              lines,
              resolution: 'REFUND',
              reason:
                'SKU LAMP is not part of order W-1001; SKU TEA-GREEN: 4 requested but only 3 can still be returned (3 delivered, 0 already returned)',
              rejectedAt: at,
            },
          },
        ]);
    });

    it('decides an RMA only once', () => {
      spec.given([authorized()]).when(request()).thenNothing();
      spec.given([rejected]).when(request()).thenNothing();
    });
  });

  describe('a return requested before its delivery was seen', () => {
    const pot = [{ sku: 'POT-BLUE', quantity: 1, reason: 'changed my mind' }];
    const awaiting: ReturnEvent = {
      type: 'ReturnAwaitingDelivery',
      data: {
        ...ref,
        lines: pot,
        resolution: 'REFUND',
        awaiting: ['SKU POT-BLUE has not been delivered'],
        awaitDeliveryUntil: '2026-03-23T10:00:00.000Z',
        requestedAt: at,
      },
    };
    const potDelivered = withLine('POT-BLUE', { delivered: 1, lastDeliveredAt: '2026-03-20T11:00:00.000Z' });
    const redecide = (facts: OrderFacts | undefined, when: Date): ReturnCommand => ({
      type: 'RedecideReturn',
      order: facts,
      returnWindowDays: 30,
      now: when,
    });
    const later = new Date('2026-03-20T12:00:00.000Z');

    it('waits for the delivery, for the configured hours, instead of rejecting', () => {
      spec.given([]).when(request(pot)).then([awaiting]);
      expect(spec.stateAfter([awaiting]).status).toBe('AWAITING_DELIVERY');
    });

    it('waits while part of what is asked for is still to be delivered', () => {
      const [event] = spec
        .given([])
        .when(request([{ sku: 'MUG-RED', quantity: 2, reason: 'chipped' }], { order: withLine('MUG-RED', { delivered: 1 }) }))
        .events();
      expect(event).toMatchObject({
        type: 'ReturnAwaitingDelivery',
        data: { awaiting: ['SKU MUG-RED: 2 requested but only 1 delivered so far'] },
      });
    });

    it('waits for an order whose confirmation has not arrived either', () => {
      const [event] = spec.given([]).when(request(pot, { order: undefined })).events();
      expect(event).toMatchObject({ type: 'ReturnAwaitingDelivery', data: { awaiting: ['order W-1001 of channel "webshop" is unknown'] } });
    });

    it('does not wait when something no delivery can change is wrong too, and gives every reason', () => {
      const [event] = spec.given([]).when(request([...pot, { sku: 'LAMP', quantity: 1, reason: 'broken' }])).events();
      expect(event).toMatchObject({
        type: 'ReturnRejected',
        data: { reason: 'SKU POT-BLUE has not been delivered; SKU LAMP is not part of order W-1001' },
      });
      const [tooMany] = spec.given([]).when(request([{ sku: 'POT-BLUE', quantity: 2, reason: 'x' }])).events();
      expect(tooMany).toMatchObject({ type: 'ReturnRejected', data: { reason: expect.stringContaining('POT-BLUE: 2 requested but only 1 can still be returned') } });
    });

    it('is authorised once the delivery arrives, at the order prices, with the parcel due 14 days after the authorisation', () => {
      spec
        .given([awaiting])
        .when(redecide(potDelivered, later))
        .then([
          {
            type: 'ReturnAuthorized',
            data: {
              ...ref,
              lines: [{ sku: 'POT-BLUE', quantity: 1, reason: 'changed my mind', unitPriceMinor: 4500 }],
              resolution: 'REFUND',
              currency: 'EUR',
              returnBy: '2026-04-03',
              authorizedAt: later.toISOString(),
            },
          },
        ]);
    });

    it('measures the return window as of the request, not the decision', () => {
      // Delivered on 19 Feb: the window ends on 21 Mar. Asked on 20 Mar, decided on 22 Mar: within it.
      const inTime = withLine('POT-BLUE', { delivered: 1, lastDeliveredAt: '2026-02-19T08:00:00.000Z' });
      const [authorisedLate] = spec.given([awaiting]).when(redecide(inTime, new Date('2026-03-22T08:00:00.000Z'))).events();
      expect(authorisedLate.type).toBe('ReturnAuthorized');
      const tooLate = withLine('POT-BLUE', { delivered: 1, lastDeliveredAt: '2026-02-17T08:00:00.000Z' });
      const [event] = spec.given([awaiting]).when(redecide(tooLate, later)).events();
      expect(event).toMatchObject({ type: 'ReturnRejected', data: { reason: 'the return window of 30 days for SKU POT-BLUE ended on 2026-03-19' } });
    });

    it('keeps waiting while nothing arrived and the wait lasts, then rejects, saying how long it waited', () => {
      spec.given([awaiting]).when(redecide(order, later)).thenNothing();
      spec.given([awaiting]).when(redecide(order, new Date('2026-03-23T09:59:59.999Z'))).thenNothing();
      spec
        .given([awaiting])
        .when(redecide(order, new Date('2026-03-23T10:00:00.000Z')))
        .then([
          {
            type: 'ReturnRejected',
            data: {
              ...ref,
              lines: pot,
              resolution: 'REFUND',
              reason: 'SKU POT-BLUE has not been delivered (no delivery arrived by 2026-03-23T10:00:00.000Z)',
              rejectedAt: '2026-03-23T10:00:00.000Z',
            },
          },
        ]);
    });

    it('is authorised when the delivery arrives even after the wait ran out, as long as it was not rejected yet', () => {
      const [event] = spec.given([awaiting]).when(redecide(potDelivered, new Date('2026-03-24T08:00:00.000Z'))).events();
      expect(event.type).toBe('ReturnAuthorized');
    });

    it('is decided once: nothing for a return already authorised or rejected, nor a second request of the same RMA', () => {
      const decided = spec.given([awaiting]).when(redecide(potDelivered, later)).events();
      spec.given([awaiting, ...decided]).when(redecide(potDelivered, later)).thenNothing();
      spec.given([awaiting]).when(request(pot)).thenNothing();
      spec.given([authorized()]).when(redecide(potDelivered, later)).thenNothing();
      spec.given([]).when(redecide(potDelivered, later)).thenNothing();
    });

    it('refuses a parcel while it waits', () => {
      spec.given([awaiting]).when(parcel([{ sku: 'POT-BLUE', quantity: 1, condition: 'RESELLABLE' }])).thenRefuses('return-not-awaiting-parcel', /AWAITING_DELIVERY/);
    });
  });

  describe('parcel received', () => {
    it('refunds the value of the received lines, damaged items included', () => {
      spec
        .given([authorized()])
        .when(
          parcel([
            { sku: 'MUG-RED', quantity: 1, condition: 'RESELLABLE' },
            { sku: 'MUG-RED', quantity: 1, condition: 'DAMAGED' },
          ]),
        )
        .then([
          {
            type: 'ReturnReceived',
            data: {
              ...ref,
              warehouseId: 'WH-BER',
              lines: [
                { sku: 'MUG-RED', quantity: 1, condition: 'RESELLABLE' },
                { sku: 'MUG-RED', quantity: 1, condition: 'DAMAGED' },
              ],
              receivedAt: at,
            },
          },
          { type: 'RefundIssued', data: { ...orderRef, rmaNumber: 'RMA-000042', amountMinor: 2500, currency: 'EUR', reason: 'RETURN', issuedAt: at } },
        ]);
    });

    it('counts no more than was authorised per SKU and ignores SKUs the RMA does not name', () => {
      const [received, refund] = spec
        .given([authorized()])
        .when(
          parcel([
            { sku: 'TEA-GREEN', quantity: 3, condition: 'RESELLABLE' },
            { sku: 'LAMP', quantity: 1, condition: 'RESELLABLE' },
            { sku: 'MUG-RED', quantity: 1, condition: 'DAMAGED' },
          ]),
        )
        .events();
      expect(received.data).toMatchObject({
        lines: [
          { sku: 'TEA-GREEN', quantity: 1, condition: 'RESELLABLE' },
          { sku: 'MUG-RED', quantity: 1, condition: 'DAMAGED' },
        ],
      });
      expect(refund).toMatchObject({ type: 'RefundIssued', data: { amountMinor: 899 + 1250 } });
    });

    it('requests a replacement of the received quantities for an exchange, to the order address', () => {
      const lines = [{ sku: 'MUG-RED', quantity: 2, reason: 'wrong colour', unitPriceMinor: 1250 }];
      spec
        .given([authorized(lines, 'EXCHANGE')])
        .when(
          parcel([
            { sku: 'MUG-RED', quantity: 1, condition: 'RESELLABLE' },
            { sku: 'MUG-RED', quantity: 3, condition: 'DAMAGED' },
          ]),
        )
        .thenMatches([
          { type: 'ReturnReceived' },
          {
            type: 'ExchangeReplacementRequested',
            data: { ...ref, lines: [{ sku: 'MUG-RED', quantity: 2 }], shipTo, promisedBy: '2026-03-25', requestedAt: at },
          },
        ]);
    });

    it('refuses an exchange when the order address is unknown', () => {
      spec.given([authorized(undefined, 'EXCHANGE')]).when(parcel([{ sku: 'MUG-RED', quantity: 1, condition: 'RESELLABLE' }], { shipTo: undefined })).thenRefuses('unknown-order');
    });

    it('refuses a parcel holding none of the authorised SKUs', () => {
      spec
        .given([authorized()])
        .when(parcel([{ sku: 'LAMP', quantity: 1, condition: 'RESELLABLE' }]))
        .thenRefuses('nothing-authorised-in-parcel', /RMA-000042.*MUG-RED, TEA-GREEN/);
    });

    it('refuses a parcel for an RMA that was never authorised, was rejected or was already received', () => {
      const mug = [{ sku: 'MUG-RED', quantity: 1, condition: 'RESELLABLE' as const }];
      spec.given([]).when(parcel(mug)).thenRefuses('unknown-rma');
      spec.given([rejected]).when(parcel(mug)).thenRefuses('return-not-awaiting-parcel', /REJECTED/);
      const firstParcel = spec.given([authorized()]).when(parcel(mug)).events();
      spec
        .given([authorized(), ...firstParcel])
        .when(parcel(mug))
        .thenRefuses('return-not-awaiting-parcel', /RMA-000042 is not waiting for a parcel \(it is REFUNDED\)/);
    });
  });

  describe('exchange shipped', () => {
    const lines = [{ sku: 'MUG-RED', quantity: 1, reason: 'wrong colour', unitPriceMinor: 1250 }];
    const exchangePending = () => {
      const events = spec.given([authorized(lines, 'EXCHANGE')]).when(parcel([{ sku: 'MUG-RED', quantity: 1, condition: 'RESELLABLE' }])).events();
      return [authorized(lines, 'EXCHANGE'), ...events];
    };

    it('tells the customer when the replacement is picked up', () => {
      spec
        .given(exchangePending())
        .when(exchangePickUp)
        .then([
          {
            type: 'ExchangeShipped',
            data: { ...ref, shipmentId: 'RMA-000042-1', carrier: 'ParcelNet', trackingNumber: 'PN-77', shippedAt: '2026-03-22T07:00:00.000Z' },
          },
        ]);
    });

    it('records the exchange as shipped only once', () => {
      const shipped = spec.given(exchangePending()).when(exchangePickUp).events();
      spec
        .given([...exchangePending(), ...shipped])
        .when({ ...exchangePickUp, shipmentId: 'RMA-000042-2' })
        .thenNothing();
      expect(spec.stateAfter([...exchangePending(), ...shipped]).status).toBe('EXCHANGED');
    });

    it('refuses a replacement pick-up for an unknown RMA or one with no replacement waiting', () => {
      spec.given([]).when(exchangePickUp).thenRefuses('unknown-rma');
      spec.given([authorized(lines, 'EXCHANGE')]).when(exchangePickUp).thenRefuses('no-exchange-pending', /AUTHORIZED/);
    });
  });

  it('moves through the return statuses', () => {
    const events = spec.given([authorized()]).when(parcel([{ sku: 'MUG-RED', quantity: 1, condition: 'RESELLABLE' }])).events();
    expect(spec.stateAfter([authorized()]).status).toBe('AUTHORIZED');
    expect(spec.stateAfter([rejected]).status).toBe('REJECTED');
    expect(spec.stateAfter([authorized(), events[0]]).status).toBe('RECEIVED');
    expect(spec.stateAfter([authorized(), ...events]).status).toBe('REFUNDED');
  });
});
