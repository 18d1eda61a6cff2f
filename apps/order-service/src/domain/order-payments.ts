import { derivedId, INVOICE_CREDIT_REFERENCE as INVOICE_CREDIT, OrderEvent, PaymentMode, RefundReason, SkuQuantity } from '@orderflow/contracts';
import { DomainError } from '@orderflow/decider';

/*
 * The money side of an order (docs/adr/0031), as pure functions the order decider calls: which
 * payment events a decision adds, and how they fold into the order's state. The order stream holds
 * its payments, so "never refunded twice, never more than was captured" is checked in the same
 * optimistic-concurrency transaction that records the refund.
 */

export interface PaymentBalance {
  authorizedMinor: number;
  capturedMinor: number;
  /** Refunds requested or settled, not failed: what is no longer free to refund. */
  refundsHeldMinor: number;
}

export interface PaymentsState {
  paymentMode?: PaymentMode;
  currency?: string;
  totalMinor?: number;
  /** Catalogue of the order's own prices: a shipment's capture is worth its lines. */
  unitPrices: Record<string, number>;
  /**
   * The order's authorisation (authorize-capture), while it is open or after. paymentId is the one
   * captures go against: orderflow's request's, or the channel's when its checkout authorised.
   */
  authorization?: {
    paymentId: string;
    status: 'REQUESTED' | 'AUTHORIZED' | 'FAILED';
    authorizeBy: string;
    /** The paymentId orderflow asked the provider for, when it asked. */
    requestedPaymentId?: string;
  };
  payments: Record<string, PaymentBalance>;
  /**
   * Authorisations of what order changes added (docs/adr/0034), by paymentId. Captures take from
   * the order's authorisation first, then from these.
   */
  changeAuthorizations: Record<string, { changeId: string; status: 'REQUESTED' | 'AUTHORIZED' | 'FAILED'; amountMinor: number; authorizeBy: string }>;
  /** Captures requested (or recorded), by `captureKey(shipmentId, paymentId)`. */
  captures: Record<string, CaptureState>;
  refunds: Record<string, RefundState>;
  /** invoice: what was credited against the invoice so far. */
  creditedMinor: number;
}

export interface CaptureState {
  status: 'REQUESTED' | 'CAPTURED' | 'FAILED';
  shipmentId: string;
  paymentId: string;
  amountMinor: number;
}

/** A shipment's capture against one payment: a shipment of a changed order may take from two. */
export const captureKey = (shipmentId: string, paymentId: string) => `${shipmentId}|${paymentId}`;

export interface RefundState {
  status: 'REQUESTED' | 'SETTLED' | 'FAILED';
  amountMinor: number;
  paymentId: string;
  reason: RefundReason;
  rmaNumber?: string;
  complaintId?: string;
}

export const initialPaymentsState = (): PaymentsState => ({
  unitPrices: {},
  payments: {},
  changeAuthorizations: {},
  captures: {},
  refunds: {},
  creditedMinor: 0,
});

type Ref = { orderId: string; channel: string; externalOrderId: string };

/** The payment ids orderflow makes for an order: derived, so a retried decision makes the same. */
export const PaymentIds = {
  authorization: (orderId: string) => derivedId(orderId, 'payment-authorization'),
  checkout: (orderId: string) => derivedId(orderId, 'checkout-payment'),
  invoice: (orderId: string) => derivedId(orderId, 'invoice'),
};

/** Refund ids follow their cause: one return, one complaint, one cancellation refunds once each. */
export const RefundIds = {
  forReturn: (rmaNumber: string) => `refund-${rmaNumber}`,
  forComplaint: (complaintId: string) => `refund-${complaintId}`,
  forCancellation: (orderId: string) => `refund-cancel-${orderId}`,
};

/** A payment a channel's checkout took, as the channel reported it on payment.events. */
export interface CheckoutReport {
  kind: 'AUTHORIZED' | 'CAPTURED';
  paymentId: string;
  amountMinor: number;
  currency: string;
  providerReference: string;
  at: string;
}

/**
 * What a confirmed order's payment mode starts: an authorisation request, the checkout payment, or
 * nothing. A checkout authorisation the channel reported before the order arrived stands in for the
 * request: nothing is asked of the provider twice.
 */
