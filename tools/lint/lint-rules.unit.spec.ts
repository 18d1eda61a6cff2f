import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../..');

interface LintMessage {
  rule: string | null;
  message: string;
}

/**
 * ESLint's Node API (`lintText`) with the workspace's eslint.config.mjs, in a child process: the
 * config is an ES module, which Jest's module system cannot load.
 */
const LINT_TEXT = `
const { ESLint } = require('eslint');
let input = '';
process.stdin.on('data', (chunk) => (input += chunk)).on('end', async () => {
  const eslint = new ESLint({ cwd: process.cwd() });
  const results = [];
  for (const { filePath, code } of JSON.parse(input)) {
    const [result] = await eslint.lintText(code, { filePath });
    results.push(result.messages.map((m) => ({ rule: m.ruleId, message: m.message })));
  }
  process.stdout.write(JSON.stringify(results));
});`;

/** Code that is not in the workspace, linted as if it were at its path. */
const files = {
  nestInDomain: ['apps/order-service/src/domain/bad.ts', "import { Injectable } from '@nestjs/common';\nexport const decorate = Injectable;\n"],
  driverInDomain: ['apps/shipping-service/src/domain/bad.ts', "import { Pool } from 'pg';\nexport const pool = Pool;\n"],
  libInDomain: ['apps/shipping-service/src/domain/bad.ts', "import { EventStore } from '@orderflow/event-store';\nexport const store = EventStore;\n"],
  infrastructureInDomain: ['apps/shipping-service/src/domain/bad.ts', "import { SHIPPING_CONFIG } from '../infrastructure/shipping.config';\nexport const config = SHIPPING_CONFIG;\n"],
  cleanDomain: [
    'apps/shipping-service/src/domain/clean.ts',
    [
      "import { ShippingEvent } from '@orderflow/contracts';",
      "import { DomainError } from '@orderflow/decider';",
      "import { Carrier } from './carrier-choice';",
      'export const refuse = (carrier: Carrier, event: ShippingEvent) => new DomainError(`${carrier.name}: ${event.type}`);',
      '',
    ].join('\n'),
  ],
  testingInLib: ['libs/event-store/src/bad.ts', "import { createTestDatabase } from '@orderflow/testing';\nexport const create = createTestDatabase;\n"],
  testingInLibSpec: ['libs/event-store/src/bad.unit.spec.ts', "import { createTestDatabase } from '@orderflow/testing';\nexport const create = createTestDatabase;\n"],
  appInTools: ['tools/db/bad.ts', "import { orderMigrations } from '../../apps/order-service/src/infrastructure/migrations';\nexport const migrations = orderMigrations;\n"],
  serviceInE2e: ['e2e/bad.e2e.spec.ts', "import { SERVICE } from '../apps/order-service/src/service';\nexport const service = SERVICE;\n"],
  domainInE2e: ['e2e/bad.e2e.spec.ts', "import { orderDecider } from '../apps/order-service/src/domain/order.decider';\nexport const decider = orderDecider;\n"],
} satisfies Record<string, [string, string]>;

describe('the lint rules of the workspace', () => {
  const linted = {} as Record<keyof typeof files, LintMessage[]>;
  beforeAll(() => {
    // The module-boundaries rule reads the project graph Nx caches (`nx run tools:test` has made it).
    const env = { ...process.env, NX_DAEMON: 'false' };
    if (!existsSync(join(root, '.nx/workspace-data/project-graph.json'))) {
      execFileSync(process.execPath, [require.resolve('nx/bin/nx.js'), 'show', 'projects'], { cwd: root, env, stdio: 'ignore' });
    }
    const names = Object.keys(files) as (keyof typeof files)[];
    const input = JSON.stringify(names.map((name) => ({ filePath: join(root, files[name][0]), code: files[name][1] })));
    const results: LintMessage[][] = JSON.parse(execFileSync(process.execPath, ['-e', LINT_TEXT], { cwd: root, env, input, encoding: 'utf8' }));
    names.forEach((name, i) => (linted[name] = results[i]));
  }, 120_000);

  it('keeps Nest out of a domain', () => {
    expect(linted.nestInDomain).toEqual([{ rule: 'no-restricted-imports', message: expect.stringMatching(/'@nestjs\/common'.*The domain is pure: Nest/) }]);
  });

  it.each([
    ['a driver', 'driverInDomain'],
    ['an infrastructure lib', 'libInDomain'],
    ["its service's infrastructure", 'infrastructureInDomain'],
  ] as const)('keeps %s out of a domain', (_what, name) => {
    expect(linted[name]).toEqual([expect.objectContaining({ rule: 'no-restricted-imports' })]);
  });

  it('lets a domain use the contracts, the decider helpers and itself', () => {
    expect(linted.cleanDomain).toEqual([]);
  });

  it('keeps the testing helpers out of a production lib, not out of its specs', () => {
    expect(linted.testingInLib).toEqual([
      { rule: '@nx/enforce-module-boundaries', message: expect.stringMatching(/"type:data-access" can only depend on libs tagged with .*"type:contracts"/) },
    ]);
    expect(linted.testingInLibSpec).toEqual([]);
  });

  it("keeps tools out of an app's code", () => {
    expect(linted.appInTools).toEqual([
      { rule: '@nx/enforce-module-boundaries', message: expect.stringMatching(/Projects cannot be imported by a relative or absolute path/) },
    ]);
  });

  it("lets e2e specs reach an app's service descriptor, not its internals", () => {
    expect(linted.serviceInE2e).toEqual([]);
    expect(linted.domainInE2e).toEqual([expect.objectContaining({ rule: '@nx/enforce-module-boundaries' })]);
  });
});
