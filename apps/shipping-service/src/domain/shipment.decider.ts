import { Address, GeoPoint, Purpose, ShipmentStatus, ShippingEvent, ShippingEventData, SkuQuantity, TrackingUpdated } from '@orderflow/contracts';
import { addDays, assertNever, daysBetween, Decider, DomainError, isoDateOf } from '@orderflow/decider';
import { Carrier, chooseCarrier, isLocalCourier } from './carrier-choice';

/** What an allocation says about one of its shipments: everything needed to book it later. */
export interface ShipmentRequest {
  shipmentId: string;
  orderId: string;
  channel: string;
  externalOrderId: string;
  purpose: Purpose;
  rmaNumber?: string;
  reservationId: string;
  warehouseId: string;
  lines: SkuQuantity[];
  shipTo: Address;
  promisedBy: string;
  /** From the warehouse to the address, when allocation could measure it. */
  distanceKm?: number;
  /** Where the warehouse is, when allocation could place it: couriers are measured from here. */
  origin?: GeoPoint;
}

/** An available courier of the shipment's carrier, and how far it is from the warehouse. */
export interface CourierCandidate {
  courierId: string;
  /** Unknown when the warehouse could not be placed: then candidates come longest-available first. */
  distanceKm?: number;
}

export type TrackingStatus = TrackingUpdated['status'];

/** Days added to the check date when a shipment not yet booked is late (no carrier to ask). */
export const UNBOOKED_DELAY_DAYS = 2;

export type ShipmentCommand =
  | { type: 'RequestShipment'; request: ShipmentRequest; now: Date }
  | {
      type: 'PackShipment';
      /** The parcel as its warehouse weighed it; without it, the catalogue's weights of its lines. */
      weightGrams?: number;
      /** The catalogue's weight of one unit, per SKU of the shipment that has one. */
      catalogueWeights: ReadonlyMap<string, number>;
      carriers: readonly Carrier[];
      /** A fresh number from the service's sequence: the tracking number is the carrier's prefix plus it. */
      parcelNumber: number;
      now: Date;
      /** The one warehouse the sender speaks for, when it speaks for one (ADR 18): it must be the shipment's. */
      packedBy?: string;
    }
  | { type: 'RecordScan'; status: TrackingStatus; location?: string; scannedAt: string }
  | { type: 'CancelShipment'; reason: string; now: Date }
  | { type: 'DetectDelay'; today: string; now: Date }
  /**
   * Offer the shipment to the first candidate (nearest first, claimed by the caller), or record
   * that it waits for a courier when there is none (docs/adr/0038).
   */
  | { type: 'AssignCourier'; candidates: readonly CourierCandidate[]; acceptWithinMs: number; now: Date }
  | { type: 'AcceptCourier'; carrier: string; courierId: string; now: Date }
  | { type: 'LapseCourier'; now: Date };

export interface ShipmentState {
  /** NONE until the shipment is requested. */
  status: ShipmentStatus | 'NONE';
  request?: ShipmentRequest;
  /** The date the shipment is due by: the promise, then each new estimate after a delay. */
  dueDate?: string;
  booking?: { carrier: string; trackingNumber: string; transitDays: number; localCourier: boolean };
  /** Where the last recorded scan happened. */
  location?: string;
  /** The courier it is offered to, or that took it (local couriers only). */
  courier?: { courierId: string; acceptBy: string; accepted: boolean };
  /** Couriers who let an offer of it lapse: it is not offered to them again. */
  lapsedCouriers?: string[];
  /** Offers made so far. */
  courierAttempts?: number;
  /** No courier was available at the last try. */
  awaitingCourier?: boolean;
}

export const initialShipmentState = (): ShipmentState => ({ status: 'NONE' });

/** Tracking numbers are the carrier's prefix and ten digits. */
export const trackingNumberOf = (carrier: Carrier, parcelNumber: number): string =>
  `${carrier.trackingPrefix}${String(parcelNumber).padStart(10, '0')}`;

const finished = (s: ShipmentState) => s.status === 'DELIVERED' || s.status === 'RETURNED_TO_SENDER' || s.status === 'CANCELLED';

function decide(command: ShipmentCommand, state: ShipmentState): ShippingEvent[] {
  switch (command.type) {
    case 'RequestShipment':
      if (state.status !== 'NONE') return [];
      return [{ type: 'ShipmentRequested', data: { ...command.request, requestedAt: command.now.toISOString() } }];
    case 'PackShipment':
      return packShipment(command, state);
    case 'RecordScan':
      return recordScan(command, state);
    case 'CancelShipment':
      return cancelShipment(command, state);
    case 'DetectDelay':
      return detectDelay(command, state);
    case 'AssignCourier':
      return assignCourier(command, state);
    case 'AcceptCourier':
      return acceptCourier(command, state);
    case 'LapseCourier':
      return lapseCourier(command, state);
    default:
      return assertNever(command);
  }
}

