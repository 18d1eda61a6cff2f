import { Address, Customer, MadeToOrder, OrderEvent, OrderStatus, PaymentMode, PricedLine, ShipmentAllocation, SkuQuantity } from '@orderflow/contracts';
import { addDays, assertNever, Decider, DomainError, isoDateOf, laterDate } from '@orderflow/decider';
import {
  AuthorizationAnswer,
  CaptureAnswer,
  captureOnPickUp,
  CheckoutReport,
  decideCheckoutReport,
  decideAuthorization,
  decideChangeAuthorization,
  decideCapture,
  decideRefund,
  decideRefundAnswer,
  evolvePayments,
  initialPaymentsState,
  paymentOnConfirmation,
  PaymentsState,
  RefundAnswer,
  RefundDecision,
  refundOnCancellation,
} from './order-payments';
import { applyAuthorizedChange, ChangeCatalog, ChangeRequest, decideChange } from './order-changes';
import { optionProblems, ProductTerms } from './line-options';
import { chargeOnCancellation, evolveProduction, ProductionReport, ProductionState, recordProduction, startedMadeToOrder } from './order-production';
import { priceDifferences, priceFlags } from './price-check';

/** What a channel submitted, as the contract validated it. */
export interface Submission {
  channel: string;
  externalOrderId: string;
  customer: Customer;
  shippingAddress: Address;
  lines: PricedLine[];
  currency: string;
  requestedDeliveryDate?: string;
}

/** A sales channel's settings, as they stand when an order of it is decided. */
export interface ChannelSettings {
  /** Currencies the channel sells in. */
  currencies: readonly string[];
  paymentMode: PaymentMode;
  /** What a line price that differs from the catalogue's does: reject the order, flag it, or nothing. */
  priceCheck: 'reject' | 'flag' | 'off';
  /** authorize-capture: how long the provider has to authorise before the order is cancelled. */
  authorizationTimeoutMinutes: number;
}

/** What the order service knows besides the order itself, gathered by the handler. */
export interface OrderCatalog {
  /** The channel's settings; undefined when the channel is not configured. */
  channel: ChannelSettings | undefined;
  /** SKUs some warehouse has stocked. */
  knownSkus: ReadonlySet<string>;
  /** Days from confirmation to delivery for the destination country. */
  leadTimeDays: number;
  /** The catalogue's unit price per SKU for the order's channel and currency; a SKU without one is not checked. */
  prices: ReadonlyMap<string, number>;
  /** The version of the channel's stream its settings were read at: the confirmation records which judged it. */
  channelSettingsVersion?: number;
  /** The catalogue's options and made-to-order terms per SKU (docs/adr/0039); a SKU without an entry offers no options. */
  products?: ReadonlyMap<string, ProductTerms>;
}

export type OrderCommand =
  | {
      type: 'PlaceOrder';
      orderId: string;
      orderNumber: string;
      submission: Submission;
      catalog: OrderCatalog;
      now: Date;
      /** Checkout payments the channel reported before the order arrived (held until now). */
      checkoutReports?: readonly CheckoutReport[];
    }
  | {
      type: 'RecordAllocation';
      /** Shipments allocated by this allocation (new ones). */
      shipments: ShipmentAllocation[];
      /** What still waits for stock after it. */
      backordered: SkuQuantity[];
      /** Set when inventory planned the order again after a change: the shipments it released. */
      replan?: { changeId: string; released: string[] };
      now: Date;
    }
  /** A channel asked to change the order (docs/adr/0034). */
  | { type: 'ChangeOrder'; change: ChangeRequest; catalog: ChangeCatalog; now: Date }
  | {
      type: 'RecordPickUp';
      shipmentId: string;
      warehouseId: string;
      carrier: string;
      trackingNumber: string;
      lines: SkuQuantity[];
      now: Date;
    }
  | { type: 'RecordDelivery'; shipmentId: string; warehouseId: string; lines: SkuQuantity[]; deliveredAt: string }
  | { type: 'RecordDelay'; shipmentId: string; promisedBy: string; newEstimate: string; now: Date }
  | { type: 'CancelOrder'; reason: string; now: Date }
  /** Inventory reported the production of a made-to-order line (docs/adr/0039). */
  | { type: 'RecordProduction'; report: ProductionReport }
  /** The provider's answer to the authorisation request, or its absence by the deadline (TIMEOUT). */
  | { type: 'RecordAuthorization'; answer: AuthorizationAnswer }
  | { type: 'RecordCapture'; answer: CaptureAnswer }
  /** After-sales decided a refund (a return's lines, or goodwill): ask for it within what was captured. */
  | { type: 'RequestRefund'; refund: RefundDecision }
  | { type: 'RecordRefundAnswer'; answer: RefundAnswer }
  /** A channel reported the payment its own checkout took for the order. */
  | { type: 'RecordCheckoutPayment'; report: CheckoutReport };

