import { Address, AftersalesEvent, AftersalesEventData, SkuQuantity } from '@orderflow/contracts';
import { addDays, assertNever, Decider, DomainError, isoDateOf } from '@orderflow/decider';

/** Days the customer has to send the parcel once a return is authorised. */
export const RETURN_PARCEL_DAYS = 14;

export type ReturnResolution = 'REFUND' | 'EXCHANGE';
export type ReturnEventType =
  | 'ReturnAwaitingDelivery'
  | 'ReturnAuthorized'
  | 'ReturnRejected'
  | 'ReturnReceived'
  | 'RefundIssued'
  | 'ExchangeReplacementRequested'
  | 'ExchangeShipped';
export type ReturnEvent = Extract<AftersalesEvent, { type: ReturnEventType }>;

export interface RequestedReturnLine {
  sku: string;
  quantity: number;
  reason: string;
}

/** What after-sales knows of one SKU of the order, from its local view. */
export interface OrderLineFacts {
  sku: string;
  unitPriceMinor: number;
  /** 0 for an SKU that was delivered but is not on the order. */
  ordered: number;
  delivered: number;
  /** Already authorised for return by earlier RMAs. */
  returned: number;
  /** ISO date-time of the SKU's last delivery; undefined when nothing was delivered. */
  lastDeliveredAt?: string;
}

/** The order as the local view knows it; undefined when its confirmation was never seen. */
export interface OrderFacts {
  currency: string;
  lines: readonly OrderLineFacts[];
}

export interface ReceivedLine {
  sku: string;
  quantity: number;
  condition: 'RESELLABLE' | 'DAMAGED';
}

export type ReturnCommand =
  | {
      type: 'RequestReturn';
      rmaNumber: string;
      orderId: string;
      channel: string;
      externalOrderId: string;
      lines: readonly RequestedReturnLine[];
      resolution: ReturnResolution;
      order: OrderFacts | undefined;
      returnWindowDays: number;
      /** How long a request may wait for a delivery (or order) after-sales has not seen yet; 0 = not at all. */
      awaitDeliveryHours: number;
      now: Date;
    }
  | {
      /** A delivery or the order arrived, or the wait may have run out: decide a waiting request again. */
      type: 'RedecideReturn';
      order: OrderFacts | undefined;
      returnWindowDays: number;
      now: Date;
    }
  | {
      type: 'ReceiveParcel';
      warehouseId: string;
      lines: readonly ReceivedLine[];
      /** The order's delivery address, for an exchange's replacement. */
      shipTo: Address | undefined;
      exchangeLeadTimeDays: number;
      now: Date;
    }
  | { type: 'RecordExchangeShipped'; shipmentId: string; carrier: string; trackingNumber: string; shippedAt: string };

type AuthorizedLine = AftersalesEventData<'ReturnAuthorized'>['lines'][number];

export interface ReturnState {
  status: 'NONE' | 'AWAITING_DELIVERY' | 'AUTHORIZED' | 'REJECTED' | 'RECEIVED' | 'REFUNDED' | 'EXCHANGE_PENDING' | 'EXCHANGED';
  rmaNumber?: string;
  orderId?: string;
  channel?: string;
  externalOrderId?: string;
  resolution?: ReturnResolution;
  currency?: string;
  authorized: AuthorizedLine[];
  received: ReceivedLine[];
  /** While AWAITING_DELIVERY: what was asked for, when, and until when it may wait. */
  requested?: RequestedReturnLine[];
  requestedAt?: string;
  awaitDeliveryUntil?: string;
}

export const initialReturnState = (): ReturnState => ({ status: 'NONE', authorized: [], received: [] });

/**
 * Why a return request cannot be authorised (yet), one reason per problem. `refusals` no delivery
 * can cure: an SKU not part of the order, more than was ever ordered and not already returned, a
 * closed window. `awaiting`: what a delivery after-sales has not seen yet would settle, since the
 * delivery (or the order's confirmation) may still be on its way on another topic.
 */
export function assessReturn(
  request: { externalOrderId: string; channel: string; lines: readonly RequestedReturnLine[] },
  order: OrderFacts | undefined,
  returnWindowDays: number,
  requestedAt: Date,
): { refusals: string[]; awaiting: string[] } {
  if (!order) return { refusals: [], awaiting: [`order ${request.externalOrderId} of channel "${request.channel}" is unknown`] };
  const today = isoDateOf(requestedAt);
  const refusals: string[] = [];
  const awaiting: string[] = [];
  for (const [sku, requested] of quantitiesBySku(request.lines)) {
    const line = order.lines.find((l) => l.sku === sku);
    if (!line || line.ordered === 0) {
      refusals.push(`SKU ${sku} is not part of order ${request.externalOrderId}`);
      continue;
    }
    const remaining = Math.max(0, line.delivered - line.returned);
    const stillReturnable = Math.max(remaining, line.ordered - line.returned);
    if (requested > stillReturnable) {
      refusals.push(
        `SKU ${sku}: ${requested} requested but only ${stillReturnable} can still be returned ` +
          `(${line.delivered} delivered, ${line.returned} already returned)`,
      );
      continue;
    }
    if (line.delivered === 0 || !line.lastDeliveredAt) {
      awaiting.push(`SKU ${sku} has not been delivered`);
      continue;
    }
    if (requested > remaining) awaiting.push(`SKU ${sku}: ${requested} requested but only ${line.delivered} delivered so far`);
    const windowEnd = addDays(isoDateOf(new Date(line.lastDeliveredAt)), returnWindowDays);
    if (today > windowEnd) refusals.push(`the return window of ${returnWindowDays} days for SKU ${sku} ended on ${windowEnd}`);
  }
  return { refusals, awaiting };
}

