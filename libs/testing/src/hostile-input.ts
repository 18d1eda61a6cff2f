import fc from 'fast-check';
import { BOUNDS, INBOUND_CATALOG, inboundKey, MAX_MESSAGE_BYTES, Topics } from '@orderflow/contracts';

/*
 * Hostile input for the edge, as fast-check arbitraries: valid inbound messages of every type, and
 * records that break the contract in one known way each, with what their refusal must say. Used by
 * the decoder's and the gateway's property specs and by the end-to-end run through the broker.
 */

export type InboundTopic = (typeof Topics)['channelOrders' | 'warehouseOperations' | 'carrierTracking'];
export const INBOUND_TOPIC_NAMES: readonly InboundTopic[] = [Topics.channelOrders, Topics.warehouseOperations, Topics.carrierTracking];

type Json = Record<string, unknown>;

/** A record as a producer puts it on an inbound topic. */
export interface InboundRecord {
  topic: InboundTopic;
  key: string | null;
  value: Buffer;
  headers: Record<string, string>;
}

export interface HostileRecord extends InboundRecord {
  /** What is wrong with it, e.g. `nul`, `past-bound`, `wrong-key`. */
  kind: string;
  /** The field the refusal must name, when the fault is in one field. */
  field?: string;
  /** Must match the refusal's reason. */
  reason: RegExp;
  /** Whether the message is wrong only in its Kafka key or headers (over HTTP the gateway sets both). */
  transportOnly: boolean;
}

const typesOf = (topic: InboundTopic) => Object.keys(INBOUND_CATALOG[topic]);

/** A valid message of `type`, distinct per `n`; `ids` keeps runs apart. */
export function validInbound(type: string, n: number, messageId: string, ids = 'FZ'): Json {
  const envelope = { type, version: 1, messageId, occurredAt: '2026-11-25T10:00:00Z' };
  const order = { channel: 'webshop', externalOrderId: `${ids}-${n}` };
  switch (type) {
    case 'OrderSubmitted':
      return {
        ...envelope,
        ...order,
        customer: { id: `C-${n}`, name: 'Ada Lovelace', email: 'ada@example.com', phone: '+49 30 1234' },
        shippingAddress: { line1: 'Friedrichstr. 12', line2: 'Hof', city: 'Berlin', region: 'BE', postalCode: '10117', country: 'DE' },
        lines: [
          { sku: `${ids}-MUG`, quantity: 1 + (n % 3), unitPriceMinor: 1299 },
          { sku: `${ids}-TEA`, quantity: 1, unitPriceMinor: 450 },
        ],
        currency: 'EUR',
        requestedDeliveryDate: '2026-12-01',
      };
    case 'OrderCancellationRequested':
      return { ...envelope, ...order, reason: 'ordered by mistake' };
    case 'OrderChangeRequested':
      return { ...envelope, ...order, changeId: `${ids}-CHG-${n}`, lines: [{ sku: `${ids}-MUG`, quantity: 3 }] };
    case 'ReturnRequested':
      return { ...envelope, ...order, lines: [{ sku: `${ids}-MUG`, quantity: 1, reason: 'chipped' }], resolution: 'REFUND' };
    case 'ComplaintSubmitted':
      return { ...envelope, ...order, category: 'PACKAGING', message: 'The box was crushed.' };
    case 'WarehouseRegistered':
      return { ...envelope, warehouseId: `${ids}-WH-${n}`, name: 'Berlin', country: 'DE', region: 'BE' };
    case 'StockReceived':
      return { ...envelope, warehouseId: `${ids}-WH-${n}`, sku: `${ids}-MUG`, quantity: 10 };
    case 'StockAdjusted':
      return { ...envelope, warehouseId: `${ids}-WH-${n}`, sku: `${ids}-MUG`, quantityDelta: -2, reason: 'broken' };
    case 'ShipmentPacked':
      return { ...envelope, shipmentId: `${ids}-OF-${n}-1`, weightGrams: 1450 };
    case 'ReturnParcelReceived':
      return { ...envelope, rmaNumber: `${ids}-RMA-${n}`, warehouseId: `${ids}-WH-${n}`, lines: [{ sku: `${ids}-MUG`, quantity: 1, condition: 'DAMAGED' }] };
    case 'TrackingUpdated':
      return { ...envelope, carrier: 'ParcelNet', trackingNumber: `${ids}-PN-${n}`, status: 'IN_TRANSIT', location: 'Berlin hub' };
    case 'CourierAvailable':
    case 'CourierPosition':
      return { ...envelope, carrier: 'CityCourier', courierId: `${ids}-CR-${n}`, location: { lat: 52.52, lon: 13.4 } };
    case 'CourierAccepted':
      return { ...envelope, carrier: 'CityCourier', courierId: `${ids}-CR-${n}`, shipmentId: `${ids}-OF-${n}-1` };
    default:
      throw new Error(`no valid example of ${type}`);
  }
}

