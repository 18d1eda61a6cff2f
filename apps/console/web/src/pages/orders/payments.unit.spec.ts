import { describe, expect, it } from '@jest/globals';
import type { Refund } from './order-types';
import { noPaymentText, paymentModeText, paymentStatusText, refundStatusText } from './payments';

const refund = (more: Partial<Refund>): Refund => ({
  refundId: 'refund-RMA-1',
  status: 'REQUESTED',
  amountMinor: 1798,
  requestedMinor: null,
  settledMinor: null,
  currency: 'EUR',
  reason: 'RETURN',
  rmaNumber: 'RMA-1',
  complaintId: null,
  paymentId: null,
  providerReference: null,
  failureReason: null,
  issuedAt: '2026-03-08T09:00:00.000Z',
  requestedAt: null,
  settledAt: null,
  failedAt: null,
  ...more,
});

describe("an order's money on its page", () => {
  it('names the payment mode, or says the order was never confirmed', () => {
    expect(paymentModeText({ paymentMode: 'authorize-capture' })).toMatch(/captured per shipment/);
    expect(paymentModeText({ paymentMode: null })).toMatch(/never confirmed/);
    expect(noPaymentText({ paymentMode: 'invoice' })).toMatch(/invoiced/);
  });

  it('says why a payment failed, and only when it did', () => {
    expect(paymentStatusText({ status: 'CAPTURE_FAILED', failureReason: 'authorisation expired' })).toBe('CAPTURE_FAILED: authorisation expired');
    expect(paymentStatusText({ status: 'CAPTURED', failureReason: 'an earlier capture failed' })).toBe('CAPTURED');
  });

  it('follows a refund from the decision to the provider, and to its settlement or failure', () => {
    expect(refundStatusText(refund({}))).toBe('REQUESTED: decided, not yet asked of the provider');
    expect(refundStatusText(refund({ requestedAt: '2026-03-08T09:00:01.000Z', requestedMinor: 1000 }))).toMatch(/^REQUESTED: .*10.00.* asked of the provider$/);
    expect(refundStatusText(refund({ status: 'SETTLED', settledAt: '2026-03-08T09:05:00.000Z', providerReference: 'invoice-credit' }))).toMatch(/^SETTLED .*, credited against the invoice$/);
    expect(refundStatusText(refund({ status: 'FAILED', failureReason: 'card closed' }))).toBe('FAILED: card closed');
  });
});
