#!/usr/bin/env node
// `npx orderflow ...`: runs the compiled CLI, compiling first whatever changed since the last build.
const { resolve } = require('node:path');
const root = resolve(__dirname, '../../..');
require(resolve(root, 'scripts/build.js')).build({ quiet: true });
require(resolve(root, 'dist/apps/cli/src/main.js'));
