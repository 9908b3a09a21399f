import js from '@eslint/js'
import { defineConfig, globalIgnores } from 'eslint/config'
import tseslint from 'typescript-eslint'

export default defineConfig(
  globalIgnores(['dist/', 'build/', 'node_modules/', 'coverage/']),
  js.configs.recommended,
  tseslint.configs.recommended,
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
  // The action's code is linted with its types too: a promise left floating, passed where a callback's result is
  // ignored, or an await of a non-promise (no-floating-promises, no-misused-promises, await-thenable and the rest
  // of recommendedTypeChecked) fails a step silently or ends it early, which index.ts can only catch at run time.
  {
    files: ['src/**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } }
  },
  // Everything the action prints or writes goes through src/output.ts, which redacts and neutralises it. Octokit is
  // loaded through src/octokit.ts, which puts undici in place first (src/undici-on-demand.ts explains why).
  [
    { file: 'src/output.ts', allowed: '@actions/core' },
    { file: 'src/octokit.ts', allowed: '@actions/github' },
    { file: 'src/undici-on-demand.ts', allowed: 'undici/*' },
    { file: 'src/undici-provided.ts', allowed: 'undici/*' },
    { file: undefined, allowed: undefined }
  ].map(({ file, allowed }) => ({
    files: file ? [file] : ['src/**/*.ts'],
    ignores: file
      ? []
      : ['src/output.ts', 'src/octokit.ts', 'src/undici-on-demand.ts', 'src/undici-provided.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@actions/core', message: 'Print and write through src/output.ts.' },
            { name: '@actions/github', message: 'Load Octokit through src/octokit.ts.' },
            { name: 'undici', message: 'The bundle maps undici to a stand-in: see src/undici-on-demand.ts.' }
          ].filter(path => path.name !== allowed),
          patterns: [
            {
              group: ['undici/*'],
              message: 'undici loads with Octokit only: see src/undici-on-demand.ts.'
            }
          ].filter(pattern => !pattern.group.includes(allowed))
        }
      ]
    }
  }))
)
