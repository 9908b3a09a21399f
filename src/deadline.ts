/**
 * Time limits as values rather than bare epoch-ms numbers. `timeoutMinutes` is the whole step's budget: it
 * becomes a `Timeout` once, when the step starts, and every job, wait and request draws its `Deadline` from that
 * one end. With rollbackOnFailure a part of the budget is kept back, so that a deploy that fails at its
 * deadline still has time to put the previous version back and prove that it runs.
 */
import { realClock, type Clock } from './clock.js'

/** A moment on a clock after which a wait stops and no request or retry runs. */
export class Deadline {
  private constructor(
    /** Epoch ms. */
    readonly at: number,
    private readonly clock: Clock
  ) {}

  /** The deadline `ms` from now on `clock`. */
  static after(clock: Clock, ms: number): Deadline {
    return new Deadline(clock.now() + ms, clock)
  }

  /** The deadline at the epoch-ms moment `at` on `clock`. */
  static at(clock: Clock, at: number): Deadline {
    return new Deadline(at, clock)
  }

  /** No deadline: it never passes, and there is always time left. */
  static none(): Deadline {
    return new Deadline(Infinity, realClock)
  }

  /** Milliseconds until the deadline: zero or less once it is reached. */
  remainingMs(): number {
    return this.at - this.clock.now()
  }

  /**
   * Whether the clock is past the deadline (at the deadline itself, not yet). `remainingMs() <= 0` is already true
   * at the deadline itself: each keeps the behaviour of the checks it replaced (a retry may still start at the
   * deadline; a wait stops there).
   */
  passed(): boolean {
    return this.clock.now() > this.at
  }
}

/**
 * The share of the budget kept back for a rollback when rollbackOnFailure is on: enough for a Private Cloud
 * manifest PUT, its job and the readiness wait, or a Mendix Cloud stop, transport and start, at the default
 * budget (about 11 of 45 minutes).
 */
export const ROLLBACK_RESERVE = 0.25

/**
 * The `timeoutMinutes` input as a value, made once when the step starts: the step's one end, and the deadline
 * of its work, which is that end less the rollback reserve.
 */
export class Timeout {
  /** The whole step's budget. */
  readonly ms: number
  /** Kept back from the work for a rollback; 0 without rollbackOnFailure. */
  readonly reserveMs: number
  /** Epoch ms at which the step's budget is spent. */
  readonly endsAt: number

  constructor(
    private readonly clock: Clock,
    minutes: number,
    options: { rollbackReserve?: boolean } = {}
  ) {
    this.ms = minutes * 60_000
    this.reserveMs = options.rollbackReserve ? Math.round(this.ms * ROLLBACK_RESERVE) : 0
    this.endsAt = clock.now() + this.ms
  }

  private rollingBack = false

  /**
   * The deadline of the job, wait or request that begins now: the step's end less the rollback reserve, or,
   * once a rollback has begun, the step's end.
   */
  deadline(): Deadline {
    return Deadline.at(this.clock, this.rollingBack ? this.endsAt : this.endsAt - this.reserveMs)
  }

  /** A rollback begins: from now on every deadline may use the reserve, for the rollback and its checks. */
  useReserve(): void {
    this.rollingBack = true
  }
}
