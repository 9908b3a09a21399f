/**
 * A local emulator of the Mendix for Private Cloud Build and Deploy APIs (v4), the classic Mendix Cloud APIs
 * (v1, v2) and the App Repository API: a real HTTP server on 127.0.0.1 with token scopes, asynchronous jobs,
 * request validation, fault injection, behaviours the docs leave open, and a traffic record.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import * as build from './build-routes.js'
import * as deploy from './deploy-routes.js'
import * as preview from './preview-routes.js'
import * as cloud from './mendix-cloud-routes.js'
import * as repository from './repository-routes.js'
import { FaultPlan, type Fault, type FaultRule, type JobFaultRule, type Operation } from './faults.js'
import {
  ApiProblem,
  errorBody,
  PLAIN_BEHAVIOUR,
  type Behaviour,
  type Durations,
  type NewConstant,
  type Reply,
  type RequestContext
} from './protocol.js'
import { ALL_SCOPES, DEMO_TOKEN, SEED, seedState } from './seed.js'
import { settleJobs, type EmulatorState } from './state.js'
import { redactHeaders, type TrafficEntry } from './traffic.js'
import { UnitTestApps, type UnitTestAppOptions } from './unit-test-routes.js'

export { DEMO_TOKEN, ALL_SCOPES, SEED }
export type { Behaviour, Fault, FaultRule, JobFaultRule, NewConstant, Operation, TrafficEntry, EmulatorState }

const BUILD_READ = 'mx:privatecloud-build:read'
const BUILD_WRITE = 'mx:privatecloud-build:write'
const DEPLOY_READ = 'mx:deployment:read'
const DEPLOY_WRITE = 'mx:deployment:write'
const REPOSITORY_READ = 'mx:modelrepository:repo:read'

/** Mendix Cloud (v1/v2) permissions: API Rights always, Transport Rights or Access to Backups on top. */
type CloudRight = 'api' | 'transport' | 'backups'

interface Route {
  method: string
  pattern: RegExp
  names: string[]
  operation: Operation
  /** Private Cloud: alternatives, the token must hold every scope of at least one of them. */
  scopes: string[][]
  /** Mendix Cloud: the rights the API key's user needs; set for v1/v2 routes, which use API-key auth. */
  rights?: CloudRight[]
  /** App Repository API: PAT auth with its own error body. */
  repository?: boolean
  /** The handler reads the request body as a stream (ctx.request); the body is not read up front. */
  streamed?: boolean
  handle: (ctx: RequestContext) => Reply | Promise<Reply>
}

function compile(template: string): { pattern: RegExp; names: string[] } {
  const names: string[] = []
  const source = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name)
    return '([^/]+)'
  })
  // The v1 docs write some paths with a trailing slash and some without; both are served.
  return { pattern: new RegExp(`^${source}/?$`), names }
}

function route(
  method: string,
  template: string,
  operation: Operation,
  scopes: string[][],
  handle: Route['handle']
): Route {
  return { method, ...compile(`/api/v4${template}`), operation, scopes, handle }
}

function cloudRoute(
  method: string,
  template: string,
  operation: Operation,
  rights: CloudRight[],
  handle: Route['handle']
): Route {
  return { method, ...compile(template), operation, scopes: [], rights, handle }
}

/** An App Repository API route, under the docs' base path /v1. */
function repositoryRoute(template: string, operation: Operation, handle: Route['handle']): Route {
  return {
    method: 'GET',
    ...compile(`/v1/repositories/{appId}${template}`),
    operation,
    scopes: [[REPOSITORY_READ]],
    repository: true,
    handle
  }
}

const v1App = '/api/1/apps/{appId}'
const v2App = '/api/v2/apps/{appId}'
const v1Env = `${v1App}/environments/{mode}`
const v2Snapshots = '/api/v2/apps/{projectId}/environments/{environmentId}/snapshots'

const buildRead = [[BUILD_READ], [BUILD_WRITE]]
const deployRead = [[DEPLOY_READ], [DEPLOY_WRITE]]

