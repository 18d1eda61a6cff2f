import { Address, AllocationDecision, GeoPoint, InventoryEvent, Purpose, SkuQuantity } from '@orderflow/contracts';
import { assertNever, Decider, DomainError } from '@orderflow/decider';

/** The events of a `reservation-<reservationId>` stream: what one order, or one exchange, holds. */
export type ReservationEvent = Extract<
  InventoryEvent,
  {
    type:
      | 'StockAllocated'
      | 'BackorderAllocated'
      | 'ReservationReleased'
      | 'ReservationReplanned'
      | 'ReservationShipped'
      | 'ReservationShipmentReturned'
      | 'ReservationHeldForProduction'
      | 'ReservationProductionCompleted';
  }
>;

/** Who a reservation is for, as every reservation event names it. */
export interface ReservationRef {
  reservationId: string;
  orderId: string;
  channel: string;
  externalOrderId: string;
  purpose: Purpose;
  /** Set when purpose is EXCHANGE. */
  rmaNumber?: string;
}

/** One warehouse's part of an allocation, before it is named: it becomes one shipment. */
export interface PlannedShipment {
  warehouseId: string;
  lines: SkuQuantity[];
  /** From the warehouse to the address, when both could be placed (docs/adr/0037). */
  distanceKm?: number;
  /** Where the warehouse is, when it could be placed (docs/adr/0038). */
  origin?: GeoPoint;
}

export interface ReservationShipment extends PlannedShipment {
  shipmentId: string;
  shipped: boolean;
  /**
   * The cancellation asked for it back. Its stock stays held until shipping confirms the shipment
   * cancelled (then it is freed) or reports it picked up (then it ships as reserved).
   */
  released: boolean;
  /** The carrier brought it back to its warehouse, where its goods were restocked. */
  returned: boolean;
}

/** A production order a held reservation waits for (docs/adr/0039). */
export interface HeldProduction {
  productionOrderId: string;
  sku: string;
  quantity: number;
  /** Where its units arrive, and so where its line ships from. */
  warehouseId: string;
  completed: boolean;
}

/** What a reservation held for production allocates once its production orders are complete. */
export interface HeldForProduction {
  orderNumber: string;
  lines: SkuQuantity[];
  placedAt: string;
  productionOrders: HeldProduction[];
}

export interface ReservationState {
  /** HELD: an order with made-to-order lines waits for them to be made before anything is allocated. */
  status: 'NONE' | 'HELD' | 'OPEN' | 'RELEASED';
  ref?: ReservationRef;
  shipTo?: Address;
  promisedBy?: string;
  /** Shipment ids are `<prefix>-<n>`: the order number, or the RMA number of an exchange. */
  shipmentPrefix?: string;
  /** In allocation order. */
  shipments: ReservationShipment[];
  /** What still waits for stock. */
  backordered: SkuQuantity[];
  nextShipmentNumber: number;
  /** Order changes planned already, by changeId (docs/adr/0034). */
  changes: string[];
  /** Set while (and after) the reservation was held for production (docs/adr/0039). */
  held?: HeldForProduction;
}

export const initialReservationState = (): ReservationState => ({
  status: 'NONE',
  shipments: [],
  backordered: [],
  nextShipmentNumber: 1,
  changes: [],
});

export type ReservationCommand =
  | {
      type: 'Allocate';
      ref: ReservationRef;
      /** Required when purpose is ORDER (it names the shipments). */
      orderNumber?: string;
      shipTo: Address;
      promisedBy: string;
      shipments: PlannedShipment[];
      backordered: SkuQuantity[];
      /** Why these warehouses, for the timeline. */
      decision?: AllocationDecision;
      now: Date;
    }
  | { type: 'AllocateBackorder'; shipments: PlannedShipment[]; now: Date }
  | { type: 'Release'; reason: string; now: Date }
  /** The order changed: release what has not left and allocate it again as `shipments` and `backordered`. */
  | {
      type: 'Replan';
      changeId: string;
      shipTo: Address;
      shipments: PlannedShipment[];
      backordered: SkuQuantity[];
      decision?: AllocationDecision;
      now: Date;
    }
  | { type: 'Ship'; shipmentId: string; now: Date }
  | { type: 'ReturnShipmentToStock'; shipmentId: string; now: Date }
  /** An order with made-to-order lines (docs/adr/0039): wait for these production orders, then allocate `lines`. */
  | {
      type: 'HoldForProduction';
      ref: ReservationRef;
      orderNumber: string;
      shipTo: Address;
      promisedBy: string;
      lines: SkuQuantity[];
      placedAt: string;
      productionOrders: Omit<HeldProduction, 'completed'>[];
      now: Date;
    }
  | { type: 'RecordProductionCompleted'; productionOrderId: string; now: Date };

