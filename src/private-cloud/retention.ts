/**
 * Package retention (`keepPackages`): after a deploy that worked, delete the app's oldest packages beyond the
 * newest `keep`, and wait until each deletion has finished.
 *
 * Never deleted: the package this run deployed, a package any environment runs, and a package created after the
 * one this run deployed. The last is for parallel runs (docs/examples/deploy-fleet.yml): another job may have
 * built a package that it has not deployed yet, so it is not in use when this run looks.
 *
 * Retention is housekeeping after a good deploy, so it never fails the step: a refused request, a failed delete
 * job or the step's deadline is a warning naming the package and why. Only a cancel stops it.
 */
import { CancelledError, messageOf } from '../errors.js'
import { ApiError } from '../http.js'
import { oneLine } from '../untrusted.js'
import type { StepDeps } from '../step-deps.js'
import { BUILD_SCOPES, type BuildApi, type PackageSummary } from './build-api.js'
import type { DeployApi } from './deploy-api.js'
import type { JobWaiter } from './job-waiter.js'
import type { JobRef } from './jobs.js'
import { factsOf } from './manifest.js'

export interface RetentionDeps extends StepDeps {
  build: Pick<BuildApi, 'allPackages' | 'deletePackage'>
  deploy: Pick<DeployApi, 'listEnvironments'>
  waiter: Pick<JobWaiter, 'wait' | 'jobUrl'>
}

/** What retention decided from the package list, before any request. */
export interface RetentionPlan {
  /** Oldest last, as listed newest first. */
  doomed: PackageSummary[]
  /** Beyond `keep`, yet kept because they are newer than the deployed package or carry no readable date. */
  keptNewer: PackageSummary[]
  /** Set when nothing may be deleted: the deployed package's date, which every deletion is measured by, is unknown. */
  refusal?: string
}

export interface RetentionResult {
  deleted: PackageSummary[]
  notDeleted: Array<{ pkg: PackageSummary; why: string }>
  keptNewer: PackageSummary[]
}

/** The creation time of a package (epoch ms), or undefined when the list gives none that parses. */
function createdAt(pkg: PackageSummary): number | undefined {
  const ms = typeof pkg.createdOn === 'string' ? Date.parse(pkg.createdOn) : NaN
  return Number.isFinite(ms) ? ms : undefined
}

/**
 * Which packages to delete. As before, the newest `keep` of all the app's packages are kept and the packages
 * environments run are never deleted; now also none created at or after the deployed package (dates compared as
 * instants, not strings), and none whose date cannot be read, since neither can be shown to be older.
 */
export function planRetention(
  packages: PackageSummary[],
  keep: number,
  deployedPackageId: string,
  inUse: ReadonlySet<string | undefined>
): RetentionPlan {
  const deployed = packages.find(p => p.id === deployedPackageId)
  const deployedAt = deployed && createdAt(deployed)
  if (deployedAt === undefined) {
    const why = deployed
      ? `its creation date (${JSON.stringify(deployed.createdOn ?? null)}) cannot be read`
      : 'it is not in the package list'
    return {
      doomed: [],
      keptNewer: [],
      refusal: `Package ${deployedPackageId}, which this run deployed, is the measure of which packages are older, but ${why}; no package was deleted.`
    }
  }
  // Newest first; undated ones last, as the old string sort had them (they are never deleted anyway).
  const byAge = [...packages].sort((a, b) => (createdAt(b) ?? -Infinity) - (createdAt(a) ?? -Infinity))
  const beyond = byAge.slice(keep).filter(p => p.id !== deployedPackageId && !inUse.has(p.id))
  const older = (p: PackageSummary) => (createdAt(p) ?? Infinity) < deployedAt
  return { doomed: beyond.filter(older), keptNewer: beyond.filter(p => !older(p)) }
}

function describe(pkg: PackageSummary): string {
  return `${pkg.id} (created ${pkg.createdOn ?? 'on an unknown date'})`
}

/** Rethrows a cancel; anything else is the reason a package was not deleted. */
function reasonOrCancel(error: unknown, signal?: AbortSignal): string {
  if (error instanceof CancelledError || signal?.aborted) throw error
  return messageOf(error)
}

/** A package this run could not delete, and why; warned about as soon as it is known. */
type NotDeleted = (pkg: PackageSummary, why: string) => void

/**
 * Deletes the packages the plan names and waits for each deletion, within the step's deadline. Sets
 * `deletedPackages` to the deletions whose job finished, warns once per package not deleted, and adds a section
 * to the job summary. Throws only when the step is cancelled.
 */