const ROUTES: Route[] = [
  route(
    'POST',
    '/apps/{appId}/packages/build',
    'build',
    [[BUILD_WRITE, 'mx:modelrepository:write']],
    build.buildPackage
  ),
  route('POST', '/apps/{appId}/packages', 'upload', [[BUILD_WRITE]], build.uploadPackage),
  route('GET', '/apps/{appId}/packages', 'listPackages', buildRead, build.listPackages),
  route('GET', '/apps/{appId}/packages/{packageId}', 'getPackage', buildRead, build.getPackage),
  route(
    'DELETE',
    '/apps/{appId}/packages/{packageId}',
    'deletePackage',
    [[BUILD_WRITE]],
    build.deletePackage
  ),
  // Both specs define this path: a job may come from either API, so either API's read scope will do.
  route('GET', '/jobs/{jobId}', 'getJob', [...buildRead, ...deployRead], build.getJob),
  route('GET', '/apps/{appId}', 'getApp', deployRead, deploy.getApp),
  route('GET', '/apps/{appId}/environments', 'listEnvironments', deployRead, deploy.listEnvironments),
  route(
    'POST',
    '/apps/{appId}/environments',
    'createEnvironment',
    [[DEPLOY_WRITE]],
    preview.createEnvironment
  ),
  route(
    'DELETE',
    '/apps/{appId}/namespaces/{namespaceId}/environments/{environmentId}',
    'deleteEnvironment',
    [[DEPLOY_WRITE]],
    preview.deleteEnvironment
  ),
  route(
    'GET',
    '/apps/{appId}/namespaces/{namespaceId}/environments/{environmentId}',
    'getEnvironment',
    deployRead,
    deploy.getEnvironment
  ),
  route(
    'PUT',
    '/apps/{appId}/namespaces/{namespaceId}/environments/{environmentId}',
    'putEnvironment',
    [[DEPLOY_WRITE]],
    deploy.putEnvironment
  ),
  route(
    'GET',
    '/apps/{appId}/environments/{environmentId}',
    'getEnvironmentDeprecated',
    deployRead,
    deploy.getEnvironmentDeprecated
  ),
  route(
    'PUT',
    '/apps/{appId}/environments/{environmentId}',
    'putEnvironmentDeprecated',
    [[DEPLOY_WRITE]],
    deploy.putEnvironmentDeprecated
  ),
  cloudRoute('GET', v1App, 'cloudGetApp', ['api'], cloud.getApp),
  cloudRoute('POST', `${v1App}/packages`, 'cloudBuild', ['api'], cloud.startBuild),
  cloudRoute('GET', `${v1App}/packages`, 'cloudListPackages', ['api'], cloud.listPackages),
  cloudRoute('GET', `${v1App}/packages/{packageId}`, 'cloudGetPackage', ['api'], cloud.getPackage),
  cloudRoute('GET', v1Env, 'cloudGetEnvironment', ['api'], cloud.getEnvironment),
  cloudRoute('GET', `${v1Env}/package`, 'cloudEnvironmentPackage', ['api'], cloud.environmentPackage),
  cloudRoute('POST', `${v1Env}/stop`, 'cloudStop', ['api', 'transport'], cloud.stop),
  cloudRoute('POST', `${v1Env}/transport`, 'cloudTransport', ['api', 'transport'], cloud.transport),
  cloudRoute('GET', `${v1Env}/settings`, 'cloudGetSettings', ['api'], cloud.getSettings),
  cloudRoute('POST', `${v1Env}/settings`, 'cloudSetSettings', ['api', 'transport'], cloud.setSettings),
  cloudRoute('POST', `${v1Env}/start`, 'cloudStart', ['api', 'transport'], cloud.start),
  cloudRoute('GET', `${v1Env}/start/{jobId}`, 'cloudStartStatus', ['api'], cloud.startStatus),
  {
    ...cloudRoute(
      'POST',
      `${v2App}/packages/upload`,
      'cloudUpload',
      ['api', 'transport'],
      cloud.uploadPackage
    ),
    streamed: true
  },
  cloudRoute('GET', `${v2App}/jobs/{jobId}`, 'cloudJob', ['api'], cloud.uploadJobStatus),
  cloudRoute('POST', v2Snapshots, 'backupCreate', ['api', 'backups'], cloud.createSnapshot),
  cloudRoute('GET', v2Snapshots, 'backupList', ['api', 'backups'], cloud.listSnapshots),
  cloudRoute('GET', `${v2Snapshots}/{snapshotId}`, 'backupGet', ['api', 'backups'], cloud.getSnapshot),
  repositoryRoute('/info', 'repositoryInfo', repository.getInfo),
  repositoryRoute('/branches', 'repositoryBranches', repository.listBranches),
  repositoryRoute('/branches/{branchName}', 'repositoryBranch', repository.getBranch),
  repositoryRoute('/branches/{branchName}/commits', 'repositoryCommits', repository.listCommits)
]

