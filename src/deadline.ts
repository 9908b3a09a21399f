/**
 * Time limits as values rather than bare epoch-ms numbers: `timeoutMinutes` becomes a `Timeout` once per step,
 * and each job, wait or request it bounds asks it for a `Deadline` when it begins ("how long to wait for each
 * job"). Minutes turn into milliseconds in one place, and "how long is left" reads the same everywhere.
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

/** The `timeoutMinutes` input as a value, made once per step: a fresh Deadline for each job, wait or request. */
export class Timeout {
  readonly ms: number

  constructor(
    private readonly clock: Clock,
    minutes: number
  ) {
    this.ms = minutes * 60_000
  }

  /** The deadline of a job, wait or request that begins now. */
  fromNow(): Deadline {
    return Deadline.after(this.clock, this.ms)
  }
}
