/**
 * The one way to wait for something asynchronous: polls on a schedule until done, failed, past the
 * deadline or cancelled.
 *
 * Without a prediction, the interval is a fixed share of the time waited so far (2.5%), between a floor of
 * 0.5 s and a cap of 10 s: a job's end is noticed within 2.5% of its duration (or half a second for short
 * jobs), while a long job costs few requests (over ten minutes, about one poll every 3.3 s).
 *
 * With a prediction of the job's duration (from the history of earlier jobs, job-history.ts), the interval
 * follows the chance that the job ends now: sparse while the end is far, dense near it (see planDelay). Once
 * the job runs well past the predicted end, the prediction is taken as wrong and the schedule above takes over.
 * A Retry-After from the service is never undercut.
 */
import type { Clock } from './clock.js'
import type { Deadline } from './deadline.js'
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

/** A prediction of how long a job takes, from its start: a normal distribution, in effect. */
export interface JobEstimate {
  expectedMs: number
  /** How far a job is expected to stray from `expectedMs` either way (one standard deviation). */
  spreadMs: number
}

/** How a prediction is turned into polls. */
export interface PlanTuning {
  /**
   * What one request is worth in milliseconds of lateness. Polls are spaced to minimise the expected lateness
   * plus this price per poll, which gives an interval of sqrt(2 x price / hazard), where the hazard is the
   * chance per millisecond that a job still running ends now.
   */
  pollCostMs: number
  /** The chance that the job ends at any moment before the predicted end (an early failure, a faster run). */
  surprise: number
  /**
   * The chance that the job runs late, well past the spread (a busy builder, a cold cache): its end then falls
   * after the predicted one, fewer and fewer the later, with a mean delay of `lateShare` of the prediction.
   */
  late: number
  lateShare: number
  /**
   * How far past the expected end the prediction counts as wrong, and the plain schedule takes over: this many
   * mean late delays (or spreads, if a spread is longer).
   */
  giveUpAfter: number
  /** The longest interval while the end is far. */
  capMs: number
}

export const DEFAULT_TUNING: PlanTuning = {
  pollCostMs: 50,
  surprise: 0.01,
  late: 0.03,
  lateShare: 0.25,
  giveUpAfter: 3,
  capMs: 60_000
}

/** Φ, the standard normal distribution function (Abramowitz and Stegun 7.1.26, error below 1e-7). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2
  const t = 1 / (1 + 0.3275911 * x)
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
  const erf = 1 - poly * Math.exp(-x * x)
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2
}

/**
 * The chance per millisecond that a job still running at `t` ends now: a normal distribution around the
 * prediction, mixed with a small chance (`surprise`) of an end anywhere before it and one (`late`) of an end
 * after it, exponentially distributed.
 */
export function endHazard(estimate: JobEstimate, tuning: PlanTuning, t: number): number {
  const { expectedMs: mean, spreadMs: sd } = estimate
  const usual = 1 - tuning.surprise - tuning.late
  const z = (t - mean) / sd
  const early = t < mean ? tuning.surprise : 0
  const lateMean = tuning.lateShare * mean
  const lateLeft = t < mean ? 1 : Math.exp(-(t - mean) / lateMean)
  const density =
    (usual * Math.exp((-z * z) / 2)) / (sd * Math.sqrt(2 * Math.PI)) +
    early / mean +
    (t < mean ? 0 : (tuning.late * lateLeft) / lateMean)
  const survival = usual * (1 - normalCdf(z)) + early * (1 - t / mean) + tuning.late * lateLeft
  return survival <= 0 ? Infinity : density / survival
}

/** When, counted from the job's start, a job still running shows the prediction wrong. */
export function giveUpAt(estimate: JobEstimate, tuning: PlanTuning = DEFAULT_TUNING): number {
  const { expectedMs, spreadMs } = estimate
  return expectedMs + tuning.giveUpAfter * Math.max(spreadMs, tuning.lateShare * expectedMs)
}

