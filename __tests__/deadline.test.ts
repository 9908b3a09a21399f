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

  it('gives each wait its own deadline, counted from when the wait begins', async () => {
    const clock = new FakeClock()
    const timeout = new Timeout(clock, 2)
    const first = timeout.fromNow()
    expect(first.at).toBe(clock.time + 120_000)
    await clock.sleep(90_000)
    const second = timeout.fromNow()
    expect(second.at).toBe(first.at + 90_000)
    expect(first.remainingMs()).toBe(30_000)
    expect(second.remainingMs()).toBe(120_000)
  })
})
