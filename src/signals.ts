/**
 * The runner cancels a step with SIGINT, then SIGTERM, and kills it 7.5 s later. On the first signal the step
 * aborts every request and wait, says what was left running, and exits well before the kill.
 */
import * as out from './output.js'
import type { Progress } from './progress.js'

/** After SIGINT/SIGTERM the step must be gone well before the runner's 7.5 s kill. */
const CANCEL_EXIT_MS = 1000

export interface Cancellation {
  signal: AbortSignal
  readonly cancelled: boolean
}

export function cancelOnSignals(progress: Progress): Cancellation {
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
