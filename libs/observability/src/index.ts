/**
 * What a running service tells its operators: Prometheus metrics, structured logs and OpenTelemetry
 * traces (docs/adr/0026, docs/adr/0027). The lowest of the shared libs: it imports nothing of ours,
 * so the event store, messaging and platform may all record through it.
 */
export * from './context';
export * from './metrics';
export { observeHttpServer, HttpObservation } from './http/observe-http-server';
export { createLogger, log, Logger, LoggerOptions, prettyLogsWanted, startLogging } from './logging/logger';
export { PinoNestLogger } from './logging/nest-logger';
export { currentTraceparent } from './tracing/current-trace';
export { ConsumedRecord, messageSpan, RecordToSend, sendSpans, unitOfWorkSpan } from './tracing/message-spans';
export { appendSpan } from './tracing/store-spans';
export { startTracing, Tracing, TracingOptions, tracingConfigured } from './tracing/tracing';
