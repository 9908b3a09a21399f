/**
 * Reads and validates every input into one typed settings object, before any request is made. The inputs and
 * their parsers are the rows of input-table.ts; the settings' types are derived from those rows, so a new row
 * is a new, typed settings field.
 */
import { InputError } from './errors.js'
import { currentInputs, misspelledInputs } from './input-names.js'
import { quote } from './input-checks.js'
import {
  INPUTS,
  TARGETS,
  type InputRow,
  type ParseContext,
  type RunContext,
  type Target
} from './input-table.js'
import type { RunnerBuildPlan } from './mxbuild/plan.js'
import * as out from './output.js'
import { fixedVersion } from './versions.js'

export type { NameValue, PackageFile } from './input-checks.js'
export {
  DEFAULT_API_URL,
  DEFAULT_MENDIX_CLOUD_API_URL,
  DEFAULT_TIMEOUT_MINUTES,
  MAX_TIMEOUT_MINUTES
} from './input-checks.js'
export { versionFromRef } from './input-table.js'
export type { RunContext, Target }

type Rows = typeof INPUTS

/** What a row's parser returns for target T. */
type ParsedFor<Row, T extends Target> = Row extends { parse: (...args: never[]) => infer R }
  ? R
  : Row extends { parse: { [K in T]: (...args: never[]) => infer R } }
    ? R
    : never

/** The rows that belong to target T: those without `targets`, and those that name T. */
type RowsFor<T extends Target> = {
  [
    K in keyof Rows as Rows[K] extends { targets: ReadonlyArray<infer U> } ? (T extends U ? K : never) : K
  ]: ParsedFor<Rows[K], T>
}

/** What every deploy derives from the inputs. */
interface Derived {
  /** A unique marker of this workflow run attempt, put in the package description to find the build again. */
  runMarker: string
  /** Marks packages built from this branch, revision and version, so a re-run can find and reuse them. */
  buildIdentity: string
  /** With build: runner, the app, its Mendix version and the JDK, found before any request (mxbuild/preflight.ts). */
  runnerBuild?: RunnerBuildPlan
}

export type PrivateCloudSettings = Omit<RowsFor<'private-cloud'>, 'target'> &
  Derived & { target: 'private-cloud' }

export type MendixCloudSettings = Omit<RowsFor<'mendix-cloud'>, 'target'> &
  Derived & { target: 'mendix-cloud' }

export type Settings = PrivateCloudSettings | MendixCloudSettings

export function runContextFromEnv(env: NodeJS.ProcessEnv): RunContext {
  return {
    repository: env.GITHUB_REPOSITORY ?? 'local/repository',
    sha: env.GITHUB_SHA ?? '',
    ref: env.GITHUB_REF ?? '',
    runId: env.GITHUB_RUN_ID ?? '0',
    runAttempt: env.GITHUB_RUN_ATTEMPT ?? '1',
    serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com',
    workflow: env.GITHUB_WORKFLOW ?? '',
    runNumber: env.GITHUB_RUN_NUMBER ?? '0'
  }
}

/** The marker a package carries in its description, so a re-run can find and reuse it. */
export function buildIdentityOf(branch: string, revision: string, version?: string): string {
  return `[build ${branch}@${revision}${version ? ` v${version}` : ''}]`
}

/** The settings with the branch and revision the App Repository API resolved, and the marker that follows. */
export function withSource<S extends Settings>(settings: S, branch: string, revision: string): S {
  const buildIdentity = buildIdentityOf(branch, revision, fixedVersion(settings.version))
  return {
    ...settings,
    branch,
    revision,
    buildIdentity,
    description: settings.description.replace(settings.buildIdentity, buildIdentity)
  }
}

/** The inputs a preview needs, and those it cannot take. */
function previewChecks(settings: PrivateCloudSettings, problems: string[]): void {
  const { preview } = settings
  if (!preview) {
    const stray = (['previewFrom', 'previewAllowProduction'] as const).filter(name => settings[name])
    const refused = problems.some(problem => problem.startsWith("Input 'preview' "))
    if (stray.length && !refused)
      problems.push(`Input '${stray[0]}' belongs to preview environments: set preview (deploy) or remove it.`)
    return
  }
  if (preview === 'deploy' && !settings.previewFrom)
    problems.push(
      "Input 'previewFrom' is required with preview: deploy - the environment (id or name) a preview is copied from."
    )
  for (const name of ['promoteFrom', 'dryRun'] as const) {
    if (settings[name]) problems.push(`Input '${name}' cannot be used with preview: ${preview}; remove it.`)
  }
}