/** An order's reservation is keyed by its orderId, an exchange's by its RMA number. */
export function reservationIdOf(source: { purpose: Purpose; orderId: string; rmaNumber?: string }): string {
  if (source.purpose === 'ORDER') return source.orderId;
  if (!source.rmaNumber) throw new DomainError('missing-rma-number', `an exchange of order ${source.orderId} names no RMA number`);
  return source.rmaNumber;
}

function decide(command: ReservationCommand, state: ReservationState): ReservationEvent[] {
  switch (command.type) {
    case 'Allocate':
      return allocate(command, state);
    case 'AllocateBackorder':
      return allocateBackorder(command, state);
    case 'Release': {
      // Nothing was allocated or held, or it is released already. A held one has nothing to give back yet.
      if (state.status !== 'OPEN' && state.status !== 'HELD') return [];
      return [
        {
          type: 'ReservationReleased',
          data: {
            ...state.ref!,
            releasedShipments: state.shipments.filter((s) => !s.shipped && !s.released).map((s) => s.shipmentId),
            withdrawnBackorders: state.backordered,
            reason: command.reason,
            releasedAt: command.now.toISOString(),
          },
        },
      ];
    }
    case 'Replan': {
      if (state.status !== 'OPEN' || state.changes.includes(command.changeId)) return [];
      const shipments = command.shipments.map((s, i) => allocationOf(s, `${state.shipmentPrefix}-${state.nextShipmentNumber + i}`));
      return [
        {
          type: 'ReservationReplanned',
          data: {
            ...state.ref!,
            changeId: command.changeId,
            releasedShipments: state.shipments.filter((s) => !s.shipped && !s.released).map((s) => s.shipmentId),
            withdrawnBackorders: state.backordered,
            shipTo: command.shipTo,
            promisedBy: state.promisedBy!,
            shipments,
            backordered: command.backordered,
            ...(command.decision ? { decision: command.decision } : {}),
            replannedAt: command.now.toISOString(),
          },
        },
      ];
    }
    case 'Ship': {
      const shipment = shipmentOf(state, command.shipmentId);
      if (shipment.shipped) return [];
      const shippedAt = command.now.toISOString();
      return [{ type: 'ReservationShipped', data: { ...state.ref!, shipmentId: command.shipmentId, shippedAt } }];
    }
    case 'ReturnShipmentToStock': {
      const shipment = shipmentOf(state, command.shipmentId);
      if (shipment.returned) return []; // the same return reported again: restocked once
      if (!shipment.shipped) {
        throw new DomainError('not-shipped', `shipment ${command.shipmentId} was never picked up, so it cannot come back`);
      }
      const { shipmentId, warehouseId, lines } = shipment;
      return [
        { type: 'ReservationShipmentReturned', data: { ...state.ref!, shipmentId, warehouseId, lines, returnedAt: command.now.toISOString() } },
      ];
    }
    case 'HoldForProduction': {
      if (state.status !== 'NONE') return []; // held (or allocated) before: the same order again
      const { ref, orderNumber, shipTo, promisedBy, lines, placedAt, productionOrders, now } = command;
      if (productionOrders.length === 0) throw new DomainError('nothing-to-make', `reservation ${ref.reservationId} is held for no production order`);
      return [
        {
          type: 'ReservationHeldForProduction',
          data: { ...ref, orderNumber, shipTo, promisedBy, lines, placedAt, productionOrders, heldAt: now.toISOString() },
        },
      ];
    }
    case 'RecordProductionCompleted': {
      if (state.status !== 'HELD') return []; // released meanwhile: its units stay unreserved stock
      const production = state.held!.productionOrders.find((p) => p.productionOrderId === command.productionOrderId);
      if (!production) {
        throw new DomainError('unknown-production-order', `reservation ${state.ref!.reservationId} waits for no production order ${command.productionOrderId}`);
      }
      if (production.completed) return [];
      return [
        { type: 'ReservationProductionCompleted', data: { ...state.ref!, productionOrderId: command.productionOrderId, completedAt: command.now.toISOString() } },
      ];
    }
    default:
      return assertNever(command);
  }
}

