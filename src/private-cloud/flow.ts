/**
 * The Private Cloud build-and-deploy flow, as a person would do it by hand: find the environment, get the
 * package (package-source.ts: promote, upload, reuse or build), read the manifest, set the new package, write
 * it back, wait, and check that the environment is Ready with it. Around that: dry run, rollback, restart and
 * retention. Every manifest write goes through one safe update (never twice from the same read).
 */
import { CancelledError, InputError, JobError, VerificationError } from '../errors.js'
import { failedRollback, missingConstants, withRollback, type RollbackOutcome } from '../deploy-steps.js'
import { appUrlProblems, healthCheckUrl } from '../app-url.js'
import { waitForHealth } from '../health.js'
import type { PrivateCloudSettings } from '../inputs.js'
import { seconds } from '../logger.js'
import { Phases } from '../phases.js'
import type { FlowDeps } from './deps.js'
import { showDryRun } from './dry-run.js'
import { EnvironmentHandle, type ManifestChange } from './environment-handle.js'
import { resolveEnvironment, type ResolvedEnvironment } from './environments.js'
import { JobWaiter } from './job-waiter.js'
import { PackageSource } from './package-source.js'
import { prunePackages } from './retention.js'
import {
  factsOf,
  holdsChanges,
  holdsFieldsOf,
  knownConstants,
  withDeployChanges,
  withFieldsRestored,
  withInstances,
  type DeployChanges,
  type Manifest,
  type ManifestFacts
} from './manifest.js'
import { RolloutJudge, settleWindowMs, type Verdict } from './readiness.js'

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

/** What the deploy did to the environment, for the checks and the rollback after it. */
interface Deployed {
  deployJobId?: string
  previousPackageId?: string
  /** The manifest before this run changed it. */
  before: Manifest
  /** What the deploy changes in it. */
  changes: DeployChanges
  /** When this run's write took effect (its job finished), epoch ms; undefined when it wrote nothing. */
  changedAt?: number
  /** The write's rollout was already seen under way, before the readiness wait. */
  rolloutSeen?: boolean
}

/** Errors after the deploy job that mean the deploy failed: a rollback may put the previous version back. */
function isFailedDeploy(error: unknown): error is Error {
  return error instanceof VerificationError || error instanceof JobError
}

export class PrivateCloudFlow {
  private readonly phases: Phases
  private readonly waiter: JobWaiter
  private readonly packages: PackageSource
  /** Whether a restart wrote to the environment: its instance count is then a field to restore. */
  private restartWrote = false

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
    const { deployJobId, previousPackageId } = deployed
    if (!s.wait) {
      log.info('The deploy job was accepted; not waiting for it to finish (wait: false).')
      return { packageId, environment, buildJobId, deployJobId, previousPackageId }
    }
    log.info(`Deployed package ${packageId} to "${environment.name}" in ${this.phases.lastTime()}`)
    // Everything after the deploy job that can show the deploy failed rolls back alike, and the checks run after
    // the last change: the restart, when asked, comes first.
    const ready = await withRollback(
      async () => {
        const changedAt = s.restart
          ? await this.phases.run('restart', `Restart "${environment.name}"`, () => this.restart(handle))
          : deployed.changedAt
        return this.phases.run('readiness', undefined, () =>
          this.verifyRunning(handle, packageId, changedAt, 'deploy', !s.restart && deployed.rolloutSeen)
        )
      },
      isFailedDeploy,
      this.rollbackTo(handle, deployed)
    )
    this.leftWith(handle, `runs package ${packageId} (verified)`)
    if (s.keepPackages !== undefined) {
      const keep = s.keepPackages
      await this.phases.run('retention', `Keep the newest ${keep} packages`, () =>
        this.prunePackages(keep, packageId)
      )
    }
    return {
      packageId,
      environment,
      buildJobId,
      deployJobId,
      previousPackageId,
      appUrl: ready.appUrl,
      state: ready.state
    }
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
      // An app URL the health check or the unit tests would refuse is refused now, before anything changes.
      const problems = [
        ...(missing.names.length > 0 ? [missing.sentence] : []),
        ...appUrlProblems(factsOf(manifest).appUrl, environment.name, s),
        ...(s.restart && (s.instances ?? factsOf(manifest).instances) === 0
          ? [
              `Input 'restart': environment "${environment.name}" has 0 instances (the app is stopped), so there is nothing to restart. Remove restart, or set instances.`
            ]
          : [])
      ]
      if (problems.length > 0) throw new InputError(problems)
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

