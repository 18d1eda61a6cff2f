import { z } from 'zod';
import { currency, envelope, minorUnits } from './envelope';
import { derivedId } from './ids';
import { NotifiableEvent } from './notifications';

/**
 * `payment.requests`, keyed by paymentId: what orderflow asks of the payment provider. Each request
 * is made from a stored order event, so a republished event gives the very same request: its
 * messageId and idempotencyKey are derived from the event, and a provider that remembers
 * idempotency keys answers a repeat without moving money twice.
 */
const request = {
  paymentId: z.string().min(1),
  orderId: z.uuid(),
  channel: z.string().min(1),
  externalOrderId: z.string().min(1),
  amountMinor: minorUnits,
  currency,
  /** The same for every delivery of one request; a provider deduplicates on it. */
  idempotencyKey: z.uuid(),
};

export const PaymentRequestSchemas = {
  PaymentAuthorizationRequested: envelope('PaymentAuthorizationRequested', 1, request),
  PaymentCaptureRequested: envelope('PaymentCaptureRequested', 1, { ...request, shipmentId: z.string().min(1) }),
  PaymentRefundRequested: envelope('PaymentRefundRequested', 1, {
    ...request,
    refundId: z.string().min(1),
    reason: z.enum(['RETURN', 'GOODWILL', 'CANCELLATION']),
  }),
} as const;

export type PaymentRequestType = keyof typeof PaymentRequestSchemas;
export type PaymentRequest = { [T in PaymentRequestType]: z.infer<(typeof PaymentRequestSchemas)[T]> }[PaymentRequestType];

type Data = Record<string, unknown> & {
  paymentId: string;
  orderId: string;
  channel: string;
  externalOrderId: string;
  amountMinor: number;
  currency: string;
};

/** Which stored order events ask the provider for something, and what they ask. */
const FROM_EVENT: Record<string, (d: Data) => Record<string, unknown> & { type: PaymentRequestType }> = {
  OrderPaymentAuthorizationRequested: () => ({ type: 'PaymentAuthorizationRequested' }),
  OrderPaymentCaptureRequested: (d) => ({ type: 'PaymentCaptureRequested', shipmentId: d.shipmentId }),
  OrderRefundRequested: (d) => ({ type: 'PaymentRefundRequested', refundId: d.refundId, reason: d.reason }),
};

/** The request to the payment provider a stored event gives rise to, if any. */
export function paymentRequestFor(event: NotifiableEvent): PaymentRequest | undefined {
  const make = FROM_EVENT[event.type];
  if (!make) return undefined;
  const d = event.data as Data;
  const body = make(d);
  const id = derivedId(event.eventId, 'payment-request');
  return {
    version: 1,
    messageId: id,
    occurredAt: event.recordedAt.toISOString(),
    paymentId: d.paymentId,
    orderId: d.orderId,
    channel: d.channel,
    externalOrderId: d.externalOrderId,
    amountMinor: d.amountMinor,
    currency: d.currency,
    idempotencyKey: id,
    ...body,
  } as PaymentRequest;
}
