/** The bundled action with target mendix-cloud: re-runs, wait false, dry run and rollback. */
import { SEED } from '../emulator/index.js'
import { deploy, errorLines, HEAD, withEmulator, cloudInputs } from './support/deploy-run.js'

describe('target mendix-cloud re-runs', () => {
  it('reuses the package of an earlier run and, when the app already runs it, changes nothing', () =>
    withEmulator({}, async emulator => {
      const first = await deploy(emulator, cloudInputs(emulator))
      expect(first.exitCode).toBe(0)
      const before = emulator.traffic.length
      const again = await deploy(emulator, cloudInputs(emulator), {
        env: { GITHUB_RUN_ATTEMPT: '2', GITHUB_RUN_NUMBER: '43' }
      })
      expect(again.exitCode).toBe(0)
      expect(again.outputs).toMatchObject({ reused: 'true', packageId: first.outputs.packageId })
      const ops = emulator.traffic.slice(before).map(t => t.operation)
      expect(ops).not.toContain('cloudBuild')
      expect(ops).not.toContain('cloudStop')
      expect(again.stdout).toContain('already runs package')
    }))

  it('returns once the start is accepted when wait is false', () =>
    withEmulator({ durations: { buildMs: 300, deployMs: 60_000 } }, async emulator => {
      const result = await deploy(emulator, cloudInputs(emulator, { wait: 'false' }))
      expect(result.exitCode).toBe(0)
      expect(result.outputs.startJobId).toBeDefined()
      expect(emulator.traffic.some(t => t.operation === 'cloudStartStatus')).toBe(false)
    }))
})

describe('target mendix-cloud dry run and rollback', () => {
  it('a dry run changes nothing and lists the steps and constant values', () =>
    withEmulator({}, async emulator => {
      const result = await deploy(
        emulator,
        cloudInputs(emulator, { dryRun: 'true', backup: 'true', constants: 'Orders.MaxBatchSize=500' })
      )
      expect(result.exitCode).toBe(0)
      expect(emulator.traffic.filter(t => t.method === 'POST')).toEqual([])
      for (const line of [
        // The next patch version after the seeded 1.4.0, as it reads now (issue 26).
        `build main@${HEAD} as version 1.4.1 (patch after 1.4.0; read again just before a real build)`,
        'back up the Production environment',
        'stop the Production environment (now Running)',
        'set constant Orders.MaxBatchSize: "250" -> "500"',
        'start with AutoSyncDb true'
      ]) {
        expect(result.stdout).toContain(line)
        expect(result.summary).toContain(line)
      }
    }))

  it('rolls back to the previous package when the start fails', () =>
    withEmulator(
      { jobFaults: [{ job: 'start', outcome: 'fail', code: 'STARTUP_ACTION_FAILED', times: 1 }] },
      async emulator => {
        const result = await deploy(emulator, cloudInputs(emulator, { rollbackOnFailure: 'true' }))
        expect(result.exitCode).toBe(1)
        const [error] = errorLines(result)
        expect(error).toContain('STARTUP_ACTION_FAILED')
        expect(error).toContain(
          `Rolled back: the environment runs package ${SEED.cloud.packages.running} again.`
        )
        expect(result.outputs.rolledBack).toBe('true')
        const env = emulator.state.cloud.environments.find(e => e.Mode === 'Production')!
        expect(env).toMatchObject({ Status: 'Running', packageId: SEED.cloud.packages.running })
      }
    ))
})
