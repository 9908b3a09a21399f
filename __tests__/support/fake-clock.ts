/** A clock that never waits: sleeping moves time forward at once. Shared with the emulator in flow tests. */
import { CancelledError } from '../../src/errors.js'
import type { Clock } from '../../src/clock.js'

export class FakeClock implements Clock {
  readonly sleeps: number[] = []

  constructor(public time = Date.parse('2026-11-22T10:00:00Z')) {}

  now = (): number => this.time

  sleep = async (ms: number, signal?: AbortSignal): Promise<void> => {
    if (signal?.aborted) throw new CancelledError()
    this.sleeps.push(ms)
    this.time += ms
  }
}
