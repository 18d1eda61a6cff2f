import { AllocationInput, mergeLines, planAllocation, WarehouseLocation } from './allocation-planner';

// Without their own location, each warehouse stands at its region's centroid (libs/contracts/src/geo.ts).
const BER: WarehouseLocation = { warehouseId: 'WH-BER', country: 'DE', region: 'BE' };
const HAM: WarehouseLocation = { warehouseId: 'WH-HAM', country: 'DE', region: 'HH' };
const MUC: WarehouseLocation = { warehouseId: 'WH-MUC', country: 'DE', region: 'BY', location: { lat: 48.14, lon: 11.58 } };
const VIE: WarehouseLocation = { warehouseId: 'WH-VIE', country: 'AT', region: '9' };
const AMS: WarehouseLocation = { warehouseId: 'WH-AMS', country: 'NL', region: 'NH' };
const berlin = { country: 'DE', region: 'BE' };
/** n of each SKU available, per warehouse id. */
const stocked = (byWarehouse: Record<string, number>) => ({ MUG: { ...byWarehouse }, TEA: { ...byWarehouse } });

const plan = (input: Partial<AllocationInput> & Pick<AllocationInput, 'available'>) =>
  planAllocation({
    lines: [
      { sku: 'MUG', quantity: 2 },
      { sku: 'TEA', quantity: 1 },
    ],
    shipTo: berlin,
    warehouses: [AMS, BER, HAM, MUC, VIE],
    ...input,
  });
const chosen = (input: Partial<AllocationInput> & Pick<AllocationInput, 'available'>) => plan(input).shipments.map((s) => s.warehouseId);

