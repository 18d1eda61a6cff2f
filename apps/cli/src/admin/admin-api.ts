import { fetchHonouringRetryAfter } from '@orderflow/platform';
import { CliError } from '../cli-context';

/** One entity as the admin API answers it: its key field, its settings, its version and history. */
export interface AdminEntry {
  version: number;
  changedAt: string;
  changed?: boolean;
  history: { version: number; type: string; recordedAt: string; actor: string | null; data: Record<string, unknown> }[];
  [field: string]: unknown;
}

/**
 * The admin API of one service (docs/adr/0032), as an admin key calls it. A refusal becomes a
 * CliError with the service's own message (which names the field): exit 2 for a request the
 * service refused as malformed or not allowed by what is recorded (400, 422), 1 otherwise.
 */
export class AdminApi {
  constructor(
    private readonly baseUrl: string,
    private readonly headers: Record<string, string>,
  ) {}

  async put(path: string, body: unknown): Promise<AdminEntry> {
    return (await this.request('PUT', path, body)) as AdminEntry;
  }

  /** Every entry, page after page. */
  async list(path: string, listName: string): Promise<AdminEntry[]> {
    const entries: AdminEntry[] = [];
    let cursor: string | null = null;
    do {
      const query = `?limit=1000${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
      const page = (await this.request('GET', `${path}${query}`)) as Record<string, unknown> & { nextCursor: string | null };
      entries.push(...(page[listName] as AdminEntry[]));
      cursor = page.nextCursor;
    } while (cursor !== null);
    return entries;
  }

  private async request(method: 'GET' | 'PUT', path: string, body?: unknown): Promise<unknown> {
    const url = `${this.baseUrl}${path}`;
    const res = await fetchHonouringRetryAfter(url, {
      method,
      headers: { ...this.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }).catch((err: Error) => {
      throw new CliError(`cannot reach ${this.baseUrl}: ${err.message}`);
    });
    const text = await res.text();
    const answer = (() => {
      try {
        return JSON.parse(text) as { message?: string };
      } catch {
        return { message: text };
      }
    })();
    if (res.ok) return answer;
    const hint = res.status === 401 || res.status === 403 ? ' (set ORDERFLOW_API_KEY to an admin key: npx orderflow keys create --role admin)' : '';
    throw new CliError(`${method} ${path}: ${res.status} ${answer.message ?? res.statusText}${hint}`, res.status === 400 || res.status === 422 ? 2 : 1);
  }
}
