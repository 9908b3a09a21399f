/**
 * The classic Mendix Cloud flow, in the order a careful person follows: check the environment and the
 * constants, build and wait, back up (optional) and wait, stop, transport, set constants, start with
 * AutoSyncDb, and wait until the app runs. Nothing is stopped before the build and the backup succeeded.
 */
import { backoffDelay, type Clock } from '../clock.js'
import { InputError, JobError } from '../errors.js'
import { ApiError } from '../http.js'
import type { MendixCloudSettings } from '../inputs.js'
import { seconds, type Logger } from '../logger.js'
import { Phases } from '../phases.js'
import type { Progress } from '../progress.js'
import { waitUntil, type PollSchedule, type PollResult } from '../wait.js'
import { type CloudEnvironment, type MendixCloudApi } from './api.js'
import { startAdvice } from './start-errors.js'

export interface MendixCloudDeps {
  api: MendixCloudApi
  clock: Clock
  log: Logger
  progress: Progress
  signal?: AbortSignal
  schedule?: PollSchedule
}

export interface MendixCloudResult {
  packageId: string
  environmentName: string
  appUrl?: string
}

/** Build statuses that mean "not yet" (Build API v1). */
const BUILDING = new Set(['Queued', 'Building', 'Uploading'])

function isTransient(error: unknown): boolean {
  return (
    error instanceof ApiError && (error.status === undefined || error.status === 429 || error.status >= 502)
  )
}

export class MendixCloudFlow {
  private readonly deadlineMs: number
  private readonly phases: Phases

  constructor(
    private readonly settings: MendixCloudSettings,
    private readonly deps: MendixCloudDeps
  ) {
    this.deadlineMs = settings.timeoutMinutes * 60_000
    this.phases = new Phases(deps)
  }

  private deadline(): number {
    return this.deps.clock.now() + this.deadlineMs
  }

  /** Waits with the shared wait loop, failing at the deadline with a message naming what was waited for. */
  private waitFor<T>(what: string, poll: () => Promise<PollResult<T>>, transient = isTransient): Promise<T> {
    const { clock, log, signal } = this.deps
    return waitUntil({
      clock,
      signal,
      deadline: this.deadline(),
      schedule: this.deps.schedule,
      isTransient: transient,
      poll,
      onStatus: (status, elapsed) => log.info(`${what}: ${status} (after ${seconds(elapsed)})`),
      onTimeout: (status, elapsed) =>
        new JobError(
          `Gave up waiting for ${what} after ${seconds(elapsed)} (timeoutMinutes: ${this.settings.timeoutMinutes}); it was still ${status}.`,
          ''
        )
    })
  }

  async run(): Promise<MendixCloudResult> {
    const { log, progress } = this.deps
    const s = this.settings
    const mode = s.environment

    const { projectId, environment } = await this.phases.run('resolve', undefined, () => this.resolve())
    progress.output('environmentId', environment.EnvironmentId)
    log.info(
      `Environment ${environment.Mode} of app ${s.appId}: ${environment.Status}${environment.Url ? `, ${environment.Url}` : ''}`
    )

    const reused = await this.reusable()
    const previous = await this.deps.api.environmentPackage(mode, this.deadline())
    progress.output('previousPackageId', previous?.PackageId)
    if (s.dryRun) {
      await this.phases.run('dry run', 'Dry run: what the deploy would do', () =>
        this.dryRun(environment, reused)
      )
      return { packageId: reused ?? '', environmentName: mode, appUrl: environment.Url }
    }
    const packageId = reused ?? (await this.buildNew())
    if (previous?.PackageId === packageId && environment.Status === 'Running' && s.constants.length === 0) {
      log.info(`The ${mode} environment already runs package ${packageId}; nothing to change.`)
      progress.output('appUrl', environment.Url)
      progress.output('state', environment.Status)
      return { packageId, environmentName: mode, appUrl: environment.Url }
    }

    if (s.backup) {
      if (!environment.EnvironmentId)
        throw new Error(`The ${mode} environment has no EnvironmentId, so it cannot be backed up.`)
      const snapshotId = await this.phases.run('backup', `Back up the ${mode} environment`, () =>
        this.backup(projectId, environment.EnvironmentId!, packageId)
      )
      log.info(`Backed up the ${mode} environment: snapshot ${snapshotId} (${this.phases.lastTime()})`)
    }

    try {
      await this.phases.run('deploy', `Deploy package ${packageId} to ${mode}`, () =>
        this.deploy(environment, packageId)
      )
    } catch (error) {
      const failedStart = error instanceof JobError && this.deps.progress.outputs.startJobId !== undefined
      if (!failedStart || !s.rollbackOnFailure || !previous || previous.PackageId === packageId) throw error
      throw new JobError(`${error.message} ${await this.rollback(previous.PackageId)}`, error.jobId)
    }
    log.info(
      `Deployed package ${packageId} to ${mode}; ${s.wait ? 'the app runs' : 'its start was accepted'} (${this.phases.lastTime()})`
    )
    const after = await this.deps.api.getEnvironment(mode, this.deadline())
    progress.output('appUrl', after.Url)
    progress.output('state', after.Status)
    return { packageId, environmentName: mode, appUrl: after.Url }
  }