function ref(state: ShipmentState) {
  const r = state.request!;
  return {
    shipmentId: r.shipmentId,
    orderId: r.orderId,
    channel: r.channel,
    externalOrderId: r.externalOrderId,
    purpose: r.purpose,
    ...(r.rmaNumber !== undefined ? { rmaNumber: r.rmaNumber } : {}),
  };
}

function carrierRef(state: ShipmentState) {
  return { carrier: state.booking!.carrier, trackingNumber: state.booking!.trackingNumber };
}

function packShipment(command: Extract<ShipmentCommand, { type: 'PackShipment' }>, state: ShipmentState): ShippingEvent[] {
  const from = state.request?.warehouseId;
  if (command.packedBy !== undefined && from !== undefined && command.packedBy !== from) {
    throw new DomainError('wrong-warehouse', `shipment ${state.request!.shipmentId} leaves from warehouse ${from}; ${command.packedBy} may not report it packed`);
  }
  switch (state.status) {
    case 'NONE':
      throw new DomainError('unknown-shipment', 'cannot pack a shipment that was never requested');
    case 'CANCELLED':
      throw new DomainError('shipment-cancelled', `shipment ${state.request!.shipmentId} was cancelled; it must not be packed`);
    case 'AWAITING_PACKING': {
      const request = state.request!;
      const bookingDate = isoDateOf(command.now);
      const promisedBy = state.dueDate!;
      const weightGrams = command.weightGrams ?? catalogueWeight(request, command.catalogueWeights);
      const distance = request.distanceKm !== undefined ? { distanceKm: request.distanceKm } : {};
      const choice = chooseCarrier(command.carriers, { country: request.shipTo.country, weightGrams, ...distance }, bookingDate, promisedBy);
      return [
        {
          type: 'ShipmentBooked',
          data: {
            ...ref(state),
            carrier: choice.carrier.name,
            trackingNumber: trackingNumberOf(choice.carrier, command.parcelNumber),
            serviceLevel: choice.carrier.serviceLevel,
            weightGrams,
            costMinor: choice.costMinor,
            currency: choice.carrier.currency,
            estimatedDeliveryDate: choice.estimatedDeliveryDate,
            promisedBy,
            rule: choice.rule,
            ...(isLocalCourier(choice.carrier) ? { kind: 'LOCAL_COURIER' as const } : {}),
            ...distance,
            ...(choice.carrier.co2GramsPerKm !== undefined ? { co2GramsPerKm: choice.carrier.co2GramsPerKm } : {}),
            bookedAt: command.now.toISOString(),
          },
        },
      ];
    }
    case 'BOOKED':
    case 'PICKED_UP':
    case 'IN_TRANSIT':
    case 'OUT_FOR_DELIVERY':
    case 'DELIVERED':
    case 'DELIVERY_FAILED':
    case 'RETURNED_TO_SENDER':
      return []; // packed before: booked once
    default:
      return assertNever(state.status);
  }
}

/** What a parcel weighs by the catalogue: its lines' units at their products' weights; refused when a product has none. */
function catalogueWeight(request: ShipmentRequest, weights: ReadonlyMap<string, number>): number {
  const unknown = request.lines.filter((l) => !weights.has(l.sku)).map((l) => l.sku);
  if (unknown.length > 0) {
    throw new DomainError(
      'unknown-weight',
      `shipment ${request.shipmentId} was packed without its weight, and the catalogue has no weight for SKU ${unknown.join(', ')}: send weightGrams, or register the product`,
    );
  }
  return request.lines.reduce((grams, l) => grams + l.quantity * weights.get(l.sku)!, 0);
}