export function paymentOnConfirmation(
  ref: Ref,
  confirmed: { totalMinor: number; currency: string; paymentMode: PaymentMode; authorizationTimeoutMinutes: number },
  now: Date,
  reported: readonly CheckoutReport[] = [],
): OrderEvent[] {
  const at = now.toISOString();
  const money = { amountMinor: confirmed.totalMinor, currency: confirmed.currency };
  switch (confirmed.paymentMode) {
    case 'authorize-capture': {
      if (reported.some((r) => r.kind === 'AUTHORIZED' && r.amountMinor >= confirmed.totalMinor)) return [];
      const authorizeBy = new Date(now.getTime() + confirmed.authorizationTimeoutMinutes * 60_000).toISOString();
      return [
        {
          type: 'OrderPaymentAuthorizationRequested',
          data: { ...ref, paymentId: PaymentIds.authorization(ref.orderId), ...money, authorizeBy, requestedAt: at },
        },
      ];
    }
    case 'prepaid':
      // The channel says the order is paid: its checkout took the whole amount.
      return [
        {
          type: 'OrderPaymentCaptured',
          data: {
            ...ref,
            paymentId: PaymentIds.checkout(ref.orderId),
            ...money,
            providerReference: `checkout:${ref.channel}:${ref.externalOrderId}`,
            source: 'CHANNEL',
            capturedAt: at,
          },
        },
      ];
    case 'invoice':
      return [];
  }
}

/** An answer whose currency is not the order's cannot be about this order's money. */
function sameCurrency(state: PaymentsState, currency: string, what: string): void {
  if (state.currency !== undefined && currency !== state.currency) {
    throw new DomainError('payment-currency-mismatch', `${what} is in ${currency}, but the order is in ${state.currency}`);
  }
}

export type AuthorizationAnswer =
  | { outcome: 'AUTHORIZED'; paymentId: string; amountMinor: number; currency: string; providerReference: string; at: string }
  | { outcome: 'DECLINED'; paymentId: string; reason: string; providerReference?: string; at: string }
  | { outcome: 'TIMEOUT'; at: string };

/**
 * The answer to the authorisation request, or its absence by the deadline. An authorisation for
 * less than the order's total is no authorisation of the order. The first answer counts: a late
 * or repeated one changes nothing, but an authorisation that arrives after the order was cancelled
 * is still recorded, because money is held for it.
 */
export function decideAuthorization(ref: Ref, state: PaymentsState, answer: AuthorizationAnswer, cancelled: boolean): {
  events: OrderEvent[];
  cancelReason?: string;
} {
  const auth = state.authorization;
  if (!auth) {
    if (answer.outcome === 'TIMEOUT') return { events: [] };
    throw new DomainError('no-authorization-requested', `payment ${answer.paymentId}: the order asked for no authorisation`);
  }
  if (answer.outcome !== 'TIMEOUT' && answer.paymentId !== auth.paymentId && answer.paymentId !== auth.requestedPaymentId) {
    throw new DomainError('unknown-payment', `payment ${answer.paymentId} is not this order's authorisation (${auth.paymentId})`);
  }
  if (auth.status !== 'REQUESTED') return { events: [] };
  const money = { paymentId: auth.paymentId, amountMinor: state.totalMinor!, currency: state.currency! };
  if (answer.outcome === 'AUTHORIZED') {
    sameCurrency(state, answer.currency, `the authorisation of payment ${answer.paymentId}`);
    if (answer.amountMinor < state.totalMinor!) {
      const reason = `payment authorisation of ${answer.amountMinor} ${answer.currency} is less than the order total ${state.totalMinor} ${state.currency}`;
      return failure(ref, money, { reason, cause: 'DECLINED', providerReference: answer.providerReference, at: answer.at }, cancelled);
    }
    const authorized: OrderEvent = {
      type: 'OrderPaymentAuthorized',
      data: { ...ref, ...money, amountMinor: answer.amountMinor, providerReference: answer.providerReference, source: 'PROVIDER', authorizedAt: answer.at },
    };
    return { events: [authorized] };
  }
  if (cancelled) return { events: [] }; // nothing to cancel any more, and no money is held
  if (answer.outcome === 'DECLINED') {
    return failure(ref, money, { reason: `payment authorisation declined: ${answer.reason}`, cause: 'DECLINED', providerReference: answer.providerReference, at: answer.at }, cancelled);
  }
  return failure(ref, money, { reason: `payment not authorised by ${auth.authorizeBy}`, cause: 'TIMEOUT', at: answer.at }, cancelled);
}

