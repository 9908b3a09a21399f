/**
 * What to build, settled before any build: the branch as the build API expects it and the revision, with
 * `latest` turned into the branch head. Asks the App Repository API only when it has to: for `latest`, and for
 * a branch other than the main line (to send the spelling the service knows). A token without the repository
 * scope then costs a warning, not the deploy, unless the head is needed. A build in the runner asks nothing.
 */
import type { Deadline } from './deadline.js'
import { InputError } from './errors.js'
import { ApiError, type MendixHttp } from './http.js'
import { withSource, type Settings } from './inputs.js'
import type { Logger } from './logger.js'
import {
  BranchNotFoundError,
  isMainLine,
  REPOSITORY_SCOPE,
  RepositoryApi,
  resolveBranch,
  v1BranchName,
  type ResolvedBranch
} from './repository.js'

export interface SourceDeps {
  /** A client of the App Repository API with the PAT, or undefined when there is no PAT. */
  repository?: MendixHttp
  /** The app's id in the App Repository API: the Private Cloud app id, or the Mendix Cloud ProjectId. */
  repositoryAppId: () => Promise<string>
  log: Logger
  deadline: Deadline
}

/** The settings with the branch and revision to build. */
export async function resolveSource<S extends Settings>(settings: S, deps: SourceDeps): Promise<S> {
  const wantsHead = settings.revision === 'latest'
  const cloud = settings.target === 'mendix-cloud'
  const spell = (name: string): string => (cloud ? v1BranchName(name) : name)
  // Promotion and upload build nothing: there is no source to resolve.
  if (settings.packageFile || (settings.target === 'private-cloud' && settings.promoteFrom)) return settings
  // A build in the runner builds the workspace: the workflow's own commit, with no Team Server to ask (Mendix
  // takes the App Repository API away from apps in their own Git).
  const runner = settings.runnerBuild
  if (runner) return withSource(settings, runner.refName, runner.commit || 'workspace')
  if (!wantsHead && (isMainLine(settings.branch) || !deps.repository)) {
    return withSource(settings, spell(settings.branch), settings.revision)
  }
  if (!deps.repository) {
    throw new InputError([
      "Input 'revision' is latest, which needs input 'token' to look up the branch head."
    ])
  }
  let found: ResolvedBranch
  try {
    const api = new RepositoryApi(deps.repository, await deps.repositoryAppId())
    found = await resolveBranch(api, settings.branch, deps.deadline)
  } catch (error) {
    if (error instanceof BranchNotFoundError) throw new InputError([error.message])
    if (!wantsHead && error instanceof ApiError && (error.status === 401 || error.status === 403)) {
      deps.log.warning(
        `Could not check branch ${settings.branch} in the App Repository API (${error.status}); building it as given. A token with ${REPOSITORY_SCOPE} lets the action check branch names before building.`,
        'Branch not checked'
      )
      return withSource(settings, spell(settings.branch), settings.revision)
    }
    throw error
  }
  const revision = wantsHead ? found.head : settings.revision
  const branch = spell(found.name)
  deps.log.info(
    wantsHead
      ? `Branch ${branch}: building its head, revision ${revision}`
      : `Branch ${branch}: found in the app's repository`
  )
  return withSource(settings, branch, revision)
}
