import { describe, expect, it } from '@jest/globals';
import { asOfInstant, asOfSteps, stepLabel } from './as-of';
import type { TimelineEntry } from './order-types';
import { causeOf, indexByEventId, notificationsSent } from './timeline';

function entry(position: number, type: string, more: Partial<TimelineEntry> = {}): TimelineEntry {
  return {
    position,
    type,
    service: 'order-service',
    streamId: 'order-1',
    streamVersion: position,
    eventId: `e${position}`,
    recordedAt: new Date(Date.UTC(2026, 2, 2, 9, 0, position)).toISOString(),
    correlationId: 'c1',
    causationId: null,
    actor: null,
    data: {},
    ...more,
  };
}

const events = [entry(7, 'OrderConfirmed', { causationId: 'e3' }), entry(3, 'OrderPlaced', { causationId: 'msg-from-channel' }), entry(12, 'OrderShipmentDispatched', { causationId: 'e7' })];

describe('the as-of slider', () => {
  it('has one step per timeline entry, oldest first, whatever order they came in', () => {
    expect(asOfSteps(events).map((s) => [s.index, s.position, s.type])).toEqual([
      [0, 3, 'OrderPlaced'],
      [1, 7, 'OrderConfirmed'],
      [2, 12, 'OrderShipmentDispatched'],
    ]);
  });

  it('asks for the order as of the moment its entry was recorded, and for the live order at the rightmost step', () => {
    const steps = asOfSteps(events);
    expect(asOfInstant(steps, 0)).toBe('2026-03-02T09:00:03.000Z');
    expect(asOfInstant(steps, 1)).toBe('2026-03-02T09:00:07.000Z');
    expect(asOfInstant(steps, 2)).toBeUndefined();
    expect(asOfInstant(steps, undefined)).toBeUndefined();
    expect(asOfInstant([], 0)).toBeUndefined();
  });

  it('names the step it is on', () => {
    const steps = asOfSteps(events);
    expect(stepLabel(steps, 0)).toBe('event 1 of 3: OrderPlaced');
    expect(stepLabel(steps, 2)).toBe('now (event 3 of 3: OrderShipmentDispatched)');
  });
});

describe('reading the timeline', () => {
  it('points a causation at the entry that caused it, or keeps the id of a message from outside', () => {
    const index = indexByEventId(events);
    expect(causeOf(events[0], index)).toEqual({ entry: events[1] });
    expect(causeOf(events[1], index)).toEqual({ id: 'msg-from-channel' });
    expect(causeOf(entry(1, 'X'), index)).toBeUndefined();
  });

  it('lists the notifications the customer was sent, named as they went out', () => {
    expect(notificationsSent(events).map((n) => [n.notification, n.event.position])).toEqual([
      ['OrderConfirmed', 7],
      ['OrderShipped', 12],
    ]);
  });
});
