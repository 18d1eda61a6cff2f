import { Address, derivedId, OrderEvent, PaymentMode, PricedLine, SkuQuantity } from '@orderflow/contracts';
import { decideRefund, evolvePayments, PaymentsState } from './order-payments';
import { optionProblems, ProductTerms } from './line-options';
import { priceDifferences, priceFlags } from './price-check';

/*
 * Order changes before they ship (docs/adr/0034), as pure functions the order decider calls. A
 * change names a new shipping address and lines whose quantity changes, that are removed (quantity
 * 0) or added. It is accepted while none of the shipments it touches has been picked up: a new
 * address touches every shipment, a line the shipments that carry its SKU, an added line none.
 * What the order now is goes out as OrderChanged; inventory and shipping plan again from it.
 */

/** A change as the channel asked for it, with the address already sealed. */
export interface ChangeRequest {
  changeId: string;
  customerId?: string;
  shippingAddress?: Address;
  lines?: { sku: string; quantity: number; unitPriceMinor?: number }[];
  reason?: string;
}

/** What the order service knows besides the order, as the change is decided. */
export interface ChangeCatalog {
  knownSkus: ReadonlySet<string>;
  /** The catalogue's unit prices for the order's channel and currency. */
  prices: ReadonlyMap<string, number>;
  priceCheck: 'reject' | 'flag' | 'off';
  authorizationTimeoutMinutes: number;
  /** The catalogue's options and made-to-order terms of the SKUs named (docs/adr/0039). */
  products?: ReadonlyMap<string, ProductTerms>;
}

/** The part of the order's state a change is judged by. */
export interface ChangeableOrder {
  ref: { orderId: string; channel: string; externalOrderId: string };
  status: string;
  customerId?: string;
  currency: string;
  shippingAddress: Address;
  lines: PricedLine[];
  shipments: Record<string, { lines: SkuQuantity[]; pickedUp: boolean; delivered: boolean; carrier?: string }>;
  money: PaymentsState;
  /** A change that waits for the authorisation of its difference. */
  pendingChangeId?: string;
}

/** The id of the authorisation an order change's difference asks for: derived, so a retried decision asks once. */
export const changeAuthorizationId = (orderId: string, changeId: string) => derivedId(orderId, `change-authorization:${changeId}`);
/** The id of what a prepaid channel's checkout took for a change's difference. */
export const changeCheckoutId = (orderId: string, changeId: string) => derivedId(orderId, `change-checkout:${changeId}`);
/** A change that lowers a paid order's total refunds the difference once. */
export const changeRefundId = (changeId: string) => `refund-change-${changeId}`;

export type ChangeOutcome =
  | { kind: 'REJECTED'; events: OrderEvent[] }
  | { kind: 'CHANGED' | 'AWAITING_PAYMENT'; events: OrderEvent[] };