  /** The rollback to offer a failed step, when rollbackOnFailure is on. */
  private rollbackTo(
    handle: EnvironmentHandle,
    deployed: Deployed
  ): (() => Promise<RollbackOutcome>) | undefined {
    if (!this.settings.rollbackOnFailure) return undefined
    return () => this.rollback(handle, deployed)
  }

  private async deployPackage(handle: EnvironmentHandle, packageId: string): Promise<Deployed> {
    const { log, progress, clock } = this.deps
    const before = await handle.read()
    const previousPackageId = factsOf(before).packageId
    progress.output('previousPackageId', previousPackageId)
    const change = this.deployChange(packageId)
    const deployed: Deployed = { previousPackageId, before, changes: change.changes }
    if (change.applied(before)) {
      log.info(
        `Environment "${handle.name}" already runs package ${packageId} with these settings; nothing to change.`
      )
      return deployed
    }
    log.info(`The environment runs package ${previousPackageId ?? '(none)'}; setting ${packageId}`)
    const ref = await handle.update(before, change)
    if (!ref) {
      progress.environmentChanged = 'yes'
      this.leftWith(handle, `holds package ${packageId}; it was not verified that it runs`)
      // The reply to the PUT was lost, so there is no job to wait for: the reads that found the change in effect
      // waited until nothing was Processing, and what they saw of its rollout counts (docs/assumptions.md, item 3).
      return { ...deployed, changedAt: clock.now(), rolloutSeen: handle.rolloutSeenWhileSettling }
    }
    progress.output('deployJobId', ref.id)
    log.info(`Deploy job ${ref.id} started`)
    if (!this.settings.wait) return { ...deployed, deployJobId: ref.id }
    const started = clock.now()
    try {
      await handle.waitForJob(ref, 'deploy')
    } catch (error) {
      if (!(error instanceof JobError)) throw error
      // The job failed or its wait ran out: what it left is read, not assumed.
      const rollback = this.rollbackTo(handle, { ...deployed, changedAt: clock.now() })
      error.message += ` ${rollback ? (await rollback()).sentence : await this.describeAfterFailedJob(handle, deployed)}`
      throw error
    }
    progress.environmentChanged = 'yes'
    this.leftWith(
      handle,
      `holds package ${packageId} (deploy job ${ref.id}); it was not verified that it runs`
    )
    log.info(`Deploy job finished in ${seconds(clock.now() - started)}`)
    return { ...deployed, deployJobId: ref.id, changedAt: clock.now() }
  }

  /** Without a rollback: what a failed deploy job left, from a fresh read. */
  private async describeAfterFailedJob(handle: EnvironmentHandle, deployed: Deployed): Promise<string> {
    const { progress } = this.deps
    try {
      const now = await handle.read()
      const unchanged = holdsFieldsOf(now, deployed.before, deployed.changes)
      progress.environmentChanged = unchanged ? 'no' : 'yes'
      const packageId = factsOf(now).packageId ?? '(none)'
      const sentence = unchanged
        ? `The environment still holds package ${packageId} and the settings it had.`
        : `The environment now holds package ${packageId}.`
      this.leftWith(
        handle,
        unchanged
          ? `still holds package ${packageId} and the settings it had`
          : `holds package ${packageId}; it was not verified that it runs`
      )
      return sentence
    } catch {
      return 'What the environment holds now could not be read: check it in the Mendix Portal.'
    }
  }

