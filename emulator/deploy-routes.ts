/** Deploy API 4.14.0: environments list, manifest GET and PUT (namespaced and deprecated). Create and delete: preview-routes.ts. */
import {
  ApiProblem,
  acceptedJob,
  requireApp,
  validated,
  createJob,
  jsonBody,
  withJobFault,
  type Reply,
  type RequestContext
} from './protocol.js'
import { integerQuery } from './build-routes.js'
import { describeErrors, validators } from './schemas.js'
import { findEnvironment, namespaceIdOf, type JsonObject, type Manifest } from './state.js'

export const SECRET_FIELDS = ['subscriptionSecret', 'debuggerPassword', 'mxAdminPassword'] as const

/** Padded standard base64, as the runtime secrets' examples are (`c3Vic2NyaXB0aW9uLXNlY3JldA==`, `LS0t`). */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/**
 * Deploy API 4.14 types each runtime secret as a base64 string ("base64 encoded string"; `LS0t` clears it): one
 * that is not is refused as the spec's validation errors are, naming the field and never echoing the value.
 */
function requireBase64Secrets(manifest: Manifest): void {
  const runtime = object(manifest.environment.runtime)
  const invalid = SECRET_FIELDS.filter(
    field => typeof runtime[field] === 'string' && !BASE64.test(runtime[field])
  )
  if (invalid.length === 0) return
  const params = invalid.map(field => ({
    name: `environment.runtime.${field}`,
    reason: 'must be base64 encoded'
  }))
  throw new ApiProblem(
    400,
    `Request validation errors: ${params.map(p => `${p.name} ${p.reason}`).join('; ')}`,
    params
  )
}

function object(value: unknown): JsonObject {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : {}
}

/**
 * What one read of a manifest shows: a copy (stored manifests hold no runtime secrets, as 4.14 never returns
 * them), or, while reads lag a PUT, the manifest from before it; with or without `container.state`.
 */
function manifestView(ctx: RequestContext, manifest: Manifest): Manifest {
  const lag = ctx.state.readLag[manifest.environment.id]
  let view = manifest
  let state: string | undefined
  if (lag?.stale && lag.staleReads > 0) {
    view = lag.stale
    if (--lag.staleReads === 0) delete lag.stale
  } else if (lag?.staleStateReads) {
    lag.staleStateReads--
    state = lag.staleState
  } else if (lag?.rolloutReads) {
    lag.rolloutReads--
    state = 'Processing'
  } else if (lag?.rolloutUntil !== undefined && ctx.now < lag.rolloutUntil) {
    state = 'Processing'
  }
  const copy = structuredClone(view)
  if (state !== undefined) object(copy.environment.container).state = state
  const omit = ctx.behaviour.omitState === 'always' || (lag !== undefined && lag.statelessReads > 0)
  if (lag && lag.statelessReads > 0) lag.statelessReads--
  if (omit) delete object(copy.environment.container).state
  return copy
}

/**
 * Starts the lag of the reads that follow a PUT: they keep showing `before` for a while. The container state the
 * environment had is kept for the stale reads that may follow the job (`staleStateReads`).
 */
function lagReads(ctx: RequestContext, before: Manifest): void {
  const lag = (ctx.state.readLag[before.environment.id] ??= { staleReads: 0, statelessReads: 0 })
  const { laggingReads, omitState } = ctx.behaviour
  // A new write starts its own rollout: what the last one's reads had left to show is gone.
  delete lag.staleStateReads
  delete lag.rolloutReads
  delete lag.rolloutUntil
  lag.staleState = String(object(before.environment.container).state ?? 'Ready')
  if (laggingReads > 0) {
    // A PUT while reads still lag leaves them showing the older manifest: the read side has not caught up.
    if (!lag.stale || lag.staleReads === 0) lag.stale = structuredClone(before)
    lag.staleReads = laggingReads
  }
  if (typeof omitState === 'number') lag.statelessReads = omitState
}

export function requireEnvironment(ctx: RequestContext, namespaced: boolean): Manifest {
  const envIdCheck = validators.parameter.environmentId
  if (!envIdCheck(ctx.params.environmentId)) {
    const [first] = describeErrors(envIdCheck.errors, 'environmentId')
    throw new ApiProblem(400, `Request validation errors: ${first.name} ${first.reason}`, [first])
  }
  const manifest = findEnvironment(ctx.state, ctx.params.environmentId)
  if (!manifest || (namespaced && namespaceIdOf(manifest) !== ctx.params.namespaceId)) {
    throw new ApiProblem(404, 'Environment not found', [
      {
        name: 'Validation',
        reason: namespaced
          ? `Environment ${ctx.params.environmentId} could not be found in namespace ${ctx.params.namespaceId}`
          : `Environment ${ctx.params.environmentId} could not be found`
      }
    ])
  }
  return manifest
}

/** The deprecated un-namespaced routes work only while all of an app's environments share one namespace. */
function requireSingleNamespace(ctx: RequestContext): void {
  const namespaces = new Set(ctx.state.environments.map(namespaceIdOf))
  if (namespaces.size > 1) {
    throw new ApiProblem(
      400,
      'The app has environments in more than one namespace; use the namespaced endpoint.',
      [{ name: 'environmentId', reason: 'is ambiguous: the app has environments in more than one namespace' }]
    )
  }
}

