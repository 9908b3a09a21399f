/** Build API 4.3.0: build, upload, list, get and delete packages; the shared job endpoint. */
import { randomUUID } from 'node:crypto'
import {
  acceptedJob,
  ApiProblem,
  requireApp,
  validated,
  createJob,
  jsonBody,
  withJobFault,
  type Reply,
  type RequestContext
} from './protocol.js'
import { parseMultipart } from './multipart.js'
import { describeErrors, validators } from './schemas.js'
import { findBranch, jobStatusAt, resolveRevision, type PackageRecord } from './state.js'

function findPackage(ctx: RequestContext): PackageRecord {
  const pkg = ctx.state.packages.find(p => p.id === ctx.params.packageId)
  if (!pkg) {
    throw new ApiProblem(404, `Deployment package ${ctx.params.packageId} not found`, [
      { name: 'Validation', reason: `Deployment package ${ctx.params.packageId} could not be found` }
    ])
  }
  return pkg
}

function stamp(now: number): string {
  return new Date(now).toISOString()
}

function packageView(pkg: PackageRecord): Record<string, unknown> {
  const { branch: _b, revision: _r, buildLog: _l, ...view } = pkg
  return view
}

export function buildPackage(ctx: RequestContext): Reply {
  requireApp(ctx)
  const { branch, revision, description, version } = validated<{
    branch: string
    revision: string
    description?: string
    version?: string
  }>(validators.buildRequest, jsonBody(ctx))
  const app = ctx.state.app
  // The branch is named as the Team Server knows it (App Repository API): Git `feature-x`, SVN `branches/feature-x`.
  const found = findBranch(ctx.state, branch)
  const resolved = found ? resolveRevision(ctx.state, found, revision) : undefined
  const log = [
    `${stamp(ctx.now)} Pipeline created`,
    `${stamp(ctx.now)} [teamserver-discovery] Project: ${app.appId}`,
    `${stamp(ctx.now)} [teamserver-discovery] Determining repository type... ${app.repository.type}`
  ]
  let failure: string | undefined
  if (!found) {
    failure = `Branch '${branch}' does not exist in the repository of app ${app.appName}.`
    log.push(`[checkout] fatal: Remote branch ${branch} not found in upstream origin`)
  } else if (!resolved) {
    failure = `Revision '${revision}' was not found on branch '${branch}'.`
    log.push(`[checkout] fatal: reference is not a tree: ${revision}`)
  } else if (app.failingRevisions[resolved]) {
    failure = 'The build of the deployment package failed: the model has errors.'
    log.push(`[checkout] Checked out ${branch}@${resolved}`, '[mxbuild] Starting build...')
    log.push(`[mxbuild] ERROR ${app.failingRevisions[resolved]}`, '[mxbuild] Build failed with 1 error.')
  } else {
    log.push(`[checkout] Checked out ${branch}@${resolved}`, '[mxbuild] Starting build...')
  }
  const packageId = randomUUID()
  const sequence = ctx.state.packages.length + 1
  const modelVersion = `${version ?? '1.0.0'}.${sequence}`
  const spec = withJobFault(ctx, 'build', {
    kind: 'build',
    details: 'Request to build deployment package.',
    // A build that cannot start fails early, as the real pipeline does at checkout.
    durationMs: failure && !resolved ? Math.max(1, ctx.durations.buildMs * 0.2) : ctx.durations.buildMs,
    failure,
    log
  })
  const job = createJob(ctx, {
    ...spec,
    onFinish: () => {
      const createdOn = stamp(job.endsAt)
      job.packageId = packageId
      job.details = 'Deployment package created successfully.'
      job.log.push(`[mxbuild] Build succeeded: Main-${modelVersion}.mda`)
      ctx.state.packages.push({
        id: packageId,
        appId: app.appId,
        modelVersion,
        runtimeVersion: '10.18.3.58900',
        createdOn,
        description,
        fileName: `Main-${modelVersion}.mda`,
        fileSize: 48_000_000 + sequence * 4096,
        expiryDate: new Date(job.endsAt + 180 * 86_400_000).toISOString(),
        branch,
        revision: resolved,
        buildLog: job.log.join('\n')
      })
    },
    onFail: () => {
      job.log.push(`[pipeline] Failed: ${job.failure}`)
    }
  })
  return acceptedJob(ctx, job)
}

export function uploadPackage(ctx: RequestContext): Reply {
  requireApp(ctx)
  const parts = parseMultipart(ctx.headers['content-type'], ctx.rawBody)
  const file = parts.find(p => p.name === 'file')
  const fileNamePart = parts.find(p => p.name === 'fileName')
  const invalid = [
    ...(file ? [] : [{ name: 'file', reason: 'is required' }]),
    ...(fileNamePart && fileNamePart.data.length > 0 ? [] : [{ name: 'fileName', reason: 'is required' }])
  ]
  if (invalid.length) {
    throw new ApiProblem(
      400,
      `Request validation errors: ${invalid.map(i => `${i.name} ${i.reason}`).join('; ')}`,
      invalid
    )
  }
  const given = fileNamePart!.data.toString('utf8')
  const fileName = given.endsWith('.mda') ? given : `${given}.mda`
  const packageId = randomUUID()
  const spec = withJobFault(ctx, 'upload', {
    kind: 'upload',
    details: 'Request to upload deployment package.',
    durationMs: ctx.durations.otherMs
  })
  const job = createJob(ctx, {
    ...spec,
    onFinish: () => {
      job.packageId = packageId
      job.details = 'Deployment package uploaded successfully.'
      ctx.state.packages.push({
        id: packageId,
        appId: ctx.state.app.appId,
        modelVersion: fileName.replace(/\.mda$/, ''),
        runtimeVersion: '10.18.3.58900',
        createdOn: stamp(job.endsAt),
        fileName,
        fileSize: file!.data.length,
        buildLog: ''
      })
    }
  })
  return acceptedJob(ctx, job)
}

