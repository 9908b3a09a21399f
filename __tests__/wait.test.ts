import { Deadline } from '../src/deadline.js'
import { CancelledError } from '../src/errors.js'
import {
  DEFAULT_SCHEDULE,
  DEFAULT_TUNING,
  giveUpAt,
  planDelay,
  pollDelay,
  waitUntil,
  type EndBracket,
  type JobEstimate,
  type PollResult
} from '../src/wait.js'
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
        deadline: Deadline.none(),
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
    await waitUntil({ poll: polls.poll, clock, deadline: Deadline.none(), onTimeout: () => new Error('t') })
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
      deadline: Deadline.after(clock, 60_000),
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
        deadline: Deadline.after(clock, 30_000),
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
        deadline: Deadline.none(),
        isTransient: () => true,
        onTimeout: () => new Error('t')
      })
    ).resolves.toBe('ok')

    const broken = sequence<string>([blip])
    await expect(
      waitUntil({
        poll: broken.poll,
        clock,
        deadline: Deadline.none(),
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
        deadline: Deadline.none(),
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
      deadline: Deadline.none(),
      onTimeout: () => new Error('t')
    })
    await expect(waiting).rejects.toBeInstanceOf(CancelledError)
    expect(polls.calls).toBe(3)
  })
})

/** Waits on the fake clock for a job that ends `durationMs` after the wait starts; polls, lateness and end. */
async function waitFor(durationMs: number, estimate?: JobEstimate, extra: { notBeforeMs?: number } = {}) {
  const clock = new FakeClock()
  const start = clock.time
  const sentAt: number[] = []
  let end: EndBracket | undefined
  await waitUntil<boolean>({
    poll: async () => {
      sentAt.push(clock.time - start)
      return clock.time - start >= durationMs
        ? { done: true, value: true }
        : { done: false, status: 'running', notBeforeMs: extra.notBeforeMs }
    },
    clock,
    estimate,
    deadline: Deadline.none(),
    onDone: (_value, bracket) => (end = bracket),
    onTimeout: () => new Error('t')
  })
  return { polls: sentAt.length, lagMs: clock.time - start - durationMs, sentAt, end: end!, clock }
}

