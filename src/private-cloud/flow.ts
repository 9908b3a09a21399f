/**
 * The Private Cloud build-and-deploy flow, as a person would do it by hand: find the environment, get the
 * package (package-source.ts: promote, upload, reuse or build), read the manifest, set the new package, write
 * it back, wait, and check that the environment is Ready with it. Around that: dry run, rollback, restart and
 * retention. Every manifest write goes through one safe update (never twice from the same read).
 */
import { InputError, JobError, VerificationError } from '../errors.js'
import { failedRollback, missingConstants, withRollback, type RollbackOutcome } from '../deploy-steps.js'
import { healthUrl, waitForHealth } from '../health.js'
import type { PrivateCloudSettings } from '../inputs.js'
import { seconds } from '../logger.js'
import { Phases } from '../phases.js'
import type { FlowDeps } from './deps.js'
import { showDryRun } from './dry-run.js'
import { EnvironmentHandle, type ManifestChange } from './environment-handle.js'
import { resolveEnvironment, type ResolvedEnvironment } from './environments.js'
import { JobWaiter } from './job-waiter.js'
import { PackageSource } from './package-source.js'
import {
  factsOf,
  holdsChanges,
  knownConstants,
  withDeployChanges,
  withInstances,
  withPackageId,
  type DeployChanges
} from './manifest.js'

export type { FlowDeps }

export interface DeployResult {
  packageId: string
  environment: ResolvedEnvironment
  buildJobId?: string
  deployJobId?: string
  previousPackageId?: string
  appUrl?: string
  state?: string
}

/**
 * How long reads that still show another package are waited out after a deploy before they count: status lags
 * the write for a few seconds on Kubernetes. Never more than half the wait's deadline.
 */
const SETTLE_WINDOW_MS = 60_000

export class PrivateCloudFlow {
  private readonly phases: Phases
  private readonly waiter: JobWaiter
  private readonly packages: PackageSource

  constructor(
    private readonly settings: PrivateCloudSettings,
    private readonly deps: FlowDeps
  ) {
    this.phases = new Phases(deps)
    this.waiter = new JobWaiter(deps, settings)
    this.packages = new PackageSource(settings, deps, this.waiter, this.phases)
  }

  async run(): Promise<DeployResult> {
    const { log, progress } = this.deps
    const s = this.settings

    const { environment, promoteFrom } = await this.phases.run('resolve', undefined, () =>
      this.findEnvironments()
    )
    progress.output('environmentId', environment.environmentId)
    progress.output('namespaceId', environment.namespaceId)
    log.info(
      `Environment "${environment.name}" (id ${environment.environmentId}, namespace ${environment.facts.namespace ?? environment.namespaceId})`
    )
    const handle = new EnvironmentHandle(environment, this.deps, this.waiter)

    const { packageId, buildJobId } = await this.packages.obtain(promoteFrom)
    if (s.dryRun) {
      await this.phases.run('dry run', 'Dry run: what the deploy would change', () =>
        this.dryRun(handle, packageId)
      )
      return { packageId, environment, buildJobId }
    }

    const deployTitle = `Deploy package ${packageId} to "${environment.name}"`
    const deployed = await this.phases.run('deploy', deployTitle, () => this.deployPackage(handle, packageId))
    if (!s.wait) {
      log.info('The deploy job was accepted; not waiting for it to finish (wait: false).')
      return { packageId, environment, buildJobId, ...deployed }
    }
    log.info(`Deployed package ${packageId} to "${environment.name}" in ${this.phases.lastTime()}`)
    const ready = await this.phases.run('readiness', undefined, () =>
      this.awaitReadiness(handle, packageId, deployed.previousPackageId)
    )
    if (s.restart)
      await this.phases.run('restart', `Restart "${environment.name}"`, () => this.restart(handle))
    if (s.keepPackages !== undefined) {
      const keep = s.keepPackages
      await this.phases.run('retention', `Keep the newest ${keep} packages`, () => this.prunePackages(keep))
    }
    return { packageId, environment, buildJobId, ...deployed, ...ready }
  }

  private async findEnvironments(): Promise<{
    environment: ResolvedEnvironment
    promoteFrom?: ResolvedEnvironment
  }> {
    const s = this.settings
    const manifests = await this.deps.deploy.listEnvironments(this.deps.timeout.deadline())
    const environment = resolveEnvironment(manifests, s.environment, s.namespace)
    const promoteFrom = s.promoteFrom
      ? resolveEnvironment(manifests, s.promoteFrom, undefined, 'promoteFrom')
      : undefined
    const manifest = manifests.find(m => factsOf(m).id === environment.environmentId)
    if (manifest) {
      const missing = missingConstants(
        s.constants,
        knownConstants(manifest),
        `environment "${environment.name}"`
      )
      if (missing.names.length > 0) throw new InputError([missing.sentence])
    }
    return { environment, promoteFrom }
  }