interface ShipmentState {
  warehouseId: string;
  lines: SkuQuantity[];
  pickedUp: boolean;
  carrier?: string;
  delivered: boolean;
}

export interface OrderState {
  /** NONE until the order is placed. */
  status: OrderStatus | 'NONE';
  orderId?: string;
  orderNumber?: string;
  channel?: string;
  externalOrderId?: string;
  /** Whether inventory has reported its first allocation. */
  allocated: boolean;
  shipments: Record<string, ShipmentState>;
  backordered: SkuQuantity[];
  /** Payment mode, authorisation, captures and refunds (./order-payments.ts). */
  money: PaymentsState;
  customerId?: string;
  currency?: string;
  shippingAddress?: Address;
  lines: PricedLine[];
  /** Changes decided, by changeId: each is decided once. */
  changes: Record<string, 'AWAITING_PAYMENT' | 'APPLIED' | 'REJECTED'>;
  /** The change waiting for the authorisation of its difference. */
  pendingChange?: { changeId: string; shippingAddress: Address; lines: PricedLine[]; totalMinor: number; paymentId: string };
  /** Shipments a change released and planned again: no longer the order's. */
  replaced: Record<string, true>;
  /** The delivery date given at confirmation. */
  estimatedDeliveryDate?: string;
  /** Production of its made-to-order lines, by productionOrderId, as far as it was reported (./order-production.ts). */
  production: ProductionState;
  /** Changes whose new plan inventory reported, by changeId. */
  replans: Record<string, true>;
}

export const initialOrderState = (): OrderState => ({
  status: 'NONE',
  allocated: false,
  shipments: {},
  backordered: [],
  money: initialPaymentsState(),
  lines: [],
  changes: {},
  replaced: {},
  replans: {},
  production: {},
});

/** Collects every reason an otherwise well-formed order cannot be accepted. */
export function rejectionReasons(submission: Submission, catalog: OrderCatalog): string[] {
  const reasons: string[] = [];
  if (!catalog.channel) {
    reasons.push(`channel "${submission.channel}" is not configured`);
  } else if (!catalog.channel.currencies.includes(submission.currency)) {
    reasons.push(
      `currency ${submission.currency} is not used by channel "${submission.channel}" (it uses ${catalog.channel.currencies.join(', ')})`,
    );
  }
  const seen = new Set<string>();
  const duplicated = new Set<string>();
  for (const line of submission.lines) {
    if (seen.has(line.sku)) duplicated.add(line.sku);
    seen.add(line.sku);
  }
  for (const sku of duplicated) reasons.push(`SKU ${sku} appears on more than one line`);
  for (const sku of seen) {
    // A made-to-order product is made for the order: no warehouse needs to have stocked it.
    if (!catalog.knownSkus.has(sku) && !catalog.products?.get(sku)?.madeToOrder) reasons.push(`SKU ${sku} is not stocked by any warehouse`);
  }
  submission.lines.forEach((line, i) => reasons.push(...optionProblems(i + 1, line.sku, line.options, catalog.products?.get(line.sku))));
  if (catalog.channel?.priceCheck === 'reject') reasons.push(...priceDifferences(submission.lines, submission.currency, catalog.prices));
  if (!Number.isSafeInteger(orderTotal(submission.lines))) reasons.push('the order total is too large to represent');
  return reasons;
}

