/**
 * The doors to a build in the runner from the step's start-up path. Its code (the preflight, MxBuild's run, the
 * download) loads only for `build: runner`: every other run starts without it, as it did before.
 */
import type { Settings } from '../inputs.js'
import type { StepDeps } from '../step-deps.js'
import type { RunnerBuildHook } from './plan.js'

/**
 * The settings as read, with the plan of a build in the runner when `build: runner` asks for one (preflight.ts:
 * the app, its Mendix version, the JDK, whose code it is); or the problems, for the step to refuse before any
 * download or request.
 */
export async function withBuildPlan(
  read: Settings | string[],
  env: NodeJS.ProcessEnv = process.env
): Promise<Settings | string[]> {
  if (Array.isArray(read) || read.build !== 'runner') return read
  const { planRunnerBuild } = await import('./preflight.js')
  const plan = await planRunnerBuild(read, env)
  return Array.isArray(plan) ? plan : { ...read, runnerBuild: plan }
}

/** The build step for the step's parts, with a planned build in the runner; undefined otherwise. */
export function runnerBuildHook(settings: Settings, deps: StepDeps): RunnerBuildHook | undefined {
  if (!settings.runnerBuild) return undefined
  return async (deadline, modelVersion) => {
    const { buildInRunner } = await import('./runner-build.js')
    return buildInRunner(settings, deps, deadline, undefined, modelVersion)
  }
}
