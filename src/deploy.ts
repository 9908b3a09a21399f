/**
 * One deploy, whatever the target: settle the source (branch spelling, `revision: latest`), then hand the
 * settings to the target picked from the table below.
 */
import { realClock } from './clock.js'
import { Timeout } from './deadline.js'
import { MendixHttp, patCredentials, type Credentials, type Transport } from './http.js'
import { runHistory } from './job-history.js'
import { coreLogger } from './logger.js'
import * as out from './output.js'
import type { Progress } from './progress.js'
import { runnerReporter } from './unit-tests/report.js'
import { unitTestHook } from './unit-tests/run.js'
import type { Settings, Target } from './inputs.js'
import { mendixCloud } from './mendix-cloud/target.js'
import { runnerBuildHook } from './mxbuild/on-demand.js'

/** The app, its Mendix version and the JDK of a build in the runner, found before any request (main.ts). */
export { withBuildPlan } from './mxbuild/on-demand.js'
import { privateCloud } from './private-cloud/target.js'
import { preview } from './preview/target.js'
import { resolveSource } from './source.js'
import type { Outcome, TargetContext, TargetDefinition } from './target.js'

/** Every target, by the value of the `target` input. */
const TARGETS: { [T in Target]: TargetDefinition<Extract<Settings, { target: T }>> } = {
  'private-cloud': privateCloud,
  'mendix-cloud': mendixCloud
}

/** The capability the settings ask for: a preview environment per pull request, or the target's deploy. */
function definitionFor(settings: Settings): TargetDefinition<Settings> {
  if (settings.target === 'private-cloud' && settings.preview) return preview
  return TARGETS[settings.target]
}

export class Deploy {
  constructor(
    /** The settings as read; after the source is settled, with the branch and revision built. */
    public settings: Settings,
    private readonly context: TargetContext
  ) {}

  async run(): Promise<Outcome> {
    const definition = definitionFor(this.settings)
    const start = this.settings
    // For an actions/cache key of the MxBuild folder, known before anything is downloaded.
    this.context.progress.output('mendixVersion', start.runnerBuild?.mendixVersion)
    if (definition.needsSource?.(start) === false) return definition.create(start, this.context).run()
    const deadline = this.context.timeout.deadline()
    this.settings = await resolveSource(start, {
      repository: start.token
        ? this.context.http(patCredentials(start.token), start.repositoryApiUrl)
        : undefined,
      repositoryAppId: () => definition.repositoryAppId(start, this.context, deadline),
      log: this.context.log,
      deadline
    })
    this.context.progress.output('revision', this.settings.revision)
    return definition.create(this.settings, this.context).run()
  }
}

/**
 * The parts every target shares in a real run: one transport, the real clock, the step's timeout (the one place
 * timeoutMinutes is read for time, started now), the runner's log, the job history under RUNNER_TEMP, the unit tests,
 * and the build in the runner.
 */
export function runnerContext(
  settings: Settings,
  parts: { transport: Transport; progress: Progress; signal: AbortSignal }
): TargetContext {
  const timeout = new Timeout(realClock, settings.timeoutMinutes, {
    rollbackReserve: settings.rollbackOnFailure
  })
  const http = (credentials: Credentials, baseUrl = settings.apiUrl): MendixHttp =>
    new MendixHttp({
      baseUrl,
      credentials,
      clock: realClock,
      transport: parts.transport,
      signal: parts.signal,
      debug: line => out.debug(line),
      timeoutMs: timeout.ms
    })
  const base = { clock: realClock, log: coreLogger }
  // Issue 14: how long this app's jobs took before, so that polls are sparse until near a job's end.
  const common = { ...parts, ...base, timeout, history: runHistory(settings, base, process.env.RUNNER_TEMP) }
  const unitTests = unitTestHook(settings, { ...common, reporter: runnerReporter() })
  return { ...common, http, unitTests, runnerBuild: runnerBuildHook(settings, common) }
}
