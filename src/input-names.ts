/**
 * Inputs given under a spelling the action does not read. The runner passes every `with:` key as INPUT_<KEY>,
 * known or not, and only warns about unknown ones; most deploy actions use kebab- or snake-case, so `app-id` or
 * `app_id` is the usual slip, and it would otherwise surface as "appId is required".
 */

import { UNIT_TEST_INPUTS } from './unit-tests/settings.js'

/** Every input in action.yml (a test holds the two to each other). */
export const INPUT_NAMES = [
  'target',
  'token',
  'username',
  'apiKey',
  'appId',
  'branch',
  'revision',
  'environment',
  'namespace',
  'reuse',
  'promoteFrom',
  'packageFile',
  'constants',
  'environmentVariables',
  'rollbackOnFailure',
  'dryRun',
  'restart',
  'keepPackages',
  'healthCheckPath',
  'healthCheckStatus',
  'backup',
  'autoSyncDb',
  'version',
  'description',
  'apiUrl',
  'repositoryApiUrl',
  'timeoutMinutes',
  'wait',
  'githubToken',
  'githubEnvironment',
  ...UNIT_TEST_INPUTS
]

const squash = (name: string): string => name.replace(/[-_\s]/g, '').toLowerCase()

/** The runner's variable for an input: INPUT_ and the name in capitals, spaces as underscores. */
const variableOf = (name: string): string => `INPUT_${name.replace(/ /g, '_').toUpperCase()}`

/**
 * Inputs given under another spelling of a known name (app-id, app_id, APP_ID...), while the known one is empty:
 * one problem each, naming the input to use.
 */
export function misspelledInputs(env: NodeJS.ProcessEnv): string[] {
  const known = new Map(INPUT_NAMES.map(name => [squash(name), name]))
  const problems: string[] = []
  for (const [variable, value] of Object.entries(env)) {
    if (!variable.startsWith('INPUT_') || !value) continue
    const given = variable.slice('INPUT_'.length)
    const meant = known.get(squash(given))
    if (!meant || variableOf(meant) === variable || env[variableOf(meant)]) continue
    problems.push(
      `Input '${given.toLowerCase()}' is not an input of this action: use '${meant}' (the inputs are camelCase).`
    )
  }
  return problems
}
