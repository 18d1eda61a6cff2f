import { formatInstant, formatMoney } from '../../ui/format';
import type { OrderDocument, Payment, PaymentMode, Refund } from './order-types';

/** How an order's money is read on its page: its payment mode, each payment's state, each refund's. */

export const PAYMENT_MODE_LABEL: Readonly<Record<PaymentMode, string>> = {
  prepaid: "Prepaid at the channel's checkout",
  'authorize-capture': 'Authorised at confirmation, captured per shipment',
  invoice: 'Invoiced: no payment step, the amount stays outstanding',
};

/** The mode, or why there is none: an order never confirmed takes no payment. */
export const paymentModeText = (order: Pick<OrderDocument, 'paymentMode'>): string =>
  order.paymentMode ? PAYMENT_MODE_LABEL[order.paymentMode] : 'None: the order was never confirmed';

/** What an empty payments table means for this mode. */
export function noPaymentText(order: Pick<OrderDocument, 'paymentMode'>): string {
  switch (order.paymentMode) {
    case 'invoice':
      return 'No payment: the order is invoiced.';
    case 'authorize-capture':
      return 'No authorisation requested yet.';
    case 'prepaid':
      return 'No payment recorded (the order was confirmed before payments were).';
    default:
      return 'No payment.';
  }
}

/** A payment's status, with why it failed when it did. */
export const paymentStatusText = (p: Pick<Payment, 'status' | 'failureReason'>): string =>
  p.failureReason && (p.status === 'AUTHORIZATION_FAILED' || p.status === 'CAPTURE_FAILED') ? `${p.status}: ${p.failureReason}` : p.status;

/** The providerReference of a refund credited against an invoice (libs/contracts INVOICE_CREDIT_REFERENCE; a spec keeps them equal). */
export const INVOICE_CREDIT = 'invoice-credit';

/** Where a refund stands: decided, asked of the provider, settled (or credited), or failed and why. */
export function refundStatusText(r: Refund): string {
  switch (r.status) {
    case 'REQUESTED':
      return r.requestedAt ? `REQUESTED: ${formatMoney(r.requestedMinor, r.currency)} asked of the provider` : 'REQUESTED: decided, not yet asked of the provider';
    case 'SETTLED':
      return `SETTLED ${formatInstant(r.settledAt)}${r.providerReference === INVOICE_CREDIT ? ', credited against the invoice' : ''}`;
    case 'FAILED':
      return `FAILED: ${r.failureReason ?? 'no reason given'}`;
  }
}

export const REFUND_REASON_LABEL: Readonly<Record<Refund['reason'], string>> = { RETURN: 'Return', GOODWILL: 'Goodwill (complaint)', CANCELLATION: 'Cancellation' };