  /** The deploy's change to the manifest: the package, constants and environment variables, nothing else. */
  private deployChange(packageId: string): ManifestChange & { changes: DeployChanges } {
    const changes = {
      packageId,
      constants: this.settings.constants,
      environmentVariables: this.settings.environmentVariables,
      instances: this.settings.instances
    }
    return {
      changes,
      apply: m => withDeployChanges(m, changes),
      applied: m => holdsChanges(m, changes)
    }
  }

  /** Shows the manifest diff the deploy would apply, in the log and the job summary. */
  private async dryRun(handle: EnvironmentHandle, packageId: string): Promise<void> {
    await showDryRun(handle, this.deployChange(packageId), this.settings, this.deps)
  }

  /** The rollback to offer a failed step, when rollbackOnFailure is on and there is a package to go back to. */
  private rollbackTo(
    handle: EnvironmentHandle,
    previousPackageId?: string
  ): (() => Promise<RollbackOutcome>) | undefined {
    if (!this.settings.rollbackOnFailure || !previousPackageId) return undefined
    return () => this.rollback(handle, previousPackageId)
  }

  private async deployPackage(
    handle: EnvironmentHandle,
    packageId: string
  ): Promise<{ deployJobId?: string; previousPackageId?: string }> {
    const { log, progress, clock } = this.deps
    const manifest = await handle.read()
    const previousPackageId = factsOf(manifest).packageId
    progress.output('previousPackageId', previousPackageId)
    const change = this.deployChange(packageId)
    if (change.applied(manifest)) {
      log.info(
        `Environment "${handle.name}" already runs package ${packageId} with these settings; nothing to change.`
      )
      return { previousPackageId }
    }
    log.info(`The environment runs package ${previousPackageId ?? '(none)'}; setting ${packageId}`)
    const ref = await handle.update(manifest, change)
    if (!ref) {
      progress.environmentChanged = 'yes'
      return { previousPackageId }
    }
    progress.output('deployJobId', ref.id)
    log.info(`Deploy job ${ref.id} started`)
    if (!this.settings.wait) return { deployJobId: ref.id, previousPackageId }
    const started = clock.now()
    try {
      await handle.waitForJob(ref, 'deploy')
    } catch (error) {
      if (!(error instanceof JobError)) throw error
      const now = factsOf(await handle.read()).packageId
      const changed = now !== previousPackageId
      const rollback = changed ? this.rollbackTo(handle, previousPackageId) : undefined
      if (!rollback) progress.environmentChanged = changed ? 'yes' : 'no'
      error.message += rollback
        ? ` ${(await rollback()).sentence}`
        : ` The environment ${changed ? 'now runs' : 'still runs'} package ${now ?? '(none)'}.`
      throw error
    }
    progress.environmentChanged = 'yes'
    log.info(`Deploy job finished in ${seconds(clock.now() - started)}`)
    return { deployJobId: ref.id, previousPackageId }
  }

  /**
   * Waits until the environment is Ready with the new package, then checks its health. Reads may lag the write
   * (Kubernetes-backed status is eventually consistent): a read that still shows another package, with
   * whatever state it had (a `Failed` left from an earlier deploy, a stale `Ready`), is not judged until the
   * settle window has passed. Only a read with our package can end the wait Ready or Failed. After the window,
   * a read with another package and nothing processing means another change replaced ours. Failed, or a
   * replaced package, fails the step; so do a failed health check and failed unit tests, and with
   * rollbackOnFailure the previous package is put back first.
   */
  private async awaitReadiness(
    handle: EnvironmentHandle,
    packageId: string,
    previousPackageId?: string
  ): Promise<{ appUrl?: string; state?: string }> {
    const { log, progress, clock } = this.deps
    const settleUntil = clock.now() + Math.min(SETTLE_WINDOW_MS, this.deps.timeout.ms / 2)
    const settled = (): boolean => clock.now() >= settleUntil
    const final = await handle.waitFor(
      facts =>
        facts.packageId === packageId
          ? facts.state === 'Ready' || facts.state === 'Failed' || (facts.state === undefined && settled())
          : settled() && facts.state !== 'Processing',
      state =>
        new VerificationError(
          `Environment "${handle.name}" was still ${state} at the deadline (timeoutMinutes: ${this.settings.timeoutMinutes}), not Ready with package ${packageId}.`
        ),
      (state, elapsed) => log.info(`The environment is ${state} (after ${seconds(elapsed)})`)
    )
    const facts = factsOf(final)
    progress.output('appUrl', facts.appUrl)
    progress.output('state', facts.state)
    if (facts.packageId !== packageId) {
      throw new VerificationError(
        `After the deploy, environment "${handle.name}" runs package ${facts.packageId ?? '(none)'}, not ${packageId}: ` +
          'another change replaced ours meanwhile. Check the environment history in the Mendix Portal.'
      )
    }
    const isVerification = (error: unknown): error is VerificationError => error instanceof VerificationError
    await withRollback(
      async () => {
        if (facts.state === 'Failed') {
          throw new VerificationError(
            `Environment "${handle.name}" has container state Failed after the deploy of package ${packageId}: check its logs in the Mendix Portal.`
          )
        }
        if (facts.state === undefined) {
          log.warning(
            `Environment "${handle.name}" runs package ${packageId}, but its status has no container state, so readiness could not be checked; the deploy job itself finished.`,
            'Readiness not reported'
          )
        } else {
          log.info(
            `Environment "${handle.name}" runs package ${packageId}; state Ready${facts.appUrl ? `, ${facts.appUrl}` : ''}`
          )
        }
        await this.checkHealth(facts.appUrl)
        // Failed unit tests are a VerificationError too, so they roll back like a failed health check.
        await this.deps.unitTests?.(facts.appUrl, this.deps.timeout.deadline())
      },
      isVerification,
      this.rollbackTo(handle, previousPackageId)
    )
    return facts.state === undefined ? { appUrl: facts.appUrl } : { appUrl: facts.appUrl, state: facts.state }
  }