/** The docs' example job Location, /api/v3/jobs/{id}: served only when asked (behaviour serveV3Jobs). */
const V3_JOB_ROUTE: Route = {
  method: 'GET',
  ...compile('/api/v3/jobs/{jobId}'),
  operation: 'getJobV3',
  scopes: [...buildRead, ...deployRead],
  handle: build.getJob
}

type ContainerState = 'Ready' | 'Processing' | 'Failed' | 'Unknown'

export interface EmulatorOptions {
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number
  /** Job durations in milliseconds. */
  durations?: { [K in keyof Durations]?: number | undefined }
  /** Token -> scopes. Default: the demo token with every scope. */
  tokens?: Record<string, string[]>
  faults?: FaultRule[]
  jobFaults?: JobFaultRule[]
  /** The clock; tests may move it by hand. */
  now?: () => number
  /** The Team Server repository of the seeded app: Git (`main`, `feature-x`) or SVN (`trunk`, `branches/feature-x`). */
  repository?: 'git' | 'svn'
  /** `container.state` to start with, by environment id, e.g. `{ q8g3ns76: 'Failed' }` (a broken earlier deploy). */
  initialState?: Record<string, ContainerState>
  /** Private Cloud 202 Location: `absolute` (default), `path` (`/api/v4/jobs/<id>`) or `v3` (the docs' example). */
  locationStyle?: Behaviour['locationStyle']
  /** Serve `GET /api/v3/jobs/<id>` too (default false: an action that follows a v3 Location gets a 404). */
  serveV3Jobs?: boolean
  /** The first n reads of each new Private Cloud job answer 404 (default 0). */
  jobPollNotFound?: number
  /** After a manifest PUT, the next n reads of that environment (GET, deprecated GET, list) show it as before. */
  laggingReads?: number
  /** Leave `container.state` out of the first n manifest reads after each PUT, or out of every read. */
  omitState?: number | 'always'
  /** 400 messages: `detailed` (default) repeats the reasons; `generic` leaves them to `invalid-params` alone. */
  validationMessage?: Behaviour['validationMessage']
  /** The first n polls of each new v1 build answer 404 PACKAGE_NOT_FOUND (default 0). */
  cloudBuildPollNotFound?: number
  /** Polls of a v1 start job answer ALREADY_STARTED: true uses the documented 500; or pick the status. */
  startStatusAlreadyStarted?: boolean | { status: 200 | 500 }
  /** Constants a transport adds to the environment's settings: a name (no value; start fails until set) or a value. */
  newConstantsInPackage?: NewConstant[]
  /** The largest file the v2 upload accepts, in bytes (default 1 GiB). */
  uploadLimitBytes?: number
  /** Every app's UnitTesting remote API (unit-test-routes.ts): tests, password, duration, faults. */
  unitTests?: Partial<UnitTestAppOptions>
}

/** The behaviours the options ask for, the rest plain. */
function behaviourOf(options: EmulatorOptions): Behaviour {
  const already = options.startStatusAlreadyStarted
  return {
    locationStyle: options.locationStyle ?? PLAIN_BEHAVIOUR.locationStyle,
    serveV3Jobs: options.serveV3Jobs ?? PLAIN_BEHAVIOUR.serveV3Jobs,
    jobPollNotFound: options.jobPollNotFound ?? PLAIN_BEHAVIOUR.jobPollNotFound,
    laggingReads: options.laggingReads ?? PLAIN_BEHAVIOUR.laggingReads,
    omitState: options.omitState ?? PLAIN_BEHAVIOUR.omitState,
    validationMessage: options.validationMessage ?? PLAIN_BEHAVIOUR.validationMessage,
    cloudBuildPollNotFound: options.cloudBuildPollNotFound ?? PLAIN_BEHAVIOUR.cloudBuildPollNotFound,
    startStatusAlreadyStarted: already === true ? 500 : already ? already.status : false,
    newConstantsInPackage: options.newConstantsInPackage ?? PLAIN_BEHAVIOUR.newConstantsInPackage,
    uploadLimitBytes: options.uploadLimitBytes ?? PLAIN_BEHAVIOUR.uploadLimitBytes
  }
}

