/** The six services whose /health the overview shows, through the console server's proxy. */
export const SERVICES = ['order-service', 'inventory-service', 'shipping-service', 'after-sales-service', 'query-service', 'ingest-gateway'] as const;

export type HealthState = 'ok' | 'degraded' | 'unavailable' | 'unreachable';

export interface ServiceHealth {
  service: string;
  state: HealthState;
  /** What is down (a 503 names it: database, kafka, or a component such as consumer or relay). */
  down: string[];
  /** Components not up, with what they say: why a service is degraded or down. */
  problems: { component: string; detail: string }[];
}

interface HealthBody {
  status?: unknown;
  down?: unknown;
  checks?: Record<string, { status?: unknown; error?: unknown }>;
  components?: Record<string, { status?: unknown; detail?: unknown }>;
}

/**
 * A service's /health answer, read: 200 is ok or degraded, 503 is unavailable and names what is
 * down; anything else (the console's proxy says 502 when nothing answers) is unreachable.
 */
export function readHealth(service: string, httpStatus: number, body: unknown): ServiceHealth {
  const b: HealthBody = body && typeof body === 'object' ? (body as HealthBody) : {};
  const problems = [
    ...Object.entries(b.checks ?? {})
      .filter(([, c]) => c?.status !== 'up')
      .map(([component, c]) => ({ component, detail: String(c?.error ?? c?.status ?? 'not up') })),
    ...Object.entries(b.components ?? {})
      .filter(([, c]) => c?.status !== 'up')
      .map(([component, c]) => ({ component, detail: `${String(c?.status)}${c?.detail ? `: ${String(c.detail)}` : ''}` })),
  ];
  const down = Array.isArray(b.down) ? b.down.map(String) : [];
  if (httpStatus === 503 && b.status) return { service, state: 'unavailable', down, problems };
  if (httpStatus === 200) return { service, state: b.status === 'degraded' ? 'degraded' : 'ok', down, problems };
  return { service, state: 'unreachable', down, problems: [{ component: 'http', detail: messageOf(httpStatus, body) }] };
}

function messageOf(httpStatus: number, body: unknown): string {
  const message = body && typeof body === 'object' && 'message' in body ? String((body as { message: unknown }).message) : undefined;
  return message ?? `answered ${httpStatus}`;
}
