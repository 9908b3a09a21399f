/**
 * The classic Mendix Cloud: Build API v1, Deploy API v1 and Backups API v2, from the prose docs (there is no
 * OpenAPI file for them). The docs list error codes but not the error body; the emulator answers with
 * `{"errorCode","errorMessage"}`, the shape the v1 service sends.
 */
import { randomUUID } from 'node:crypto'
import type { JobFaultRule } from './faults.js'
import { readMultipartStream } from './multipart.js'
import type { Reply, RequestContext } from './protocol.js'
import {
  findBranch,
  resolveRevision,
  type CloudEnvironment,
  type CloudPackage,
  type CloudSettings,
  type EmulatorState,
  type Snapshot,
  type StartJob,
  type UploadJob
} from './state.js'

/** An error the v1 and v2 routes answer with the v1 error body. */
export class CloudProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string
  ) {
    super(message)
  }
}

const VERSION = /^\d+\.\d+\.\d+$/

function cloud(ctx: RequestContext) {
  return ctx.state.cloud
}

function requireApp(ctx: RequestContext): void {
  if (ctx.params.appId !== cloud(ctx).appId) throw new CloudProblem(404, 'APP_NOT_FOUND', 'App not found.')
}

function environment(ctx: RequestContext): CloudEnvironment {
  requireApp(ctx)
  const mode = ctx.params.mode
  if (!/^[A-Za-z0-9_-]+$/.test(mode)) {
    throw new CloudProblem(
      400,
      'INVALID_ENVIRONMENT',
      `Could not parse environment mode '${mode}'. Valid options are Test, Acceptance, Production or the name of a flexible environment.`
    )
  }
  // Modes are matched without regard to case: the docs themselves write both 'Acceptance' and 'acceptance'.
  const env = cloud(ctx).environments.find(e => e.Mode.toLowerCase() === mode.toLowerCase())
  if (!env) throw new CloudProblem(404, 'ENVIRONMENT_NOT_FOUND', 'Environment not found.')
  return env
}

function body(ctx: RequestContext): Record<string, unknown> {
  if (ctx.rawBody.length === 0) return {}
  try {
    const parsed = JSON.parse(ctx.rawBody.toString('utf8')) as unknown
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, unknown>
  } catch {
    // fall through
  }
  throw new CloudProblem(400, 'INVALID_PARAMETERS', 'The request body is not a JSON object.')
}

function jobFault(ctx: RequestContext, job: JobFaultRule['job']): JobFaultRule | undefined {
  return ctx.faults.takeJobFault(job)
}

function packageStatus(pkg: CloudPackage, now: number): string {
  const queuedUntil = pkg.CreationDate + Math.min(500, (pkg.readyAt - pkg.CreationDate) * 0.1)
  if (now < queuedUntil) return 'Queued'
  if (now < pkg.readyAt) return pkg.source === 'upload' ? 'Uploading' : 'Building'
  return pkg.failure ? 'Failed' : 'Succeeded'
}

function packageView(pkg: CloudPackage, now: number): Record<string, unknown> {
  const { readyAt: _r, failure: _f, source: _s, reads: _n, ...view } = pkg
  return { ...view, Status: packageStatus(pkg, now) }
}

/**
 * The repository branch a v1 `Branch` names. The v1 Build API docs: for SVN "'trunk' for the main line or
 * 'branches/*branch name*' for a specific branch"; for Git "'main' for the main line or 'branches/*branch name*'".
 * Any other form answers undefined.
 */
export function branchFromV1(state: EmulatorState, given: string): string | undefined {
  const git = state.app.repository.type === 'git'
  if (given === (git ? 'main' : 'trunk')) return given
  const name = /^branches\/(.+)$/.exec(given)?.[1]
  if (!name) return undefined
  return git ? name : given
}

function environmentView(env: CloudEnvironment): Record<string, unknown> {
  const { packageId: _p, settings: _s, ...view } = env
  return view
}