/** Decides a change the order has not decided before. */
export function decideChange(order: ChangeableOrder, change: ChangeRequest, catalog: ChangeCatalog, now: Date): ChangeOutcome {
  const at = now.toISOString();
  const reject = (reason: string, shipmentId?: string): ChangeOutcome => ({
    kind: 'REJECTED',
    events: [
      {
        type: 'OrderChangeRejected',
        data: { ...order.ref, changeId: change.changeId, reason, ...(shipmentId ? { shipmentId } : {}), rejectedAt: at },
      },
    ],
  });
  if (order.status === 'CANCELLED' || order.status === 'REJECTED' || order.status === 'DELIVERED') {
    return reject(`the order is ${order.status}; it can no longer change`);
  }
  if (order.pendingChangeId) return reject(`change ${order.pendingChangeId} waits for the authorisation of its difference; send this one after it`);
  if (order.money.authorization?.status === 'REQUESTED') {
    return reject("the order's payment is not authorised yet; change it once it is");
  }
  // A held made-to-order order is allocated from what it was confirmed with (docs/adr/0039).
  const madeToOrder = order.lines.find((l) => l.madeToOrder);
  if (madeToOrder) return reject(`SKU ${madeToOrder.sku} is made to order: an order with made-to-order lines cannot change; cancel it instead`);
  if (change.customerId !== undefined && order.customerId !== undefined && change.customerId !== order.customerId) {
    return reject(`customerId ${change.customerId} is not the order's customer`);
  }

  const next = nextLines(order.lines, change.lines ?? [], catalog);
  if ('problem' in next) return reject(next.problem);
  if (next.lines.length === 0) return reject('the change removes every line; cancel the order instead');
  const addressChanged = change.shippingAddress !== undefined;
  if (!addressChanged && next.changedSkus.length === 0) return reject('the change changes nothing: every line keeps its quantity');
  const totalMinor = next.lines.reduce((sum, l) => sum + l.quantity * l.unitPriceMinor, 0);
  if (!Number.isSafeInteger(totalMinor)) return reject('the order total is too large to represent');
  const added = next.lines.filter((l) => !order.lines.some((o) => o.sku === l.sku));
  const differences = catalog.priceCheck === 'off' ? [] : priceDifferences(added, order.currency, catalog.prices);
  if (catalog.priceCheck === 'reject' && differences.length > 0) return reject(differences.join('; '));

  const touched = new Set(next.changedSkus);
  for (const [shipmentId, shipment] of Object.entries(order.shipments)) {
    if (!shipment.pickedUp && !shipment.delivered) continue;
    const sku = shipment.lines.find((l) => touched.has(l.sku))?.sku;
    if (!addressChanged && sku === undefined) continue;
    const what = addressChanged ? 'the shipping address' : `SKU ${sku}`;
    return reject(`shipment ${shipmentId} has already been picked up${shipment.carrier ? ` by ${shipment.carrier}` : ''}; ${what} can no longer change`, shipmentId);
  }

  const shippingAddress = change.shippingAddress ?? order.shippingAddress;
  const previousTotalMinor = order.lines.reduce((sum, l) => sum + l.quantity * l.unitPriceMinor, 0);
  const flags = catalog.priceCheck === 'flag' ? priceFlags(order.ref, differences, at) : [];
  const mode: PaymentMode = order.money.paymentMode ?? 'prepaid';
  const difference = totalMinor - previousTotalMinor;

  if (mode === 'authorize-capture' && difference > 0) {
    // More money than was authorised: the change waits for the difference to be authorised.
    const paymentId = changeAuthorizationId(order.ref.orderId, change.changeId);
    const authorizeBy = new Date(now.getTime() + catalog.authorizationTimeoutMinutes * 60_000).toISOString();
    return {
      kind: 'AWAITING_PAYMENT',
      events: [
        ...flags,
        {
          type: 'OrderChangeAwaitingPayment',
          data: { ...order.ref, changeId: change.changeId, shippingAddress, lines: next.lines, totalMinor, paymentId, awaitingSince: at },
        },
        {
          type: 'OrderPaymentAuthorizationRequested',
          data: { ...order.ref, paymentId, amountMinor: difference, currency: order.currency, authorizeBy, changeId: change.changeId, requestedAt: at },
        },
      ],
    };
  }
  const changed = changedEvent(order, { changeId: change.changeId, reason: change.reason, shippingAddress, lines: next.lines, totalMinor, addressChanged, skus: next.changedSkus }, at);
  return { kind: 'CHANGED', events: [...flags, changed, ...paymentForChange(order, changed, mode, at)] };
}

/** The change, applied, once its difference is authorised: unless a shipment it touches left meanwhile. */
export function applyAuthorizedChange(
  order: ChangeableOrder,
  pending: { changeId: string; shippingAddress: Address; lines: PricedLine[]; totalMinor: number },
  at: string,
): OrderEvent[] {
  const skus = changedSkusOf(order.lines, pending.lines);
  const addressChanged = JSON.stringify(pending.shippingAddress) !== JSON.stringify(order.shippingAddress);
  for (const [shipmentId, shipment] of Object.entries(order.shipments)) {
    if (!shipment.pickedUp && !shipment.delivered) continue;
    if (!addressChanged && !shipment.lines.some((l) => skus.includes(l.sku))) continue;
    return [
      {
        type: 'OrderChangeRejected',
        data: {
          ...order.ref,
          changeId: pending.changeId,
          reason: `shipment ${shipmentId} was picked up while the change waited for its payment; the authorised difference is not captured`,
          shipmentId,
          rejectedAt: at,
        },
      },
    ];
  }
  return [changedEvent(order, { ...pending, addressChanged, skus }, at)];
}

