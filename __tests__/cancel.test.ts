/** The runner cancels a step with SIGINT, then SIGTERM 7.5 s later: the action must be gone well before that. */
import { ALL_SCOPES } from '../emulator/index.js'
import { deploy, errorLines, leaksOf, SECRET_TOKEN, withEmulator } from './support/deploy-run.js'

const tokens = { [SECRET_TOKEN]: ALL_SCOPES }

describe.each(['SIGINT', 'SIGTERM'] as const)('on %s', signal => {
  it('stops waiting for the build, says what is left running, and exits non-zero within 2 s', () =>
    withEmulator({ tokens, durations: { buildMs: 120_000 } }, async emulator => {
      const result = await deploy(
        emulator,
        { token: SECRET_TOKEN },
        { signal: { name: signal, afterMs: 2500 }, env: { RUNNER_DEBUG: '1' } }
      )
      expect(result.exitCode).not.toBe(0)
      expect(result.exitCode).not.toBeNull()
      expect(result.durationMs - result.signalledAtMs!).toBeLessThan(2000)
      const [message] = errorLines(result)
      const jobId = result.outputs.buildJobId
      expect(message).toContain(`Cancelled (${signal}) while in phase "build"`)
      expect(message).toContain(
        `The build job ${jobId} was still running; check it with GET ${emulator.url}/jobs/${jobId}`
      )
      expect(message).toMatch(/Outputs set: .*environmentId=/)
      expect(message).toContain('The environment was not changed.')
      expect(leaksOf(result, SECRET_TOKEN)).toEqual([])
    }))
})

it('says the manifest update may be in progress when cancelled while the deploy job runs', () =>
  withEmulator({ tokens, durations: { buildMs: 300, deployMs: 120_000 } }, async emulator => {
    const result = await deploy(
      emulator,
      { token: SECRET_TOKEN },
      { signal: { name: 'SIGINT', afterMs: 3500 } }
    )
    expect(result.exitCode).not.toBe(0)
    expect(result.durationMs - result.signalledAtMs!).toBeLessThan(2000)
    const [message] = errorLines(result)
    expect(message).toContain('while in phase "deploy"')
    expect(message).toContain(`The deploy job ${result.outputs.deployJobId} was still running`)
    expect(message).toContain('A change to the environment was sent and may be in progress')
  }))