export function getApp(ctx: RequestContext): Reply {
  requireApp(ctx)
  const c = cloud(ctx)
  return {
    status: 200,
    body: { Name: c.name, Url: `https://${c.appId}.mendixcloud.com`, ProjectId: c.projectId, AppId: c.appId }
  }
}

export function startBuild(ctx: RequestContext): Reply {
  requireApp(ctx)
  const { Branch, Revision, Version, Description } = body(ctx)
  if (
    typeof Branch !== 'string' ||
    !Branch ||
    typeof Revision !== 'string' ||
    !Revision ||
    typeof Version !== 'string'
  ) {
    throw new CloudProblem(
      400,
      'INVALID_PARAMETERS',
      'Not enough parameters given. Please set Revision and Version parameters.'
    )
  }
  if (!VERSION.test(Version)) {
    throw new CloudProblem(
      400,
      'INVALID_VERSION',
      "The Version parameter does not contain a valid version string. Please provide a version with a major, minor and patch number, like '2.3.5'."
    )
  }
  // The Version "is also the name of the tag on the project team server" (Build API); Team Server refuses a tag that
  // exists. The docs list no code for it: VERSION_ALREADY_EXISTS is assumed (docs/assumptions.md).
  const taken = cloud(ctx).packages.find(p => p.Version === Version && p.source !== 'upload' && !p.failure)
  if (taken) {
    throw new CloudProblem(
      400,
      'VERSION_ALREADY_EXISTS',
      `Version '${Version}' already exists as a tag on the team server. Please provide another version.`
    )
  }
  const app = ctx.state.app
  const name = branchFromV1(ctx.state, Branch)
  if (name === undefined) {
    const main = app.repository.type === 'git' ? 'main' : 'trunk'
    throw new CloudProblem(
      400,
      'INVALID_PARAMETERS',
      `Branch '${Branch}' is not a valid branch: use '${main}' for the main line or 'branches/<name>' for a branch.`
    )
  }
  const branch = findBranch(ctx.state, name)
  const resolved = branch ? resolveRevision(ctx.state, branch, Revision) : undefined
  let failure = !branch
    ? `Branch '${Branch}' does not exist.`
    : !resolved
      ? `Revision '${Revision}' was not found on branch '${Branch}'.`
      : app.failingRevisions[resolved]
  const fault = jobFault(ctx, 'build')
  // The Build API's documented "500 | BUILD_FAILED | Build job failed.": the build did not happen.
  if (fault?.outcome === 'refuse')
    throw new CloudProblem(500, 'BUILD_FAILED', fault.message ?? 'Build job failed.')
  if (fault?.outcome === 'fail') failure = fault.message ?? 'The build failed (injected fault).'
  const pkg: CloudPackage = {
    PackageId: randomUUID(),
    Name: `Main-${Version}.mda`,
    Description: typeof Description === 'string' ? Description : '',
    Version,
    Creator: 'API',
    CreationDate: ctx.now,
    Size: 48_000_000,
    readyAt: fault?.outcome === 'stuck' ? Infinity : ctx.now + ctx.durations.buildMs,
    failure,
    source: 'build',
    reads: 0
  }
  cloud(ctx).packages.push(pkg)
  return { status: 200, body: { PackageId: pkg.PackageId } }
}

export function listPackages(ctx: RequestContext): Reply {
  requireApp(ctx)
  return { status: 200, body: cloud(ctx).packages.map(p => packageView(p, ctx.now)) }
}

export function getPackage(ctx: RequestContext): Reply {
  requireApp(ctx)
  const pkg = cloud(ctx).packages.find(p => p.PackageId === ctx.params.packageId)
  if (pkg?.source === 'build') pkg.reads = (pkg.reads ?? 0) + 1
  // A build just started may not be visible yet: its first polls can answer 404 (option cloudBuildPollNotFound).
  const early = pkg?.source === 'build' && (pkg.reads ?? 0) <= ctx.behaviour.cloudBuildPollNotFound
  if (!pkg || early) throw new CloudProblem(404, 'PACKAGE_NOT_FOUND', 'Package or build job not found.')
  return { status: 200, body: packageView(pkg, ctx.now) }
}

