import { deciderSpec } from '@orderflow/decider';
import { ChannelSettings, OrderCatalog, orderDecider, Submission } from './order.decider';

const spec = deciderSpec(orderDecider);
const now = new Date('2026-03-02T09:30:00.000Z');
const orderId = '0b7e4d55-9f1c-5a2e-8d3b-2f6a1c9e4b70';

const submission: Submission = {
  channel: 'webshop',
  externalOrderId: 'W-1001',
  customer: { id: 'C-7', name: 'Ada Lovelace', email: 'ada@example.com' },
  shippingAddress: { line1: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
  lines: [
    { sku: 'TEA-GREEN', quantity: 1, unitPriceMinor: 899 },
    { sku: 'MUG-RED', quantity: 2, unitPriceMinor: 1199 },
  ],
  currency: 'EUR',
};
/** The catalogue prices the mug at 12.99 on this channel in EUR, and has no price for the tea there. */
const catalog = (priceCheck: ChannelSettings['priceCheck'], prices = new Map([['MUG-RED', 1299]])): OrderCatalog => ({
  channel: { currencies: ['EUR'], paymentMode: 'invoice', priceCheck, authorizationTimeoutMinutes: 30 },
  knownSkus: new Set(['MUG-RED', 'TEA-GREEN']),
  leadTimeDays: 2,
  prices,
  channelSettingsVersion: 4,
});
const place = (cat: OrderCatalog, lines = submission.lines) => ({
  type: 'PlaceOrder' as const,
  orderId,
  orderNumber: 'OF-000001',
  submission: { ...submission, lines },
  catalog: cat,
  now,
});
const MUG_DIFFERS = 'line 2 (SKU MUG-RED): price 1199 EUR differs from the catalogue price 1299 EUR';

describe('order decider: the price check (docs/adr/0032)', () => {
  it("rejects, on a channel whose priceCheck is reject, an order whose line price differs from the catalogue's, naming the line and both prices", () => {
    spec
      .given([])
      .when(place(catalog('reject')))
      .thenMatches([{ type: 'OrderPlaced' }, { type: 'OrderRejected', data: expect.objectContaining({ reasons: [MUG_DIFFERS], status: 'REJECTED' }) }]);
  });

  it('gives the price difference among the other reasons of a rejection', () => {
    const [, rejected] = spec.given([]).when(place({ ...catalog('reject'), knownSkus: new Set(['MUG-RED']) })).events();
    expect(rejected.data).toMatchObject({ reasons: ['SKU TEA-GREEN is not stocked by any warehouse', MUG_DIFFERS] });
  });

  it('confirms, on a channel whose priceCheck is flag, and flags the order right after its confirmation with the same text', () => {
    spec
      .given([])
      .when(place(catalog('flag')))
      .thenMatches([
        { type: 'OrderPlaced' },
        { type: 'OrderConfirmed' },
        {
          type: 'OrderPriceFlagged',
          data: { orderId, channel: 'webshop', externalOrderId: 'W-1001', flags: [MUG_DIFFERS], flaggedAt: now.toISOString() },
        },
      ]);
  });

  it('confirms without a word on a channel whose priceCheck is off', () => {
    spec.given([]).when(place(catalog('off'))).thenMatches([{ type: 'OrderPlaced' }, { type: 'OrderConfirmed' }]);
  });

  it('flags nothing and rejects nothing when every price is the catalogue\'s, or the catalogue has none for the SKU on this channel and currency', () => {
    const listed = [
      { sku: 'TEA-GREEN', quantity: 1, unitPriceMinor: 899 },
      { sku: 'MUG-RED', quantity: 2, unitPriceMinor: 1299 },
    ];
    spec.given([]).when(place(catalog('flag'), listed)).thenMatches([{ type: 'OrderPlaced' }, { type: 'OrderConfirmed' }]);
    spec.given([]).when(place(catalog('reject', new Map()))).thenMatches([{ type: 'OrderPlaced' }, { type: 'OrderConfirmed' }]);
  });

  it('records on the confirmation which version of the channel settings judged the order', () => {
    const [, confirmed] = spec.given([]).when(place(catalog('off'))).events();
    expect(confirmed.data).toMatchObject({ channelSettingsVersion: 4, status: 'CONFIRMED' });
  });

  it('leaves the order as it was confirmed once flagged', () => {
    const events = spec.given([]).when(place(catalog('flag'))).events();
    expect(spec.stateAfter(events).status).toBe('CONFIRMED');
  });
});
