/**
 * Where the package to deploy comes from: promoted, uploaded, built in the runner and uploaded, reused from an
 * earlier build, or built now by the Build API.
 */
import { announceReuse, recoverUnknownBuild } from '../deploy-steps.js'
import { JobError, messageOf } from '../errors.js'
import { ApiError } from '../http.js'
import type { PackageFile, PrivateCloudSettings } from '../inputs.js'
import { seconds } from '../logger.js'
import type { Phases } from '../phases.js'
import { BUILD_SCOPES } from './build-api.js'
import type { ResolvedEnvironment } from './environments.js'
import type { FlowDeps } from './deps.js'
import type { JobWaiter } from './job-waiter.js'
import type { Job, JobRef } from './jobs.js'
import {
  plannedVersion,
  sharedVersionWarning,
  startVersionedBuild,
  versionCore,
  versionForRunnerBuild,
  versionWords,
  type VersionedPackage
} from '../versions.js'

const LOG_TAIL_LINES = 25

function tail(text: string, lines: number): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n')
}

export class PackageSource {
  constructor(
    private readonly settings: PrivateCloudSettings,
    private readonly deps: FlowDeps,
    private readonly waiter: JobWaiter,
    private readonly phases: Phases
  ) {}

  /** The package to deploy: promoted from another environment, reused from an earlier build, or built now. */
  async obtain(promoteFrom?: ResolvedEnvironment): Promise<{ packageId: string; buildJobId?: string }> {
    const { log, progress, clock, timeout } = this.deps
    const s = this.settings
    if (promoteFrom) {
      const packageId = promoteFrom.facts.packageId
      if (!packageId)
        throw new Error(`Environment "${promoteFrom.name}" runs no package, so there is nothing to promote.`)
      progress.output('packageId', packageId)
      progress.output('reused', 'true')
      log.info(`Promoting package ${packageId} from "${promoteFrom.name}"; nothing is built`)
      return { packageId }
    }
    if (s.packageFile) {
      const file = s.packageFile
      if (s.dryRun) return { packageId: `(the upload of ${file.name})` }
      return this.phases.run('upload', `Upload ${file.name}`, () => this.uploadPackage(file))
    }
    if (s.runnerBuild) return this.buildInRunner(s.runnerBuild.mendixVersion)
    if (s.reuse) {
      const found = await this.deps.build.findPackageByMarker(
        s.buildIdentity,
        timeout.deadline(),
        clock.now()
      )
      if (found) {
        announceReuse(found.id, s, this.deps)
        if (s.version) progress.output('version', versionCore(found.modelVersion))
        return { packageId: found.id }
      }
    }
    progress.output('reused', 'false')
    if (s.dryRun) {
      const as = s.version
        ? ` as version ${await plannedVersion(s.version, () => this.versionedPackages())}`
        : ''
      log.info(`A package would be built from ${s.branch}@${s.revision}${as} (dry run: nothing is built)`)
      return { packageId: `(new package from ${s.branch}@${s.revision})` }
    }
    const as = versionWords(s.version)
    const buildTitle = `Build ${s.branch}@${s.revision}${as ? ` as ${as}` : ''}`
    const built = await this.phases.run('build', buildTitle, () => this.buildPackage())
    log.info(`Built package ${built.packageId} in ${this.phases.lastTime()}`)
    return built
  }

  /** The app's packages with their versions, read now (issue 26). */
  private async versionedPackages(): Promise<VersionedPackage[]> {
    const packages = await this.deps.build.allPackages(this.deps.timeout.deadline())
    return packages.map(p => ({ id: p.id, version: p.modelVersion, description: p.description }))
  }

  /** build: runner - MxBuild makes the package on this runner, then it is uploaded as a packageFile is. */
  private async buildInRunner(mendixVersion: string): Promise<{ packageId: string }> {
    const { log, progress, runnerBuild, timeout } = this.deps
    progress.output('reused', 'false')
    if (this.settings.dryRun) {
      log.info(
        `A package would be built in the runner with MxBuild ${mendixVersion} and uploaded (dry run: nothing is built)`
      )
      return { packageId: `(a package built in the runner with MxBuild ${mendixVersion})` }
    }
    if (!runnerBuild) throw new Error('build: runner was asked for, but the step has no build in the runner.')
    const version = await versionForRunnerBuild(
      this.settings.version,
      () => this.versionedPackages(),
      log,
      progress
    )
    const { file } = await runnerBuild(timeout.deadline(), version)
    return this.phases.run('upload', `Upload ${file.name}`, () => this.uploadPackage(file))
  }