function failure(
  ref: Ref,
  money: { paymentId: string; amountMinor: number; currency: string },
  f: { reason: string; cause: 'DECLINED' | 'TIMEOUT'; providerReference?: string; at: string },
  cancelled: boolean,
): { events: OrderEvent[]; cancelReason?: string } {
  const failed: OrderEvent = {
    type: 'OrderPaymentAuthorizationFailed',
    data: {
      ...ref,
      ...money,
      ...(f.providerReference ? { providerReference: f.providerReference } : {}),
      reason: f.reason,
      cause: f.cause,
      failedAt: f.at,
    },
  };
  return { events: [failed], cancelReason: cancelled ? undefined : f.reason };
}

/**
 * The answer to the authorisation of what a change added, or its absence by the deadline: the
 * first answer counts. `applies` says whether the change can go ahead now.
 */
export function decideChangeAuthorization(
  ref: Ref,
  state: PaymentsState,
  paymentId: string,
  answer: AuthorizationAnswer,
): { events: OrderEvent[]; applies: boolean; refusal?: string } {
  const auth = state.changeAuthorizations[paymentId];
  if (!auth || auth.status !== 'REQUESTED') return { events: [], applies: false };
  const money = { paymentId, amountMinor: auth.amountMinor, currency: state.currency! };
  const failed = (reason: string, cause: 'DECLINED' | 'TIMEOUT', providerReference?: string) => ({
    events: [
      {
        type: 'OrderPaymentAuthorizationFailed' as const,
        data: { ...ref, ...money, ...(providerReference ? { providerReference } : {}), reason, cause, failedAt: answer.at },
      },
    ],
    applies: false,
    refusal: reason,
  });
  switch (answer.outcome) {
    case 'AUTHORIZED':
      sameCurrency(state, answer.currency, `the authorisation of payment ${paymentId}`);
      if (answer.amountMinor < auth.amountMinor) {
        return failed(`the change's difference of ${auth.amountMinor} ${state.currency} was authorised for only ${answer.amountMinor}`, 'DECLINED', answer.providerReference);
      }
      return {
        events: [
          {
            type: 'OrderPaymentAuthorized',
            data: { ...ref, ...money, amountMinor: answer.amountMinor, providerReference: answer.providerReference, source: 'PROVIDER', authorizedAt: answer.at },
          },
        ],
        applies: true,
      };
    case 'DECLINED':
      return failed(`the authorisation of the change's difference was declined: ${answer.reason}`, 'DECLINED', answer.providerReference);
    case 'TIMEOUT':
      return failed(`the change's difference was not authorised by ${auth.authorizeBy}`, 'TIMEOUT');
  }
}

/**
 * A shipment left: in authorize-capture, what its lines are worth is captured now, from the order's
 * authorisation and, once that is used up, from what its changes had authorised.
 */
export function captureOnPickUp(ref: Ref, state: PaymentsState, shipmentId: string, lines: readonly SkuQuantity[], at: string): OrderEvent[] {
  if (state.paymentMode !== 'authorize-capture' || state.authorization?.status !== 'AUTHORIZED') return [];
  if (Object.values(state.captures).some((c) => c.shipmentId === shipmentId)) return [];
  let left = lines.reduce((sum, l) => sum + l.quantity * (state.unitPrices[l.sku] ?? 0), 0);
  if (left === 0) return [];
  const main = state.authorization.paymentId;
  const sources = [main, ...Object.entries(state.changeAuthorizations).filter(([, a]) => a.status === 'AUTHORIZED').map(([id]) => id)];
  const takes = new Map<string, number>();
  for (const paymentId of sources) {
    const free = balance(state, paymentId).authorizedMinor - heldByCaptures(state, paymentId);
    const take = Math.min(free, left);
    if (take <= 0) continue;
    takes.set(paymentId, take);
    left -= take;
    if (left === 0) break;
  }
  // Beyond everything authorised (it should not be): asked of the order's authorisation, the provider decides.
  if (left > 0) takes.set(main, (takes.get(main) ?? 0) + left);
  return [...takes].map(([paymentId, amountMinor]) => ({
    type: 'OrderPaymentCaptureRequested' as const,
    data: { ...ref, paymentId, amountMinor, currency: state.currency!, shipmentId, requestedAt: at },
  }));
}

