/**
 * The classic Mendix Cloud flow, in the order a careful person follows: check the environment, build (or
 * upload) and wait, back up (optional) and wait, stop, transport, check and set constants, start with
 * AutoSyncDb, wait for the start job, and read the environment until it runs the package. Nothing is stopped
 * before the package and the backup are ready. What the environment holds and does is kept up to date as each
 * step lands (`Left`), so that a failure, the deadline or a cancel says exactly what was left: stopped, and how to
 * start it again.
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
import { CancelledError, InputError, JobError, VerificationError } from '../errors.js'
import { ApiError, isTransientPollError } from '../http.js'
import type { MendixCloudSettings, PackageFile } from '../inputs.js'
import { seconds } from '../logger.js'
import { planJob } from '../job-history.js'
import { Phases } from '../phases.js'
import type { StepDeps } from '../step-deps.js'
import type { Outcome } from '../target.js'
import { waitUntil, type PollResult } from '../wait.js'
import { type CloudEnvironment, type CloudUpload, type MendixCloudApi } from './api.js'
import { KnownFailure, startAdvice } from './service-codes.js'
import {
  plannedVersion,
  startVersionedBuild,
  versionCore,
  versionForRunnerBuild,
  versionWords,
  type VersionedPackage
} from '../versions.js'

export interface MendixCloudDeps extends StepDeps {
  api: MendixCloudApi
}

/** Build statuses that mean "not yet" (Build API v1). */
const BUILDING = new Set(['Queued', 'Building', 'Uploading'])
/** The statuses that end a v2 job; `Queued`, `Running` and any other mean "not yet" (Deploy API v2). */
const UPLOAD_ENDED = new Set(['Completed', 'Failed'])
/**
 * The least of the budget that must be left when a running environment is stopped: the stop, the transport and
 * the start with its check. A quarter of `timeoutMinutes`, at most five minutes: five minutes cover the stop, the
 * transport and the start of a typical app at the default budget (60), and a quarter keeps a short budget usable.
 * A step with less left refuses the stop and changes nothing (docs/reliability.md).
 */
const STOP_FLOOR_SHARE = 0.25
const STOP_FLOOR_CAP_MS = 5 * 60_000
/** The Deploy API v2 takes no file over 1 GB. */
const UPLOAD_LIMIT_BYTES = 1024 ** 3

/**
 * What the environment holds and does as far as the step knows, for a failure or a cancel to say. `packageId` is
 * the package it holds (the previous one, the new one or another), when known.
 */
type Left =
  /** Nothing was sent that changes it. */
  | { kind: 'untouched' }
  /** A stop was sent, and not yet seen to take effect. */
  | { kind: 'stop-sent'; packageId?: string }
  /**
   * Seen stopped (or surely not started); `failedStart` when its start just failed; `asBefore` when a rollback
   * left it stopped because it was stopped when the step began.
   */
  | { kind: 'stopped'; packageId?: string; failedStart?: boolean; asBefore?: boolean }
  /** Stopped, and a transport of `packageId` was sent without a clear answer: it holds that one or still `before`. */
  | { kind: 'transport-sent'; packageId: string; before?: string }
  /** A start was sent without a clear answer: starting, or still stopped. */
  | { kind: 'start-sent'; packageId?: string }
  /** A start was accepted; the app is not yet seen running. */
  | { kind: 'starting'; packageId?: string; jobId?: string }
  /** Seen running `packageId`. */
  | { kind: 'running'; packageId?: string }

/**
 * Whether a transport's error is the service refusing it, so that it surely did not take effect: a 4xx, the 503
 * "Cannot transport - MDA is still being processed", or a code the Deploy API v1 documents for the call.
 */
function refusedTransport(error: unknown): boolean {
  if (!(error instanceof ApiError) || error.status === undefined) return false
  return error.status < 500 || error.status === 503 || error instanceof KnownFailure
}

