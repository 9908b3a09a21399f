/** Reads and validates every input into one typed settings object, before any request is made. */
import { DEFAULT_REPOSITORY_API_URL } from './repository.js'
import { displayUrl, isLoopbackHost } from './untrusted.js'
import { closeSync, constants as fsConstants, fstatSync, lstatSync, openSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import { InputError } from './errors.js'
import { readUnitTestSettings, type UnitTestSettings } from './unit-tests/settings.js'

export type Target = 'private-cloud' | 'mendix-cloud'

/** A constant or environment variable to set. */
export interface NameValue {
  name: string
  value: string
  /** Masked in every log when true. */
  secret?: boolean
}

/** What both targets need, checked. Later code reads these objects, never the raw inputs. */
interface CommonSettings {
  /** API base URL without a trailing slash. */
  apiUrl: string
  branch: string
  revision: string
  /** x.y.z, given or taken from a release tag. */
  version?: string
  description: string
  /** How long to wait for each job. */
  timeoutMinutes: number
  /** When false, the step returns once the deploy is accepted instead of waiting for it. */
  wait: boolean
  /** A unique marker of this workflow run attempt, put in the package description to find the build again. */
  runMarker: string
  /** With a token, the deploy is recorded as a GitHub Deployment of this GitHub environment. */
  githubToken?: string
  githubEnvironment: string
  /** Deploy an existing package built from the same branch, revision and version instead of building. */
  reuse: boolean
  /** Put the previous package back when the deploy fails (Private Cloud: job or readiness; Mendix Cloud: start). */
  rollbackOnFailure: boolean
  /** Resolve everything and show what the deploy would change; build nothing, change nothing. */
  dryRun: boolean
  /** Marks packages built from this branch, revision and version, so a re-run can find and reuse them. */
  buildIdentity: string
  /** The App Repository API, for branch names and `revision: latest`. */
  repositoryApiUrl: string
  /** Issue 16: run the app's unit tests once it runs (unitTests, unitTestsPassword, unitTestsUrl). */
  unitTests: UnitTestSettings
}

/** Mendix for Private Cloud: a PAT, the app's UUID, and an environment by id or name. */
export interface PrivateCloudSettings extends CommonSettings {
  target: 'private-cloud'
  token: string
  appId: string
  /** The environment's internal id or its display name. */
  environment: string
  /** Optional namespace id or name to tell apart environments of the same name. */
  namespace?: string
  /** Deploy the package this environment (id or name) runs now, without building. */
  promoteFrom?: string
  /** Upload this .mda (built elsewhere) instead of building. */
  /** Opened once while the inputs are read; exactly `size` bytes are streamed from `fd`. */
  packageFile?: PackageFile
  constants: NameValue[]
  environmentVariables: NameValue[]
  /** Restart the app (instances 0, then back) after the deploy. */
  restart: boolean
  /** After a successful deploy, delete the oldest packages beyond this many, never one an environment runs. */
  keepPackages?: number
  /** After readiness, GET <appUrl><healthCheckPath> until it answers healthCheckStatus. */
  healthCheckPath?: string
  healthCheckStatus: number
}

/** The classic Mendix Cloud: an API key, the app's subdomain, and an environment by mode. */
export interface MendixCloudSettings extends CommonSettings {
  target: 'mendix-cloud'
  username: string
  apiKey: string
  /** The app's subdomain, e.g. orders-demo. */
  appId: string
  /** Test, Acceptance, Production or a flexible environment's name. */
  environment: string
  /** A Mendix PAT for the App Repository API (branch names, `revision: latest`); optional on this target. */
  token?: string
  /** The v1 build's Version, a Team Server tag: `version` (given or the tag's), else `defaultCloudVersion`. */
  packageVersion: string
  /** Upload this .mda (built elsewhere) through the Deploy API v2 instead of building; opened once. */
  packageFile?: PackageFile
  backup: boolean
  autoSyncDb: boolean
  /** Constant values to set before the start. */
  constants: NameValue[]
}

export type Settings = PrivateCloudSettings | MendixCloudSettings

/** What the runner tells about the workflow run, from its GITHUB_* variables. */
export interface RunContext {
  repository: string
  sha: string
  ref: string
  runId: string
  runAttempt: string
  serverUrl: string
  workflow: string
  runNumber: string
}

export const DEFAULT_API_URL = 'https://privatecloud.mendixcloud.com/api/v4'
export const DEFAULT_MENDIX_CLOUD_API_URL = 'https://deploy.mendix.com/api/1'
export const DEFAULT_TIMEOUT_MINUTES = 30
/** GitHub stops a job after 6 hours; waiting longer than that cannot help. */
export const MAX_TIMEOUT_MINUTES = 360

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const SUBDOMAIN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i
const MODE = /^[A-Za-z0-9_-]{1,64}$/
/** Inputs that belong to one target only, rejected for the other. */
const ONLY_FOR: Record<Target, string[]> = {
  'private-cloud': [
    'namespace',
    'promoteFrom',
    'environmentVariables',
    'restart',
    'keepPackages',
    'healthCheckPath',
    'healthCheckStatus'
  ],
  'mendix-cloud': ['username', 'apiKey', 'backup', 'autoSyncDb']
}
const VERSION = /^\d+\.\d+\.\d+$/
// eslint-disable-next-line no-control-regex -- control characters are exactly what this rejects
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/

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

/**
 * The mendix-cloud Version when none is given: `<run id div 10^9>.<run id mod 10^9>.<run attempt>`. The Version
 * becomes a Team Server tag, so it differs for every run attempt of every workflow (the run number repeats
 * across workflows, and a re-run keeps it); the run id is split so that each part stays a 32-bit number.
 */
export function defaultCloudVersion(run: RunContext): string {
  const id = /^\d{1,15}$/.test(run.runId) ? Number(run.runId) : 0
  const attempt = /^\d{1,9}$/.test(run.runAttempt) ? Number(run.runAttempt) : 1
  return `${Math.floor(id / 1e9)}.${id % 1e9}.${attempt}`
}

/** The version a release tag such as `v1.4.2` or `1.4.2` stands for. */
export function versionFromRef(ref: string): string | undefined {
  const match = /^refs\/tags\/v?(\d+\.\d+\.\d+)$/.exec(ref)
  return match?.[1]
}

function quote(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)
}

