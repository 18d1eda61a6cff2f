import { StreamStateCache } from './stream-cache';

const at = (version: number) => ({ version, snapshotVersion: 0, states: new Map() });

describe('StreamStateCache', () => {
  it('keeps the later version when a transaction that read a stream commits after one that wrote it', () => {
    const cache = new StreamStateCache();
    cache.put('shipment-1', at(2)); // the booking, committed
    cache.put('shipment-1', at(1)); // a reader that saw version 1 commits afterwards
    expect(cache.get('shipment-1')?.version).toBe(2);
  });

  it('lets the least recently used stream go first', () => {
    const cache = new StreamStateCache(2);
    cache.put('a', at(1));
    cache.put('b', at(1));
    cache.get('a');
    cache.put('c', at(1));
    expect([cache.get('a'), cache.get('b'), cache.get('c')].map((e) => e !== undefined)).toEqual([true, false, true]);
  });

  it('remembers nothing with no capacity', () => {
    const cache = new StreamStateCache(0);
    cache.put('a', at(1));
    expect(cache.size).toBe(0);
  });
});
