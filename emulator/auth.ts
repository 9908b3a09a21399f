/**
 * Who may call what. Each API family authenticates its own way and answers a refusal with its own body:
 * - Private Cloud Build and Deploy APIs (v4): `Authorization: MxToken <PAT>`, scopes per route;
 * - classic Mendix Cloud (v1, v2): `Mendix-Username` and `Mendix-ApiKey`, the user's rights per route;
 * - App Repository API (v1): the same PATs, with `{errorCode, errorMessage}` bodies.
 */
import type { IncomingMessage } from 'node:http'
import { cloudError, errorBody, type Reply } from './protocol.js'
import type { EmulatorState } from './state.js'

export const BUILD_READ = 'mx:privatecloud-build:read'
export const BUILD_WRITE = 'mx:privatecloud-build:write'
export const DEPLOY_READ = 'mx:deployment:read'
export const DEPLOY_WRITE = 'mx:deployment:write'
export const REPOSITORY_READ = 'mx:modelrepository:repo:read'

/** Mendix Cloud (v1/v2) permissions: API Rights always, Transport Rights or Access to Backups on top. */
export type CloudRight = 'api' | 'transport' | 'backups'

/** What a route asks of its caller; exactly one of the three kinds applies. */
export interface Guard {
  /** Private Cloud: alternatives, the token must hold every scope of at least one of them. */
  scopes: string[][]
  /** Mendix Cloud: the rights the API key's user needs; set for v1/v2 routes, which use API-key auth. */
  rights?: CloudRight[]
  /** App Repository API: PAT auth with its own error body. */
  repository?: boolean
  /** The body is streamed (an upload), so the JSON Content-Type the v1 docs require elsewhere is not asked. */
  streamed?: boolean
  /** No authentication at all (Mendix's CDN). */
  open?: boolean
}

/** The refusal a request earns under `guard`, or undefined when it may proceed. */
export function authorizeRoute(
  req: IncomingMessage,
  guard: Guard,
  tokens: Record<string, string[]>,
  users: EmulatorState['cloud']['users']
): Reply | undefined {
  if (guard.open) return undefined
  if (guard.rights) return authorizeApiKey(req, users, guard.rights, guard.streamed)
  if (guard.repository) return authorizeRepository(req, tokens)
  return authorizeToken(req, tokens, guard.scopes)
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
function authorizeToken(
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
export function authorizeRepository(
  req: IncomingMessage,
  tokens: Record<string, string[]>
): Reply | undefined {
  const match = /^MxToken (\S+)$/.exec(req.headers.authorization ?? '')
  if (!match || !(match[1] in tokens)) {
    return cloudError(401, 'RS401', 'Invalid token: send Authorization: MxToken <personal access token>.')
  }
  if (!tokens[match[1]].includes(REPOSITORY_READ)) {
    return cloudError(403, 'RS403', `Access denied: the token lacks the scope ${REPOSITORY_READ}.`)
  }
  return undefined
}