/** After a start, the environment runs a package this run did not put there: someone else changed it. */
class ForeignPackageError extends VerificationError {}

export class MendixCloudFlow {
  private readonly phases: Phases
  private left: Left = { kind: 'untouched' }
  /** The package the environment ran when the step began, and the package this run deploys. */
  private previousId?: string
  private newId?: string
  /** The environment's status when the step began. */
  private initialStatus?: string
  /** The constants' values when the step began (Retrieve Environment Settings), read when `constants` is set. */
  private constantsBefore = new Map<string, string>()
  /**
   * The constants the deploy set (or sent, without a clear answer) that had another value before: what a rollback
   * writes back, with the value each had.
   */
  private constantsToRestore: Array<{ name: string; value: string }> = []

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
    // A package built in the runner is new and uploaded like a packageFile: there is nothing to reuse.
    const uploads = file !== undefined || s.runnerBuild !== undefined

    const { projectId, environment } = await this.phases.run('resolve', undefined, () => this.resolve())
    progress.output('environmentId', environment.EnvironmentId)
    log.info(
      `Environment ${environment.Mode} of app ${s.appId}: ${environment.Status}${environment.Url ? `, ${environment.Url}` : ''}`
    )

    const reused = uploads ? undefined : await this.reusable()
    const previous = await this.deps.api.environmentPackage(mode, this.deadline())
    progress.output('previousPackageId', previous?.PackageId)
    this.previousId = previous?.PackageId
    this.initialStatus = environment.Status
    this.leave({ kind: 'untouched' })
    if (s.dryRun) {
      await this.phases.run('dry run', 'Dry run: what the deploy would do', () =>
        this.dryRun(environment, reused)
      )
      return { packageId: reused ?? '', environmentName: mode, appUrl: environment.Url }
    }
    const packageId = file
      ? await this.uploadNew(file)
      : s.runnerBuild
        ? await this.buildInRunner()
        : (reused ?? (await this.buildNew()))
    this.newId = packageId
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

