import { describe, expect, it } from '@jest/globals';
import type { LiveOrder } from '../orders/order-types';
import { funnelSteps } from './funnel';
import { withLiveOrder } from './latest-orders';
import { perMinuteSeries } from './orders-per-minute';
import { backlogByService } from './pipeline';
import { readHealth } from './service-health';

describe('orders per minute', () => {
  it('has every minute of the window, quiet ones at zero, one series per channel', () => {
    const series = perMinuteSeries({
      from: '2026-03-02T09:00:00.000Z',
      to: '2026-03-02T09:04:00.000Z',
      buckets: [
        { minute: '2026-03-02T09:00:00.000Z', channel: 'web', orders: 3 },
        { minute: '2026-03-02T09:02:00.000Z', channel: 'app', orders: 1 },
        { minute: '2026-03-02T09:03:00.000Z', channel: 'web', orders: 2 },
      ],
    });
    expect(series.minutes).toEqual(['2026-03-02T09:00:00.000Z', '2026-03-02T09:01:00.000Z', '2026-03-02T09:02:00.000Z', '2026-03-02T09:03:00.000Z']);
    expect(series.channels).toEqual([
      { channel: 'app', orders: [0, 0, 1, 0] },
      { channel: 'web', orders: [3, 0, 0, 2] },
    ]);
    expect(series.total).toBe(6);
  });
});

describe('the status funnel', () => {
  it('keeps the stages in order with the share of placed orders that got that far', () => {
    expect(funnelSteps({ from: '', to: '', placed: 8, confirmed: 6, allocated: 4, shipped: 3, delivered: 1 }).map((s) => [s.label, s.orders, s.percentOfPlaced])).toEqual([
      ['Placed', 8, 100],
      ['Confirmed', 6, 75],
      ['Allocated', 4, 50],
      ['Shipped', 3, 38],
      ['Delivered', 1, 13],
    ]);
    expect(funnelSteps({ from: '', to: '', placed: 0, confirmed: 0, allocated: 0, shipped: 0, delivered: 0 })[0].percentOfPlaced).toBeNull();
  });
});

describe('service health', () => {
  it('names what is down when a service answers 503', () => {
    const health = readHealth('order-service', 503, {
      status: 'unavailable',
      service: 'order-service',
      down: ['kafka', 'consumer'],
      checks: { database: { status: 'up', latencyMs: 2 }, kafka: { status: 'down', latencyMs: 3000, error: 'timed out after 3000 ms' } },
      components: { consumer: { status: 'down', detail: 'crashed' }, relay: { status: 'up' } },
    });
    expect(health).toEqual({
      service: 'order-service',
      state: 'unavailable',
      down: ['kafka', 'consumer'],
      problems: [
        { component: 'kafka', detail: 'timed out after 3000 ms' },
        { component: 'consumer', detail: 'down: crashed' },
      ],
    });
  });

  it('tells degraded from ok, and a service that does not answer from one that is down', () => {
    expect(readHealth('q', 200, { status: 'ok', checks: {}, components: {} }).state).toBe('ok');
    expect(readHealth('q', 200, { status: 'degraded', components: { projector: { status: 'degraded', detail: 'waiting' } } })).toMatchObject({
      state: 'degraded',
      problems: [{ component: 'projector', detail: 'degraded: waiting' }],
    });
    expect(readHealth('q', 502, { message: '127.0.0.1:3000 did not answer: ECONNREFUSED' })).toMatchObject({
      state: 'unreachable',
      problems: [{ component: 'http', detail: '127.0.0.1:3000 did not answer: ECONNREFUSED' }],
    });
  });
});

describe('backlog per service', () => {
  it('sums each service over the topics it reads, the largest backlog first', () => {
    const lag = (service: string, topic: string, n: number) => ({ group: service, service, topic, lag: n, partitions: [] });
    expect(backlogByService([lag('a', 't1', 1), lag('b', 't1', 0), lag('a', 't2', 4), lag('c', 't3', 9)]).map((b) => [b.service, b.lag, b.topics.length])).toEqual([
      ['c', 9, 1],
      ['a', 5, 2],
      ['b', 0, 1],
    ]);
  });
});

describe('the live list of latest orders', () => {
  const order = (n: number, more: Partial<LiveOrder> = {}): LiveOrder => ({
    orderId: `o${n}`,
    orderNumber: `OF-${n}`,
    channel: 'web',
    status: 'PLACED',
    placedAt: new Date(Date.UTC(2026, 2, 2, 9, n)).toISOString(),
    position: n * 10,
    ...more,
  });

  it('puts a new order on top and drops the oldest beyond the limit', () => {
    expect(withLiveOrder([order(2), order(1)], order(3), 2).map((o) => o.orderId)).toEqual(['o3', 'o2']);
  });

  it('updates a listed order in place, and never with an older event', () => {
    const list = [order(2), order(1)];
    expect(withLiveOrder(list, order(1, { status: 'CONFIRMED', position: 99 }))).toEqual([order(2), order(1, { status: 'CONFIRMED', position: 99 })]);
    expect(withLiveOrder(list, order(1, { status: 'PLACED', position: 1 }))).toEqual(list);
  });

  it('leaves out an order that was never placed', () => {
    expect(withLiveOrder([order(1)], order(5, { placedAt: null }))).toEqual([order(1)]);
  });
});