/** What a payment's capture requests hold of its authorisation: requested or taken, not failed. */
function heldByCaptures(state: PaymentsState, paymentId: string): number {
  return Object.values(state.captures)
    .filter((c) => c.paymentId === paymentId && c.status !== 'FAILED')
    .reduce((sum, c) => sum + c.amountMinor, 0);
}

export type CaptureAnswer =
  | { outcome: 'CAPTURED'; paymentId: string; shipmentId: string; amountMinor: number; currency: string; providerReference: string; at: string }
  | { outcome: 'FAILED'; paymentId: string; shipmentId: string; amountMinor: number; currency: string; reason: string; providerReference?: string; at: string };

/** The provider's answer to a shipment's capture; the first answer per shipment counts. */
export function decideCapture(ref: Ref, state: PaymentsState, answer: CaptureAnswer): OrderEvent[] {
  const balance = state.payments[answer.paymentId];
  if (!balance && state.authorization?.paymentId !== answer.paymentId) {
    throw new DomainError('unknown-payment', `payment ${answer.paymentId} is not one of this order's payments`);
  }
  sameCurrency(state, answer.currency, `the capture of payment ${answer.paymentId}`);
  const current = state.captures[captureKey(answer.shipmentId, answer.paymentId)]?.status;
  if (current === 'CAPTURED' || current === 'FAILED') return [];
  const money = { paymentId: answer.paymentId, amountMinor: answer.amountMinor, currency: answer.currency, shipmentId: answer.shipmentId };
  if (answer.outcome === 'CAPTURED') {
    return [{ type: 'OrderPaymentCaptured', data: { ...ref, ...money, providerReference: answer.providerReference, source: 'PROVIDER', capturedAt: answer.at } }];
  }
  return [
    {
      type: 'OrderPaymentCaptureFailed',
      data: { ...ref, ...money, ...(answer.providerReference ? { providerReference: answer.providerReference } : {}), reason: answer.reason, failedAt: answer.at },
    },
  ];
}

export interface RefundDecision {
  refundId: string;
  reason: RefundReason;
  amountMinor: number;
  rmaNumber?: string;
  complaintId?: string;
  at: string;
}

/**
 * Money back, within what was captured and is not refunded or being refunded already. An invoice
 * order has taken no money: its refund is a credit against the invoice, settled at once. The same
 * refund (its id follows its cause) is decided once, however often its cause is redelivered.
 */
export function decideRefund(ref: Ref, state: PaymentsState, refund: RefundDecision): OrderEvent[] {
  if (state.refunds[refund.refundId]) return [];
  const cause = {
    refundId: refund.refundId,
    reason: refund.reason,
    ...(refund.rmaNumber ? { rmaNumber: refund.rmaNumber } : {}),
    ...(refund.complaintId ? { complaintId: refund.complaintId } : {}),
  };
  const currency = state.currency!;
  if ((state.paymentMode ?? 'prepaid') === 'invoice') {
    const amountMinor = Math.min(refund.amountMinor, (state.totalMinor ?? 0) - state.creditedMinor);
    const paymentId = PaymentIds.invoice(ref.orderId);
    if (amountMinor <= 0) return [refundFailed(ref, { ...cause, paymentId, amountMinor: refund.amountMinor, currency }, 'the invoice is credited in full already', refund.at)];
    return [
      {
        type: 'OrderRefundSettled',
        data: { ...ref, ...cause, paymentId, amountMinor, currency, providerReference: INVOICE_CREDIT, settledAt: refund.at },
      },
    ];
  }
  const refundable = Object.entries(state.payments)
    .map(([paymentId, b]) => ({ paymentId, free: b.capturedMinor - b.refundsHeldMinor }))
    .find((p) => p.free > 0);
  if (!refundable) {
    const captured = Object.values(state.payments).reduce((s, b) => s + b.capturedMinor, 0);
    const paymentId = state.authorization?.paymentId ?? Object.keys(state.payments)[0] ?? PaymentIds.checkout(ref.orderId);
    return [refundFailed(ref, { ...cause, paymentId, amountMinor: refund.amountMinor, currency }, `nothing captured is left to refund (captured ${captured} ${currency})`, refund.at)];
  }
  const amountMinor = Math.min(refund.amountMinor, refundable.free);
  return [
    {
      type: 'OrderRefundRequested',
      data: {
        ...ref,
        ...cause,
        paymentId: refundable.paymentId,
        amountMinor,
        currency,
        ...(amountMinor < refund.amountMinor ? { decidedMinor: refund.amountMinor } : {}),
        requestedAt: refund.at,
      },
    },
  ];
}

