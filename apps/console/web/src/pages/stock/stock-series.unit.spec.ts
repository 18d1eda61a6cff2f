import { describe, expect, it } from '@jest/globals';
import { isLow, StockPoint, stockChartData, warehousesIn } from './stock-series';

const point = (position: number, warehouseId: string, onHand: number, reserved: number): StockPoint => ({
  at: new Date(Date.UTC(2025, 2, 10, 12, position)).toISOString(),
  position,
  type: 'StockReceived',
  warehouseId,
  onHand,
  reserved,
  available: onHand - reserved,
});

const history = [point(1, 'WH-A', 10, 0), point(2, 'WH-B', 5, 0), point(3, 'WH-A', 10, 4), point(4, 'WH-B', 5, 5)];

describe('the stock history chart', () => {
  it('of one warehouse draws its on hand, reserved and available at each of its events', () => {
    const data = stockChartData(history, 'WH-A');
    expect(data.labels).toHaveLength(2);
    expect(data.datasets.map((d) => [d.label, d.data])).toEqual([
      ['On hand', [10, 10]],
      ['Reserved', [0, 4]],
      ['Available', [10, 6]],
    ]);
  });

  it('of all warehouses draws each one’s available, carried forward between its events and absent before its first', () => {
    const data = stockChartData(history, undefined);
    expect(data.labels).toHaveLength(4);
    expect(data.datasets.map((d) => [d.label, d.data])).toEqual([
      ['Available at WH-A', [10, 10, 6, 6]],
      ['Available at WH-B', [null, 5, 5, 0]],
    ]);
  });

  it('lists the warehouses in the order they first appear', () => {
    expect(warehousesIn(history)).toEqual(['WH-A', 'WH-B']);
  });
});

describe('low stock', () => {
  it('is fewer available than the threshold', () => {
    expect(isLow({ available: 9 }, 10)).toBe(true);
    expect(isLow({ available: 10 }, 10)).toBe(false);
    expect(isLow({ available: -2 }, 0)).toBe(true);
  });
});
