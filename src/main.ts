/** The action's entry: inputs -> flow -> report. The one place that turns an error into a failed step. */
import { realClock, type Clock } from './clock.js'
import { adviseOn } from './advice.js'
import { CancelledError, InputError, JobError } from './errors.js'
import { actionsTransport, MendixHttp, patCredentials, type Credentials, type Transport } from './http.js'
import { readSettings, runContextFromEnv, type Settings } from './inputs.js'
import { runHistory, type JobHistory } from './job-history.js'
import { coreLogger, type Logger } from './logger.js'
import { apiKeyCredentials, MendixCloudApi } from './mendix-cloud/api.js'
import { MendixCloudFlow } from './mendix-cloud/flow.js'
import { BuildApi } from './private-cloud/build-api.js'
import { DeployApi } from './private-cloud/deploy-api.js'
import { PrivateCloudFlow } from './private-cloud/flow.js'
import { JobsClient } from './private-cloud/jobs.js'
import * as out from './output.js'
import { Progress } from './progress.js'
import { resolveSource, type SourceDeps } from './source.js'
import { checkServerId } from './untrusted.js'
import { renderInputErrors, renderSummary } from './report.js'
import { misspelledInputs } from './input-names.js'

/** After SIGINT/SIGTERM the step must be gone well before the runner's 7.5 s kill. */
const CANCEL_EXIT_MS = 1000

/** Masks the secret inputs before anything else runs, even when they turn out to be malformed. */
function maskSecrets(): void {
  for (const name of ['token', 'apiKey', 'githubToken']) {
    const raw = out.getInput(name)
    if (!raw) continue
    out.setSecret(raw)
    // A malformed secret with spaces or line breaks is masked piece by piece too, so no part of it can show.
    const pieces = raw.split(/\s+/).filter(Boolean)
    if (pieces.length > 1) pieces.forEach(piece => out.setSecret(piece))
  }
  // A password in apiUrl is refused as input, but it must not show in the refusal either.
  const password = /^[a-z][a-z0-9+.-]*:\/\/[^/@\s]*:([^/@\s]+)@/i.exec(out.getInput('apiUrl'))?.[1]
  if (password) {
    out.setSecret(password)
    try {
      out.setSecret(decodeURIComponent(password))
    } catch {
      // Not percent-encoded: the raw form is masked already.
    }
  }
}

/** What the safety net in index.ts needs: whether the flow ended on its own, and what was left if not. */
let current: { progress?: Progress; finished: boolean } = { finished: false }

/** For a step that is ending without the flow having finished: what was left running, set and changed. */
export function unfinishedReport(): string | undefined {
  if (current.finished) return undefined
  return current.progress?.describeLeftovers() ?? 'Nothing was sent to Mendix yet.'
}

/** The flow for the settings' target, wired to one HTTP layer. */
function flowFor(
  settings: Settings,
  http: (credentials: Credentials) => MendixHttp,
  common: { clock: Clock; log: Logger; progress: Progress; signal: AbortSignal; history: JobHistory },
  transport: Transport
): { run(): Promise<{ environmentName: string }> } {
  if (settings.target === 'mendix-cloud') {
    const api = new MendixCloudApi(
      http(apiKeyCredentials(settings.username, settings.apiKey)),
      settings.apiUrl,
      settings.appId
    )
    return new MendixCloudFlow(settings, { ...common, api })
  }
  const client = http(patCredentials(settings.token))
  const flow = new PrivateCloudFlow(settings, {
    ...common,
    transport,
    build: new BuildApi(client, settings.appId),
    deploy: new DeployApi(client, settings.appId),
    jobs: new JobsClient(client)
  })
  return { run: async () => ({ environmentName: (await flow.run()).environment.name }) }
}

const writeSummary = out.writeSummary

/** The App Repository API client and the app's id there, for the target's credentials. */
function sourceDeps(
  settings: Settings,
  http: (credentials: Credentials, baseUrl?: string) => MendixHttp,
  log: Logger
): SourceDeps {
  const token = settings.token
  const deadline = Date.now() + settings.timeoutMinutes * 60_000
  return {
    repository: token ? http(patCredentials(token), settings.repositoryApiUrl) : undefined,
    repositoryAppId: async () =>
      settings.target === 'mendix-cloud'
        ? checkServerId(
            'ProjectId',
            (
              await new MendixCloudApi(
                http(apiKeyCredentials(settings.username, settings.apiKey)),
                settings.apiUrl,
                settings.appId
              ).getApp(deadline)
            ).ProjectId
          )
        : settings.appId,
    log,
    deadline
  }
}

