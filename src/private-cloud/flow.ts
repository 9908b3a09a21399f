/**
 * The Private Cloud build-and-deploy flow, as a person would do it by hand: find the environment, get the
 * package (package-source.ts: promote, upload, reuse or build), read the manifest, set the new package, write
 * it back, wait, and check that the environment is Ready with it. Around that: dry run, rollback, restart and
 * retention. Every manifest write goes through one safe update (never twice from the same read).
 */
import { backoffDelay } from '../clock.js'
import { InputError, JobError, VerificationError } from '../errors.js'
import { healthUrl, waitForHealth } from '../health.js'
import { ApiError, type Transport } from '../http.js'
import type { PrivateCloudSettings } from '../inputs.js'
import { seconds } from '../logger.js'
import { Phases } from '../phases.js'
import type { UnitTestHook } from '../unit-tests/run.js'
import { waitUntil } from '../wait.js'
import type { BuildApi } from './build-api.js'
import { DEPLOY_SCOPES, type DeployApi } from './deploy-api.js'
import { resolveEnvironment, type ResolvedEnvironment } from './environments.js'
import { JobWaiter, isTransientPollError, type JobWaiterDeps } from './job-waiter.js'
import type { JobRef } from './jobs.js'
import { PackageSource } from './package-source.js'
import {
  diffManifests,
  factsOf,
  holdsChanges,
  knownConstants,
  unknownConstants,
  withDeployChanges,
  withInstances,
  withPackageId,
  type DeployChanges,
  type Manifest,
  type ManifestFacts
} from './manifest.js'

export interface FlowDeps extends JobWaiterDeps {
  /** Plain HTTP for the app's own health check (no credentials are added to it). */
  transport?: Transport
  build: BuildApi
  deploy: DeployApi
  /** Issue 16: runs the app's unit tests after readiness and the health check (unit-tests/run.ts). */
  unitTests?: UnitTestHook
}

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

/** How many times the manifest PUT is sent, each time from a fresh read. */
const MAX_PUT_ATTEMPTS = 5

export class PrivateCloudFlow {
  private readonly deadlineMs: number
  private readonly phases: Phases
  private readonly waiter: JobWaiter
  private readonly packages: PackageSource

  constructor(
    private readonly settings: PrivateCloudSettings,
    private readonly deps: FlowDeps
  ) {
    this.deadlineMs = settings.timeoutMinutes * 60_000
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

    const { packageId, buildJobId } = await this.packages.obtain(promoteFrom)
    if (s.dryRun) {
      await this.phases.run('dry run', 'Dry run: what the deploy would change', () =>
        this.dryRun(environment, packageId)
      )
      return { packageId, environment, buildJobId }
    }

    const deployTitle = `Deploy package ${packageId} to "${environment.name}"`
    const deployed = await this.phases.run('deploy', deployTitle, () =>
      this.deployPackage(environment, packageId)
    )
    if (!s.wait) {
      log.info('The deploy job was accepted; not waiting for it to finish (wait: false).')
      return { packageId, environment, buildJobId, ...deployed }
    }
    log.info(`Deployed package ${packageId} to "${environment.name}" in ${this.phases.lastTime()}`)
    const ready = await this.phases.run('readiness', undefined, () =>
      this.awaitReadiness(environment, packageId, deployed.previousPackageId)
    )
    if (s.restart)
      await this.phases.run('restart', `Restart "${environment.name}"`, () => this.restart(environment))
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
    const manifests = await this.deps.deploy.listEnvironments(this.deps.clock.now() + this.deadlineMs)
    const environment = resolveEnvironment(manifests, s.environment, s.namespace)
    const promoteFrom = s.promoteFrom
      ? resolveEnvironment(manifests, s.promoteFrom, undefined, 'promoteFrom')
      : undefined
    const manifest = manifests.find(m => factsOf(m).id === environment.environmentId)
    const unknown = manifest ? unknownConstants(manifest, s.constants) : []
    if (unknown.length > 0) {
      throw new InputError([
        `Input 'constants': ${unknown.join(', ')} not found in environment "${environment.name}"; a deploy can set constants, not add them. ` +
          `Its constants: ${knownConstants(manifest!).join(', ') || '(none)'}.`
      ])
    }
    return { environment, promoteFrom }
  }

  private changes(packageId: string): DeployChanges {
    return {
      packageId,
      constants: this.settings.constants,
      environmentVariables: this.settings.environmentVariables
    }
  }

