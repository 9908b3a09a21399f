/**
 * The App Repository API (https://repository.api.mendix.com/v1): repository info, branches and commits, with PAT
 * auth. Errors use the documented `{"errorCode","errorMessage"}` body; the docs show the code `RS400`, and the
 * emulator follows that pattern for the other statuses (RS401, RS403, RS404).
 */
import { CloudProblem } from './mendix-cloud-routes.js'
import type { Reply, RequestContext } from './protocol.js'
import { findBranch, type Branch, type Commit } from './state.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The app ids the repository answers for: the Private Cloud app id and, for the same app, the v1 ProjectId. */
function requireRepository(ctx: RequestContext): void {
  const { appId } = ctx.params
  if (!UUID.test(appId)) {
    throw new CloudProblem(400, 'RS400', 'Please provide valid input to execute this request. Invalid app id')
  }
  if (appId !== ctx.state.app.appId && appId !== ctx.state.cloud.projectId) {
    throw new CloudProblem(404, 'RS404', `Repository not found for app ${appId}.`)
  }
}

function requireBranch(ctx: RequestContext): Branch {
  requireRepository(ctx)
  const name = ctx.params.branchName
  if (!name.trim()) {
    throw new CloudProblem(
      400,
      'RS400',
      'Please provide valid input to execute this request. Invalid branch name'
    )
  }
  const branch = findBranch(ctx.state, name)
  if (!branch) throw new CloudProblem(404, 'RS404', `Branch '${name}' not found.`)
  return branch
}

function cursorFor(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url')
}

/** One page of items with the documented cursors: `prev` absent on the first page, `next` absent on the last. */
function page<T>(ctx: RequestContext, all: T[]): { items: T[]; cursors: Record<string, string> } {
  const rawLimit = ctx.query.get('limit')
  const limit = rawLimit === null ? 20 : Number(rawLimit)
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw new CloudProblem(
      400,
      'RS400',
      'Please provide valid input to execute this request. limit must be between 1 and 100'
    )
  }
  const rawCursor = ctx.query.get('cursor')
  let offset = 0
  if (rawCursor !== null) {
    const match = /^offset:(\d+)$/.exec(Buffer.from(rawCursor, 'base64url').toString('utf8'))
    if (!match) {
      throw new CloudProblem(
        400,
        'RS400',
        'Please provide valid input to execute this request. Invalid cursor'
      )
    }
    offset = Number(match[1])
  }
  const lastOffset = Math.max(0, Math.floor((all.length - 1) / limit) * limit)
  const cursors: Record<string, string> = { first: cursorFor(0) }
  if (offset > 0) cursors.prev = cursorFor(Math.max(0, offset - limit))
  if (offset + limit < all.length) cursors.next = cursorFor(offset + limit)
  cursors.last = cursorFor(lastOffset)
  return { items: all.slice(offset, offset + limit), cursors }
}

function branchView(branch: Branch): { name: string; latestCommit: Commit } {
  return { name: branch.name, latestCommit: branch.commits[0] }
}

export function getInfo(ctx: RequestContext): Reply {
  requireRepository(ctx)
  const { type, url } = ctx.state.app.repository
  return { status: 200, body: { appId: ctx.params.appId, type, url } }
}

export function listBranches(ctx: RequestContext): Reply {
  requireRepository(ctx)
  return { status: 200, body: page(ctx, ctx.state.app.repository.branches.map(branchView)) }
}

export function getBranch(ctx: RequestContext): Reply {
  return { status: 200, body: branchView(requireBranch(ctx)) }
}

export function listCommits(ctx: RequestContext): Reply {
  return { status: 200, body: page(ctx, requireBranch(ctx).commits) }
}
