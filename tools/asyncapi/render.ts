import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { stringify } from 'yaml';
import { buildAsyncApi } from './asyncapi';

export function renderAsyncApi(): string {
  const { version } = JSON.parse(readFileSync(resolve(__dirname, '../../package.json'), 'utf8')) as { version: string };
  return (
    '# Generated from libs/contracts by `npm run asyncapi`; do not edit by hand.\n' +
    stringify(buildAsyncApi(version), { lineWidth: 0, aliasDuplicateObjects: false })
  );
}
