/**
 * Package versions numbered the way Mendix Pipelines' Build step numbers them: the next patch, minor or major
 * version after the highest one among the app's packages. Private Cloud packages show `modelVersion` (Build API 4,
 * "1.3.0.623"), Mendix Cloud packages `Version` (Build API v1, "2.3.5"); only the first three numbers count.
 */
import { ApiError } from './http.js'
import type { Logger } from './logger.js'

export const BUMPS = ['patch', 'minor', 'major'] as const
export type Bump = (typeof BUMPS)[number]

/** The version input as read: a fixed x.y.z (given, or the release tag's), or the part to bump. */
export type VersionChoice = { fixed: string } | { bump: Bump }

/** What every part gives when the app has no package with a version yet (Studio Pro's first version too). */
export const FIRST_VERSION = '1.0.0'

/** The Private Cloud Build API takes a `version` of at most 20 characters. */
export const MAX_VERSION_LENGTH = 20

/** How many unreadable versions one warning names. */
const NAMED_AT_MOST = 5

/** The fixed version of a choice, the one the reuse marker holds; an automatic one stays out of it. */
export function fixedVersion(choice: VersionChoice | undefined): string | undefined {
  return choice && 'fixed' in choice ? choice.fixed : undefined
}

function numbers(version: string): [bigint, bigint, bigint] {
  const [major, minor, patch] = version.split('.').map(BigInt)
  return [major, minor, patch]
}

/**
 * The first three numbers of a package's version, without leading zeros: `1.3.0.623` gives `1.3.0`. Undefined
 * for anything else (`1.3`, `v1.3.0`, `1.3.0-beta`, `Main-1.3.0.623`).
 */
export function versionCore(text: string | undefined): string | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)(?:\.\d+)?$/.exec(text ?? '')
  return match
    ? match
        .slice(1, 4)
        .map(n => BigInt(n).toString())
        .join('.')
    : undefined
}

/** Orders two x.y.z versions by their numbers (1.4.10 after 1.4.2). */
export function compareVersions(a: string, b: string): number {
  const [x, y] = [numbers(a), numbers(b)]
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1
  return 0
}

/** The next version after `version`: minor and major reset the parts after them (1.4.10 gives 1.4.11, 1.5.0, 2.0.0). */
export function bumpVersion(version: string, part: Bump): string {
  const [major, minor, patch] = numbers(version)
  const next =
    part === 'major'
      ? [major + 1n, 0n, 0n]
      : part === 'minor'
        ? [major, minor + 1n, 0n]
        : [major, minor, patch + 1n]
  return next.join('.')
}

/** A package as the version reading sees it: its id, its version as the service shows it, its description. */
export interface VersionedPackage {
  id: string
  version?: string
  description?: string
}

/**
 * The Version earlier releases of this action gave a Mendix Cloud build made without one: `<run id div 10^9>.<run
 * id mod 10^9>.<run attempt>` (run 18234567890, attempt 2 gives 18.234567890.2).
 */
export function runIdVersion(runId: string, runAttempt: string): string {
  const id = /^\d{1,15}$/.test(runId) ? Number(runId) : 0
  const attempt = /^\d{1,9}$/.test(runAttempt) ? Number(runAttempt) : 1
  return `${Math.floor(id / 1e9)}.${id % 1e9}.${attempt}`
}

/**
 * Whether a package carries the run-id version of the run marker (`[gh-run <repository>#<run id>.<attempt>]`) in
 * its description. Counting it would number every next build after a run id (18.234567890.3), so it is left out.
 */