export const orderTotal = (lines: readonly PricedLine[]): number =>
  lines.reduce((sum, l) => sum + l.quantity * l.unitPriceMinor, 0);

/** The status an order is in, from its shipments and what still waits. */
export function deriveStatus(state: OrderState): OrderStatus {
  if (state.status === 'CANCELLED' || state.status === 'REJECTED' || state.status === 'NONE' || state.status === 'PLACED') {
    return state.status === 'NONE' ? 'PLACED' : state.status;
  }
  const shipments = Object.values(state.shipments);
  const waiting = state.backordered.length > 0;
  if (shipments.length === 0) return state.allocated && waiting ? 'BACKORDERED' : state.allocated ? 'ALLOCATED' : 'CONFIRMED';
  const departed = shipments.filter((s) => s.pickedUp || s.delivered).length;
  const delivered = shipments.filter((s) => s.delivered).length;
  if (!waiting && delivered === shipments.length) return 'DELIVERED';
  if (departed > 0) return !waiting && departed === shipments.length ? 'SHIPPED' : 'PARTIALLY_SHIPPED';
  return waiting ? 'BACKORDERED' : 'ALLOCATED';
}

const closed = (s: OrderState) => s.status === 'NONE' || s.status === 'CANCELLED' || s.status === 'REJECTED';

function decide(command: OrderCommand, state: OrderState): OrderEvent[] {
  switch (command.type) {
    case 'PlaceOrder':
      return placeOrder(command, state);
    case 'RecordAllocation':
      return recordAllocation(command, state);
    case 'RecordPickUp':
      return recordPickUp(command, state);
    case 'RecordDelivery':
      return recordDelivery(command, state);
    case 'RecordDelay': {
      if (closed(state) || state.status === 'DELIVERED') return [];
      return [
        {
          type: 'OrderShipmentDelayed',
          data: {
            ...ref(state),
            shipmentId: command.shipmentId,
            promisedBy: command.promisedBy,
            newEstimate: command.newEstimate,
            delayedAt: command.now.toISOString(),
          },
        },
      ];
    }
    case 'CancelOrder':
      return cancelOrder(command, state);
    case 'RecordProduction':
      return recordProduction(command.report, productionView(state));
    case 'RecordAuthorization':
      return recordAuthorization(command.answer, state);
    case 'RecordCapture':
      if (state.status === 'NONE') throw new DomainError('unknown-order', 'a capture for an order that was never placed');
      return decideCapture(ref(state), state.money, command.answer);
    case 'RequestRefund':
      if (state.status === 'NONE') throw new DomainError('unknown-order', 'a refund for an order that was never placed');
      return decideRefund(ref(state), state.money, command.refund);
    case 'RecordCheckoutPayment':
      if (state.status === 'NONE') throw new DomainError('unknown-order', 'a checkout payment for an order that was never placed');
      return decideCheckoutReport(ref(state), state.money, command.report, closed(state));
    case 'ChangeOrder':
      return changeOrder(command, state);
    case 'RecordRefundAnswer':
      if (state.status === 'NONE') throw new DomainError('unknown-order', 'a refund answer for an order that was never placed');
      return decideRefundAnswer(ref(state), state.money, command.answer);
    default:
      return assertNever(command);
  }
}

function ref(state: OrderState) {
  return { orderId: state.orderId!, channel: state.channel!, externalOrderId: state.externalOrderId! };
}