export async function prunePackages(
  deps: RetentionDeps,
  keep: number,
  deployedPackageId: string
): Promise<RetentionResult> {
  const { log, progress } = deps
  const plan = await planFromService(deps, keep, deployedPackageId)
  const result: RetentionResult = { deleted: [], notDeleted: [], keptNewer: plan.keptNewer }
  if (plan.refusal) log.warning(plan.refusal, 'Package retention skipped')
  if (plan.keptNewer.length > 0) {
    log.info(
      `Keeping ${plan.keptNewer.length} package(s) beyond the newest ${keep} that are not older than package ${deployedPackageId}, which this run deployed (another run may deploy them): ${plan.keptNewer.map(describe).join(', ')}`
    )
  }
  const notDeleted: NotDeleted = (pkg, why) => {
    result.notDeleted.push({ pkg, why })
    log.warning(`Package ${describe(pkg)} was not deleted: ${why}`, 'Package not deleted')
  }
  // Every request is sent first, then every job awaited: the service runs the deletions side by side.
  const sent = await requestDeletions(deps, plan.doomed, notDeleted)
  result.deleted = await awaitDeletions(deps, sent, notDeleted)

  progress.output('deletedPackages', String(result.deleted.length))
  log.info(
    `Retention: deleted ${result.deleted.length} package(s), ${result.notDeleted.length} not deleted; kept the newest ${keep}, those in use, and those not older than package ${deployedPackageId}.`
  )
  progress.sections.push({
    title: `Package retention (keepPackages: ${keep})`,
    lines: summaryLines(plan, result)
  })
  return result
}

/** The plan from the service's package list and the packages environments run; a failed read deletes nothing. */
async function planFromService(
  deps: RetentionDeps,
  keep: number,
  deployedPackageId: string
): Promise<RetentionPlan> {
  const { build, deploy, timeout, signal } = deps
  try {
    const inUse = new Set((await deploy.listEnvironments(timeout.deadline())).map(m => factsOf(m).packageId))
    return planRetention(await build.allPackages(timeout.deadline()), keep, deployedPackageId, inUse)
  } catch (error) {
    return {
      doomed: [],
      keptNewer: [],
      refusal: `Could not list the packages and environments, so no package was deleted: ${reasonOrCancel(error, signal)}`
    }
  }
}

/** Sends one DELETE per package, while the step has time; returns the jobs the service started. */
async function requestDeletions(
  deps: RetentionDeps,
  packages: PackageSummary[],
  notDeleted: NotDeleted
): Promise<Array<{ pkg: PackageSummary; ref: JobRef }>> {
  const { build, log, progress, timeout, signal, waiter } = deps
  const sent: Array<{ pkg: PackageSummary; ref: JobRef }> = []
  for (const pkg of packages) {
    const deadline = timeout.deadline()
    if (deadline.passed()) {
      notDeleted(pkg, 'not requested: the step reached its deadline (timeoutMinutes) first.')
      continue
    }
    try {
      const ref = await build.deletePackage(pkg.id, deadline)
      // Known at once, so that a cancel before its wait begins still says it runs.
      progress.jobStarted({ kind: 'delete', id: ref.id, url: waiter.jobUrl(ref) })
      log.info(`Deleting package ${describe(pkg)}: job ${ref.id}`)
      sent.push({ pkg, ref })
    } catch (error) {
      const reason = reasonOrCancel(error, signal)
      const unknown = error instanceof ApiError && error.outcomeUnknown
      notDeleted(
        pkg,
        unknown ? `${reason} (The service may have acted on it: see the package list.)` : reason
      )
    }
  }
  return sent
}

/** Waits for each delete job within the step's deadline; returns the packages whose deletion finished. */
async function awaitDeletions(
  deps: RetentionDeps,
  sent: Array<{ pkg: PackageSummary; ref: JobRef }>,
  notDeleted: NotDeleted
): Promise<PackageSummary[]> {
  const deleted: PackageSummary[] = []
  for (const { pkg, ref } of sent) {
    try {
      const job = await deps.waiter.wait('delete', ref, BUILD_SCOPES.read)
      if (job.status === 'finished' && !job.error) deleted.push(pkg)
      else
        notDeleted(
          pkg,
          `its delete job ${ref.id} failed: ${job.error?.message ?? `it ended as ${job.status}`}`
        )
    } catch (error) {
      notDeleted(pkg, reasonOrCancel(error, deps.signal))
    }
  }
  return deleted
}

/** The job summary's account: what was deleted, what was not and why, what was kept because it is newer. */
function summaryLines(plan: RetentionPlan, result: RetentionResult): string[] {
  const list = (title: string, items: string[]) =>
    items.length ? [`${title} (${items.length}):`, ...items.map(item => `  ${oneLine(item)}`)] : []
  return [
    ...(plan.refusal ? [oneLine(plan.refusal)] : []),
    ...(result.deleted.length ? [] : ['Deleted: none.']),
    ...list('Deleted', result.deleted.map(describe)),
    ...list(
      'Not deleted',
      result.notDeleted.map(({ pkg, why }) => `${describe(pkg)}: ${why}`)
    ),
    ...list('Kept, not older than the package this run deployed', result.keptNewer.map(describe))
  ]
}
