import { AllocationInput, mergeLines, planAllocation, WarehouseLocation } from './allocation-planner';

const BER: WarehouseLocation = { warehouseId: 'WH-BER', country: 'DE', region: 'BE' };
const HAM: WarehouseLocation = { warehouseId: 'WH-HAM', country: 'DE', region: 'HH' };
const MUC: WarehouseLocation = { warehouseId: 'WH-MUC', country: 'DE', region: 'BY' };
const VIE: WarehouseLocation = { warehouseId: 'WH-VIE', country: 'AT', region: 'W' };
const AMS: WarehouseLocation = { warehouseId: 'WH-AMS', country: 'NL', region: 'NH' };
const berlin = { country: 'DE', region: 'BE' };

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

describe('allocation planner', () => {
  it('takes the whole order from a warehouse in the customer region when one can fill it', () => {
    expect(plan({ available: { MUG: { 'WH-HAM': 9, 'WH-BER': 2 }, TEA: { 'WH-HAM': 9, 'WH-BER': 1 } } })).toEqual({
      shipments: [{ warehouseId: 'WH-BER', lines: [{ sku: 'MUG', quantity: 2 }, { sku: 'TEA', quantity: 1 }] }],
      backordered: [],
    });
  });

  it('counts any warehouse of the country as in-region when the address names no region', () => {
    expect(
      plan({ shipTo: { country: 'AT' }, available: { MUG: { 'WH-AMS': 5, 'WH-VIE': 5 }, TEA: { 'WH-AMS': 5, 'WH-VIE': 5 } } }).shipments,
    ).toEqual([{ warehouseId: 'WH-VIE', lines: expect.any(Array) }]);
  });

  it('else takes it from any single warehouse that can, same country first', () => {
    const available = { MUG: { 'WH-AMS': 5, 'WH-MUC': 5, 'WH-BER': 1 }, TEA: { 'WH-AMS': 5, 'WH-MUC': 5, 'WH-BER': 1 } };
    expect(plan({ available }).shipments).toEqual([{ warehouseId: 'WH-MUC', lines: expect.any(Array) }]);
    const abroadOnly = { MUG: { 'WH-VIE': 5, 'WH-AMS': 5 }, TEA: { 'WH-VIE': 5, 'WH-AMS': 5 } };
    expect(plan({ available: abroadOnly }).shipments).toEqual([{ warehouseId: 'WH-AMS', lines: expect.any(Array) }]);
  });

  it('splits greedily when no single warehouse can: the one covering most of what remains first', () => {
    const result = plan({
      lines: [
        { sku: 'MUG', quantity: 4 },
        { sku: 'TEA', quantity: 2 },
      ],
      available: { MUG: { 'WH-BER': 1, 'WH-MUC': 3, 'WH-AMS': 1 }, TEA: { 'WH-BER': 1, 'WH-AMS': 2 } },
    });
    expect(result).toEqual({
      shipments: [
        { warehouseId: 'WH-AMS', lines: [{ sku: 'MUG', quantity: 1 }, { sku: 'TEA', quantity: 2 }] },
        { warehouseId: 'WH-MUC', lines: [{ sku: 'MUG', quantity: 3 }] },
      ],
      backordered: [],
    });
  });

  it('prefers the in-region warehouse on a tie in coverage, then the lower warehouse id', () => {
    const lines = [{ sku: 'MUG', quantity: 4 }];
    expect(plan({ lines, available: { MUG: { 'WH-AMS': 2, 'WH-BER': 2, 'WH-HAM': 2 } } }).shipments.map((s) => s.warehouseId)).toEqual([
      'WH-BER',
      'WH-AMS',
    ]);
    expect(plan({ lines, available: { MUG: { 'WH-MUC': 2, 'WH-HAM': 2 } } }).shipments.map((s) => s.warehouseId)).toEqual([
      'WH-HAM',
      'WH-MUC',
    ]);
  });

  it('backorders what no warehouse has', () => {
    expect(
      plan({
        lines: [
          { sku: 'MUG', quantity: 5 },
          { sku: 'TEA', quantity: 1 },
        ],
        available: { MUG: { 'WH-HAM': 2, 'WH-BER': 0 } },
      }),
    ).toEqual({
      shipments: [{ warehouseId: 'WH-HAM', lines: [{ sku: 'MUG', quantity: 2 }] }],
      backordered: [
        { sku: 'MUG', quantity: 3 },
        { sku: 'TEA', quantity: 1 },
      ],
    });
    expect(plan({ available: {} })).toEqual({ shipments: [], backordered: [{ sku: 'MUG', quantity: 2 }, { sku: 'TEA', quantity: 1 }] });
  });

  it('ignores stock at warehouses it knows no location of, and negative availability', () => {
    expect(plan({ warehouses: [HAM], available: { MUG: { 'WH-BER': 5, 'WH-HAM': -1 }, TEA: { 'WH-BER': 5 } } })).toEqual({
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
    expect(a.shipments.map((s) => s.warehouseId)).toEqual(['WH-BER', 'WH-AMS', 'WH-HAM', 'WH-VIE']);
  });

  it('merges lines of the same SKU', () => {
    expect(mergeLines([{ sku: 'MUG', quantity: 1 }, { sku: 'TEA', quantity: 1 }, { sku: 'MUG', quantity: 2 }])).toEqual([
      { sku: 'MUG', quantity: 3 },
      { sku: 'TEA', quantity: 1 },
    ]);
  });
});