  /**
   * Waits with the one readiness rule (readiness.ts) until the environment runs `packageId`, then checks its
   * health and, after a deploy, runs the unit tests. `changedAt` is when this step's last write finished
   * (undefined: it wrote nothing). Failed, the deadline, a failed health check and failed unit tests are
   * VerificationErrors: a failed deploy, rolled back with rollbackOnFailure.
   */
  private async verifyRunning(
    handle: EnvironmentHandle,
    packageId: string,
    changedAt: number | undefined,
    after: 'deploy' | 'rollback',
    rolloutSeen = false
  ): Promise<{ appUrl?: string; state?: string; manifest: Manifest }> {
    const { log, progress, clock } = this.deps
    const manifest = await this.awaitRollout(handle, packageId, changedAt, rolloutSeen)
    const facts = factsOf(manifest)
    if (after === 'deploy') {
      progress.output('appUrl', facts.appUrl)
      progress.output('state', facts.state)
    }
    if (facts.state === 'Failed') {
      throw new VerificationError(
        `Environment "${handle.name}" has container state Failed after the ${after} of package ${packageId}: check its logs in the Mendix Portal.`
      )
    }
    // instances: 0 asks for the package with the app stopped: Ready then means no instance runs, as asked.
    const holds = facts.instances === 0 ? 'holds package' : 'runs package'
    const stopped = facts.instances === 0 ? ' with no instance running (instances: 0)' : ''
    log.info(
      `Environment "${handle.name}" ${holds} ${packageId}${stopped}; state Ready${facts.appUrl ? `, ${facts.appUrl}` : ''} (${seconds(Math.max(0, clock.now() - (changedAt ?? clock.now())))} after the ${after})`
    )
    await this.checkHealth(facts.appUrl)
    // Failed unit tests are a VerificationError too, so they roll back like a failed health check.
    if (after === 'deploy') await this.deps.unitTests?.(facts.appUrl, this.deps.timeout.deadline())
    return { appUrl: facts.appUrl, state: facts.state, manifest }
  }

  /** Reads the manifest until the readiness rule ends the wait for `packageId`; returns the last read. */
  private async awaitRollout(
    handle: EnvironmentHandle,
    packageId: string,
    changedAt: number | undefined,
    rolloutSeen: boolean
  ): Promise<Manifest> {
    const { log } = this.deps
    const window = settleWindowMs(this.deps.timeout.ms)
    const judge = new RolloutJudge(
      packageId,
      changedAt === undefined ? undefined : changedAt + window,
      rolloutSeen
    )
    const last: { verdict: Verdict; facts?: ManifestFacts } = { verdict: { kind: 'wait' } }
    const final = await handle.waitFor(
      facts => {
        last.facts = facts
        last.verdict = judge.judge(facts, this.deps.clock.now())
        return last.verdict.kind !== 'wait'
      },
      state =>
        new VerificationError(
          last.facts?.packageId === packageId && (state === 'Ready' || state === 'Failed')
            ? `Environment "${handle.name}" showed ${state} with package ${packageId} only inside the settle window, where it may still describe the old pods, and the deadline came first (timeoutMinutes: ${this.settings.timeoutMinutes}): whether the package runs was not seen.`
            : `Environment "${handle.name}" was still ${state} at the deadline (timeoutMinutes: ${this.settings.timeoutMinutes}), not seen Ready with package ${packageId}.`
        ),
      (state, elapsed) => log.info(`The environment is ${state} (after ${seconds(elapsed)})`)
    )
    const facts = factsOf(final)
    if (last.verdict.kind === 'replaced') {
      throw new Error(
        `Environment "${handle.name}" runs package ${facts.packageId ?? '(none)'}, not ${packageId}: ` +
          'another change replaced ours meanwhile, so nothing is rolled back. Check the environment history in the Mendix Portal.'
      )
    }
    if (last.verdict.kind === 'no-state') {
      throw new Error(
        `Environment "${handle.name}" holds package ${packageId}, but its status reports no container state, so whether it runs cannot be told. ` +
          'Check the environment in the Mendix Portal.'
      )
    }
    return final
  }

  /**
   * With healthCheckPath, waits until the app answers the expected status; throws VerificationError if not. An
   * app URL refused now (it changed since findEnvironments) is an AppUrlRefusedError: no failed deploy, no rollback.
   */
  private async checkHealth(appUrl?: string): Promise<void> {
    const { healthCheckPath, healthCheckStatus } = this.settings
    const { clock, log, signal, transport } = this.deps
    if (!healthCheckPath) return
    if (!transport) throw new Error('The health check has no transport to call the app with.')
    const url = healthCheckUrl(appUrl, healthCheckPath, this.settings.apiUrl)
    await waitForHealth(url, healthCheckStatus, {
      transport,
      clock,
      log,
      signal,
      deadline: this.deps.timeout.deadline()
    })
  }

