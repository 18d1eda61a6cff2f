import nx from '@nx/eslint-plugin';

const services = ['order', 'inventory', 'shipping', 'aftersales', 'query', 'cli', 'ingest'];

export default [
  { ignores: ['**/node_modules', 'dist', '.data', '.nx', 'coverage', 'tools/kafka/target', '**/*.js', '**/*.mjs'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          // Specs of the infrastructure libs use the testing helpers, which build on those libs.
          ignoredCircularDependencies: [
            ['testing', 'event-store'],
            ['testing', 'messaging'],
            ['testing', 'platform'],
          ],
          depConstraints: [
            // A service may use shared libs and its own code, never another service. The operator's
            // CLI also rebuilds projections and audits, so it may use the query side's library.
            ...services.map((s) => ({
              sourceTag: `scope:${s}`,
              onlyDependOnLibsWithTags: [`scope:${s}`, 'scope:shared', ...(s === 'cli' ? ['scope:query'] : [])],
            })),
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            // Contracts are pure: zod and nothing of ours.
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
            // Decider helpers are pure too: no infrastructure.
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts'] },
            // Projections read the event store and the contracts; no messaging, no Nest platform.
            {
              sourceTag: 'type:projections',
              onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:data-access', 'type:testing'],
            },
          ],
        },
      ],
    },
  },
];