/** Whether a held reservation has every production order it waits for made: it is allocated now. */
export const productionComplete = (state: ReservationState): boolean =>
  state.status === 'HELD' && state.held!.productionOrders.every((p) => p.completed);

/** One shipment of the reservation: where it ships from and what it holds. */
export function shipmentOf(state: ReservationState, shipmentId: string): ReservationShipment {
  if (state.status === 'NONE') throw new DomainError('unknown-reservation', `no reservation holds shipment ${shipmentId}`);
  const shipment = state.shipments.find((s) => s.shipmentId === shipmentId);
  if (!shipment) throw new DomainError('unknown-shipment', `reservation ${state.ref!.reservationId} has no shipment ${shipmentId}`);
  return shipment;
}

function allocate(command: Extract<ReservationCommand, { type: 'Allocate' }>, state: ReservationState): ReservationEvent[] {
  if (state.status === 'HELD' && !productionComplete(state)) {
    throw new DomainError('production-pending', `reservation ${state.ref!.reservationId} waits for production orders still being made`);
  }
  if (state.status !== 'NONE' && state.status !== 'HELD') return []; // allocated before: the same order again
  const { ref, orderNumber, shipTo, promisedBy, backordered, now } = command;
  const prefix = ref.purpose === 'ORDER' ? orderNumber : ref.rmaNumber;
  if (!prefix) {
    throw new DomainError('missing-shipment-prefix', `reservation ${ref.reservationId} (${ref.purpose}) names no order or RMA number`);
  }
  const shipments = command.shipments.map((s, i) => allocationOf(s, `${prefix}-${i + 1}`));
  return [
    {
      type: 'StockAllocated',
      data: {
        ...ref,
        ...(ref.purpose === 'ORDER' ? { orderNumber } : {}),
        shipTo,
        promisedBy,
        shipments,
        backordered,
        ...(command.decision ? { decision: command.decision } : {}),
        allocatedAt: now.toISOString(),
      },
    },
  ];
}

function allocateBackorder(
  command: Extract<ReservationCommand, { type: 'AllocateBackorder' }>,
  state: ReservationState,
): ReservationEvent[] {
  if (state.status !== 'OPEN') {
    throw new DomainError('reservation-not-open', `reservation ${state.ref?.reservationId ?? '(unknown)'} is ${state.status}`);
  }
  if (command.shipments.length === 0) return [];
  const waiting = new Map(state.backordered.map((b) => [b.sku, b.quantity]));
  for (const line of command.shipments.flatMap((s) => s.lines)) {
    const left = (waiting.get(line.sku) ?? 0) - line.quantity;
    if (left < 0) {
      throw new DomainError(
        'backorder-overfilled',
        `reservation ${state.ref!.reservationId} waits for ${waiting.get(line.sku) ?? 0} of ${line.sku}, not ${line.quantity}`,
      );
    }
    waiting.set(line.sku, left);
  }
  const shipments = command.shipments.map((s, i) => ({
    shipmentId: `${state.shipmentPrefix}-${state.nextShipmentNumber + i}`,
    warehouseId: s.warehouseId,
    lines: s.lines,
  }));
  return [
    {
      type: 'BackorderAllocated',
      data: {
        ...state.ref!,
        shipTo: state.shipTo!,
        promisedBy: state.promisedBy!,
        shipments,
        backordered: state.backordered.map((b) => ({ sku: b.sku, quantity: waiting.get(b.sku)! })).filter((b) => b.quantity > 0),
        allocatedAt: command.now.toISOString(),
      },
    },
  ];
}

