import { InventoryEvent, ownValue } from '@orderflow/contracts';
import { assertNever, Decider, DomainError } from '@orderflow/decider';

/** The events of a `stock-<sku>` stream: every warehouse's levels of one SKU and its backorder queue. */
export type StockEvent = Extract<
  InventoryEvent,
  {
    type:
      | 'StockReceived'
      | 'StockAdjusted'
      | 'StockAdjustmentRefused'
      | 'StockReserved'
      | 'StockReservationReleased'
      | 'StockShipped'
      | 'StockRestocked'
      | 'DamagedReturnRecorded'
      | 'BackorderQueued'
      | 'BackorderFilled'
      | 'BackorderWithdrawn'
      | 'StockShortfallRecorded';
  }
>;

export interface WarehouseLevels {
  onHand: number;
  reserved: number;
}

/** Quantity of the SKU one reservation waits for, queued oldest order first. */
export interface QueuedBackorder {
  reservationId: string;
  orderId: string;
  quantity: number;
  placedAt: string;
}

/** Stock held for one shipment, until it is picked up or released. */
export interface HeldReservation {
  warehouseId: string;
  reservationId: string;
  orderId: string;
  quantity: number;
}

/**
 * Plain JSON (no Map or Set): it is snapshotted on every append. Keys of the records carry no
 * order (jsonb reorders them), so nothing below depends on iteration order of a record.
 */
export interface StockState {
  /** Per warehouse id; available = onHand − reserved. */
  warehouses: Record<string, WarehouseLevels>;
  /** Ordered by placedAt, then reservationId. */
  backorders: QueuedBackorder[];
  /**
   * Open reservations by shipment id, in HELD_BUCKETS buckets by a hash of the id (read them with
   * heldFor and allHeld). A popular SKU holds thousands until they are picked up, and every
   * reservation and shipment is a new state: one bucket and the bucket index are copied, not all
   * of them (copying one flat record per event was a third of the inventory service's busy CPU at
   * 150 orders/s).
   */
  held: Record<string, Record<string, HeldReservation>>;
}

/** stock@2: `held` in buckets; a stock@1 snapshot is ignored and its stream replayed. */
export const STOCK_SNAPSHOT = { schema: 'stock@2' };

const HELD_BUCKETS = 64;

/** A shipment id's bucket: FNV-1a of its UTF-16 code units, as a base-36 key. */
function heldBucket(shipmentId: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < shipmentId.length; i++) h = Math.imul(h ^ shipmentId.charCodeAt(i), 0x01000193);
  return ((h >>> 0) % HELD_BUCKETS).toString(36);
}

/** What a shipment holds, if anything. */
export function heldFor(state: StockState, shipmentId: string): HeldReservation | undefined {
  return state.held[heldBucket(shipmentId)]?.[shipmentId];
}

/** Every open reservation, by shipment id (in no particular order). */
export function allHeld(state: StockState): [shipmentId: string, held: HeldReservation][] {
  return Object.values(state.held).flatMap((bucket) => Object.entries(bucket));
}

export const initialStockState = (): StockState => ({ warehouses: {}, backorders: [], held: {} });

export type StockCommand =
  /** Goods arrived at a warehouse; productionOrderId: made by the factory for that production order (docs/adr/0039). */
  | { type: 'ReceiveStock'; sku: string; warehouseId: string; quantity: number; productionOrderId?: string }
  | { type: 'AdjustStock'; sku: string; warehouseId: string; quantityDelta: number; reason: string }
  | { type: 'ReserveStock'; sku: string; warehouseId: string; quantity: number; reservationId: string; orderId: string; shipmentId: string }
  | { type: 'QueueBackorder'; sku: string; quantity: number; reservationId: string; orderId: string; placedAt: string }
  | { type: 'FillBackorder'; sku: string; warehouseId: string; quantity: number; reservationId: string; shipmentId: string }
  | { type: 'WithdrawBackorder'; sku: string; reservationId: string }
  | { type: 'ReleaseReservation'; sku: string; shipmentId: string; reason: string }
  | { type: 'ShipStock'; sku: string; warehouseId: string; quantity: number; reservationId: string; orderId: string; shipmentId: string }
  /** Goods back on the shelf: from an authorised return (rmaNumber) or a parcel returned to sender (shipmentId). */
  | { type: 'RestockReturn'; sku: string; warehouseId: string; quantity: number; rmaNumber?: string; shipmentId?: string }
  | { type: 'RecordDamagedReturn'; sku: string; warehouseId: string; quantity: number; rmaNumber: string };

export const levelsAt = (state: StockState, warehouseId: string): WarehouseLevels =>
  ownValue(state.warehouses, warehouseId) ?? { onHand: 0, reserved: 0 };

