// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'data/',
      'coverage/',
      'src/db/migrations/*-*.ts',
      'examples/generated/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'off',
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/permissions/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['typeorm', 'mysql2', 'better-sqlite3', '@apollo/*', 'express'],
              message: 'The permission model imports no database or server code.',
            },
            {
              group: [
                '../services/*',
                '../resolvers/*',
                '../db/*',
                '../entities/*',
                '../server',
                '../auth/*',
                '../graphql/*',
              ],
              message: 'src/permissions/ stands alone.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/permissions/permissions.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['*'], message: 'The pure permission model imports nothing.' }] },
      ],
    },
  },
  {
    files: ['src/services/**/*.ts', 'src/entities/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../resolvers/*', '../resolvers/**', '@apollo/*', '../graphql/*'],
              allowTypeImports: true,
              message:
                'Services and entities do not know the transport (input shapes as types only).',
            },
          ],
        },
      ],
    },
  },
);
