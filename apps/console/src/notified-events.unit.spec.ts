import { ALL_EVENT_SCHEMAS, notificationFor } from '@orderflow/contracts';
import { NOTIFIED_AS } from '../web/src/pages/orders/timeline';

/**
 * The order page lists the notifications a customer was sent from the order's timeline, with its
 * own copy of which events become which notification (the browser bundle cannot load the
 * contracts). Here, on the Node side, the copy is held to the contracts' own rule.
 */
describe("the console's list of notified events", () => {
  const notified = (type: string) => notificationFor({ eventId: '00000000-0000-4000-8000-000000000001', type, data: { lines: [] }, recordedAt: new Date(0) })?.type;

  it.each(Object.entries(NOTIFIED_AS))('%s is sent as %s', (eventType, notification) => {
    expect(notified(eventType)).toBe(notification);
  });

  it('misses no event type the contracts notify about', () => {
    const types = Object.keys(ALL_EVENT_SCHEMAS);
    expect(types.length).toBeGreaterThan(20);
    expect(types.filter((type) => notified(type) !== undefined && !(type in NOTIFIED_AS))).toEqual([]);
  });
});
