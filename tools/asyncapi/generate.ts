import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { renderAsyncApi } from './render';

/** Writes docs/asyncapi.yaml from the zod contracts. */
const target = resolve(__dirname, '../../docs/asyncapi.yaml');
writeFileSync(target, renderAsyncApi());
console.log(`wrote ${target}`);
