import { httpLabels, UNMATCHED_ROUTE } from './http';
import { gatewayRefusalOf } from './gateway';

describe('bounded labels', () => {
  it('labels a request by its route template, never by its path', () => {
    expect(httpLabels('GET', '/orders/:orderId', 200)).toEqual(['GET', '/orders/:orderId', '200']);
  });

  it('puts every request no route matched under one route label', () => {
    expect(httpLabels('GET', undefined, 404)).toEqual(['GET', UNMATCHED_ROUTE, '404']);
    expect(httpLabels('GET', '', 404)).toEqual(['GET', UNMATCHED_ROUTE, '404']);
  });

  it('counts a non-standard method as _OTHER, as OpenTelemetry does', () => {
    expect(httpLabels('PROPFIND', '/orders', 405)).toEqual(['_OTHER', '/orders', '405']);
  });

  it('classes the gateway refusals by status', () => {
    expect([400, 403, 413, 422, 503].map((s) => gatewayRefusalOf(s as 400))).toEqual(['invalid', 'forbidden', 'too_large', 'invalid', 'unavailable']);
  });
});