export interface EmulatorControl {
  /** Adds a fault rule for the requests that follow. */
  inject(rule: FaultRule): void
  /** Makes the next jobs of a kind stick in `running` or fail. */
  injectJobFault(rule: JobFaultRule): void
  clearFaults(): void
  setDurations(durations: Partial<Durations>): void
  setTokens(tokens: Record<string, string[]>): void
  /** Serves each environment's app at <origin>/app/<environmentId>, for health checks. */
  serveApps(): void
  /** Forces the status the app of an environment answers with (otherwise 200 while Ready, else 503). */
  setAppHealth(environmentId: string, status: number): void
  /** Changes behaviours for the requests that follow, e.g. `{ laggingReads: 3 }`. */
  setBehaviour(next: Partial<Behaviour>): void
  /** Sets the UnitTesting remote API of the app at <origin>/app/<appId> (any id: a Mendix Cloud one too). */
  setUnitTests(appId: string, options: Partial<UnitTestAppOptions>): void
}

export interface Emulator {
  /** The API base URL, e.g. http://127.0.0.1:41234/api/v4. */
  url: string
  /** The Mendix Cloud v1 base URL, e.g. http://127.0.0.1:41234/api/1 (Backups v2 is beside it). */
  cloudUrl: string
  /** The Deploy API v2 base URL (package upload and its jobs), e.g. http://127.0.0.1:41234/api/v2. */
  cloudV2Url: string
  /** The App Repository API base URL, e.g. http://127.0.0.1:41234/v1 (the docs: https://repository.api.mendix.com/v1). */
  repositoryUrl: string
  port: number
  token: string
  seed: typeof SEED
  control: EmulatorControl
  /** Every request served so far, oldest first. */
  traffic: TrafficEntry[]
  state: EmulatorState
  close(): Promise<void>
}