describe('allocation planner', () => {
  it('takes the whole order from the nearest warehouse that can fill it, and says why', () => {
    const result = plan({ available: stocked({ 'WH-HAM': 9, 'WH-BER': 2, 'WH-AMS': 9 }) });
    expect(result.shipments).toEqual([{ warehouseId: 'WH-BER', lines: [{ sku: 'MUG', quantity: 2 }, { sku: 'TEA', quantity: 1 }], distanceKm: 0, origin: { lat: 52.52, lon: 13.4 } }]);
    expect(result.backordered).toEqual([]);
    expect(result.decision.rule).toBe('NEAREST_SINGLE');
    expect(result.decision.shipTo).toEqual({ lat: 52.52, lon: 13.4, placedBy: 'REGION' });
    // Every warehouse considered, nearest first, with its distance and what it could have given.
    expect(result.decision.considered).toEqual([
      { warehouseId: 'WH-BER', distanceKm: 0, fillsAll: true, covers: 3, chosen: true },
      { warehouseId: 'WH-HAM', distanceKm: 254.5, fillsAll: true, covers: 3, chosen: false },
      { warehouseId: 'WH-MUC', distanceKm: 503.8, fillsAll: false, covers: 0, chosen: false },
      { warehouseId: 'WH-VIE', distanceKm: 523.4, fillsAll: false, covers: 0, chosen: false },
      { warehouseId: 'WH-AMS', distanceKm: 582.2, fillsAll: true, covers: 3, chosen: false },
    ]);
  });

  it('chooses the nearer of two warehouses in the same region, whatever their ids', () => {
    const NUE: WarehouseLocation = { warehouseId: 'WH-NUE', country: 'DE', region: 'BY', location: { lat: 49.45, lon: 11.08 } };
    const shipTo = { country: 'DE', region: 'BY', location: { lat: 49.5, lon: 11.1 } }; // Nuremberg
    const result = plan({ shipTo, warehouses: [MUC, NUE], available: stocked({ 'WH-MUC': 5, 'WH-NUE': 5 }) });
    expect(result.shipments.map((s) => [s.warehouseId, s.distanceKm])).toEqual([['WH-NUE', 5.7]]);
    expect(result.decision.shipTo?.placedBy).toBe('ADDRESS');
    expect(result.decision.considered.map((c) => [c.warehouseId, c.distanceKm])).toEqual([
      ['WH-NUE', 5.7],
      ['WH-MUC', 155.3],
    ]);
    // Placed at Munich instead, the same order goes to Munich.
    expect(chosen({ shipTo: { ...shipTo, location: { lat: 48.1, lon: 11.6 } }, warehouses: [MUC, NUE], available: stocked({ 'WH-MUC': 5, 'WH-NUE': 5 }) })).toEqual([
      'WH-MUC',
    ]);
  });

  it('chooses by distance over borders: a warehouse 3 km away in Austria beats one 112 km away in the same German region', () => {
    const SZG: WarehouseLocation = { warehouseId: 'WH-SZG', country: 'AT', region: '5', location: { lat: 47.81, lon: 13.04 } };
    const freilassing = { country: 'DE', region: 'BY', location: { lat: 47.8, lon: 13.0 } };
    expect(chosen({ shipTo: freilassing, warehouses: [MUC, SZG], available: stocked({ 'WH-MUC': 5, 'WH-SZG': 5 }) })).toEqual(['WH-SZG']);
  });

  it('keeps one warehouse better than a split: a far warehouse that fills the order beats near ones that would share it', () => {
    const result = plan({ available: { MUG: { 'WH-BER': 2, 'WH-AMS': 2 }, TEA: { 'WH-HAM': 1, 'WH-AMS': 1 } } });
    expect(result.shipments.map((s) => s.warehouseId)).toEqual(['WH-AMS']);
    expect(result.decision.rule).toBe('NEAREST_SINGLE');
  });

  it('places an address without a region at its country centroid', () => {
    const result = plan({ shipTo: { country: 'AT' }, available: stocked({ 'WH-AMS': 5, 'WH-VIE': 5 }) });
    expect(result.shipments.map((s) => s.warehouseId)).toEqual(['WH-VIE']);
    expect(result.decision.shipTo?.placedBy).toBe('COUNTRY');
  });

  it('falls back to region, country and id when the address cannot be placed', () => {
    const REK: WarehouseLocation = { warehouseId: 'WH-REK', country: 'IS', region: '1' };
    const KEF: WarehouseLocation = { warehouseId: 'WH-KEF', country: 'IS', region: '2' };
    const iceland = { country: 'IS', region: '1' }; // the table has no Iceland
    const result = plan({ shipTo: iceland, warehouses: [AMS, KEF, REK], available: stocked({ 'WH-AMS': 5, 'WH-KEF': 5, 'WH-REK': 5 }) });
    expect(result.shipments).toEqual([{ warehouseId: 'WH-REK', lines: expect.any(Array) }]);
    expect(result.decision).toMatchObject({ rule: 'SINGLE', shipTo: null });
    expect(chosen({ shipTo: { country: 'IS', region: '7' }, warehouses: [AMS, KEF, REK], available: stocked({ 'WH-AMS': 5, 'WH-KEF': 5, 'WH-REK': 5 }) })).toEqual([
      'WH-KEF',
    ]);
    expect(chosen({ shipTo: iceland, warehouses: [AMS, KEF], available: stocked({ 'WH-AMS': 5 }) })).toEqual(['WH-AMS']);
  });

  it('ranks a warehouse it cannot place after every one it can', () => {
    const AAA: WarehouseLocation = { warehouseId: 'WH-AAA', country: 'IS', region: '1' };
    const result = plan({ warehouses: [AAA, AMS], available: stocked({ 'WH-AAA': 5, 'WH-AMS': 5 }) });
    expect(result.shipments.map((s) => s.warehouseId)).toEqual(['WH-AMS']);
    expect(result.decision.considered.map((c) => [c.warehouseId, c.distanceKm])).toEqual([
      ['WH-AMS', 582.2],
      ['WH-AAA', null],
    ]);
  });

  it('splits greedily only when no single warehouse can: the one covering most of what remains first', () => {
    const result = plan({
      lines: [
        { sku: 'MUG', quantity: 4 },
        { sku: 'TEA', quantity: 2 },
      ],
      available: { MUG: { 'WH-BER': 1, 'WH-MUC': 3, 'WH-AMS': 1 }, TEA: { 'WH-BER': 1, 'WH-AMS': 2 } },
    });
    // Munich and Amsterdam both cover 3 units: the nearer goes first.
    expect(result.shipments).toEqual([
      { warehouseId: 'WH-MUC', lines: [{ sku: 'MUG', quantity: 3 }], distanceKm: 503.8, origin: { lat: 48.14, lon: 11.58 } },
      { warehouseId: 'WH-AMS', lines: [{ sku: 'MUG', quantity: 1 }, { sku: 'TEA', quantity: 2 }], distanceKm: 582.2, origin: { lat: 52.52, lon: 4.79 } },
    ]);
    expect(result.backordered).toEqual([]);
    expect(result.decision.rule).toBe('SPLIT');
    expect(result.decision.considered.filter((c) => c.chosen).map((c) => c.warehouseId)).toEqual(['WH-MUC', 'WH-AMS']);
  });

  it('breaks a tie in coverage by distance', () => {
    const lines = [{ sku: 'MUG', quantity: 4 }];
    expect(chosen({ lines, available: { MUG: { 'WH-AMS': 2, 'WH-BER': 2, 'WH-HAM': 2 } } })).toEqual(['WH-BER', 'WH-HAM']);
    expect(chosen({ lines, available: { MUG: { 'WH-MUC': 2, 'WH-HAM': 2 } } })).toEqual(['WH-HAM', 'WH-MUC']);
    expect(chosen({ lines, available: { MUG: { 'WH-AMS': 2, 'WH-VIE': 2 } } })).toEqual(['WH-VIE', 'WH-AMS']);
  });

  it('backorders what no warehouse has', () => {
    const result = plan({
      lines: [
        { sku: 'MUG', quantity: 5 },
        { sku: 'TEA', quantity: 1 },
      ],
      available: { MUG: { 'WH-HAM': 2, 'WH-BER': 0 } },
    });
    expect(result.shipments).toEqual([{ warehouseId: 'WH-HAM', lines: [{ sku: 'MUG', quantity: 2 }], distanceKm: 254.5, origin: { lat: 53.55, lon: 10 } }]);
    expect(result.backordered).toEqual([
      { sku: 'MUG', quantity: 3 },
      { sku: 'TEA', quantity: 1 },
    ]);
    const none = plan({ available: {} });
    expect(none).toMatchObject({ shipments: [], backordered: [{ sku: 'MUG', quantity: 2 }, { sku: 'TEA', quantity: 1 }] });
    expect(none.decision.rule).toBe('BACKORDERED');
  });

  it('ignores stock at warehouses it knows nothing of, and negative availability', () => {
    expect(plan({ warehouses: [HAM], available: { MUG: { 'WH-BER': 5, 'WH-HAM': -1 }, TEA: { 'WH-BER': 5 } } })).toMatchObject({
      shipments: [],
      backordered: [{ sku: 'MUG', quantity: 2 }, { sku: 'TEA', quantity: 1 }],
    });
  });

  it('gives the same plan whatever order the warehouses are listed in', () => {
    const available = { MUG: { 'WH-BER': 1, 'WH-HAM': 1, 'WH-MUC': 1, 'WH-AMS': 1 }, TEA: { 'WH-VIE': 1 } };
    const lines = [{ sku: 'MUG', quantity: 3 }, { sku: 'TEA', quantity: 1 }];
    const a = plan({ lines, available, warehouses: [AMS, BER, HAM, MUC, VIE] });
    const b = plan({ lines, available, warehouses: [VIE, MUC, HAM, BER, AMS] });
    expect(a).toEqual(b);
    expect(a.shipments.map((s) => s.warehouseId)).toEqual(['WH-BER', 'WH-HAM', 'WH-MUC', 'WH-VIE']);
  });

  it('merges lines of the same SKU', () => {
    expect(mergeLines([{ sku: 'MUG', quantity: 1 }, { sku: 'TEA', quantity: 1 }, { sku: 'MUG', quantity: 2 }])).toEqual([
      { sku: 'MUG', quantity: 3 },
      { sku: 'TEA', quantity: 1 },
    ]);
  });
});