/** Checks that need two inputs at once. */
function crossChecks(settings: Settings, problems: string[]): void {
  if (settings.target === 'private-cloud' && settings.promoteFrom && settings.packageFile) {
    problems.push("Inputs 'promoteFrom' and 'packageFile' each name the package to deploy: give one of them.")
  }
  if (settings.target === 'private-cloud') previewChecks(settings, problems)
  // An upload, or a build of the workspace in the runner, needs no branch head from the App Repository API.
  if (
    settings.target === 'mendix-cloud' &&
    !settings.token &&
    settings.revision === 'latest' &&
    !settings.packageFile &&
    settings.build !== 'runner'
  ) {
    problems.push(
      "Input 'revision' is latest (the default when empty), which needs input 'token' for target mendix-cloud: a Mendix personal access token with mx:modelrepository:repo:read, to look up the branch head. Or give the revision to build."
    )
  }
}

/** How a warning about an input's name reaches the log: an annotation, so it shows on the run's page. */
function warnInLog(message: string): void {
  out.warning(message, { title: 'Deprecated input' })
}

export interface ReadOptions {
  /** Where a warning about a former or deprecated input name goes; the log by default. */
  warn?: (message: string) => void
  /** The input table; tests give one with renamed inputs. */
  rows?: Readonly<Record<string, InputRow>>
}

/**
 * Reads every input through `getRawInput` (trimmed values, '' when absent), under its current name or a former one,
 * and checks them all at once.
 */
export function readSettings(
  getRawInput: (name: string) => string,
  run: RunContext,
  { warn = warnInLog, rows = INPUTS }: ReadOptions = {}
): Settings {
  const problems: string[] = []
  const getInput = currentInputs(getRawInput, problems, warn, rows)
  const targetInput = getInput('target') || 'private-cloud'
  if (!(TARGETS as readonly string[]).includes(targetInput)) {
    throw new InputError([`Input 'target' must be ${TARGETS.join(' or ')}; got ${quote(targetInput)}.`])
  }
  const target = targetInput as Target
  const context: ParseContext = { target, run, problems, input: getInput }
  const values: Record<string, unknown> = { target }
  for (const [name, row] of Object.entries(rows)) {
    const raw = getInput(name)
    if (row.targets && !row.targets.includes(target)) {
      const owner = row.targets.join(', ')
      if (raw !== '')
        problems.push(`Input '${name}' belongs to target ${owner}; remove it or set target: ${owner}.`)
      continue
    }
    if (name === 'target') continue
    values[name] = (typeof row.parse === 'function' ? row.parse : row.parse[target])(raw, context)
  }
  const parsed = values as Omit<Settings, keyof Derived>
  const runMarker = `[gh-run ${run.repository}#${run.runId}.${run.runAttempt}]`
  const buildIdentity = buildIdentityOf(parsed.branch, parsed.revision, fixedVersion(parsed.version))
  const settings = {
    ...parsed,
    runMarker,
    buildIdentity,
    description: `${parsed.description} ${runMarker} ${buildIdentity}`
  } as Settings
  crossChecks(settings, problems)
  if (problems.length > 0) throw new InputError(problems)
  return settings
}

/** The settings, or every problem with the inputs (misspelled names included), before any request is made. */
export function readInputs(
  getInput: (name: string) => string,
  env: NodeJS.ProcessEnv,
  run: RunContext,
  options: ReadOptions = {}
): Settings | string[] {
  const misspelled = misspelledInputs(env, options.rows)
  try {
    const settings = readSettings(getInput, run, options)
    return misspelled.length > 0 ? misspelled : settings
  } catch (error) {
    return [...misspelled, ...(error instanceof InputError ? error.problems : [String(error)])]
  }
}
