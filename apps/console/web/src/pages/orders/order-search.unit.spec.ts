import { describe, expect, it } from '@jest/globals';
import { currentCursor, firstPage, hasPrevious, nextPage, pageNumber, previousPage } from './cursor-stack';
import { filterProblem, filtersFromQuery, ordersLink, searchParams } from './order-filters';

describe('the order search in the URL', () => {
  it('reads the filters that are set and ignores blanks and unknown parameters', () => {
    expect(filtersFromQuery(new URLSearchParams('channel=web&status=SHIPPED&sku=%20&utm=x&orderNumber=OF-000042'))).toEqual({
      channel: 'web',
      status: 'SHIPPED',
      orderNumber: 'OF-000042',
    });
  });

  it('writes the same search as the same link, and a link gives back the search', () => {
    const filters = { sku: 'SKU-1', channel: 'web', externalOrderId: 'W 1/2', placedFrom: '2026-03-01' };
    const link = ordersLink(filters);
    expect(link).toBe('/orders?channel=web&externalOrderId=W+1%2F2&sku=SKU-1&placedFrom=2026-03-01');
    expect(ordersLink({ placedFrom: '2026-03-01', externalOrderId: 'W 1/2', sku: 'SKU-1', channel: 'web' })).toBe(link);
    expect(filtersFromQuery(new URL(link, 'http://console').searchParams)).toEqual(filters);
    expect(ordersLink({ channel: ' ' })).toBe('/orders');
  });

  it('asks the API for the whole "placed to" day, as its placedTo is exclusive', () => {
    expect(searchParams({ placedFrom: '2026-02-28', placedTo: '2026-02-28' }, undefined, 25)).toEqual({
      placedFrom: '2026-02-28',
      placedTo: '2026-03-01',
      cursor: undefined,
      limit: 25,
    });
    expect(searchParams({ placedTo: '2026-12-31' }, 'c1', 10)).toMatchObject({ placedTo: '2027-01-01', cursor: 'c1' });
  });

  it('says at the form when "placed to" comes before "placed from"', () => {
    expect(filterProblem({ placedFrom: '2026-03-02', placedTo: '2026-03-01' })).toMatch(/before/);
    expect(filterProblem({ placedFrom: '2026-03-01', placedTo: '2026-03-01' })).toBeUndefined();
  });
});

describe('paging through the results', () => {
  it('goes forward by the cursors the API gives and back to exactly the pages it came from', () => {
    let stack = firstPage();
    expect([currentCursor(stack), pageNumber(stack), hasPrevious(stack)]).toEqual([undefined, 1, false]);
    stack = nextPage(stack, 'after-page-1');
    stack = nextPage(stack, 'after-page-2');
    expect([currentCursor(stack), pageNumber(stack)]).toEqual(['after-page-2', 3]);
    stack = previousPage(stack);
    expect(currentCursor(stack)).toBe('after-page-1');
    stack = previousPage(stack);
    expect([currentCursor(stack), hasPrevious(stack)]).toEqual([undefined, false]);
    expect(previousPage(stack)).toEqual(firstPage());
  });
});
