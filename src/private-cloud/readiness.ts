/**
 * The one rule for "the environment runs this package" on Private Cloud, used after the deploy, a restart and a
 * rollback alike (docs/assumptions.md, "Readiness").
 *
 * `deployment.packageId` is the desired state: it changes as soon as a manifest PUT lands. `container.state`
 * describes the pods, and nothing in the Deploy API docs says how soon it follows a finished job, so a read just
 * after the job may still show the old pods' `Ready` or an earlier deploy's `Failed`. A `Ready` or `Failed` with
 * our package therefore counts only on evidence that the rollout happened:
 * - a transition seen after the job: a read of our package `Processing` or `Unknown`, or one terminal state
 *   followed by the other; or
 * - a read made once the settle window has passed, which starts when the job finished: the longest the status is
 *   taken to lag the write.
 * When this step wrote nothing (the environment already held the package and settings), there is no write of
 * ours for the status to lag, and the first terminal read counts.
 */
import type { ManifestFacts } from './manifest.js'

/** How long `container.state` is taken to lag a finished job at most, unless a rollout is seen sooner. */
export const SETTLE_WINDOW_MS = 30_000
/** The window is at most this share of the step's budget, so that short budgets keep time for the checks after it. */
const SETTLE_SHARE_OF_BUDGET = 0.1

/** The settle window for a step whose whole budget is `budgetMs`. */
export function settleWindowMs(budgetMs: number): number {
  return Math.min(SETTLE_WINDOW_MS, budgetMs * SETTLE_SHARE_OF_BUDGET)
}

const TERMINAL = new Set(['Ready', 'Failed'])
const UNDER_WAY = new Set(['Processing', 'Unknown'])

/** What one read means: go on reading, or an end with our package's final state, or another package won. */
export type Verdict =
  | { kind: 'wait' }
  | { kind: 'ready' }
  | { kind: 'failed' }
  | { kind: 'no-state' }
  | { kind: 'replaced'; packageId?: string }

/** Judges the reads of one environment after one change, in the order they were made. */
export class RolloutJudge {
  private rolloutSeen = false
  private lastTerminal?: string
  private stateSeen = false

  constructor(
    private readonly packageId: string,
    /** Epoch ms at which the settle window ends; undefined when this step wrote nothing. */
    private readonly settleUntil: number | undefined,
    /** The rollout was already seen under way before these reads (while an unsure write was checked). */
    rolloutSeen = false
  ) {
    this.rolloutSeen = rolloutSeen
  }

  /** What the read `facts`, made at `now`, says. */
  judge(facts: ManifestFacts, now: number): Verdict {
    const settled = this.settleUntil === undefined || now >= this.settleUntil
    if (facts.packageId !== this.packageId) {
      // Reads may lag the write as a whole; only after the window does another package mean another change won.
      return settled && facts.state !== 'Processing'
        ? { kind: 'replaced', packageId: facts.packageId }
        : { kind: 'wait' }
    }
    const state = facts.state
    if (state === undefined) {
      // A read without a state shows nothing about the pods; after the window with none ever seen, say so.
      return settled && !this.stateSeen ? { kind: 'no-state' } : { kind: 'wait' }
    }
    this.stateSeen = true
    if (UNDER_WAY.has(state) || !TERMINAL.has(state)) {
      this.rolloutSeen = true
      this.lastTerminal = undefined
      return { kind: 'wait' }
    }
    const transition = this.lastTerminal !== undefined && this.lastTerminal !== state
    this.lastTerminal = state
    if (!(this.rolloutSeen || transition || settled)) return { kind: 'wait' }
    return state === 'Ready' ? { kind: 'ready' } : { kind: 'failed' }
  }
}
