import { InventoryEvent, InventoryEventData, ownValue, SkuQuantity } from '@orderflow/contracts';
import { assertNever, Decider } from '@orderflow/decider';

/**
 * The events of a `restock-<rmaNumber>` stream: what inventory may put back on the shelf for one
 * return. After-sales decides returns; inventory learns of its decision from aftersales.events and
 * restocks only what it authorised, each line once, whatever the warehouse reports.
 */
export type RestockEvent = Extract<
  InventoryEvent,
  { type: 'ReturnExpected' | 'ReturnNotAuthorized' | 'ReturnParcelHeld' | 'ReturnParcelAccepted' | 'ReturnParcelRefused' }
>;

export type ReturnedLine = InventoryEventData<'ReturnParcelHeld'>['lines'][number];
type RefusedLine = InventoryEventData<'ReturnParcelRefused'>['lines'][number];

/** A parcel that arrived before inventory heard the return authorised, kept aside. */
export interface HeldParcel {
  parcelId: string;
  warehouseId: string;
  lines: ReturnedLine[];
}

export interface RestockState {
  /** UNKNOWN until after-sales' decision arrives (a parcel may come first: cross-topic order). */
  status: 'UNKNOWN' | 'EXPECTED' | 'NOT_AUTHORIZED';
  orderId?: string;
  /** Why after-sales did not authorise the return. */
  rejection?: string;
  /** Authorised quantity per SKU. */
  authorized: Record<string, number>;
  /** SKUs a parcel was accepted for: each line of a return is received once. */
  received: string[];
  /** Waiting for the authorisation, in arrival order. */
  held: HeldParcel[];
  /** Every parcel held or decided, so a redelivered one is decided once. */
  parcels: string[];
}

export const initialRestockState = (): RestockState => ({ status: 'UNKNOWN', authorized: {}, received: [], held: [], parcels: [] });

export type RestockCommand =
  | { type: 'ExpectReturn'; rmaNumber: string; orderId: string; lines: readonly SkuQuantity[]; now: Date }
  | { type: 'RecordReturnRejected'; rmaNumber: string; orderId: string; reason: string; now: Date }
  | {
      type: 'ReceiveParcel';
      rmaNumber: string;
      /** The warehouse's message id: the same report redelivered is the same parcel. */
      parcelId: string;
      warehouseId: string;
      lines: readonly ReturnedLine[];
      now: Date;
    };

function decide(command: RestockCommand, state: RestockState): RestockEvent[] {
  switch (command.type) {
    case 'ExpectReturn':
      return expectReturn(command, state);
    case 'RecordReturnRejected':
      return recordRejection(command, state);
    case 'ReceiveParcel':
      return receiveParcel(command, state);
    default:
      return assertNever(command);
  }
}

function expectReturn(command: Extract<RestockCommand, { type: 'ExpectReturn' }>, state: RestockState): RestockEvent[] {
  if (state.status !== 'UNKNOWN') return []; // after-sales decides a return once
  const { rmaNumber, orderId, now } = command;
  const expected: RestockEvent = {
    type: 'ReturnExpected',
    data: { rmaNumber, orderId, lines: sumBySku(command.lines), expectedAt: now.toISOString() },
  };
  // Parcels that came early are decided now, in the order they arrived.
  const events: RestockEvent[] = [expected];
  let next = evolve(state, expected);
  for (const parcel of state.held) {
    const decided = judge(next, rmaNumber, parcel, now);
    events.push(...decided);
    next = decided.reduce(evolve, next);
  }
  return events;
}

function recordRejection(command: Extract<RestockCommand, { type: 'RecordReturnRejected' }>, state: RestockState): RestockEvent[] {
  if (state.status !== 'UNKNOWN') return [];
  const { rmaNumber, orderId, reason, now } = command;
  const rejected: RestockEvent = { type: 'ReturnNotAuthorized', data: { rmaNumber, orderId, reason, recordedAt: now.toISOString() } };
  const next = evolve(state, rejected);
  return [rejected, ...state.held.map((parcel) => refuseWhole(next, rmaNumber, parcel, now))];
}

function receiveParcel(command: Extract<RestockCommand, { type: 'ReceiveParcel' }>, state: RestockState): RestockEvent[] {
  const { rmaNumber, parcelId, warehouseId, now } = command;
  if (state.parcels.includes(parcelId)) return [];
  const parcel: HeldParcel = { parcelId, warehouseId, lines: [...command.lines] };
  switch (state.status) {
    case 'UNKNOWN':
      // Not authorised as far as inventory knows: nothing is restocked until after-sales says so.
      return [{ type: 'ReturnParcelHeld', data: { rmaNumber, parcelId, warehouseId, lines: parcel.lines, heldAt: now.toISOString() } }];
    case 'NOT_AUTHORIZED':
      return [refuseWhole(state, rmaNumber, parcel, now)];
    case 'EXPECTED':
      return judge(state, rmaNumber, parcel, now);
    default:
      return assertNever(state.status);
  }
}