function placeOrder(command: Extract<OrderCommand, { type: 'PlaceOrder' }>, state: OrderState): OrderEvent[] {
  if (state.status !== 'NONE') return []; // the same order again: one order
  const { submission, catalog, now, orderId, orderNumber } = command;
  const at = now.toISOString();
  const document = {
    orderId,
    orderNumber,
    channel: submission.channel,
    externalOrderId: submission.externalOrderId,
    customer: submission.customer,
    shippingAddress: submission.shippingAddress,
    lines: submission.lines,
    currency: submission.currency,
    totalMinor: orderTotal(submission.lines),
    placedAt: at,
  };
  const placed: OrderEvent = {
    type: 'OrderPlaced',
    data: {
      ...document,
      ...(submission.requestedDeliveryDate ? { requestedDeliveryDate: submission.requestedDeliveryDate } : {}),
      status: 'PLACED',
    },
  };
  const reasons = rejectionReasons(submission, catalog);
  if (reasons.length > 0) {
    return withCheckoutReports([
      placed,
      {
        type: 'OrderRejected',
        data: {
          orderId,
          orderNumber,
          channel: submission.channel,
          externalOrderId: submission.externalOrderId,
          reasons,
          rejectedAt: at,
          status: 'REJECTED',
        },
      },
    ], command.checkoutReports);
  }
  const today = isoDateOf(now);
  const lines = submission.lines.map((line) => confirmedLine(line, catalog.products?.get(line.sku)?.madeToOrder, today));
  // The promise waits for the slowest factory: production lead time, then the delivery lead time.
  const productionDays = Math.max(0, ...lines.map((l) => l.madeToOrder?.productionLeadTimeDays ?? 0));
  const earliest = addDays(today, catalog.leadTimeDays + productionDays);
  const estimatedDeliveryDate = submission.requestedDeliveryDate ? laterDate(earliest, submission.requestedDeliveryDate) : earliest;
  const channel = catalog.channel!;
  const confirmed: OrderEvent = {
    type: 'OrderConfirmed',
    data: {
      ...document,
      lines,
      confirmedAt: at,
      estimatedDeliveryDate,
      paymentMode: channel.paymentMode,
      ...(catalog.channelSettingsVersion !== undefined ? { channelSettingsVersion: catalog.channelSettingsVersion } : {}),
      status: 'CONFIRMED',
    },
  };
  const order = { orderId, channel: submission.channel, externalOrderId: submission.externalOrderId };
  const flagged = channel.priceCheck === 'flag' ? priceFlags(order, priceDifferences(submission.lines, submission.currency, catalog.prices), at) : [];
  const payment = paymentOnConfirmation(
    { orderId, channel: submission.channel, externalOrderId: submission.externalOrderId },
    { totalMinor: document.totalMinor, currency: submission.currency, paymentMode: channel.paymentMode, authorizationTimeoutMinutes: channel.authorizationTimeoutMinutes },
    now,
    command.checkoutReports,
  );
  return withCheckoutReports([placed, confirmed, ...flagged, ...payment], command.checkoutReports);
}

/** A line as confirmed: a made-to-order one with the terms it is sold on and the day the factory has until. */
function confirmedLine(line: PricedLine, madeToOrder: MadeToOrder | undefined, today: string): PricedLine {
  if (!madeToOrder) return line;
  const { productionLeadTimeDays, cancellationAfterStart } = madeToOrder;
  return { ...line, madeToOrder: { productionLeadTimeDays, cancellationAfterStart, dueDate: addDays(today, productionLeadTimeDays) } };
}

/** What the production rules (./order-production.ts) see of the order. */
function productionView(state: OrderState) {
  return {
    ref: state.status === 'NONE' ? undefined : ref(state),
    closed: closed(state) || state.status === 'DELIVERED',
    estimatedDeliveryDate: state.estimatedDeliveryDate,
    production: state.production,
    money: state.money,
  };
}

/**
 * Applies checkout payments reported before the order arrived to the order just decided. A report
 * the order refuses does not hold the order up: it is left out, and the handler says so.
 */
function withCheckoutReports(decided: OrderEvent[], reports: readonly CheckoutReport[] = []): OrderEvent[] {
  const events = [...decided];
  for (const report of reports) {
    const state = events.reduce(evolve, initialOrderState());
    try {
      events.push(...decideCheckoutReport(ref(state), state.money, report, closed(state)));
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
    }
  }
  return events;
}

function changeOrder(command: Extract<OrderCommand, { type: 'ChangeOrder' }>, state: OrderState): OrderEvent[] {
  if (state.status === 'NONE') throw new DomainError('unknown-order', 'cannot change an order that was never placed');
  const { change } = command;
  if (state.changes[change.changeId] || state.pendingChange?.changeId === change.changeId) return []; // decided before
  return decideChange(changeable(state), change, command.catalog, command.now).events;
}