export const topicOfType = (type: string): InboundTopic => INBOUND_TOPIC_NAMES.find((t) => typesOf(t).includes(type))!;

/** The record a well-behaved producer would send: contract key, plain JSON. */
export function recordOf(message: Json, headers: Record<string, string> = {}): InboundRecord {
  const topic = topicOfType(String(message.type));
  return { topic, key: inboundKey(topic, message), value: Buffer.from(JSON.stringify(message)), headers };
}

type Path = (string | number)[];
const pathText = (path: Path) =>
  path.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${k}` : k), '');

/** Every leaf of a message with its path, in document order. */
function leaves(value: unknown, path: Path = []): { path: Path; value: unknown }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, [...path, i]));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
  return [{ path, value }];
}

/** Every object within a message (the message itself first) with its path. */
function objects(value: unknown, path: Path = []): { path: Path; value: Json }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => objects(v, [...path, i]));
  if (value === null || typeof value !== 'object') return [];
  return [{ path, value: value as Json }, ...Object.entries(value).flatMap(([k, v]) => objects(v, [...path, k]))];
}

function setAt(message: Json, path: Path, value: unknown): void {
  let node: Record<string | number, unknown> = message;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  node[path[path.length - 1]] = value;
}

const clone = (m: Json): Json => JSON.parse(JSON.stringify(m)) as Json;

/** Out-of-bound values for each bounded integer field, by its name (an order change's quantity may be 0: it removes the line). */
function pastBounds(name: string, type: unknown): fc.Arbitrary<unknown> {
  const beyond = (max: number) =>
    fc.oneof(
      fc.constantFrom(...[max + 1, 2 ** 31 - 1, 2 ** 31, 2 ** 53, 1e21, 1e308].filter((n) => n > max)),
      fc.integer({ min: max + 1, max: Number.MAX_SAFE_INTEGER }),
    );
  const fractions = fc.double({ min: 0.000001, max: 1e6, noNaN: true, noInteger: true });
  switch (name) {
    case 'quantity':
      return fc.oneof(beyond(BOUNDS.maxQuantity), fc.constantFrom(...(type === 'OrderChangeRequested' ? [-1] : [0, -1]), -(2 ** 31)), fractions);
    case 'unitPriceMinor':
      return fc.oneof(beyond(BOUNDS.maxAmountMinor), fc.constantFrom(-1, -(2 ** 53)), fractions);
    case 'quantityDelta':
      return fc.oneof(beyond(BOUNDS.maxQuantityDelta), beyond(BOUNDS.maxQuantityDelta).map((n) => -n), fc.constant(0), fractions);
    case 'weightGrams':
      return fc.oneof(beyond(BOUNDS.maxWeightGrams), fc.constantFrom(0, -5), fractions);
    case 'lat':
    case 'lon': {
      const max = name === 'lat' ? 90 : 180;
      return fc.oneof(fc.constantFrom(max + 0.0001, -(max + 1), 1e21, -1e308), fc.double({ min: max + 1e-6, max: 1e6, noNaN: true }));
    }
    default:
      throw new Error(`no bound for ${name}`);
  }
}

/** Top-level fields a message may leave out. */
const OPTIONAL = ['requestedDeliveryDate', 'location', 'weightGrams'];
const INHERITED_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', 'prototype'];
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const fieldReason = (field: string) => new RegExp(`field "${esc(field)}": `);

type Fault = { message?: Json; raw?: string | Buffer; key?: string | null; headers?: Record<string, string>; kind: string; field?: string; reason: RegExp };

/** One fault applied to a valid message: each arbitrary below breaks it in exactly one way. */
function faults(topic: InboundTopic, message: Json): fc.Arbitrary<Fault>[] {
  const strings = leaves(message).filter((l) => typeof l.value === 'string');
  const numbers = leaves(message).filter((l) => typeof l.value === 'number' && l.path[l.path.length - 1] !== 'version');
  const text = JSON.stringify(message);
  const withField = (kind: string, path: Path, value: unknown): Fault => {
    const m = clone(message);
    setAt(m, path, value);
    const field = pathText(path);
    return { message: m, kind, field, reason: fieldReason(field) };
  };
  const insertAt = (s: string, at: number, bad: string) => s.slice(0, at % (s.length + 1)) + bad + s.slice(at % (s.length + 1));

  const list: fc.Arbitrary<Fault>[] = [
    // NUL and lone surrogates in any string, known field or not.
    fc.tuple(fc.constantFrom(...strings), fc.nat()).map(([l, at]) => ({
      ...withField('nul', l.path, insertAt(String(l.value), at, '\u0000')),
      reason: new RegExp(`field "${esc(pathText(l.path))}": contains a NUL`),
    })),
    fc.tuple(fc.constantFrom(...strings), fc.nat(), fc.integer({ min: 0xd800, max: 0xdfff })).map(([l, at, unit]) => ({
      ...withField('lone-surrogate', l.path, insertAt(String(l.value).replace(/[\ud800-\udfff]/g, ''), at, String.fromCharCode(unit))),
      reason: new RegExp(`field "${esc(pathText(l.path))}": contains a lone UTF-16 surrogate`),
    })),
    fc.tuple(fc.string({ maxLength: 5 }), fc.constantFrom('\u0000', '\ud800', '\udfff')).map(([name, bad]) => {
      const m = clone(message);
      m[`${name}${bad}`] = 1;
      return { message: m, kind: 'bad-property-name', reason: /property name contains/ };
    }),
    // Property names that reach into JavaScript's object machinery, on any object of the message.
    fc.tuple(fc.constantFrom(...objects(message).map((o) => o.path)), fc.constantFrom('__proto__', 'constructor', 'prototype'), fc.jsonValue({ maxDepth: 2 })).map(
      ([path, name, value]) => {
        const m = clone(message);
        const target = path.reduce<Record<string | number, unknown>>((node, k) => node[k] as Record<string | number, unknown>, m);
        Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
        const field = pathText([...path, name]);
        return { message: m, kind: 'reserved-property', field, reason: new RegExp(`field "${esc(field)}": property name "${name}" is not allowed`) };
      },
    ),
    // Nesting past the limit, from just past it to 100,000 levels, in a field no contract names.
    // Objects take 6 characters a level, arrays 2: both stay within the message size.
    fc.tuple(
      fc.oneof(
        { arbitrary: fc.integer({ min: BOUNDS.maxNestingDepth, max: 2_000 }), weight: 9 },
        { arbitrary: fc.integer({ min: 2_000, max: 100_000 }), weight: 1 },
      ),
      fc.boolean(),
    ).map(([levels, arrays]) => {
      const depth = arrays ? levels : Math.min(levels, 30_000);
      const [open, close] = arrays ? ['[', ']'] : ['{"a":', '}'];
      const nested = arrays ? open.repeat(depth) + close.repeat(depth) : open.repeat(depth) + '1' + close.repeat(depth);
      return { raw: `${text.slice(0, -1)},"nested":${nested}}`, kind: 'deep-nesting', reason: /nested deeper than 32 levels/ };
    }),
    // Numbers past every bound, and unknown types and versions.
    fc.constantFrom(...INHERITED_NAMES, '', ' ', 'orderSubmitted', ...INBOUND_TOPIC_NAMES.filter((t) => t !== topic).flatMap(typesOf))
      .chain((t) => fc.oneof(fc.constant(t), fc.string({ maxLength: 40 }).filter((s) => !typesOf(topic).includes(s))))
      .map((type) => ({ ...withField('unknown-type', ['type'], type), reason: /field "type": (unknown type|contains)/ })),
    fc.constantFrom<unknown>(0, 2, 3, -1, 1.5, '1', null, true, 2 ** 53, 1e300, [], {}, 'v1').map((version) => ({
      ...withField('unknown-version', ['version'], version),
      reason: /field "version": unknown version/,
    })),
    fc.constantFrom(...Object.keys(message).filter((k) => k !== 'type' && k !== 'version' && !OPTIONAL.includes(k))).map((k) => {
      const m = clone(message);
      delete m[k];
      return { message: m, kind: 'missing-field', field: k, reason: fieldReason(k) };
    }),
    fc.constantFrom('0000-01-01T00:00:00Z', '1969-12-31T23:59:59Z', '2026-01-01T00:00:00+23:00', '9999-12-31T23:59:59-01:00', '2026-02-30T10:00:00Z', 'yesterday', '2026-11-25')
      .map((at) => ({ ...withField('bad-instant', ['occurredAt'], at), reason: fieldReason('occurredAt') })),
    // Not a message at all.
    fc.constant({ raw: `[${text}]`, kind: 'array-of-messages', reason: /expected a JSON object/ }),
    fc.oneof(
      fc.constantFrom('', ' ', 'null', '42', '"text"', '[]', text.slice(0, -1), `${text}}`, '{"type":'),
      fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b) => Buffer.concat([Buffer.from(text.slice(0, 10)), Buffer.from([0xff]), Buffer.from(b)])),
    ).map((raw) => ({ raw, kind: 'not-a-message', reason: /./ })),
    fc.integer({ min: MAX_MESSAGE_BYTES, max: MAX_MESSAGE_BYTES + 4096 }).map((size) => ({
      raw: `${text.slice(0, -1)},"padding":"${'x'.repeat(size)}"}`,
      kind: 'oversized',
      reason: /over the 262144-byte limit/,
    })),
  ];
  if (numbers.length > 0) {
    list.push(
      fc.constantFrom(...numbers).chain((l) =>
        pastBounds(String(l.path[l.path.length - 1]), message.type).map((v) => ({ ...withField('past-bound', l.path, v), field: pathText(l.path) })),
      ),
    );
  }
  const lines = message.lines as unknown[] | undefined;
  if (lines) {
    list.push(
      fc.integer({ min: BOUNDS.maxLines + 1, max: BOUNDS.maxLines * 2 }).map((n) => ({
        ...withField('huge-array', ['lines'], Array.from({ length: n }, () => lines[0])),
        reason: /field "lines": expected at most 500|over the 262144-byte limit/,
      })),
    );
  }
  list.push(
    fc.tuple(fc.constantFrom(...strings.filter((l) => l.path.length === 1 && l.path[0] !== 'type')), fc.integer({ min: 1000, max: 10_000 })).map(
      ([l, n]) => ({ ...withField('huge-array', l.path, Array.from({ length: n }, (_, i) => i)), reason: fieldReason(pathText(l.path)) }),
    ),
  );
  // Wrong in the transport only: a key its contract does not name, a header jsonb cannot store.
  if (message.type !== 'ShipmentPacked') {
    const right = inboundKey(topic, message);
    list.push(
      fc.oneof(fc.constant(null), fc.constant(`${right} `), fc.constant(right.toLowerCase() === right ? `${right}X` : right.toLowerCase()), fc.string({ maxLength: 30 }))
        .filter((k) => k !== right)
        .map((key) => ({ message, key, kind: 'wrong-key', reason: /^key: expected / })),
    );
  }
  list.push(
    fc.tuple(fc.constantFrom('correlation-id', 'traceparent'), fc.string({ maxLength: 10 })).map(([name, s]) => ({
      message,
      headers: { [name]: `${s}\u0000${s}` },
      kind: 'header-nul',
      reason: new RegExp(`^header ${name}: contains a NUL`),
    })),
  );
  return list;
}

/** A valid message of any inbound type (of `topic`, when given). */
export function validMessage(topic?: InboundTopic, ids = 'FZ'): fc.Arbitrary<Json> {
  const types = topic ? typesOf(topic) : INBOUND_TOPIC_NAMES.flatMap(typesOf);
  return fc.tuple(fc.constantFrom(...types), fc.nat({ max: 1_000_000 }), fc.uuid({ version: 4 })).map(([type, n, id]) => validInbound(type, n, id, ids));
}

/** A record that breaks its topic's contract in one known way (on `topic`, when given). */
export function hostileRecord(topic?: InboundTopic, ids = 'FZ'): fc.Arbitrary<HostileRecord> {
  return validMessage(topic, ids).chain((message) => {
    const t = topicOfType(String(message.type));
    return fc.oneof(...faults(t, message)).map((fault): HostileRecord => {
      const base = fault.message ?? message;
      const value = fault.raw !== undefined ? (Buffer.isBuffer(fault.raw) ? fault.raw : Buffer.from(fault.raw)) : Buffer.from(JSON.stringify(base));
      return {
        topic: t,
        key: fault.key !== undefined ? fault.key : inboundKey(t, message),
        value,
        headers: fault.headers ?? {},
        kind: fault.kind,
        field: fault.field,
        reason: fault.reason,
        transportOnly: fault.kind === 'wrong-key' || fault.kind === 'header-nul',
      };
    });
  });
}

/** A request to the ingest gateway holding one hostile message, alone or among valid ones. */
export interface HostileRequest {
  hostile: HostileRecord;
  /** Where the hostile message is in the batch. */
  index: number;
  size: number;
  body: Buffer;
  /** Ids of the valid messages around it: none of them may be published either. */
  neighbourIds: string[];
}

/** Hostile over HTTP: the gateway sets keys and headers itself, and a JSON array is a batch there. */
const hostileOverHttp = (r: HostileRecord) => !r.transportOnly && r.kind !== 'array-of-messages';

export function hostileRequest(ids = 'FZ'): fc.Arbitrary<HostileRequest> {
  return hostileRecord(undefined, ids)
    .filter(hostileOverHttp)
    .chain((hostile) => fc.tuple(fc.constant(hostile), fc.array(validMessage(hostile.topic, ids), { maxLength: 3 }), fc.nat(), fc.boolean(), fc.uuid({ version: 4 })))
    .map(([hostile, neighbours, at, alone, batchId]): HostileRequest => {
      if (alone) return { hostile, index: 0, size: 1, body: hostile.value, neighbourIds: [] };
      const index = at % (neighbours.length + 1);
      // Ids of their own: a messageId repeated within a batch is refused too, and that is not this test.
      const neighbourIds = neighbours.map((_, i) => `${batchId.slice(0, 24)}${String(i).padStart(12, '0')}`);
      const parts: Buffer[] = neighbours.map((m, i) => Buffer.from(JSON.stringify({ ...m, messageId: neighbourIds[i] })));
      parts.splice(index, 0, hostile.value);
      const body = Buffer.concat([Buffer.from('['), ...parts.flatMap((p, i) => (i === 0 ? [p] : [Buffer.from(','), p])), Buffer.from(']')]);
      return { hostile, index, size: parts.length, body, neighbourIds };
    });
}

/** The gateway's answer as both its batch check and its HTTP body show it. */
export interface GatewayAnswer {
  status: number;
  message?: string;
  results?: { index: number; status: string; errors?: { field: string; message: string }[] }[];
}

/** What is wrong with the gateway's answer to a hostile request, if anything. */
export function gatewayRefusalProblem(answer: GatewayAnswer, request: HostileRequest): string | undefined {
  const { hostile, index, size } = request;
  if (answer.status < 400 || answer.status >= 500) return `answered ${answer.status}`;
  if (!answer.results) {
    // The body as a whole is refused only when it cannot be read as a batch at all.
    const unreadable = (hostile.kind === 'not-a-message' || hostile.kind === 'deep-nesting') && (answer.status === 400 || answer.status === 413);
    return unreadable && answer.message ? undefined : `whole body refused: ${answer.status} ${answer.message}`;
  }
  if (answer.status !== 422 || answer.results.length !== size) {
    return `422 with ${size} results expected, got ${answer.status} with ${answer.results.length}`;
  }
  const mine = answer.results[index];
  if (mine.status !== 'rejected' || !mine.errors?.length) return `message ${index} is ${mine.status}`;
  if (hostile.field !== undefined && !mine.errors.some((e) => e.field === hostile.field)) {
    return `no error names ${hostile.field}: ${JSON.stringify(mine.errors).slice(0, 400)}`;
  }
  const others = answer.results.filter((r, i) => i !== index && r.status !== 'not_published');
  return others.length === 0 ? undefined : `valid neighbours not reported as not published: ${JSON.stringify(others).slice(0, 300)}`;
}