  /** Lists, without changing anything, what the deploy would do. */
  private async dryRun(environment: CloudEnvironment, reused?: string): Promise<void> {
    const { api, log, progress } = this.deps
    const s = this.settings
    const mode = s.environment
    const lines = [
      reused
        ? `reuse package ${reused} (no build)`
        : `build ${s.branch}@${s.revision} as version ${s.version}`,
      ...(s.backup ? [`back up the ${mode} environment`] : []),
      environment.Status === 'Running'
        ? `stop the ${mode} environment (now Running)`
        : `no stop (the environment is ${environment.Status})`,
      `transport ${reused ?? 'the new package'}`
    ]
    if (s.constants.length > 0) {
      const current = (await api.getSettings(mode, this.deadline())).Constants ?? []
      for (const constant of s.constants) {
        const before = current.find(c => c.Name === constant.name)?.Value
        const shown = (value?: string) => (constant.secret ? '***' : JSON.stringify(value))
        lines.push(`set constant ${constant.name}: ${shown(before)} -> ${shown(constant.value)}`)
      }
    }
    lines.push(`start with AutoSyncDb ${s.autoSyncDb}`)
    lines.forEach(line => log.info(line))
    progress.sections.push({ title: `Dry run: the steps for the ${mode} environment`, lines })
    log.info('Dry run: nothing was built, and nothing was changed.')
  }

  /** After a failed start: transport the previous package, start it and wait; returns a sentence on the outcome. */
  private async rollback(previousPackageId: string): Promise<string> {
    const { api, log, progress } = this.deps
    const mode = this.settings.environment
    log.warning(`Rolling back the ${mode} environment to package ${previousPackageId}`, 'Rollback')
    try {
      await this.transport(mode, previousPackageId)
      const started = await api.start(mode, this.settings.autoSyncDb, this.deadline())
      if (started !== 'already-started') {
        await this.awaitStart(mode, started)
      }
      progress.output('rolledBack', 'true')
      progress.environmentChanged = 'no'
      return `Rolled back: the environment runs package ${previousPackageId} again.`
    } catch (error) {
      return `The rollback to package ${previousPackageId} failed too: ${error instanceof Error ? error.message : String(error)}`
    }
  }

  /** Polls a start job until `Started`; a failed start arrives as an ApiError with the documented code. */
  private async awaitStart(mode: string, jobId: string): Promise<void> {
    await this.waitFor(`Start job ${jobId}`, async () => {
      const status = await this.deps.api.startStatus(mode, jobId, this.deadline())
      return status === 'Started' ? { done: true, value: status } : { done: false, status }
    })
  }

  /** A package built earlier from the same branch, revision and version, when reuse is on. */
  private async reusable(): Promise<string | undefined> {
    const { api, log, progress } = this.deps
    if (!this.settings.reuse) return undefined
    const found = (await api.listPackages(this.deadline())).find(
      p => p.Status === 'Succeeded' && p.Description?.includes(this.settings.buildIdentity)
    )
    if (!found) return undefined
    progress.output('packageId', found.PackageId)
    progress.output('reused', 'true')
    log.info(
      `Reusing package ${found.PackageId}, built earlier from ${this.settings.branch}@${this.settings.revision}; nothing is built`
    )
    return found.PackageId
  }