function recordScan(command: Extract<ShipmentCommand, { type: 'RecordScan' }>, state: ShipmentState): ShippingEvent[] {
  switch (state.status) {
    case 'NONE':
      throw new DomainError('unknown-shipment', `a ${command.status} scan names a shipment that was never requested`);
    case 'AWAITING_PACKING':
      throw new DomainError('not-booked', `shipment ${state.request!.shipmentId} has no carrier booked, so it cannot be scanned ${command.status}`);
    case 'CANCELLED':
      if (!state.booking) {
        throw new DomainError('not-booked', `shipment ${state.request!.shipmentId} was cancelled before a carrier was booked (scanned ${command.status})`);
      }
      // The carrier took a parcel whose cancellation had already won: the goods left all the same.
      // Recording the pick-up (not refusing the scan) lets inventory account for the stock and the
      // order service and after-sales open the case; see docs/adr/0013.
      break;
    case 'DELIVERED':
    case 'RETURNED_TO_SENDER':
      return []; // stale: the parcel's journey is over
    case 'BOOKED':
    case 'PICKED_UP':
    case 'IN_TRANSIT':
    case 'OUT_FOR_DELIVERY':
    case 'DELIVERY_FAILED':
      break;
    default:
      return assertNever(state.status);
  }
  const events: ShippingEvent[] = [];
  const location = command.location !== undefined ? { location: command.location } : {};
  if (state.status === 'BOOKED' || state.status === 'CANCELLED') {
    // Any scan means the carrier has the parcel, even when the pick-up scan itself never arrived
    // (then where it was picked up is unknown).
    events.push({
      type: 'ShipmentPickedUp',
      data: {
        ...ref(state),
        ...carrierRef(state),
        warehouseId: state.request!.warehouseId,
        lines: state.request!.lines,
        ...(command.status === 'PICKED_UP' ? location : {}),
        pickedUpAt: command.scannedAt,
      },
    });
  } else if (command.status === state.status && command.location === state.location) {
    return []; // the same scan again
  }
  const scanned = { ...ref(state), ...carrierRef(state), ...location };
  switch (command.status) {
    case 'PICKED_UP':
      return events;
    case 'IN_TRANSIT':
    case 'OUT_FOR_DELIVERY':
      return [...events, { type: 'ShipmentInTransit', data: { ...scanned, status: command.status, scannedAt: command.scannedAt } }];
    case 'DELIVERED':
      return [
        ...events,
        {
          type: 'ShipmentDelivered',
          data: { ...scanned, lines: state.request!.lines, promisedBy: state.request!.promisedBy, deliveredAt: command.scannedAt },
        },
      ];
    case 'DELIVERY_FAILED':
      return [...events, { type: 'ShipmentDeliveryFailed', data: { ...scanned, failedAt: command.scannedAt } }];
    case 'RETURNED_TO_SENDER':
      return [...events, { type: 'ShipmentReturnedToSender', data: { ...scanned, returnedAt: command.scannedAt } }];
    default:
      return assertNever(command.status);
  }
}

function cancelShipment(command: Extract<ShipmentCommand, { type: 'CancelShipment' }>, state: ShipmentState): ShippingEvent[] {
  if (state.status !== 'AWAITING_PACKING' && state.status !== 'BOOKED') return []; // unknown, cancelled, or already with the carrier
  return [{ type: 'ShipmentCancelled', data: { ...ref(state), reason: command.reason, cancelledAt: command.now.toISOString() } }];
}

function detectDelay(command: Extract<ShipmentCommand, { type: 'DetectDelay' }>, state: ShipmentState): ShippingEvent[] {
  if (state.status === 'NONE' || finished(state)) return [];
  if (command.today <= state.dueDate!) return [];
  const days = state.booking?.transitDays ?? UNBOOKED_DELAY_DAYS;
  return [
    {
      type: 'ShipmentDelayed',
      data: { ...ref(state), promisedBy: state.dueDate!, newEstimate: addDays(command.today, days), detectedAt: command.now.toISOString() },
    },
  ];
}

/** How many of the other couriers an assignment records, nearest first: enough to explain the choice. */
const MAX_ALTERNATIVES = 5;

/** Whether a courier should be sought for the shipment now: booked with a local courier, not yet with one. */
export const needsCourier = (state: ShipmentState): boolean =>
  state.status === 'BOOKED' && state.booking?.localCourier === true && state.courier === undefined;

/** The offer of the shipment still waiting for its courier's answer, if any. */
export const openCourierOffer = (state: ShipmentState): { courierId: string; acceptBy: string } | undefined =>
  state.status === 'BOOKED' && state.courier && !state.courier.accepted ? { courierId: state.courier.courierId, acceptBy: state.courier.acceptBy } : undefined;

/** Booked for a local courier, none was free at the last try, and none has it since. */
export const waitsForCourier = (state: ShipmentState): boolean => needsCourier(state) && state.awaitingCourier === true;

/** The courier busy with the shipment (offered or accepted) until it is delivered, returned or cancelled. */
export const courierHeld = (state: ShipmentState): string | undefined =>
  state.courier && !finished(state) && state.status !== 'NONE' && state.status !== 'AWAITING_PACKING' ? state.courier.courierId : undefined;

