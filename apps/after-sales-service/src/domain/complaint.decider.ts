import { AftersalesEvent, ownValue } from '@orderflow/contracts';
import { assertNever, Decider, DomainError } from '@orderflow/decider';

export type ComplaintEventType = 'ComplaintOpened' | 'ComplaintAcknowledged' | 'ComplaintResolved' | 'RefundIssued';
export type ComplaintEvent = Extract<AftersalesEvent, { type: ComplaintEventType }>;
export type ComplaintSource = 'CUSTOMER' | 'CARRIER';

/** Hours to resolve a complaint, per category, with a `default` for the rest. */
export type ComplaintSla = Readonly<Record<string, number>> & { readonly default: number };

export type ComplaintCommand =
  | {
      type: 'OpenComplaint';
      complaintId: string;
      orderId: string;
      channel: string;
      externalOrderId: string;
      category: string;
      message: string;
      source: ComplaintSource;
      shipmentId?: string;
      sla: ComplaintSla;
      now: Date;
    }
  | {
      type: 'ResolveComplaint';
      resolution: string;
      goodwillRefundMinor?: number;
      /** The order as the local view knows it; undefined when its confirmation was never seen. */
      order: RefundableOrder | undefined;
      now: Date;
    };

/** What was paid for an order and what after-sales has refunded of it so far (returns and goodwill). */
export interface RefundableOrder {
  currency: string;
  paidMinor: number;
  refundedMinor: number;
}

/** Never below 0: a return refunded after a goodwill refund may have taken the total past what was paid. */
export const refundableOf = (order: RefundableOrder): number => Math.max(0, order.paidMinor - order.refundedMinor);

/** A goodwill refund larger than what is left to refund of the order. */
export class GoodwillExceedsRefundable extends DomainError {
  readonly field = 'goodwillRefundMinor';

  constructor(
    readonly externalOrderId: string,
    readonly requestedMinor: number,
    readonly order: RefundableOrder,
  ) {
    super(
      'goodwill-exceeds-refundable',
      `field "goodwillRefundMinor": expected at most ${refundableOf(order)}, what is left to refund of order ${externalOrderId} ` +
        `(${order.paidMinor} paid, ${order.refundedMinor} already refunded, ${order.currency}), got ${requestedMinor}`,
    );
  }

  get refundableMinor(): number {
    return refundableOf(this.order);
  }
}

export interface ComplaintState {
  status: 'NONE' | 'OPEN' | 'RESOLVED';
  complaintId?: string;
  orderId?: string;
  channel?: string;
  externalOrderId?: string;
  category?: string;
}

export const initialComplaintState = (): ComplaintState => ({ status: 'NONE' });

/** The category's own entry or the default: a category named "constructor" is just another category. */
export const slaHoursFor = (category: string, sla: ComplaintSla): number => ownValue(sla, category) ?? sla.default;

function decide(command: ComplaintCommand, state: ComplaintState): ComplaintEvent[] {
  switch (command.type) {
    case 'OpenComplaint':
      return openComplaint(command, state);
    case 'ResolveComplaint':
      return resolveComplaint(command, state);
    default:
      return assertNever(command);
  }
}

function openComplaint(command: Extract<ComplaintCommand, { type: 'OpenComplaint' }>, state: ComplaintState): ComplaintEvent[] {
  if (state.status !== 'NONE') return []; // opened already
  const { complaintId, orderId, channel, externalOrderId, category, message, source, shipmentId, now } = command;
  const ref = { complaintId, orderId, channel, externalOrderId };
  const resolveBy = new Date(now.getTime() + slaHoursFor(category, command.sla) * 3_600_000);
  return [
    {
      type: 'ComplaintOpened',
      data: { ...ref, category, message, source, ...(shipmentId ? { shipmentId } : {}), openedAt: now.toISOString() },
    },
    { type: 'ComplaintAcknowledged', data: { ...ref, resolveBy: resolveBy.toISOString(), acknowledgedAt: now.toISOString() } },
  ];
}

function resolveComplaint(
  command: Extract<ComplaintCommand, { type: 'ResolveComplaint' }>,
  state: ComplaintState,
): ComplaintEvent[] {
  if (state.status === 'NONE') throw new DomainError('unknown-complaint', 'no complaint with this id has been opened');
  if (state.status === 'RESOLVED') throw new DomainError('already-resolved', `complaint ${state.complaintId} is already resolved`);
  const ref = { complaintId: state.complaintId!, orderId: state.orderId!, channel: state.channel!, externalOrderId: state.externalOrderId! };
  const at = command.now.toISOString();
  const goodwill = command.goodwillRefundMinor ?? 0;
  if (goodwill === 0) return [{ type: 'ComplaintResolved', data: { ...ref, resolution: command.resolution, resolvedAt: at } }];
  const { order } = command;
  if (!order) {
    throw new DomainError(
      'unknown-order',
      `a goodwill refund needs the order's currency, but order ${state.externalOrderId} of channel "${state.channel}" is unknown`,
    );
  }
  if (goodwill > refundableOf(order)) throw new GoodwillExceedsRefundable(state.externalOrderId!, goodwill, order);
  const { currency } = order;
  const { complaintId, ...orderRef } = ref;
  return [
    {
      type: 'ComplaintResolved',
      data: { ...ref, resolution: command.resolution, goodwillRefundMinor: goodwill, currency, resolvedAt: at },
    },
    {
      type: 'RefundIssued',
      data: { ...orderRef, complaintId, amountMinor: goodwill, currency, reason: 'GOODWILL', issuedAt: at },
    },
  ];
}

function evolve(state: ComplaintState, event: ComplaintEvent): ComplaintState {
  switch (event.type) {
    case 'ComplaintOpened': {
      const { complaintId, orderId, channel, externalOrderId, category } = event.data;
      return { status: 'OPEN', complaintId, orderId, channel, externalOrderId, category };
    }
    case 'ComplaintResolved':
      return { ...state, status: 'RESOLVED' };
    case 'ComplaintAcknowledged':
    case 'RefundIssued':
      return state;
    default:
      return assertNever(event);
  }
}

export const complaintDecider: Decider<ComplaintState, ComplaintCommand, ComplaintEvent> = {
  initialState: initialComplaintState,
  decide,
  evolve,
};