function refundFailed(
  ref: Ref,
  money: { refundId: string; paymentId: string; amountMinor: number; currency: string },
  reason: string,
  at: string,
): OrderEvent {
  return { type: 'OrderRefundFailed', data: { ...ref, refundId: money.refundId, paymentId: money.paymentId, amountMinor: money.amountMinor, currency: money.currency, reason, failedAt: at } };
}

export type RefundAnswer =
  | { outcome: 'REFUNDED'; refundId: string; paymentId: string; amountMinor: number; currency: string; providerReference: string; at: string }
  | { outcome: 'FAILED'; refundId: string; paymentId: string; amountMinor: number; currency: string; reason: string; providerReference?: string; at: string };

/** The provider's answer to a refund request; the first answer counts. */
export function decideRefundAnswer(ref: Ref, state: PaymentsState, answer: RefundAnswer): OrderEvent[] {
  const refund = state.refunds[answer.refundId];
  if (!refund) throw new DomainError('unknown-refund', `refund ${answer.refundId} was never requested for this order`);
  if (refund.status !== 'REQUESTED') return [];
  sameCurrency(state, answer.currency, `the answer to refund ${answer.refundId}`);
  const money = { refundId: answer.refundId, paymentId: refund.paymentId, amountMinor: answer.amountMinor, currency: answer.currency };
  if (answer.outcome === 'REFUNDED') {
    return [
      {
        type: 'OrderRefundSettled',
        data: {
          ...ref,
          ...money,
          reason: refund.reason,
          ...(refund.rmaNumber ? { rmaNumber: refund.rmaNumber } : {}),
          ...(refund.complaintId ? { complaintId: refund.complaintId } : {}),
          providerReference: answer.providerReference,
          settledAt: answer.at,
        },
      },
    ];
  }
  return [
    {
      type: 'OrderRefundFailed',
      data: { ...ref, ...money, ...(answer.providerReference ? { providerReference: answer.providerReference } : {}), reason: answer.reason, failedAt: answer.at },
    },
  ];
}

/**
 * A channel reports the payment its checkout took. A prepaid order's checkout payment, recorded at
 * confirmation, is from then on known by the channel's paymentId (refunds are asked under it); an
 * authorize-capture order's checkout authorisation is its authorisation, so inventory allocates and
 * captures go against it. The same report again changes nothing. A channel that reports what its
 * payment mode does not take (an authorisation for a prepaid order, a capture for one orderflow
 * captures per shipment, anything for an invoice) is refused. Money taken for an order that was
 * refused or cancelled is given back.
 */
