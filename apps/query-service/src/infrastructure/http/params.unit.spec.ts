import { z } from 'zod';
import { BadParametersError } from './api-errors';
import { minPosition, Param, parseParams } from './params';

const ListQuery = z.strictObject({
  limit: Param.integer(1, 500).optional(),
  status: Param.listOf(['PLACED', 'SHIPPED'] as const).optional(),
  groupBy: Param.oneOf(['day', 'sku'] as const).optional(),
  from: Param.dateOrInstant().optional(),
  asOf: Param.instant().optional(),
  minPosition,
});
const Path = z.strictObject({ orderId: Param.uuid() });

function problemsOf(run: () => unknown) {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(BadParametersError);
    return err as BadParametersError;
  }
  throw new Error('expected a 400');
}

describe('request parameter validation', () => {
  it('turns valid strings into typed values', () => {
    expect(
      parseParams(ListQuery, { limit: '25', status: 'PLACED,SHIPPED', groupBy: 'sku', from: '2026-03-02', asOf: '2026-03-02T10:00:00+01:00', minPosition: '7' }, 'query'),
    ).toEqual({
      limit: 25,
      status: ['PLACED', 'SHIPPED'],
      groupBy: 'sku',
      from: new Date('2026-03-02T00:00:00.000Z'),
      asOf: new Date('2026-03-02T09:00:00.000Z'),
      minPosition: 7,
    });
    expect(parseParams(Path, { orderId: '0B7E4D55-9F1C-5A2E-8D3B-2F6A1C9E4B70' }, 'path')).toEqual({ orderId: '0b7e4d55-9f1c-5a2e-8d3b-2f6a1c9e4b70' });
  });

  it.each([
    ['limit', { limit: '501' }, /integer from 1 to 500/],
    ['limit', { limit: '2.5' }, /integer from 1 to 500/],
    ['limit', { limit: ['5', '6'] }, /single value/],
    ['status', { status: 'PLACED,LOST' }, /one or more \(comma-separated\) of PLACED, SHIPPED/],
    ['groupBy', { groupBy: 'week' }, /one of day, sku/],
    ['from', { from: '02/03/2026' }, /ISO-8601 date/],
    ['asOf', { asOf: '2026-03-02T10:00:00' }, /with a time zone/],
    ['minPosition', { minPosition: '-3' }, /integer from 0/],
  ])('refuses a bad %s with what was expected and what arrived', (parameter, query, expected) => {
    const err = problemsOf(() => parseParams(ListQuery, query, 'query'));
    expect(err.status).toBe(400);
    expect(err.problems).toEqual([{ parameter, in: 'query', expected: expect.stringMatching(expected), received: (query as Record<string, unknown>)[parameter] }]);
    expect(err.message).toContain(`query parameter "${parameter}"`);
  });

  it('refuses unknown parameters, listing the known ones, and reports every problem at once', () => {
    const err = problemsOf(() => parseParams(ListQuery, { limt: '5', groupBy: 'year' }, 'query'));
    expect(err.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ parameter: 'limt', received: '5', expected: expect.stringMatching(/not expected \(expected one of: limit, status/) }),
        expect.objectContaining({ parameter: 'groupBy', received: 'year' }),
      ]),
    );
  });

  it('names a path parameter as such', () => {
    const err = problemsOf(() => parseParams(Path, { orderId: 'OF-000001' }, 'path'));
    expect(err.problems).toEqual([{ parameter: 'orderId', in: 'path', expected: expect.stringMatching(/UUID/), received: 'OF-000001' }]);
    expect(err.message).toMatch(/^path parameter "orderId": expected a UUID.*got "OF-000001"$/);
  });
});
