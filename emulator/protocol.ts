/** The pieces every route shares: request context, replies, the spec's error body, and job creation. */
import { randomUUID } from 'node:crypto'
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http'
import type { FaultPlan } from './faults.js'
import type { ValidateFunction } from 'ajv'
import { describeErrors, type InvalidParam } from './schemas.js'
import type { EmulatorState, JobKind, JobRecord } from './state.js'

export interface Durations {
  /** How long a build job takes, in milliseconds. */
  buildMs: number
  /** How long a manifest update (deploy) job takes. */
  deployMs: number
  /** How long upload, delete and create-environment jobs take. */
  otherMs: number
  /**
   * How long the pods take to become ready after a deploy job finishes: reads show `Processing` meanwhile (after
   * the `rolloutReads`). Default 0: the rollout is then seen in reads alone, whatever the machine's speed.
   */
  rolloutMs: number
}

/** A constant new in a transported package: a bare name has no value until one is set; start fails until then. */
export type NewConstant = string | { name: string; value: string; dataType?: string }

/**
 * Behaviours the real services may show that the docs do not rule out. Each defaults to the emulator's plain
 * behaviour; tests turn them on to check that the action copes.
 */
export interface Behaviour {
  /**
   * The Location header of a Private Cloud 202: `absolute` (`http://host/api/v4/jobs/<id>`), `path`
   * (`/api/v4/jobs/<id>`), or `v3`, the docs' example (`http://host/api/v3/jobs/<id>`).
   */
  locationStyle: 'absolute' | 'path' | 'v3'
  /** Whether `GET /api/v3/jobs/<id>` is served; when not, it is an unknown endpoint (404). */
  serveV3Jobs: boolean
  /** The first n reads of each new Private Cloud job answer 404, as if the job were not yet visible. */
  jobPollNotFound: number
  /** After a manifest PUT, the next n reads of that environment still show the manifest from before the PUT. */
  laggingReads: number
  /** Reads without `container.state`: the first n reads after each PUT, or every read. */
  omitState: number | 'always'
  /**
   * After a deploy job finishes, the next n reads show the new manifest (its packageId: the desired state) with
   * the `container.state` from before the PUT: a stale `Ready` of the old pods, or a stale `Failed` of an earlier
   * bad deploy. The docs do not say how soon `container.state` follows a finished job.
   */
  staleStateReads: number
  /** Then the next n reads show `Processing` (the rollout seen under way) before the state the job left. */
  rolloutReads: number
  /** 400 messages: `detailed` repeats the reasons in `message`; `generic` gives the spec's example text only. */
  validationMessage: 'detailed' | 'generic'
  /** The first n polls of each new v1 build answer 404 PACKAGE_NOT_FOUND. */
  cloudBuildPollNotFound: number
  /** When set, polls of a v1 start job answer ALREADY_STARTED with this HTTP status (the app is running). */
  startStatusAlreadyStarted: false | 200 | 500
  /** Constants a transport adds to the environment's settings. */
  newConstantsInPackage: NewConstant[]
  /** The largest file the v2 upload takes (the docs: 1 GB). */
  uploadLimitBytes: number
}

export const PLAIN_BEHAVIOUR: Behaviour = {
  locationStyle: 'absolute',
  serveV3Jobs: false,
  jobPollNotFound: 0,
  laggingReads: 0,
  omitState: 0,
  staleStateReads: 0,
  rolloutReads: 1,
  validationMessage: 'detailed',
  cloudBuildPollNotFound: 0,
  startStatusAlreadyStarted: false,
  newConstantsInPackage: [],
  uploadLimitBytes: 1024 ** 3
}

export interface RequestContext {
  params: Record<string, string>
  query: URLSearchParams
  headers: IncomingHttpHeaders
  rawBody: Buffer
  now: number
  state: EmulatorState
  durations: Durations
  faults: FaultPlan
  /** The API base URL this emulator serves, e.g. http://127.0.0.1:4321/api/v4. */
  baseUrl: string
  behaviour: Behaviour
  /** The request itself, for routes that stream the body (rawBody is then empty). */
  request?: IncomingMessage
}

export interface Reply {
  status: number
  body?: unknown
  headers?: Record<string, string>
  /** What the traffic record shows as the request body, for streamed requests. */
  recordedBody?: unknown
  /** A body that is not JSON (a file download), sent as it is instead of `body`. */
  raw?: { data: Buffer; contentType: string }
}

/** An error the route answers with the spec's error body. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly invalidParams: InvalidParam[] = []
  ) {
    super(message)
  }
}

export function errorBody(status: number, message: string, invalidParams: InvalidParam[] = []): unknown {
  return {
    error: { code: status, message, ...(invalidParams.length ? { 'invalid-params': invalidParams } : {}) }
  }
}

/** The classic Mendix Cloud and App Repository error: `{"errorCode","errorMessage"}`. */
export function cloudError(status: number, code: string, message: string): Reply {
  return { status, body: { errorCode: code, errorMessage: message } }
}