/** Sums quantities per SKU, in order of first appearance. */
function quantitiesBySku(lines: readonly { sku: string; quantity: number }[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const l of lines) totals.set(l.sku, (totals.get(l.sku) ?? 0) + l.quantity);
  return totals;
}

/**
 * What of a parcel counts: per SKU at most what the RMA authorised (the first lines first); lines
 * of SKUs the RMA does not name are ignored.
 */
export function countableParcelLines(authorized: readonly AuthorizedLine[], parcel: readonly ReceivedLine[]): ReceivedLine[] {
  const left = quantitiesBySku(authorized);
  const counted: ReceivedLine[] = [];
  for (const line of parcel) {
    const quantity = Math.min(line.quantity, left.get(line.sku) ?? 0);
    if (quantity === 0) continue;
    left.set(line.sku, (left.get(line.sku) ?? 0) - quantity);
    counted.push({ ...line, quantity });
  }
  return counted;
}

function decide(command: ReturnCommand, state: ReturnState): ReturnEvent[] {
  switch (command.type) {
    case 'RequestReturn':
      return requestReturn(command, state);
    case 'RedecideReturn':
      return redecideReturn(command, state);
    case 'ReceiveParcel':
      return receiveParcel(command, state);
    case 'RecordExchangeShipped':
      return recordExchangeShipped(command, state);
    default:
      return assertNever(command);
  }
}

function returnRef(state: ReturnState) {
  return { rmaNumber: state.rmaNumber!, orderId: state.orderId!, channel: state.channel!, externalOrderId: state.externalOrderId! };
}

function requestReturn(command: Extract<ReturnCommand, { type: 'RequestReturn' }>, state: ReturnState): ReturnEvent[] {
  if (state.status !== 'NONE') return []; // the RMA has been decided already
  const { rmaNumber, orderId, channel, externalOrderId, resolution, order, now } = command;
  const ref = { rmaNumber, orderId, channel, externalOrderId };
  const lines = [...command.lines];
  const { refusals, awaiting } = assessReturn(command, order, command.returnWindowDays, now);
  if (refusals.length === 0 && awaiting.length > 0 && command.awaitDeliveryHours > 0) {
    const awaitDeliveryUntil = new Date(now.getTime() + command.awaitDeliveryHours * 3_600_000).toISOString();
    return [
      { type: 'ReturnAwaitingDelivery', data: { ...ref, lines, resolution, awaiting, awaitDeliveryUntil, requestedAt: now.toISOString() } },
    ];
  }
  return decided(ref, lines, resolution, order, [...awaiting, ...refusals], now);
}

/**
 * A waiting request, decided again on the order's facts as they are now and the window as of the
 * request. It keeps waiting only while a delivery could still settle it and its wait has not run out.
 */
function redecideReturn(command: Extract<ReturnCommand, { type: 'RedecideReturn' }>, state: ReturnState): ReturnEvent[] {
  if (state.status !== 'AWAITING_DELIVERY') return []; // decided already (or never requested)
  const { order, now } = command;
  const ref = returnRef(state);
  const lines = state.requested!;
  const { refusals, awaiting } = assessReturn({ ...ref, lines }, order, command.returnWindowDays, new Date(state.requestedAt!));
  if (refusals.length === 0 && awaiting.length > 0) {
    if (now.getTime() < Date.parse(state.awaitDeliveryUntil!)) return [];
    const waited = `${awaiting.join('; ')} (no delivery arrived by ${state.awaitDeliveryUntil})`;
    return decided(ref, lines, state.resolution!, order, [waited], now);
  }
  return decided(ref, lines, state.resolution!, order, [...awaiting, ...refusals], now);
}

/** Authorised at the order's prices when nothing stands in the way, else rejected with every reason. */
function decided(
  ref: { rmaNumber: string; orderId: string; channel: string; externalOrderId: string },
  lines: RequestedReturnLine[],
  resolution: ReturnResolution,
  order: OrderFacts | undefined,
  reasons: string[],
  now: Date,
): ReturnEvent[] {
  if (reasons.length > 0 || !order) {
    return [{ type: 'ReturnRejected', data: { ...ref, lines, resolution, reason: reasons.join('; '), rejectedAt: now.toISOString() } }];
  }
  const priceOf = (sku: string) => order.lines.find((l) => l.sku === sku)!.unitPriceMinor;
  return [
    {
      type: 'ReturnAuthorized',
      data: {
        ...ref,
        lines: lines.map((l) => ({ sku: l.sku, quantity: l.quantity, reason: l.reason, unitPriceMinor: priceOf(l.sku) })),
        resolution,
        currency: order.currency,
        returnBy: addDays(isoDateOf(now), RETURN_PARCEL_DAYS),
        authorizedAt: now.toISOString(),
      },
    },
  ];
}

