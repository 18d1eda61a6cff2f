import type { LiveOrder } from '../orders/order-types';

export const LATEST_ORDERS = 12;

/**
 * The overview's list of the latest orders, as live `order` events arrive: an order already
 * listed is updated in place (its status moved on), a new one goes on top, the oldest drops off.
 * Events of an order never placed (a return naming an unknown order) are not listed.
 */
export function withLiveOrder(list: readonly LiveOrder[], event: LiveOrder, max = LATEST_ORDERS): LiveOrder[] {
  if (!event.placedAt) return [...list];
  const at = list.findIndex((o) => o.orderId === event.orderId);
  if (at >= 0) {
    if (list[at].position > event.position) return [...list];
    return list.map((o, i) => (i === at ? event : o));
  }
  return [event, ...list].sort((a, b) => Date.parse(b.placedAt!) - Date.parse(a.placedAt!) || b.position - a.position).slice(0, max);
}

/** A live event's data, if it is an order event: the stream also carries other kinds. */
export function asLiveOrder(data: unknown): LiveOrder | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const d = data as Partial<LiveOrder>;
  return typeof d.orderId === 'string' && typeof d.position === 'number' ? (d as LiveOrder) : undefined;
}
