/**
 * The runner cancels a step with SIGINT, then SIGTERM, and kills it 7.5 s later. On the first signal the step
 * aborts every request and wait, says what was left (jobs still running, the state of the environment), writes
 * the job summary, and exits well before the kill.
 */
import * as out from './output.js'
import type { Progress } from './progress.js'

/** After SIGINT/SIGTERM the step must be gone well before the runner's 7.5 s kill. */
const CANCEL_EXIT_MS = 1000

export interface Cancellation {
  signal: AbortSignal
  readonly cancelled: boolean
}

/**
 * Listens for the runner's cancel. `onCancel` (the job summary) starts once, after the error line; the step exits
 * CANCEL_EXIT_MS after the signal, which bounds it.
 */
export function cancelOnSignals(
  progress: Progress,
  onCancel?: (signal: string) => Promise<void>
): Cancellation {
  const controller = new AbortController()
  let cancelled = false
  const onSignal = (name: string): void => {
    if (cancelled) return
    cancelled = true
    controller.abort()
    out.error(`Cancelled (${name}) while in phase "${progress.phase}".\n${progress.describeLeftovers()}`, {
      title: 'Mendix deploy cancelled'
    })
    process.exitCode = 1
    // The summary is a small file append; the exit comes at its fixed time whether it is written or not.
    void Promise.resolve()
      .then(() => onCancel?.(name))
      .catch(() => undefined)
    setTimeout(() => process.exit(1), CANCEL_EXIT_MS)
  }
  process.once('SIGINT', () => onSignal('SIGINT'))
  process.once('SIGTERM', () => onSignal('SIGTERM'))
  return {
    signal: controller.signal,
    get cancelled() {
      return cancelled
    }
  }
}