export function getEnvironment(ctx: RequestContext): Reply {
  settleStartJobs(ctx)
  return { status: 200, body: environmentView(environment(ctx)) }
}

export function environmentPackage(ctx: RequestContext): Reply {
  const env = environment(ctx)
  const pkg = cloud(ctx).packages.find(p => p.PackageId === env.packageId)
  if (!pkg) throw new CloudProblem(404, 'PACKAGE_NOT_FOUND', 'No package is deployed to this environment.')
  return { status: 200, body: packageView(pkg, ctx.now) }
}

/** A start of this environment still under way, if there is one. */
function startingJob(ctx: RequestContext, env: CloudEnvironment): StartJob | undefined {
  return [...cloud(ctx).startJobs.values()].find(j => j.mode === env.Mode && !j.settled)
}

export function stop(ctx: RequestContext): Reply {
  settleStartJobs(ctx)
  const env = environment(ctx)
  // Deploy API v1, Stop Environment: "500 | STOP_FAILED | Cannot stop app: reason". The app keeps running.
  const fault = jobFault(ctx, 'stop')
  if (fault?.outcome === 'fail') {
    throw new CloudProblem(
      500,
      'STOP_FAILED',
      `Cannot stop app: ${fault.message ?? 'the runtime did not answer the shutdown request'}`
    )
  }
  if (env.Status === 'Running') env.Status = 'Stopped'
  // A stop during a start ends that start (an assumption: the docs do not say; docs/assumptions.md).
  const starting = startingJob(ctx, env)
  if (starting) {
    starting.settled = true
    starting.endsAt = ctx.now
    starting.failure = { code: 'START_FAILED', message: 'Cannot start app: the start was stopped.' }
  }
  return { status: 200, body: {} }
}

export function transport(ctx: RequestContext): Reply {
  settleStartJobs(ctx)
  const env = environment(ctx)
  const { PackageId } = body(ctx)
  if (typeof PackageId !== 'string')
    throw new CloudProblem(400, 'INVALID_PARAMETERS', 'Not enough parameters given. Please set PackageId.')
  // "This action requires the environment to be in the status NotRunning": a starting app is refused too.
  if (env.Status === 'Running' || startingJob(ctx, env)) {
    throw new CloudProblem(
      403,
      'APP_IS_RUNNING',
      `The '${env.Mode}' environment of '${cloud(ctx).appId}' must be stopped to do transport.`
    )
  }
  const pkg = cloud(ctx).packages.find(p => p.PackageId === PackageId)
  if (!pkg || packageStatus(pkg, ctx.now) === 'Failed')
    throw new CloudProblem(404, 'PACKAGE_NOT_FOUND', 'Package not found.')
  // Right after a build the MDA is still being processed; the service answers 503 until it is ready.
  if (ctx.now < pkg.readyAt + ctx.durations.otherMs) {
    // The docs' code has a space: "503 | SERVICE UNAVAILABLE | Cannot transport - MDA is still being processed".
    throw new CloudProblem(
      503,
      'SERVICE UNAVAILABLE',
      'Cannot transport - MDA is still being processed, retry later'
    )
  }
  env.packageId = pkg.PackageId
  env.Status = 'Stopped'
  env.ModelVersion = pkg.Version
  // Constants new in this package appear in the settings only now (option newConstantsInPackage).
  for (const constant of ctx.behaviour.newConstantsInPackage) {
    const name = typeof constant === 'string' ? constant : constant.name
    if (env.settings.Constants.some(c => c.Name === name)) continue
    env.settings.Constants.push(
      typeof constant === 'string'
        ? { Name: name, DataType: 'String', Value: '', DeployedValue: '', missing: true }
        : { Name: name, DataType: constant.dataType ?? 'String', Value: constant.value, DeployedValue: '' }
    )
  }
  return { status: 200, body: {} }
}

function settingsView(settings: CloudSettings): CloudSettings {
  return { ...settings, Constants: settings.Constants.map(({ missing: _m, ...c }) => c) }
}

export function getSettings(ctx: RequestContext): Reply {
  return { status: 200, body: settingsView(environment(ctx).settings) }
}