export function decideCheckoutReport(ref: Ref, state: PaymentsState, report: CheckoutReport, closed: boolean): OrderEvent[] {
  sameCurrency(state, report.currency, `the checkout payment ${report.paymentId}`);
  if (state.payments[report.paymentId]) return [];
  const money = { paymentId: report.paymentId, amountMinor: report.amountMinor, currency: report.currency, providerReference: report.providerReference };
  const mode = state.paymentMode;
  if (mode === undefined || (closed && mode !== 'prepaid')) {
    // Never confirmed (rejected), or cancelled before it was paid: record what the checkout took and give it back.
    if (report.kind === 'AUTHORIZED') return [{ type: 'OrderPaymentAuthorized', data: { ...ref, ...money, source: 'CHANNEL', authorizedAt: report.at } }];
    const captured: OrderEvent = { type: 'OrderPaymentCaptured', data: { ...ref, ...money, source: 'CHANNEL', capturedAt: report.at } };
    const after = evolvePayments(state, captured);
    return [captured, ...decideRefund(ref, after, { refundId: RefundIds.forCancellation(ref.orderId), reason: 'CANCELLATION', amountMinor: report.amountMinor, at: report.at })];
  }
  const refuse = (why: string) => {
    throw new DomainError('checkout-payment-refused', `checkout payment ${report.paymentId}: ${why}`);
  };
  switch (mode) {
    case 'invoice':
      return refuse(`channel "${ref.channel}" invoices its orders; a payment taken at its checkout is not this order's`);
    case 'prepaid': {
      if (report.kind === 'AUTHORIZED') return refuse(`channel "${ref.channel}" is prepaid: report the capture its checkout took`);
      const checkout = PaymentIds.checkout(ref.orderId);
      const recorded = state.payments[checkout];
      if (!recorded) return refuse('the order already knows its checkout payment under another paymentId');
      if (recorded.capturedMinor !== report.amountMinor) {
        return refuse(`it took ${report.amountMinor} ${report.currency}, but the order's total is ${recorded.capturedMinor} ${state.currency}`);
      }
      return [{ type: 'OrderCheckoutPaymentIdentified', data: { ...ref, ...money, replacesPaymentId: checkout, identifiedAt: report.at } }];
    }
    case 'authorize-capture': {
      if (report.kind === 'CAPTURED') return refuse(`orderflow captures channel "${ref.channel}"'s orders per shipment at pick-up`);
      if (state.authorization?.status === 'AUTHORIZED') return refuse(`the order is authorised already, as payment ${state.authorization.paymentId}`);
      if (report.amountMinor < (state.totalMinor ?? 0)) {
        return refuse(`it authorised ${report.amountMinor} ${report.currency}, less than the order total ${state.totalMinor} ${state.currency}`);
      }
      return [{ type: 'OrderPaymentAuthorized', data: { ...ref, ...money, source: 'CHANNEL', authorizedAt: report.at } }];
    }
  }
}

/** A cancelled order that had been paid gives its money back, less `keepMinor` (made-to-order lines charged, docs/adr/0039). */
export function refundOnCancellation(ref: Ref, state: PaymentsState, at: string, keepMinor = 0): OrderEvent[] {
  const free = Object.values(state.payments).reduce((s, b) => s + b.capturedMinor - b.refundsHeldMinor, 0) - keepMinor;
  if (free <= 0) return [];
  return decideRefund(ref, state, { refundId: RefundIds.forCancellation(ref.orderId), reason: 'CANCELLATION', amountMinor: free, at });
}

function refundState(
  d: { amountMinor: number; paymentId: string; reason: RefundReason; rmaNumber?: string; complaintId?: string },
  status: RefundState['status'],
): RefundState {
  const { amountMinor, paymentId, reason, rmaNumber, complaintId } = d;
  return { status, amountMinor, paymentId, reason, ...(rmaNumber ? { rmaNumber } : {}), ...(complaintId ? { complaintId } : {}) };
}

const balance = (state: PaymentsState, paymentId: string): PaymentBalance =>
  state.payments[paymentId] ?? { authorizedMinor: 0, capturedMinor: 0, refundsHeldMinor: 0 };

function withBalance(state: PaymentsState, paymentId: string, change: (b: PaymentBalance) => PaymentBalance): PaymentsState {
  return { ...state, payments: { ...state.payments, [paymentId]: change(balance(state, paymentId)) } };
}

