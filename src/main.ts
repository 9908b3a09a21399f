/** The step: mask -> read -> advise -> deploy -> report. The one place that turns an error into a failed step. */
import { adviseOn } from './advice.js'
import { Deploy, runnerContext, withBuildPlan } from './deploy.js'
import { deploymentRecordFor } from './deployment-record.js'
import { CancelledError } from './errors.js'
import { actionsTransport } from './http.js'
import { readInputs, runContextFromEnv } from './inputs.js'
import { coreLogger } from './logger.js'
import { maskSecretInputs, maskSecretValues } from './masking.js'
import * as out from './output.js'
import { Progress } from './progress.js'
import { renderSummary } from './report.js'
import { cancelOnSignals } from './signals.js'
import { endWithCancel, endWithFailure, endWithInputErrors } from './step-end.js'

/** What the safety net in index.ts needs: whether the step ended through its own lines, and what was left if not. */
let current: { progress?: Progress; finished: boolean } = { finished: false }

export function unfinishedReport(): string | undefined {
  if (current.finished) return undefined
  return current.progress?.describeLeftovers() ?? 'Nothing was sent to Mendix yet.'
}

export async function run(): Promise<void> {
  current = { finished: false }
  try {
    await runStep()
  } finally {
    current.finished = true
  }
}

async function runStep(): Promise<void> {
  maskSecretInputs()
  const context = runContextFromEnv(process.env)
  const settings = await withBuildPlan(readInputs(name => out.getInput(name), process.env, context))
  if (Array.isArray(settings)) return endWithInputErrors(settings)
  for (const { level, title, message } of adviseOn(settings, context)) out[level](message, { title })
  maskSecretValues(settings)

  const progress = new Progress((name, value) => out.setOutput(name, value))
  current.progress = progress
  // On a cancel, the summary too. No signal is handled before `deploy` exists: the lines up to it run in one go.
  const cancellation = cancelOnSignals(progress, signal => endWithCancel(signal, deploy.settings, progress))
  const transport = actionsTransport()
  const deploy = new Deploy(
    settings,
    runnerContext(settings, { transport, progress, signal: cancellation.signal })
  )
  const record = await deploymentRecordFor(settings, context, coreLogger)
  try {
    await record?.start()
    const outcome = await deploy.run()
    await record?.finish('success', outcome.appUrl)
    await out.writeSummary(
      renderSummary({
        settings: deploy.settings,
        progress,
        environmentName: outcome.environmentName,
        title: outcome.title
      })
    )
  } catch (error) {
    if (cancellation.cancelled || error instanceof CancelledError) return
    await record?.finish('failure')
    await endWithFailure(error, deploy.settings, progress)
  } finally {
    transport.dispose()
  }
}