export function setSettings(ctx: RequestContext): Reply {
  const env = environment(ctx)
  const { Constants, ScheduledEvents } = body(ctx) as {
    Constants?: Array<{ Name?: string; Value?: string }>
    ScheduledEvents?: Array<{ Name?: string; Value?: string }>
  }
  for (const constant of Constants ?? []) {
    const known = env.settings.Constants.find(c => c.Name === constant.Name)
    if (!known) throw new CloudProblem(400, 'CONSTANT_NOT_FOUND', `Constant not found: ${constant.Name}`)
    if (typeof constant.Value === 'string') {
      known.Value = constant.Value
      delete known.missing
    }
  }
  for (const event of ScheduledEvents ?? []) {
    const known = env.settings.ScheduledEvents.find(e => e.Name === event.Name)
    if (!known)
      throw new CloudProblem(400, 'SCHEDULED_EVENT_NOT_FOUND', `Scheduled Event not found: ${event.Name}`)
    if (event.Value !== 'Enabled' && event.Value !== 'Disabled') {
      throw new CloudProblem(
        500,
        'INVALID_SCHEDULED_EVENT_PARAMETER',
        'Scheduled Event parameter should be Enabled or Disabled.'
      )
    }
    known.Value = event.Value
  }
  return { status: 200, body: settingsView(env.settings) }
}

/** Ends start jobs whose time has come: a successful one leaves the environment Running. */
function settleStartJobs(ctx: RequestContext): void {
  for (const job of cloud(ctx).startJobs.values()) {
    if (job.settled || ctx.now < job.endsAt) continue
    job.settled = true
    const env = cloud(ctx).environments.find(e => e.Mode === job.mode)
    if (env && !job.failure) {
      env.Status = 'Running'
      env.databaseModelVersion = env.ModelVersion
      for (const c of env.settings.Constants) c.DeployedValue = c.Value
    }
  }
}

export function start(ctx: RequestContext): Reply {
  settleStartJobs(ctx)
  const env = environment(ctx)
  const { AutoSyncDb } = body(ctx)
  if (AutoSyncDb !== undefined && typeof AutoSyncDb !== 'boolean') {
    throw new CloudProblem(400, 'INVALID_PARAMETERS', 'AutoSyncDb must be true or false.')
  }
  // The older docs answer ALREADY_STARTED with a 500; the current ones with a 200. The emulator follows the current.
  if (env.Status === 'Running') {
    return {
      status: 200,
      body: { errorCode: 'ALREADY_STARTED', errorMessage: 'Cannot start app. App is already running.' }
    }
  }
  if (!env.packageId)
    throw new CloudProblem(500, 'NO_MDA_HAS_BEEN_DEPLOYED', 'Cannot start app. There is no MDA deployed.')
  if (startingJob(ctx, env))
    throw new CloudProblem(
      500,
      'APP_ALREADY_HAS_A_STARTING_JOB',
      'Cannot start app. There is already a starting job id found.'
    )
  const fault = jobFault(ctx, 'start')
  const job: StartJob = {
    id: randomUUID(),
    mode: env.Mode,
    endsAt: fault?.outcome === 'stuck' ? Infinity : ctx.now + ctx.durations.deployMs,
    failure:
      fault?.outcome === 'fail'
        ? {
            code: fault.code ?? 'START_FAILED',
            message: fault.message ?? 'Cannot start app: the runtime did not start.'
          }
        : env.settings.Constants.some(c => c.missing)
          ? { code: 'MISSING_CONSTANT', message: 'Cannot start app. Missing one or more constant values.' }
          : AutoSyncDb === false && env.ModelVersion !== env.databaseModelVersion
            ? {
                code: 'INVALID_DB_STRUCTURE',
                message:
                  'Cannot start app. The database is out-of-sync with the model. Please set AutoSyncDb parameter to true to synchronize the database automatically on startup.'
              }
            : undefined,
    settled: false
  }
  cloud(ctx).startJobs.set(job.id, job)
  return { status: 200, body: { JobId: job.id } }
}