export function numberedByRunId(pkg: VersionedPackage): boolean {
  const run = /\[gh-run [^\]#]*#(\d{1,15})\.(\d{1,9})\]/.exec(pkg.description ?? '')
  return run !== null && versionCore(pkg.version) === runIdVersion(run[1], run[2])
}

/** The highest version among the packages, and the packages whose version could not be read. */
export interface Highest {
  /** The highest x.y.z; undefined when no package has one. */
  version?: string
  /** A package that carries it. */
  packageId?: string
  /** Packages with a version that is not x.y.z or x.y.z.n, left out. */
  unreadable: VersionedPackage[]
  /** Packages numbered by run id by earlier releases of this action, left out. */
  byRunId: VersionedPackage[]
}

/** The highest version among the packages; versions that do not read as x.y.z(.n) and run-id versions are left out. */
export function highestVersion(packages: readonly VersionedPackage[]): Highest {
  const highest: Highest = { unreadable: [], byRunId: [] }
  for (const pkg of packages) {
    if (!pkg.version) continue
    const core = versionCore(pkg.version)
    if (core === undefined) highest.unreadable.push(pkg)
    else if (numberedByRunId(pkg)) highest.byRunId.push(pkg)
    else if (highest.version === undefined || compareVersions(core, highest.version) > 0) {
      highest.version = core
      highest.packageId = pkg.id
    }
  }
  return highest
}

/** The version to build, and the highest one before it (undefined for the app's first). */
export interface NextVersion {
  version: string
  previous?: string
}

/** The version after the highest among the packages; 1.0.0 when none has one. */
export function nextVersion(part: Bump, packages: readonly VersionedPackage[]): NextVersion & Highest {
  const highest = highestVersion(packages)
  const version = highest.version === undefined ? FIRST_VERSION : bumpVersion(highest.version, part)
  return { ...highest, version, previous: highest.version }
}

function named(packages: VersionedPackage[]): string {
  const shown = packages.slice(0, NAMED_AT_MOST).map(p => `${p.id} (${JSON.stringify(p.version)})`)
  const more = packages.length - shown.length
  return shown.join(', ') + (more > 0 ? ` and ${more} more` : '')
}

/** Reads the versions and says in the log what it chose and what it left out. */
async function choose(
  part: Bump,
  list: () => Promise<VersionedPackage[]>,
  log: Logger,
  again = false
): Promise<NextVersion> {
  const packages = await list()
  const next = nextVersion(part, packages)
  // What was left out was said at the first reading.
  if (next.unreadable.length > 0 && !again) {
    log.warning(
      `Left out of the version numbering, since their versions do not read as x.y.z: package ${named(next.unreadable)}.`,
      'Version not readable'
    )
  }
  if (next.byRunId.length > 0 && !again) {
    log.info(
      `Left out ${next.byRunId.length} package(s) numbered by run id by earlier releases of this action, e.g. ${next.byRunId[0].version}.`
    )
  }
  if (next.version.length > MAX_VERSION_LENGTH) {
    throw new Error(
      `The next ${part} version after ${next.previous} would be ${next.version}, longer than the ${MAX_VERSION_LENGTH} characters a package version may have: give input 'version' as x.y.z.`
    )
  }
  log.info(
    next.previous === undefined
      ? `Version ${next.version}: none of the app's ${packages.length} package(s) has a version yet.`
      : `Version ${next.version}: the next ${part} version after ${next.previous}, the highest of the app's ${packages.length} package(s).`
  )
  return { version: next.version, previous: next.previous }
}

/**
 * A refusal of the request as sent: the service answered and did not act. A taken version can only be told from
 * the other refusals by reading the versions again, which is what the caller does.
 */
function refusal(error: unknown): error is ApiError {
  return (
    error instanceof ApiError &&
    !error.outcomeUnknown &&
    (error.status === 400 || error.status === 409 || error.status === 422)
  )
}

/** How the build request is sent with an automatic version. */
export interface NumberedRequest<T> {
  part: Bump
  /** The app's packages as the service lists them now. */
  list: () => Promise<VersionedPackage[]>
  /** Sends the build request with this version; sent at most twice. */
  start: (version: string) => Promise<T>
  log: Logger
}

/**
 * Reads the app's versions just before the build request and sends it with the next one. Two runs may read the
 * same highest version at the same moment, and neither API can claim a version only if it is still free: when the
 * service refuses the request and the versions read again show this one taken meanwhile, the request is sent once
 * more with the next version after them. Any other refusal is the caller's to report.
 */
export async function startWithNextVersion<T>(
  request: NumberedRequest<T>
): Promise<NextVersion & { started: T }> {
  const { part, list, start, log } = request
  const first = await choose(part, list, log)
  try {
    return { ...first, started: await start(first.version) }
  } catch (error) {
    if (!refusal(error)) throw error
    const again = await choose(part, list, log, true)
    if (compareVersions(again.version, first.version) <= 0) throw error
    const answer = `${error.status}${error.serviceCode ? ` ${error.serviceCode}` : ''}`
    log.warning(
      `Version ${first.version} was taken meanwhile, by another build of this app (two runs at once?): the build request was refused (${answer}). Building as ${again.version} instead.`,
      'Version taken'
    )
    return { ...again, started: await start(again.version) }
  }
}

/** Where the version chosen for a build is written: the step's outputs. */
export interface VersionOutputs {
  output(name: 'version' | 'previousVersion', value: string | undefined): void
}

/** How a build request is sent with the version input: fixed, automatic, or none (Private Cloud only). */
export interface VersionedRequest<T> {
  choice: VersionChoice | undefined
  /** The app's packages as the service lists them now. */
  list: () => Promise<VersionedPackage[]>
  /** Sends the build request with this version. */
  start: (version: string | undefined) => Promise<T>
  log: Logger
  progress: VersionOutputs
}

/**
 * Sends the build request with the version asked for: a fixed one as it is, an automatic one read just before it
 * (startWithNextVersion). Outputs `version` and `previousVersion` once the request is accepted.
 */
export async function startVersionedBuild<T>(
  request: VersionedRequest<T>
): Promise<{ started: T; version?: string }> {
  const { choice, list, start, log, progress } = request
  if (!choice || 'fixed' in choice) {
    const started = await start(fixedVersion(choice))
    progress.output('version', fixedVersion(choice))
    return { started, version: fixedVersion(choice) }
  }
  const numbered = await startWithNextVersion({ part: choice.bump, list, start, log })
  progress.output('version', numbered.version)
  progress.output('previousVersion', numbered.previous)
  return { started: numbered.started, version: numbered.version }
}

/** The version in a build's title: `version 1.4.2`, `the next patch version`, or undefined for none. */
export function versionWords(choice: VersionChoice | undefined): string | undefined {
  if (!choice) return undefined
  return 'fixed' in choice ? `version ${choice.fixed}` : `the next ${choice.bump} version`
}

/** For a dry run: the version a build would get, read now (`1.4.11 (patch after 1.4.10; …)`). */
export async function plannedVersion(
  choice: VersionChoice,
  list: () => Promise<VersionedPackage[]>
): Promise<string> {
  if ('fixed' in choice) return choice.fixed
  const next = nextVersion(choice.bump, await list())
  const after = next.previous ? `${choice.bump} after ${next.previous}` : 'the first'
  return `${next.version} (${after}; read again just before a real build)`
}

/**
 * When packages other than `packageId` carry `version` too: a warning naming them. Private Cloud's Build API builds
 * a version another package has (its spec documents no refusal), so two runs that bumped at once both build it.
 */
export function sharedVersionWarning(
  version: string,
  packageId: string,
  packages: readonly VersionedPackage[]
): string | undefined {
  const twins = packages.filter(p => p.id !== packageId && versionCore(p.version) === version)
  if (twins.length === 0) return undefined
  return `Package ${twins.map(p => p.id).join(', ')} has version ${version} too: another run built the same version at the same moment (the Build API does not refuse a taken version). Give one of them a version of its own if it matters.`
}

/** The job summary's version: the one built (beside the highest before it) or reused; else what was asked for. */
export function describeVersion(
  choice: VersionChoice | undefined,
  outputs: { version?: string; previousVersion?: string; reused?: string }
): string {
  const automatic = choice && 'bump' in choice ? choice.bump : undefined
  if (outputs.version) {
    if (!automatic || outputs.reused === 'true') return outputs.version
    return outputs.previousVersion
      ? `${outputs.version} (${automatic} after ${outputs.previousVersion})`
      : `${outputs.version} (the first, as no package had a version)`
  }
  if (automatic) return `the next ${automatic} version (no build started)`
  return fixedVersion(choice) ?? '(none)'
}

/**
 * The version MxBuild writes into a package built in the runner (`--model-version`): a fixed one as it is, an
 * automatic one chosen from the app's packages just before the build, as for a service build. Outputs `version`
 * and `previousVersion`. Undefined without a version: MxBuild keeps the app's own.
 */
export async function versionForRunnerBuild(
  choice: VersionChoice | undefined,
  list: () => Promise<VersionedPackage[]>,
  log: Logger,
  progress: VersionOutputs
): Promise<string | undefined> {
  if (!choice) return undefined
  if ('fixed' in choice) {
    progress.output('version', choice.fixed)
    return choice.fixed
  }
  const next = await choose(choice.bump, list, log)
  progress.output('version', next.version)
  progress.output('previousVersion', next.previous)
  return next.version
}
