/**
 * Module boundaries (DESIGN.md): a module is used only through its index.ts; the kernel
 * never depends on a module; no cycles between modules.
 */
module.exports = {
  forbidden: [
    {
      name: 'module-only-through-index',
      comment: 'Import another module only through its index.ts.',
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/([^/]+)/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'outside-only-through-index',
      comment: 'Code outside the modules (CLI, platform, bench) uses a module only through its index.ts.',
      severity: 'error',
      from: { path: '^(src/cli|src/platform|bench|e2e)' },
      to: { path: '^src/modules/[^/]+/', pathNot: '^src/modules/[^/]+/index\\.ts$' },
    },
    {
      name: 'kernel-does-not-know-modules',
      severity: 'error',
      from: { path: '^src/kernel/' },
      to: { path: '^src/(modules|cli|platform)' },
    },
    {
      name: 'no-module-cycles',
      severity: 'error',
      from: { path: '^src/modules/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.test\\.ts$' },
  },
};
