import { derivedId, PaymentEventMessage, PaymentRequest } from '@orderflow/contracts';
import { DeclineRule } from './decline-rule';

/** What the simulated provider holds of one payment. */
export interface PaymentBalance {
  currency: string;
  authorizedMinor: number;
  capturedMinor: number;
  refundedMinor: number;
  /**
   * Known only from a capture or refund asked of it: a payment taken or authorised at a channel's
   * checkout, which this provider never saw, so it cannot bound what is captured or refunded of it.
   */
  takenAtCheckout: boolean;
}

type Answer = PaymentEventMessage;
type RequestOf<T extends PaymentRequest['type']> = Extract<PaymentRequest, { type: T }>;

/**
 * The simulated payment provider's books: per payment what was authorised, captured and refunded,
 * and every answer given, by the request's idempotencyKey. A repeated request gets the answer it
 * got the first time, word for word, and moves no money again. No capture goes beyond what is
 * authorised and not yet captured, and no refund beyond what is captured and not yet refunded:
 * those get a *Failed answer saying why. Pure: time comes in, nothing goes out.
 */
export class PaymentLedger {
  private readonly balances = new Map<string, PaymentBalance>();
  private readonly answers = new Map<string, Answer>();

  constructor(private readonly decline: DeclineRule) {}

  /** The answer to a request: the one already given under its idempotencyKey, or a new decision. */
  answer(request: PaymentRequest, now: Date): Answer {
    const given = this.answers.get(request.idempotencyKey);
    if (given) return given;
    const answer = this.decide(request, now);
    this.record(request.idempotencyKey, answer);
    return answer;
  }

  /** An answer given before a restart, as read back from payment.events: the books are as they were. */
  restore(idempotencyKey: string, answer: Answer): void {
    if (!this.answers.has(idempotencyKey)) this.record(idempotencyKey, answer);
  }

  balance(paymentId: string): PaymentBalance | undefined {
    const b = this.balances.get(paymentId);
    return b && { ...b };
  }

  private decide(request: PaymentRequest, now: Date): Answer {
    switch (request.type) {
      case 'PaymentAuthorizationRequested':
        return this.authorize(request, now);
      case 'PaymentCaptureRequested':
        return this.capture(request, now);
      case 'PaymentRefundRequested':
        return this.refund(request, now);
    }
  }

  private authorize(request: RequestOf<'PaymentAuthorizationRequested'>, now: Date): Answer {
    const reason = this.currencyProblem(request) ?? this.decline(request);
    if (reason) return { type: 'PaymentAuthorizationFailed', ...base(request, now), reason };
    return { type: 'PaymentAuthorized', ...base(request, now), orderId: request.orderId };
  }

  /**
   * A payment it never authorised was authorised at a channel's checkout (the channel reported it to
   * orderflow, not to this provider): it cannot bound what is captured of it, as for refunds.
   */
  private capture(request: RequestOf<'PaymentCaptureRequested'>, now: Date): Answer {
    const b = this.balances.get(request.paymentId);
    const reason =
      this.currencyProblem(request) ??
      (b && !b.takenAtCheckout
        ? exceeds('capture', request, b.authorizedMinor - b.capturedMinor, `still authorised (authorised ${b.authorizedMinor}, captured ${b.capturedMinor})`)
        : undefined);
    const answer = { ...base(request, now), shipmentId: request.shipmentId };
    if (reason) return { type: 'PaymentCaptureFailed', ...answer, reason };
    return { type: 'PaymentCaptured', ...answer, orderId: request.orderId };
  }

  private refund(request: RequestOf<'PaymentRefundRequested'>, now: Date): Answer {
    const b = this.balances.get(request.paymentId);
    const reason =
      this.currencyProblem(request) ??
      (b && !b.takenAtCheckout
        ? exceeds('refund', request, b.capturedMinor - b.refundedMinor, `captured and not yet refunded (captured ${b.capturedMinor}, refunded ${b.refundedMinor})`)
        : undefined);
    const answer = { ...base(request, now), refundId: request.refundId };
    if (reason) return { type: 'PaymentRefundFailed', ...answer, reason };
    return { type: 'PaymentRefunded', ...answer };
  }

  private currencyProblem(request: PaymentRequest): string | undefined {
    const b = this.balances.get(request.paymentId);
    if (!b || b.currency === request.currency) return undefined;
    return `payment ${request.paymentId} is in ${b.currency}, the request in ${request.currency}`;
  }

  private record(idempotencyKey: string, answer: Answer): void {
    this.answers.set(idempotencyKey, answer);
    const moved = MONEY_MOVED[answer.type];
    if (!moved) return; // a refusal moves nothing (and opens no books for a payment never seen)
    const b = this.balances.get(answer.paymentId) ?? {
      currency: answer.currency,
      authorizedMinor: 0,
      capturedMinor: 0,
      refundedMinor: 0,
      takenAtCheckout: answer.type === 'PaymentRefunded' || answer.type === 'PaymentCaptured',
    };
    b[moved] += answer.amountMinor;
    this.balances.set(answer.paymentId, b);
  }
}

/** Which balance each successful answer adds its amount to. */
const MONEY_MOVED: Partial<Record<Answer['type'], 'authorizedMinor' | 'capturedMinor' | 'refundedMinor'>> = {
  PaymentAuthorized: 'authorizedMinor',
  PaymentCaptured: 'capturedMinor',
  PaymentRefunded: 'refundedMinor',
};

/** The provider's reference for what it did on a request: the same for every answer to it, across restarts. */
export const providerReferenceOf = (idempotencyKey: string) => `sim-${derivedId(idempotencyKey, 'payment-simulator-reference')}`;

/** The fields every answer repeats from its request, and its own envelope, fixed by the idempotencyKey. */
function base(request: PaymentRequest, now: Date) {
  return {
    version: 1 as const,
    messageId: derivedId(request.idempotencyKey, 'payment-simulator-answer'),
    occurredAt: now.toISOString(),
    paymentId: request.paymentId,
    amountMinor: request.amountMinor,
    currency: request.currency,
    providerReference: providerReferenceOf(request.idempotencyKey),
  };
}

function exceeds(what: string, request: PaymentRequest, freeMinor: number, of: string): string | undefined {
  if (request.amountMinor <= freeMinor) return undefined;
  return `${what} of ${request.amountMinor} ${request.currency} exceeds the ${freeMinor} ${request.currency} ${of}`;
}