/** Folds the order events that concern money into the payments state. */
export function evolvePayments(state: PaymentsState, event: OrderEvent): PaymentsState {
  switch (event.type) {
    case 'OrderConfirmed': {
      const d = event.data;
      const unitPrices: Record<string, number> = {};
      for (const line of d.lines) unitPrices[line.sku] = line.unitPriceMinor;
      return { ...state, paymentMode: d.paymentMode ?? 'prepaid', currency: d.currency, totalMinor: d.totalMinor, unitPrices };
    }
    case 'OrderChanged': {
      const d = event.data;
      const unitPrices = { ...state.unitPrices };
      for (const line of d.lines) unitPrices[line.sku] = line.unitPriceMinor;
      return { ...state, totalMinor: d.totalMinor, unitPrices };
    }
    case 'OrderPaymentAuthorizationRequested': {
      const { paymentId, authorizeBy, changeId, amountMinor } = event.data;
      if (changeId) {
        const changeAuthorizations = { ...state.changeAuthorizations, [paymentId]: { changeId, status: 'REQUESTED' as const, amountMinor, authorizeBy } };
        return { ...state, changeAuthorizations };
      }
      return { ...state, authorization: { paymentId, status: 'REQUESTED', authorizeBy, requestedPaymentId: paymentId } };
    }
    case 'OrderPaymentAuthorized': {
      const d = event.data;
      const next = withBalance(state, d.paymentId, (b) => ({ ...b, authorizedMinor: b.authorizedMinor + d.amountMinor }));
      const forChange = state.changeAuthorizations[d.paymentId];
      if (forChange) return { ...next, changeAuthorizations: { ...next.changeAuthorizations, [d.paymentId]: { ...forChange, status: 'AUTHORIZED' } } };
      // Captures go against the payment that was authorised: orderflow's, or the channel checkout's.
      const authorization = { authorizeBy: d.authorizedAt, ...state.authorization, paymentId: d.paymentId, status: 'AUTHORIZED' as const };
      return { ...next, authorization };
    }
    case 'OrderCheckoutPaymentIdentified': {
      const d = event.data;
      const { [d.replacesPaymentId]: moved, ...others } = state.payments;
      return { ...state, payments: { ...others, [d.paymentId]: moved ?? { authorizedMinor: 0, capturedMinor: d.amountMinor, refundsHeldMinor: 0 } } };
    }
    case 'OrderPaymentAuthorizationFailed': {
      const forChange = state.changeAuthorizations[event.data.paymentId];
      if (forChange) return { ...state, changeAuthorizations: { ...state.changeAuthorizations, [event.data.paymentId]: { ...forChange, status: 'FAILED' } } };
      return state.authorization ? { ...state, authorization: { ...state.authorization, status: 'FAILED' } } : state;
    }
    case 'OrderPaymentCaptureRequested': {
      const { shipmentId, paymentId, amountMinor } = event.data;
      return { ...state, captures: { ...state.captures, [captureKey(shipmentId, paymentId)]: { status: 'REQUESTED', shipmentId, paymentId, amountMinor } } };
    }
    case 'OrderPaymentCaptured': {
      const d = event.data;
      const next = withBalance(state, d.paymentId, (b) => ({ ...b, capturedMinor: b.capturedMinor + d.amountMinor }));
      if (!d.shipmentId) return next;
      const capture = { status: 'CAPTURED' as const, shipmentId: d.shipmentId, paymentId: d.paymentId, amountMinor: d.amountMinor };
      return { ...next, captures: { ...next.captures, [captureKey(d.shipmentId, d.paymentId)]: capture } };
    }
    case 'OrderPaymentCaptureFailed': {
      const { shipmentId, paymentId, amountMinor } = event.data;
      return { ...state, captures: { ...state.captures, [captureKey(shipmentId, paymentId)]: { status: 'FAILED', shipmentId, paymentId, amountMinor } } };
    }
    case 'OrderRefundRequested': {
      const d = event.data;
      const next = withBalance(state, d.paymentId, (b) => ({ ...b, refundsHeldMinor: b.refundsHeldMinor + d.amountMinor }));
      return { ...next, refunds: { ...next.refunds, [d.refundId]: refundState(d, 'REQUESTED') } };
    }
    case 'OrderRefundSettled': {
      const d = event.data;
      const requested = state.refunds[d.refundId];
      const refunds = { ...state.refunds, [d.refundId]: refundState(d, 'SETTLED') };
      if (d.providerReference === INVOICE_CREDIT) return { ...state, refunds, creditedMinor: state.creditedMinor + d.amountMinor };
      // The provider settled what it settled: the amount held becomes that.
      const held = requested?.amountMinor ?? 0;
      return { ...withBalance(state, d.paymentId, (b) => ({ ...b, refundsHeldMinor: b.refundsHeldMinor - held + d.amountMinor })), refunds };
    }
    case 'OrderRefundFailed': {
      const d = event.data;
      const requested = state.refunds[d.refundId];
      const refunds = { ...state.refunds, [d.refundId]: { ...(requested ?? refundState({ ...d, reason: 'RETURN' }, 'FAILED')), status: 'FAILED' as const } };
      if (requested?.status !== 'REQUESTED') return { ...state, refunds };
      return { ...withBalance(state, d.paymentId, (b) => ({ ...b, refundsHeldMinor: b.refundsHeldMinor - requested.amountMinor })), refunds };
    }
    default:
      return state;
  }
}