  /**
   * Puts back every field the deploy changed, as it was before (package, instances, constants, environment
   * variables), waits for the job and proves with the readiness rule (and the health check) that the previous
   * package runs again; only then is `rolledBack` true. Says how that went, in one sentence.
   */
  private async rollback(handle: EnvironmentHandle, deployed: Deployed): Promise<RollbackOutcome> {
    const { log, progress, clock } = this.deps
    const previous = factsOf(deployed.before).packageId
    if (!previous) {
      return {
        ok: false,
        sentence: `Nothing to roll back to: environment "${handle.name}" had no package before this run.`
      }
    }
    if (deployed.changedAt === undefined && !this.restartWrote) {
      return {
        ok: false,
        sentence: `Nothing to roll back: this run changed nothing in environment "${handle.name}", which already had package ${previous} with these settings.`
      }
    }
    this.deps.timeout.useReserve()
    const phase = progress.phase
    try {
      return await this.phases.run(
        'rollback',
        `Roll back "${handle.name}" to package ${previous}`,
        async () => {
          const restore: ManifestChange = {
            apply: m => withFieldsRestored(m, deployed.before, deployed.changes),
            applied: m => holdsFieldsOf(m, deployed.before, deployed.changes)
          }
          const current = await handle.read()
          if (restore.applied(current) && factsOf(current).state !== 'Failed') {
            progress.environmentChanged = 'no'
            this.leftWith(handle, `still holds package ${previous} and the settings it had`)
            return {
              ok: false,
              sentence: `Nothing to roll back: environment "${handle.name}" still has package ${previous} and the settings it had.`
            }
          }
          log.warning(
            `Rolling back environment "${handle.name}" to package ${previous} and the settings it had`,
            'Rollback'
          )
          const ref = await handle.change('rollback', restore, current)
          this.leftWith(
            handle,
            `was rolled back to package ${previous}${ref ? ` (job ${ref.id})` : ''}; it was not verified that it runs`
          )
          const verified = await this.verifyRunning(handle, previous, clock.now(), 'rollback')
          if (!restore.applied(verified.manifest)) {
            throw new VerificationError(
              `Environment "${handle.name}" runs package ${previous} again, but no longer holds the settings it had before this run (instances, constants or environment variables): check them in the Mendix Portal.`
            )
          }
          progress.output('rolledBack', 'true')
          progress.environmentChanged = 'no'
          this.leftWith(
            handle,
            `was rolled back: it runs package ${previous} again, with the settings it had (verified)`
          )
          return {
            ok: true,
            sentence: `Rolled back: the environment runs package ${previous} again, with the settings it had${ref ? ` (job ${ref.id})` : ''}; verified Ready${this.settings.healthCheckPath ? ' and healthy' : ''}.`
          }
        }
      )
    } catch (error) {
      if (error instanceof CancelledError) throw error
      return failedRollback(previous, error)
    } finally {
      progress.phase = phase
    }
  }

  /**
   * The documented restart: instances to 0, wait, then back to the count it had. Returns when the last write's
   * job finished, for the readiness rule.
   */
  private async restart(handle: EnvironmentHandle): Promise<number> {
    const { log, clock } = this.deps
    const current = await handle.read()
    const instances = factsOf(current).instances || 1
    for (const target of [0, instances]) {
      log.info(`Setting instances to ${target}`)
      this.restartWrote = true
      await handle.change(
        'restart',
        { apply: m => withInstances(m, target), applied: m => factsOf(m).instances === target },
        // The first write starts from the manifest just read; the second must see what the first changed.
        target === 0 ? current : undefined
      )
    }
    log.info(`Restarted "${handle.name}" with ${instances} instance(s); checking that it runs`)
    return clock.now()
  }

  /** Says, for a stopped step's last lines and summary, what the environment was left with. */
  private leftWith(handle: EnvironmentHandle, what: string): void {
    this.deps.progress.environmentNote = `Environment "${handle.name}" ${what}.`
  }

  /** Retention (retention.ts): deletes the oldest packages beyond `keep` and waits; its failures are warnings. */
  private async prunePackages(keep: number, deployedPackageId: string): Promise<void> {
    await prunePackages({ ...this.deps, waiter: this.waiter }, keep, deployedPackageId)
  }
}