  /** Shows the manifest diff the deploy would apply, in the log and the job summary. */
  private async dryRun(environment: ResolvedEnvironment, packageId: string): Promise<void> {
    const { log, progress } = this.deps
    const manifest = await this.deps.deploy.getManifest(environment, this.deps.clock.now() + this.deadlineMs)
    progress.output('previousPackageId', factsOf(manifest).packageId)
    const secrets = [...this.settings.constants, ...this.settings.environmentVariables].filter(c => c.secret)
    const mask = (text: string) =>
      secrets.reduce((t, c) => (c.value ? t.split(c.value).join('***') : t), text)
    const diff = diffManifests(manifest, withDeployChanges(manifest, this.changes(packageId)), mask)
    const lines = diff.length
      ? diff
      : ['(no change: the environment already has this package and these settings)']
    lines.forEach(line => log.info(line))
    progress.sections.push({ title: `Dry run: the manifest changes for "${environment.name}"`, lines })
    log.info('Dry run: nothing was built, and nothing was changed.')
  }

  /**
   * Writes a change to the manifest safely: never twice from the same read. When the service surely did not
   * take it, waits as asked and reads again; when the outcome is unknown, waits until the environment is not
   * Processing and reads again, stopping if the change is already there. Returns the job, or none if the change
   * had already taken effect.
   */
  private async updateManifest(
    environment: ResolvedEnvironment,
    first: Manifest,
    change: (manifest: Manifest) => Manifest,
    applied: (manifest: Manifest) => boolean
  ): Promise<JobRef | undefined> {
    const { log, progress, clock } = this.deps
    const deadline = clock.now() + this.deadlineMs
    let manifest = first
    for (let attempt = 1; ; attempt++) {
      try {
        progress.environmentChanged = 'maybe'
        return await this.deps.deploy.putManifest(environment, change(manifest), deadline)
      } catch (error) {
        const retry = error instanceof ApiError && (error.notActed || error.outcomeUnknown)
        if (!retry || attempt >= MAX_PUT_ATTEMPTS) throw error
        let fresh: Manifest
        if (error.notActed) {
          const delay = error.retryAfterMs ?? backoffDelay(attempt, Math.random)
          log.info(
            `The manifest update was not accepted (${error.status ?? 'no connection'}); reading it again in ${seconds(delay)}`
          )
          await clock.sleep(delay, this.deps.signal)
          fresh = await this.deps.deploy.getManifest(environment, deadline)
        } else {
          log.warning(
            `${error.message} Reading the manifest again to see whether the update took effect.`,
            'Manifest update outcome unknown'
          )
          fresh = await this.settledManifest(environment)
        }
        if (applied(fresh)) {
          log.info('The update had taken effect; not sending it again')
          return undefined
        }
        // Never resend the manifest read before: someone may have changed it meanwhile.
        manifest = fresh
      }
    }
  }

  /** Waits for a manifest job; throws JobError naming the environment when it fails. */
  private async waitForDeployJob(environment: ResolvedEnvironment, ref: JobRef, what: string): Promise<void> {
    const job = await this.waiter.wait('deploy', ref, DEPLOY_SCOPES.read)
    if (job.status !== 'finished' || job.error) {
      throw new JobError(
        `The ${what} job ${ref.id} for environment "${environment.name}" failed: ${job.error?.message ?? `it ended as ${job.status}`}.`,
        ref.id
      )
    }
  }

  private async deployPackage(
    environment: ResolvedEnvironment,
    packageId: string
  ): Promise<{ deployJobId?: string; previousPackageId?: string }> {
    const { log, progress, clock } = this.deps
    const manifest = await this.deps.deploy.getManifest(environment, clock.now() + this.deadlineMs)
    const previousPackageId = factsOf(manifest).packageId
    progress.output('previousPackageId', previousPackageId)
    const changes = this.changes(packageId)
    if (holdsChanges(manifest, changes)) {
      log.info(
        `Environment "${environment.name}" already runs package ${packageId} with these settings; nothing to change.`
      )
      return { previousPackageId }
    }
    log.info(`The environment runs package ${previousPackageId ?? '(none)'}; setting ${packageId}`)
    const ref = await this.updateManifest(
      environment,
      manifest,
      m => withDeployChanges(m, changes),
      m => holdsChanges(m, changes)
    )
    if (!ref) {
      progress.environmentChanged = 'yes'
      return { previousPackageId }
    }
    progress.output('deployJobId', ref.id)
    log.info(`Deploy job ${ref.id} started`)
    if (!this.settings.wait) return { deployJobId: ref.id, previousPackageId }
    const started = clock.now()
    try {
      await this.waitForDeployJob(environment, ref, 'deploy')
    } catch (error) {
      if (!(error instanceof JobError)) throw error
      const now = factsOf(
        await this.deps.deploy.getManifest(environment, clock.now() + this.deadlineMs)
      ).packageId
      if (now !== previousPackageId && this.settings.rollbackOnFailure && previousPackageId) {
        throw new JobError(`${error.message} ${await this.rollback(environment, previousPackageId)}`, ref.id)
      }
      progress.environmentChanged = now === previousPackageId ? 'no' : 'yes'
      const runs = now === previousPackageId ? 'still runs' : 'now runs'
      throw new JobError(`${error.message} The environment ${runs} package ${now ?? '(none)'}.`, ref.id)
    }
    progress.environmentChanged = 'yes'
    log.info(`Deploy job finished in ${seconds(clock.now() - started)}`)
    return { deployJobId: ref.id, previousPackageId }
  }

