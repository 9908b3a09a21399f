/**
 * The classic Mendix Cloud flow, in the order a careful person follows: check the environment, build (or
 * upload) and wait, back up (optional) and wait, stop, transport, check and set constants, start with
 * AutoSyncDb, and wait until the app runs. Nothing is stopped before the package and the backup are ready, and
 * an error after the stop says that the environment is stopped and how to start it.
 */
import { backoffDelay } from '../clock.js'
import type { Deadline } from '../deadline.js'
import {
  announceReuse,
  failedRollback,
  missingConstants,
  recoverUnknownBuild,
  withRollback,
  type RollbackOutcome
} from '../deploy-steps.js'
import { appUrlProblems } from '../app-url.js'
import { CancelledError, InputError, JobError, VerificationError, messageOf } from '../errors.js'
import { ApiError, isTransientPollError } from '../http.js'
import type { MendixCloudSettings, PackageFile } from '../inputs.js'
import { seconds } from '../logger.js'
import { planJob } from '../job-history.js'
import { Phases } from '../phases.js'
import type { StepDeps } from '../step-deps.js'
import type { Outcome } from '../target.js'
import { waitUntil, type PollResult } from '../wait.js'
import { type CloudEnvironment, type CloudUpload, type MendixCloudApi } from './api.js'
import { startAdvice } from './start-errors.js'

export interface MendixCloudDeps extends StepDeps {
  api: MendixCloudApi
}

/** Build statuses that mean "not yet" (Build API v1). */
const BUILDING = new Set(['Queued', 'Building', 'Uploading'])
/** The statuses that end a v2 job; `Queued`, `Running` and any other mean "not yet" (Deploy API v2). */
const UPLOAD_ENDED = new Set(['Completed', 'Failed'])
/** The Deploy API v2 takes no file over 1 GB. */
const UPLOAD_LIMIT_BYTES = 1024 ** 3

/**
 * What the deploy has done to the environment so far, for an error to say: nothing, a stop sent but not seen to
 * take effect, stopped with the previous or the new package, a start accepted, or unknown.
 */
type EnvironmentLeft =
  | 'untouched'
  | 'stop-sent'
  | 'stopped-previous'
  | 'stopped-new'
  | 'start-accepted'
  | 'rolled-back'
  | 'unknown'

export class MendixCloudFlow {
  private readonly phases: Phases
  private left: EnvironmentLeft = 'untouched'
  /** The start job, once the service accepted the start: a failure after it is a failed start. */
  private startJobId?: string

  constructor(
    private readonly settings: MendixCloudSettings,
    private readonly deps: MendixCloudDeps
  ) {
    this.phases = new Phases(deps)
  }

  private deadline(): Deadline {
    return this.deps.timeout.deadline()
  }

  /**
   * Waits with the shared wait loop, failing at the deadline with a message naming what was waited for. A build
   * or a start (`kind`) is predicted from earlier ones (issue 14, job-history.ts): polls are sparse until near its end.
   */
  private async waitFor<T>(
    what: string,
    poll: () => Promise<PollResult<T>>,
    kind?: 'build' | 'start'
  ): Promise<T> {
    const { clock, log, signal } = this.deps
    const plan = await planJob<T>(this.deps, kind, v => v === 'Succeeded' || v === 'Started')
    return waitUntil({
      ...plan,
      clock,
      signal,
      deadline: this.deadline(),
      schedule: this.deps.schedule,
      isTransient: isTransientPollError,
      poll,
      onStatus: (status, elapsed) => log.info(`${what}: ${status} (after ${seconds(elapsed)})`),
      onTimeout: (status, elapsed) =>
        new JobError(
          `Gave up waiting for ${what} after ${seconds(elapsed)} (timeoutMinutes: ${this.settings.timeoutMinutes}); it was still ${status}.`,
          ''
        )
    })
  }

