import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.nx/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-control-regex': 'off',
    },
  },
  {
    // Plugins never import each other's code: a service's contract is imported as a type only
    // (docs/architecture.md). The daemon finds plugins through the registry, never by import.
    files: ['packages/**/src/**/*.ts', 'examples/**/src/**/*.ts', 'apps/dird/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@dird/backend-*', '@dird/service-*', '@dird/view-*', '@dird/auth-*', '@dird/store-*'],
              allowTypeImports: true,
              message: 'Plugins never import each other: import a contract as a type only (import type { X } ...).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', '**/testkit/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
);
