import { OrderEvent, PaymentMode } from '@orderflow/contracts';
import { deciderSpec } from '@orderflow/decider';
import { ProductTerms } from './line-options';
import { ChangeCatalog } from './order-changes';
import { OrderCatalog, OrderCommand, orderDecider, Submission } from './order.decider';
import { ProductionReport } from './order-production';

/** Made-to-order lines and their production (docs/adr/0039). */
const spec = deciderSpec(orderDecider);
const now = new Date('2026-03-02T09:30:00.000Z');
const at = now.toISOString();
const orderId = '0b7e4d55-9f1c-5a2e-8d3b-2f6a1c9e4b70';
const ref = { orderId, channel: 'webshop', externalOrderId: 'W-1001' };

const MUG: ProductTerms = {
  madeToOrder: {
    productionLeadTimeDays: 5,
    cancellationAfterStart: 'charge',
    options: { colour: { values: ['red', 'blue'], required: true }, engraving: { maxLength: 12 } },
  },
};
const PLATE: ProductTerms = { madeToOrder: { productionLeadTimeDays: 9, cancellationAfterStart: 'refuse' } };
const SCARF: ProductTerms = { options: { size: { values: ['S', 'M', 'L'], required: true } } };

const submission: Submission = {
  channel: 'webshop',
  externalOrderId: 'W-1001',
  customer: { id: 'C-7', name: 'Ada Lovelace', email: 'ada@example.com' },
  shippingAddress: { line1: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115', country: 'DE', region: 'BE' },
  lines: [
    { sku: 'MUG-CUSTOM', quantity: 2, unitPriceMinor: 2000, options: { colour: 'blue', engraving: 'For Ada' } },
    { sku: 'TEA-GREEN', quantity: 1, unitPriceMinor: 899 },
  ],
  currency: 'EUR',
};
const catalog = (paymentMode: PaymentMode = 'prepaid', products: [string, ProductTerms][] = [['MUG-CUSTOM', MUG]]): OrderCatalog => ({
  channel: { currencies: ['EUR'], paymentMode, priceCheck: 'off', authorizationTimeoutMinutes: 30 },
  // Only the tea was ever stocked: the mug is made for the order.
  knownSkus: new Set(['TEA-GREEN']),
  leadTimeDays: 2,
  prices: new Map(),
  products: new Map(products),
});
const place = (lines = submission.lines, paymentMode: PaymentMode = 'prepaid', products?: [string, ProductTerms][]) => ({
  type: 'PlaceOrder' as const,
  orderId,
  orderNumber: 'OF-000001',
  submission: { ...submission, lines },
  catalog: catalog(paymentMode, products),
  now,
});

const mugTerms = { productionLeadTimeDays: 5, cancellationAfterStart: 'charge' as const, dueDate: '2026-03-07' };
const placedAndConfirmed = (paymentMode: PaymentMode = 'prepaid') => spec.given([]).when(place(submission.lines, paymentMode)).events();
const report = (r: Partial<ProductionReport> & { outcome: ProductionReport['outcome'] }): OrderCommand => ({
  type: 'RecordProduction',
  report: { productionOrderId: 'OF-000001-P1', sku: 'MUG-CUSTOM', at, quantity: 2, dueDate: '2026-03-07', reason: 'kiln broke', ...r } as unknown as ProductionReport,
});
const started: OrderEvent = { type: 'OrderProductionStarted', data: { ...ref, productionOrderId: 'OF-000001-P1', sku: 'MUG-CUSTOM', startedAt: at } };
const cancel: OrderCommand = { type: 'CancelOrder', reason: 'changed my mind', now };

describe('order decider: made-to-order lines', () => {
  describe('confirmation', () => {
    it('confirms a made-to-order line no warehouse stocks, with its terms and the day the factory has until', () => {
      const [placed, confirmed] = placedAndConfirmed();
      expect(placed).toMatchObject({ type: 'OrderPlaced', data: { lines: submission.lines } });
      expect(confirmed).toMatchObject({
        type: 'OrderConfirmed',
        data: {
          lines: [
            { sku: 'MUG-CUSTOM', quantity: 2, unitPriceMinor: 2000, options: { colour: 'blue', engraving: 'For Ada' }, madeToOrder: mugTerms },
            { sku: 'TEA-GREEN', quantity: 1, unitPriceMinor: 899 },
          ],
        },
      });
      expect((confirmed.data as { lines: object[] }).lines[1]).not.toHaveProperty('madeToOrder');
    });

    it('promises today + the delivery lead time + the longest production lead time', () => {
      const [, confirmed] = placedAndConfirmed();
      expect(confirmed).toMatchObject({ data: { estimatedDeliveryDate: '2026-03-09' } }); // 2 + 5 days
      const lines = [...submission.lines, { sku: 'PLATE-CUSTOM', quantity: 1, unitPriceMinor: 3000 }];
      const both = spec.given([]).when(place(lines, 'prepaid', [['MUG-CUSTOM', MUG], ['PLATE-CUSTOM', PLATE]])).events();
      expect(both[1]).toMatchObject({ type: 'OrderConfirmed', data: { estimatedDeliveryDate: '2026-03-13' } }); // 2 + 9 days
    });

    it('keeps the plain promise for an order without made-to-order lines', () => {
      const events = spec.given([]).when(place([submission.lines[1]])).events();
      expect(events[1]).toMatchObject({ type: 'OrderConfirmed', data: { estimatedDeliveryDate: '2026-03-04' } });
    });
  });

  describe('options', () => {
    const rejectedWith = (lines: Submission['lines'], reasons: string[], products?: [string, ProductTerms][]) =>
      spec
        .given([])
        .when(place(lines, 'prepaid', products))
        .thenMatches([{ type: 'OrderPlaced' }, { type: 'OrderRejected', data: expect.objectContaining({ reasons }) }]);
    const mug = (options: Record<string, string> | undefined) => ({ sku: 'MUG-CUSTOM', quantity: 1, unitPriceMinor: 2000, ...(options ? { options } : {}) });

    it('refuses an option the product does not offer, naming the line and the option', () => {
      rejectedWith([submission.lines[1], mug({ colour: 'red', glaze: 'matt' })], ['line 2 (SKU MUG-CUSTOM): option "glaze" is not offered (it offers colour, engraving)']);
    });

    it('refuses a value outside the list, and text over its length', () => {
      rejectedWith([mug({ colour: 'purple', engraving: 'Happy birthday Ada' })], [
        'line 1 (SKU MUG-CUSTOM): option "colour" is "purple", expected one of red, blue',
        'line 1 (SKU MUG-CUSTOM): option "engraving" is 18 characters, expected at most 12',
      ]);
    });

    it('refuses a line that leaves out a required option, and takes one that leaves out an optional one', () => {
      rejectedWith([mug({ engraving: 'Ada' })], ['line 1 (SKU MUG-CUSTOM): option "colour" is required']);
      spec.given([]).when(place([mug({ colour: 'red' })])).thenMatches([{ type: 'OrderPlaced' }, { type: 'OrderConfirmed' }, { type: 'OrderPaymentCaptured' }]);
    });

    it('refuses options on a product that has none, and checks a plain product against its own options', () => {
      rejectedWith([{ ...submission.lines[1], options: { size: 'M' } }], ['line 1 (SKU TEA-GREEN): option "size" is not offered (it has no options)']);
      const scarf = { sku: 'SCARF', quantity: 1, unitPriceMinor: 1500 };
      rejectedWith([scarf], ['SKU SCARF is not stocked by any warehouse', 'line 1 (SKU SCARF): option "size" is required'], [['SCARF', SCARF]]);
    });
  });

  describe('production reports', () => {
    it('records the start, the completion and the first delay once each', () => {
      const given = placedAndConfirmed();
      spec.given(given).when(report({ outcome: 'STARTED' })).then([started]);
      spec.given([...given, started]).when(report({ outcome: 'STARTED' })).thenNothing();
      spec
        .given([...given, started])
        .when(report({ outcome: 'COMPLETED' }))
        .then([{ type: 'OrderProductionCompleted', data: { ...ref, productionOrderId: 'OF-000001-P1', sku: 'MUG-CUSTOM', quantity: 2, completedAt: at } }]);
      const delayed: OrderEvent = {
        type: 'OrderProductionDelayed',
        data: { ...ref, productionOrderId: 'OF-000001-P1', sku: 'MUG-CUSTOM', dueDate: '2026-03-07', promisedBy: '2026-03-09', delayedAt: at },
      };
      spec.given([...given, started]).when(report({ outcome: 'DELAYED' })).then([delayed]);
      spec.given([...given, started, delayed]).when(report({ outcome: 'DELAYED' })).thenNothing();
    });

    it('cancels the order with a full refund when production fails: nothing of it has shipped', () => {
      spec
        .given(placedAndConfirmed())
        .when(report({ outcome: 'FAILED' }))
        .thenMatches([
          { type: 'OrderProductionFailed', data: { ...ref, productionOrderId: 'OF-000001-P1', sku: 'MUG-CUSTOM', reason: 'kiln broke', failedAt: at } },
          { type: 'OrderCancelled', data: { ...ref, reason: 'production of SKU MUG-CUSTOM failed: kiln broke', cancelledAt: at, status: 'CANCELLED' } },
          { type: 'OrderRefundRequested', data: expect.objectContaining({ reason: 'CANCELLATION', amountMinor: 4899 }) },
        ]);
    });

    it('records nothing about production of an order already cancelled', () => {
      const given = placedAndConfirmed();
      const cancelled = spec.given(given).when(cancel).events();
      spec.given([...given, ...cancelled]).when(report({ outcome: 'STARTED' })).thenNothing();
      spec.given([...given, ...cancelled]).when(report({ outcome: 'FAILED' })).thenNothing();
    });

    it('refuses a report about an order never placed', () => {
      spec.given([]).when(report({ outcome: 'STARTED' })).thenRefuses('unknown-order');
    });
  });

  describe('cancellation', () => {
    it('before production starts: cancelled, everything refunded, nothing charged', () => {
      spec
        .given(placedAndConfirmed())
        .when(cancel)
        .thenMatches([
          { type: 'OrderCancelled', data: { ...ref, reason: 'changed my mind', cancelledAt: at, status: 'CANCELLED' } },
          { type: 'OrderRefundRequested', data: expect.objectContaining({ amountMinor: 4899 }) },
        ]);
    });

    it('after production of a product that charges: cancelled, the line charged, the rest refunded', () => {
      spec
        .given([...placedAndConfirmed(), started])
        .when(cancel)
        .thenMatches([
          {
            type: 'OrderCancelled',
            data: { ...ref, reason: 'changed my mind', charges: [{ sku: 'MUG-CUSTOM', productionOrderId: 'OF-000001-P1', amountMinor: 4000 }], cancelledAt: at, status: 'CANCELLED' },
          },
          { type: 'OrderRefundRequested', data: expect.objectContaining({ reason: 'CANCELLATION', amountMinor: 899 }) },
        ]);
    });

    it('after production, authorize-capture: the charge is captured from the authorisation', () => {
      const given = placedAndConfirmed('authorize-capture');
      const paymentId = (given[2].data as { paymentId: string }).paymentId;
      const authorized: OrderEvent = {
        type: 'OrderPaymentAuthorized',
        data: { ...ref, paymentId, amountMinor: 4899, currency: 'EUR', providerReference: 'psp-1', source: 'PROVIDER', authorizedAt: at },
      };
      spec
        .given([...given, authorized, started])
        .when(cancel)
        .thenMatches([
          { type: 'OrderCancelled', data: expect.objectContaining({ charges: [{ sku: 'MUG-CUSTOM', productionOrderId: 'OF-000001-P1', amountMinor: 4000 }] }) },
          { type: 'OrderPaymentCaptureRequested', data: { ...ref, paymentId, amountMinor: 4000, currency: 'EUR', shipmentId: 'OF-000001-P1', requestedAt: at } },
        ]);
    });

    it('after production of a product that refuses: the cancellation is refused, saying why', () => {
      const lines = [{ sku: 'PLATE-CUSTOM', quantity: 1, unitPriceMinor: 3000 }];
      const given = spec.given([]).when(place(lines, 'prepaid', [['PLATE-CUSTOM', PLATE]])).events();
      const plateStarted: OrderEvent = { type: 'OrderProductionStarted', data: { ...ref, productionOrderId: 'OF-000001-P1', sku: 'PLATE-CUSTOM', startedAt: at } };
      spec
        .given([...given, plateStarted])
        .when(cancel)
        .then([
          {
            type: 'OrderCancellationRejected',
            data: {
              ...ref,
              reason: 'production of SKU PLATE-CUSTOM (production order OF-000001-P1) has started, and a made-to-order product cannot be cancelled after that',
              rejectedAt: at,
            },
          },
        ]);
    });
  });

  describe('changes', () => {
    const changeCatalog: ChangeCatalog = {
      knownSkus: new Set(['TEA-GREEN', 'MUG-CUSTOM']),
      prices: new Map(),
      priceCheck: 'off',
      authorizationTimeoutMinutes: 30,
      products: new Map([['MUG-CUSTOM', MUG], ['SCARF', SCARF]]),
    };
    const change = (lines: { sku: string; quantity: number; unitPriceMinor?: number }[]): OrderCommand => ({
      type: 'ChangeOrder',
      change: { changeId: 'chg-1', lines },
      catalog: changeCatalog,
      now,
    });

    it('refuses any change of an order with made-to-order lines: it is held as confirmed', () => {
      spec
        .given(placedAndConfirmed())
        .when(change([{ sku: 'TEA-GREEN', quantity: 2 }]))
        .thenMatches([{ type: 'OrderChangeRejected', data: expect.objectContaining({ reason: expect.stringMatching(/SKU MUG-CUSTOM is made to order/) }) }]);
    });

    it('refuses a change adding a made-to-order line, or a line whose product requires options', () => {
      const plain = spec.given([]).when(place([submission.lines[1]])).events();
      spec
        .given(plain)
        .when(change([{ sku: 'MUG-CUSTOM', quantity: 1, unitPriceMinor: 2000 }]))
        .thenMatches([{ type: 'OrderChangeRejected', data: expect.objectContaining({ reason: 'SKU MUG-CUSTOM is made to order: a change cannot add it; order it on its own' }) }]);
      spec
        .given(plain)
        .when(change([{ sku: 'SCARF', quantity: 1, unitPriceMinor: 1500 }]))
        .thenMatches([{ type: 'OrderChangeRejected', data: expect.objectContaining({ reason: expect.stringMatching(/option "size" is required: a change cannot give options/) }) }]);
    });
  });
});
