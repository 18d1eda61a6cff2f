import { GeoPoint, InventoryEvent } from '@orderflow/contracts';
import { assertNever, Decider } from '@orderflow/decider';

export type WarehouseEvent = Extract<InventoryEvent, { type: 'WarehouseRegistered' }>;

export interface WarehouseDetails {
  warehouseId: string;
  name: string;
  country: string;
  region: string;
  /** Where it is, when it said (docs/adr/0037). */
  location?: GeoPoint;
}

export type WarehouseCommand = { type: 'RegisterWarehouse'; details: WarehouseDetails; now: Date };

export interface WarehouseState {
  /** Undefined until the warehouse is registered. */
  details?: WarehouseDetails;
}

export const initialWarehouseState = (): WarehouseState => ({});

const sameLocation = (a?: GeoPoint, b?: GeoPoint) => a?.lat === b?.lat && a?.lon === b?.lon;
const sameDetails = (a: WarehouseDetails, b: WarehouseDetails) =>
  a.warehouseId === b.warehouseId && a.name === b.name && a.country === b.country && a.region === b.region && sameLocation(a.location, b.location);

function decide(command: WarehouseCommand, state: WarehouseState): WarehouseEvent[] {
  switch (command.type) {
    case 'RegisterWarehouse': {
      if (state.details && sameDetails(state.details, command.details)) return [];
      // A first registration, or new details for a known warehouse (it moved or was renamed).
      const { warehouseId, name, country, region, location } = command.details;
      const registeredAt = command.now.toISOString();
      return [{ type: 'WarehouseRegistered', data: { warehouseId, name, country, region, ...(location ? { location } : {}), registeredAt } }];
    }
    default:
      return assertNever(command.type);
  }
}

function evolve(state: WarehouseState, event: WarehouseEvent): WarehouseState {
  switch (event.type) {
    case 'WarehouseRegistered': {
      const { warehouseId, name, country, region, location } = event.data;
      return { details: { warehouseId, name, country, region, ...(location ? { location } : {}) } };
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