export function availableAt(state: StockState, warehouseId: string): number {
  const { onHand, reserved } = levelsAt(state, warehouseId);
  return onHand - reserved;
}

/** Compares queue entries: the oldest order first, reservation id breaking ties. */
export function queueOrder(a: QueuedBackorder, b: QueuedBackorder): number {
  const at = Date.parse(a.placedAt) - Date.parse(b.placedAt);
  if (at !== 0) return at;
  return a.reservationId < b.reservationId ? -1 : a.reservationId > b.reservationId ? 1 : 0;
}

function decide(command: StockCommand, state: StockState): StockEvent[] {
  switch (command.type) {
    case 'ReceiveStock':
      return [
        {
          type: 'StockReceived',
          data: {
            sku: command.sku,
            warehouseId: command.warehouseId,
            quantity: command.quantity,
            ...(command.productionOrderId ? { productionOrderId: command.productionOrderId } : {}),
          },
        },
      ];
    case 'AdjustStock':
      return adjust(command, state);
    case 'ReserveStock': {
      const { sku, warehouseId, quantity, reservationId, orderId, shipmentId } = command;
      requireAvailable(state, sku, warehouseId, quantity);
      if (heldFor(state, shipmentId)) {
        throw new DomainError('shipment-already-reserved', `shipment ${shipmentId} already holds ${sku}`);
      }
      return [{ type: 'StockReserved', data: { sku, warehouseId, quantity, reservationId, orderId, shipmentId } }];
    }
    case 'QueueBackorder': {
      const { sku, quantity, reservationId, orderId, placedAt } = command;
      if (state.backorders.some((b) => b.reservationId === reservationId)) {
        throw new DomainError('backorder-already-queued', `reservation ${reservationId} already waits for ${sku}`);
      }
      return [{ type: 'BackorderQueued', data: { sku, quantity, reservationId, orderId, placedAt } }];
    }
    case 'FillBackorder':
      return fillBackorder(command, state);
    case 'WithdrawBackorder': {
      const queued = state.backorders.find((b) => b.reservationId === command.reservationId);
      if (!queued) return [];
      const { reservationId, orderId, quantity } = queued;
      return [{ type: 'BackorderWithdrawn', data: { sku: command.sku, quantity, reservationId, orderId } }];
    }
    case 'ReleaseReservation': {
      const held = heldFor(state, command.shipmentId);
      if (!held) return []; // already shipped or released
      return [
        {
          type: 'StockReservationReleased',
          data: { sku: command.sku, ...held, shipmentId: command.shipmentId, reason: command.reason },
        },
      ];
    }
    case 'ShipStock':
      return shipStock(command, state);
    case 'RestockReturn': {
      const { sku, warehouseId, quantity, rmaNumber, shipmentId } = command;
      const source = rmaNumber !== undefined ? { rmaNumber } : { shipmentId };
      return [{ type: 'StockRestocked', data: { sku, warehouseId, quantity, ...source } }];
    }
    case 'RecordDamagedReturn': {
      const { sku, warehouseId, quantity, rmaNumber } = command;
      return [{ type: 'DamagedReturnRecorded', data: { sku, warehouseId, quantity, rmaNumber } }];
    }
    default:
      return assertNever(command);
  }
}

function adjust(command: Extract<StockCommand, { type: 'AdjustStock' }>, state: StockState): StockEvent[] {
  const { sku, warehouseId, quantityDelta, reason } = command;
  const { onHand, reserved } = levelsAt(state, warehouseId);
  const after = onHand + quantityDelta;
  let refusal: string | undefined;
  if (after < 0) refusal = `on hand at ${warehouseId} would fall to ${after} (it is ${onHand})`;
  else if (after < reserved) refusal = `on hand at ${warehouseId} would fall to ${after}, below the ${reserved} reserved`;
  if (refusal) return [{ type: 'StockAdjustmentRefused', data: { sku, warehouseId, quantityDelta, reason, refusal } }];
  return [{ type: 'StockAdjusted', data: { sku, warehouseId, quantityDelta, reason } }];
}

/**
 * The goods of a pick-up leave the shelf. Normally the shipment's reservation is consumed with
 * them. When it was released before the carrier came (a cancellation won, then the carrier took
 * the parcel anyway), on hand still falls, and if the released units had meanwhile been promised
 * to other reservations, the shortfall is recorded instead of hidden: available stays below zero
 * by exactly that much until stock arrives.
 */
