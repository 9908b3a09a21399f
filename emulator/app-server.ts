/**
 * The deployed apps themselves, served beside the APIs at <origin>/app/<environmentId>/...: what the action
 * reaches after a deploy (its health check), not a Mendix API. Each app answers through a list of handlers,
 * tried in order; the first that returns a reply wins, so a new app endpoint is one more handler in APP_HANDLERS.
 */
import type { IncomingMessage } from 'node:http'
import type { EmulatorState } from './state.js'

/** One request to a deployed app. */
export interface AppRequest {
  method: string
  /** The environment whose app is addressed. */
  environmentId: string
  /** The path below the app's root, e.g. `/health`; `/` for the root. */
  path: string
  query: URLSearchParams
  headers: IncomingMessage['headers']
  rawBody: Buffer
  state: EmulatorState
  /** Forced answers of the apps' health endpoints, by environment id (EmulatorControl.setAppHealth). */
  health: Record<string, { status: number; unlessPackage?: string }>
}

export interface AppReply {
  status: number
  contentType: string
  body: string
}

/** Answers a request to a deployed app, or passes (undefined) to the next handler. */
export type AppHandler = (request: AppRequest) => AppReply | undefined

/** Any GET is a health check: the app answers while its environment's container is Ready, unless forced. */
const health: AppHandler = request => {
  if (request.method !== 'GET') return undefined
  const manifest = request.state.environments.find(m => m.environment.id === request.environmentId)
  const container = manifest?.environment.container as { state?: string } | undefined
  const runs = (manifest?.environment.deployment as { packageId?: string } | undefined)?.packageId
  const forced = request.health[request.environmentId]
  const applies = forced && (forced.unlessPackage === undefined || forced.unlessPackage !== runs)
  const status = applies ? forced.status : container?.state === 'Ready' ? 200 : 503
  return { status, contentType: 'text/plain', body: status === 200 ? 'OK' : 'Service Unavailable' }
}

/** Tried in order; health answers every GET, so a more specific handler goes before it. */
const APP_HANDLERS: AppHandler[] = [health]

/** The environment and the path below the app's root, when `pathname` addresses a deployed app. */
export function appAddress(pathname: string): { environmentId: string; path: string } | undefined {
  const match = /^\/app\/([^/]+)(\/.*)?$/.exec(pathname)
  return match ? { environmentId: match[1], path: match[2] ?? '/' } : undefined
}

/** The app's answer to a request, or undefined when no handler serves it (the server then answers 404). */
export function serveApp(request: AppRequest): AppReply | undefined {
  for (const handle of APP_HANDLERS) {
    const reply = handle(request)
    if (reply) return reply
  }
  return undefined
}

/** Points every environment's `deployment.appUrl` at its app on this server, so health checks reach it. */
export function publishAppUrls(state: EmulatorState, origin: string): void {
  for (const manifest of state.environments) {
    const deployment = manifest.environment.deployment as { appUrl?: string }
    deployment.appUrl = `${origin}/app/${manifest.environment.id}`
  }
}
