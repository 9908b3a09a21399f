/**
 * Everything a build in the runner needs that the file system and the event can tell, checked after the inputs
 * and before any download or request: whose code the workspace holds (untrusted-code.ts), the JDK (java.ts), the
 * app file and the Mendix version it was saved with. Every problem is reported at once, as input problems are.
 */
import { tmpdir } from 'node:os'
import { messageOf } from '../errors.js'
import { runContextFromEnv, type Settings } from '../inputs.js'
import { findAppFile, readAppVersion } from './app-version.js'
import { findJdk } from './java.js'
import type { RunnerBuildPlan } from './plan.js'
import { untrustedBuildProblem, untrustedCodeReason } from './untrusted-code.js'

/** Mendix 9.22/10 on ship the Linux binary modeler/mxbuild; versions 7 and 8 ran mxbuild.exe with Mono only. */
const FIRST_LINUX_MAJOR = 9

/** The branch or tag the workflow runs on: a pull request's head branch, else GITHUB_REF's name. */
function refNameOf(env: NodeJS.ProcessEnv, fallback: string): string {
  return (
    env.GITHUB_HEAD_REF ||
    env.GITHUB_REF_NAME ||
    (env.GITHUB_REF ?? '').replace(/^refs\/(heads|tags)\//, '') ||
    fallback
  )
}

/**
 * The Mendix version the app file was saved with (app-version.ts refuses a file that is not SQLite, has no
 * `_MetaData` or no four-part version in it), or a problem.
 */
async function mendixVersionOf(mprPath: string): Promise<{ version?: string; problem?: string }> {
  let version: string
  try {
    version = await readAppVersion(mprPath)
  } catch (error) {
    return { problem: messageOf(error) }
  }
  if (Number(version.split('.')[0]) < FIRST_LINUX_MAJOR) {
    return {
      problem: `The app was saved with Mendix ${version}; build: runner runs MxBuild's Linux binary, which Mendix ships from version 9.22 and 10 on (older ones need Mono). Upgrade the app, or build it with build: service.`
    }
  }
  return { version }
}

/** The plan of a build in the runner, or every problem found. */
export async function planRunnerBuild(
  settings: Settings,
  env: NodeJS.ProcessEnv
): Promise<RunnerBuildPlan | string[]> {
  const problems: string[] = []
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    problems.push(
      `Input 'build' (runner) needs a Linux x64 runner (such as ubuntu-latest), where MxBuild's Linux binary runs; this one is ${process.platform} ${process.arch}.`
    )
  }
  const reason = settings.allowUntrustedBuild ? undefined : untrustedCodeReason(env)
  if (reason) problems.push(untrustedBuildProblem(reason))
  const jdk = findJdk(settings.javaHome, env)
  if (typeof jdk === 'string') problems.push(jdk)
  let mprPath: string | undefined
  try {
    mprPath = findAppFile(env.GITHUB_WORKSPACE || process.cwd(), settings.mprFile)
  } catch (error) {
    problems.push(messageOf(error))
  }
  const found = mprPath ? await mendixVersionOf(mprPath) : {}
  if (found.problem) problems.push(found.problem)
  if (problems.length > 0 || !mprPath || !found.version || typeof jdk === 'string') return problems
  const run = runContextFromEnv(env)
  return {
    mprPath,
    mendixVersion: found.version,
    javaHome: jdk.home,
    javaExe: jdk.java,
    repository: run.repository,
    commit: run.sha,
    runId: run.runId,
    refName: refNameOf(env, settings.branch),
    tempDir: env.RUNNER_TEMP || tmpdir()
  }
}
