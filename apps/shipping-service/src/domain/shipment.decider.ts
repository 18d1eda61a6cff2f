import { Address, Purpose, ShipmentStatus, ShippingEvent, ShippingEventData, SkuQuantity, TrackingUpdated } from '@orderflow/contracts';
import { addDays, assertNever, daysBetween, Decider, DomainError, isoDateOf } from '@orderflow/decider';
import { Carrier, chooseCarrier } from './carrier-choice';

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
  | { type: 'DetectDelay'; today: string; now: Date };

export interface ShipmentState {
  /** NONE until the shipment is requested. */
  status: ShipmentStatus | 'NONE';
  request?: ShipmentRequest;
  /** The date the shipment is due by: the promise, then each new estimate after a delay. */
  dueDate?: string;
  booking?: { carrier: string; trackingNumber: string; transitDays: number };
  /** Where the last recorded scan happened. */
  location?: string;
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
      const choice = chooseCarrier(
        command.carriers,
        { country: request.shipTo.country, weightGrams },
        bookingDate,
        promisedBy,
      );
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

function booked(data: ShippingEventData<'ShipmentBooked'>): ShipmentState['booking'] {
  return {
    carrier: data.carrier,
    trackingNumber: data.trackingNumber,
    transitDays: daysBetween(isoDateOf(new Date(data.bookedAt)), data.estimatedDeliveryDate),
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
