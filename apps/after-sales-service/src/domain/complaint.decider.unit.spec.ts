import { deciderSpec } from '@orderflow/decider';
import { ComplaintCommand, complaintDecider, ComplaintEvent, GoodwillExceedsRefundable, RefundableOrder } from './complaint.decider';

const spec = deciderSpec(complaintDecider);
const now = new Date('2026-03-20T10:00:00.000Z');
const at = now.toISOString();
const orderRef = { orderId: '0b7e4d55-9f1c-5a2e-8d3b-2f6a1c9e4b70', channel: 'webshop', externalOrderId: 'W-1001' };
const ref = { complaintId: 'CMP-000007', ...orderRef };
const sla = { default: 72, DELIVERY_FAILED: 24 };

const open = (overrides: Partial<Extract<ComplaintCommand, { type: 'OpenComplaint' }>> = {}): ComplaintCommand => ({
  type: 'OpenComplaint',
  ...ref,
  category: 'DAMAGED_GOODS',
  message: 'The mug arrived broken',
  source: 'CUSTOMER',
  sla,
  now,
  ...overrides,
});
const opened: ComplaintEvent = {
  type: 'ComplaintOpened',
  data: { ...ref, category: 'DAMAGED_GOODS', message: 'The mug arrived broken', source: 'CUSTOMER', openedAt: at },
};
const acknowledged: ComplaintEvent = {
  type: 'ComplaintAcknowledged',
  data: { ...ref, resolveBy: '2026-03-23T10:00:00.000Z', acknowledgedAt: at },
};
const paid = { currency: 'EUR', paidMinor: 5197, refundedMinor: 0 };
const resolve = (goodwillRefundMinor?: number, { order = paid as RefundableOrder, orderKnown = true } = {}): ComplaintCommand => ({
  type: 'ResolveComplaint',
  resolution: 'Replacement mug sent, apologies',
  ...(goodwillRefundMinor !== undefined ? { goodwillRefundMinor } : {}),
  order: orderKnown ? order : undefined,
  now,
});
const resolved: ComplaintEvent = {
  type: 'ComplaintResolved',
  data: { ...ref, resolution: 'Replacement mug sent, apologies', resolvedAt: at },
};

describe('complaint decider', () => {
  describe('opening', () => {
    it('opens and acknowledges a customer complaint, due within the default SLA', () => {
      spec.given([]).when(open()).then([opened, acknowledged]);
    });

    it('gives a category its own SLA, and a carrier case its shipment', () => {
      spec
        .given([])
        .when(open({ category: 'DELIVERY_FAILED', source: 'CARRIER', shipmentId: 'OF-000001-1', message: 'failed at the door' }))
        .then([
          {
            type: 'ComplaintOpened',
            data: { ...ref, category: 'DELIVERY_FAILED', message: 'failed at the door', source: 'CARRIER', shipmentId: 'OF-000001-1', openedAt: at },
          },
          { type: 'ComplaintAcknowledged', data: { ...ref, resolveBy: '2026-03-21T10:00:00.000Z', acknowledgedAt: at } },
        ]);
    });

    it('opens a complaint only once', () => {
      spec.given([opened, acknowledged]).when(open()).thenNothing();
    });
  });

  describe('resolution', () => {
    it('resolves without a refund', () => {
      spec.given([opened, acknowledged]).when(resolve()).then([resolved]);
    });

    it('resolves with a goodwill refund in the order currency', () => {
      spec
        .given([opened, acknowledged])
        .when(resolve(500))
        .then([
          { type: 'ComplaintResolved', data: { ...resolved.data, goodwillRefundMinor: 500, currency: 'EUR' } },
          {
            type: 'RefundIssued',
            data: { ...orderRef, complaintId: 'CMP-000007', amountMinor: 500, currency: 'EUR', reason: 'GOODWILL', issuedAt: at },
          },
        ]);
    });

    it('issues no refund for a goodwill amount of zero', () => {
      spec.given([opened, acknowledged]).when(resolve(0)).then([resolved]);
    });

    it('resolves a complaint about an unknown order, but refuses a goodwill refund for it', () => {
      spec.given([opened, acknowledged]).when(resolve(undefined, { orderKnown: false })).then([resolved]);
      spec.given([opened, acknowledged]).when(resolve(500, { orderKnown: false })).thenRefuses('unknown-order', /W-1001/);
    });

    it('refunds as goodwill at most what was paid for the order less what was already refunded of it', () => {
      const partlyRefunded = { ...paid, refundedMinor: 3000 };
      spec
        .given([opened, acknowledged])
        .when(resolve(2197, { order: partlyRefunded }))
        .thenMatches([{ type: 'ComplaintResolved' }, { type: 'RefundIssued', data: expect.objectContaining({ amountMinor: 2197 }) }]);
      spec
        .given([opened, acknowledged])
        .when(resolve(2198, { order: partlyRefunded }))
        .thenRefuses(
          'goodwill-exceeds-refundable',
          /^field "goodwillRefundMinor": expected at most 2197, what is left to refund of order W-1001 \(5197 paid, 3000 already refunded, EUR\), got 2198$/,
        );
    });

    it('refuses any goodwill once refunds took all that was paid, or more, yet resolves without one', () => {
      const overRefunded = { ...paid, refundedMinor: 6000 };
      spec.given([opened, acknowledged]).when(resolve(1, { order: overRefunded })).thenRefuses('goodwill-exceeds-refundable', /expected at most 0,/);
      spec.given([opened, acknowledged]).when(resolve(0, { order: overRefunded })).then([resolved]);
      let refusal: unknown;
      try {
        complaintDecider.decide(resolve(1, { order: overRefunded }), spec.stateAfter([opened, acknowledged]));
      } catch (err) {
        refusal = err;
      }
      expect(refusal).toBeInstanceOf(GoodwillExceedsRefundable);
      expect(refusal).toMatchObject({ field: 'goodwillRefundMinor', refundableMinor: 0, requestedMinor: 1 });
    });

    it('refuses to resolve twice', () => {
      spec.given([opened, acknowledged, resolved]).when(resolve()).thenRefuses('already-resolved', /CMP-000007/);
      expect(spec.stateAfter([opened, acknowledged, resolved]).status).toBe('RESOLVED');
    });

    it('refuses to resolve a complaint that was never opened', () => {
      spec.given([]).when(resolve()).thenRefuses('unknown-complaint');
    });
  });
});