/**
 * The answer about a change's difference: authorised, the change applies (unless a shipment it
 * touches left meanwhile); declined or unanswered, the change is refused and the order stays as it was.
 */
function recordChangeAuthorization(answer: AuthorizationAnswer, paymentId: string, state: OrderState): OrderEvent[] {
  const { events, applies, refusal } = decideChangeAuthorization(ref(state), state.money, paymentId, answer);
  const pending = state.pendingChange;
  if (!pending || pending.paymentId !== paymentId) return events;
  if (state.status === 'CANCELLED') return events;
  if (applies) {
    const after = events.reduce(evolve, state);
    return [...events, ...applyAuthorizedChange(changeable(after), pending, answer.at)];
  }
  if (!refusal) return events;
  return [...events, { type: 'OrderChangeRejected', data: { ...ref(state), changeId: pending.changeId, reason: refusal, rejectedAt: answer.at } }];
}

function changeable(state: OrderState) {
  return {
    ref: ref(state),
    status: state.status,
    customerId: state.customerId,
    currency: state.currency!,
    shippingAddress: state.shippingAddress!,
    lines: state.lines,
    shipments: state.shipments,
    money: state.money,
    pendingChangeId: state.pendingChange?.changeId,
  };
}

/** An authorisation answered (or timed out): declined or unanswered, the order is cancelled with the reason. */
function recordAuthorization(answer: AuthorizationAnswer, state: OrderState): OrderEvent[] {
  if (state.status === 'NONE') throw new DomainError('unknown-order', 'an authorisation for an order that was never placed');
  if (answer.outcome !== 'TIMEOUT' && state.money.changeAuthorizations[answer.paymentId]) {
    return recordChangeAuthorization(answer, answer.paymentId, state);
  }
  if (answer.outcome === 'TIMEOUT' && state.money.authorization?.status !== 'REQUESTED') {
    const open = Object.entries(state.money.changeAuthorizations).find(([, a]) => a.status === 'REQUESTED');
    return open ? recordChangeAuthorization(answer, open[0], state) : [];
  }
  const cancelled = state.status === 'CANCELLED' || state.status === 'REJECTED';
  const { events, cancelReason } = decideAuthorization(ref(state), state.money, answer, cancelled);
  if (!cancelReason) return events;
  return [...events, { type: 'OrderCancelled', data: { ...ref(state), reason: cancelReason, cancelledAt: answer.at, status: 'CANCELLED' } }];
}

function recordAllocation(command: Extract<OrderCommand, { type: 'RecordAllocation' }>, state: OrderState): OrderEvent[] {
  if (closed(state)) return [];
  if (command.replan) return recordReplan(command, command.replan, state);
  const fresh = command.shipments.filter((s) => !state.shipments[s.shipmentId]);
  const unchanged = fresh.length === 0 && state.allocated && sameQuantities(state.backordered, command.backordered);
  if (unchanged) return [];
  const next = evolveAllocation(state, fresh, command.backordered);
  const status = deriveStatus(next);
  const at = command.now.toISOString();
  if (command.backordered.length === 0) {
    return [{ type: 'OrderAllocated', data: { ...ref(state), shipments: fresh, allocatedAt: at, status } }];
  }
  if (!state.allocated || state.backordered.length === 0) {
    return [
      { type: 'OrderBackordered', data: { ...ref(state), shipments: fresh, backordered: command.backordered, backorderedAt: at, status } },
    ];
  }
  if (fresh.length === 0) return [];
  return [
    {
      type: 'OrderBackorderPartlyFilled',
      data: { ...ref(state), shipments: fresh, backordered: command.backordered, filledAt: at, status },
    },
  ];
}

/**
 * Inventory planned the order again after a change: the shipments it released are no longer the
 * order's, the new ones are. A released shipment that was picked up meanwhile stays (it left).
 */
