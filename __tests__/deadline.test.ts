import { Deadline, Timeout } from '../src/deadline.js'
import { FakeClock } from './support/fake-clock.js'

describe('Deadline', () => {
  it('is a moment on its clock: time left counts down, and it has passed only once the clock is beyond it', async () => {
    const clock = new FakeClock()
    const deadline = Deadline.after(clock, 30_000)
    expect(deadline.at).toBe(clock.time + 30_000)
    expect(deadline.remainingMs()).toBe(30_000)
    await clock.sleep(30_000)
    expect(deadline.remainingMs()).toBe(0)
    expect(deadline.passed()).toBe(false)
    await clock.sleep(1)
    expect(deadline.remainingMs()).toBe(-1)
    expect(deadline.passed()).toBe(true)
  })

  it('can be none: never passed, always time left', () => {
    const none = Deadline.none()
    expect(none.at).toBe(Infinity)
    expect(none.remainingMs()).toBe(Infinity)
    expect(none.passed()).toBe(false)
  })
})

describe('Timeout', () => {
  it('turns timeoutMinutes into milliseconds once', () => {
    expect(new Timeout(new FakeClock(), 30).ms).toBe(1_800_000)
    expect(new Timeout(new FakeClock(), 0.05).ms).toBe(3000)
  })

  it('is one budget for the whole step: every wait draws from the same end, however late it begins', async () => {
    const clock = new FakeClock()
    const timeout = new Timeout(clock, 2)
    const first = timeout.deadline()
    expect(first.at).toBe(clock.time + 120_000)
    await clock.sleep(90_000)
    const second = timeout.deadline()
    expect(second.at).toBe(first.at)
    expect(second.remainingMs()).toBe(30_000)
  })

  it('keeps a quarter of the budget back for a rollback when asked: the work ends earlier, the rollback at the end', () => {
    const clock = new FakeClock()
    const timeout = new Timeout(clock, 60, { rollbackReserve: true })
    expect(timeout.reserveMs).toBe(15 * 60_000)
    expect(timeout.deadline().remainingMs()).toBe(45 * 60_000)
    timeout.useReserve()
    expect(timeout.deadline().remainingMs()).toBe(60 * 60_000)
  })
})