export function startStatus(ctx: RequestContext): Reply {
  settleStartJobs(ctx)
  environment(ctx)
  const job = cloud(ctx).startJobs.get(ctx.params.jobId)
  if (!job) throw new CloudProblem(404, 'NO_SUCH_STARTJOB', 'Job not found.')
  const alreadyStarted = ctx.behaviour.startStatusAlreadyStarted
  if (alreadyStarted && !job.failure) {
    // The app got running by other means (the portal, another start): the status answers ALREADY_STARTED.
    job.endsAt = Math.min(job.endsAt, ctx.now)
    settleStartJobs(ctx)
    const body = { errorCode: 'ALREADY_STARTED', errorMessage: 'Cannot start app. App is already running.' }
    if (alreadyStarted === 200) return { status: 200, body }
    throw new CloudProblem(500, body.errorCode, body.errorMessage)
  }
  if (ctx.now < job.endsAt) return { status: 200, body: { Status: 'Starting' } }
  // A failed start is reported as an HTTP error with the documented code.
  if (job.failure) throw new CloudProblem(500, job.failure.code, job.failure.message)
  return { status: 200, body: { Status: 'Started' } }
}

function snapshotEnvironment(ctx: RequestContext): CloudEnvironment {
  if (ctx.params.projectId !== cloud(ctx).projectId)
    throw new CloudProblem(404, 'APP_NOT_FOUND', 'App not found.')
  const env = cloud(ctx).environments.find(e => e.EnvironmentId === ctx.params.environmentId)
  if (!env) throw new CloudProblem(404, 'ENVIRONMENT_NOT_FOUND', 'Environment not found.')
  return env
}

function snapshotView(snapshot: Snapshot, now: number): Record<string, unknown> {
  const state =
    now < snapshot.createdAt + 200
      ? 'queued'
      : now < snapshot.endsAt
        ? 'running'
        : snapshot.failure
          ? 'failed'
          : 'completed'
  return {
    snapshot_id: snapshot.snapshot_id,
    comment: snapshot.comment,
    state,
    status_message: state === 'failed' ? snapshot.failure : state === 'completed' ? 'Snapshot created' : '',
    model_version: '1.4.0.57',
    created_at: new Date(snapshot.createdAt).toISOString(),
    finished_at: state === 'completed' || state === 'failed' ? new Date(snapshot.endsAt).toISOString() : null,
    expires_at: new Date(snapshot.createdAt + 30 * 86_400_000).toISOString()
  }
}

export function createSnapshot(ctx: RequestContext): Reply {
  const env = snapshotEnvironment(ctx)
  const { comment } = body(ctx)
  const fault = jobFault(ctx, 'backup')
  const snapshot: Snapshot = {
    snapshot_id: randomUUID(),
    environmentId: env.EnvironmentId,
    comment: typeof comment === 'string' ? comment : '',
    createdAt: ctx.now,
    endsAt:
      fault?.outcome === 'stuck'
        ? Infinity
        : fault?.outcome === 'slow'
          ? ctx.now + (fault.durationMs ?? 10_000)
          : ctx.now + Math.max(300, ctx.durations.otherMs * 3),
    failure: fault?.outcome === 'fail' ? (fault.message ?? 'The database backup failed.') : undefined
  }
  cloud(ctx).snapshots.push(snapshot)
  return { status: 201, body: snapshotView(snapshot, ctx.now) }
}

export function listSnapshots(ctx: RequestContext): Reply {
  const env = snapshotEnvironment(ctx)
  const all = cloud(ctx)
    .snapshots.filter(s => s.environmentId === env.EnvironmentId)
    .reverse()
  const offset = Number(ctx.query.get('offset') ?? 0)
  const limit = Number(ctx.query.get('limit') ?? 100)
  const page = all.slice(offset, offset + limit).map(s => snapshotView(s, ctx.now))
  return { status: 200, body: { snapshots: page, total: all.length, offset, limit } }
}

