import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createConsoleServer } from './console-server';
import { upstreamsFrom } from './upstreams';

/** The workspace root, from the compiled file in dist/ or the source under a TypeScript loader alike. */
function workspaceRoot(from: string): string {
  return existsSync(join(from, 'nx.json')) || dirname(from) === from ? from : workspaceRoot(dirname(from));
}
const root = workspaceRoot(__dirname);

// `node dist/apps/console/src/main.js`: the operator console on PORT (default 3020).
const webRoot = process.env.CONSOLE_WEB_ROOT ?? join(root, 'dist/apps/console/web');
const port = Number(process.env.PORT ?? 3020);
const server = createConsoleServer({ webRoot, upstreams: upstreamsFrom(process.env) });
server.listen(port, process.env.HOST ?? '0.0.0.0', () => console.log(`console ready on http://127.0.0.1:${port}`));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.close(() => process.exit(0)));
