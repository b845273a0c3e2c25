/** Layer rules: apps do not import apps, libs do not import apps, domain imports nothing of ours. */
module.exports = {
  forbidden: [
    {
      name: 'app-imports-app',
      severity: 'error',
      comment: 'An app never imports another app; share code through a lib.',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/([^/]+)/', pathNot: '^apps/$1/' },
    },
    {
      name: 'lib-imports-app',
      severity: 'error',
      comment: 'Libraries do not depend on applications.',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'domain-imports-ours',
      severity: 'error',
      comment: 'The domain lib is pure: it imports nothing of ours outside itself.',
      from: { path: '^libs/domain/' },
      to: { path: '^(apps|libs/(?!domain/))' },
    },
    {
      name: 'deep-lib-import-from-lib',
      severity: 'error',
      comment: 'A lib imports another lib only through its index (@app/<lib>).',
      from: { path: '^libs/([^/]+)/' },
      to: { path: '^libs/[^/]+/src/', pathNot: ['^libs/$1/', '^libs/[^/]+/src/index\\.ts$'] },
    },
    {
      name: 'deep-lib-import-from-app',
      severity: 'error',
      comment: 'An app imports a lib only through its index (@app/<lib>).',
      from: { path: '^apps/' },
      to: { path: '^libs/[^/]+/src/', pathNot: '^libs/[^/]+/src/index\\.ts$' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Jest's global hooks run outside its module mapper and import by path.
    exclude: { path: '(^dist/|\\.spec\\.ts$|\\.int-spec\\.ts$|^libs/testing/src/global-(setup|teardown)\\.ts$)' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
