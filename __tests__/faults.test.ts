/**
 * Fault drills: the bundled action against the emulator with faults on every call of the flow. Each run must
 * deploy, or fail with one clear line; never build twice; never PUT a stale manifest; never print the token.
 */
import { ALL_SCOPES, SEED, type Emulator, type Fault, type Operation } from '../emulator/index.js'
import type { RunResult } from '../scripts/run-action.js'
import { deploy, errorLines, leaksOf, SECRET_TOKEN, withEmulator } from './support/deploy-run.js'

const FLOW_OPERATIONS: Operation[] = [
  'listEnvironments',
  'build',
  'getJob',
  'getEnvironment',
  'putEnvironment'
]
const tokens = { [SECRET_TOKEN]: ALL_SCOPES }

/** A clear failure: one error line, a sentence, no stack trace. */
function expectOneClearLine(result: RunResult): void {
  const errors = errorLines(result)
  expect(errors).toHaveLength(1)
  expect(errors[0]).not.toMatch(/\n\s+at .*:\d+:\d+/)
  expect(result.stderr).not.toMatch(/\n\s+at .*:\d+:\d+/)
}

function buildsSent(emulator: Emulator): number {
  return emulator.traffic.filter(
    t => t.operation === 'build' && t.fault !== 'drop-before' && t.status !== 429 && t.status !== 503
  ).length
}

/** Every PUT after the first must follow a fresh GET of the manifest, read after the PUT before it. */
function expectNoStalePut(emulator: Emulator): void {
  const manifestCalls = emulator.traffic.filter(
    t => t.operation === 'getEnvironment' || t.operation === 'putEnvironment'
  )
  let readSinceLastPut = true
  for (const call of manifestCalls) {
    if (call.operation === 'putEnvironment') {
      expect(readSinceLastPut).toBe(true)
      readSinceLastPut = false
    } else if (call.status === 200) readSinceLastPut = true
  }
}

const drills: Array<[string, Fault, number, 'deploys' | 'deploys or explains']> = [
  ['a 429 storm with Retry-After in seconds', { kind: 'status', status: 429, retryAfter: '1' }, 2, 'deploys'],
  [
    'a 429 storm with Retry-After as a date',
    { kind: 'status', status: 429, retryAfter: new Date(0).toUTCString() },
    2,
    'deploys'
  ],
  ['a 503 burst with Retry-After', { kind: 'status', status: 503, retryAfter: '1' }, 2, 'deploys'],
  ['a 500/502 burst', { kind: 'status', status: 502 }, 2, 'deploys or explains'],
  ['proxy HTML 502 pages', { kind: 'html502' }, 1, 'deploys or explains'],
  ['slow answers', { kind: 'slow', delayMs: 800 }, 1, 'deploys'],
  ['connections dropped before processing', { kind: 'drop-before' }, 1, 'deploys or explains'],
  ['connections dropped after processing', { kind: 'drop-after' }, 1, 'deploys or explains'],
  ['truncated JSON', { kind: 'truncate' }, 1, 'deploys or explains']
]

// Each drill has its own emulator and mostly waits (Retry-After, backoff), so the drills run side by side.
describe('fault drills on every call of the flow', () => {
  it.concurrent.each(drills.map(([name, fault, times, expected]) => ({ name, fault, times, expected })))(
    'with $name: $expected, builds at most once, never PUTs a stale manifest, never prints the token',
    ({ fault, times, expected }) =>
      withEmulator({ tokens }, async emulator => {
        for (const operation of FLOW_OPERATIONS) emulator.control.inject({ operation, fault, times })
        const result = await deploy(emulator, { token: SECRET_TOKEN }, { env: { RUNNER_DEBUG: '1' } })
        if (expected === 'deploys' || result.exitCode === 0) {
          expect({ exit: result.exitCode, errors: errorLines(result) }).toEqual({ exit: 0, errors: [] })
          expect(result.outputs.state).toBe('Ready')
          const env = emulator.state.environments.find(m => m.environment.id === SEED.environments.test.id)!
          expect((env.environment.deployment as { packageId: string }).packageId).toBe(
            result.outputs.packageId
          )
        } else {
          expect(result.exitCode).toBe(1)
          expectOneClearLine(result)
        }
        expect(buildsSent(emulator)).toBeLessThanOrEqual(1)
        expect(emulator.traffic.filter(t => t.operation === 'build').length).toBeLessThanOrEqual(times + 1)
        expectNoStalePut(emulator)
        expect(leaksOf(result, SECRET_TOKEN)).toEqual([])
      })
  )
})

