/**
 * The app's Team Server repository, through the App Repository API (https://docs.mendix.com/apidocs-mxsdk/apidocs/app-repository-api/):
 * which branch the user means, in the form each build API expects, and which revision `latest` stands for.
 *
 * - Base https://repository.api.mendix.com/v1, `Authorization: MxToken <PAT>`, scope mx:modelrepository:repo:read.
 * - Branch names as this API shows them: Git bare names (`main`, `feature-x`); SVN `trunk` and `branches/<name>`.
 * - `GET /repositories/{appId}/branches/{name}` (name URL-encoded) answers the branch with its `latestCommit`:
 *   one request gives the head, so `latest` costs one call (the `/commits` list would give the same first item).
 * - The Private Cloud Build API takes the name as this API shows it. The Mendix Cloud Build API v1 documents
 *   `Branch` as `main`/`trunk` for the main line and `branches/<name>` otherwise, for Git apps too.
 * The older Team Server API is gone (removed 2024-12-01) and is not used.
 */
import type { Deadline } from './deadline.js'
import { ApiError, type MendixHttp } from './http.js'
import { checkServerId } from './untrusted.js'

export const REPOSITORY_SCOPE = 'mx:modelrepository:repo:read'
export const DEFAULT_REPOSITORY_API_URL = 'https://repository.api.mendix.com/v1'
const MAIN_LINE = new Set(['main', 'master', 'trunk'])

/** Whether a branch name is the repository's main line, under any of its usual names. */
export const isMainLine = (name: string): boolean => MAIN_LINE.has(name)
/** The first page of branch names is enough to help a person spot a typo. */
const BRANCHES_SHOWN = 100

interface BranchAnswer {
  name?: unknown
  latestCommit?: { id?: unknown }
}

export interface ResolvedBranch {
  /** The name as the App Repository API shows it. */
  name: string
  /** The branch head's revision: a Git hash or an SVN revision number. */
  head: string
}

export class RepositoryApi {
  constructor(
    private readonly http: MendixHttp,
    private readonly appId: string
  ) {}

  private get base(): string {
    return `/repositories/${encodeURIComponent(this.appId)}`
  }

  /** The branch and its head, or undefined when the repository has no branch of that name. */
  async branch(name: string, deadline: Deadline): Promise<ResolvedBranch | undefined> {
    try {
      const response = await this.http.request<BranchAnswer>({
        method: 'GET',
        path: `${this.base}/branches/${encodeURIComponent(name)}`,
        retry: 'safe',
        action: `look up branch ${name} in the app's repository`,
        scope: REPOSITORY_SCOPE,
        deadline
      })
      const body = response.body
      if (typeof body?.name !== 'string')
        throw new ApiError(
          `Could not look up branch ${name}: the App Repository API answered without a branch name.`,
          { method: 'GET', url: name, status: response.status, outcomeUnknown: false }
        )
      return { name: body.name, head: checkServerId('latestCommit.id', body.latestCommit?.id) }
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return undefined
      throw error
    }
  }

  /** The names of the first page of branches, for an error message. */
  async branchNames(deadline: Deadline): Promise<string[]> {
    const response = await this.http.request<{ items?: Array<{ name?: unknown }> }>({
      method: 'GET',
      path: `${this.base}/branches?limit=${BRANCHES_SHOWN}`,
      retry: 'safe',
      action: "list the branches of the app's repository",
      scope: REPOSITORY_SCOPE,
      deadline
    })
    return (response.body?.items ?? [])
      .map(item => item.name)
      .filter((n): n is string => typeof n === 'string')
  }
}

/** The other spelling of a branch name: `branches/x` for `x`, and `x` for `branches/x`. */
function otherForm(name: string): string | undefined {
  if (name.startsWith('branches/')) return name.slice('branches/'.length) || undefined
  return MAIN_LINE.has(name) ? undefined : `branches/${name}`
}

/** Finds the branch under either spelling; an unknown branch fails here, before any build, listing the branches. */
export async function resolveBranch(
  api: RepositoryApi,
  input: string,
  deadline: Deadline
): Promise<ResolvedBranch> {
  const found =
    (await api.branch(input, deadline)) ??
    (otherForm(input) ? await api.branch(otherForm(input)!, deadline) : undefined)
  if (found) return found
  const names = await api.branchNames(deadline).catch(() => [] as string[])
  throw new BranchNotFoundError(
    `Input 'branch': the app's repository has no branch ${JSON.stringify(input)}` +
      (otherForm(input) ? ` (nor ${JSON.stringify(otherForm(input))})` : '') +
      (names.length ? `. Its branches: ${names.join(', ')}.` : '.')
  )
}

/** The branch name the Mendix Cloud Build API v1 expects: `main`/`trunk` for the main line, else `branches/<name>`. */
export function v1BranchName(name: string): string {
  return MAIN_LINE.has(name) || name.startsWith('branches/') ? name : `branches/${name}`
}

export class BranchNotFoundError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'BranchNotFoundError'
  }
}
