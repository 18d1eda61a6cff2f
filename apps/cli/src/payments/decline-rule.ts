import { createHash } from 'node:crypto';
import { PaymentRequest } from '@orderflow/contracts';

export type AuthorizationRequest = Extract<PaymentRequest, { type: 'PaymentAuthorizationRequested' }>;

/** Why the simulated card issuer declines an authorisation, or undefined when it authorises. */
export type DeclineRule = (request: AuthorizationRequest) => string | undefined;

export interface DeclineOptions {
  /** Authorisations of orders whose externalOrderId starts with it are declined ('' declines none; default `decline-`). */
  prefix?: string;
  /** Share of the other authorisations declined at random (default 0). */
  rate?: number;
  /** Makes the random declines reproducible (default `payments`). */
  seed?: string;
}

export const DEFAULT_DECLINE_PREFIX = 'decline-';

/**
 * The simulator's issuer. Tests and demos name the orders to decline; a rate adds a few more. The
 * random part is a function of the seed and the request's idempotencyKey, not of a running
 * sequence, so a request answered again after a restart gets the same verdict.
 */
export function declineRule({ prefix = DEFAULT_DECLINE_PREFIX, rate = 0, seed = 'payments' }: DeclineOptions = {}): DeclineRule {
  return (request) => {
    if (prefix !== '' && request.externalOrderId.startsWith(prefix)) {
      return `card declined: the simulated issuer declines orders whose externalOrderId starts with "${prefix}"`;
    }
    if (rate > 0 && uniform(`${seed}\u0000${request.idempotencyKey}`) < rate) return 'card declined: insufficient funds (simulated)';
    return undefined;
  };
}

/** A number in [0, 1) fixed by the text. */
function uniform(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0) / 2 ** 32;
}