describe('faults with a known outcome', () => {
  it('a build POST dropped before processing fails saying a build may have started, and sends no second one', () =>
    withEmulator({ tokens }, async emulator => {
      emulator.control.inject({ operation: 'build', fault: { kind: 'drop-before' }, times: 1 })
      const result = await deploy(emulator, { token: SECRET_TOKEN })
      expect(result.exitCode).toBe(1)
      expectOneClearLine(result)
      expect(errorLines(result)[0]).toMatch(
        /got no answer .*A build may have started .*\[gh-run acme\/orders-app#7712345678\.1\]/s
      )
      expect(emulator.traffic.filter(t => t.operation === 'build')).toHaveLength(1)
      expect(emulator.traffic.some(t => t.operation === 'listPackages')).toBe(true)
    }))

  it('a lost PUT answer is checked: the deploy completes with exactly one effective PUT', () =>
    withEmulator({ tokens }, async emulator => {
      emulator.control.inject({ operation: 'putEnvironment', fault: { kind: 'drop-after' }, times: 1 })
      const result = await deploy(emulator, { token: SECRET_TOKEN })
      expect(result.exitCode).toBe(0)
      expect(emulator.traffic.filter(t => t.operation === 'putEnvironment')).toHaveLength(1)
      expect(result.stdout).toContain('The update had taken effect; not sending it again')
      expect(result.outputs.state).toBe('Ready')
    }))

  it('a PUT dropped before processing is sent again from a fresh read', () =>
    withEmulator({ tokens }, async emulator => {
      emulator.control.inject({ operation: 'putEnvironment', fault: { kind: 'drop-before' }, times: 1 })
      const result = await deploy(emulator, { token: SECRET_TOKEN })
      expect(result.exitCode).toBe(0)
      expect(emulator.traffic.filter(t => t.operation === 'putEnvironment')).toHaveLength(2)
      expectNoStalePut(emulator)
    }))

  it('a job stuck in running fails at the deadline naming the job id', () =>
    withEmulator({ tokens, jobFaults: [{ job: 'build', outcome: 'stuck', times: 1 }] }, async emulator => {
      const result = await deploy(emulator, { token: SECRET_TOKEN, timeoutMinutes: '0.05' })
      expect(result.exitCode).toBe(1)
      expectOneClearLine(result)
      const jobId = result.outputs.buildJobId
      const gaveUp =
        /Gave up waiting for the build job (\S+) after (\d+\.\d)s \(timeoutMinutes: 0\.05\); it was still running/.exec(
          errorLines(result)[0]
        )
      expect(gaveUp?.[1]).toBe(jobId)
      // timeoutMinutes is the whole step's budget: the build's wait ends at the step's end, 3 s after it began,
      // less what resolving took; it ends at the first poll past the deadline.
      expect(Number(gaveUp?.[2])).toBeGreaterThan(0)
      expect(Number(gaveUp?.[2])).toBeLessThanOrEqual(3.5)
      expect(result.durationMs).toBeGreaterThanOrEqual(3000)
      expect(errorLines(result)[0]).toContain(`${emulator.url}/jobs/${jobId}`)
    }))

  it.each([
    [
      'a 202 without a job id',
      'build',
      { kind: 'replace-body', body: '{"status":"created"}' },
      /answered 202 without a job id/
    ],
    [
      'a job body of the wrong shape',
      'getJob',
      { kind: 'replace-body', body: '{"state":"done"}' },
      /the answer is not a job/
    ],
    [
      'a non-JSON body',
      'listEnvironments',
      { kind: 'replace-body', body: 'OK', contentType: 'text/plain' },
      /not valid JSON/
    ]
  ] as Array<[string, Operation, Fault, RegExp]>)(
    '%s gets a clear error',
    (_name, operation, fault, message) =>
      withEmulator({ tokens }, async emulator => {
        emulator.control.inject({ operation, fault })
        const result = await deploy(emulator, { token: SECRET_TOKEN }, { env: { RUNNER_DEBUG: '1' } })
        expect(result.exitCode).toBe(1)
        expectOneClearLine(result)
        expect(errorLines(result)[0]).toMatch(message)
        expect(leaksOf(result, SECRET_TOKEN)).toEqual([])
      })
  )
})
