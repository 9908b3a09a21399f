/**
 * Deploy API 4.14.0: create an environment (`POST /apps/{appId}/environments`) and delete one
 * (`DELETE /apps/{appId}/namespaces/{namespaceId}/environments/{environmentId}`), as the docs describe them:
 * - create takes a full manifest with a caller-chosen `environment.id`; the id must keep the documented name
 *   rules (lowercase letters, digits and dashes, starting and ending with a letter or digit, no `mendix-` or
 *   `openshift-` prefix: a 400). An id in use, deleted before, or still being deleted fails the job, and so does
 *   a Dedicated plan another environment of the namespace already uses;
 * - delete answers with a job; the environment is gone once it finishes. Without `force=true` the default Studio
 *   Pro target cannot be deleted.
 * Both pass through the fault plan like every route (index.ts), and their jobs through the job faults `create`
 * and `delete`: an injected creation failure leaves a half-made environment (state Failed) behind, as a cluster
 * may; an injected deletion failure leaves the environment listed.
 */
import {
  ApiProblem,
  acceptedJob,
  createJob,
  requireApp,
  withJobFault,
  type Reply,
  type RequestContext
} from './protocol.js'
import { requireEnvironment, SECRET_FIELDS, validManifest } from './deploy-routes.js'
import { findEnvironment, namespaceIdOf, type JsonObject, type Manifest } from './state.js'

const NAME_RULE = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/
const RESERVED = /^(mendix|openshift)-/

function object(value: unknown): JsonObject {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : {}
}

function retired(ctx: RequestContext): Set<string> {
  return (ctx.state.retiredEnvironmentIds ??= new Set())
}

function dedicatedPlans(manifest: Manifest): string[] {
  const services = manifest.environment.services
  return (Array.isArray(services) ? services : [])
    .map(object)
    .filter(service => service.plan === 'Dedicated')
    .map(service => String(service.name))
}

/** Why the creation job fails, if it does: a taken id, or a Dedicated plan already in use. */
function creationFailure(ctx: RequestContext, manifest: Manifest): string | undefined {
  const id = manifest.environment.id
  if (findEnvironment(ctx.state, id) || retired(ctx).has(id))
    return `The environment internal name ${id} is not available: it is in use, or was used before.`
  const namespace = namespaceIdOf(manifest)
  for (const plan of dedicatedPlans(manifest)) {
    const user = ctx.state.environments.find(
      other => namespaceIdOf(other) === namespace && dedicatedPlans(other).includes(plan)
    )
    if (user)
      return `The Dedicated plan ${plan} is already used by environment ${user.environment.id}; a Dedicated plan serves one environment.`
  }
  return undefined
}

export function createEnvironment(ctx: RequestContext): Reply {
  requireApp(ctx)
  const manifest = validManifest(ctx)
  const id = manifest.environment.id
  if (!NAME_RULE.test(id) || RESERVED.test(id)) {
    throw new ApiProblem(400, 'Request validation errors: environment.id is not a valid internal name', [
      {
        name: 'environment.id',
        reason:
          'must be lowercase letters, digits and dashes, start and end with a letter or digit, and not start with mendix- or openshift-'
      }
    ])
  }
  const failure = creationFailure(ctx, manifest)
  const spec = withJobFault(ctx, 'create', {
    kind: 'create-environment',
    details: 'Request to create environment.',
    durationMs: ctx.durations.otherMs,
    failure
  })
  // An injected failure (not one of the rules above) leaves the environment half made, as a cluster may.
  const halfMade = spec.failure !== undefined && failure === undefined
  const job = createJob(ctx, {
    ...spec,
    onFinish: () => {
      const stored = structuredClone(manifest)
      // Runtime secrets are kept apart: a 4.14 GET never returns them.
      const runtime = object(stored.environment.runtime)
      const secrets = (ctx.state.secrets[id] ??= {})
      for (const field of SECRET_FIELDS) {
        if (field in runtime) {
          secrets[field] = runtime[field]
          delete runtime[field]
        }
      }
      const container = object(stored.environment.container)
      container.state = 'Ready'
      container.lastRunningInstanceCount = container.instances ?? 0
      ctx.state.environments.push(stored)
    },
    onFail: () => {
      if (!halfMade) return
      const stored = structuredClone(manifest)
      object(stored.environment.container).state = 'Failed'
      ctx.state.environments.push(stored)
    }
  })
  return acceptedJob(ctx, job)
}

export function deleteEnvironment(ctx: RequestContext): Reply {
  requireApp(ctx)
  const manifest = requireEnvironment(ctx, true)
  const force = ctx.query.get('force')
  if (force !== null && force !== 'true' && force !== 'false') {
    throw new ApiProblem(400, 'Request validation errors: force must be a boolean', [
      { name: 'force', reason: 'must be boolean' }
    ])
  }
  const id = manifest.environment.id
  if (object(manifest.environment.properties).defaultStudioTarget === true && force !== 'true') {
    throw new ApiProblem(400, 'The environment is the default Studio Pro target and cannot be deleted.', [
      { name: 'environmentId', reason: `${id} is the default Studio Pro target` }
    ])
  }
  const spec = withJobFault(ctx, 'delete', {
    kind: 'delete-environment',
    details: 'Request to delete environment.',
    durationMs: ctx.durations.otherMs
  })
  // From now on the name cannot be taken, also when the deletion fails.
  retired(ctx).add(id)
  const container = object(manifest.environment.container)
  const previousState = container.state
  container.state = 'Processing'
  const job = createJob(ctx, {
    ...spec,
    onFinish: () => {
      const index = ctx.state.environments.findIndex(m => m.environment.id === id)
      if (index !== -1) ctx.state.environments.splice(index, 1)
    },
    onFail: () => {
      container.state = previousState ?? 'Ready'
    }
  })
  return acceptedJob(ctx, job)
}
