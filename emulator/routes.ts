/**
 * The route table: every endpoint the emulator serves, with its operation name (what faults and the traffic
 * record use), what its caller must hold (auth.ts) and its handler. Private Cloud v4 routes live under /api/v4,
 * classic Mendix Cloud under /api/1 and /api/v2, the App Repository API under /v1.
 */
import {
  BUILD_READ,
  BUILD_WRITE,
  DEPLOY_READ,
  DEPLOY_WRITE,
  REPOSITORY_READ,
  type CloudRight,
  type Guard
} from './auth.js'
import * as build from './build-routes.js'
import * as deploy from './deploy-routes.js'
import * as preview from './preview-routes.js'
import type { Operation } from './faults.js'
import * as cloud from './mendix-cloud-routes.js'
import * as mxbuild from './mxbuild-routes.js'
import {
  ApiProblem,
  cloudError,
  errorBody,
  type Behaviour,
  type Reply,
  type RequestContext
} from './protocol.js'
import * as repository from './repository-routes.js'

export interface Route extends Guard {
  method: string
  pattern: RegExp
  names: string[]
  operation: Operation
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

/** A Private Cloud Build or Deploy API route, under /api/v4. */
function route(
  method: string,
  template: string,
  operation: Operation,
  scopes: string[][],
  handle: Route['handle']
): Route {
  return { method, ...compile(`/api/v4${template}`), operation, scopes, handle }
}

/** A classic Mendix Cloud route (v1 Build and Deploy APIs, v2 Deploy and Backups APIs), with API-key auth. */
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
  repositoryRoute('/branches/{branchName}/commits', 'repositoryCommits', repository.listCommits),
  // Mendix's CDN for MxBuild downloads, no authentication; a mirror path for tests.
  {
    method: 'GET',
    ...compile('/runtime/{file}'),
    operation: 'mxbuildDownload',
    scopes: [],
    open: true,
    handle: mxbuild.cdnFile
  },
  {
    method: 'GET',
    ...compile('/mirror/{variant}/{file}'),
    operation: 'mxbuildDownload',
    scopes: [],
    open: true,
    handle: mxbuild.mirrorFile
  }
]

/** The docs' example job Location, /api/v3/jobs/{id}: served only when asked (behaviour serveV3Jobs). */
const V3_JOB_ROUTE: Route = {
  method: 'GET',
  ...compile('/api/v3/jobs/{jobId}'),
  operation: 'getJobV3',
  scopes: [...buildRead, ...deployRead],
  handle: build.getJob
}

/** The route that serves `method pathname`, with the path parameters it names. */
export function findRoute(
  method: string,
  pathname: string,
  behaviour: Behaviour
): { route: Route; params: Record<string, string> } | undefined {
  const routes = behaviour.serveV3Jobs ? [...ROUTES, V3_JOB_ROUTE] : ROUTES
  for (const route of routes) {
    if (route.method !== method) continue
    const m = route.pattern.exec(pathname)
    if (m) {
      const params = Object.fromEntries(route.names.map((name, i) => [name, decodeURIComponent(m[i + 1])]))
      return { route, params }
    }
  }
  return undefined
}

/** Runs the route's handler; a problem it throws becomes the error body of its API. */
export async function runRoute(route: Route, ctx: RequestContext): Promise<Reply> {
  try {
    return await route.handle(ctx)
  } catch (error) {
    if (error instanceof cloud.CloudProblem) return cloudError(error.status, error.code, error.message)
    if (!(error instanceof ApiProblem)) throw error
    const generic =
      ctx.behaviour.validationMessage === 'generic' && error.status === 400 && error.invalidParams.length > 0
    const message = generic ? genericMessage(route.operation) : error.message
    return { status: error.status, body: errorBody(error.status, message, error.invalidParams) }
  }
}

/** The spec's example message for a 400, per API: details then live in `invalid-params` alone. */
function genericMessage(operation: Operation): string {
  const buildApi = ['build', 'upload', 'listPackages', 'getPackage', 'deletePackage'].includes(operation)
  return buildApi ? 'The request has validation errors.' : 'Request validation errors'
}
