/**
 * A local emulator of the Mendix APIs the action calls, for the demo, the tests and the benchmark: the Private
 * Cloud Build and Deploy APIs (v4), the classic Mendix Cloud Build, Deploy and Backups APIs (v1, v2) and the App
 * Repository API (v1), plus the deployed apps' own endpoints. A real HTTP server on 127.0.0.1 with asynchronous
 * jobs, request validation, behaviours the docs leave open, fault injection and a record of the traffic.
 *
 * A request goes: route table (routes.ts) -> traffic record (traffic.ts) -> fault before (fault-middleware.ts)
 * -> auth per API family (auth.ts) -> the route's handler (*-routes.ts) -> fault after -> reply. A path under
 * /app/ that no API route serves goes to the deployed apps (app-server.ts).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { appAddress, publishAppUrls, serveApp, type AppRequest } from './app-server.js'
import { authorizeRepository, authorizeRoute } from './auth.js'
import { faultBefore, sendFaulted, type FaultedExchange } from './fault-middleware.js'
import { FaultPlan, type Fault, type FaultRule, type JobFaultRule, type Operation } from './faults.js'
import {
  cloudError,
  errorBody,
  PLAIN_BEHAVIOUR,
  send,
  type Behaviour,
  type Durations,
  type NewConstant,
  type RequestContext
} from './protocol.js'
import { findRoute, runRoute } from './routes.js'
import { ALL_SCOPES, DEMO_TOKEN, SEED, seedState } from './seed.js'
import { settleJobs, type EmulatorState } from './state.js'
import { recordedBody, redactHeaders, type TrafficEntry } from './traffic.js'
import { UnitTestApps, type UnitTestAppOptions } from './unit-test-routes.js'

export { DEMO_TOKEN, ALL_SCOPES, SEED }
export type { Behaviour, Fault, FaultRule, JobFaultRule, NewConstant, Operation, TrafficEntry, EmulatorState }

type ContainerState = 'Ready' | 'Processing' | 'Failed' | 'Unknown'

export interface EmulatorOptions {
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number
  /** Job durations in milliseconds. */
  durations?: { [K in keyof Durations]?: number | undefined }
  /** Personal access token -> scopes, for Private Cloud and the App Repository API. Default: the demo token with every scope. */
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
  /** After a deploy job, the next n reads show the new package with the state from before (stale Ready or Failed). */
  staleStateReads?: number
  /** Then n reads show `Processing` before the job's own state (default 1: the rollout is seen once). */
  rolloutReads?: number
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
    staleStateReads: options.staleStateReads ?? PLAIN_BEHAVIOUR.staleStateReads,
    rolloutReads: options.rolloutReads ?? PLAIN_BEHAVIOUR.rolloutReads,
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
  /**
   * Forces the status the app of an environment answers with (otherwise 200 while Ready, else 503); with
   * `unlessPackage`, only while the environment runs another package (a bad new package, a good old one).
   */
  setAppHealth(environmentId: string, status: number, options?: { unlessPackage?: string }): void
  /** Changes behaviours for the requests that follow, e.g. `{ laggingReads: 3 }`. */
  setBehaviour(next: Partial<Behaviour>): void
  /** Sets the UnitTesting remote API of the app at <origin>/app/<appId> (any id: a Mendix Cloud one too). */
  setUnitTests(appId: string, options: Partial<UnitTestAppOptions>): void
}

