// Layer rules, enforced in npm test: apps → bots, api, statemachines → core ← adapters; no cycles anywhere.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes a module impossible to read, test or move alone.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-is-pure',
      severity: 'error',
      comment: 'core/ is the domain and its ports: it imports only core/ and the few pure libraries allowed below.',
      from: { path: '^core/' },
      to: { pathNot: ['^core/', '^node_modules/zod/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'core-no-node-io',
      severity: 'error',
      comment: 'core/ does no I/O itself: only node:crypto (ids, hashes) of the Node built-ins.',
      from: { path: '^core/' },
      to: { dependencyTypes: ['core'], pathNot: ['^crypto$', '^node:crypto$'] },
    },
    {
      name: 'adapters-import-core-only',
      severity: 'error',
      comment: 'Adapters implement ports with real clients; they never reach into the edges or the composition roots.',
      from: { path: '^adapters/' },
      to: { path: '^(apps|bots|api|statemachines|infra)/' },
    },
    {
      name: 'edges-import-core-only',
      severity: 'error',
      comment: 'The edges (chat bots, HTTP API, workflow tasks) use core/ and libraries, never an adapter or a root.',
      from: { path: '^(bots|api|statemachines)/' },
      to: { path: '^(apps|adapters|infra)/' },
    },
    {
      name: 'edges-stay-apart',
      severity: 'error',
      comment: 'One edge does not import another: what two edges share belongs in core/.',
      from: { path: '^(bots|api|statemachines)/' },
      to: { path: '^(bots|api|statemachines)/', pathNot: '^$1/' },
    },
    {
      name: 'product-never-imports-tests',
      severity: 'error',
      from: { pathNot: '^test/' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^node_modules/', '^cdk.out/', '^coverage/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