function recordReplan(
  command: Extract<OrderCommand, { type: 'RecordAllocation' }>,
  replan: { changeId: string; released: string[] },
  state: OrderState,
): OrderEvent[] {
  const replacedShipments = replan.released.filter((id) => !state.replaced[id] && !state.shipments[id]?.pickedUp && !state.shipments[id]?.delivered);
  if (state.replans[replan.changeId]) return []; // the same replan again
  const fresh = command.shipments.filter((s) => !state.shipments[s.shipmentId]);
  const next = evolveAllocation(withoutShipments(state, replacedShipments), fresh, command.backordered);
  const status = deriveStatus(next);
  const at = command.now.toISOString();
  const changed = { changeId: replan.changeId, replacedShipments };
  const allocation: OrderEvent =
    command.backordered.length === 0
      ? { type: 'OrderAllocated', data: { ...ref(state), shipments: fresh, ...changed, allocatedAt: at, status } }
      : { type: 'OrderBackordered', data: { ...ref(state), shipments: fresh, ...changed, backordered: command.backordered, backorderedAt: at, status } };
  if (status !== 'DELIVERED') return [allocation];
  // What the change left to ship had all been delivered already.
  return [allocation, { type: 'OrderDelivered', data: { ...ref(state), deliveredAt: at, status: 'DELIVERED' } }];
}

function withoutShipments(state: OrderState, shipmentIds: readonly string[]): OrderState {
  if (shipmentIds.length === 0) return state;
  const shipments = { ...state.shipments };
  const replaced = { ...state.replaced };
  for (const id of shipmentIds) {
    delete shipments[id];
    replaced[id] = true;
  }
  return { ...state, shipments, replaced };
}

function recordPickUp(command: Extract<OrderCommand, { type: 'RecordPickUp' }>, state: OrderState): OrderEvent[] {
  const known = state.shipments[command.shipmentId];
  if (known && (known.pickedUp || known.delivered)) return [];
  if (state.status === 'CANCELLED') return shippedAfterCancellation(command, state);
  if (state.replaced[command.shipmentId]) {
    const { shipmentId, carrier, trackingNumber, lines, now } = command;
    return [{ type: 'OrderShippedAfterChange', data: { ...ref(state), shipmentId, carrier, trackingNumber, lines, dispatchedAt: now.toISOString() } }];
  }
  if (closed(state)) return [];
  const next = withShipment(state, command.shipmentId, command.warehouseId, command.lines, { pickedUp: true });
  const status = deriveStatus(next);
  const at = command.now.toISOString();
  return [
    {
      type: 'OrderShipmentDispatched',
      data: {
        ...ref(state),
        shipmentId: command.shipmentId,
        carrier: command.carrier,
        trackingNumber: command.trackingNumber,
        lines: command.lines,
        status: status === 'SHIPPED' ? 'SHIPPED' : 'PARTIALLY_SHIPPED',
        dispatchedAt: at,
      },
    },
    ...captureOnPickUp(ref(state), state.money, command.shipmentId, command.lines, at),
  ];
}

/**
 * The cancellation was accepted, but the carrier's pick-up was already on its way (cross-topic
 * order is not guaranteed). The goods left: say so on the order, which stays CANCELLED, so that an
 * operator case follows (after-sales) instead of the pick-up being passed over.
 */
function shippedAfterCancellation(command: Extract<OrderCommand, { type: 'RecordPickUp' }>, state: OrderState): OrderEvent[] {
  const { shipmentId, carrier, trackingNumber, lines, now } = command;
  return [
    {
      type: 'OrderShippedAfterCancellation',
      data: { ...ref(state), shipmentId, carrier, trackingNumber, lines, dispatchedAt: now.toISOString(), status: 'CANCELLED' },
    },
  ];
}

function recordDelivery(command: Extract<OrderCommand, { type: 'RecordDelivery' }>, state: OrderState): OrderEvent[] {
  if (closed(state)) return [];
  if (state.shipments[command.shipmentId]?.delivered) return [];
  const next = withShipment(state, command.shipmentId, command.warehouseId, command.lines, { pickedUp: true, delivered: true });
  const status = deriveStatus(next);
  const delivered: OrderEvent = {
    type: 'OrderShipmentDelivered',
    data: { ...ref(state), shipmentId: command.shipmentId, lines: command.lines, deliveredAt: command.deliveredAt, status },
  };
  if (status !== 'DELIVERED') return [delivered];
  return [delivered, { type: 'OrderDelivered', data: { ...ref(state), deliveredAt: command.deliveredAt, status: 'DELIVERED' } }];
}