const MAX_BODY_BYTES = 64 * 1024 * 1024

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) req.destroy(new Error('body too large'))
      else chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function recordedBody(req: IncomingMessage, raw: Buffer): unknown {
  if (raw.length === 0) return undefined
  if ((req.headers['content-type'] ?? '').startsWith('multipart/')) return { multipartBytes: raw.length }
  const text = raw.toString('utf8')
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

function cloudError(status: number, code: string, message: string): Reply {
  return { status, body: { errorCode: code, errorMessage: message } }
}

/** Mendix-Username and Mendix-ApiKey must name a user with the key; the user must hold the rights. */
function authorizeApiKey(
  req: IncomingMessage,
  users: EmulatorState['cloud']['users'],
  rights: CloudRight[],
  upload = false
): Reply | undefined {
  const username = String(req.headers['mendix-username'] ?? '')
  const user = users[username]
  if (!user || req.headers['mendix-apikey'] !== user.apiKey) {
    return cloudError(401, 'UNAUTHORIZED', 'Missing or invalid Mendix-Username or Mendix-ApiKey header.')
  }
  const missing = rights.filter(right => !user[right])
  if (missing.length) {
    const names = { api: 'API Rights', transport: 'Transport Rights', backups: 'Access to Backups' }
    return cloudError(
      403,
      'NO_ACCESS',
      `You do not have access: this needs ${missing.map(r => names[r]).join(' and ')}.`
    )
  }
  // The docs require Content-Type: application/json on every call but the upload.
  if (!upload && !String(req.headers['content-type'] ?? '').startsWith('application/json')) {
    return cloudError(400, 'INVALID_PARAMETERS', 'Content-Type must be application/json.')
  }
  return undefined
}

/** 401 for a missing or malformed Authorization header or an unknown token; 403 for a token without the scope. */
function authorize(
  req: IncomingMessage,
  tokens: Record<string, string[]>,
  needed: string[][]
): Reply | undefined {
  const header = req.headers.authorization ?? ''
  const match = /^MxToken (\S+)$/.exec(header)
  if (!match || !(match[1] in tokens)) {
    return {
      status: 401,
      body: errorBody(401, 'Unauthorized', [
        { name: 'Authentication', reason: 'Missing or invalid Authorization header' }
      ])
    }
  }
  const held = new Set(tokens[match[1]])
  if (!needed.some(all => all.every(scope => held.has(scope)))) {
    const wanted = needed.map(all => all.join(' and ')).join(' or ')
    return {
      status: 403,
      body: errorBody(403, 'Forbidden', [
        { name: 'Authentication', reason: `The token lacks the scope ${wanted}` }
      ])
    }
  }
  return undefined
}

/** App Repository API auth: the same PATs, with the documented `{errorCode, errorMessage}` body. */
function authorizeRepository(req: IncomingMessage, tokens: Record<string, string[]>): Reply | undefined {
  const match = /^MxToken (\S+)$/.exec(req.headers.authorization ?? '')
  if (!match || !(match[1] in tokens)) {
    return cloudError(401, 'RS401', 'Invalid token: send Authorization: MxToken <personal access token>.')
  }
  if (!tokens[match[1]].includes(REPOSITORY_READ)) {
    return cloudError(403, 'RS403', `Access denied: the token lacks the scope ${REPOSITORY_READ}.`)
  }
  return undefined
}

/** The spec's example message for a 400, per API: details then live in `invalid-params` alone. */
function genericMessage(operation: Operation): string {
  const buildApi = ['build', 'upload', 'listPackages', 'getPackage', 'deletePackage'].includes(operation)
  return buildApi ? 'The request has validation errors.' : 'Request validation errors'
}

const HTML_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n'

function send(res: ServerResponse, reply: Reply, truncate = false): void {
  const text = reply.body === undefined ? '' : JSON.stringify(reply.body)
  const payload = truncate ? text.slice(0, Math.floor(text.length / 2)) : text
  res.writeHead(reply.status, {
    ...(text ? { 'Content-Type': 'application/json' } : {}),
    ...reply.headers,
    'Content-Length': Buffer.byteLength(payload)
  })
  res.end(payload)
}

/** Starts the emulator on 127.0.0.1 and resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const now = options.now ?? Date.now
  const startedAt = now()
  const state = seedState(options.repository)
  for (const [environmentId, containerState] of Object.entries(options.initialState ?? {})) {
    const manifest = state.environments.find(m => m.environment.id === environmentId)
    if (!manifest) throw new Error(`initialState names an environment the seed lacks: ${environmentId}`)
    ;(manifest.environment.container as { state?: string }).state = containerState
  }
  const behaviour = behaviourOf(options)
  const durations: Durations = { buildMs: 3000, deployMs: 2000, otherMs: 500 }
  for (const [name, value] of Object.entries(options.durations ?? {})) {
    if (value !== undefined) durations[name as keyof Durations] = value
  }
  let tokens: Record<string, string[]> = options.tokens ?? { [DEMO_TOKEN]: ALL_SCOPES }
  const faults = new FaultPlan()
  options.faults?.forEach(rule => faults.add(rule))
  options.jobFaults?.forEach(rule => faults.addJobFault(rule))
  const traffic: TrafficEntry[] = []
  /** Forced answers of the deployed apps' health endpoints, by environment id. */
  const appHealth: Record<string, number> = {}
  const unitTestApps = new UnitTestApps(now, options.unitTests)
  const sockets = new Set<Socket>()
  let baseUrl = ''

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const method = req.method ?? 'GET'
    let params: Record<string, string> = {}
    const routes = behaviour.serveV3Jobs ? [...ROUTES, V3_JOB_ROUTE] : ROUTES
    const found = routes.find(r => {
      if (r.method !== method) return false
      const m = r.pattern.exec(url.pathname)
      if (m) params = Object.fromEntries(r.names.map((name, i) => [name, decodeURIComponent(m[i + 1])]))
      return m !== null
    })
    // A streamed route reads its own body; every other request is read whole first.
    const raw = found?.streamed ? Buffer.alloc(0) : await readBody(req)
    /** Drains a streamed body the route did not read, so the client can finish sending and read the answer. */
    const drain = (): void => {
      if (found?.streamed && !req.readableEnded) req.resume()
    }
    const entry: TrafficEntry = {
      at: now() - startedAt,
      epochMs: Date.now(),
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      operation: found?.operation ?? 'unknown',
      headers: redactHeaders(req.headers),
      body: recordedBody(req, raw)
    }
    traffic.push(entry)
    const app = /^\/app\/([^/]+)(\/.*)?$/.exec(url.pathname)
    if (!found && app?.[2]?.startsWith('/unittests/'))
      return unitTestApps.serve(app[1], app[2], method, raw, res, entry)
    if (!found && app && method === 'GET') {
      // The deployed app itself, for health checks: it answers while its environment's container is Ready.
      const manifest = state.environments.find(m => m.environment.id === app[1])
      const container = manifest?.environment.container as { state?: string } | undefined
      entry.status = appHealth[app[1]] ?? (container?.state === 'Ready' ? 200 : 503)
      res.writeHead(entry.status, { 'Content-Type': 'text/plain' })
      return void res.end(entry.status === 200 ? 'OK' : 'Service Unavailable')
    }
    if (!found && url.pathname.startsWith('/v1/repositories/')) {
      // An unencoded slash in a branch name lands here: the App Repository API knows no such branch.
      const reply =
        authorizeRepository(req, tokens) ??
        cloudError(404, 'RS404', `Repository or branch not found: ${url.pathname}`)
      entry.status = reply.status
      return send(res, reply)
    }
    if (!found) {
      entry.status = 404
      return send(res, { status: 404, body: errorBody(404, `No such endpoint: ${method} ${url.pathname}`) })
    }

    const fault = faults.take(found.operation)
    if (fault) entry.fault = fault.kind
    if (fault?.kind === 'drop-before') return void req.socket.destroy()
    if (fault?.kind === 'slow') await new Promise(resolve => setTimeout(resolve, fault.delayMs))
    if (fault?.kind === 'html502') {
      entry.status = 502
      res.writeHead(502, { 'Content-Type': 'text/html' })
      return void res.end(HTML_502)
    }
    if (fault?.kind === 'status') {
      entry.status = fault.status
      const headers = fault.retryAfter ? { 'Retry-After': fault.retryAfter } : undefined
      const message = fault.status === 429 ? 'Too Many Requests' : 'The service is temporarily unavailable'
      drain()
      const body =
        found.rights || found.repository
          ? {
              errorCode: fault.status === 429 ? 'TOO_MANY_REQUESTS' : 'SERVICE_UNAVAILABLE',
              errorMessage: message
            }
          : errorBody(fault.status, message)
      return send(res, { status: fault.status, headers, body })
    }

    let reply = found.rights
      ? authorizeApiKey(req, state.cloud.users, found.rights, found.streamed)
      : found.repository
        ? authorizeRepository(req, tokens)
        : authorize(req, tokens, found.scopes)
    if (!reply) {
      const ctx: RequestContext = {
        params,
        query: url.searchParams,
        headers: req.headers,
        rawBody: raw,
        now: now(),
        state,
        durations,
        faults,
        baseUrl,
        behaviour,
        request: found.streamed ? req : undefined
      }
      settleJobs(state, ctx.now)
      try {
        reply = await found.handle(ctx)
      } catch (error) {
        if (error instanceof cloud.CloudProblem) reply = cloudError(error.status, error.code, error.message)
        else if (error instanceof ApiProblem) {
          const generic =
            behaviour.validationMessage === 'generic' &&
            error.status === 400 &&
            error.invalidParams.length > 0
          const message = generic ? genericMessage(found.operation) : error.message
          reply = { status: error.status, body: errorBody(error.status, message, error.invalidParams) }
        } else throw error
      }
    }
    drain()
    if (reply.recordedBody !== undefined) entry.body = reply.recordedBody
    if (found.repository) reply = { ...reply, headers: { 'Content-Type': 'application/json; charset=utf-8' } }
    entry.status = reply.status
    if (fault?.kind === 'drop-after') return void req.socket.destroy()
    if (fault?.kind === 'replace-body') {
      entry.status = fault.status ?? reply.status
      res.writeHead(entry.status, {
        ...reply.headers,
        'Content-Type': fault.contentType ?? 'application/json'
      })
      return void res.end(fault.body)
    }
    send(res, reply, fault?.kind === 'truncate')
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(error => {
      if (!res.headersSent)
        send(res, { status: 500, body: errorBody(500, `Emulator error: ${String(error)}`) })
      else res.destroy()
    })
  })
  server.on('connection', socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', resolve)
  })
  const port = (server.address() as AddressInfo).port
  baseUrl = `http://127.0.0.1:${port}/api/v4`

  const origin = `http://127.0.0.1:${port}`
  return {
    url: baseUrl,
    cloudUrl: `${origin}/api/1`,
    cloudV2Url: `${origin}/api/v2`,
    repositoryUrl: `${origin}/v1`,
    port,
    token: DEMO_TOKEN,
    seed: SEED,
    traffic,
    state,
    control: {
      inject: rule => faults.add(rule),
      injectJobFault: rule => faults.addJobFault(rule),
      clearFaults: () => faults.clear(),
      setDurations: next => Object.assign(durations, next),
      setTokens: next => {
        tokens = next
      },
      serveApps: () => {
        for (const manifest of state.environments) {
          const deployment = manifest.environment.deployment as { appUrl?: string }
          deployment.appUrl = `http://127.0.0.1:${port}/app/${manifest.environment.id}`
        }
      },
      setAppHealth: (environmentId, status) => {
        appHealth[environmentId] = status
      },
      setBehaviour: next => Object.assign(behaviour, next),
      setUnitTests: (appId, next) => unitTestApps.configure(appId, next)
    },
    close: () =>
      new Promise<void>(resolve => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}
