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

/** Why a piece of text cannot be stored, if it cannot. */
export function textProblem(text: string): string | undefined {
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

/**
 * The shape problems of a parsed message, at most `limit` of them, found without recursion (a
 * deep value cannot overflow the stack). `field` paths are those the schema issues use.
 */
export function shapeIssues(value: unknown, limit: number = BOUNDS.maxIssuesReported): ShapeIssue[] {
  const issues: ShapeIssue[] = [];
  const pending: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  const at = (path: string, key: string) => (path ? `${path}.${key}` : key);
  while (pending.length > 0 && issues.length < limit) {
    const { value: v, path, depth } = pending.pop()!;
    if (typeof v === 'string') {
      const problem = textProblem(v);
      if (problem) issues.push({ field: path, message: problem });
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth + 1 > BOUNDS.maxNestingDepth) {
      issues.push({ field: path, message: tooDeep() });
      continue;
    }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) pending.push({ value: v[i], path: `${path}[${i}]`, depth: depth + 1 });
      continue;
    }
    const children: typeof pending = [];
    for (const key of Object.keys(v)) {
      const field = at(path, pathKey(key));
      const problem = RESERVED_NAMES.has(key) ? `"${key}" is not allowed` : textProblem(key);
      if (problem) issues.push({ field, message: `property name ${problem}` });
      else children.push({ value: (v as Record<string, unknown>)[key], path: field, depth: depth + 1 });
    }
    for (let i = children.length - 1; i >= 0; i--) pending.push(children[i]);
  }
  return issues;
}

/** The refusal for JSON text found too deep by `nestsDeeperThan`. */
export const tooDeepIssue = (): ShapeIssue => ({ field: '', message: tooDeep() });
