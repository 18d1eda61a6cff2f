import { z } from 'zod';
import { currency, envelope, minorUnits } from '../envelope';

/*
 * `payment.events`, keyed by paymentId: what a payment provider (a PSP adapter, or the simulator)
 * answers to the requests on `payment.requests`, and what a channel reports about a payment taken
 * at its own checkout. Every answer repeats the paymentId, amount and currency of its request and
 * adds the provider's own reference; a failure says why.
 */

const paymentId = z.string().min(1).max(128);
const providerReference = z.string().min(1).max(256);
const reason = z.string().min(1).max(1000);
const channel = z.string().min(1).max(64);
const externalOrderId = z.string().min(1).max(128);

const answer = { paymentId, amountMinor: minorUnits, currency, providerReference };

/**
 * An authorisation or capture answers a request of orderflow (orderId), or is a channel's report
 * of a payment taken at its own checkout (channel and externalOrderId, with its own paymentId).
 */
const whoseOrder = {
  orderId: z.uuid('expected the orderId of the request').optional(),
  channel: channel.optional(),
  externalOrderId: externalOrderId.optional(),
};
const namesAnOrder = (m: { orderId?: string; channel?: string; externalOrderId?: string }) =>
  m.orderId !== undefined || (m.channel !== undefined && m.externalOrderId !== undefined);
const NAMES_AN_ORDER = {
  message: 'expected orderId (an answer to a request) or channel and externalOrderId (a payment taken at the channel checkout)',
  path: ['orderId'],
};

export const PaymentAuthorizedV1 = envelope('PaymentAuthorized', 1, { ...answer, ...whoseOrder }).refine(namesAnOrder, NAMES_AN_ORDER);
export const PaymentAuthorizationFailedV1 = envelope('PaymentAuthorizationFailed', 1, {
  ...answer,
  providerReference: providerReference.optional(),
  reason,
});
export const PaymentCapturedV1 = envelope('PaymentCaptured', 1, {
  ...answer,
  ...whoseOrder,
  /** Absent for a channel's checkout capture, which takes the whole order at once. */
  shipmentId: z.string().min(1).max(128).optional(),
}).refine(namesAnOrder, NAMES_AN_ORDER);
export const PaymentCaptureFailedV1 = envelope('PaymentCaptureFailed', 1, {
  ...answer,
  providerReference: providerReference.optional(),
  shipmentId: z.string().min(1).max(128),
  reason,
});
export const PaymentRefundedV1 = envelope('PaymentRefunded', 1, { ...answer, refundId: z.string().min(1).max(128) });
export const PaymentRefundFailedV1 = envelope('PaymentRefundFailed', 1, {
  ...answer,
  providerReference: providerReference.optional(),
  refundId: z.string().min(1).max(128),
  reason,
});

export type PaymentAuthorized = z.infer<typeof PaymentAuthorizedV1>;
export type PaymentAuthorizationFailed = z.infer<typeof PaymentAuthorizationFailedV1>;
export type PaymentCaptured = z.infer<typeof PaymentCapturedV1>;
export type PaymentCaptureFailed = z.infer<typeof PaymentCaptureFailedV1>;
export type PaymentRefunded = z.infer<typeof PaymentRefundedV1>;
export type PaymentRefundFailed = z.infer<typeof PaymentRefundFailedV1>;
export type PaymentEventMessage =
  | PaymentAuthorized
  | PaymentAuthorizationFailed
  | PaymentCaptured
  | PaymentCaptureFailed
  | PaymentRefunded
  | PaymentRefundFailed;

/** Key on payment.events and payment.requests: every message about one payment keeps its order. */
export const paymentKey = (m: { paymentId: string }) => m.paymentId;