  private async buildNew(): Promise<string> {
    const s = this.settings
    this.deps.progress.output('reused', 'false')
    const packageId = await this.phases.run(
      'build',
      `Build ${s.branch}@${s.revision} as version ${s.version}`,
      () => this.build()
    )
    this.deps.log.info(`Built package ${packageId} in ${this.phases.lastTime()}`)
    return packageId
  }

  /** The app's project id and the environment; unknown constant names fail here, before anything is built. */
  private async resolve(): Promise<{ projectId: string; environment: CloudEnvironment }> {
    const { api } = this.deps
    const app = await api.getApp(this.deadline())
    const environment = await api.getEnvironment(this.settings.environment, this.deadline())
    if (this.settings.constants.length > 0) {
      const known = (await api.getSettings(this.settings.environment, this.deadline())).Constants ?? []
      const unknown = this.settings.constants.filter(c => !known.some(k => k.Name === c.name))
      if (unknown.length > 0) {
        throw new InputError([
          `Input 'constants': ${unknown.map(c => c.name).join(', ')} not found in the ${this.settings.environment} environment. ` +
            `Its constants: ${known.map(k => k.Name).join(', ') || '(none)'}.`
        ])
      }
    }
    return { projectId: app.ProjectId, environment }
  }

  private async build(): Promise<string> {
    const { api, log, progress } = this.deps
    const s = this.settings
    let packageId: string
    try {
      packageId = await api.startBuild(
        { Branch: s.branch, Revision: s.revision, Version: s.version, Description: s.description },
        this.deadline()
      )
    } catch (error) {
      if (!(error instanceof ApiError) || !error.outcomeUnknown) throw error
      log.warning(
        `${error.message} Looking for a package this run built, by its marker ${s.runMarker}.`,
        'Build request outcome unknown'
      )
      const found = (await api.listPackages(this.deadline()).catch(() => [])).find(p =>
        p.Description?.includes(s.runMarker)
      )
      if (!found) {
        throw new JobError(
          `${error.message} A build may have started all the same and could not be found yet. Before re-running, look in the ` +
            `Mendix Portal (the app's deployment packages) for a package whose description contains "${s.runMarker}"; ` +
            'not sending the request again, so that this run does not build twice.',
          ''
        )
      }
      packageId = found.PackageId
    }
    progress.output('packageId', packageId)
    log.info(`Package ${packageId} is building`)
    const status = await this.waitFor(`Package ${packageId}`, async () => {
      const pkg = await api.getPackage(packageId, this.deadline())
      return BUILDING.has(pkg.Status)
        ? { done: false, status: pkg.Status }
        : { done: true, value: pkg.Status }
    })
    if (status !== 'Succeeded') {
      throw new JobError(
        `The build of ${s.branch}@${s.revision} failed: package ${packageId} ended as ${status}. See its build output in the Mendix Portal. Nothing was changed.`,
        packageId
      )
    }
    return packageId
  }

  /** Takes a snapshot and waits for it; a failed backup stops the deploy before anything is changed. */
  private async backup(projectId: string, environmentId: string, packageId: string): Promise<string> {
    const { api, log, progress } = this.deps
    const comment = `Before deploying package ${packageId} ${this.settings.runMarker}`
    let snapshotId: string
    try {
      snapshotId = (await api.createSnapshot(projectId, environmentId, comment, this.deadline())).snapshot_id
    } catch (error) {
      if (!(error instanceof ApiError) || !error.outcomeUnknown) throw error
      const found = (await api.listSnapshots(projectId, environmentId, this.deadline())).find(
        x => x.comment === comment
      )
      if (!found)
        throw new JobError(
          `${error.message} Could not tell whether a backup started; nothing was stopped or changed.`,
          ''
        )
      snapshotId = found.snapshot_id
    }
    progress.output('snapshotId', snapshotId)
    log.info(`Snapshot ${snapshotId} requested`)
    const snapshot = await this.waitFor(`Backup ${snapshotId}`, async () => {
      const current = await api.getSnapshot(projectId, environmentId, snapshotId, this.deadline())
      return current.state === 'completed' || current.state === 'failed'
        ? { done: true, value: current }
        : { done: false, status: current.state }
    })
    if (snapshot.state !== 'completed') {
      throw new JobError(
        `The backup (snapshot ${snapshotId}) of the ${this.settings.environment} environment failed: ${snapshot.status_message || 'no reason given'}. ` +
          'Nothing was stopped or changed; the environment still runs its previous package.',
        snapshotId
      )
    }
    return snapshotId
  }

