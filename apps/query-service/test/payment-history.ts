import { INVOICE_CREDIT_REFERENCE, PaymentMode, ShipmentAllocation, StreamIds } from '@orderflow/contracts';
import { PaymentViewStatus, RefundViewStatus } from '@orderflow/projections';
import { ev, HistoryWriter, OrderScript } from './order-history';

/**
 * Orders with payments, as the order service records them (its payment events on the order's
 * stream, after-sales' refund decisions on the return's or complaint's): two channels, each
 * selling in EUR and JPY (no minor unit), every payment mode, and what goes wrong with money:
 * declined and timed-out authorisations, a failed capture, a refused refund, cancellations of paid
 * and of invoiced orders, refunds capped at what was left captured.
 */
export interface PaymentStory {
  order: OrderScript;
  mode: PaymentMode;
  /** What the order document must show: each payment's status and each refund's, by id. */
  payments: Record<string, PaymentViewStatus>;
  refunds: Record<string, RefundViewStatus>;
}

export interface PaymentHistory {
  stories: PaymentStory[];
  at: (days: number, hours?: number) => Date;
  day: (days: number) => string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const iso = (d: Date) => d.toISOString();
const PRICES: Record<string, Record<string, number>> = { EUR: { MUG: 1250, TEA: 899 }, JPY: { MUG: 1500, TEA: 980 } };
const ORDER_SERVICE = 'service:order-service';

export function writePaymentHistory(w: HistoryWriter, { orders, now = new Date() }: { orders: number; now?: Date }): PaymentHistory {
  const startOfToday = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const base = startOfToday - 14 * DAY;
  const at = (days: number, hours = 0) => new Date(base + days * DAY + hours * HOUR);
  const day = (days: number) => iso(at(days)).slice(0, 10);
  for (const [sku, warehouseId] of [
    ['MUG', 'WH-BER'],
    ['TEA', 'WH-HAM'],
  ]) {
    w.add(at(0), StreamIds.stock(sku), `warehouse:${warehouseId}`, ev('StockReceived', { sku, warehouseId, quantity: 100_000 }));
  }
  const stories: PaymentStory[] = [];
  for (let k = 0; k < orders; k++) stories.push(writeOne(w, k, orders, at, day));
  return { stories, at, day };
}

function writeOne(w: HistoryWriter, k: number, orders: number, at: (days: number, hours?: number) => Date, day: (days: number) => string): PaymentStory {
  const channel = k % 2 === 0 ? 'webshop' : 'marketplace';
  const currency = k % 3 === 0 ? 'JPY' : 'EUR';
  const scenario = k % 10;
  const mode: PaymentMode = scenario <= 6 ? 'authorize-capture' : scenario === 7 ? 'prepaid' : 'invoice';
  const placedAt = new Date(at(k % 9).getTime() + ((k * 37) % 600) * MINUTE);
  const after = (ms: number) => new Date(placedAt.getTime() + ms);
  const mug = { sku: 'MUG', quantity: (k % 3) + 1, unitPriceMinor: PRICES[currency].MUG };
  const tea = { sku: 'TEA', quantity: 1, unitPriceMinor: PRICES[currency].TEA };
  const order = new OrderScript(w, {
    channel,
    externalOrderId: `PAY-${10_000 + k}`,
    orderNumber: `OF-${String(300_000 + k).padStart(6, '0')}`,
    currency,
    customerId: `C-${k % 40}`,
    lines: [mug, tea],
    placedAt,
    estimatedDeliveryDate: day((k % 9) + 3),
    paymentMode: mode,
  });
  const story: PaymentStory = { order, mode, payments: {}, refunds: {} };
  const stream = StreamIds.order(order.orderId);
  const ref = order.ref;
  const total = mug.quantity * mug.unitPriceMinor + tea.quantity * tea.unitPriceMinor;
  const payment = (paymentId: string) => ({ ...ref, paymentId, currency });
  const mugShipment: ShipmentAllocation = { shipmentId: `${order.spec.orderNumber}-1`, warehouseId: 'WH-BER', lines: [{ sku: 'MUG', quantity: mug.quantity }] };
  const teaShipment: ShipmentAllocation = { shipmentId: `${order.spec.orderNumber}-2`, warehouseId: 'WH-HAM', lines: [{ sku: 'TEA', quantity: 1 }] };
  const worth = (s: ShipmentAllocation) => (s === mugShipment ? mug.quantity * mug.unitPriceMinor : tea.unitPriceMinor);
  const promised = day((k % 9) + 3);

  order.placeAndConfirm();
  /** Cancelled before anything was allocated: nothing for inventory to release. */
  const cancel = (when: Date, reason: string) => w.add(when, stream, `channel:${channel}`, ev('OrderCancelled', { ...ref, reason, cancelledAt: iso(when), status: 'CANCELLED' }));
  const ship = (captureOf?: (s: ShipmentAllocation, at: Date) => void) => {
    order.allocate(after(HOUR), [mugShipment, teaShipment], [], promised);
    order.pickUp(after(6 * HOUR), mugShipment, 'ParcelNet', 'PARTIALLY_SHIPPED');
    captureOf?.(mugShipment, after(6 * HOUR + MINUTE));
    order.pickUp(after(20 * HOUR), teaShipment, 'ParcelNet', 'SHIPPED');
    captureOf?.(teaShipment, after(20 * HOUR + MINUTE));
    order.deliver(after(2 * DAY), mugShipment, 'ParcelNet', promised, 'SHIPPED');
    order.deliver(after(2 * DAY + HOUR), teaShipment, 'ParcelNet', promised, 'DELIVERED');
  };
  /** After-sales' decision, then the order service's request and the provider's answer (or the invoice's credit). */
  const refund = (
    cause: { rmaNumber: string } | { complaintId: string },
    when: Date,
    decidedMinor: number,
    answer: { paymentId: string; askedMinor: number; outcome: 'SETTLED' | 'FAILED' } | { invoiceId: string },
  ): string => {
    const refundId = `refund-${'rmaNumber' in cause ? cause.rmaNumber : cause.complaintId}`;
    const reason = 'rmaNumber' in cause ? 'RETURN' : 'GOODWILL';
    const issued = ev('RefundIssued', { ...ref, ...cause, amountMinor: decidedMinor, currency, reason, issuedAt: iso(when) });
    if ('rmaNumber' in cause) {
      const rma = { ...cause, ...ref };
      const authorizedAt = new Date(when.getTime() - 2 * DAY);
      w.add(
        authorizedAt,
        StreamIds.return(cause.rmaNumber),
        `channel:${channel}`,
        ev('ReturnAuthorized', {
          ...rma,
          lines: [{ sku: 'TEA', quantity: 1, reason: 'arrived damaged', unitPriceMinor: tea.unitPriceMinor }],
          resolution: 'REFUND',
          currency,
          returnBy: iso(new Date(when.getTime() + 30 * DAY)).slice(0, 10),
          authorizedAt: iso(authorizedAt),
        }),
      );
      const received = ev('ReturnReceived', { ...rma, warehouseId: 'WH-HAM', lines: [{ sku: 'TEA', quantity: 1, condition: 'RESELLABLE' }], receivedAt: iso(when) });
      w.add(when, StreamIds.return(cause.rmaNumber), 'warehouse:WH-HAM', received, issued);
    } else {
      const complaint = { ...cause, ...ref };
      const openedAt = new Date(when.getTime() - DAY);
      w.add(openedAt, StreamIds.complaint(cause.complaintId), `channel:${channel}`, ev('ComplaintOpened', { ...complaint, category: 'late delivery', message: 'two days late', source: 'CUSTOMER', openedAt: iso(openedAt) }));
      const resolved = ev('ComplaintResolved', { ...complaint, resolution: 'apologised', goodwillRefundMinor: decidedMinor, currency, resolvedAt: iso(when) });
      w.add(when, StreamIds.complaint(cause.complaintId), 'operator', resolved, issued);
    }
    const asked = new Date(when.getTime() + 10_000);
    const answered = new Date(when.getTime() + MINUTE);
    if ('invoiceId' in answer) {
      w.add(asked, stream, ORDER_SERVICE, ev('OrderRefundSettled', { ...payment(answer.invoiceId), ...cause, amountMinor: decidedMinor, refundId, reason, providerReference: INVOICE_CREDIT_REFERENCE, settledAt: iso(asked) }));
      return refundId;
    }
    const capped = answer.askedMinor < decidedMinor ? { decidedMinor } : {};
    w.add(asked, stream, ORDER_SERVICE, ev('OrderRefundRequested', { ...payment(answer.paymentId), ...cause, amountMinor: answer.askedMinor, refundId, reason, ...capped, requestedAt: iso(asked) }));
    w.add(
      answered,
      stream,
      'payment-provider',
      answer.outcome === 'SETTLED'
        ? ev('OrderRefundSettled', { ...payment(answer.paymentId), ...cause, amountMinor: answer.askedMinor, refundId, reason, providerReference: `psp-refund-${refundId}`, settledAt: iso(answered) })
        : ev('OrderRefundFailed', { ...payment(answer.paymentId), amountMinor: answer.askedMinor, refundId, providerReference: `psp-refund-${refundId}`, reason: 'card account closed', failedAt: iso(answered) }),
    );
    return refundId;
  };

  if (mode === 'authorize-capture') {
    const paymentId = `auth-${order.orderId}`;
    w.add(placedAt, stream, ORDER_SERVICE, ev('OrderPaymentAuthorizationRequested', { ...payment(paymentId), amountMinor: total, authorizeBy: iso(after(30 * MINUTE)), requestedAt: iso(placedAt) }));
    if (scenario === 0 && k >= orders - 12) {
      story.payments[paymentId] = 'AUTHORIZATION_REQUESTED'; // no answer yet
      return story;
    }
    if (scenario === 6) {
      const timeout = k % 20 === 16;
      const failedAt = after(timeout ? 30 * MINUTE : 2 * MINUTE);
      const reason = timeout ? `payment not authorised by ${iso(after(30 * MINUTE))}` : 'payment authorisation declined: insufficient funds';
      w.add(
        failedAt,
        stream,
        ORDER_SERVICE,
        ev('OrderPaymentAuthorizationFailed', {
          ...payment(paymentId),
          amountMinor: total,
          ...(timeout ? {} : { providerReference: `psp-auth-${k}` }),
          reason,
          cause: timeout ? 'TIMEOUT' : 'DECLINED',
          failedAt: iso(failedAt),
        }),
      );
      cancel(failedAt, reason);
      story.payments[paymentId] = 'AUTHORIZATION_FAILED';
      return story;
    }
    const authorizedAt = after(2 * MINUTE);
    w.add(authorizedAt, stream, 'payment-provider', ev('OrderPaymentAuthorized', { ...payment(paymentId), amountMinor: total, providerReference: `psp-auth-${k}`, source: 'PROVIDER', authorizedAt: iso(authorizedAt) }));
    ship((s, when) => {
      w.add(when, stream, ORDER_SERVICE, ev('OrderPaymentCaptureRequested', { ...payment(paymentId), amountMinor: worth(s), shipmentId: s.shipmentId, requestedAt: iso(when) }));
      const answered = new Date(when.getTime() + MINUTE);
      if (scenario === 4 && s === teaShipment) {
        w.add(answered, stream, 'payment-provider', ev('OrderPaymentCaptureFailed', { ...payment(paymentId), amountMinor: worth(s), shipmentId: s.shipmentId, reason: 'authorisation expired', failedAt: iso(answered) }));
      } else {
        w.add(answered, stream, 'payment-provider', ev('OrderPaymentCaptured', { ...payment(paymentId), amountMinor: worth(s), shipmentId: s.shipmentId, providerReference: `psp-cap-${s.shipmentId}`, source: 'PROVIDER', capturedAt: iso(answered) }));
      }
    });
    story.payments[paymentId] = scenario === 4 ? 'CAPTURE_FAILED' : 'CAPTURED';
    if (scenario === 3) {
      // The tea came back: its price refunded, capped at 500 on every other such order to stand for what was left captured.
      const capped = k % 20 === 13;
      const id = refund({ rmaNumber: `RMA-${k}` }, after(4 * DAY), tea.unitPriceMinor, { paymentId, askedMinor: capped ? 500 : tea.unitPriceMinor, outcome: 'SETTLED' });
      story.refunds[id] = 'SETTLED';
      story.payments[paymentId] = 'PARTIALLY_REFUNDED';
    }
    if (scenario === 5) {
      const id = refund({ complaintId: `CMP-${k}` }, after(3 * DAY), 300, { paymentId, askedMinor: 300, outcome: 'FAILED' });
      story.refunds[id] = 'FAILED';
    }
    return story;
  }

  if (mode === 'prepaid') {
    const paymentId = `checkout-${order.orderId}`;
    w.add(placedAt, stream, ORDER_SERVICE, ev('OrderPaymentCaptured', { ...payment(paymentId), amountMinor: total, providerReference: `checkout:${channel}:${ref.externalOrderId}`, source: 'CHANNEL', capturedAt: iso(placedAt) }));
    story.payments[paymentId] = 'CAPTURED';
    if (k % 20 === 7) {
      // Cancelled before it shipped: the order service refunds what the checkout took; no after-sales decision.
      const cancelledAt = after(30 * MINUTE);
      cancel(cancelledAt, 'customer changed mind');
      const refundId = `refund-cancel-${order.orderId}`;
      const asked = new Date(cancelledAt.getTime() + 1000);
      const settled = new Date(cancelledAt.getTime() + MINUTE);
      w.add(asked, stream, ORDER_SERVICE, ev('OrderRefundRequested', { ...payment(paymentId), amountMinor: total, refundId, reason: 'CANCELLATION', requestedAt: iso(asked) }));
      w.add(settled, stream, 'payment-provider', ev('OrderRefundSettled', { ...payment(paymentId), amountMinor: total, refundId, reason: 'CANCELLATION', providerReference: `psp-${refundId}`, settledAt: iso(settled) }));
      story.refunds[refundId] = 'SETTLED';
      story.payments[paymentId] = 'REFUNDED';
      return story;
    }
    ship();
    const id = refund({ complaintId: `CMP-${k}` }, after(3 * DAY), 200, { paymentId, askedMinor: 200, outcome: 'SETTLED' });
    story.refunds[id] = 'SETTLED';
    story.payments[paymentId] = 'PARTIALLY_REFUNDED';
    return story;
  }

  if (scenario === 9) {
    cancel(after(30 * MINUTE), 'customer changed mind');
    return story;
  }
  ship();
  if (k % 20 === 8) {
    const id = refund({ rmaNumber: `RMA-${k}` }, after(4 * DAY), tea.unitPriceMinor, { invoiceId: `invoice-${order.orderId}` });
    story.refunds[id] = 'SETTLED';
  }
  return story;
}
