import { z } from 'zod';
import { CourierAcceptedV1, CourierAvailableV1, CourierPositionV1, TrackingUpdatedV1 } from './inbound/carrier-tracking';
import {
  ComplaintSubmittedV1,
  OrderCancellationRequestedV1,
  OrderChangeRequestedV1,
  OrderSubmittedV1,
  ReturnRequestedV1,
} from './inbound/channel-orders';
import {
  ReturnParcelReceivedV1,
  ShipmentPackedV1,
  StockAdjustedV1,
  StockReceivedV1,
  WarehouseRegisteredV1,
} from './inbound/warehouse-operations';
import {
  PaymentAuthorizationFailedV1,
  PaymentAuthorizedV1,
  PaymentCapturedV1,
  PaymentCaptureFailedV1,
  PaymentRefundedV1,
  PaymentRefundFailedV1,
} from './inbound/payment-events';
import { ProductionCompletedV1, ProductionFailedV1, ProductionStartedV1 } from './inbound/production-events';
import { BOUNDS, MAX_MESSAGE_BYTES } from './bounds';
import { ownValue } from './lookup';
import { Topics } from './topics';
import { FieldIssue, fieldIssues, issuesText } from './issues';
import { nestsDeeperThan, preview, shapeIssues, tooDeepIssue } from './wellformed';

/** Turns a message of version N into version N+1 of the same type. */
export type Upcaster = (message: Record<string, unknown>) => Record<string, unknown>;

interface TypeEntry {
  /** The schema of the current version; older versions are upcast to it before validation. */
  schema: z.ZodType;
  currentVersion: number;
  /** upcasters[n] lifts version n to n+1. */
  upcasters: Record<number, Upcaster>;
}

const entry = (schema: z.ZodType, currentVersion = 1, upcasters: Record<number, Upcaster> = {}): TypeEntry => ({
  schema,
  currentVersion,
  upcasters,
});

/** Which message types may appear on which inbound topic. */
export const INBOUND_CATALOG: Record<string, Record<string, TypeEntry>> = {
  [Topics.channelOrders]: {
    OrderSubmitted: entry(OrderSubmittedV1),
    OrderCancellationRequested: entry(OrderCancellationRequestedV1),
    OrderChangeRequested: entry(OrderChangeRequestedV1),
    ReturnRequested: entry(ReturnRequestedV1),
    ComplaintSubmitted: entry(ComplaintSubmittedV1),
  },
  [Topics.warehouseOperations]: {
    WarehouseRegistered: entry(WarehouseRegisteredV1),
    StockReceived: entry(StockReceivedV1),
    StockAdjusted: entry(StockAdjustedV1),
    ShipmentPacked: entry(ShipmentPackedV1),
    ReturnParcelReceived: entry(ReturnParcelReceivedV1),
  },
  [Topics.carrierTracking]: {
    TrackingUpdated: entry(TrackingUpdatedV1),
    CourierAvailable: entry(CourierAvailableV1),
    CourierPosition: entry(CourierPositionV1),
    CourierAccepted: entry(CourierAcceptedV1),
  },
  [Topics.paymentEvents]: {
    PaymentAuthorized: entry(PaymentAuthorizedV1),
    PaymentAuthorizationFailed: entry(PaymentAuthorizationFailedV1),
    PaymentCaptured: entry(PaymentCapturedV1),
    PaymentCaptureFailed: entry(PaymentCaptureFailedV1),
    PaymentRefunded: entry(PaymentRefundedV1),
    PaymentRefundFailed: entry(PaymentRefundFailedV1),
  },
  [Topics.productionEvents]: {
    ProductionStarted: entry(ProductionStartedV1),
    ProductionCompleted: entry(ProductionCompletedV1),
    ProductionFailed: entry(ProductionFailedV1),
  },
};

export type ParseResult<T = unknown> = { ok: true; message: T } | { ok: false; reason: string; issues: FieldIssue[] };

/** A refusal lists the first problems and counts the rest: 500 bad lines make no 2,000-line answer. */
function fail(all: FieldIssue[]): ParseResult<never> {
  const max = BOUNDS.maxIssuesReported;
  const issues = all.length > max ? [...all.slice(0, max), { field: '', message: `and ${all.length - max} more problems` }] : all;
  return {
    ok: false,
    issues,
    reason: issuesText(issues),
  };
}

/**
 * Validates a decoded message against the catalog of a topic (contract name, no namespace):
 * unknown type or version, schema violations and upcasting of older versions all happen here.
 */
export function parseMessage(
  topic: string,
  body: unknown,
  catalog: Record<string, Record<string, TypeEntry>> = INBOUND_CATALOG,
): ParseResult<Record<string, unknown>> {
  const types = ownValue(catalog, topic);
  if (!types) return fail([{ field: '', message: `no message catalog for topic "${topic}"` }]);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return fail([{ field: '', message: 'expected a JSON object' }]);
  }
  const shape = shapeIssues(body);
  if (shape.length > 0) return fail(shape);
  let message = body as Record<string, unknown>;
  const type = message.type;
  if (typeof type !== 'string') return fail([{ field: 'type', message: 'expected a string' }]);
  const known = ownValue(types, type);
  if (!known) {
    return fail([
      { field: 'type', message: `unknown type ${preview(type)} on ${topic} (expected one of ${Object.keys(types).join(', ')})` },
    ]);
  }
  const version = message.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1 || version > known.currentVersion) {
    return fail([
      {
        field: 'version',
        message: `unknown version ${preview(version)} of ${type} (supported: 1..${known.currentVersion})`,
      },
    ]);
  }
  for (let v = version; v < known.currentVersion; v++) {
    const up = known.upcasters[v];
    if (!up) return fail([{ field: 'version', message: `no upcaster from version ${v} of ${type}` }]);
    message = { ...up(message), version: v + 1 };
  }
  const parsed = known.schema.safeParse(message);
  if (!parsed.success) {
    return fail(fieldIssues(parsed.error));
  }
  return { ok: true, message: parsed.data as Record<string, unknown> };
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Bytes as UTF-8 text, or undefined when they are not UTF-8 (no silent U+FFFD in the data). */
export function utf8Text(bytes: Uint8Array): string | undefined {
  try {
    return UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Size, UTF-8, nesting, JSON, shape and schema checks of raw bytes from an inbound topic, in that order. */
export function decodeMessage(topic: string, bytes: Buffer | null): ParseResult<Record<string, unknown>> {
  if (!bytes || bytes.length === 0) return fail([{ field: '', message: 'empty message' }]);
  if (bytes.length > MAX_MESSAGE_BYTES) {
    return fail([{ field: '', message: `message is ${bytes.length} bytes, over the ${MAX_MESSAGE_BYTES}-byte limit` }]);
  }
  const text = utf8Text(bytes);
  if (text === undefined) return fail([{ field: '', message: 'not valid UTF-8 text' }]);
  if (nestsDeeperThan(text, BOUNDS.maxNestingDepth)) return fail([tooDeepIssue()]);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    return fail([{ field: '', message: `not valid JSON: ${(err as Error).message}` }]);
  }
  return parseMessage(topic, body);
}
