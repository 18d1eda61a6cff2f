import { deciderSpec } from '@orderflow/decider';
import { WarehouseEvent, warehouseDecider } from './warehouse.decider';

const spec = deciderSpec(warehouseDecider);
const now = new Date('2026-03-01T08:00:00.000Z');
const details = { warehouseId: 'WH-BER', name: 'Berlin', country: 'DE', region: 'BE' };
const registered: WarehouseEvent = { type: 'WarehouseRegistered', data: { ...details, registeredAt: now.toISOString() } };

describe('warehouse decider', () => {
  it('registers a new warehouse with where it is', () => {
    spec.given([]).when({ type: 'RegisterWarehouse', details, now }).then([registered]);
  });

  it('treats a registration with identical details as a repeat', () => {
    spec.given([registered]).when({ type: 'RegisterWarehouse', details, now: new Date('2026-03-05T08:00:00.000Z') }).thenNothing();
  });

  it('records new details of a known warehouse', () => {
    spec
      .given([registered])
      .when({ type: 'RegisterWarehouse', details: { ...details, name: 'Berlin-Spandau' }, now })
      .then([{ type: 'WarehouseRegistered', data: { ...details, name: 'Berlin-Spandau', registeredAt: now.toISOString() } }]);
  });
});
