/** Reads and validates every input into one typed settings object, before any request is made. */
import { InputError } from './errors.js'

/** Everything the action needs, checked. Later code reads this, never the raw inputs. */
export interface Settings {
  token: string
  /** API base URL without a trailing slash, e.g. https://privatecloud.mendixcloud.com/api/v4. */
  apiUrl: string
  appId: string
  branch: string
  revision: string
  /** The environment's internal id or its display name. */
  environment: string
  /** Optional namespace id or name to tell apart environments of the same name. */
  namespace?: string
  /** x.y.z, given or taken from a release tag. */
  version?: string
  description: string
  /** How long to wait for each job. */
  timeoutMinutes: number
  /** When false, the step returns once the deploy job is accepted instead of waiting for it. */
  wait: boolean
  /** A unique marker of this workflow run attempt, put in the package description to find the build again. */
  runMarker: string
}

/** What the runner tells about the workflow run, from its GITHUB_* variables. */
export interface RunContext {
  repository: string
  sha: string
  ref: string
  runId: string
  runAttempt: string
  serverUrl: string
  workflow: string
}

export const DEFAULT_API_URL = 'https://privatecloud.mendixcloud.com/api/v4'
export const DEFAULT_TIMEOUT_MINUTES = 30
/** GitHub stops a job after 6 hours; waiting longer than that cannot help. */
export const MAX_TIMEOUT_MINUTES = 360

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const VERSION = /^\d+\.\d+\.\d+$/
// eslint-disable-next-line no-control-regex -- control characters are exactly what this rejects
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]'])

export function runContextFromEnv(env: NodeJS.ProcessEnv): RunContext {
  return {
    repository: env.GITHUB_REPOSITORY ?? 'local/repository',
    sha: env.GITHUB_SHA ?? '',
    ref: env.GITHUB_REF ?? '',
    runId: env.GITHUB_RUN_ID ?? '0',
    runAttempt: env.GITHUB_RUN_ATTEMPT ?? '1',
    serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com',
    workflow: env.GITHUB_WORKFLOW ?? ''
  }
}

/** The version a release tag such as `v1.4.2` or `1.4.2` stands for. */
export function versionFromRef(ref: string): string | undefined {
  const match = /^refs\/tags\/v?(\d+\.\d+\.\d+)$/.exec(ref)
  return match?.[1]
}

function quote(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)
}

function checkApiUrl(raw: string, problems: string[]): string {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    problems.push(`Input 'apiUrl' must be a URL such as ${DEFAULT_API_URL}; got ${quote(raw)}.`)
    return raw
  }
  const loopback = LOOPBACK_HOSTS.has(url.hostname)
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    problems.push(
      `Input 'apiUrl' must use https (http is allowed only for 127.0.0.1, localhost and ::1); got ${quote(raw)}.`
    )
  }
  if (url.username || url.password || url.search || url.hash) {
    problems.push(
      `Input 'apiUrl' must not contain credentials, a query or a fragment; got ${quote(url.origin + url.pathname)}.`
    )
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`
}

function checkText(name: string, value: string, max: number, problems: string[]): void {
  if (value === '') problems.push(`Input '${name}' is required: give a value of 1 to ${max} characters.`)
  else if (value.length > max)
    problems.push(`Input '${name}' must be at most ${max} characters; got ${value.length}.`)
  else if (CONTROL_CHARACTERS.test(value))
    problems.push(`Input '${name}' must not contain control characters or line breaks.`)
}

function checkTimeout(raw: string, problems: string[]): number {
  if (raw === '') return DEFAULT_TIMEOUT_MINUTES
  const value = Number(raw)
  if (!/^\d+(\.\d+)?$/.test(raw) || !(value > 0) || value > MAX_TIMEOUT_MINUTES) {
    problems.push(
      `Input 'timeoutMinutes' must be a number of minutes above 0 and at most ${MAX_TIMEOUT_MINUTES}; got ${quote(raw)}.`
    )
  }
  return value
}

function checkBoolean(name: string, raw: string, fallback: boolean, problems: string[]): boolean {
  if (raw === '') return fallback
  if (/^(true|yes|on)$/i.test(raw)) return true
  if (/^(false|no|off)$/i.test(raw)) return false
  problems.push(`Input '${name}' must be true or false; got ${quote(raw)}.`)
  return fallback
}

/** Reads every input through `getInput` (trimmed values, '' when absent) and checks them all at once. */
export function readSettings(getInput: (name: string) => string, run: RunContext): Settings {
  const problems: string[] = []
  const token = getInput('token')
  if (token === '') {
    problems.push(
      "Input 'token' is required: a Mendix personal access token, e.g. token: ${{ secrets.MENDIX_TOKEN }}."
    )
  } else if (/\s/.test(token)) {
    // Say nothing about the token's content: it is a secret even when malformed.
    problems.push(
      "Input 'token' must be a single word with no spaces or line breaks: check the secret's value."
    )
  }

  const appId = getInput('appId')
  if (!UUID.test(appId)) {
    problems.push(
      `Input 'appId' must be the app's UUID (App ID in the Mendix Portal), e.g. 4b1ad3c2-7f0e-4d8a-9c55-2e6f1a8b9d70; got ${quote(appId)}.`
    )
  }

  const branch = getInput('branch')
  checkText('branch', branch, 200, problems)
  const revision = getInput('revision')
  checkText('revision', revision, 50, problems)

  const environment = getInput('environment')
  checkText('environment', environment, 100, problems)
  if (environment.includes('/') || environment.includes('\\') || environment.includes('..')) {
    problems.push(
      `Input 'environment' must be an environment id or name without '/', '\\' or '..'; got ${quote(environment)}.`
    )
  }
  const namespace = getInput('namespace')
  if (namespace !== '') checkText('namespace', namespace, 100, problems)

  let version: string | undefined = getInput('version')
  if (version === '') version = versionFromRef(run.ref)
  else if (!VERSION.test(version) || version.length > 20) {
    problems.push(
      `Input 'version' must have the form x.y.z (digits, at most 20 characters), e.g. 1.4.2; got ${quote(version)}.`
    )
  }

  const apiUrl = checkApiUrl(getInput('apiUrl') || DEFAULT_API_URL, problems)
  const timeoutMinutes = checkTimeout(getInput('timeoutMinutes'), problems)
  const wait = checkBoolean('wait', getInput('wait'), true, problems)

  if (problems.length > 0) throw new InputError(problems)

  const runMarker = `[gh-run ${run.repository}#${run.runId}.${run.runAttempt}]`
  const shortSha = run.sha.slice(0, 7)
  const description =
    getInput('description') ||
    `Built by GitHub Actions from ${run.repository}${shortSha ? `@${shortSha}` : ''}, ` +
      `run ${run.serverUrl}/${run.repository}/actions/runs/${run.runId}`

  return {
    token,
    apiUrl,
    appId: appId.toLowerCase(),
    branch,
    revision,
    environment,
    namespace: namespace || undefined,
    version,
    description: `${description} ${runMarker}`,
    timeoutMinutes,
    wait,
    runMarker
  }
}