/** The marker a package carries in its description, so a re-run can find and reuse it. */
export function buildIdentityOf(branch: string, revision: string, version?: string): string {
  return `[build ${branch}@${revision}${version ? ` v${version}` : ''}]`
}

/** The settings with the branch and revision the App Repository API resolved, and the marker that follows. */
export function withSource<S extends Settings>(settings: S, branch: string, revision: string): S {
  const buildIdentity = buildIdentityOf(branch, revision, settings.version)
  return {
    ...settings,
    branch,
    revision,
    buildIdentity,
    description: settings.description.replace(settings.buildIdentity, buildIdentity)
  }
}

function checkApiUrl(raw: string, problems: string[], name = 'apiUrl'): string {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    problems.push(`Input '${name}' must be a URL such as ${DEFAULT_API_URL}; got ${quote(displayUrl(raw))}.`)
    return raw
  }
  const loopback = isLoopbackHost(url.hostname)
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    problems.push(
      `Input '${name}' must use https (http is allowed only for 127.0.0.1, localhost and ::1); got ${quote(displayUrl(raw))}.`
    )
  }
  if (url.username || url.password || url.search || url.hash) {
    problems.push(
      `Input '${name}' must not contain credentials, a query or a fragment; got ${quote(url.origin + url.pathname)}.`
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

/**
 * Parses `Name=value` (or `Name: value`) lines; blank lines and # comments are skipped. A line that starts
 * with `secret ` holds a value to mask in every log.
 */
export function parseNameValues(input: string, text: string, problems: string[]): NameValue[] {
  const items: NameValue[] = []
  text.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim()
    if (trimmed === '' || trimmed.startsWith('#')) return
    const secret = /^secret\s+/.test(trimmed)
    const match = /^([A-Za-z_][\w.-]*)\s*[=:]\s?(.*)$/.exec(trimmed.replace(/^secret\s+/, ''))
    if (!match) {
      problems.push(
        `Input '${input}' line ${index + 1} must have the form Name=value (or secret Name=value).`
      )
      return
    }
    items.push({ name: match[1], value: match[2], ...(secret ? { secret } : {}) })
  })
  return items
}