export function integerQuery(
  ctx: RequestContext,
  name: string,
  schema: 'offset' | 'packageLimit' | 'environmentLimit',
  fallback: number
): number {
  const raw = ctx.query.get(name)
  if (raw === null) return fallback
  const value = /^-?\d+$/.test(raw) ? Number(raw) : raw
  const validate = validators.parameter[schema]
  if (!validate(value)) {
    const [first] = describeErrors(validate.errors, name)
    throw new ApiProblem(400, `Request validation errors: ${first.name} ${first.reason}`, [first])
  }
  return value as number
}

/** Reads an optional boolean query parameter (`true` or `false`), answering 400 for anything else. */
export function booleanQuery(ctx: RequestContext, name: string): boolean {
  const raw = ctx.query.get(name)
  if (raw === null) return false
  if (raw !== 'true' && raw !== 'false') {
    throw new ApiProblem(400, `Request validation errors: ${name} must be boolean`, [
      { name, reason: 'must be boolean' }
    ])
  }
  return raw === 'true'
}

export function listPackages(ctx: RequestContext): Reply {
  requireApp(ctx)
  const offset = integerQuery(ctx, 'offset', 'offset', 0)
  const limit = integerQuery(ctx, 'limit', 'packageLimit', 20)
  // Newest first, as a person scanning the list expects.
  const sorted = [...ctx.state.packages].sort((a, b) => b.createdOn.localeCompare(a.createdOn))
  const page = sorted.slice(offset, offset + limit).map(packageView)
  return { status: 200, body: { packages: page, pagination: { offset, limit, size: page.length } } }
}

export function getPackage(ctx: RequestContext): Reply {
  requireApp(ctx)
  const withUrl = booleanQuery(ctx, 'url')
  const withLog = booleanQuery(ctx, 'log')
  const pkg = findPackage(ctx)
  const body: Record<string, unknown> = packageView(pkg)
  if (withLog) body.buildLog = pkg.buildLog
  if (withUrl) {
    body.url = {
      location: `${ctx.baseUrl.replace(/\/api\/v4$/, '')}/download/${pkg.id}/${pkg.fileName}?signature=${randomUUID()}`,
      ttl: 900
    }
  }
  return { status: 200, body: { package: body } }
}

export function deletePackage(ctx: RequestContext): Reply {
  requireApp(ctx)
  const pkg = findPackage(ctx)
  // The spec does not say what happens to a package an environment runs; refusing it is the safe guess.
  const inUse = ctx.state.environments.find(m => {
    const deployment = m.environment.deployment as { packageId?: string } | undefined
    return deployment?.packageId === pkg.id
  })
  // Injected (faults.ts, job `delete-package`): a refused request, a failed, stuck or slow job.
  const fault = ctx.faults.takeJobFault('delete-package')
  if (fault?.outcome === 'refuse') {
    const status = fault.status ?? 403
    throw new ApiProblem(status, fault.message ?? `Deleting deployment package ${pkg.id} was refused.`)
  }
  const failure =
    fault?.outcome === 'fail'
      ? (fault.message ?? `The delete job of package ${pkg.id} failed (injected fault).`)
      : undefined
  const job = createJob(ctx, {
    kind: 'delete-package',
    details: 'Request to delete a deployment package.',
    durationMs: fault?.outcome === 'slow' ? (fault.durationMs ?? 10_000) : ctx.durations.otherMs,
    stuck: fault?.outcome === 'stuck',
    failure:
      failure ??
      (inUse ? `Deployment package ${pkg.id} is in use by environment ${inUse.environment.id}.` : undefined),
    onFinish: () => {
      ctx.state.packages = ctx.state.packages.filter(p => p.id !== pkg.id)
    }
  })
  return acceptedJob(ctx, job)
}

export function getJob(ctx: RequestContext): Reply {
  const job = ctx.state.jobs.get(ctx.params.jobId)
  const reads = (ctx.state.jobReads.get(ctx.params.jobId) ?? 0) + 1
  if (job) ctx.state.jobReads.set(job.id, reads)
  if (!job || reads <= ctx.behaviour.jobPollNotFound) {
    throw new ApiProblem(404, `Job ${ctx.params.jobId} not found`, [
      { name: 'Validation', reason: `Job ${ctx.params.jobId} could not be found` }
    ])
  }
  const status = jobStatusAt(job, ctx.now)
  const body: Record<string, unknown> = { id: job.id, status, details: job.details }
  if (status === 'finished' && job.packageId) body.packageId = job.packageId
  if (status === 'failed') body.error = { code: 400, message: job.failure }
  // `log` is typed as a string in the spec; only the value `true` asks for the log.
  if (ctx.query.get('log') === 'true' && (job.kind === 'build' || job.kind === 'upload')) {
    body.log = { build: job.log.join('\n') }
  }
  return { status: 200, body }
}
