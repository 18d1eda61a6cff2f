/** What a service's /docs serves: the page, each file it loads (status, content type, size), and the document. */
export interface ServedDocs {
  pageStatus: number;
  pageType: string | null;
  /** Every src and href of the page. */
  assets: { path: string; status: number; type: string | null; bytes: number }[];
  startScript: string;
  document: { paths: Record<string, Record<string, unknown>>; components: { securitySchemes: Record<string, unknown> } };
}

/** Loads /docs as a browser would (the page, then everything it references), and /docs/openapi.json. */
export async function fetchServedDocs(baseUrl: string): Promise<ServedDocs> {
  const page = await fetch(`${baseUrl}/docs`);
  const html = await page.text();
  const assets = await Promise.all(
    [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map(async ([, path]) => {
      const res = await fetch(new URL(path, `${baseUrl}/docs`));
      return { path, status: res.status, type: res.headers.get('content-type'), bytes: (await res.arrayBuffer()).byteLength };
    }),
  );
  const startScript = await (await fetch(`${baseUrl}/docs/assets/orderflow-docs.js`)).text();
  const document = (await (await fetch(`${baseUrl}/docs/openapi.json`)).json()) as ServedDocs['document'];
  return { pageStatus: page.status, pageType: page.headers.get('content-type'), assets, startScript, document };
}