function shipStock(command: Extract<StockCommand, { type: 'ShipStock' }>, state: StockState): StockEvent[] {
  const { sku, warehouseId, quantity, reservationId, orderId, shipmentId } = command;
  const held = heldFor(state, shipmentId);
  const shipped: StockEvent = {
    type: 'StockShipped',
    data: { sku, warehouseId, quantity, reservedQuantity: held?.quantity ?? 0, reservationId, orderId, shipmentId },
  };
  if (held) return [shipped];
  const before = availableAt(state, warehouseId);
  const shortfall = Math.max(0, -(before - quantity)) - Math.max(0, -before);
  if (shortfall === 0) return [shipped];
  return [shipped, { type: 'StockShortfallRecorded', data: { sku, warehouseId, quantity: shortfall, reservationId, orderId, shipmentId } }];
}

function fillBackorder(command: Extract<StockCommand, { type: 'FillBackorder' }>, state: StockState): StockEvent[] {
  const { sku, warehouseId, quantity, reservationId, shipmentId } = command;
  const queued = state.backorders.find((b) => b.reservationId === reservationId);
  if (!queued) throw new DomainError('no-backorder', `reservation ${reservationId} does not wait for ${sku}`);
  if (quantity > queued.quantity) {
    throw new DomainError('backorder-overfilled', `reservation ${reservationId} waits for ${queued.quantity} of ${sku}, not ${quantity}`);
  }
  requireAvailable(state, sku, warehouseId, quantity);
  const data = { sku, warehouseId, quantity, reservationId, orderId: queued.orderId, shipmentId };
  return [
    { type: 'BackorderFilled', data },
    { type: 'StockReserved', data },
  ];
}

/** Available stock never goes negative: the planner never asks for more than there is. */
function requireAvailable(state: StockState, sku: string, warehouseId: string, quantity: number): void {
  const available = availableAt(state, warehouseId);
  if (quantity > available) {
    throw new DomainError('insufficient-stock', `cannot reserve ${quantity} of ${sku} at ${warehouseId}: ${available} available`);
  }
}

function withLevels(state: StockState, warehouseId: string, change: { onHand?: number; reserved?: number }): StockState {
  const current = levelsAt(state, warehouseId);
  return {
    ...state,
    warehouses: {
      ...state.warehouses,
      [warehouseId]: { onHand: current.onHand + (change.onHand ?? 0), reserved: current.reserved + (change.reserved ?? 0) },
    },
  };
}

function withHeld(state: StockState, shipmentId: string, reservation: HeldReservation): StockState {
  const key = heldBucket(shipmentId);
  return { ...state, held: { ...state.held, [key]: { ...state.held[key], [shipmentId]: reservation } } };
}

function withoutHeld(state: StockState, shipmentId: string): StockState {
  const key = heldBucket(shipmentId);
  const bucket = state.held[key];
  if (!bucket || !(shipmentId in bucket)) return state;
  const { [shipmentId]: _gone, ...rest } = bucket;
  const { [key]: _bucket, ...others } = state.held;
  return { ...state, held: Object.keys(rest).length > 0 ? { ...others, [key]: rest } : others };
}

function evolve(state: StockState, event: StockEvent): StockState {
  switch (event.type) {
    case 'StockReceived':
    case 'StockRestocked':
      return withLevels(state, event.data.warehouseId, { onHand: event.data.quantity });
    case 'StockAdjusted':
      return withLevels(state, event.data.warehouseId, { onHand: event.data.quantityDelta });
    case 'StockReserved': {
      const { warehouseId, quantity, reservationId, orderId, shipmentId } = event.data;
      return withHeld(withLevels(state, warehouseId, { reserved: quantity }), shipmentId, { warehouseId, reservationId, orderId, quantity });
    }
    case 'StockReservationReleased':
      return withoutHeld(withLevels(state, event.data.warehouseId, { reserved: -event.data.quantity }), event.data.shipmentId);
    case 'StockShipped':
      return withoutHeld(
        withLevels(state, event.data.warehouseId, { onHand: -event.data.quantity, reserved: -event.data.reservedQuantity }),
        event.data.shipmentId,
      );
    case 'BackorderQueued': {
      const { reservationId, orderId, quantity, placedAt } = event.data;
      return { ...state, backorders: [...state.backorders, { reservationId, orderId, quantity, placedAt }].sort(queueOrder) };
    }
    case 'BackorderFilled':
      return {
        ...state,
        backorders: state.backorders
          .map((b) => (b.reservationId === event.data.reservationId ? { ...b, quantity: b.quantity - event.data.quantity } : b))
          .filter((b) => b.quantity > 0),
      };
    case 'BackorderWithdrawn':
      return { ...state, backorders: state.backorders.filter((b) => b.reservationId !== event.data.reservationId) };
    case 'StockAdjustmentRefused':
    case 'DamagedReturnRecorded':
    case 'StockShortfallRecorded': // the levels already say it: available is below zero
      return state;
    default:
      return assertNever(event);
  }
}

export const stockDecider: Decider<StockState, StockCommand, StockEvent> = {
  initialState: initialStockState,
  decide,
  evolve,
};
