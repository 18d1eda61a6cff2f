#!/usr/bin/env node
// `npx orderflow ...`: runs the compiled CLI, compiling first whatever of it (and of the libs it
// runs on) changed since the last build: a check of file times, quick when nothing did.
const { existsSync } = require('node:fs');
const { resolve } = require('node:path');
const root = resolve(__dirname, '../../..');
// The production image ships dist/ without the sources, the build script or its compiler (@swc/core).
if (existsSync(resolve(root, 'scripts/build.js'))) require(resolve(root, 'scripts/build.js')).build({ quiet: true, projectRoots: ['apps/cli', 'libs'] });
require(resolve(root, 'dist/apps/cli/src/main.js'));