function changedEvent(
  order: ChangeableOrder,
  c: { changeId: string; reason?: string; shippingAddress: Address; lines: PricedLine[]; totalMinor: number; addressChanged: boolean; skus: string[] },
  at: string,
): OrderEvent {
  const replannedShipments = Object.entries(order.shipments)
    .filter(([, s]) => !s.pickedUp && !s.delivered)
    .map(([id]) => id);
  return {
    type: 'OrderChanged',
    data: {
      ...order.ref,
      changeId: c.changeId,
      shippingAddress: c.shippingAddress,
      lines: c.lines,
      currency: order.currency,
      totalMinor: c.totalMinor,
      previousTotalMinor: order.lines.reduce((sum, l) => sum + l.quantity * l.unitPriceMinor, 0),
      changed: { shippingAddress: c.addressChanged, skus: c.skus },
      replannedShipments,
      ...(c.reason ? { reason: c.reason } : {}),
      changedAt: at,
    },
  };
}

/**
 * The money side of an applied change. A prepaid channel's checkout took a raised total's
 * difference; a lowered total gives back what was paid beyond it. An authorize-capture order
 * captures per shipment what its lines are worth, so a lower total needs nothing unless more was
 * captured than the order is now worth. An invoice's amount simply follows the total.
 */
function paymentForChange(order: ChangeableOrder, changed: OrderEvent, mode: PaymentMode, at: string): OrderEvent[] {
  if (changed.type !== 'OrderChanged') return [];
  const { changeId, totalMinor, previousTotalMinor } = changed.data;
  if (mode === 'invoice') return [];
  const money = evolvePayments(order.money, changed);
  if (mode === 'prepaid' && totalMinor > previousTotalMinor) {
    return [
      {
        type: 'OrderPaymentCaptured',
        data: {
          ...order.ref,
          paymentId: changeCheckoutId(order.ref.orderId, changeId),
          amountMinor: totalMinor - previousTotalMinor,
          currency: order.currency,
          providerReference: `checkout:${order.ref.channel}:${order.ref.externalOrderId}:${changeId}`,
          source: 'CHANNEL',
          capturedAt: at,
        },
      },
    ];
  }
  const paid = Object.values(money.payments).reduce((s, b) => s + b.capturedMinor - b.refundsHeldMinor, 0);
  const excess = paid - totalMinor;
  if (excess <= 0) return [];
  return decideRefund(order.ref, money, { refundId: changeRefundId(changeId), reason: 'ORDER_CHANGE', amountMinor: excess, at });
}

/** The order's lines after the change, and the SKUs whose quantity it changed; or why it cannot be. */
function nextLines(
  current: readonly PricedLine[],
  requested: readonly { sku: string; quantity: number; unitPriceMinor?: number }[],
  catalog: ChangeCatalog,
): { lines: PricedLine[]; changedSkus: string[] } | { problem: string } {
  const lines = current.map((l) => ({ ...l }));
  const changedSkus: string[] = [];
  for (const r of requested) {
    const existing = lines.find((l) => l.sku === r.sku);
    if (existing) {
      if (r.unitPriceMinor !== undefined && r.unitPriceMinor !== existing.unitPriceMinor) {
        return { problem: `SKU ${r.sku}: a line's price does not change (${existing.unitPriceMinor}, not ${r.unitPriceMinor})` };
      }
      if (r.quantity === existing.quantity) continue;
      existing.quantity = r.quantity;
      changedSkus.push(r.sku);
      continue;
    }
    if (r.quantity === 0) return { problem: `SKU ${r.sku} is not on the order, so there is no line to remove` };
    if (r.unitPriceMinor === undefined) return { problem: `SKU ${r.sku} is a new line: expected its unitPriceMinor` };
    const terms = catalog.products?.get(r.sku);
    if (terms?.madeToOrder) return { problem: `SKU ${r.sku} is made to order: a change cannot add it; order it on its own` };
    // A change names no options: a product that requires some cannot be added by one.
    const missing = optionProblems(lines.length + 1, r.sku, undefined, terms);
    if (missing.length > 0) return { problem: `${missing.join('; ')}: a change cannot give options; order it on its own` };
    if (!catalog.knownSkus.has(r.sku)) return { problem: `SKU ${r.sku} is not stocked by any warehouse` };
    lines.push({ sku: r.sku, quantity: r.quantity, unitPriceMinor: r.unitPriceMinor });
    changedSkus.push(r.sku);
  }
  return { lines: lines.filter((l) => l.quantity > 0), changedSkus };
}

/** The SKUs whose quantity differs between two versions of the order's lines. */
function changedSkusOf(before: readonly PricedLine[], after: readonly PricedLine[]): string[] {
  const quantity = (lines: readonly PricedLine[], sku: string) => lines.find((l) => l.sku === sku)?.quantity ?? 0;
  const skus = [...new Set([...before, ...after].map((l) => l.sku))];
  return skus.filter((sku) => quantity(before, sku) !== quantity(after, sku));
}