  async run(): Promise<Outcome> {
    const { log, progress } = this.deps
    const s = this.settings
    const mode = s.environment
    const file = s.packageFile
    if (file && file.size > UPLOAD_LIMIT_BYTES) {
      throw new InputError([
        `Input 'packageFile': ${file.name} is ${file.size} bytes; the Deploy API v2 uploads at most 1 GB (${UPLOAD_LIMIT_BYTES} bytes).`
      ])
    }

    const { projectId, environment } = await this.phases.run('resolve', undefined, () => this.resolve())
    progress.output('environmentId', environment.EnvironmentId)
    log.info(
      `Environment ${environment.Mode} of app ${s.appId}: ${environment.Status}${environment.Url ? `, ${environment.Url}` : ''}`
    )

    const reused = file ? undefined : await this.reusable()
    const previous = await this.deps.api.environmentPackage(mode, this.deadline())
    progress.output('previousPackageId', previous?.PackageId)
    if (s.dryRun) {
      await this.phases.run('dry run', 'Dry run: what the deploy would do', () =>
        this.dryRun(environment, reused)
      )
      return { packageId: reused ?? '', environmentName: mode, appUrl: environment.Url }
    }
    const packageId = file ? await this.uploadNew(file) : (reused ?? (await this.buildNew()))
    if (previous?.PackageId === packageId && environment.Status === 'Running' && s.constants.length === 0) {
      log.info(`The ${mode} environment already runs package ${packageId}; nothing to change.`)
      progress.output('appUrl', environment.Url)
      progress.output('state', environment.Status)
      // Issue 16: nothing changed, so nothing to roll back; the tests still check what runs.
      await this.deps.unitTests?.(environment.Url, this.deadline())
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

    const previousId = previous?.PackageId
    const canRollBack = s.rollbackOnFailure && previousId !== undefined && previousId !== packageId
    try {
      await withRollback(
        () =>
          this.phases.run('deploy', `Deploy package ${packageId} to ${mode}`, () =>
            this.deploy(environment, packageId)
          ),
        (error): error is JobError => error instanceof JobError && this.startJobId !== undefined,
        canRollBack ? () => this.rollback(previousId) : undefined
      )
    } catch (error) {
      throw this.withStoppedNote(error, previousId)
    }
    log.info(
      `Deployed package ${packageId} to ${mode}; ${s.wait ? 'the app runs' : 'its start was accepted'} (${this.phases.lastTime()})`
    )
    const after = await this.deps.api.getEnvironment(mode, this.deadline())
    progress.output('appUrl', after.Url)
    progress.output('state', after.Status)
    await this.runUnitTests(after.Url, packageId, previous?.PackageId)
    return { packageId, environmentName: mode, appUrl: after.Url }
  }

  /**
   * With unitTests, runs the app's unit tests once it runs. Failed tests count as a failed deploy: with
   * rollbackOnFailure the environment is stopped and the previous package put back and started.
   */
  private async runUnitTests(
    appUrl: string | undefined,
    packageId: string,
    previousId?: string
  ): Promise<void> {
    const unitTests = this.deps.unitTests
    if (!unitTests) return
    const canRollBack =
      this.settings.rollbackOnFailure && previousId !== undefined && previousId !== packageId
    await withRollback(
      () => unitTests(appUrl, this.deadline()),
      (error): error is VerificationError => error instanceof VerificationError,
      canRollBack ? () => this.rollbackRunning(previousId) : undefined
    )
  }

  /** Stops the running environment, then rolls back; says how that went, and how the environment is left. */
  private async rollbackRunning(previousId: string): Promise<RollbackOutcome> {
    const mode = this.settings.environment
    this.deps.timeout.useReserve()
    this.deps.log.info(`Stopping the ${mode} environment to put package ${previousId} back`)
    try {
      await this.stopEnvironment(mode)
    } catch (error) {
      const reason = messageOf(error)
      return {
        ok: false,
        sentence: `The rollback to package ${previousId} failed too: the environment could not be stopped: ${reason} ${this.stoppedNote(previousId)}`
      }
    }
    this.left = 'stopped-new'
    const rollback = await this.rollback(previousId)
    return rollback.ok
      ? rollback
      : { ok: false, sentence: `${rollback.sentence} ${this.stoppedNote(previousId)}` }
  }

  /** Lists, without changing anything, what the deploy would do. */
  private async dryRun(environment: CloudEnvironment, reused?: string): Promise<void> {
    const { api, log, progress } = this.deps
    const s = this.settings
    const mode = s.environment
    const lines = [
      s.packageFile
        ? `upload ${s.packageFile.name} (${s.packageFile.size} bytes) through the v2 upload (no build)`
        : reused
          ? `reuse package ${reused} (no build)`
          : `build ${s.branch}@${s.revision} as version ${s.packageVersion}`,
      ...(s.backup ? [`back up the ${mode} environment`] : []),
      environment.Status === 'Running'
        ? `stop the ${mode} environment (now Running)`
        : `no stop (the environment is ${environment.Status})`,
      `transport ${reused ?? 'the new package'}`
    ]
    if (s.constants.length > 0) {
      const current = (await api.getSettings(mode, this.deadline())).Constants ?? []
      for (const constant of s.constants) {
        const before = current.find(c => c.Name === constant.name)
        const shown = (value: string) => (constant.secret ? '***' : JSON.stringify(value))
        lines.push(
          before
            ? `set constant ${constant.name}: ${shown(before.Value)} -> ${shown(constant.value)}`
            : `set constant ${constant.name} (not in the environment yet: the package must bring it) to ${shown(constant.value)}`
        )
      }
    }
    lines.push(`start with AutoSyncDb ${s.autoSyncDb}`)
    lines.forEach(line => log.info(line))
    progress.sections.push({ title: `Dry run: the steps for the ${mode} environment`, lines })
    log.info('Dry run: nothing was built, and nothing was changed.')
  }

  /** A failed deploy's error, with a sentence when the environment is left stopped: what it holds, how to start it. */
  private withStoppedNote(error: unknown, previousId?: string): unknown {
    if (!(error instanceof Error) || error instanceof CancelledError) return error
    const note = this.stoppedNote(previousId)
    if (note) error.message = `${error.message} ${note}`
    return error
  }

  /** When the deploy stopped the environment or left it stopped: what it holds now, and how to start it. */
  private stoppedNote(previousId?: string): string {
    const state = {
      untouched: undefined,
      'start-accepted': undefined,
      'rolled-back': undefined,
      'stop-sent': 'The environment may be stopped: a stop was sent.',
      'stopped-previous': `The environment is stopped with its previous package${previousId ? ` ${previousId}` : ''}.`,
      'stopped-new': 'The environment is stopped with the new package.',
      unknown: 'The environment may be stopped.'
    }[this.left]
    if (!state) return ''
    if (this.left === 'stopped-previous' || this.left === 'stopped-new')
      this.deps.progress.output('state', 'Stopped')
    return (
      `${state} To start it: Start Application on the ${this.settings.environment} environment's page in the ` +
      'Mendix Portal, or re-run this workflow once the cause is fixed.'
    )
  }

  /** After a failed start: transport the previous package, start it and wait; says how that went. */
  private async rollback(previousPackageId: string): Promise<RollbackOutcome> {
    const { api, log, progress } = this.deps
    const mode = this.settings.environment
    this.deps.timeout.useReserve()
    log.warning(`Rolling back the ${mode} environment to package ${previousPackageId}`, 'Rollback')
    try {
      await this.transport(mode, previousPackageId)
      const started = await api.start(mode, this.settings.autoSyncDb, this.deadline())
      if (started !== 'already-started') {
        await this.awaitStart(mode, started)
      }
      progress.output('rolledBack', 'true')
      progress.environmentChanged = 'no'
      this.left = 'rolled-back'
      return { ok: true, sentence: `Rolled back: the environment runs package ${previousPackageId} again.` }
    } catch (error) {
      this.left = 'unknown'
      return failedRollback(previousPackageId, error)
    }
  }

  /** Polls a start job until `Started`; a failed start arrives as an ApiError with the documented code. */
  private async awaitStart(mode: string, jobId: string): Promise<void> {
    await this.waitFor(
      `Start job ${jobId}`,
      async () => {
        const status = await this.deps.api.startStatus(mode, jobId, this.deadline())
        return status === 'Started' ? { done: true, value: status } : { done: false, status }
      },
      'start'
    )
  }

  /** A package built earlier from the same branch, revision and version, when reuse is on. */
  private async reusable(): Promise<string | undefined> {
    const { api } = this.deps
    if (!this.settings.reuse) return undefined
    const found = (await api.listPackages(this.deadline())).find(
      p => p.Status === 'Succeeded' && p.Description?.includes(this.settings.buildIdentity)
    )
    if (!found) return undefined
    announceReuse(found.PackageId, this.settings, this.deps)
    return found.PackageId
  }

  private async buildNew(): Promise<string> {
    const s = this.settings
    this.deps.progress.output('reused', 'false')
    const packageId = await this.phases.run(
      'build',
      `Build ${s.branch}@${s.revision} as version ${s.packageVersion}`,
      () => this.build()
    )
    this.deps.log.info(`Built package ${packageId} in ${this.phases.lastTime()}`)
    return packageId
  }

  private async uploadNew(file: PackageFile): Promise<string> {
    this.deps.progress.output('reused', 'false')
    const packageId = await this.phases.run('upload', `Upload ${file.name}`, () => this.upload(file))
    this.deps.log.info(`Uploaded ${file.name} as package ${packageId} in ${this.phases.lastTime()}`)
    return packageId
  }

  /**
   * The app's project id and the environment. Constant names are checked only after the transport, when the
   * settings list the constants the new package brings; names not there yet are mentioned now.
   */
  private async resolve(): Promise<{ projectId: string; environment: CloudEnvironment }> {
    const { api, log } = this.deps
    const mode = this.settings.environment
    const app = await api.getApp(this.deadline())
    const environment = await api.getEnvironment(mode, this.deadline())
    // An app URL the unit tests would refuse is refused now, before anything is stopped (app-url.ts).
    const refused = appUrlProblems(environment.Url, mode, this.settings)
    if (refused.length > 0) throw new InputError(refused)
    if (this.settings.constants.length > 0) {
      const known = (await api.getSettings(mode, this.deadline())).Constants ?? []
      const absent = missingConstants(
        this.settings.constants,
        known.map(k => k.Name),
        ''
      ).names
      if (absent.length > 0) {
        log.info(
          `Constant(s) ${absent.join(', ')} not in the ${mode} environment yet: the new package ` +
            'must bring them; checked after the transport, before the start.'
        )
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
        { Branch: s.branch, Revision: s.revision, Version: s.packageVersion, Description: s.description },
        this.deadline()
      )
    } catch (error) {
      if (!(error instanceof ApiError) || !error.outcomeUnknown) throw error
      packageId = await recoverUnknownBuild(
        error,
        s.runMarker,
        async () =>
          (await api.listPackages(this.deadline())).find(p => p.Description?.includes(s.runMarker))
            ?.PackageId,
        log
      )
    }
    progress.output('packageId', packageId)
    log.info(`Package ${packageId} is building`)
    const status = await this.waitFor(
      `Package ${packageId}`,
      async () => {
        const pkg = await api.getPackage(packageId, this.deadline())
        return BUILDING.has(pkg.Status)
          ? { done: false, status: pkg.Status }
          : { done: true, value: pkg.Status }
      },
      'build'
    )
    if (status !== 'Succeeded') {
      throw new JobError(
        `The build of ${s.branch}@${s.revision} failed: package ${packageId} ended as ${status}. See its build output in the Mendix Portal. Nothing was changed.`,
        packageId
      )
    }
    return packageId
  }

  /** Uploads the file through the Deploy API v2 and waits for its job; a failed upload changes nothing. */
  private async upload(file: PackageFile): Promise<string> {
    const { api, log, progress } = this.deps
    log.info(`Uploading ${file.name} (${(file.size / 1024 / 1024).toFixed(1)} MB)`)
    let upload: CloudUpload
    try {
      upload = await api.uploadPackage(file, this.deadline())
    } catch (error) {
      if (error instanceof ApiError && error.outcomeUnknown) {
        error.message +=
          ' The package may have arrived all the same: a re-run uploads it again, which only adds a second package. Nothing was stopped or changed.'
      }
      throw error
    }
    const { packageId, jobId } = upload
    progress.output('packageId', packageId)
    progress.jobStarted({ kind: 'upload', id: jobId, url: api.uploadJobUrl(jobId) })
    log.info(`Package ${packageId} is being processed (upload job ${jobId})`)
    const status = await this.waitFor(`Upload job ${jobId}`, async () => {
      const current = await api.uploadJobStatus(jobId, this.deadline())
      return UPLOAD_ENDED.has(current) ? { done: true, value: current } : { done: false, status: current }
    })
    progress.jobEnded(jobId)
    if (status !== 'Completed') {
      throw new JobError(
        `The upload of ${file.name} failed (job ${jobId}): it ended as ${status}. Nothing was stopped or changed.`,
        jobId
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
    const { log, progress } = this.deps
    const mode = this.settings.environment
    if (environment.Status === 'Running') {
      log.info(`Stopping the ${mode} environment`)
      progress.environmentChanged = 'maybe'
      await this.stopEnvironment(mode)
      this.left = 'stopped-previous'
    } else {
      log.info(`The ${mode} environment is ${environment.Status}; no need to stop it`)
    }

    try {
      await this.transport(mode, packageId)
    } catch (error) {
      // Without an answer, the transport may have taken effect.
      if (error instanceof ApiError && error.status === undefined) this.left = 'unknown'
      throw error
    }
    this.left = 'stopped-new'
    progress.environmentChanged = 'yes'
    if (this.settings.constants.length > 0) await this.applyConstants(mode, packageId)
    await this.start(mode, packageId)
  }

  /** Stops the environment and waits until it no longer runs. */
  private async stopEnvironment(mode: string): Promise<void> {
    const { api } = this.deps
    this.left = 'stop-sent'
    await api.stop(mode, this.deadline())
    await this.waitFor(`The ${mode} environment`, async () => {
      const current = await api.getEnvironment(mode, this.deadline())
      return current.Status === 'Running'
        ? { done: false, status: 'stopping' }
        : { done: true, value: current }
    })
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
        if (!processing || deadline.passed()) throw error
        const delay = error.retryAfterMs ?? Math.max(1000, backoffDelay(attempt, Math.random))
        log.info(`The package is still being processed; trying the transport again in ${seconds(delay)}`)
        await clock.sleep(delay, signal)
      }
    }
  }

  /** Sets the constants, checking their names against the settings read now: a new package brings its own. */
  private async applyConstants(mode: string, packageId: string): Promise<void> {
    const { api, log } = this.deps
    const settings = await api.getSettings(mode, this.deadline())
    const known = settings.Constants ?? []
    const missing = missingConstants(
      this.settings.constants,
      known.map(k => k.Name),
      `the ${mode} environment, even with package ${packageId} transported`,
      'no constant was set, and the environment was not started'
    )
    if (missing.names.length > 0) throw new VerificationError(missing.sentence)
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
    let started: string
    try {
      started = await api.start(mode, this.settings.autoSyncDb, this.deadline())
    } catch (error) {
      if (error instanceof ApiError && error.outcomeUnknown) this.left = 'unknown'
      throw error
    }
    this.left = 'start-accepted'
    if (started === 'already-started') {
      log.warning(
        `The ${mode} environment was already running when the action started it: someone else started it meanwhile.`,
        'Already started'
      )
      return
    }
    this.startJobId = started
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
        isTransientPollError(error, 0)
      )
        throw error
      progress.jobEnded(started)
      this.left = 'stopped-new'
      const empty = error.serviceCode === 'MISSING_CONSTANT' ? await this.constantsWithoutValue(mode) : ''
      throw new JobError(
        `The ${mode} environment did not start with package ${packageId}: ${error.serviceMessage ?? error.message} ` +
          `${startAdvice(error.serviceCode)}${empty}`,
        started
      )
    }
    progress.jobEnded(started)
  }

  /** For a MISSING_CONSTANT: a sentence naming the constants without a value, or '' when none can be named. */
  private async constantsWithoutValue(mode: string): Promise<string> {
    try {
      const constants = (await this.deps.api.getSettings(mode, this.deadline())).Constants ?? []
      const names = constants.filter(c => !c.Value).map(c => c.Name)
      return names.length ? ` Constants without a value in the ${mode} environment: ${names.join(', ')}.` : ''
    } catch {
      return ''
    }
  }
}