function assignCourier(command: Extract<ShipmentCommand, { type: 'AssignCourier' }>, state: ShipmentState): ShippingEvent[] {
  if (!needsCourier(state)) return [];
  const lapsed = new Set(state.lapsedCouriers ?? []);
  const [chosen, ...others] = command.candidates.filter((c) => !lapsed.has(c.courierId));
  const at = command.now.toISOString();
  if (!chosen) {
    if (state.awaitingCourier) return [];
    return [{ type: 'CourierAwaited', data: { ...ref(state), ...carrierRef(state), warehouseId: state.request!.warehouseId, since: at } }];
  }
  return [
    {
      type: 'CourierAssigned',
      data: {
        ...ref(state),
        ...carrierRef(state),
        courierId: chosen.courierId,
        warehouseId: state.request!.warehouseId,
        ...(chosen.distanceKm !== undefined ? { distanceKm: chosen.distanceKm } : {}),
        attempt: (state.courierAttempts ?? 0) + 1,
        alternatives: others.slice(0, MAX_ALTERNATIVES).map(({ courierId, distanceKm }) => ({ courierId, ...(distanceKm !== undefined ? { distanceKm } : {}) })),
        acceptBy: new Date(command.now.getTime() + command.acceptWithinMs).toISOString(),
        assignedAt: at,
      },
    },
  ];
}

function acceptCourier(command: Extract<ShipmentCommand, { type: 'AcceptCourier' }>, state: ShipmentState): ShippingEvent[] {
  if (state.status === 'NONE') throw new DomainError('unknown-shipment', `courier ${command.courierId} accepted a shipment that was never requested`);
  if (state.booking && state.booking.carrier !== command.carrier) {
    throw new DomainError('wrong-carrier', `shipment ${state.request!.shipmentId} is booked with ${state.booking.carrier}; a courier of ${command.carrier} cannot accept it`);
  }
  // A late answer to an offer that lapsed, or a repeated one, changes nothing.
  if (!state.courier || state.courier.courierId !== command.courierId || state.courier.accepted) return [];
  return [{ type: 'CourierAssignmentAccepted', data: { ...ref(state), ...carrierRef(state), courierId: command.courierId, acceptedAt: command.now.toISOString() } }];
}

function lapseCourier(command: Extract<ShipmentCommand, { type: 'LapseCourier' }>, state: ShipmentState): ShippingEvent[] {
  const offer = state.courier;
  if (!offer || offer.accepted || command.now.toISOString() <= offer.acceptBy) return [];
  return [
    {
      type: 'CourierAssignmentLapsed',
      data: { ...ref(state), ...carrierRef(state), courierId: offer.courierId, acceptBy: offer.acceptBy, lapsedAt: command.now.toISOString() },
    },
  ];
}

function booked(data: ShippingEventData<'ShipmentBooked'>): ShipmentState['booking'] {
  return {
    carrier: data.carrier,
    trackingNumber: data.trackingNumber,
    transitDays: daysBetween(isoDateOf(new Date(data.bookedAt)), data.estimatedDeliveryDate),
    localCourier: data.kind === 'LOCAL_COURIER',
  };
}

function evolve(state: ShipmentState, event: ShippingEvent): ShipmentState {
  switch (event.type) {
    case 'ShipmentRequested': {
      const { requestedAt: _requestedAt, ...request } = event.data;
      return { status: 'AWAITING_PACKING', request, dueDate: request.promisedBy };
    }
    case 'ShipmentBooked':
      return { ...state, status: 'BOOKED', booking: booked(event.data) };
    case 'ShipmentPickedUp':
      return { ...state, status: 'PICKED_UP', location: event.data.location };
    case 'ShipmentInTransit':
      return { ...state, status: event.data.status, location: event.data.location };
    case 'ShipmentDelivered':
      return { ...state, status: 'DELIVERED', location: event.data.location };
    case 'ShipmentDeliveryFailed':
      return { ...state, status: 'DELIVERY_FAILED', location: event.data.location };
    case 'ShipmentReturnedToSender':
      return { ...state, status: 'RETURNED_TO_SENDER', location: event.data.location };
    case 'ShipmentCancelled':
      return { ...state, status: 'CANCELLED' };
    case 'ShipmentDelayed':
      return { ...state, dueDate: event.data.newEstimate };
    case 'CourierAssigned':
      return {
        ...state,
        courier: { courierId: event.data.courierId, acceptBy: event.data.acceptBy, accepted: false },
        courierAttempts: event.data.attempt,
        awaitingCourier: false,
      };
    case 'CourierAssignmentAccepted':
      return { ...state, courier: { ...state.courier!, accepted: true } };
    case 'CourierAssignmentLapsed':
      return { ...state, courier: undefined, lapsedCouriers: [...(state.lapsedCouriers ?? []), event.data.courierId] };
    case 'CourierAwaited':
      return { ...state, awaitingCourier: true };
    default:
      return assertNever(event);
  }
}

/** Whether a shipment still needs watching for delays. */
export const awaitsDelivery = (state: ShipmentState): boolean => state.status !== 'NONE' && !finished(state);

export const shipmentDecider: Decider<ShipmentState, ShipmentCommand, ShippingEvent> = {
  initialState: initialShipmentState,
  decide,
  evolve,
};