function cancelOrder(command: Extract<OrderCommand, { type: 'CancelOrder' }>, state: OrderState): OrderEvent[] {
  const at = command.now.toISOString();
  switch (state.status) {
    case 'NONE':
      throw new DomainError('unknown-order', 'cannot cancel an order that was never placed');
    case 'CANCELLED':
      return [];
    case 'REJECTED':
      return [
        {
          type: 'OrderCancellationRejected',
          data: { ...ref(state), reason: 'the order was rejected, so there is nothing to cancel', rejectedAt: at },
        },
      ];
    default: {
      const departed = Object.entries(state.shipments).find(([, s]) => s.pickedUp || s.delivered);
      if (departed) {
        const [shipmentId, shipment] = departed;
        return [
          {
            type: 'OrderCancellationRejected',
            data: {
              ...ref(state),
              reason: `shipment ${shipmentId} has already been picked up${shipment.carrier ? ` by ${shipment.carrier}` : ''}; request a return once it is delivered`,
              rejectedAt: at,
            },
          },
        ];
      }
      const started = startedMadeToOrder(state.lines, state.production);
      const refused = started.filter((s) => s.line.madeToOrder!.cancellationAfterStart === 'refuse');
      if (refused.length > 0) {
        const which = refused.map((s) => `SKU ${s.sku} (production order ${s.productionOrderId})`).join(', ');
        return [
          {
            type: 'OrderCancellationRejected',
            data: { ...ref(state), reason: `production of ${which} has started, and a made-to-order product cannot be cancelled after that`, rejectedAt: at },
          },
        ];
      }
      // A product that charges for a late cancellation keeps its line's amount; the rest goes back.
      const charges = started.map((s) => ({ sku: s.sku, productionOrderId: s.productionOrderId, amountMinor: s.line.quantity * s.line.unitPriceMinor }));
      const chargedMinor = charges.reduce((sum, c) => sum + c.amountMinor, 0);
      return [
        {
          type: 'OrderCancelled',
          data: { ...ref(state), reason: command.reason, ...(charges.length > 0 ? { charges } : {}), cancelledAt: at, status: 'CANCELLED' },
        },
        ...refundOnCancellation(ref(state), state.money, at, chargedMinor),
        ...chargeOnCancellation(ref(state), state.money, charges, at),
      ];
    }
  }
}

function sameQuantities(a: readonly SkuQuantity[], b: readonly SkuQuantity[]): boolean {
  const key = (l: readonly SkuQuantity[]) =>
    [...l]
      .sort((x, y) => x.sku.localeCompare(y.sku))
      .map((x) => `${x.sku}:${x.quantity}`)
      .join(',');
  return key(a) === key(b);
}

function evolveAllocation(state: OrderState, shipments: readonly ShipmentAllocation[], backordered: SkuQuantity[]): OrderState {
  const next: OrderState = { ...state, allocated: true, backordered, shipments: { ...state.shipments } };
  for (const s of shipments) {
    next.shipments[s.shipmentId] ??= { warehouseId: s.warehouseId, lines: s.lines, pickedUp: false, delivered: false };
  }
  return next;
}

function withShipment(
  state: OrderState,
  shipmentId: string,
  warehouseId: string,
  lines: SkuQuantity[],
  change: Partial<ShipmentState>,
): OrderState {
  const current = state.shipments[shipmentId] ?? { warehouseId, lines, pickedUp: false, delivered: false };
  return { ...state, shipments: { ...state.shipments, [shipmentId]: { ...current, ...change } } };
}

