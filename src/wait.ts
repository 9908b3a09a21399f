/**
 * The one way to wait for something asynchronous: polls on a schedule until done, failed, past the
 * deadline or cancelled.
 *
 * The interval is a fixed share of the time waited so far (2.5%), between a floor of 0.5 s and a cap of 10 s:
 * a job's end is noticed within 2.5% of its duration (or half a second for short jobs), while a long job costs
 * few requests (over ten minutes, about one poll every 3.5 s). A Retry-After from the service is never undercut.
 */
import type { Clock } from './clock.js'
import { CancelledError } from './errors.js'

export interface PollSchedule {
  /** The interval as a share of the time waited so far. */
  ratio: number
  minMs: number
  capMs: number
}

export const DEFAULT_SCHEDULE: PollSchedule = { ratio: 0.025, minMs: 500, capMs: 10_000 }

/** The delay before the next poll, after waiting `elapsedMs` so far. */
export function pollDelay(schedule: PollSchedule, elapsedMs: number): number {
  return Math.round(Math.min(schedule.capMs, Math.max(schedule.minMs, schedule.ratio * elapsedMs)))
}

/**
 * A poll's answer: finished with a value, or still going with a status to show and, when the service said so
 * (Retry-After), how long to wait at least. Failure is a thrown error.
 */
export type PollResult<T> = { done: true; value: T } | { done: false; status: string; notBeforeMs?: number }

export interface WaitOptions<T> {
  poll: () => Promise<PollResult<T>>
  /** Epoch ms after which waiting stops. */
  deadline: number
  clock: Clock
  signal?: AbortSignal
  schedule?: PollSchedule
  /** Called when the status changes, with the time since the wait began. */
  onStatus?: (status: string, elapsedMs: number) => void
  /** Whether a poll error may be waited out (a passing network fault, an early 404 on a new job). */
  isTransient?: (error: unknown, elapsedMs: number) => boolean
  /** How many transient poll errors in a row are tolerated. */
  maxConsecutiveErrors?: number
  /** Builds the error thrown at the deadline, given the last status seen. */
  onTimeout: (lastStatus: string, elapsedMs: number) => Error
}

/** Polls until the result is done and returns its value. */
export async function waitUntil<T>(options: WaitOptions<T>): Promise<T> {
  const { clock, signal } = options
  const schedule = options.schedule ?? DEFAULT_SCHEDULE
  const maxErrors = options.maxConsecutiveErrors ?? 3
  const started = clock.now()
  let lastStatus = 'unknown'
  let consecutiveErrors = 0
  for (;;) {
    if (signal?.aborted) throw new CancelledError()
    let notBeforeMs = 0
    try {
      const result = await options.poll()
      consecutiveErrors = 0
      if (result.done) return result.value
      notBeforeMs = result.notBeforeMs ?? 0
      if (result.status !== lastStatus) {
        lastStatus = result.status
        options.onStatus?.(result.status, clock.now() - started)
      }
    } catch (error) {
      if (error instanceof CancelledError) throw error
      const transient = options.isTransient?.(error, clock.now() - started) ?? false
      if (!transient || ++consecutiveErrors > maxErrors) throw error
    }
    const remaining = options.deadline - clock.now()
    if (remaining <= 0) throw options.onTimeout(lastStatus, clock.now() - started)
    const delay = Math.max(pollDelay(schedule, clock.now() - started), notBeforeMs)
    await clock.sleep(Math.min(delay, remaining), signal)
  }
}