  private async deploy(environment: CloudEnvironment, packageId: string): Promise<void> {
    const { api, log, progress } = this.deps
    const mode = this.settings.environment
    if (environment.Status === 'Running') {
      log.info(`Stopping the ${mode} environment`)
      progress.environmentChanged = 'maybe'
      await api.stop(mode, this.deadline())
      await this.waitFor(`The ${mode} environment`, async () => {
        const current = await api.getEnvironment(mode, this.deadline())
        return current.Status === 'Running'
          ? { done: false, status: 'stopping' }
          : { done: true, value: current }
      })
    } else {
      log.info(`The ${mode} environment is ${environment.Status}; no need to stop it`)
    }

    await this.transport(mode, packageId)
    progress.environmentChanged = 'yes'
    if (this.settings.constants.length > 0) await this.applyConstants(mode)
    await this.start(mode, packageId)
  }

  /** Transports the package, waiting out the 503 the service answers while it still processes a new package. */
  private async transport(mode: string, packageId: string): Promise<void> {
    const { api, log, clock, signal } = this.deps
    const deadline = this.deadline()
    log.info(`Transporting package ${packageId}`)
    for (let attempt = 0; ; attempt++) {
      try {
        return await api.transport(mode, packageId, deadline)
      } catch (error) {
        const processing = error instanceof ApiError && error.status === 503
        if (!processing || clock.now() > deadline) throw error
        const delay = error.retryAfterMs ?? Math.max(1000, backoffDelay(attempt, Math.random))
        log.info(`The package is still being processed; trying the transport again in ${seconds(delay)}`)
        await clock.sleep(delay, signal)
      }
    }
  }

  private async applyConstants(mode: string): Promise<void> {
    const { api, log } = this.deps
    const settings = await api.getSettings(mode, this.deadline())
    for (const constant of this.settings.constants) {
      const target = settings.Constants?.find(c => c.Name === constant.name)
      if (target) target.Value = constant.value
    }
    await api.setSettings(mode, settings, this.deadline())
    log.info(
      `Set ${this.settings.constants.length} constant(s): ${this.settings.constants.map(c => c.name).join(', ')}`
    )
  }

  private async start(mode: string, packageId: string): Promise<void> {
    const { api, log, progress } = this.deps
    const started = await api.start(mode, this.settings.autoSyncDb, this.deadline())
    if (started === 'already-started') {
      log.warning(
        `The ${mode} environment was already running when the action started it: someone else started it meanwhile.`,
        'Already started'
      )
      return
    }
    progress.output('startJobId', started)
    log.info(`Start job ${started} (AutoSyncDb: ${this.settings.autoSyncDb})`)
    if (!this.settings.wait) {
      log.info('The start was accepted; not waiting for the app to run (wait: false).')
      return
    }
    progress.jobStarted({ kind: 'start', id: started, url: api.startJobUrl(mode, started) })
    try {
      await this.awaitStart(mode, started)
    } catch (error) {
      if (
        !(error instanceof ApiError) ||
        error.status === undefined ||
        error.status < 500 ||
        isTransient(error)
      )
        throw error
      progress.jobEnded(started)
      throw new JobError(
        `The ${mode} environment did not start with package ${packageId}: ${error.serviceMessage ?? error.message} ` +
          `${startAdvice(error.serviceCode)} The environment is stopped with the new package.`,
        started
      )
    }
    progress.jobEnded(started)
  }
}
