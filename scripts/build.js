#!/usr/bin/env node
/**
 * Compiles the apps and libs (and the setup tools) to plain JavaScript in dist/, mirroring the
 * source tree, so services run without a compiler in the process: `node dist/apps/<app>/src/main.js`.
 * Incremental: a file is compiled again only when its source is newer than its output. Specs and
 * test helpers are not built. `@orderflow/<lib>` imports become relative paths into dist/libs.
 * `node scripts/build.js <project root>...` builds those projects (`nx run <project>:build` runs it
 * for one, after the libs it depends on); without any, everything. Plain JavaScript, so it runs before
 * anything is compiled.
 */
const { readdirSync, statSync, mkdirSync, writeFileSync, existsSync, rmSync, renameSync } = require('node:fs');
const { dirname, join, relative, resolve } = require('node:path');

const root = resolve(__dirname, '..');
const out = join(root, 'dist');
const SOURCES = ['apps', 'libs', 'tools/db', 'tools/kafka'];
const SKIP_DIRS = new Set(['node_modules', 'test', 'target', 'dist', 'frontend', 'web']);
const isSource = (name) => name.endsWith('.ts') && !name.endsWith('.d.ts') && !/\.(unit|int|e2e|fuzz\.unit)\.spec\.ts$/.test(name) && !name.endsWith('.spec.ts');

const { compilerOptions } = require(join(root, 'tsconfig.base.json'));
const paths = Object.fromEntries(Object.entries(compilerOptions.paths).map(([k, v]) => [k, v.map((p) => p.replace(/\.ts$/, ''))]));

function* walk(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) yield* walk(path);
    } else if (isSource(entry.name)) yield path;
  }
}

/** The source folders under each project root (or the one holding it); all of them without any. */
function sourcesOf(projectRoots) {
  if (projectRoots.length === 0) return SOURCES;
  return projectRoots.flatMap((projectRoot) => {
    const project = relative(root, resolve(root, projectRoot));
    const sources = SOURCES.flatMap((base) => (base === project || base.startsWith(`${project}/`) ? [base] : project.startsWith(`${base}/`) ? [project] : []));
    if (sources.length === 0) throw new Error(`build: ${projectRoot} holds no sources to build (${SOURCES.join(', ')})`);
    return sources;
  });
}

function build({ quiet = false, projectRoots = [] } = {}) {
  const started = Date.now();
  let compiled = 0;
  let upToDate = 0;
  const expected = new Set();
  const sources = sourcesOf(projectRoots);
  // Loaded only when something is to be compiled: an up-to-date check (the CLI's, at every start) stays quick.
  let transformFileSync;
  for (const base of sources) {
    for (const file of walk(join(root, base))) {
      const target = join(out, relative(root, file)).replace(/\.ts$/, '.js');
      expected.add(target);
      if (existsSync(target) && statSync(target).mtimeMs >= statSync(file).mtimeMs) {
        upToDate += 1;
        continue;
      }
      transformFileSync ??= require('@swc/core').transformFileSync;
      const { code, map } = transformFileSync(file, {
        sourceMaps: true,
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
          baseUrl: root,
          paths,
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
      });
      mkdirSync(dirname(target), { recursive: true });
      if (map) writeAtomically(`${target}.map`, map);
      writeAtomically(target, `${code}\n//# sourceMappingURL=${target.split('/').pop()}.map\n`);
      compiled += 1;
    }
  }
  // Outputs whose source is gone would still be importable: remove them.
  let removed = 0;
  for (const base of sources) {
    for (const file of walkOutputs(join(out, base))) {
      if (!expected.has(file)) {
        rmSync(file);
        rmSync(`${file}.map`, { force: true });
        removed += 1;
      }
    }
  }
  if (!quiet) console.log(`build: ${compiled} compiled, ${upToDate} up to date${removed ? `, ${removed} removed` : ''} (${Date.now() - started} ms) -> ${sources.length < SOURCES.length ? sources.map((s) => `dist/${s}`).join(', ') : 'dist/'}`);
  return { compiled, upToDate, removed };
}

/** Another process (a parallel test, the CLI) may be loading dist/ meanwhile: never let it see half a file. */
function writeAtomically(path, content) {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, path);
}

function* walkOutputs(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walkOutputs(path);
    else if (entry.name.endsWith('.js')) yield path;
  }
}

module.exports = { build };
if (require.main === module) build({ projectRoots: process.argv.slice(2) });
