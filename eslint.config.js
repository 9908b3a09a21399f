import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/', 'build/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        fetch: 'readonly'
      }
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }]
    }
  },
  {
    // Everything the action prints or writes goes through src/output.ts, which redacts and neutralises it.
    files: ['src/**/*.ts'],
    ignores: ['src/output.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: '@actions/core', message: 'Print and write through src/output.ts.' }] }
      ]
    }
  }
)
