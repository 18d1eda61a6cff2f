/**
 * Every metric orderflow records, by name: OpenTelemetry's semantic-convention names where they
 * exist (messaging, HTTP), in Prometheus form (dots to underscores, unit suffix), `orderflow_`
 * otherwise. The dashboard and its spec refer to these, so a rename breaks the test, not the chart.
 */
export const METRIC_NAMES = {
  consumedMessages: 'messaging_client_consumed_messages_total',
  appliedMessages: 'orderflow_messages_applied_total',
  retriedMessages: 'orderflow_messages_retried_total',
  deadLetteredMessages: 'orderflow_messages_dead_lettered_total',
  processDuration: 'messaging_process_duration_seconds',
  unitOfWorkDuration: 'orderflow_unit_of_work_duration_seconds',
  consumerLag: 'messaging_kafka_consumer_lag',
  relayBacklog: 'orderflow_relay_backlog_events',
  operationDuration: 'messaging_client_operation_duration_seconds',
  sentMessages: 'messaging_client_sent_messages_total',
  projectionLagEvents: 'orderflow_projection_lag_events',
  projectionLagSeconds: 'orderflow_projection_lag_seconds',
  appendDuration: 'orderflow_event_store_append_duration_seconds',
  appendConflicts: 'orderflow_event_store_append_conflicts_total',
  httpRequestDuration: 'http_server_request_duration_seconds',
  gatewayMessages: 'orderflow_gateway_messages_total',
  webhookAttempts: 'orderflow_webhook_attempts_total',
  webhookDeliveries: 'orderflow_webhook_deliveries_total',
  webhookAttemptDuration: 'orderflow_webhook_attempt_duration_seconds',
  webhookDeliveryLatency: 'orderflow_webhook_delivery_latency_seconds',
} as const;

export type MetricName = (typeof METRIC_NAMES)[keyof typeof METRIC_NAMES];

/** Latency buckets in seconds, from a cached read (1 ms) to a transaction waiting on a lock (10 s). */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