/** A planned shipment as its event names it: with its id, and its distance when known. */
const allocationOf = (s: PlannedShipment, shipmentId: string) => ({
  shipmentId,
  warehouseId: s.warehouseId,
  lines: s.lines,
  ...(s.distanceKm !== undefined ? { distanceKm: s.distanceKm } : {}),
  ...(s.origin !== undefined ? { origin: s.origin } : {}),
});

function refOf(data: ReservationRef): ReservationRef {
  const { reservationId, orderId, channel, externalOrderId, purpose, rmaNumber } = data;
  return { reservationId, orderId, channel, externalOrderId, purpose, ...(rmaNumber ? { rmaNumber } : {}) };
}

const fresh = (shipments: readonly (PlannedShipment & { shipmentId: string })[]): ReservationShipment[] =>
  shipments.map((s) => ({
    shipmentId: s.shipmentId,
    warehouseId: s.warehouseId,
    lines: s.lines,
    shipped: false,
    released: false,
    returned: false,
  }));

function evolve(state: ReservationState, event: ReservationEvent): ReservationState {
  switch (event.type) {
    case 'StockAllocated': {
      const d = event.data;
      return {
        status: 'OPEN',
        ref: refOf(d),
        shipTo: d.shipTo,
        promisedBy: d.promisedBy,
        shipmentPrefix: (d.purpose === 'ORDER' ? d.orderNumber : d.rmaNumber) ?? d.reservationId,
        shipments: fresh(d.shipments),
        backordered: d.backordered,
        nextShipmentNumber: d.shipments.length + 1,
        changes: [],
      };
    }
    case 'ReservationReplanned': {
      const d = event.data;
      const released = new Set(d.releasedShipments);
      return {
        ...state,
        shipTo: d.shipTo,
        shipments: [...state.shipments.map((s) => (released.has(s.shipmentId) ? { ...s, released: true } : s)), ...fresh(d.shipments)],
        backordered: d.backordered,
        nextShipmentNumber: state.nextShipmentNumber + d.shipments.length,
        changes: [...state.changes, d.changeId],
      };
    }
    case 'BackorderAllocated':
      return {
        ...state,
        shipments: [...state.shipments, ...fresh(event.data.shipments)],
        backordered: event.data.backordered,
        nextShipmentNumber: state.nextShipmentNumber + event.data.shipments.length,
      };
    case 'ReservationReleased': {
      const released = new Set(event.data.releasedShipments);
      return {
        ...state,
        status: 'RELEASED',
        shipments: state.shipments.map((s) => (released.has(s.shipmentId) ? { ...s, released: true } : s)),
        backordered: [],
      };
    }
    case 'ReservationShipped':
      return {
        ...state,
        shipments: state.shipments.map((s) => (s.shipmentId === event.data.shipmentId ? { ...s, shipped: true } : s)),
      };
    case 'ReservationShipmentReturned':
      return {
        ...state,
        shipments: state.shipments.map((s) => (s.shipmentId === event.data.shipmentId ? { ...s, returned: true } : s)),
      };
    case 'ReservationHeldForProduction': {
      const d = event.data;
      return {
        ...state,
        status: 'HELD',
        ref: refOf(d),
        shipTo: d.shipTo,
        promisedBy: d.promisedBy,
        shipmentPrefix: d.orderNumber,
        held: { orderNumber: d.orderNumber, lines: d.lines, placedAt: d.placedAt, productionOrders: d.productionOrders.map((p) => ({ ...p, completed: false })) },
      };
    }
    case 'ReservationProductionCompleted': {
      const held = state.held!;
      const productionOrders = held.productionOrders.map((p) => (p.productionOrderId === event.data.productionOrderId ? { ...p, completed: true } : p));
      return { ...state, held: { ...held, productionOrders } };
    }
    default:
      return assertNever(event);
  }
}

export const reservationDecider: Decider<ReservationState, ReservationCommand, ReservationEvent> = {
  initialState: initialReservationState,
  decide,
  evolve,
};
