import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

// The build is plain JavaScript so that `npm start` can run it before anything is compiled.
const { build } = require('../../scripts/build.js');

const root = resolve(__dirname, '../..');

function* outputs(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* outputs(path);
    else if (entry.name.endsWith('.js')) yield path;
  }
}

describe('the compiled build (dist/)', () => {
  beforeAll(() => {
    build({ quiet: true });
  });

  it('emits every service, and a second build compiles nothing that did not change', () => {
    for (const app of ['order-service', 'inventory-service', 'shipping-service', 'after-sales-service', 'query-service', 'ingest-gateway', 'cli']) {
      expect(existsSync(join(root, 'dist/apps', app, 'src/main.js'))).toBe(true);
    }
    expect(build({ quiet: true })).toMatchObject({ compiled: 0, removed: 0 });
  });

  it('leaves no import unresolved: every relative require of the output names a file of the output', () => {
    const missing: string[] = [];
    for (const file of outputs(join(root, 'dist'))) {
      for (const [, spec] of readFileSync(file, 'utf8').matchAll(/require\("(\.[^"]+)"\)/g)) {
        const target = resolve(dirname(file), spec);
        if (![`${target}.js`, join(target, 'index.js'), target].some((p) => existsSync(p) && p.endsWith('.js'))) missing.push(`${file}: ${spec}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('runs without a TypeScript compiler in the process: the compiled CLI answers --help', () => {
    const run = spawnSync(process.execPath, [join(root, 'dist/apps/cli/src/main.js'), '--help'], { cwd: root, encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/Usage: orderflow/);
  });
});
