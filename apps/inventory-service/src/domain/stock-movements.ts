import { InventoryEvent } from '@orderflow/contracts';

/** A stored stock event as the cover watch reads it: what happened, when, and what caused it. */
export interface RecordedStockEvent {
  eventId: string;
  type: string;
  data: unknown;
  recordedAt: Date;
  correlationId?: string;
  traceparent?: string;
}

/** Changes of one SKU's levels at one warehouse; they add up, so their order does not matter. */
export interface LevelDelta {
  sku: string;
  warehouseId: string;
  onHand: number;
  reserved: number;
  /** The last event that touched it: what an alert it leads to is caused by. */
  last: RecordedStockEvent;
}

/** Units in demand on one UTC day: reserved for orders, released again, shipped. */
export interface DemandDelta {
  sku: string;
  warehouseId: string;
  day: string;
  ordered: number;
  released: number;
  shipped: number;
}

/**
 * What a batch of stock events changes of the levels and the daily demand per SKU and warehouse,
 * by the inventory contract's formulas (onHand = received + adjustments + restocked − shipped;
 * reserved = reserved − released − shipped). Demand is counted on the UTC day the event was recorded.
 */
export function stockMovements(events: readonly RecordedStockEvent[]): { levels: LevelDelta[]; demand: DemandDelta[] } {
  const levels = new Map<string, LevelDelta>();
  const demand = new Map<string, DemandDelta>();
  const level = (sku: string, warehouseId: string, event: RecordedStockEvent) => {
    const key = `${sku}\u0000${warehouseId}`;
    let d = levels.get(key);
    if (!d) levels.set(key, (d = { sku, warehouseId, onHand: 0, reserved: 0, last: event }));
    d.last = event;
    return d;
  };
  const dayOf = (sku: string, warehouseId: string, event: RecordedStockEvent) => {
    const day = event.recordedAt.toISOString().slice(0, 10);
    const key = `${sku}\u0000${warehouseId}\u0000${day}`;
    let d = demand.get(key);
    if (!d) demand.set(key, (d = { sku, warehouseId, day, ordered: 0, released: 0, shipped: 0 }));
    return d;
  };
  for (const recorded of events) {
    const event = { type: recorded.type, data: recorded.data } as InventoryEvent;
    switch (event.type) {
      case 'StockReceived':
      case 'StockRestocked':
        level(event.data.sku, event.data.warehouseId, recorded).onHand += event.data.quantity;
        break;
      case 'StockAdjusted':
        level(event.data.sku, event.data.warehouseId, recorded).onHand += event.data.quantityDelta;
        break;
      case 'StockReserved':
        level(event.data.sku, event.data.warehouseId, recorded).reserved += event.data.quantity;
        dayOf(event.data.sku, event.data.warehouseId, recorded).ordered += event.data.quantity;
        break;
      case 'StockReservationReleased':
        level(event.data.sku, event.data.warehouseId, recorded).reserved -= event.data.quantity;
        dayOf(event.data.sku, event.data.warehouseId, recorded).released += event.data.quantity;
        break;
      case 'StockShipped': {
        const d = level(event.data.sku, event.data.warehouseId, recorded);
        d.onHand -= event.data.quantity;
        d.reserved -= event.data.reservedQuantity;
        dayOf(event.data.sku, event.data.warehouseId, recorded).shipped += event.data.quantity;
        break;
      }
      default:
        // Backorder queue, refused adjustments, damaged returns, shortfalls: the levels say it already.
        break;
    }
  }
  return { levels: [...levels.values()], demand: [...demand.values()] };
}

/** The stock event types that move levels or demand: the cover watch reads only these. */
export const STOCK_MOVEMENT_TYPES = ['StockReceived', 'StockRestocked', 'StockAdjusted', 'StockReserved', 'StockReservationReleased', 'StockShipped'] as const;
