import { CancelledError } from '../src/errors.js'
import { DEFAULT_SCHEDULE, pollDelay, waitUntil, type PollResult } from '../src/wait.js'
import { FakeClock } from './support/fake-clock.js'

function sequence<T>(results: Array<PollResult<T> | Error>) {
  let calls = 0
  return {
    get calls() {
      return calls
    },
    poll: async (): Promise<PollResult<T>> => {
      const next = results[Math.min(calls++, results.length - 1)]
      if (next instanceof Error) throw next
      return next
    }
  }
}

const pending = (status = 'running'): PollResult<string> => ({ done: false, status })

describe('waitUntil', () => {
  it('polls at 2.5% of the time waited, between half a second and ten seconds', () => {
    expect(pollDelay(DEFAULT_SCHEDULE, 0)).toBe(500)
    expect(pollDelay(DEFAULT_SCHEDULE, 30_000)).toBe(750)
    expect(pollDelay(DEFAULT_SCHEDULE, 100_000)).toBe(2500)
    expect(pollDelay(DEFAULT_SCHEDULE, 3_600_000)).toBe(10_000)
  })

  it('notices the end of a job within 2.5% of its duration, and costs few polls on a long one', async () => {
    for (const durationMs of [10_000, 30_000, 600_000]) {
      const clock = new FakeClock()
      const end = clock.time + durationMs
      let polls = 0
      await waitUntil<boolean>({
        poll: async () => {
          polls++
          return clock.time >= end ? { done: true, value: true } : { done: false, status: 'running' }
        },
        clock,
        deadline: Infinity,
        onTimeout: () => new Error('t')
      })
      const lagMs = clock.time - end
      expect(lagMs).toBeLessThanOrEqual(Math.max(500, 0.025 * durationMs * 1.03))
      if (durationMs === 600_000) expect(durationMs / polls).toBeGreaterThanOrEqual(3000)
    }
  })

  it('never polls sooner than the service asked with Retry-After', async () => {
    const clock = new FakeClock()
    const polls = sequence<string>([
      { done: false, status: 'running', notBeforeMs: 7000 },
      { done: true, value: 'ok' }
    ])
    await waitUntil({ poll: polls.poll, clock, deadline: Infinity, onTimeout: () => new Error('t') })
    expect(clock.sleeps).toEqual([7000])
  })

  it('returns the value once done and reports each status change once', async () => {
    const clock = new FakeClock()
    const statuses: string[] = []
    const polls = sequence<string>([
      pending('created'),
      pending('running'),
      pending('running'),
      { done: true, value: 'pkg' }
    ])
    const value = await waitUntil({
      poll: polls.poll,
      clock,
      deadline: clock.time + 60_000,
      onStatus: s => statuses.push(s),
      onTimeout: () => new Error('timeout')
    })
    expect(value).toBe('pkg')
    expect(statuses).toEqual(['created', 'running'])
    expect(polls.calls).toBe(4)
  })

  it('fails at the deadline with the last status, after a last poll at the deadline', async () => {
    const clock = new FakeClock()
    const start = clock.time
    const polls = sequence<string>([pending()])
    await expect(
      waitUntil({
        poll: polls.poll,
        clock,
        deadline: start + 30_000,
        onTimeout: (status, elapsed) => new Error(`still ${status} after ${elapsed}`)
      })
    ).rejects.toThrow('still running after 30000')
    expect(clock.time).toBe(start + 30_000)
  })

  it('waits out a few transient errors but not more', async () => {
    const clock = new FakeClock()
    const blip = new Error('blip')
    const recovered = sequence<string>([blip, blip, { done: true, value: 'ok' }])
    await expect(
      waitUntil({
        poll: recovered.poll,
        clock,
        deadline: Infinity,
        isTransient: () => true,
        onTimeout: () => new Error('t')
      })
    ).resolves.toBe('ok')

    const broken = sequence<string>([blip])
    await expect(
      waitUntil({
        poll: broken.poll,
        clock,
        deadline: Infinity,
        isTransient: () => true,
        maxConsecutiveErrors: 3,
        onTimeout: () => new Error('t')
      })
    ).rejects.toThrow('blip')
    expect(broken.calls).toBe(4)
  })

  it('does not wait out an error that is not transient', async () => {
    const polls = sequence<string>([new Error('401')])
    await expect(
      waitUntil({
        poll: polls.poll,
        clock: new FakeClock(),
        deadline: Infinity,
        isTransient: () => false,
        onTimeout: () => new Error('t')
      })
    ).rejects.toThrow('401')
    expect(polls.calls).toBe(1)
  })

  it('stops at once when cancelled', async () => {
    const controller = new AbortController()
    const clock = new FakeClock()
    const polls = sequence<string>([pending()])
    const waiting = waitUntil({
      poll: async () => {
        const result = await polls.poll()
        if (polls.calls === 3) controller.abort()
        return result
      },
      clock,
      signal: controller.signal,
      deadline: Infinity,
      onTimeout: () => new Error('t')
    })
    await expect(waiting).rejects.toBeInstanceOf(CancelledError)
    expect(polls.calls).toBe(3)
  })
})
