import { parseMetricsText, sampleSum } from './metrics-text';

describe('the Prometheus text format as the metrics specs read it', () => {
  const text = [
    '# HELP http_server_request_duration_seconds HTTP requests served',
    '# TYPE http_server_request_duration_seconds histogram',
    'http_server_request_duration_seconds_bucket{le="0.005",http_request_method="GET",http_route="/orders/:orderId",http_response_status_code="200"} 3',
    'http_server_request_duration_seconds_count{http_request_method="GET",http_route="/orders/:orderId",http_response_status_code="200"} 4',
    'http_server_request_duration_seconds_count{http_request_method="GET",http_route="/orders/:orderId",http_response_status_code="404"} 1',
    'orderflow_relay_backlog_events 0',
    'odd_labels{detail="say \\"hi\\", a\\\\b\\nnext"} 1.5 1700000000000',
    '',
  ].join('\n');

  it('reads names, labels (unescaped) and values, skipping comments', () => {
    const samples = parseMetricsText(text);
    expect(samples).toHaveLength(5);
    expect(samples[0]).toEqual({
      name: 'http_server_request_duration_seconds_bucket',
      labels: { le: '0.005', http_request_method: 'GET', http_route: '/orders/:orderId', http_response_status_code: '200' },
      value: 3,
    });
    expect(samples[3]).toEqual({ name: 'orderflow_relay_backlog_events', labels: {}, value: 0 });
    expect(samples[4]).toEqual({ name: 'odd_labels', labels: { detail: 'say "hi", a\\b\nnext' }, value: 1.5 });
  });

  it('sums the samples whose labels match, and tells a missing metric from a zero', () => {
    const samples = parseMetricsText(text);
    expect(sampleSum(samples, 'http_server_request_duration_seconds_count', { http_route: '/orders/:orderId' })).toBe(5);
    expect(sampleSum(samples, 'http_server_request_duration_seconds_count', { http_response_status_code: '404' })).toBe(1);
    expect(sampleSum(samples, 'orderflow_relay_backlog_events')).toBe(0);
    expect(sampleSum(samples, 'orderflow_no_such_metric')).toBeUndefined();
  });

  it('refuses a line that is not a sample', () => {
    expect(() => parseMetricsText('what is this')).toThrow(/not a sample line/);
    expect(() => parseMetricsText('m{a="1" b} 2')).toThrow(/unreadable labels/);
  });
});
