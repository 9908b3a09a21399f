/** The runner cancels a step with SIGINT, then SIGTERM 7.5 s later: the action must be gone well before that. */
import { ALL_SCOPES, type Emulator } from '../emulator/index.js'
import type { RunResult } from '../scripts/run-action.js'
import { deploy, errorLines, leaksOf, SECRET_TOKEN, withEmulator } from './support/deploy-run.js'

const tokens = { [SECRET_TOKEN]: ALL_SCOPES }

/**
 * Deploys, and sends `signal` as soon as the action prints a line matching `when`: sent at a fixed time instead,
 * the signal could reach a slow-starting action (a loaded machine) before it listens for it.
 */
async function deployAndCancel(
  emulator: Emulator,
  signal: NodeJS.Signals,
  when: RegExp,
  env: Record<string, string> = {}
): Promise<{ result: RunResult; exitedAfterMs: number }> {
  let pid: number | undefined
  let spawnedAt = 0
  let signalledAt: number | undefined
  const result = await deploy(
    emulator,
    { token: SECRET_TOKEN },
    {
      env,
      onSpawn: (id, at) => {
        pid = id
        spawnedAt = at
      },
      onLine: line => {
        if (signalledAt !== undefined || pid === undefined || !when.test(line)) return
        signalledAt = Date.now()
        process.kill(pid, signal)
      }
    }
  )
  expect(signalledAt).toBeDefined()
  return { result, exitedAfterMs: spawnedAt + result.durationMs - signalledAt! }
}

describe.each(['SIGINT', 'SIGTERM'] as const)('on %s', signal => {
  it('stops waiting for the build, says what is left running, and exits non-zero within 2 s', () =>
    withEmulator({ tokens, durations: { buildMs: 120_000 } }, async emulator => {
      const { result, exitedAfterMs } = await deployAndCancel(emulator, signal, /Build job is running/, {
        RUNNER_DEBUG: '1'
      })
      expect(result.exitCode).not.toBe(0)
      expect(result.exitCode).not.toBeNull()
      expect(exitedAfterMs).toBeLessThan(2000)
      const [message] = errorLines(result)
      const jobId = result.outputs.buildJobId
      expect(message).toContain(`Cancelled (${signal}) while in phase "build"`)
      expect(message).toContain(
        `The build job ${jobId} was still running; check it with GET ${emulator.url}/jobs/${jobId}`
      )
      expect(message).toMatch(/Outputs set: .*environmentId=/)
      expect(message).toContain('The environment was not changed.')
      // The summary is written too, before the exit: what was cancelled, and what was left.
      expect(result.summary).toContain(`### ⛔ Mendix deploy cancelled (${signal}) while in phase "build"`)
      const left = result.summary.slice(result.summary.indexOf('**What was left**'))
      expect(left).toContain(
        `The build job ${jobId} was still running; check it with GET ${emulator.url}/jobs/${jobId}`
      )
      expect(left).toContain('The environment was not changed.')
      expect(leaksOf(result, SECRET_TOKEN)).toEqual([])
    }))
})

it('says the manifest update may be in progress when cancelled while the deploy job runs', () =>
  withEmulator({ tokens, durations: { buildMs: 300, deployMs: 120_000 } }, async emulator => {
    const { result, exitedAfterMs } = await deployAndCancel(emulator, 'SIGINT', /Deploy job is running/)
    expect(result.exitCode).not.toBe(0)
    expect(exitedAfterMs).toBeLessThan(2000)
    const [message] = errorLines(result)
    expect(message).toContain('while in phase "deploy"')
    expect(message).toContain(`The deploy job ${result.outputs.deployJobId} was still running`)
    expect(message).toContain('A change to the environment was sent and may be in progress')
    expect(result.summary).toContain('### ⛔ Mendix deploy cancelled (SIGINT) while in phase "deploy"')
    expect(result.summary).toContain(`| Deploy job | \`${result.outputs.deployJobId}\` |`)
  }))
