import { BOUNDS } from './bounds';

/*
 * What every inbound message must be, whatever its type, checked before its schema:
 * - nested at most BOUNDS.maxNestingDepth levels: deeper JSON costs the parser seconds and
 *   overflows the stack of anything that walks it recursively (JSON.stringify);
 * - text PostgreSQL's jsonb can store: no NUL character (\u0000), and no lone UTF-16 surrogate,
 *   which is no Unicode text at all (jsonb refuses the escape, UTF-8 cannot encode it);
 * - no property named __proto__, constructor or prototype anywhere: no contract has such a field,
 *   and code that copies objects by assignment would change an object's prototype through them.
 */

export interface ShapeIssue {
  /** Dotted path of the offending field, e.g. `lines[2].sku`; '' for the message as a whole. */
  field: string;
  message: string;
}

const RESERVED_NAMES = new Set(['__proto__', 'constructor', 'prototype']);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const tooDeep = () => `nested deeper than ${BOUNDS.maxNestingDepth} levels of objects and arrays`;

/** A NUL or any surrogate: nearly all text has neither, and this is the cheap test for it. */
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const SUSPECT = /[\u0000\uD800-\uDFFF]/;

/** Why a piece of text cannot be stored, if it cannot. */
export function textProblem(text: string): string | undefined {
  if (!SUSPECT.test(text)) return undefined;
  if (text.includes('\u0000')) return 'contains a NUL character (\\u0000), which cannot be stored';
  if (LONE_SURROGATE.test(text)) return 'contains a lone UTF-16 surrogate, which is not Unicode text';
  return undefined;
}

/**
 * Whether JSON text nests deeper than `limit`, found by one pass over the characters (strings
 * skipped), so that a hostile document is refused before JSON.parse spends time on it.
 */
export function nestsDeeperThan(json: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** A value a producer sent, quoted for a refusal: JSON-escaped and at most 64 characters of it. */
export function preview(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 64 ? `${text.slice(0, 64)}…` : text;
}

/** A property name as a path shows it: escaped like JSON, shortened when long. */
export function pathKey(key: string): string {
  const shown = key.length > 64 ? `${key.slice(0, 64)}…` : key;
  return JSON.stringify(shown).slice(1, -1);
}

/** Where a value sits, kept as links to its parent so that a path is only spelled out for an issue. */
interface Place {
  parent: Place | undefined;
  key: string | number;
}

function pathOf(place: Place | undefined): string {
  const keys: (string | number)[] = [];
  for (let p = place; p; p = p.parent) keys.push(p.key);
  let path = '';
  for (let i = keys.length - 1; i >= 0; i--) {
    const k = keys[i];
    path = typeof k === 'number' ? `${path}[${k}]` : path ? `${path}.${pathKey(k)}` : pathKey(k);
  }
  return path;
}

/**
 * The shape problems of a parsed message, at most `limit` of them, found without recursion (a
 * deep value cannot overflow the stack) and in time linear in its size. `field` paths are those
 * the schema issues use.
 */
export function shapeIssues(value: unknown, limit: number = BOUNDS.maxIssuesReported): ShapeIssue[] {
  const issues: ShapeIssue[] = [];
  const pending: { value: object; place: Place | undefined; depth: number }[] = [];
  const visit = (v: unknown, place: Place | undefined, depth: number) => {
    if (typeof v === 'string') {
      const problem = textProblem(v);
      if (problem) issues.push({ field: pathOf(place), message: problem });
    } else if (v !== null && typeof v === 'object') {
      if (depth > BOUNDS.maxNestingDepth) issues.push({ field: pathOf(place), message: tooDeep() });
      else pending.push({ value: v, place, depth });
    }
  };
  visit(value, undefined, 1);
  while (pending.length > 0 && issues.length < limit) {
    const { value: v, place, depth } = pending.pop()!;
    const children: [unknown, Place][] = [];
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const e: unknown = v[i];
        if (typeof e === 'string' || (e !== null && typeof e === 'object')) children.push([e, { parent: place, key: i }]);
      }
    } else {
      for (const key of Object.keys(v)) {
        const here = { parent: place, key };
        const problem = RESERVED_NAMES.has(key) ? `"${key}" is not allowed` : textProblem(key);
        if (problem) issues.push({ field: pathOf(here), message: `property name ${problem}` });
        else children.push([(v as Record<string, unknown>)[key], here]);
      }
    }
    // Depth first, in document order: the last child is pushed first.
    const before = pending.length;
    for (const [child, here] of children) visit(child, here, depth + 1);
    pending.splice(before, pending.length - before, ...pending.slice(before).reverse());
  }
  return issues.slice(0, limit);
}

/** The refusal for JSON text found too deep by `nestsDeeperThan`. */
export const tooDeepIssue = (): ShapeIssue => ({ field: '', message: tooDeep() });
