#!/usr/bin/env node
/**
 * Builds the operator console's browser bundle with Vite (apps/console/web -> dist/apps/console/web),
 * only when a source is newer than the last build: `npm start` calls it on every start. Plain
 * JavaScript, like build.js; Vite is ESM, so it is imported.
 */
const { existsSync, readdirSync, readFileSync, statSync } = require('node:fs');
const { join, resolve } = require('node:path');

const root = resolve(__dirname, '..');
const web = join(root, 'apps/console/web');
const built = join(root, 'dist/apps/console/web/index.html');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Every script and stylesheet the built page names is there (a half-removed build is no build). */
function assetsPresent() {
  const page = readFileSync(built, 'utf8');
  return [...page.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].every(([, asset]) => existsSync(join(root, 'dist/apps/console/web', asset)));
}

async function buildConsole({ quiet = false } = {}) {
  const inputs = Math.max(newestSource(web), statSync(join(root, 'package-lock.json')).mtimeMs);
  if (existsSync(built) && statSync(built).mtimeMs >= inputs && assetsPresent()) {
    if (!quiet) console.log('build-console: up to date -> dist/apps/console/web');
    return;
  }
  const started = Date.now();
  const { build } = await import('vite');
  await build({ configFile: join(web, 'vite.config.mts'), logLevel: quiet ? 'error' : 'warn' });
  if (!quiet) console.log(`build-console: built (${Date.now() - started} ms) -> dist/apps/console/web`);
}

module.exports = { buildConsole };
if (require.main === module) {
  buildConsole().catch((err) => {
    console.error(`build-console: ${err.stack ?? err}`);
    process.exit(1);
  });
}