  /** With healthCheckPath, waits until the app answers the expected status; throws VerificationError if not. */
  private async checkHealth(appUrl?: string): Promise<void> {
    const { healthCheckPath, healthCheckStatus } = this.settings
    if (!healthCheckPath) return
    // Not a failed deploy, so no rollback: there is nothing to check the new package with.
    if (!appUrl || !this.deps.transport) throw new Error('The environment has no app URL to health-check.')
    const { clock, log, signal } = this.deps
    const url = healthUrl(appUrl, healthCheckPath, this.settings.apiUrl)
    await waitForHealth(url, healthCheckStatus, {
      transport: this.deps.transport,
      clock,
      log,
      signal,
      deadline: this.deps.timeout.deadline()
    })
  }

  /** Puts the previous package back (only packageId changes) and waits; says how that went. */
  private async rollback(handle: EnvironmentHandle, previousPackageId: string): Promise<RollbackOutcome> {
    const { log, progress } = this.deps
    this.deps.timeout.useReserve()
    log.warning(`Rolling back environment "${handle.name}" to package ${previousPackageId}`, 'Rollback')
    try {
      const ref = await handle.change('rollback', {
        apply: m => withPackageId(m, previousPackageId),
        applied: m => factsOf(m).packageId === previousPackageId
      })
      progress.output('rolledBack', 'true')
      progress.environmentChanged = 'no'
      return {
        ok: true,
        sentence: `Rolled back: the environment runs package ${previousPackageId} again${ref ? ` (job ${ref.id})` : ''}.`
      }
    } catch (error) {
      return failedRollback(previousPackageId, error)
    }
  }

  /** The documented restart: instances to 0, wait, then back to the count it had. */
  private async restart(handle: EnvironmentHandle): Promise<void> {
    const { log } = this.deps
    const current = await handle.read()
    const instances = factsOf(current).instances || 1
    for (const target of [0, instances]) {
      log.info(`Setting instances to ${target}`)
      await handle.change(
        'restart',
        { apply: m => withInstances(m, target), applied: m => factsOf(m).instances === target },
        // The first write starts from the manifest just read; the second must see what the first changed.
        target === 0 ? current : undefined
      )
    }
    log.info(`Restarted "${handle.name}" with ${instances} instance(s)`)
  }

  /** Deletes the oldest packages beyond `keep`, never one that any environment runs. */
  private async prunePackages(keep: number): Promise<void> {
    const { log, progress, timeout } = this.deps
    const deadline = timeout.deadline()
    const inUse = new Set((await this.deps.deploy.listEnvironments(deadline)).map(m => factsOf(m).packageId))
    const packages = (await this.deps.build.allPackages(deadline)).sort((a, b) =>
      (b.createdOn ?? '').localeCompare(a.createdOn ?? '')
    )
    const doomed = packages.slice(keep).filter(p => !inUse.has(p.id))
    for (const pkg of doomed) {
      const ref = await this.deps.build.deletePackage(pkg.id, deadline)
      log.info(`Deleting package ${pkg.id} (${pkg.createdOn ?? 'unknown date'}): job ${ref.id}`)
    }
    progress.output('deletedPackages', String(doomed.length))
    log.info(`Kept the newest ${keep} packages and those in use; deleted ${doomed.length}`)
  }
}