function evolve(before: OrderState, event: OrderEvent): OrderState {
  const state = { ...before, money: evolvePayments(before.money, event) };
  switch (event.type) {
    case 'OrderPlaced':
      return {
        ...state,
        status: 'PLACED',
        orderId: event.data.orderId,
        orderNumber: event.data.orderNumber,
        channel: event.data.channel,
        externalOrderId: event.data.externalOrderId,
        customerId: event.data.customer.id,
        currency: event.data.currency,
        shippingAddress: event.data.shippingAddress,
        lines: event.data.lines,
      };
    case 'OrderChangeAwaitingPayment': {
      const { changeId, shippingAddress, lines, totalMinor, paymentId } = event.data;
      return { ...state, changes: { ...state.changes, [changeId]: 'AWAITING_PAYMENT' }, pendingChange: { changeId, shippingAddress, lines, totalMinor, paymentId } };
    }
    case 'OrderChanged': {
      const d = event.data;
      const pendingChange = state.pendingChange?.changeId === d.changeId ? undefined : state.pendingChange;
      return { ...state, shippingAddress: d.shippingAddress, lines: d.lines, changes: { ...state.changes, [d.changeId]: 'APPLIED' }, pendingChange };
    }
    case 'OrderChangeRejected': {
      const d = event.data;
      const pendingChange = state.pendingChange?.changeId === d.changeId ? undefined : state.pendingChange;
      return { ...state, changes: { ...state.changes, [d.changeId]: 'REJECTED' }, pendingChange };
    }
    case 'OrderConfirmed':
      return { ...state, status: 'CONFIRMED', lines: event.data.lines, estimatedDeliveryDate: event.data.estimatedDeliveryDate };
    case 'OrderProductionStarted':
    case 'OrderProductionCompleted':
    case 'OrderProductionDelayed':
    case 'OrderProductionFailed':
      return { ...state, production: evolveProduction(state.production, event) };
    case 'OrderRejected':
      return { ...state, status: 'REJECTED' };
    case 'OrderAllocated':
    case 'OrderBackordered':
    case 'OrderBackorderPartlyFilled': {
      const backordered = event.type === 'OrderAllocated' ? [] : event.data.backordered;
      const changeId = event.type === 'OrderBackorderPartlyFilled' ? undefined : event.data.changeId;
      const replacedShipments = event.type === 'OrderBackorderPartlyFilled' ? [] : (event.data.replacedShipments ?? []);
      const next = { ...evolveAllocation(withoutShipments(state, replacedShipments), event.data.shipments, backordered), status: event.data.status };
      return changeId ? { ...next, replans: { ...next.replans, [changeId]: true } } : next;
    }
    case 'OrderShipmentDispatched': {
      const next = withShipment(state, event.data.shipmentId, '', event.data.lines, { pickedUp: true, carrier: event.data.carrier });
      return { ...next, status: event.data.status };
    }
    case 'OrderShipmentDelivered': {
      const next = withShipment(state, event.data.shipmentId, '', event.data.lines, { pickedUp: true, delivered: true });
      return { ...next, status: event.data.status };
    }
    case 'OrderDelivered':
      return { ...state, status: 'DELIVERED' };
    case 'OrderCancelled':
      return { ...state, status: 'CANCELLED' };
    case 'OrderShippedAfterCancellation':
      return withShipment(state, event.data.shipmentId, '', event.data.lines, { pickedUp: true, carrier: event.data.carrier });
    case 'OrderShippedAfterChange':
    case 'OrderShipmentDelayed':
    case 'OrderCancellationRejected':
    case 'OrderPriceFlagged':
    case 'OrderPaymentAuthorizationRequested':
    case 'OrderPaymentAuthorized':
    case 'OrderPaymentAuthorizationFailed':
    case 'OrderPaymentCaptureRequested':
    case 'OrderPaymentCaptured':
    case 'OrderPaymentCaptureFailed':
    case 'OrderRefundRequested':
    case 'OrderRefundSettled':
    case 'OrderRefundFailed':
    case 'OrderCheckoutPaymentIdentified':
      return state;
    default:
      return assertNever(event);
  }
}

export const orderDecider: Decider<OrderState, OrderCommand, OrderEvent> = {
  initialState: initialOrderState,
  decide,
  evolve,
};
