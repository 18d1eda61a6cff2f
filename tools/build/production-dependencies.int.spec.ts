import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, resolve } from 'node:path';

// The build is plain JavaScript so that `npm start` can run it before anything is compiled.
const { build } = require('../../scripts/build.js');

const root = resolve(__dirname, '../..');
/** What the Dockerfile leaves out of the image's build, so of its dist/ (.dockerignore). */
const NOT_IN_IMAGE = [join(root, 'dist/libs/testing')];

function* shipped(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (NOT_IN_IMAGE.includes(path)) continue;
    if (entry.isDirectory()) yield* shipped(path);
    else if (entry.name.endsWith('.js')) yield path;
  }
}

const packageOf = (spec: string) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');
/** Required by a dependency rather than by our code: Nest loads its default HTTP platform itself. */
const LOADED_BY_DEPENDENCIES = ['@nestjs/platform-express'];

const { dependencies } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

/** Every bare specifier the shipped files require, with the file that requires it. */
function bareRequires(): { file: string; spec: string }[] {
  const found: { file: string; spec: string }[] = [];
  for (const file of shipped(join(root, 'dist'))) {
    // Relative requires into dist/ are build.int.spec.ts's concern.
    for (const [, , spec] of readFileSync(file, 'utf8').matchAll(/require\((["'])([^."'][^"']*)\1\)/g)) {
      found.push({ file: relative(root, file), spec });
    }
  }
  return found;
}

describe('what the production image runs: dist/ with `npm ci --omit=dev`', () => {
  beforeAll(() => {
    build({ quiet: true });
  });

  it('requires nothing but Node built-ins and the production dependencies', () => {
    const builtins = new Set(builtinModules);
    const required = bareRequires();
    expect(required.length).toBeGreaterThan(100);
    const missing = required.filter(({ spec }) => !spec.startsWith('node:') && !builtins.has(spec) && !(packageOf(spec) in dependencies));
    expect(missing).toEqual([]);
  });

  it('declares no production dependency that nothing shipped needs, which would only weigh down the image', () => {
    const used = new Set([...bareRequires().map(({ spec }) => packageOf(spec)), ...LOADED_BY_DEPENDENCIES]);
    expect(Object.keys(dependencies).filter((name) => !used.has(name))).toEqual([]);
  });

  it('leaves out the testing helpers, which need devDependencies and which no shipped file requires', () => {
    expect(readFileSync(join(root, '.dockerignore'), 'utf8').split('\n')).toContain('libs/testing');
    const requiring: string[] = [];
    for (const file of shipped(join(root, 'dist'))) {
      if (/require\(["'][^"']*libs\/testing\b/.test(readFileSync(file, 'utf8'))) requiring.push(relative(root, file));
    }
    expect(requiring).toEqual([]);
  });
});
