/**
 * Every call the console makes: same-origin, through the console server's proxy (apps/console/src),
 * with the signed-in key. Errors carry the API's own message (it names the field or permission).
 */
export type Area = 'query' | 'after-sales';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
  }
}

let currentKey: string | undefined;
let onUnauthorized: () => void = () => undefined;

/** Set by the session: the key every call sends, and what to do when it stops being valid. */
export function setApiKey(key: string | undefined, unauthorized: () => void): void {
  currentKey = key;
  onUnauthorized = unauthorized;
}

export type Params = Record<string, string | number | boolean | undefined | null>;

export function apiUrl(area: Area, path: string, params: Params = {}): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  const query = search.toString();
  return `/api/${area}${path}${query ? `?${query}` : ''}`;
}

export function authHeaders(key = currentKey): Record<string, string> {
  return key ? { authorization: `Bearer ${key}` } : {};
}

async function call<T>(method: string, area: Area, path: string, params?: Params, body?: unknown, key?: string): Promise<T> {
  const res = await fetch(apiUrl(area, path, params), {
    method,
    headers: { accept: 'application/json', ...authHeaders(key ?? currentKey), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const parsed: unknown = text ? safeJson(text) : undefined;
  if (!res.ok) {
    if (res.status === 401 && key === undefined) onUnauthorized();
    throw new ApiError(res.status, messageOf(parsed) ?? `${res.status} ${res.statusText}`, parsed);
  }
  return parsed as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function messageOf(body: unknown): string | undefined {
  if (body && typeof body === 'object' && 'message' in body) {
    const message = (body as { message: unknown }).message;
    return Array.isArray(message) ? message.join('; ') : String(message);
  }
  return typeof body === 'string' && body ? body : undefined;
}

export const api = {
  get: <T>(path: string, params?: Params) => call<T>('GET', 'query', path, params),
  post: <T>(path: string, body: unknown) => call<T>('POST', 'query', path, undefined, body),
  afterSales: {
    post: <T>(path: string, body: unknown) => call<T>('POST', 'after-sales', path, undefined, body),
  },
  /** A service's /health (any status: a 503 body says what is down). */
  health: async (service: string): Promise<{ httpStatus: number; body: unknown }> => {
    const res = await fetch(`/api/health/${encodeURIComponent(service)}`);
    return { httpStatus: res.status, body: safeJson(await res.text()) };
  },
  /** Who a key is, before it is kept: GET /whoami. */
  whoami: (key: string) => call<Identity>('GET', 'query', '/whoami', undefined, undefined, key),
};

export interface Identity {
  keyId: string;
  name: string;
  role: string;
  scope: Record<string, string>;
  permissions: string[];
}
