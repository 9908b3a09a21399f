/**
 * The one way to wait for something asynchronous: polls on a schedule until done, failed, past the
 * deadline or cancelled. Quick first polls catch short jobs; the interval then grows to a cap, so long jobs
 * cost few requests.
 */
import type { Clock } from './clock.js'
import { CancelledError } from './errors.js'

export interface PollSchedule {
  firstMs: number
  factor: number
  capMs: number
}

export const DEFAULT_SCHEDULE: PollSchedule = { firstMs: 1000, factor: 1.5, capMs: 10_000 }

/** The delay before poll number `index` (0-based). */
export function pollDelay(schedule: PollSchedule, index: number): number {
  return Math.min(schedule.capMs, Math.round(schedule.firstMs * schedule.factor ** index))
}

/** A poll's answer: finished with a value, or still going with a status to show. Failure is a thrown error. */
export type PollResult<T> = { done: true; value: T } | { done: false; status: string }

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
  for (let index = 0; ; index++) {
    if (signal?.aborted) throw new CancelledError()
    try {
      const result = await options.poll()
      consecutiveErrors = 0
      if (result.done) return result.value
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
    await clock.sleep(Math.min(pollDelay(schedule, index), remaining), signal)
  }
}
