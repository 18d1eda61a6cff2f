import { InventoryEvent, LineOptions } from '@orderflow/contracts';
import { assertNever, Decider, DomainError } from '@orderflow/decider';

/**
 * The events of a `production-<productionOrderId>` stream (docs/adr/0039): one made-to-order line
 * made by the factory for one order. Ordered when its order is held for production; the factory's
 * answers on production.events start it, complete it or fail it; a cancellation of the order
 * cancels it; a due date passed unmade is recorded once as a slip.
 */
export type ProductionEvent = Extract<
  InventoryEvent,
  { type: 'ProductionOrdered' | 'ProductionStarted' | 'ProductionCompleted' | 'ProductionFailed' | 'ProductionSlipped' | 'ProductionOrderCancelled' }
>;

export interface ProductionRef {
  productionOrderId: string;
  orderId: string;
  channel: string;
  externalOrderId: string;
  sku: string;
}

export interface ProductionState {
  /** How far the factory got; NONE until the production order exists. */
  status: 'NONE' | 'REQUESTED' | 'STARTED' | 'COMPLETED' | 'FAILED';
  ref?: ProductionRef;
  quantity: number;
  dueDate?: string;
  /** Where the units are delivered. */
  warehouseId?: string;
  /** The order was cancelled: nothing made from here on is the order's. */
  cancelled: boolean;
  slipped: boolean;
}

export const initialProductionState = (): ProductionState => ({ status: 'NONE', quantity: 0, cancelled: false, slipped: false });

export type ProductionCommand =
  | {
      type: 'OrderProduction';
      ref: ProductionRef;
      orderNumber: string;
      quantity: number;
      options: LineOptions;
      dueDate: string;
      warehouseId: string;
      now: Date;
    }
  | { type: 'StartProduction'; productionOrderId: string; now: Date }
  | { type: 'CompleteProduction'; productionOrderId: string; quantity: number; now: Date }
  | { type: 'FailProduction'; productionOrderId: string; reason: string; now: Date }
  /** The periodic check: `today` is the UTC date it runs on. */
  | { type: 'CheckDueDate'; today: string; now: Date }
  | { type: 'CancelProduction'; reason: string; now: Date };

const done = (s: ProductionState) => s.status === 'COMPLETED' || s.status === 'FAILED';

function decide(command: ProductionCommand, state: ProductionState): ProductionEvent[] {
  switch (command.type) {
    case 'OrderProduction': {
      if (state.status !== 'NONE') return []; // ordered before: the same order held again
      const { ref, orderNumber, quantity, options, dueDate, warehouseId, now } = command;
      return [{ type: 'ProductionOrdered', data: { ...ref, orderNumber, quantity, options, dueDate, warehouseId, orderedAt: now.toISOString() } }];
    }
    case 'StartProduction': {
      const ref = known(state, command.productionOrderId);
      if (state.status !== 'REQUESTED') return []; // reported again, or after it was made
      return [{ type: 'ProductionStarted', data: { ...ref, startedAt: command.now.toISOString() } }];
    }
    case 'CompleteProduction': {
      const ref = known(state, command.productionOrderId);
      if (state.status === 'COMPLETED') return []; // reported again
      if (state.status === 'FAILED') {
        throw new DomainError('production-failed', `production order ${ref.productionOrderId} was reported failed; it cannot be completed after that`);
      }
      if (command.quantity < state.quantity) {
        // A short run cannot fill the line: the factory completes it whole, or reports it failed.
        throw new DomainError(
          'short-production',
          `production order ${ref.productionOrderId} is for ${state.quantity} of ${ref.sku}, the factory reports ${command.quantity} made: complete it whole or report it failed`,
        );
      }
      return [
        {
          type: 'ProductionCompleted',
          data: { ...ref, quantity: command.quantity, warehouseId: state.warehouseId!, completedAt: command.now.toISOString() },
        },
      ];
    }
    case 'FailProduction': {
      const ref = known(state, command.productionOrderId);
      if (state.status === 'FAILED') return [];
      if (state.status === 'COMPLETED') {
        throw new DomainError('production-completed', `production order ${ref.productionOrderId} was completed; it cannot fail after that`);
      }
      return [{ type: 'ProductionFailed', data: { ...ref, reason: command.reason, failedAt: command.now.toISOString() } }];
    }
    case 'CheckDueDate': {
      if (state.status === 'NONE' || done(state) || state.cancelled || state.slipped) return [];
      if (!(state.dueDate! < command.today)) return [];
      return [{ type: 'ProductionSlipped', data: { ...state.ref!, dueDate: state.dueDate!, detectedAt: command.now.toISOString() } }];
    }
    case 'CancelProduction': {
      if (state.status === 'NONE' || done(state) || state.cancelled) return [];
      return [
        {
          type: 'ProductionOrderCancelled',
          data: { ...state.ref!, afterStart: state.status === 'STARTED', reason: command.reason, cancelledAt: command.now.toISOString() },
        },
      ];
    }
    default:
      return assertNever(command);
  }
}

function known(state: ProductionState, productionOrderId: string): ProductionRef {
  if (state.status === 'NONE') throw new DomainError('unknown-production-order', `no production order ${productionOrderId} was ever requested`);
  return state.ref!;
}

function evolve(state: ProductionState, event: ProductionEvent): ProductionState {
  switch (event.type) {
    case 'ProductionOrdered': {
      const { productionOrderId, orderId, channel, externalOrderId, sku, quantity, dueDate, warehouseId } = event.data;
      return { ...state, status: 'REQUESTED', ref: { productionOrderId, orderId, channel, externalOrderId, sku }, quantity, dueDate, warehouseId };
    }
    case 'ProductionStarted':
      return { ...state, status: 'STARTED' };
    case 'ProductionCompleted':
      return { ...state, status: 'COMPLETED' };
    case 'ProductionFailed':
      return { ...state, status: 'FAILED' };
    case 'ProductionSlipped':
      return { ...state, slipped: true };
    case 'ProductionOrderCancelled':
      return { ...state, cancelled: true };
    default:
      return assertNever(event);
  }
}

export const productionDecider: Decider<ProductionState, ProductionCommand, ProductionEvent> = {
  initialState: initialProductionState,
  decide,
  evolve,
};
