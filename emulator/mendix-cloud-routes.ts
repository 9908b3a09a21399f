/**
 * The classic Mendix Cloud: Build API v1, Deploy API v1 and Backups API v2, from the prose docs (there is no
 * OpenAPI file for them). The docs list error codes but not the error body; the emulator answers with
 * `{"errorCode","errorMessage"}`, the shape the v1 service sends.
 */
import { randomUUID } from 'node:crypto'
import type { JobFaultRule } from './faults.js'
import type { Reply, RequestContext } from './protocol.js'
import type { CloudEnvironment, CloudPackage, Snapshot, StartJob } from './state.js'

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
  if (now < pkg.readyAt) return 'Building'
  return pkg.failure ? 'Failed' : 'Succeeded'
}

function packageView(pkg: CloudPackage, now: number): Record<string, unknown> {
  const { readyAt: _r, failure: _f, ...view } = pkg
  return { ...view, Status: packageStatus(pkg, now) }
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
  const app = ctx.state.app
  const revisions = app.branches[Branch]
  const resolved = revisions?.find(r => r === Revision || (Revision.length >= 7 && r.startsWith(Revision)))
  let failure = !revisions
    ? `Branch '${Branch}' does not exist.`
    : !resolved
      ? `Revision '${Revision}' was not found on branch '${Branch}'.`
      : app.failingRevisions[resolved]
  const fault = jobFault(ctx, 'build')
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
    failure
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
  if (!pkg) throw new CloudProblem(404, 'PACKAGE_NOT_FOUND', 'Package or build job not found.')
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

export function stop(ctx: RequestContext): Reply {
  settleStartJobs(ctx)
  const env = environment(ctx)
  if (env.Status === 'Running') env.Status = 'Stopped'
  return { status: 200, body: {} }
}

export function transport(ctx: RequestContext): Reply {
  const env = environment(ctx)
  const { PackageId } = body(ctx)
  if (typeof PackageId !== 'string')
    throw new CloudProblem(400, 'INVALID_PARAMETERS', 'Not enough parameters given. Please set PackageId.')
  if (env.Status === 'Running') {
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
    throw new CloudProblem(
      503,
      'PACKAGE_NOT_READY',
      'The deployment package is still being processed. Please try again later.'
    )
  }
  env.packageId = pkg.PackageId
  env.Status = 'Stopped'
  env.ModelVersion = pkg.Version
  return { status: 200, body: {} }
}

export function getSettings(ctx: RequestContext): Reply {
  return { status: 200, body: environment(ctx).settings }
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
    if (typeof constant.Value === 'string') known.Value = constant.Value
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
  return { status: 200, body: env.settings }
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
  const running = [...cloud(ctx).startJobs.values()].find(j => j.mode === env.Mode && !j.settled)
  if (running)
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
    endsAt: fault?.outcome === 'stuck' ? Infinity : ctx.now + Math.max(300, ctx.durations.otherMs * 3),
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