/**
 * The delay before the next poll of a job running for `elapsedMs`, given a prediction: the longest interval Δ
 * with Δ ≤ sqrt(2 × pollCost / hazard) all along it (the hazard grows towards the end, so a long step never
 * jumps over a likely end), between the schedule's floor and the tuning's cap; the plain schedule once the job
 * has run past `giveUpAt`.
 */
export function planDelay(
  estimate: JobEstimate,
  elapsedMs: number,
  schedule: PollSchedule = DEFAULT_SCHEDULE,
  tuning: PlanTuning = DEFAULT_TUNING
): number {
  if (elapsedMs > giveUpAt(estimate, tuning)) return pollDelay(schedule, elapsedMs)
  const wanted = (delay: number) =>
    Math.sqrt((2 * tuning.pollCostMs) / endHazard(estimate, tuning, elapsedMs + delay))
  let low = schedule.minMs
  let high = Math.max(low, tuning.capMs)
  if (wanted(low) <= low) return low
  if (wanted(high) >= high) return high
  // The hazard grows as the end nears, so `wanted` falls as the delay grows: bisect for the crossing.
  for (let i = 0; i < 40 && high - low > 1; i++) {
    const mid = (low + high) / 2
    if (wanted(mid) > mid) low = mid
    else high = mid
  }
  return Math.round(low)
}

/**
 * A poll's answer: finished with a value, or still going with a status to show and, when the service said so
 * (Retry-After), how long to wait at least. Failure is a thrown error.
 */
export type PollResult<T> = { done: true; value: T } | { done: false; status: string; notBeforeMs?: number }

/** When a job ended, as far as polling can tell: after the last poll that saw it going, by the one that saw it done. */
export interface EndBracket {
  /** Since the job started: when the last poll that saw it still going was sent (0 if none did). */
  afterMs: number
  /** Since the job started: when the answer that saw it done came back. */
  byMs: number
  polls: number
}

export interface WaitOptions<T> {
  poll: () => Promise<PollResult<T>>
  /** When waiting stops. */
  deadline: Deadline
  clock: Clock
  signal?: AbortSignal
  schedule?: PollSchedule
  /** A prediction of the job's duration: polls are sparse until shortly before its predicted end. */
  estimate?: JobEstimate
  tuning?: PlanTuning
  /** When the job started (epoch ms), if before the wait did; `estimate` and `onDone` count from it. */
  startedAt?: number
  /** Called with the value and when the end came, once done. */
  onDone?: (value: T, end: EndBracket) => void
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
  const { clock, signal, estimate } = options
  const schedule = options.schedule ?? DEFAULT_SCHEDULE
  const maxErrors = options.maxConsecutiveErrors ?? 3
  const started = clock.now()
  const jobStart = Math.min(options.startedAt ?? started, started)
  let lastStatus = 'unknown'
  let consecutiveErrors = 0
  let afterMs = 0
  let polls = 0
  for (;;) {
    if (signal?.aborted) throw new CancelledError()
    let notBeforeMs = 0
    const sentAt = clock.now()
    try {
      polls++
      const result = await options.poll()
      consecutiveErrors = 0
      if (result.done) {
        options.onDone?.(result.value, { afterMs, byMs: clock.now() - jobStart, polls })
        return result.value
      }
      afterMs = sentAt - jobStart
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
    const remaining = options.deadline.remainingMs()
    if (remaining <= 0) throw options.onTimeout(lastStatus, clock.now() - started)
    // After a failed poll the plain schedule decides: a fault is retried soon, whatever the prediction.
    const planned =
      estimate && consecutiveErrors === 0
        ? planDelay(estimate, clock.now() - jobStart, schedule, options.tuning)
        : pollDelay(schedule, clock.now() - started)
    await clock.sleep(Math.min(Math.max(planned, notBeforeMs), remaining), signal)
  }
}
