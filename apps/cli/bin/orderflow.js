#!/usr/bin/env node
// `npx orderflow ...`: runs the TypeScript CLI through the workspace's SWC register hook.
const { resolve } = require('node:path');
const root = resolve(__dirname, '../../..');
process.env.SWC_NODE_PROJECT ??= resolve(root, 'tsconfig.json');
require(require.resolve('@swc-node/register', { paths: [root] }));
require('../src/main.ts');
