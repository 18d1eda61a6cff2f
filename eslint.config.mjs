import nx from '@nx/eslint-plugin';

const services = ['order', 'inventory', 'shipping', 'aftersales', 'query', 'cli', 'ingest', 'console'];

/** Specs and the helpers only specs use: the one place the testing lib may be imported. */
const testFiles = ['**/*.spec.ts', '**/test/**/*.ts', '**/*.fixtures.ts'];

/**
 * e2e and bench drive the running system, so they may reach these entry points of the apps and
 * tools (each app's service descriptor, its test kit and fixtures, the CLI's simulator, the list of
 * every migration); nothing else of theirs. Relative imports, as they are not libraries.
 */
const systemEntryPoints = [
  '^(\\.\\./)+apps/[^/]+/src/service$',
  '^(\\.\\./)+apps/[^/]+/test/[^/]+$',
  '^(\\.\\./)+apps/[^/]+/src/[^/]+\\.fixtures$',
  '^(\\.\\./)+apps/cli/src/simulate/[^/]+$',
  '^(\\.\\./)+tools/db/migrations$',
];

const libTypes = ['type:infrastructure', 'type:data-access', 'type:projections', 'type:domain', 'type:contracts'];
const productionTypes = ['type:app', 'type:tools', ...libTypes];

function moduleBoundaries({ allow = [], testing = false } = {}) {
  return [
    'error',
    {
      enforceBuildableLibDependency: false,
      // The workspace's plain-JavaScript scripts (build, launcher, secrets) are not a project; their specs load them.
      allow: ['^(\\.\\./)+scripts/[^/]+\\.js$', ...allow],
      // Nothing here is bundled, so a lib loaded with import() in one spec is no "lazy-loaded library".
      checkDynamicDependenciesExceptions: ['@orderflow/**'],
      // Specs of the infrastructure libs use the testing helpers, which build on those libs, and
      // messaging's specs run platform's services: cycles of projects, though not of production code
      // (production files may not import the testing lib; tools/graph checks production imports for cycles).
      ignoredCircularDependencies: [
        ['testing', 'event-store'],
        ['testing', 'messaging'],
        ['testing', 'platform'],
        ['messaging', 'platform'],
      ],
      depConstraints: [
        // A service may use shared libs and its own code, never another service. The operator's
        // CLI also rebuilds projections and audits, so it may use the query side's library.
        ...services.map((s) => ({
          sourceTag: `scope:${s}`,
          onlyDependOnLibsWithTags: [`scope:${s}`, 'scope:shared', ...(s === 'cli' ? ['scope:query'] : [])],
        })),
        { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
        // Tools (database setup, topics, AsyncAPI) use the libs, never an app's code.
        { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['scope:shared', 'scope:query'] },
        // End-to-end specs and benchmarks use the libs; the apps only through systemEntryPoints.
        { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['scope:shared', 'scope:query'] },
        { sourceTag: 'scope:bench', onlyDependOnLibsWithTags: ['scope:shared', 'scope:query'] },
        // Contracts are pure: zod and nothing of ours.
        { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
        // Decider helpers are pure too: no infrastructure.
        { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts'] },
        // Projections read the event store and the contracts; no messaging, no Nest platform.
        {
          sourceTag: 'type:projections',
          onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:data-access', ...(testing ? ['type:testing'] : [])],
        },
        // Production code never ships the testing helpers (real databases, fault proxies). Checked per
        // import: the graph also holds the specs' imports, so every lib reaches the testing lib by some path.
        ...(testing ? [] : productionTypes.map((t) => ({ sourceTag: t, onlyDependOnLibsWithTags: libTypes }))),
      ],
    },
  ];
}

/** A service's domain is pure functions: no framework, no driver, no infrastructure of ours. */
const impureForDomain = {
  paths: [
    { name: 'kafkajs', message: 'The domain is pure: Kafka belongs in the use case or infrastructure.' },
    { name: 'typeorm', message: 'The domain is pure: persistence belongs in infrastructure.' },
    { name: 'pg', message: 'The domain is pure: persistence belongs in infrastructure.' },
  ],
  patterns: [
    { group: ['@nestjs/*'], message: 'The domain is pure: Nest belongs in the module, controllers and handlers.' },
    {
      group: ['@orderflow/platform', '@orderflow/platform/*', '@orderflow/messaging', '@orderflow/event-store', '@orderflow/projections', '@orderflow/testing'],
      message: 'The domain uses only @orderflow/contracts and @orderflow/decider; pass what it needs in.',
    },
    { group: ['**/infrastructure', '**/infrastructure/**'], message: 'The domain may not reach into infrastructure; move the pure part into the domain or pass it in.' },
  ],
};

export default [
  { ignores: ['**/node_modules', 'dist', '.data', '.nx', 'coverage', 'tools/kafka/target', '**/*.js', '**/*.mjs'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': moduleBoundaries(),
    },
  },
  { files: testFiles, rules: { '@nx/enforce-module-boundaries': moduleBoundaries({ testing: true }) } },
  { files: ['e2e/**/*.ts'], rules: { '@nx/enforce-module-boundaries': moduleBoundaries({ allow: systemEntryPoints, testing: true }) } },
  // Benchmarks also run the chaos suite's broker of their own.
  { files: ['bench/**/*.ts'], rules: { '@nx/enforce-module-boundaries': moduleBoundaries({ allow: [...systemEntryPoints, '^(\\.\\./)+e2e/chaos/broker$'], testing: true }) } },
  { files: ['apps/*/src/domain/**/*.ts'], rules: { 'no-restricted-imports': ['error', impureForDomain] } },
];
