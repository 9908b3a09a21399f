/**
 * Whether the workspace may hold code from someone the repository does not trust. A build in the runner runs the
 * app's own build logic (Java compilation, and Gradle-managed dependencies in newer Mendix versions) on a runner
 * that holds the Mendix credentials, so such code is not built unless the workflow opts in. GitHub's "Keeping
 * your GitHub Actions and workflows secure: Preventing pwn requests" names both cases: `pull_request_target`
 * runs with the base repository's secrets whatever it checks out, and a pull request's head from a fork is
 * anyone's code.
 */
import { readFileSync } from 'node:fs'

/** The payload fields read: the pull request's head repository. */
interface PullRequestPayload {
  pull_request?: { head?: { repo?: { full_name?: unknown } | null } }
}

/** Why the workspace may hold untrusted code, as a phrase; undefined when the run is trusted. */
export function untrustedCodeReason(env: NodeJS.ProcessEnv): string | undefined {
  const event = env.GITHUB_EVENT_NAME ?? ''
  if (event === 'pull_request_target')
    return 'the workflow runs on pull_request_target, which holds the secrets whatever code it checks out'
  let payload: PullRequestPayload | undefined
  try {
    payload = env.GITHUB_EVENT_PATH
      ? (JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as PullRequestPayload)
      : undefined
  } catch {
    payload = undefined
  }
  const pr = payload?.pull_request
  if (!pr) {
    // A pull request event whose payload cannot be read cannot show that its code is the repository's own.
    return event.startsWith('pull_request')
      ? `the ${event} event's payload (GITHUB_EVENT_PATH) cannot be read, so the pull request's origin is unknown`
      : undefined
  }
  const head = pr.head?.repo?.full_name
  const repository = env.GITHUB_REPOSITORY ?? ''
  if (typeof head !== 'string')
    return "the pull request's head repository is unknown (a deleted fork, or a payload without it)"
  if (head.toLowerCase() !== repository.toLowerCase())
    return `the pull request's code comes from the fork ${head}, not from ${repository || 'this repository'}`
  return undefined
}

/** The refusal, naming the safe pattern and the opt-in. */
export function untrustedBuildProblem(reason: string): string {
  return (
    `Input 'build' (runner) is refused: ${reason}. Building runs the app's own build code (Java compilation, Gradle) on this runner, ` +
    'which holds your Mendix credentials. The safe pattern: build without secrets in a pull_request workflow (MxBuild, ' +
    'keeping the .mda as an artifact), and deploy that file with packageFile from a workflow_run workflow, which runs ' +
    "your default branch's workflow with the secrets. To build here anyway, set allowUntrustedBuild: true."
  )
}