/** Writes a reply as JSON; `truncate` sends the first half of the body only (fault `truncate`). */
export function send(res: ServerResponse, reply: Reply, truncate = false): void {
  if (reply.raw) {
    const data = truncate ? reply.raw.data.subarray(0, Math.floor(reply.raw.data.length / 2)) : reply.raw.data
    res.writeHead(reply.status, {
      'Content-Type': reply.raw.contentType,
      ...reply.headers,
      'Content-Length': data.length
    })
    return void res.end(data)
  }
  const text = reply.body === undefined ? '' : JSON.stringify(reply.body)
  const payload = truncate ? text.slice(0, Math.floor(text.length / 2)) : text
  res.writeHead(reply.status, {
    ...(text ? { 'Content-Type': 'application/json' } : {}),
    ...reply.headers,
    'Content-Length': Buffer.byteLength(payload)
  })
  res.end(payload)
}

/** Parses a JSON body or answers 400 saying it is not JSON. */
export function jsonBody(ctx: RequestContext): unknown {
  try {
    return JSON.parse(ctx.rawBody.toString('utf8'))
  } catch {
    throw new ApiProblem(400, 'Request validation errors: the body is not valid JSON', [
      { name: 'body', reason: 'must be a JSON document' }
    ])
  }
}

export interface NewJob {
  kind: JobKind
  details: string
  durationMs: number
  failure?: string
  stuck?: boolean
  /** The job finishes, but what it deployed does not come up (container state Failed). */
  unhealthy?: boolean
  /** A deploy job that finishes while the new pods never become ready: the container stays Processing. */
  neverReady?: boolean
  log?: string[]
  onFinish?: () => void
  onFail?: () => void
}

/** Creates a job that moves created -> running -> finished/failed over its duration. */
export function createJob(ctx: RequestContext, spec: NewJob): JobRecord {
  const createdPhase = Math.min(250, spec.durationMs * 0.1)
  const job: JobRecord = {
    id: randomUUID(),
    kind: spec.kind,
    details: spec.details,
    createdAt: ctx.now,
    startsAt: ctx.now + createdPhase,
    endsAt: spec.stuck ? Infinity : ctx.now + spec.durationMs,
    failure: spec.failure,
    log: spec.log ?? [],
    onFinish: spec.onFinish,
    onFail: spec.onFail,
    settled: false
  }
  ctx.state.jobs.set(job.id, job)
  return job
}

/** Where a 202's Location header points, in the configured style. */
export function jobLocation(ctx: RequestContext, jobId: string): string {
  const base = new URL(ctx.baseUrl)
  if (ctx.behaviour.locationStyle === 'path') return `${base.pathname}/jobs/${jobId}`
  if (ctx.behaviour.locationStyle === 'v3') return `${base.origin}/api/v3/jobs/${jobId}`
  return `${ctx.baseUrl}/jobs/${jobId}`
}

/** The 202 every write answers with: the job body and a Location header pointing at it. */
export function acceptedJob(ctx: RequestContext, job: JobRecord): Reply {
  return {
    status: 202,
    headers: { Location: jobLocation(ctx, job.id) },
    body: { id: job.id, status: 'created', details: job.details }
  }
}

/** Applies the fault plan's next job fault of this kind to a job spec. */
export function withJobFault(
  ctx: RequestContext,
  job: 'build' | 'deploy' | 'upload' | 'create' | 'delete',
  spec: NewJob
): NewJob {
  const fault = ctx.faults.takeJobFault(job)
  if (!fault) return spec
  if (fault.outcome === 'stuck') return { ...spec, stuck: true }
  if (fault.outcome === 'unhealthy') return { ...spec, unhealthy: true }
  if (fault.outcome === 'never-ready') return { ...spec, neverReady: true }
  return { ...spec, failure: fault.message ?? `The ${job} job failed (injected fault).` }
}

/** 404 with the spec's example body unless the path names the seeded app. */
export function requireApp(ctx: RequestContext): void {
  if (ctx.params.appId !== ctx.state.app.appId) {
    throw new ApiProblem(404, 'App not found', [
      { name: 'Validation', reason: `App ${ctx.params.appId} could not be found` }
    ])
  }
}

/** Answers 400 naming every field the body gets wrong; otherwise returns the body. */
export function validated<T>(validate: ValidateFunction, body: unknown): T {
  if (!validate(body)) {
    const invalid = describeErrors(validate.errors)
    throw new ApiProblem(
      400,
      `Request validation errors: ${invalid.map(i => `${i.name} ${i.reason}`).join('; ')}`,
      invalid
    )
  }
  return body as T
}
