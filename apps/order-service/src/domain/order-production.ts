import { OrderEvent, PricedLine } from '@orderflow/contracts';
import { DomainError } from '@orderflow/decider';
import { PaymentsState, refundOnCancellation } from './order-payments';

/*
 * The production of an order's made-to-order lines (docs/adr/0039), as pure functions the order
 * decider calls. Inventory owns the production orders; the order records what it reports, so the
 * channel hears of it and a cancellation is judged by whether production had started.
 */

type Ref = { orderId: string; channel: string; externalOrderId: string };

/** What inventory reported about one production order. */
export type ProductionReport =
  | { outcome: 'STARTED'; productionOrderId: string; sku: string; at: string }
  | { outcome: 'COMPLETED'; productionOrderId: string; sku: string; quantity: number; at: string }
  | { outcome: 'DELAYED'; productionOrderId: string; sku: string; dueDate: string; at: string }
  | { outcome: 'FAILED'; productionOrderId: string; sku: string; reason: string; at: string };

export interface ProductionProgress {
  sku: string;
  /** REQUESTED: only a delay was reported so far. */
  status: 'REQUESTED' | 'STARTED' | 'COMPLETED' | 'FAILED';
  delayed: boolean;
}

/** By productionOrderId. */
export type ProductionState = Record<string, ProductionProgress>;

/** The part of the order a production report is judged by. */
export interface ProductionView {
  /** Undefined while the order was never placed. */
  ref?: Ref;
  /** Cancelled, rejected or delivered: nothing about production changes it any more. */
  closed: boolean;
  estimatedDeliveryDate?: string;
  production: ProductionState;
  money: PaymentsState;
}

const over = (status: ProductionProgress['status'] | undefined) => status === 'COMPLETED' || status === 'FAILED';

/**
 * A report becomes the order's event once: a start, a completion, the first delay. A failure
 * cancels the order with a full refund: nothing of it has shipped (it is held whole until its
 * production is done, docs/adr/0039), and it cannot be delivered as ordered.
 */
export function recordProduction(report: ProductionReport, order: ProductionView): OrderEvent[] {
  if (!order.ref) throw new DomainError('unknown-order', `production order ${report.productionOrderId} names an order that was never placed`);
  if (order.closed) return [];
  const ref = order.ref;
  const { productionOrderId, sku, at } = report;
  const current = order.production[productionOrderId];
  switch (report.outcome) {
    case 'STARTED':
      if (current && current.status !== 'REQUESTED') return [];
      return [{ type: 'OrderProductionStarted', data: { ...ref, productionOrderId, sku, startedAt: at } }];
    case 'COMPLETED':
      if (over(current?.status)) return [];
      return [{ type: 'OrderProductionCompleted', data: { ...ref, productionOrderId, sku, quantity: report.quantity, completedAt: at } }];
    case 'DELAYED':
      if (current?.delayed || over(current?.status)) return [];
      return [
        {
          type: 'OrderProductionDelayed',
          data: { ...ref, productionOrderId, sku, dueDate: report.dueDate, promisedBy: order.estimatedDeliveryDate ?? report.dueDate, delayedAt: at },
        },
      ];
    case 'FAILED':
      if (over(current?.status)) return [];
      return [
        { type: 'OrderProductionFailed', data: { ...ref, productionOrderId, sku, reason: report.reason, failedAt: at } },
        { type: 'OrderCancelled', data: { ...ref, reason: `production of SKU ${sku} failed: ${report.reason}`, cancelledAt: at, status: 'CANCELLED' } },
        ...refundOnCancellation(ref, order.money, at),
      ];
  }
}

/** The made-to-order lines whose production has started (or is done), with their production order. */
export function startedMadeToOrder(lines: readonly PricedLine[], production: ProductionState): { productionOrderId: string; sku: string; line: PricedLine }[] {
  return Object.entries(production)
    .filter(([, p]) => p.status === 'STARTED' || p.status === 'COMPLETED')
    .flatMap(([productionOrderId, p]) => {
      const line = lines.find((l) => l.sku === p.sku && l.madeToOrder);
      return line ? [{ productionOrderId, sku: p.sku, line }] : [];
    });
}

/**
 * What an authorize-capture order's cancellation charge takes: each charged line's amount is
 * captured from the order's authorisation, under its production order's id where a capture names
 * a shipment. A prepaid order keeps the charge from its refund; an invoice states it on OrderCancelled.
 */
export function chargeOnCancellation(
  ref: Ref,
  money: PaymentsState,
  charges: readonly { productionOrderId: string; amountMinor: number }[],
  at: string,
): OrderEvent[] {
  if (money.paymentMode !== 'authorize-capture' || money.authorization?.status !== 'AUTHORIZED') return [];
  const paymentId = money.authorization.paymentId;
  return charges
    .filter((c) => c.amountMinor > 0)
    .map((c) => ({
      type: 'OrderPaymentCaptureRequested' as const,
      data: { ...ref, paymentId, amountMinor: c.amountMinor, currency: money.currency!, shipmentId: c.productionOrderId, requestedAt: at },
    }));
}

type ProductionEvent = Extract<OrderEvent, { type: 'OrderProductionStarted' | 'OrderProductionCompleted' | 'OrderProductionDelayed' | 'OrderProductionFailed' }>;

export function evolveProduction(state: ProductionState, event: ProductionEvent): ProductionState {
  const { productionOrderId, sku } = event.data;
  const current: ProductionProgress = state[productionOrderId] ?? { sku, status: 'REQUESTED', delayed: false };
  const next: ProductionProgress =
    event.type === 'OrderProductionStarted'
      ? { ...current, status: 'STARTED' }
      : event.type === 'OrderProductionCompleted'
        ? { ...current, status: 'COMPLETED' }
        : event.type === 'OrderProductionFailed'
          ? { ...current, status: 'FAILED' }
          : { ...current, delayed: true };
  return { ...state, [productionOrderId]: next };
}