function receiveParcel(command: Extract<ReturnCommand, { type: 'ReceiveParcel' }>, state: ReturnState): ReturnEvent[] {
  if (state.status === 'NONE') throw new DomainError('unknown-rma', 'no return with this RMA number has been requested');
  if (state.status !== 'AUTHORIZED') {
    throw new DomainError(
      'return-not-awaiting-parcel',
      `return ${state.rmaNumber} is not waiting for a parcel (it is ${state.status})`,
    );
  }
  const lines = countableParcelLines(state.authorized, command.lines);
  if (lines.length === 0) {
    throw new DomainError(
      'nothing-authorised-in-parcel',
      `the parcel for return ${state.rmaNumber} holds none of its authorised SKUs (${[...quantitiesBySku(state.authorized).keys()].join(', ')})`,
    );
  }
  const at = command.now.toISOString();
  const received: ReturnEvent = {
    type: 'ReturnReceived',
    data: { ...returnRef(state), warehouseId: command.warehouseId, lines, receivedAt: at },
  };
  if (state.resolution === 'REFUND') {
    const priceOf = (sku: string) => state.authorized.find((l) => l.sku === sku)?.unitPriceMinor ?? 0;
    const { rmaNumber, ...orderRef } = returnRef(state);
    return [
      received,
      {
        type: 'RefundIssued',
        data: {
          ...orderRef,
          rmaNumber,
          amountMinor: lines.reduce((sum, l) => sum + l.quantity * priceOf(l.sku), 0),
          currency: state.currency!,
          reason: 'RETURN',
          issuedAt: at,
        },
      },
    ];
  }
  if (!command.shipTo) {
    throw new DomainError('unknown-order', `the order of return ${state.rmaNumber} has no known delivery address for a replacement`);
  }
  const replacement: SkuQuantity[] = [...quantitiesBySku(lines)].map(([sku, quantity]) => ({ sku, quantity }));
  return [
    received,
    {
      type: 'ExchangeReplacementRequested',
      data: {
        ...returnRef(state),
        lines: replacement,
        shipTo: command.shipTo,
        promisedBy: addDays(isoDateOf(command.now), command.exchangeLeadTimeDays),
        requestedAt: at,
      },
    },
  ];
}

function recordExchangeShipped(
  command: Extract<ReturnCommand, { type: 'RecordExchangeShipped' }>,
  state: ReturnState,
): ReturnEvent[] {
  switch (state.status) {
    case 'EXCHANGED':
      return []; // another shipment of the same replacement, or the same pick-up again
    case 'EXCHANGE_PENDING':
      return [
        {
          type: 'ExchangeShipped',
          data: {
            ...returnRef(state),
            shipmentId: command.shipmentId,
            carrier: command.carrier,
            trackingNumber: command.trackingNumber,
            shippedAt: command.shippedAt,
          },
        },
      ];
    case 'NONE':
      throw new DomainError('unknown-rma', `exchange shipment ${command.shipmentId} names no known return`);
    default:
      throw new DomainError(
        'no-exchange-pending',
        `return ${state.rmaNumber} has no replacement waiting to ship (it is ${state.status}), yet shipment ${command.shipmentId} was picked up for it`,
      );
  }
}

function evolve(state: ReturnState, event: ReturnEvent): ReturnState {
  switch (event.type) {
    case 'ReturnAwaitingDelivery': {
      const { rmaNumber, orderId, channel, externalOrderId, resolution, lines, requestedAt, awaitDeliveryUntil } = event.data;
      return {
        ...state,
        status: 'AWAITING_DELIVERY',
        rmaNumber,
        orderId,
        channel,
        externalOrderId,
        resolution,
        requested: lines,
        requestedAt,
        awaitDeliveryUntil,
      };
    }
    case 'ReturnAuthorized': {
      const { rmaNumber, orderId, channel, externalOrderId, resolution, currency, lines } = event.data;
      return { ...state, status: 'AUTHORIZED', rmaNumber, orderId, channel, externalOrderId, resolution, currency, authorized: lines };
    }
    case 'ReturnRejected': {
      const { rmaNumber, orderId, channel, externalOrderId, resolution } = event.data;
      return { ...state, status: 'REJECTED', rmaNumber, orderId, channel, externalOrderId, resolution };
    }
    case 'ReturnReceived':
      return { ...state, status: 'RECEIVED', received: event.data.lines };
    case 'RefundIssued':
      return { ...state, status: 'REFUNDED' };
    case 'ExchangeReplacementRequested':
      return { ...state, status: 'EXCHANGE_PENDING' };
    case 'ExchangeShipped':
      return { ...state, status: 'EXCHANGED' };
    default:
      return assertNever(event);
  }
}

export const returnDecider: Decider<ReturnState, ReturnCommand, ReturnEvent> = {
  initialState: initialReturnState,
  decide,
  evolve,
};