export interface Emulator {
  /** The Private Cloud Build and Deploy API (v4) base URL, e.g. http://127.0.0.1:41234/api/v4. */
  url: string
  /** The Mendix Cloud v1 base URL, e.g. http://127.0.0.1:41234/api/1 (Backups v2 is beside it). */
  cloudUrl: string
  /** The Deploy API v2 base URL (package upload and its jobs), e.g. http://127.0.0.1:41234/api/v2. */
  cloudV2Url: string
  /** The App Repository API base URL, e.g. http://127.0.0.1:41234/v1 (the docs: https://repository.api.mendix.com/v1). */
  repositoryUrl: string
  port: number
  /** The demo PAT (Private Cloud, App Repository API); Mendix Cloud's user and API key are in `seed.cloud`. */
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
  const durations: Durations = { buildMs: 3000, deployMs: 2000, otherMs: 500, rolloutMs: 0 }
  for (const [name, value] of Object.entries(options.durations ?? {})) {
    if (value !== undefined) durations[name as keyof Durations] = value
  }
  let tokens: Record<string, string[]> = options.tokens ?? { [DEMO_TOKEN]: ALL_SCOPES }
  const faults = new FaultPlan()
  options.faults?.forEach(rule => faults.add(rule))
  options.jobFaults?.forEach(rule => faults.addJobFault(rule))
  const traffic: TrafficEntry[] = []
  /** Forced answers of the deployed apps' health endpoints, by environment id. */
  const appHealth: AppRequest['health'] = {}
  const unitTestApps = new UnitTestApps(now, options.unitTests)
  const sockets = new Set<Socket>()
  let baseUrl = ''

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const method = req.method ?? 'GET'
    const found = findRoute(method, url.pathname, behaviour)
    // A streamed route reads its own body; every other request is read whole first.
    const raw = found?.route.streamed ? Buffer.alloc(0) : await readBody(req)
    const entry: TrafficEntry = {
      at: now() - startedAt,
      epochMs: Date.now(),
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      operation: found?.route.operation ?? 'unknown',
      headers: redactHeaders(req.headers),
      body: recordedBody(req, raw)
    }
    traffic.push(entry)
    const app = appAddress(url.pathname)
    // The UnitTesting module's remote API on a deployed app answers on its own (it may be slow on purpose).
    if (!found && app?.path.startsWith('/unittests/'))
      return unitTestApps.serve(app.environmentId, app.path, method, raw, res, entry)
    if (!found) return void answerUnrouted(req, res, url, raw, entry)

    const { route, params } = found
    const exchange: FaultedExchange = {
      req,
      res,
      route,
      entry,
      drain: () => {
        if (route.streamed && !req.readableEnded) req.resume()
      }
    }
    const fault = faults.take(route.operation)
    if (fault) entry.fault = fault.kind
    if (await faultBefore(fault, exchange)) return

    let reply = authorizeRoute(req, route, tokens, state.cloud.users)
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
        request: route.streamed ? req : undefined
      }
      settleJobs(state, ctx.now)
      reply = await runRoute(route, ctx)
    }
    exchange.drain()
    if (reply.recordedBody !== undefined) entry.body = reply.recordedBody
    if (route.repository) reply = { ...reply, headers: { 'Content-Type': 'application/json; charset=utf-8' } }
    entry.status = reply.status
    sendFaulted(fault, exchange, reply)
  }

  /** A path no API route serves: a deployed app, an unknown repository path, or a 404. */
  function answerUnrouted(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    rawBody: Buffer,
    entry: TrafficEntry
  ): void {
    const method = entry.method
    const address = appAddress(url.pathname)
    const app =
      address &&
      serveApp({
        ...address,
        method,
        query: url.searchParams,
        headers: req.headers,
        rawBody,
        state,
        health: appHealth
      })
    if (app) {
      entry.status = app.status
      res.writeHead(app.status, { 'Content-Type': app.contentType })
      return void res.end(app.body)
    }
    if (url.pathname.startsWith('/v1/repositories/')) {
      // An unencoded slash in a branch name lands here: the App Repository API knows no such branch.
      const reply =
        authorizeRepository(req, tokens) ??
        cloudError(404, 'RS404', `Repository or branch not found: ${url.pathname}`)
      entry.status = reply.status
      return send(res, reply)
    }
    entry.status = 404
    send(res, { status: 404, body: errorBody(404, `No such endpoint: ${method} ${url.pathname}`) })
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
  const origin = `http://127.0.0.1:${port}`
  baseUrl = `${origin}/api/v4`

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
      serveApps: () => publishAppUrls(state, origin),
      setAppHealth: (environmentId, status, options = {}) => {
        appHealth[environmentId] = { status, unlessPackage: options.unlessPackage }
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