    const running = await this.guarded(
      () =>
        this.phases.run('deploy', `Deploy package ${packageId} to ${mode}`, () =>
          this.deploy(environment, packageId)
        ),
      error => this.deployFailed(error)
    )
    log.info(
      `Deployed package ${packageId} to ${mode}; ${running ? 'the app runs it' : 'its start was accepted'} (${this.phases.lastTime()})`
    )
    const after = running ?? (await this.deps.api.getEnvironment(mode, this.deadline()))
    progress.output('appUrl', after.Url)
    progress.output('state', after.Status)
    await this.runUnitTests(after.Url)
    return { packageId, environmentName: mode, appUrl: after.Url }
  }

  /**
   * With unitTests, runs the app's unit tests once it runs. Failed tests count as a failed deploy: with
   * rollbackOnFailure the environment is stopped and the previous package put back, started and proven to run.
   */
  private async runUnitTests(appUrl: string | undefined): Promise<void> {
    const unitTests = this.deps.unitTests
    if (!unitTests) return
    await this.guarded(
      () => unitTests(appUrl, this.deadline()),
      (error): error is VerificationError => error instanceof VerificationError
    )
  }

  /**
   * Runs a step whose failure counts as a failed deploy when `counts` says so. With rollbackOnFailure what the
   * deploy changed is put back and proven first (rollbackIfChanged); when it changed nothing, the error says so in
   * one line.
   */
  private async guarded<T>(step: () => Promise<T>, counts: (error: unknown) => error is Error): Promise<T> {
    const asked = this.settings.rollbackOnFailure
    try {
      return await withRollback(step, counts, asked ? () => this.rollbackIfChanged() : undefined)
    } catch (error) {
      if (asked && error instanceof ForeignPackageError)
        error.message += ' Not rolled back: that would undo a change this run did not make.'
      throw error
    }
  }

  /**
   * After a failed deploy, rolls back what the step changed, decided from what it did by then: the package (or a
   * transport that may have landed), constants it set, or a running app it stopped. A step that changed none of
   * them says so in one line: there is nothing to roll back.
   */
  private async rollbackIfChanged(): Promise<RollbackOutcome> {
    const { previousId } = this
    const mode = this.settings.environment
    if (previousId === undefined)
      return {
        ok: false,
        sentence: `Nothing to roll back: the ${mode} environment had no package before this run.`
      }
    const packageMayDiffer = this.holds() !== previousId
    const stoppedByUs = this.initialStatus === 'Running' && this.left.kind !== 'running'
    if (!packageMayDiffer && !stoppedByUs && this.constantsToRestore.length === 0)
      return {
        ok: false,
        sentence: `Nothing to roll back: package ${previousId} was the ${mode} environment's package before this run too.`
      }
    return this.rollback(previousId)
  }

  /** Whether a failure of the deploy counts as a failed deploy: it changed the environment, and was no cancel. */
  private deployFailed(error: unknown): error is Error {
    return (
      error instanceof Error &&
      !(error instanceof CancelledError) &&
      !(error instanceof ForeignPackageError) &&
      this.left.kind !== 'untouched'
    )
  }

  /** Lists, without changing anything, what the deploy would do. */
  private async dryRun(environment: CloudEnvironment, reused?: string): Promise<void> {
    const { api, log, progress } = this.deps
    const s = this.settings
    const mode = s.environment
    const lines = [
      s.packageFile
        ? `upload ${s.packageFile.name} (${s.packageFile.size} bytes) through the v2 upload (no build)`
        : s.runnerBuild
          ? `build ${s.runnerBuild.mprPath} in the runner with MxBuild ${s.runnerBuild.mendixVersion}, and upload it through the v2 upload`
          : reused
            ? `reuse package ${reused} (no build)`
            : `build ${s.branch}@${s.revision} as version ${await plannedVersion(s.version, () => this.versionedPackages())}`,
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

  /** Records what the environment is left in, and keeps the sentence a failure or a cancel prints exact. */
  private leave(left: Left): void {
    this.left = left
    this.deps.progress.environmentNote = this.describe(left)
    if (left.kind === 'stopped' || left.kind === 'transport-sent')
      this.deps.progress.output('state', 'Stopped')
    if (left.kind === 'running') this.deps.progress.output('state', 'Running')
  }

  /** The package the environment holds now, when known. */
  private holds(): string | undefined {
    const left = this.left
    if (left.kind === 'untouched') return this.previousId
    return left.kind === 'transport-sent' ? undefined : left.packageId
  }

  /** Whether the app may be running or starting: a transport is then refused (APP_IS_RUNNING), so stop first. */
  private mayRun(): boolean {
    return ['stop-sent', 'start-sent', 'starting', 'running'].includes(this.left.kind)
  }

  /** The ways to start the environment as it is, for a person reading a failure. */
  private waysToStart(): string {
    const mode = this.settings.environment
    return (
      `Start Application on the ${mode} environment's page in the Mendix Portal, or POST ${this.deps.api.environmentUrl(mode)}/start ` +
      `with the body {"AutoSyncDb": ${this.settings.autoSyncDb}} and your Mendix-Username and Mendix-ApiKey headers (Deploy API v1); ` +
      'or re-run this workflow once the cause is fixed.'
    )
  }

  /** A package in words: the previous one, the new one, or by its id. */
  private packageWords(packageId: string): string {
    if (packageId === this.previousId) return `its previous package ${packageId}`
    return packageId === this.newId ? `the new package ${packageId}` : `package ${packageId}`
  }

  /** One sentence on what the environment was left in, and, when it may be stopped, exactly how to start it. */
  private describe(left: Left): string {
    const mode = this.settings.environment
    const ways = this.waysToStart()
    switch (left.kind) {
      case 'untouched':
        return `The ${mode} environment was not changed (it was ${this.initialStatus ?? 'as before'}${this.previousId ? ` with package ${this.previousId}` : ''} when the step began).`
      case 'stop-sent':
        return `The environment may be stopped: a stop was sent. To start it: ${ways}`
      case 'stopped':
        return left.packageId !== undefined &&
          left.packageId === this.newId &&
          left.packageId !== this.previousId
          ? this.stoppedWithNew(left.packageId, left.failedStart === true)
          : left.asBefore
            ? `The environment is stopped with ${left.packageId ? this.packageWords(left.packageId) : 'its previous package'}, as it was when the step began.`
            : `The environment is stopped${left.packageId ? ` with ${this.packageWords(left.packageId)}` : ''}. To start it: ${ways}`
      case 'transport-sent':
        return (
          `The environment is stopped with package ${left.packageId}, or still with ${left.before ? `package ${left.before}` : 'its earlier package'} ` +
          `if the transport did not take effect (it was sent without a clear answer). To start it: ${ways}`
        )
      case 'start-sent':
        return (
          `A start of the environment${left.packageId ? ` with ${this.packageWords(left.packageId)}` : ''} was sent without a clear answer: ` +
          `it is starting, or still stopped. Check it on the ${mode} environment's page in the Mendix Portal; if it is stopped, start it: ${ways}`
        )
      case 'starting':
        return (
          `The environment was starting${left.packageId ? ` with ${this.packageWords(left.packageId)}` : ''}${left.jobId ? ` (start job ${left.jobId})` : ''}, ` +
          `not yet seen running: check it on the ${mode} environment's page in the Mendix Portal; if it is stopped, start it: ${ways}`
        )
      case 'running':
        return left.packageId
          ? `The environment runs ${this.packageWords(left.packageId)}${left.packageId === this.newId || left.packageId === this.previousId ? '' : ', which this run did not put there'}.`
          : 'The environment runs.'
    }
  }

  /** Stopped with the new package: how to start it, and how to put the previous package back instead. */
  private stoppedWithNew(packageId: string, failedStart: boolean): string {
    const back = this.previousId
      ? ` To run the previous package ${this.previousId} instead, first POST ${this.deps.api.environmentUrl(this.settings.environment)}/transport with the body {"PackageId": "${this.previousId}"}.`
      : ''
    return (
      `The environment is stopped with the new package. To start it: ${this.waysToStart()} ` +
      `It then runs package ${packageId}${failedStart ? ', whose start has just failed' : ''}.${back}`
    )
  }

  /**
   * Puts back what a failed deploy changed, from wherever it left the environment: stops it first when it may be
   * running or starting (the API refuses a transport then, with APP_IS_RUNNING), transports the previous package
   * unless the environment still holds it, writes back the constants the deploy set and reads them back, then
   * starts it and reads the environment until it runs that package, or, when it was not running before the step,
   * leaves it stopped and reads that it is. `rolledBack` is set only then. A cancel ends the rollback as it ends
   * the step: it is not a failed rollback.
   */
  private async rollback(previousId: string): Promise<RollbackOutcome> {
    const { log, progress } = this.deps
    const mode = this.settings.environment
    const wasRunning = this.initialStatus === 'Running'
    this.deps.timeout.useReserve()
    log.warning(`Rolling back the ${mode} environment to package ${previousId}`, 'Rollback')
    try {
      if (this.mayRun()) {
        log.info(`Stopping the ${mode} environment first: it may be running or starting`)
        await this.stopEnvironment(mode)
      }
      if (!(this.left.kind === 'stopped' && this.left.packageId === previousId)) {
        await this.transport(mode, previousId)
      }
      const restored = await this.restoreConstants(mode, previousId)
      const withConstants = restored.length ? ` the constants it had (${restored.join(', ')})` : ''
      let sentence: string
      if (wasRunning) {
        await this.startAndVerify(mode, previousId, { wait: true, deploying: false })
        sentence = `Rolled back: the environment runs package ${previousId} again${withConstants ? `, with${withConstants}` : ''}.`
      } else {
        await this.verifyStoppedWith(mode, previousId)
        sentence = `Rolled back: restored package ${previousId}${withConstants ? ` and${withConstants}` : ''}; the environment stays stopped, as it was before.`
      }
      progress.output('rolledBack', 'true')
      progress.environmentChanged = 'no'
      return { ok: true, sentence }
    } catch (error) {
      if (error instanceof CancelledError) throw error
      return failedRollback(previousId, error)
    }
  }

  /**
   * Writes back the value each constant the deploy set had before the step (Set Environment Settings, Deploy API
   * v1: the document read from the same URI, with those values), then reads the settings again to see that they
   * hold. Returns the names written back. The values are never printed: a constant may be secret.
   */
  private async restoreConstants(mode: string, previousId: string): Promise<string[]> {
    const { api, log } = this.deps
    const restore = this.constantsToRestore
    if (restore.length === 0) return []
    const names = restore.map(r => r.name)
    const settings = await api.getSettings(mode, this.deadline())
    const absent = names.filter(name => !settings.Constants?.some(c => c.Name === name))
    if (absent.length > 0) {
      throw new VerificationError(
        `Could not put back constant(s) ${absent.join(', ')}: the ${mode} environment's settings with package ${previousId} do not list them.`
      )
    }
    for (const { name, value } of restore) settings.Constants!.find(c => c.Name === name)!.Value = value
    await api.setSettings(mode, settings, this.deadline())
    const readBack = (await api.getSettings(mode, this.deadline())).Constants ?? []
    const wrong = restore
      .filter(({ name, value }) => readBack.find(c => c.Name === name)?.Value !== value)
      .map(r => r.name)
    if (wrong.length > 0) {
      throw new VerificationError(
        `Wrote back the value constant(s) ${wrong.join(', ')} had before this run, but the ${mode} environment's settings read back another.`
      )
    }
    log.info(`Put back the value ${names.join(', ')} had before this run (read back)`)
    return names
  }

  /**
   * For a rollback of an environment that was stopped when the step began: one read of its status and one of its
   * package (Retrieve Environment, Retrieve Environment Package) show it stopped with `packageId`.
   */
  private async verifyStoppedWith(mode: string, packageId: string): Promise<void> {
    const { api } = this.deps
    const environment = await api.getEnvironment(mode, this.deadline())
    const holds = (await api.environmentPackage(mode, this.deadline()))?.PackageId
    if (environment.Status !== 'Stopped' || holds !== packageId) {
      throw new VerificationError(
        `After the rollback the ${mode} environment reads ${environment.Status} with ${holds ? `package ${holds}` : 'no package'}, not Stopped with package ${packageId}.`
      )
    }
    this.leave({ kind: 'stopped', packageId, asBefore: true })
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
    this.deps.progress.output('version', versionCore(found.Version))
    return found.PackageId
  }

  /** The app's packages with their versions, read now (issue 26). */
  private async versionedPackages(): Promise<VersionedPackage[]> {
    const packages = await this.deps.api.listPackages(this.deadline())
    return packages.map(p => ({ id: p.PackageId, version: p.Version, description: p.Description }))
  }

  private async buildNew(): Promise<string> {
    const s = this.settings
    this.deps.progress.output('reused', 'false')
    const packageId = await this.phases.run(
      'build',
      `Build ${s.branch}@${s.revision} as ${versionWords(s.version)}`,
      () => this.build()
    )
    this.deps.log.info(`Built package ${packageId} in ${this.phases.lastTime()}`)
    return packageId
  }

  /** build: runner - MxBuild makes the package on this runner; it is uploaded as a packageFile is. */
  private async buildInRunner(): Promise<string> {
    const { runnerBuild, log, progress } = this.deps
    if (!runnerBuild) throw new Error('build: runner was asked for, but the step has no build in the runner.')
    const version = await versionForRunnerBuild(
      this.settings.version,
      () => this.versionedPackages(),
      log,
      progress
    )
    const { file } = await runnerBuild(this.deadline(), version)
    if (file.size > UPLOAD_LIMIT_BYTES) {
      throw new JobError(
        `MxBuild's package ${file.name} is ${file.size} bytes; the Deploy API v2 uploads at most 1 GB (${UPLOAD_LIMIT_BYTES} bytes). Nothing was uploaded or changed.`,
        ''
      )
    }
    return this.uploadNew(file)
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
      // Kept for a rollback, which writes back what the deploy changed (issue 23).
      this.constantsBefore = new Map(known.map(k => [k.Name, k.Value]))
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
      ;({ started: packageId } = await startVersionedBuild({
        choice: s.version,
        list: () => this.versionedPackages(),
        // Mendix Cloud's version input always gives one: fixed, or patch by default.
        start: version =>
          api.startBuild(
            { Branch: s.branch, Revision: s.revision, Version: version!, Description: s.description },
            this.deadline()
          ),
        log,
        progress
      }))
    } catch (error) {
      // The documented BUILD_FAILED is the service's answer: the build failed, and nothing else happened.
      if (error instanceof KnownFailure && error.serviceCode === 'BUILD_FAILED') {
        throw new JobError(
          `The build of ${s.branch}@${s.revision} failed: the Build API answered ${error.status} BUILD_FAILED` +
            `${error.said ? ` (${error.said})` : ''}. ${error.meaning} Nothing was changed.`,
          ''
        )
      }
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

  /** Stops, transports, sets constants and starts; the environment as read once it runs the package (with wait). */
  private async deploy(
    environment: CloudEnvironment,
    packageId: string
  ): Promise<CloudEnvironment | undefined> {
    const { log, progress } = this.deps
    const mode = this.settings.environment
    if (environment.Status === 'Running') {
      this.refuseStopWithoutTime(mode)
      log.info(`Stopping the ${mode} environment`)
      progress.environmentChanged = 'maybe'
      await this.stopEnvironment(mode)
    } else {
      log.info(`The ${mode} environment is ${environment.Status}; no need to stop it`)
    }
    await this.transport(mode, packageId)
    progress.environmentChanged = 'yes'
    if (this.settings.constants.length > 0) await this.applyConstants(mode, packageId)
    return this.startAndVerify(mode, packageId, { wait: this.settings.wait, deploying: true })
  }

  /**
   * Refuses to stop a running environment when what is left of the budget cannot cover the stop, the transport
   * and the start (STOP_FLOOR): a build or a backup may have used it up, and once stopped only a start brings the
   * app back, so a stop sent now would end the step at its deadline with the app down.
   */
  private refuseStopWithoutTime(mode: string): void {
    const { timeout } = this.deps
    const floor = Math.min(STOP_FLOOR_CAP_MS, timeout.ms * STOP_FLOOR_SHARE)
    const left = this.deadline().remainingMs()
    if (left >= floor) return
    throw new JobError(
      `Not stopping the ${mode} environment: only ${seconds(Math.max(0, left))} of timeoutMinutes (${this.settings.timeoutMinutes}) left` +
        `${timeout.reserveMs > 0 ? ' besides the quarter kept for a rollback' : ''}, and the stop, the transport and the start need at least ${seconds(floor)}; nothing was changed. ` +
        "Re-run with a larger timeoutMinutes (and the job's timeout-minutes above it).",
      ''
    )
  }

  /** Stops the environment and waits until it no longer runs; after a STOP_FAILED, reads what it is. */
  private async stopEnvironment(mode: string): Promise<void> {
    const { api, progress } = this.deps
    const before = this.left
    const holds = this.holds()
    this.leave({ kind: 'stop-sent', packageId: holds })
    try {
      await api.stop(mode, this.deadline())
    } catch (error) {
      if (error instanceof KnownFailure && error.serviceCode === 'STOP_FAILED')
        await this.afterFailedStop(mode, before, holds)
      throw error
    }
    await this.waitFor(`The ${mode} environment`, async () => {
      const current = await api.getEnvironment(mode, this.deadline())
      return current.Status === 'Running'
        ? { done: false, status: 'stopping' }
        : { done: true, value: current }
    })
    // A stop ends a start still under way.
    if (before.kind === 'starting' && before.jobId) progress.jobEnded(before.jobId)
    this.leave({ kind: 'stopped', packageId: holds })
  }

  /** The service could not stop the app (STOP_FAILED): one read says whether it still runs. */
  private async afterFailedStop(mode: string, before: Left, holds: string | undefined): Promise<void> {
    const now = await this.deps.api.getEnvironment(mode, this.deadline()).catch(() => undefined)
    // Without a read, the environment may be stopped: 'stop-sent' says so.
    if (!now) return
    if (now.Status !== 'Running') this.leave({ kind: 'stopped', packageId: holds })
    else this.leave(before.kind === 'untouched' ? before : { kind: 'running', packageId: holds })
  }

  /**
   * Transports the package to the stopped environment, waiting out the 503 the service answers while it still
   * processes a new package, until the deadline. Each request is recorded as sent before it goes out, as the stop
   * and the start are: a cancel while it is under way must not claim the environment still holds its earlier
   * package, since the transport may land all the same.
   */
  private async transport(mode: string, packageId: string): Promise<void> {
    const { api, log, clock, signal } = this.deps
    const deadline = this.deadline()
    const left = this.left
    const before = this.holds()
    const started = clock.now()
    log.info(`Transporting package ${packageId}`)
    for (let attempt = 0; ; attempt++) {
      this.leave({ kind: 'transport-sent', packageId, before })
      try {
        await api.transport(mode, packageId, deadline)
        this.leave({ kind: 'stopped', packageId })
        return
      } catch (error) {
        // An answer that refuses it means the transport did not take effect; anything else (no answer, a cancel,
        // a 5xx without a documented code) leaves both packages possible.
        if (refusedTransport(error)) this.leave(left)
        const processing = error instanceof ApiError && error.status === 503
        if (!processing) throw error
        if (deadline.remainingMs() <= 0) {
          throw new JobError(
            `Gave up transporting package ${packageId} to the ${mode} environment after ${seconds(clock.now() - started)}, ` +
              `at the deadline (timeoutMinutes: ${this.settings.timeoutMinutes}): ${error.message}`,
            ''
          )
        }
        const delay = error.retryAfterMs ?? Math.max(1000, backoffDelay(attempt, Math.random))
        log.info(`The package is still being processed; trying the transport again in ${seconds(delay)}`)
        await clock.sleep(Math.min(delay, deadline.remainingMs()), signal)
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
    // Recorded before the request, which may land without an answer. A constant new in this package is left
    // out: the previous package a rollback puts back does not have it.
    this.constantsToRestore = this.settings.constants.flatMap(({ name, value }) => {
      const before = this.constantsBefore.get(name)
      return before === undefined || before === value ? [] : [{ name, value: before }]
    })
    await api.setSettings(mode, settings, this.deadline())
    log.info(
      `Set ${this.settings.constants.length} constant(s): ${this.settings.constants.map(c => c.name).join(', ')}`
    )
  }

  /**
   * Starts the stopped environment, which holds `packageId`, waits for the start job, then reads the environment
   * until it runs that package: the start job's `Started` alone is not taken as proof. Without `wait`, returns once
   * the start is accepted. `deploying`: the deploy's own start, whose job id is an output.
   */
  private async startAndVerify(
    mode: string,
    packageId: string,
    options: { wait: boolean; deploying: boolean }
  ): Promise<CloudEnvironment | undefined> {
    const { api, log, progress } = this.deps
    this.leave({ kind: 'start-sent', packageId })
    let started: string
    try {
      started = await api.start(mode, this.settings.autoSyncDb, this.deadline())
    } catch (error) {
      if (error instanceof KnownFailure && error.serviceCode === 'APP_ALREADY_HAS_A_STARTING_JOB')
        this.leave({ kind: 'starting', packageId })
      else if (!(error instanceof CancelledError) && !(error instanceof ApiError && error.outcomeUnknown))
        this.leave({ kind: 'stopped', packageId })
      throw error
    }
    if (started === 'already-started') {
      log.warning(
        `The ${mode} environment was already running when the action started it: someone else started it meanwhile.`,
        'Already started'
      )
      this.leave({ kind: 'starting', packageId })
    } else {
      if (options.deploying) progress.output('startJobId', started)
      this.leave({ kind: 'starting', packageId, jobId: started })
      log.info(`Start job ${started} (AutoSyncDb: ${this.settings.autoSyncDb})`)
      if (!options.wait) {
        log.info('The start was accepted; not waiting for the app to run (wait: false).')
        return undefined
      }
      progress.jobStarted({ kind: 'start', id: started, url: api.startJobUrl(mode, started) })
      await this.awaitStart(mode, started, packageId)
      progress.jobEnded(started)
    }
    if (!options.wait) return undefined
    const running = await this.verifyRuns(mode, packageId)
    this.leave({ kind: 'running', packageId })
    return running
  }

  /**
   * Polls a start job until `Started`. A failed start arrives as an HTTP error with a documented code: the app is
   * then stopped, and the error says why and what to do.
   */
  private async awaitStart(mode: string, jobId: string, packageId: string): Promise<void> {
    try {
      await this.waitFor(
        `Start job ${jobId}`,
        async () => {
          const status = await this.deps.api.startStatus(mode, jobId, this.deadline())
          return status === 'Started' ? { done: true, value: status } : { done: false, status }
        },
        'start'
      )
    } catch (error) {
      if (
        !(error instanceof ApiError) ||
        error.status === undefined ||
        error.status < 500 ||
        isTransientPollError(error, 0)
      )
        throw error
      this.deps.progress.jobEnded(jobId)
      this.leave({ kind: 'stopped', packageId, failedStart: true })
      const empty = error.serviceCode === 'MISSING_CONSTANT' ? await this.constantsWithoutValue(mode) : ''
      throw new JobError(
        `The ${mode} environment did not start with package ${packageId}: ${error.serviceMessage ?? error.message} ` +
          `${startAdvice(error.status, error.serviceCode)}${empty}`,
        jobId
      )
    }
  }

  /**
   * Reads the environment until it runs `packageId`: Status Running (Deploy API v1, Retrieve Environment) and that
   * package (Retrieve Environment Package). A read that does not show it running yet is waited out until the
   * deadline; a read that shows another package fails at once.
   */
  private async verifyRuns(mode: string, packageId: string): Promise<CloudEnvironment> {
    const { api } = this.deps
    return this.waitFor(`the ${mode} environment to run package ${packageId}`, async () => {
      const environment = await api.getEnvironment(mode, this.deadline())
      if (environment.Status !== 'Running') return { done: false, status: environment.Status }
      const runs = (await api.environmentPackage(mode, this.deadline()))?.PackageId
      if (runs === undefined) return { done: false, status: 'Running, with no package shown yet' }
      if (runs !== packageId) {
        this.leave({ kind: 'running', packageId: runs })
        throw new ForeignPackageError(
          `After the start of package ${packageId}, the ${mode} environment runs package ${runs}: someone or something else changed it meanwhile.`
        )
      }
      return { done: true, value: environment }
    })
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