export async function run(): Promise<void> {
  current = { finished: false }
  try {
    await runStep()
  } finally {
    // Whatever the outcome, the step reported it through its own lines: the safety net stays quiet.
    current.finished = true
  }
}

async function runStep(): Promise<void> {
  maskSecrets()
  let settings: Settings
  const misspelled = misspelledInputs(process.env)
  const run = runContextFromEnv(process.env)
  try {
    settings = readSettings(name => out.getInput(name), run)
    if (misspelled.length > 0) throw new InputError([])
  } catch (error) {
    const problems = [...misspelled, ...(error instanceof InputError ? error.problems : [String(error)])]
    out.error(new InputError(problems).message, { title: 'Invalid input' })
    process.exitCode = 1
    await writeSummary(renderInputErrors(problems))
    return
  }
  for (const { level, title, message } of adviseOn(settings, run)) {
    if (level === 'warning') out.warning(message, { title })
    else out.notice(message, { title })
  }

  for (const item of [
    ...settings.constants,
    ...(settings.target === 'private-cloud' ? settings.environmentVariables : [])
  ]) {
    if (item.secret && item.value) out.setSecret(item.value)
  }
  const controller = new AbortController()
  const progress = new Progress((name, value) => out.setOutput(name, value))
  current.progress = progress
  const transport = actionsTransport()
  let cancelled = false
  const onSignal = (signal: string): void => {
    if (cancelled) return
    cancelled = true
    controller.abort()
    out.error(`Cancelled (${signal}) while in phase "${progress.phase}".\n${progress.describeLeftovers()}`, {
      title: 'Mendix deploy cancelled'
    })
    process.exitCode = 1
    setTimeout(() => process.exit(1), CANCEL_EXIT_MS)
  }
  process.once('SIGINT', () => onSignal('SIGINT'))
  process.once('SIGTERM', () => onSignal('SIGTERM'))

  const http = (credentials: Credentials, baseUrl = settings.apiUrl): MendixHttp =>
    new MendixHttp({
      baseUrl,
      credentials,
      clock: realClock,
      transport,
      signal: controller.signal,
      debug: line => out.debug(line),
      timeoutMs: settings.timeoutMinutes * 60_000
    })
  const common = {
    clock: realClock,
    log: coreLogger,
    progress,
    signal: controller.signal,
    // Issue 14: how long this app's jobs took before, so that polls are sparse until near a job's end.
    history: runHistory(settings, { clock: realClock, log: coreLogger }, process.env.RUNNER_TEMP)
  }
  const dryRun = settings.dryRun
  // Loaded only when asked for: Octokit is a third of the bundle and would slow every start.
  const deployment =
    settings.githubToken && !dryRun
      ? new (await import('./github-deployment.js')).GitHubDeployment(
          {
            token: settings.githubToken,
            apiUrl: process.env.GITHUB_API_URL ?? 'https://api.github.com',
            repository: run.repository,
            sha: run.sha,
            runUrl: `${run.serverUrl}/${run.repository}/actions/runs/${run.runId}`,
            environment: settings.githubEnvironment,
            description: `Mendix ${settings.target} deploy of ${settings.branch}@${settings.revision}`
          },
          coreLogger
        )
      : undefined
  try {
    await deployment?.start()
    settings = await resolveSource(settings, sourceDeps(settings, http, coreLogger))
    progress.output('revision', settings.revision)
    const result = await flowFor(settings, http, common, transport).run()
    await deployment?.finish('success', progress.outputs.appUrl)
    await writeSummary(renderSummary({ settings, progress, environmentName: result.environmentName }))
  } catch (error) {
    if (cancelled || error instanceof CancelledError) return
    await deployment?.finish('failure')
    const message = error instanceof Error ? error.message : String(error)
    const leftovers = progress.describeLeftovers()
    const title = error instanceof InputError ? 'Invalid input' : `Mendix deploy failed (${progress.phase})`
    out.error(`${message}\n${leftovers}`, { title })
    process.exitCode = 1
    await writeSummary(
      renderSummary({
        settings,
        progress,
        error: {
          phase: progress.phase,
          message,
          logTail: error instanceof JobError ? error.logTail : undefined
        }
      })
    )
  } finally {
    transport.dispose()
  }
}
