/**
 * The HTTP endpoints the console talks to, and nothing else: the query API, the after-sales
 * operator endpoint, and every service's /health. Each by its URL, from the environment.
 */
export interface Upstreams {
  query: string;
  afterSales: string;
  /** Service name -> base URL, for /health. */
  services: Record<string, string>;
}

const DEFAULT_PORTS: Record<string, number> = {
  'order-service': 3010,
  'inventory-service': 3011,
  'shipping-service': 3012,
  'after-sales-service': 3013,
  'query-service': 3000,
  'ingest-gateway': 3001,
};

/** `<SERVICE>_URL` (e.g. ORDER_SERVICE_URL) per service, else 127.0.0.1 and its default port. */
export function upstreamsFrom(env: NodeJS.ProcessEnv): Upstreams {
  const services = Object.fromEntries(
    Object.entries(DEFAULT_PORTS).map(([name, port]) => {
      const variable = `${name.replace(/-/g, '_').toUpperCase()}_URL`;
      return [name, stripSlash(env[variable] ?? `http://127.0.0.1:${port}`)];
    }),
  );
  return { query: services['query-service'], afterSales: services['after-sales-service'], services };
}

const stripSlash = (url: string) => url.replace(/\/+$/, '');