describe('waiting with a predicted end', () => {
  const sixMinutes: JobEstimate = { expectedMs: 360_000, spreadMs: 18_000 }

  it('polls sparsely while the end is far and at the floor where it is most likely', () => {
    expect(planDelay(sixMinutes, 0)).toBeGreaterThanOrEqual(30_000)
    expect(planDelay(sixMinutes, 0)).toBeLessThanOrEqual(DEFAULT_TUNING.capMs)
    expect(planDelay(sixMinutes, 360_000)).toBeLessThan(3000)
    expect(planDelay({ expectedMs: 30_000, spreadMs: 600 }, 30_000)).toBe(DEFAULT_SCHEDULE.minMs)
  })

  it('never steps over a likely end, however far the step before it', () => {
    const narrow: JobEstimate = { expectedMs: 30_000, spreadMs: 300 }
    for (let t = 0; t < 30_000; t += 100) expect(t + planDelay(narrow, t)).toBeLessThanOrEqual(30_000 + 600)
  })

  it('takes up the plain schedule once the job has run three mean late delays past the prediction', () => {
    const elapsed = sixMinutes.expectedMs * (1 + 3 * DEFAULT_TUNING.lateShare) + 1
    expect(giveUpAt(sixMinutes)).toBe(elapsed - 1)
    expect(planDelay(sixMinutes, elapsed)).toBe(pollDelay(DEFAULT_SCHEDULE, elapsed))
    expect(planDelay(sixMinutes, elapsed - 2)).not.toBe(pollDelay(DEFAULT_SCHEDULE, elapsed - 2))
  })

  it('gives up three spreads past the prediction when a spread is longer than a late delay', () => {
    const wide: JobEstimate = { expectedMs: 360_000, spreadMs: 120_000 }
    expect(giveUpAt(wide)).toBe(360_000 + 3 * 120_000)
  })

  it('keeps polling a late job every few seconds, not at the floor, until the prediction counts as wrong', () => {
    // Past the spread, the chance of an end now is that of a late run: steady, so the interval is too.
    const delays = [420_000, 480_000, 540_000].map(t => planDelay(sixMinutes, t))
    for (const delay of delays) {
      expect(delay).toBeGreaterThan(2000)
      expect(delay).toBeLessThan(DEFAULT_SCHEDULE.capMs)
    }
    expect(Math.max(...delays) - Math.min(...delays)).toBeLessThan(500)
  })

  it('notices a late job sooner than the plain schedule would', async () => {
    const late = await waitFor(468_000, sixMinutes)
    expect(late.lagMs).toBeLessThan(pollDelay(DEFAULT_SCHEDULE, 468_000) / 2)
  })

  it('notices a job that ends about as predicted within a second or two, with one poll per 10 s or fewer', async () => {
    let polls = 0
    for (const durationMs of [342_000, 360_000, 378_000]) {
      const seen = await waitFor(durationMs, sixMinutes)
      expect(seen.lagMs).toBeLessThanOrEqual(2000)
      polls += seen.polls
    }
    expect(polls).toBeLessThanOrEqual((342 + 360 + 378) / 10)
  })

  it('spends far fewer polls than the plain schedule on the same job, ending about as soon', async () => {
    const predicted = await waitFor(360_000, sixMinutes)
    const plain = await waitFor(360_000)
    expect(predicted.polls * 3).toBeLessThan(plain.polls)
    expect(predicted.lagMs).toBeLessThanOrEqual(plain.lagMs + 1500)
  })

  it('falls back to the plain schedule when the job runs much longer than predicted', async () => {
    const { lagMs } = await waitFor(720_000, sixMinutes)
    expect(lagMs).toBeLessThanOrEqual(pollDelay(DEFAULT_SCHEDULE, 720_000))
  })

  it('notices a job that ends far earlier than predicted at the next sparse poll', async () => {
    const { lagMs } = await waitFor(20_000, sixMinutes)
    expect(lagMs).toBeLessThanOrEqual(DEFAULT_TUNING.capMs)
    expect(lagMs).toBeGreaterThan(0)
  })

  it('still never polls sooner than Retry-After asks', async () => {
    const { sentAt } = await waitFor(31_000, { expectedMs: 30_000, spreadMs: 600 }, { notBeforeMs: 7000 })
    for (let i = 1; i < sentAt.length; i++) expect(sentAt[i] - sentAt[i - 1]).toBeGreaterThanOrEqual(7000)
  })

  it('retries a failed poll on the plain schedule, not after a sparse step', async () => {
    const clock = new FakeClock()
    const polls = sequence<string>([new Error('blip'), { done: true, value: 'ok' }])
    await waitUntil({
      poll: polls.poll,
      clock,
      estimate: sixMinutes,
      isTransient: () => true,
      deadline: Deadline.none(),
      onTimeout: () => new Error('t')
    })
    expect(clock.sleeps).toEqual([pollDelay(DEFAULT_SCHEDULE, 0)])
  })

  it('reports when the end came: after the last poll that saw the job going, by the one that saw it done', async () => {
    const { end, sentAt } = await waitFor(12_000)
    expect(end.afterMs).toBe(sentAt[sentAt.length - 2])
    expect(end.byMs).toBe(sentAt[sentAt.length - 1])
    expect(end.afterMs).toBeLessThan(12_000)
    expect(end.byMs).toBeGreaterThanOrEqual(12_000)
    expect(end.polls).toBe(sentAt.length)
  })

  it('counts the prediction from when the job started, if that was before the wait', async () => {
    const clock = new FakeClock()
    const startedAt = clock.time
    clock.time += 5000
    let end: EndBracket | undefined
    await waitUntil<boolean>({
      poll: async () =>
        clock.time - startedAt >= 30_000 ? { done: true, value: true } : { done: false, status: 'running' },
      clock,
      startedAt,
      estimate: { expectedMs: 30_000, spreadMs: 600 },
      deadline: Deadline.none(),
      onDone: (_v, bracket) => (end = bracket),
      onTimeout: () => new Error('t')
    })
    expect(end!.afterMs).toBeGreaterThanOrEqual(5000)
    expect(end!.byMs - 30_000).toBeLessThanOrEqual(DEFAULT_SCHEDULE.minMs)
  })
})