/** A package to upload: the descriptor it was opened with, and the size measured on that descriptor. */
export interface PackageFile {
  path: string
  fd: number
  size: number
  name: string
}

/**
 * An existing regular .mda file, resolved against the workspace (the step's working directory). A symlink or a
 * special file is refused (a link to /proc/self/environ would stream the runner's environment), and the file is
 * opened here, once, so the size checked is the size of what is sent.
 */
function checkPackageFile(raw: string, problems: string[]): PackageFile | undefined {
  if (raw === '') return undefined
  const path = resolve(raw)
  const name = basename(path)
  if (!/\.mda$/i.test(path)) {
    problems.push(
      `Input 'packageFile' must be a Mendix deployment package ending in .mda; got ${quote(raw)}.`
    )
    return undefined
  }
  // eslint-disable-next-line no-control-regex
  if (/["\r\n]|[\u0000-\u001f\u007f]/.test(name)) {
    problems.push(
      `Input 'packageFile' must name a file without quotes, line breaks or control characters; rename the file.`
    )
    return undefined
  }
  let fd: number | undefined
  try {
    if (lstatSync(path).isSymbolicLink()) {
      problems.push(
        `Input 'packageFile' must be a regular file, not a symbolic link: ${quote(path)}. Give the path of the .mda itself.`
      )
      return undefined
    }
    fd = openSync(path, fsConstants.O_RDONLY | (fsConstants.O_NOFOLLOW ?? 0))
    const stat = fstatSync(fd)
    if (!stat.isFile()) {
      closeSync(fd)
      problems.push(`Input 'packageFile' must be a regular file; ${quote(path)} is not one.`)
      return undefined
    }
    return { path, fd, size: stat.size, name }
  } catch {
    if (fd !== undefined) closeSync(fd)
    problems.push(
      `Input 'packageFile': no file at ${quote(path)}; build it first (e.g. with mxbuild) or fix the path.`
    )
    return undefined
  }
}

/** Whether a path climbs out with `..` or `.` segments, also when they are percent-encoded (`%2e%2e`). */
function hasDotSegment(path: string): boolean {
  let decoded = path
  // Decoded until stable, so that double encoding (%252e) is caught too.
  for (let i = 0; i < 3; i++) {
    try {
      const next = decodeURIComponent(decoded)
      if (next === decoded) break
      decoded = next
    } catch {
      return true
    }
  }
  return (
    decoded.split(/[/\\?#]/).some(segment => segment === '..' || segment === '.') || decoded.includes('..')
  )
}

function checkHealthPath(raw: string, problems: string[]): string | undefined {
  if (raw === '') return undefined
  if (!/^\/[^\s]*$/.test(raw) || hasDotSegment(raw)) {
    problems.push(`Input 'healthCheckPath' must be a path starting with /, e.g. /health; got ${quote(raw)}.`)
  }
  return raw
}

function checkStatus(raw: string, problems: string[]): number {
  if (raw === '') return 200
  if (!/^[1-5]\d\d$/.test(raw))
    problems.push(`Input 'healthCheckStatus' must be an HTTP status such as 200; got ${quote(raw)}.`)
  return Number(raw)
}

function checkCount(name: string, raw: string, problems: string[]): number | undefined {
  if (raw === '') return undefined
  const value = Number(raw)
  if (!/^\d+$/.test(raw) || value < 1 || value > 1000) {
    problems.push(`Input '${name}' must be a whole number from 1 to 1000; got ${quote(raw)}.`)
  }
  return value
}

function checkSecretWord(name: string, value: string, example: string, problems: string[]): void {
  if (value === '') problems.push(`Input '${name}' is required for this target, e.g. ${name}: ${example}.`)
  // Say nothing about a secret's content, even when malformed.
  else if (/\s/.test(value)) {
    problems.push(
      `Input '${name}' must be a single word with no spaces or line breaks: check the secret's value.`
    )
  }
}

/** Reads every input through `getInput` (trimmed values, '' when absent) and checks them all at once. */
export function readSettings(getInput: (name: string) => string, run: RunContext): Settings {
  const problems: string[] = []
  const targetInput = getInput('target') || 'private-cloud'
  if (targetInput !== 'private-cloud' && targetInput !== 'mendix-cloud') {
    throw new InputError([`Input 'target' must be private-cloud or mendix-cloud; got ${quote(targetInput)}.`])
  }
  const target: Target = targetInput
  const other: Target = target === 'private-cloud' ? 'mendix-cloud' : 'private-cloud'
  for (const name of ONLY_FOR[other]) {
    if (getInput(name) !== '')
      problems.push(`Input '${name}' belongs to target ${other}; remove it or set target: ${other}.`)
  }

  const branch = getInput('branch')
  checkText('branch', branch, 200, problems)
  // Empty means `latest`: the branch head, looked up in the App Repository API before the build.
  const revisionInput = getInput('revision') || 'latest'
  const revision = /^latest$/i.test(revisionInput) ? 'latest' : revisionInput
  checkText('revision', revision, 50, problems)
  const environment = getInput('environment')
  checkText('environment', environment, 100, problems)
  if (environment.includes('/') || environment.includes('\\') || environment.includes('..')) {
    problems.push(
      `Input 'environment' must be an environment id or name without '/', '\\' or '..'; got ${quote(environment)}.`
    )
  }

  let version: string | undefined = getInput('version')
  if (version === '') version = versionFromRef(run.ref)
  else if (!VERSION.test(version) || version.length > 20) {
    problems.push(
      `Input 'version' must have the form x.y.z (digits, at most 20 characters), e.g. 1.4.2; got ${quote(version)}.`
    )
  }
  const defaultUrl = target === 'private-cloud' ? DEFAULT_API_URL : DEFAULT_MENDIX_CLOUD_API_URL
  const apiUrl = checkApiUrl(getInput('apiUrl') || defaultUrl, problems)
  const timeoutMinutes = checkTimeout(getInput('timeoutMinutes'), problems)
  const wait = checkBoolean('wait', getInput('wait'), true, problems)

  const runMarker = `[gh-run ${run.repository}#${run.runId}.${run.runAttempt}]`
  const shortSha = run.sha.slice(0, 7)
  const description =
    getInput('description') ||
    `Built by GitHub Actions from ${run.repository}${shortSha ? `@${shortSha}` : ''}, ` +
      `run ${run.serverUrl}/${run.repository}/actions/runs/${run.runId}`
  const githubToken = getInput('githubToken')
  if (/\s/.test(githubToken))
    problems.push("Input 'githubToken' must be a single word: check the token's value.")
  const buildIdentity = buildIdentityOf(branch, revision, version)
  const common = {
    reuse: checkBoolean('reuse', getInput('reuse'), true, problems),
    rollbackOnFailure: checkBoolean('rollbackOnFailure', getInput('rollbackOnFailure'), false, problems),
    dryRun: checkBoolean('dryRun', getInput('dryRun'), false, problems),
    buildIdentity,
    githubToken: githubToken || undefined,
    githubEnvironment: getInput('githubEnvironment') || environment,
    apiUrl,
    branch,
    revision,
    version,
    description: `${description} ${runMarker} ${buildIdentity}`,
    repositoryApiUrl: checkApiUrl(
      getInput('repositoryApiUrl') || DEFAULT_REPOSITORY_API_URL,
      problems,
      'repositoryApiUrl'
    ),
    timeoutMinutes,
    wait,
    runMarker,
    unitTests: readUnitTestSettings(getInput, problems)
  }

  const appId = getInput('appId')
  if (target === 'private-cloud') {
    checkSecretWord('token', getInput('token'), '${{ secrets.MENDIX_TOKEN }}', problems)
    if (appId === '') {
      problems.push(
        "Input 'appId' is required: the app's UUID, shown as App ID on the app's General Settings in the Mendix Portal."
      )
    } else if (SUBDOMAIN.test(appId) && !UUID.test(appId)) {
      problems.push(
        `Input 'appId' must be the app's UUID for target private-cloud; ${quote(appId)} looks like a Mendix Cloud subdomain: for an app on the classic Mendix Cloud, set target: mendix-cloud.`
      )
    } else if (!UUID.test(appId)) {
      problems.push(
        `Input 'appId' must be the app's UUID (App ID in the Mendix Portal), e.g. 4b1ad3c2-7f0e-4d8a-9c55-2e6f1a8b9d70; got ${quote(appId)}.`
      )
    }
    const namespace = getInput('namespace')
    if (namespace !== '') checkText('namespace', namespace, 100, problems)
    const promoteFrom = getInput('promoteFrom')
    if (promoteFrom !== '') checkText('promoteFrom', promoteFrom, 100, problems)
    const settings: PrivateCloudSettings = {
      ...common,
      target,
      token: getInput('token'),
      appId: appId.toLowerCase(),
      environment,
      namespace: namespace || undefined,
      promoteFrom: promoteFrom || undefined,
      packageFile: checkPackageFile(getInput('packageFile'), problems),
      constants: parseNameValues('constants', getInput('constants'), problems),
      environmentVariables: parseNameValues(
        'environmentVariables',
        getInput('environmentVariables'),
        problems
      ),
      restart: checkBoolean('restart', getInput('restart'), false, problems),
      keepPackages: checkCount('keepPackages', getInput('keepPackages'), problems),
      healthCheckPath: checkHealthPath(getInput('healthCheckPath'), problems),
      healthCheckStatus: checkStatus(getInput('healthCheckStatus'), problems)
    }
    if (settings.promoteFrom && settings.packageFile) {
      problems.push(
        "Inputs 'promoteFrom' and 'packageFile' each name the package to deploy: give one of them."
      )
    }
    if (problems.length > 0) throw new InputError(problems)
    return settings
  }

  const username = getInput('username')
  if (username === '' || /\s/.test(username)) {
    problems.push(
      "Input 'username' is required for target mendix-cloud: the Mendix login the API key belongs to."
    )
  }
  checkSecretWord('apiKey', getInput('apiKey'), '${{ secrets.MENDIX_API_KEY }}', problems)
  if (appId === '') {
    problems.push("Input 'appId' is required for target mendix-cloud: the app's subdomain, e.g. orders-demo.")
  } else if (!SUBDOMAIN.test(appId)) {
    problems.push(
      `Input 'appId' must be the app's subdomain for target mendix-cloud, e.g. orders-demo; got ${quote(appId)}.`
    )
  }
  if (environment !== '' && !MODE.test(environment)) {
    problems.push(
      `Input 'environment' must be Test, Acceptance, Production or a flexible environment's name for target mendix-cloud; got ${quote(environment)}.`
    )
  }
  const backup = checkBoolean('backup', getInput('backup'), false, problems)
  const autoSyncDb = checkBoolean('autoSyncDb', getInput('autoSyncDb'), true, problems)
  const constants = parseNameValues('constants', getInput('constants'), problems)
  const packageFile = checkPackageFile(getInput('packageFile'), problems)
  const token = getInput('token')
  if (token !== '') checkSecretWord('token', token, '${{ secrets.MENDIX_TOKEN }}', problems)
  // An upload builds nothing, so there is no branch head to look up.
  else if (revision === 'latest' && !packageFile) {
    problems.push(
      "Input 'revision' is latest (the default when empty), which needs input 'token' for target mendix-cloud: a Mendix personal access token with mx:modelrepository:repo:read, to look up the branch head. Or give the revision to build."
    )
  }
  if (problems.length > 0) throw new InputError(problems)
  return {
    ...common,
    target,
    username,
    apiKey: getInput('apiKey'),
    token: token || undefined,
    appId: appId.toLowerCase(),
    environment,
    packageVersion: version ?? defaultCloudVersion(run),
    packageFile,
    backup,
    autoSyncDb,
    constants
  }
}
