import type { Params } from '../../api';

/**
 * The order search's filters, kept in the page's URL (/orders?channel=web&status=SHIPPED), so a
 * search is a link an operator can share or bookmark, and Back returns to the previous search.
 */
export const FILTER_NAMES = ['orderNumber', 'channel', 'externalOrderId', 'customerId', 'status', 'sku', 'placedFrom', 'placedTo'] as const;
export type FilterName = (typeof FILTER_NAMES)[number];
export type OrderFilters = Partial<Record<FilterName, string>>;

export function filtersFromQuery(query: URLSearchParams): OrderFilters {
  const filters: OrderFilters = {};
  for (const name of FILTER_NAMES) {
    const value = query.get(name)?.trim();
    if (value) filters[name] = value;
  }
  return filters;
}

/** `/orders?…` with the filters that are set, in a fixed order (the same search is the same link). */
export function ordersLink(filters: OrderFilters): string {
  const query = new URLSearchParams();
  for (const name of FILTER_NAMES) {
    const value = filters[name]?.trim();
    if (value) query.set(name, value);
  }
  const text = query.toString();
  return text ? `/orders?${text}` : '/orders';
}

const DAY_MS = 86_400_000;

/**
 * The parameters of GET /orders. The date inputs give whole days and people read "placed to
 * 2 March" as including 2 March, while the API's placedTo is exclusive: it gets the day after.
 */
export function searchParams(filters: OrderFilters, cursor: string | undefined, limit: number): Params {
  const placedTo = filters.placedTo && /^\d{4}-\d{2}-\d{2}$/.test(filters.placedTo) ? dayAfter(filters.placedTo) : filters.placedTo;
  return { ...filters, placedTo, cursor, limit };
}

function dayAfter(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/** "Placed to" must not come before "Placed from": said at the form, before the API says it. */
export function filterProblem(filters: OrderFilters): string | undefined {
  if (filters.placedFrom && filters.placedTo && filters.placedTo < filters.placedFrom) return '"Placed to" is before "Placed from".';
  return undefined;
}