  /** Reads the manifest until `done` holds for it; the last status shown is its container state. */
  private pollManifest(
    environment: ResolvedEnvironment,
    done: (facts: ManifestFacts) => boolean,
    onTimeout: (state: string) => Error,
    onStatus?: (state: string, elapsedMs: number) => void
  ): Promise<Manifest> {
    const { clock, signal } = this.deps
    const deadline = clock.now() + this.deadlineMs
    return waitUntil<Manifest>({
      clock,
      signal,
      deadline,
      schedule: this.deps.schedule,
      isTransient: isTransientPollError,
      poll: async () => {
        const manifest = await this.deps.deploy.getManifest(environment, deadline)
        const facts = factsOf(manifest)
        return done(facts)
          ? { done: true, value: manifest }
          : { done: false, status: facts.state ?? 'unknown' }
      },
      onStatus,
      onTimeout
    })
  }

  /** Reads the manifest once no update is processing, so what it says about packageId is final. */
  private settledManifest(environment: ResolvedEnvironment): Promise<Manifest> {
    return this.pollManifest(
      environment,
      facts => facts.state !== 'Processing',
      () =>
        new JobError(
          `The environment "${environment.name}" was still Processing an update at the deadline.`,
          ''
        )
    )
  }

  /**
   * Waits until the environment is Ready with the new package. Reads may lag the write (Kubernetes-backed
   * status is eventually consistent): a read that still shows another package, with whatever state it had
   * (a `Failed` left from an earlier deploy, a stale `Ready`), is not judged until the settle window has
   * passed. Only a read with our package can end the wait Ready or Failed. After the window, a read with another
   * package and nothing processing means another change replaced ours. Failed, or a replaced package, fails
   * the step; with rollbackOnFailure the previous package is put back first.
   */
  private async awaitReadiness(
    environment: ResolvedEnvironment,
    packageId: string,
    previousPackageId?: string
  ): Promise<{ appUrl?: string; state?: string }> {
    const { log, progress, clock } = this.deps
    const settleUntil = clock.now() + Math.min(SETTLE_WINDOW_MS, this.deadlineMs / 2)
    const settled = (): boolean => clock.now() >= settleUntil
    const final = await this.pollManifest(
      environment,
      facts =>
        facts.packageId === packageId
          ? facts.state === 'Ready' || facts.state === 'Failed' || (facts.state === undefined && settled())
          : settled() && facts.state !== 'Processing',
      state =>
        new VerificationError(
          `Environment "${environment.name}" was still ${state} at the deadline (timeoutMinutes: ${this.settings.timeoutMinutes}), not Ready with package ${packageId}.`
        ),
      (state, elapsed) => log.info(`The environment is ${state} (after ${seconds(elapsed)})`)
    )
    const facts = factsOf(final)
    progress.output('appUrl', facts.appUrl)
    progress.output('state', facts.state)
    if (facts.packageId !== packageId) {
      throw new VerificationError(
        `After the deploy, environment "${environment.name}" runs package ${facts.packageId ?? '(none)'}, not ${packageId}: ` +
          'another change replaced ours meanwhile. Check the environment history in the Mendix Portal.'
      )
    }
    if (facts.state === 'Failed') {
      const failure = `Environment "${environment.name}" has container state Failed after the deploy of package ${packageId}: check its logs in the Mendix Portal.`
      if (this.settings.rollbackOnFailure && previousPackageId) {
        throw new VerificationError(`${failure} ${await this.rollback(environment, previousPackageId)}`)
      }
      throw new VerificationError(failure)
    }
    if (facts.state === undefined) {
      log.warning(
        `Environment "${environment.name}" runs package ${packageId}, but its status has no container state, so readiness could not be checked; the deploy job itself finished.`,
        'Readiness not reported'
      )
      await this.checkHealth(environment, facts.appUrl, previousPackageId)
      return { appUrl: facts.appUrl }
    }
    log.info(
      `Environment "${environment.name}" runs package ${packageId}; state Ready${facts.appUrl ? `, ${facts.appUrl}` : ''}`
    )
    await this.checkHealth(environment, facts.appUrl, previousPackageId)
    return { appUrl: facts.appUrl, state: facts.state }
  }

