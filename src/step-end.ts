/** How the step ends when it does not deploy: refused inputs, a failure after requests were made, or a cancel. */
import { InputError, JobError, messageOf } from './errors.js'
import type { Settings } from './inputs.js'
import * as out from './output.js'
import type { Progress } from './progress.js'
import { renderInputErrors, renderSummary } from './report.js'

/** Refused inputs: one error naming each, a summary saying nothing was sent, exit 1. */
export async function endWithInputErrors(problems: string[]): Promise<void> {
  out.error(new InputError(problems).message, { title: 'Invalid input' })
  process.exitCode = 1
  await out.writeSummary(renderInputErrors(problems))
}

/** A failed deploy: the error with what was left behind, the summary with the phase it failed in, exit 1. */
export async function endWithFailure(error: unknown, settings: Settings, progress: Progress): Promise<void> {
  const message = messageOf(error)
  const title = error instanceof InputError ? 'Invalid input' : `Mendix deploy failed (${progress.phase})`
  out.error(`${message}\n${progress.describeLeftovers()}`, { title })
  process.exitCode = 1
  const logTail = error instanceof JobError ? error.logTail : undefined
  await out.writeSummary(
    renderSummary({ settings, progress, error: { phase: progress.phase, message, logTail } })
  )
}

/** A cancelled step: the summary says what was cancelled, in which phase, and what was left (signals.ts exits). */
export async function endWithCancel(signal: string, settings: Settings, progress: Progress): Promise<void> {
  await out.writeSummary(renderSummary({ settings, progress, cancelled: { signal, phase: progress.phase } }))
}