/**
 * What of a parcel counts for an authorised return: per SKU, at most what was authorised (the
 * parcel's lines in order), and only if no earlier parcel was accepted for that SKU.
 */
function judge(state: RestockState, rmaNumber: string, parcel: HeldParcel, now: Date): RestockEvent[] {
  const left = { ...state.authorized };
  const accepted: ReturnedLine[] = [];
  const refused: RefusedLine[] = [];
  for (const line of parcel.lines) {
    // Own entries only: a line of SKU "constructor" is one the return does not hold.
    const authorized = ownValue(state.authorized, line.sku);
    if (authorized === undefined) {
      refused.push({ ...line, reason: `${line.sku} is not part of ${rmaNumber}` });
      continue;
    }
    if (state.received.includes(line.sku)) {
      refused.push({ ...line, reason: `${line.sku} of ${rmaNumber} was received before` });
      continue;
    }
    const take = Math.min(line.quantity, left[line.sku]);
    left[line.sku] -= take;
    if (take > 0) accepted.push({ ...line, quantity: take });
    if (take < line.quantity) {
      refused.push({ ...line, quantity: line.quantity - take, reason: `beyond the ${authorized} of ${line.sku} that ${rmaNumber} authorised` });
    }
  }
  const at = now.toISOString();
  const where = { rmaNumber, orderId: state.orderId!, parcelId: parcel.parcelId, warehouseId: parcel.warehouseId };
  const events: RestockEvent[] = [];
  if (accepted.length > 0) events.push({ type: 'ReturnParcelAccepted', data: { ...where, lines: accepted, acceptedAt: at } });
  if (refused.length > 0) events.push({ type: 'ReturnParcelRefused', data: { ...where, lines: refused, refusedAt: at } });
  return events;
}

function refuseWhole(state: RestockState, rmaNumber: string, parcel: HeldParcel, now: Date): RestockEvent {
  const reason = `${rmaNumber} was not authorised: ${state.rejection}`;
  return {
    type: 'ReturnParcelRefused',
    data: {
      rmaNumber,
      ...(state.orderId ? { orderId: state.orderId } : {}),
      parcelId: parcel.parcelId,
      warehouseId: parcel.warehouseId,
      lines: parcel.lines.map((l) => ({ ...l, reason })),
      refusedAt: now.toISOString(),
    },
  };
}

function sumBySku(lines: readonly SkuQuantity[]): SkuQuantity[] {
  const totals = new Map<string, number>();
  for (const l of lines) totals.set(l.sku, (totals.get(l.sku) ?? 0) + l.quantity);
  return [...totals].map(([sku, quantity]) => ({ sku, quantity }));
}

const withoutHeld = (state: RestockState, parcelId: string): Pick<RestockState, 'held' | 'parcels'> => ({
  held: state.held.filter((p) => p.parcelId !== parcelId),
  parcels: state.parcels.includes(parcelId) ? state.parcels : [...state.parcels, parcelId],
});

function evolve(state: RestockState, event: RestockEvent): RestockState {
  switch (event.type) {
    case 'ReturnExpected':
      return {
        ...state,
        status: 'EXPECTED',
        orderId: event.data.orderId,
        authorized: Object.fromEntries(event.data.lines.map((l) => [l.sku, l.quantity])),
      };
    case 'ReturnNotAuthorized':
      return { ...state, status: 'NOT_AUTHORIZED', orderId: event.data.orderId, rejection: event.data.reason };
    case 'ReturnParcelHeld': {
      const { parcelId, warehouseId, lines } = event.data;
      return { ...state, held: [...state.held, { parcelId, warehouseId, lines }], parcels: [...state.parcels, parcelId] };
    }
    case 'ReturnParcelAccepted': {
      const skus = event.data.lines.map((l) => l.sku).filter((sku) => !state.received.includes(sku));
      return { ...state, ...withoutHeld(state, event.data.parcelId), received: [...state.received, ...new Set(skus)] };
    }
    case 'ReturnParcelRefused':
      return { ...state, ...withoutHeld(state, event.data.parcelId) };
    default:
      return assertNever(event);
  }
}

export const restockDecider: Decider<RestockState, RestockCommand, RestockEvent> = {
  initialState: initialRestockState,
  decide,
  evolve,
};