export function listEnvironments(ctx: RequestContext): Reply {
  requireApp(ctx)
  const offset = integerQuery(ctx, 'offset', 'offset', 0)
  const limit = integerQuery(ctx, 'limit', 'environmentLimit', 20)
  const environments = ctx.state.environments.slice(offset, offset + limit).map(m => manifestView(ctx, m))
  return { status: 200, body: { environments } }
}

export function getApp(ctx: RequestContext): Reply {
  requireApp(ctx)
  return {
    status: 200,
    body: { manifestVersion: '1.0.0', app: { appId: ctx.state.app.appId, appName: ctx.state.app.appName } }
  }
}

export function getEnvironment(ctx: RequestContext): Reply {
  requireApp(ctx)
  return { status: 200, body: manifestView(ctx, requireEnvironment(ctx, true)) }
}

export function getEnvironmentDeprecated(ctx: RequestContext): Reply {
  requireApp(ctx)
  requireSingleNamespace(ctx)
  return { status: 200, body: manifestView(ctx, requireEnvironment(ctx, false)) }
}

/** Validates a manifest body, answering 400 naming every field that is wrong. */
export function validManifest(ctx: RequestContext): Manifest {
  const contentType = ctx.headers['content-type'] ?? ''
  if (!contentType.toLowerCase().startsWith('application/json')) {
    // The spec also lists application/xml; the emulator speaks JSON only and says so.
    throw new ApiProblem(400, 'Request validation errors: header Content-Type must be application/json', [
      { name: 'Content-Type', reason: contentType ? `${contentType} is not supported` : 'is required' }
    ])
  }
  const manifest = validated<Manifest>(validators.environmentManifest, jsonBody(ctx))
  requireBase64Secrets(manifest)
  return manifest
}

/** Starts the job that applies a manifest; while it runs the environment shows `Processing`. */
function applyManifest(ctx: RequestContext, current: Manifest, next: Manifest): Reply {
  if (next.environment.id !== current.environment.id) {
    throw new ApiProblem(
      400,
      'Request validation errors: environment.id does not match the environment in the path',
      [{ name: 'environment.id', reason: `must be ${current.environment.id}` }]
    )
  }
  const packageId = String(object(next.environment.deployment).packageId)
  const missingPackage = !ctx.state.packages.some(p => p.id === packageId)
  const spec = withJobFault(ctx, 'deploy', {
    kind: 'deploy',
    details: 'Request to update environment.',
    durationMs: ctx.durations.deployMs,
    failure: missingPackage ? `Deployment package ${packageId} does not exist for this app.` : undefined
  })
  lagReads(ctx, current)
  const container = object(current.environment.container)
  const previousState = container.state
  container.state = 'Processing'
  current.environment.container = container
  const job = createJob(ctx, {
    ...spec,
    onFinish: () => {
      const stored = structuredClone(next)
      const runtime = object(stored.environment.runtime)
      const secrets = (ctx.state.secrets[stored.environment.id] ??= {})
      for (const field of SECRET_FIELDS) {
        if (field in runtime) {
          secrets[field] = runtime[field]
          delete runtime[field]
        }
      }
      const storedContainer = object(stored.environment.container)
      storedContainer.state = spec.unhealthy ? 'Failed' : spec.neverReady ? 'Processing' : 'Ready'
      storedContainer.lastRunningInstanceCount = storedContainer.instances ?? 0
      // The job is done; the pods' status follows it: stale for a while, then the rollout under way.
      const lag = ctx.state.readLag[stored.environment.id]
      if (lag) {
        lag.staleStateReads = ctx.behaviour.staleStateReads
        lag.rolloutReads = ctx.behaviour.rolloutReads
        // The pods start when the job ends, whenever someone looks.
        lag.rolloutUntil = job.endsAt + ctx.durations.rolloutMs
      }
      // Read-only fields keep the server's values whatever the client sent.
      object(stored.environment.properties).environmentPurpose = object(
        current.environment.properties
      ).environmentPurpose
      // By id, not by object: another PUT may have replaced the stored manifest since this one began.
      const index = ctx.state.environments.findIndex(m => m.environment.id === stored.environment.id)
      if (index !== -1) ctx.state.environments[index] = stored
    },
    onFail: () => {
      // Nothing was applied: the environment goes back to the state it had (Ready, or a Failed from before).
      container.state =
        previousState === undefined || previousState === 'Processing' ? 'Ready' : previousState
    }
  })
  return acceptedJob(ctx, job)
}

export function putEnvironment(ctx: RequestContext): Reply {
  requireApp(ctx)
  const current = requireEnvironment(ctx, true)
  return applyManifest(ctx, current, validManifest(ctx))
}

export function putEnvironmentDeprecated(ctx: RequestContext): Reply {
  requireApp(ctx)
  requireSingleNamespace(ctx)
  const current = requireEnvironment(ctx, false)
  return applyManifest(ctx, current, validManifest(ctx))
}
