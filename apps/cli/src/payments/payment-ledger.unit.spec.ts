import { randomUUID } from 'node:crypto';
import { orderIdFor, parseMessage, PaymentEventMessage, PaymentRequest, PaymentRequestSchemas, Topics } from '@orderflow/contracts';
import { declineRule } from './decline-rule';
import { PaymentLedger } from './payment-ledger';

const now = new Date('2026-05-01T12:00:00Z');
const orderId = orderIdFor('webshop', 'W-1');

/** A request as orderflow sends it, checked against its own contract so the spec cannot drift from it. */
function request<T extends PaymentRequest['type']>(type: T, fields: Partial<Extract<PaymentRequest, { type: T }>> = {}): Extract<PaymentRequest, { type: T }> {
  const id = randomUUID();
  const body = {
    type,
    version: 1,
    messageId: id,
    occurredAt: now.toISOString(),
    paymentId: 'pay-1',
    orderId,
    channel: 'webshop',
    externalOrderId: 'W-1',
    amountMinor: 5000,
    currency: 'EUR',
    idempotencyKey: id,
    ...(type === 'PaymentCaptureRequested' ? { shipmentId: 'SHP-1' } : {}),
    ...(type === 'PaymentRefundRequested' ? { refundId: 'refund-RMA-1', reason: 'RETURN' } : {}),
    ...fields,
  };
  return PaymentRequestSchemas[type].parse(body) as Extract<PaymentRequest, { type: T }>;
}

/** The answer, after proving it is what payment.events accepts from a provider. */
function valid(answer: PaymentEventMessage): PaymentEventMessage {
  const parsed = parseMessage(Topics.paymentEvents, answer);
  if (!parsed.ok) throw new Error(`${answer.type} breaks the payment.events contract: ${parsed.reason}`);
  return answer;
}

const ledger = () => new PaymentLedger(declineRule());