export function getSnapshot(ctx: RequestContext): Reply {
  snapshotEnvironment(ctx)
  const snapshot = cloud(ctx).snapshots.find(s => s.snapshot_id === ctx.params.snapshotId)
  if (!snapshot) throw new CloudProblem(404, 'SNAPSHOT_NOT_FOUND', 'Snapshot not found.')
  return { status: 200, body: snapshotView(snapshot, ctx.now) }
}

/** The version an uploaded MDA's name carries (`calc_1.0.0.45.mda`), or 1.0.0. */
function versionOf(name: string): string {
  return /(\d+\.\d+\.\d+)(?:\.\d+)?\.mda$/i.exec(name)?.[1] ?? '1.0.0'
}

/**
 * Deploy API v2 upload: `POST /api/v2/apps/<AppId>/packages/upload?name=<file>.mda`, multipart with the file in
 * the part `file` (the docs' curl example). The body is streamed: counted and hashed, never held.
 */
export async function uploadPackage(ctx: RequestContext): Promise<Reply> {
  requireApp(ctx)
  const request = ctx.request
  if (!request) throw new Error('the upload route must be streamed')
  let read: Awaited<ReturnType<typeof readMultipartStream>>
  try {
    read = await readMultipartStream(ctx.headers['content-type'], request)
  } catch (error) {
    request.resume()
    throw new CloudProblem(400, 'INVALID_PARAMETERS', `The upload is not valid multipart: ${String(error)}`)
  }
  if (!read) {
    request.resume()
    throw new CloudProblem(
      400,
      'INVALID_PARAMETERS',
      'Content-Type must be multipart/form-data with a boundary.'
    )
  }
  const recordedBody = { multipartBytes: read.bytes }
  const file = read.parts.find(p => p.name === 'file')
  if (!file) {
    const problem = new CloudProblem(
      400,
      'INVALID_PARAMETERS',
      "No file given: send the package in the part 'file'."
    )
    return {
      status: problem.status,
      body: { errorCode: problem.code, errorMessage: problem.message },
      recordedBody
    }
  }
  if (file.size > ctx.behaviour.uploadLimitBytes) {
    return {
      status: 413,
      body: {
        errorCode: 'PACKAGE_TOO_LARGE',
        errorMessage: `The package is ${file.size} bytes; at most ${ctx.behaviour.uploadLimitBytes} can be uploaded.`
      },
      recordedBody
    }
  }
  const name = ctx.query.get('name') || 'default.mda'
  const fault = jobFault(ctx, 'upload')
  const durationMs = Math.max(1, ctx.durations.otherMs)
  const job: UploadJob = {
    id: randomUUID(),
    packageId: randomUUID(),
    createdAt: ctx.now,
    endsAt: fault?.outcome === 'stuck' ? Infinity : ctx.now + durationMs,
    failure:
      fault?.outcome === 'fail'
        ? (fault.message ?? 'The package could not be processed (injected fault).')
        : undefined
  }
  cloud(ctx).uploadJobs.set(job.id, job)
  cloud(ctx).packages.push({
    PackageId: job.packageId,
    Name: name,
    Description: '',
    Version: versionOf(name),
    Creator: 'API',
    CreationDate: ctx.now,
    Size: file.size,
    readyAt: job.endsAt,
    failure: job.failure,
    source: 'upload'
  })
  return { status: 200, body: { PackageId: job.packageId, JobId: job.id }, recordedBody }
}

/** Deploy API v2 job status: `{"Status": "Queued" | "Running" | "Completed" | "Failed"}`. */
export function uploadJobStatus(ctx: RequestContext): Reply {
  requireApp(ctx)
  const job = cloud(ctx).uploadJobs.get(ctx.params.jobId)
  if (!job) throw new CloudProblem(404, 'JOB_NOT_FOUND', 'Job not found.')
  const queuedUntil = job.createdAt + Math.min(200, (job.endsAt - job.createdAt) * 0.1)
  const Status =
    ctx.now < queuedUntil ? 'Queued' : ctx.now < job.endsAt ? 'Running' : job.failure ? 'Failed' : 'Completed'
  return { status: 200, body: { Status } }
}
