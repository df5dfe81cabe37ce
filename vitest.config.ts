import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources through the `@dird/source` export condition, so
// tests run without a build. The rest of the list is Vite's default for Node.
const conditions = ['@dird/source', 'module', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ['**/src/**/*.test.ts', '**/test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