  private async buildPackage(): Promise<{ packageId: string; buildJobId: string }> {
    const { log, progress, clock, timeout } = this.deps
    const s = this.settings
    let ref: JobRef
    let version: string | undefined
    try {
      ;({ started: ref, version } = await startVersionedBuild({
        choice: s.version,
        list: () => this.versionedPackages(),
        start: asked =>
          this.deps.build.startBuild(
            { branch: s.branch, revision: s.revision, version: asked, description: s.description },
            timeout.deadline()
          ),
        log,
        progress
      }))
    } catch (error) {
      if (error instanceof ApiError && error.outcomeUnknown) return this.recoverUnknownBuild(error)
      throw error
    }
    progress.output('buildJobId', ref.id)
    log.info(`Build job ${ref.id} started`)
    const started = clock.now()
    const job = await this.waiter.wait('build', ref, BUILD_SCOPES.read)
    if (job.status !== 'finished' || job.error || !job.packageId) {
      throw await this.buildFailure(ref, job)
    }
    progress.output('packageId', job.packageId)
    log.info(`Build job finished in ${seconds(clock.now() - started)}: package ${job.packageId}`)
    if (version && s.version && 'bump' in s.version) {
      const shared = sharedVersionWarning(version, job.packageId, await this.versionedPackages())
      if (shared) log.warning(shared, 'Version shared')
    }
    return { packageId: job.packageId, buildJobId: ref.id }
  }

  private async uploadPackage(file: PackageFile): Promise<{ packageId: string }> {
    const { log, progress, timeout } = this.deps
    log.info(`Uploading ${file.name} (${(file.size / 1024 / 1024).toFixed(1)} MB)`)
    const ref = await this.deps.build.uploadPackage(file, timeout.deadline())
    progress.output('reused', 'false')
    const job = await this.waiter.wait('upload', ref, BUILD_SCOPES.read)
    if (job.status !== 'finished' || job.error || !job.packageId) {
      throw new JobError(
        `The upload of ${file.name} failed (job ${ref.id}): ${job.error?.message ?? `it ended as ${job.status}`}.`,
        ref.id
      )
    }
    progress.output('packageId', job.packageId)
    log.info(`Uploaded ${file.name}: package ${job.packageId}`)
    return { packageId: job.packageId }
  }

  /** The build POST got no clear answer: find the build by the run's marker, or stop without risking a second one. */
  private async recoverUnknownBuild(cause: ApiError): Promise<{ packageId: string; buildJobId: string }> {
    const { log, progress, timeout, build } = this.deps
    const marker = this.settings.runMarker
    const packageId = await recoverUnknownBuild(
      cause,
      marker,
      async () => (await build.findPackageByMarker(marker, timeout.deadline()))?.id,
      log
    )
    progress.output('packageId', packageId)
    return { packageId, buildJobId: '' }
  }

  private async buildFailure(ref: JobRef, job: Job): Promise<JobError> {
    const reason =
      job.error?.message ??
      (job.status === 'finished' ? 'it finished without a package id' : `it ended as ${job.status}`)
    let logTail: string | undefined
    try {
      const withLog = await this.deps.jobs.get(ref, {
        log: true,
        scope: BUILD_SCOPES.read,
        deadline: this.deps.timeout.deadline()
      })
      if (withLog.log?.build) logTail = tail(withLog.log.build, LOG_TAIL_LINES)
    } catch (error) {
      this.deps.log.debug(`Could not read the build log: ${messageOf(error)}`)
    }
    const s = this.settings
    return new JobError(
      `The build of ${s.branch}@${s.revision} failed (job ${ref.id}): ${reason}` +
        (logTail ? `\nLast lines of the build log:\n${logTail}` : ''),
      ref.id,
      logTail
    )
  }
}
