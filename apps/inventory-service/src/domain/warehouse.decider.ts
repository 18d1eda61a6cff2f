import { InventoryEvent } from '@orderflow/contracts';
import { assertNever, Decider } from '@orderflow/decider';

export type WarehouseEvent = Extract<InventoryEvent, { type: 'WarehouseRegistered' }>;

export interface WarehouseDetails {
  warehouseId: string;
  name: string;
  country: string;
  region: string;
}

export type WarehouseCommand = { type: 'RegisterWarehouse'; details: WarehouseDetails; now: Date };

export interface WarehouseState {
  /** Undefined until the warehouse is registered. */
  details?: WarehouseDetails;
}

export const initialWarehouseState = (): WarehouseState => ({});

const sameDetails = (a: WarehouseDetails, b: WarehouseDetails) =>
  a.warehouseId === b.warehouseId && a.name === b.name && a.country === b.country && a.region === b.region;

function decide(command: WarehouseCommand, state: WarehouseState): WarehouseEvent[] {
  switch (command.type) {
    case 'RegisterWarehouse': {
      if (state.details && sameDetails(state.details, command.details)) return [];
      // A first registration, or new details for a known warehouse (it moved or was renamed).
      const { warehouseId, name, country, region } = command.details;
      return [{ type: 'WarehouseRegistered', data: { warehouseId, name, country, region, registeredAt: command.now.toISOString() } }];
    }
    default:
      return assertNever(command.type);
  }
}

function evolve(state: WarehouseState, event: WarehouseEvent): WarehouseState {
  switch (event.type) {
    case 'WarehouseRegistered': {
      const { warehouseId, name, country, region } = event.data;
      return { details: { warehouseId, name, country, region } };
    }
    default:
      return assertNever(event.type);
  }
}

export const warehouseDecider: Decider<WarehouseState, WarehouseCommand, WarehouseEvent> = {
  initialState: initialWarehouseState,
  decide,
  evolve,
};
