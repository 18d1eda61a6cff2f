import { z } from 'zod';
import { pathKey } from './wellformed';

/**
 * The one formatter of zod errors: the gateway, the inbound and service-event decoders, the query
 * API, the HTTP bodies of the services and the config loader all say what is wrong the same way,
 * `<which field>: <what was expected>, got <what arrived>`, several problems joined by "; ".
 */

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `lines[2].quantity`; empty for the value as a whole. */
  field: string;
  message: string;
}

/** An issue that also says what arrived at its field (undefined: nothing did). */
export interface ReceivedIssue extends FieldIssue {
  received: unknown;
  /** A secret: the refusal says a value arrived, never which. */
  hidden?: boolean;
}

export interface IssueOptions {
  /** Where the validated value sits in what arrived, e.g. `data` for an event's payload. */
  at?: string;
  /** The names the validated object knows, listed when an unknown one arrives. */
  known?: readonly string[];
}

export function formatPath(path: readonly PropertyKey[], at = ''): string {
  return path.reduce<string>((acc, key) => {
    if (typeof key === 'number') return `${acc}[${key}]`;
    const name = pathKey(String(key));
    return acc ? `${acc}.${name}` : name;
  }, at);
}

/**
 * The problems of a failed parse, one per field: an unknown key is a problem of its own name.
 * Given the `input` that was parsed, each also says what arrived at its field.
 */
export function fieldIssues(error: z.ZodError, options?: IssueOptions): FieldIssue[];
export function fieldIssues(error: z.ZodError, options: IssueOptions & { input: unknown }): ReceivedIssue[];
export function fieldIssues(error: z.ZodError, options: IssueOptions & { input?: unknown } = {}): FieldIssue[] {
  const { at = '', known } = options;
  const withInput = 'input' in options;
  const issue = (path: readonly PropertyKey[], message: string): FieldIssue | ReceivedIssue =>
    withInput && path.length > 0
      ? { field: formatPath(path, at), message, received: valueAt(options.input, path) }
      : { field: formatPath(path, at), message };
  return error.issues.flatMap((i) => {
    if (i.code !== 'unrecognized_keys') return [issue(i.path, i.message)];
    const expected = known === undefined ? 'not expected' : `not expected (expected ${known.length ? `one of: ${known.join(', ')}` : 'none'})`;
    return i.keys.map((key) => issue([...i.path, key], expected));
  });
}

/** The subject of a problem at an HTTP or message boundary: `field "lines[2].quantity"`; none for the whole value. */
export const fieldNamed = (field: string): string => (field ? `field "${field}"` : '');

/** One problem as a sentence; `name` says what kind of thing the field is. */
export function issueText(issue: FieldIssue | ReceivedIssue, name: (field: string) => string = fieldNamed): string {
  const got = 'received' in issue ? `, got ${issue.hidden && issue.received !== undefined ? '(value not shown)' : describeValue(issue.received)}` : '';
  const subject = name(issue.field);
  return `${subject ? `${subject}: ` : ''}${issue.message}${got}`;
}

export function issuesText(issues: readonly (FieldIssue | ReceivedIssue)[], name?: (field: string) => string): string {
  return issues.map((i) => issueText(i, name)).join('; ');
}

/** What arrived, as a refusal repeats it: JSON, shortened; "nothing" when nothing did. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

/** The deepest value the path reaches: below a value that is no object, that value arrived. */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return value;
    value = Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  }
  return value;
}