describe("the payment simulator's books", () => {
  it('authorises, captures per shipment and refunds, answering each with the contract fields of its request', () => {
    const books = ledger();
    const auth = request('PaymentAuthorizationRequested');
    expect(valid(books.answer(auth, now))).toMatchObject({
      type: 'PaymentAuthorized',
      version: 1,
      occurredAt: now.toISOString(),
      paymentId: 'pay-1',
      orderId,
      amountMinor: 5000,
      currency: 'EUR',
      providerReference: expect.stringMatching(/^sim-/),
    });
    expect(valid(books.answer(request('PaymentCaptureRequested', { amountMinor: 3000, shipmentId: 'SHP-1' }), now))).toMatchObject({
      type: 'PaymentCaptured',
      orderId,
      shipmentId: 'SHP-1',
      amountMinor: 3000,
    });
    books.answer(request('PaymentCaptureRequested', { amountMinor: 2000, shipmentId: 'SHP-2' }), now);
    expect(valid(books.answer(request('PaymentRefundRequested', { amountMinor: 1200 }), now))).toMatchObject({
      type: 'PaymentRefunded',
      refundId: 'refund-RMA-1',
      amountMinor: 1200,
    });
    expect(books.balance('pay-1')).toEqual({ currency: 'EUR', authorizedMinor: 5000, capturedMinor: 5000, refundedMinor: 1200, takenAtCheckout: false });
  });

  it('answers a repeated request exactly as the first time and moves no money twice', () => {
    const books = ledger();
    const auth = request('PaymentAuthorizationRequested');
    const capture = request('PaymentCaptureRequested', { amountMinor: 5000 });
    const first = [books.answer(auth, now), books.answer(capture, now)];
    const later = new Date(now.getTime() + 60_000);
    expect([books.answer(auth, later), books.answer({ ...capture, messageId: randomUUID() }, later)]).toEqual(first);
    expect(books.balance('pay-1')).toMatchObject({ authorizedMinor: 5000, capturedMinor: 5000 });
  });

  it('gives every request its own providerReference and messageId, fixed by its idempotencyKey', () => {
    const a = request('PaymentAuthorizationRequested');
    const answers = [ledger().answer(a, now), ledger().answer(a, new Date(0)), ledger().answer(request('PaymentAuthorizationRequested'), now)];
    expect(answers[1]).toMatchObject({ messageId: answers[0].messageId, providerReference: answers[0].providerReference });
    expect(answers[2].messageId).not.toBe(answers[0].messageId);
    expect(answers[2].providerReference).not.toBe(answers[0].providerReference);
  });

  it('refuses a capture beyond what is authorised and not yet captured, saying so', () => {
    const books = ledger();
    books.answer(request('PaymentAuthorizationRequested', { amountMinor: 5000 }), now);
    books.answer(request('PaymentCaptureRequested', { amountMinor: 4000, shipmentId: 'SHP-1' }), now);
    expect(valid(books.answer(request('PaymentCaptureRequested', { amountMinor: 1500, shipmentId: 'SHP-2' }), now))).toMatchObject({
      type: 'PaymentCaptureFailed',
      shipmentId: 'SHP-2',
      amountMinor: 1500,
      reason: 'capture of 1500 EUR exceeds the 1000 EUR still authorised (authorised 5000, captured 4000)',
    });
    expect(books.balance('pay-1')?.capturedMinor).toBe(4000);
  });

  it("captures a payment a channel's checkout authorised, which it never saw, and then keeps its books", () => {
    const books = ledger();
    expect(valid(books.answer(request('PaymentCaptureRequested', { paymentId: 'pay-checkout', amountMinor: 1000 }), now))).toMatchObject({
      type: 'PaymentCaptured',
      paymentId: 'pay-checkout',
    });
    expect(books.balance('pay-checkout')).toMatchObject({ capturedMinor: 1000, takenAtCheckout: true });
  });

  it('refuses a refund beyond what is captured and not yet refunded, saying so', () => {
    const books = ledger();
    books.answer(request('PaymentAuthorizationRequested'), now);
    books.answer(request('PaymentCaptureRequested', { amountMinor: 3000 }), now);
    books.answer(request('PaymentRefundRequested', { amountMinor: 2000, refundId: 'refund-RMA-1' }), now);
    expect(valid(books.answer(request('PaymentRefundRequested', { amountMinor: 1001, refundId: 'refund-RMA-2' }), now))).toMatchObject({
      type: 'PaymentRefundFailed',
      refundId: 'refund-RMA-2',
      reason: 'refund of 1001 EUR exceeds the 1000 EUR captured and not yet refunded (captured 3000, refunded 2000)',
    });
    expect(books.balance('pay-1')?.refundedMinor).toBe(2000);
  });

  it("refunds a payment taken at a channel's checkout, which it knows only from the refund", () => {
    const books = ledger();
    const answer = books.answer(request('PaymentRefundRequested', { paymentId: 'checkout-1', amountMinor: 700 }), now);
    expect(valid(answer)).toMatchObject({ type: 'PaymentRefunded', paymentId: 'checkout-1', amountMinor: 700 });
    expect(books.balance('checkout-1')).toMatchObject({ refundedMinor: 700, takenAtCheckout: true });
  });

  it('refuses money in another currency than the payment', () => {
    const books = ledger();
    books.answer(request('PaymentAuthorizationRequested'), now);
    expect(valid(books.answer(request('PaymentCaptureRequested', { currency: 'GBP' }), now))).toMatchObject({
      type: 'PaymentCaptureFailed',
      reason: 'payment pay-1 is in EUR, the request in GBP',
    });
  });

  it('declines the authorisation of an order whose externalOrderId starts with decline-, with the reason', () => {
    const answer = ledger().answer(request('PaymentAuthorizationRequested', { externalOrderId: 'decline-W-2' }), now);
    expect(valid(answer)).toMatchObject({ type: 'PaymentAuthorizationFailed', paymentId: 'pay-1', amountMinor: 5000, reason: expect.stringMatching(/declined.*"decline-"/) });
    const nothingDeclined = new PaymentLedger(declineRule({ prefix: '' }));
    expect(nothingDeclined.answer(request('PaymentAuthorizationRequested', { externalOrderId: 'decline-W-2' }), now).type).toBe('PaymentAuthorized');
  });

  it('declines a seeded share of authorisations at random, the same ones for the same seed', () => {
    const requests = Array.from({ length: 2000 }, (_, i) => request('PaymentAuthorizationRequested', { paymentId: `pay-${i}` }));
    const declined = (seed: string) => {
      const books = new PaymentLedger(declineRule({ rate: 0.1, seed }));
      return requests.filter((r) => books.answer(r, now).type === 'PaymentAuthorizationFailed').map((r) => r.paymentId);
    };
    const once = declined('demo');
    expect(once.length).toBeGreaterThan(140);
    expect(once.length).toBeLessThan(260);
    expect(declined('demo')).toEqual(once);
    expect(declined('other')).not.toEqual(once);
  });

  it('after a restart, restored from the answers it gave, answers repeats the same and keeps its limits', () => {
    const before = ledger();
    const auth = request('PaymentAuthorizationRequested');
    const capture = request('PaymentCaptureRequested', { amountMinor: 5000 });
    const given = [auth, capture].map((r) => ({ key: r.idempotencyKey, answer: before.answer(r, now) }));

    const after = ledger();
    for (const { key, answer } of given) after.restore(key, answer);
    expect(after.answer(capture, new Date())).toEqual(given[1].answer);
    expect(after.answer(request('PaymentCaptureRequested', { amountMinor: 1, shipmentId: 'SHP-2' }), now)).toMatchObject({ type: 'PaymentCaptureFailed' });
    expect(after.balance('pay-1')).toEqual(before.balance('pay-1'));
  });
});