  /**
   * With healthCheckPath, waits until the app answers the expected status; then, with unitTests, runs the app's
   * unit tests. A failure of either counts as a failed readiness.
   */
  private async checkHealth(
    environment: ResolvedEnvironment,
    appUrl?: string,
    previousPackageId?: string
  ): Promise<void> {
    const { healthCheckPath, healthCheckStatus, rollbackOnFailure } = this.settings
    const { clock, log, signal, unitTests } = this.deps
    if (!healthCheckPath && !unitTests) return
    if (healthCheckPath && (!appUrl || !this.deps.transport))
      throw new VerificationError('The environment has no app URL to health-check.')
    try {
      if (healthCheckPath && appUrl && this.deps.transport) {
        const url = healthUrl(appUrl, healthCheckPath, this.settings.apiUrl)
        await waitForHealth(url, healthCheckStatus, {
          transport: this.deps.transport,
          clock,
          log,
          signal,
          deadline: clock.now() + this.deadlineMs
        })
      }
      // Issue 16: failed unit tests are a VerificationError, and so roll back like a failed health check.
      await unitTests?.(appUrl, clock.now() + this.deadlineMs)
    } catch (error) {
      if (!(error instanceof VerificationError) || !rollbackOnFailure || !previousPackageId) throw error
      throw new VerificationError(`${error.message} ${await this.rollback(environment, previousPackageId)}`)
    }
  }

  /** Puts the previous package back (only packageId changes) and waits; returns a sentence on the outcome. */
  private async rollback(environment: ResolvedEnvironment, previousPackageId: string): Promise<string> {
    const { log, progress } = this.deps
    log.warning(`Rolling back environment "${environment.name}" to package ${previousPackageId}`, 'Rollback')
    try {
      const ref = await this.changeManifest(
        environment,
        'rollback',
        m => withPackageId(m, previousPackageId),
        m => factsOf(m).packageId === previousPackageId
      )
      progress.output('rolledBack', 'true')
      progress.environmentChanged = 'no'
      return `Rolled back: the environment runs package ${previousPackageId} again${ref ? ` (job ${ref.id})` : ''}.`
    } catch (error) {
      return `The rollback to package ${previousPackageId} failed too: ${error instanceof Error ? error.message : String(error)}`
    }
  }

  /**
   * Writes one change safely and waits for its job; returns the job, if one ran. Reads the manifest afresh
   * unless the caller has just read it.
   */
  private async changeManifest(
    environment: ResolvedEnvironment,
    what: string,
    change: (manifest: Manifest) => Manifest,
    applied: (manifest: Manifest) => boolean,
    justRead?: Manifest
  ): Promise<JobRef | undefined> {
    const current =
      justRead ?? (await this.deps.deploy.getManifest(environment, this.deps.clock.now() + this.deadlineMs))
    const ref = await this.updateManifest(environment, current, change, applied)
    if (ref) await this.waitForDeployJob(environment, ref, what)
    return ref
  }

  /** The documented restart: instances to 0, wait, then back to the count it had. */
  private async restart(environment: ResolvedEnvironment): Promise<void> {
    const { log, clock } = this.deps
    const current = await this.deps.deploy.getManifest(environment, clock.now() + this.deadlineMs)
    const instances = factsOf(current).instances || 1
    for (const target of [0, instances]) {
      log.info(`Setting instances to ${target}`)
      await this.changeManifest(
        environment,
        'restart',
        m => withInstances(m, target),
        m => factsOf(m).instances === target,
        // The first write starts from the manifest just read; the second must see what the first changed.
        target === 0 ? current : undefined
      )
    }
    log.info(`Restarted "${environment.name}" with ${instances} instance(s)`)
  }

  /** Deletes the oldest packages beyond `keep`, never one that any environment runs. */
  private async prunePackages(keep: number): Promise<void> {
    const { log, progress, clock } = this.deps
    const deadline = clock.now() + this.deadlineMs
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
