/** Beyond one deploy: re-runs, promotion, deploy-time settings, dry run (e2e-lifecycle has what follows a deploy). */
import { SEED } from '../emulator/index.js'
import { deploy, errorLines, HEAD, withEmulator, stored, deploymentOf } from './support/deploy-run.js'

const WRITES = new Set(['POST', 'PUT', 'DELETE'])

describe('re-runs', () => {
  it('a re-run of the same revision reuses the package: no build, under a second of API time', () =>
    withEmulator({}, async emulator => {
      const first = await deploy(emulator)
      expect(first.exitCode).toBe(0)
      expect(first.outputs.reused).toBe('false')
      const before = emulator.traffic.length
      const again = await deploy(emulator, {}, { env: { GITHUB_RUN_ATTEMPT: '2' } })
      expect(again.exitCode).toBe(0)
      const rerun = emulator.traffic.slice(before)
      expect(rerun.some(t => t.operation === 'build')).toBe(false)
      expect(again.outputs).toMatchObject({ reused: 'true', packageId: first.outputs.packageId })
      expect(rerun[rerun.length - 1].epochMs - rerun[0].epochMs).toBeLessThan(1000)
    }))

  it('builds again when reuse is false', () =>
    withEmulator({}, async emulator => {
      await deploy(emulator)
      const again = await deploy(emulator, { reuse: 'false' })
      expect(again.outputs.reused).toBe('false')
      expect(emulator.traffic.filter(t => t.operation === 'build')).toHaveLength(2)
    }))
})

describe('promotion', () => {
  it('deploys the package another environment runs, with no build', () =>
    withEmulator({}, async emulator => {
      const result = await deploy(emulator, { environment: 'production', promoteFrom: 'acceptance' })
      expect(result.exitCode).toBe(0)
      expect(emulator.traffic.some(t => t.operation === 'build')).toBe(false)
      expect(deploymentOf(stored(emulator, SEED.environments.production.id)).packageId).toBe(
        SEED.packages.released
      )
      expect(result.outputs).toMatchObject({
        packageId: SEED.packages.released,
        previousPackageId: SEED.packages.older,
        reused: 'true'
      })
    }))
})

describe('deploy-time settings', () => {
  it('sets constants and environment variables in the same PUT, masking secret values', () =>
    withEmulator({}, async emulator => {
      const result = await deploy(emulator, {
        constants: 'Orders.MaxBatchSize=500\nsecret Orders.ApiEndpoint=https://hidden.example.com/api',
        environmentVariables: 'FEATURE_FLAGS=checkout'
      })
      expect(result.exitCode).toBe(0)
      expect(emulator.traffic.filter(t => t.operation === 'putEnvironment')).toHaveLength(1)
      const env = stored(emulator, SEED.environments.test.id)
      expect(deploymentOf(env).constants).toEqual(
        expect.arrayContaining([
          { name: 'Orders.MaxBatchSize', value: '500' },
          { name: 'Orders.ApiEndpoint', value: 'https://hidden.example.com/api' }
        ])
      )
      expect(
        (env.environment.runtime as { environmentVariables: unknown[] }).environmentVariables
      ).toContainEqual({
        name: 'FEATURE_FLAGS',
        value: 'checkout'
      })
      expect(result.stdout).toContain('::add-mask::https://hidden.example.com/api')
    }))

  it('reports unknown constant names before building anything', () =>
    withEmulator({}, async emulator => {
      const result = await deploy(emulator, { constants: 'Orders.MaxBatchSise=1' })
      expect(result.exitCode).toBe(1)
      expect(errorLines(result)[0]).toContain(
        'Input \'constants\': Orders.MaxBatchSise not found in environment "test"'
      )
      expect(emulator.traffic.map(t => t.operation)).toEqual(['listEnvironments'])
    }))
})

describe('dry run', () => {
  it('sends no POST, PUT or DELETE and shows the manifest diff in the log and the summary', () =>
    withEmulator({}, async emulator => {
      const result = await deploy(emulator, { dryRun: 'true', constants: 'Orders.MaxBatchSize=500' })
      expect(result.exitCode).toBe(0)
      expect(emulator.traffic.filter(t => WRITES.has(t.method))).toEqual([])
      const diff = [
        `- environment.deployment.packageId: "${SEED.packages.released}"`,
        `+ environment.deployment.packageId: "(new package from main@${HEAD})"`,
        '- environment.deployment.constants.Orders.MaxBatchSize.value: "250"',
        '+ environment.deployment.constants.Orders.MaxBatchSize.value: "500"'
      ]
      for (const line of diff) {
        expect(result.stdout).toContain(line)
        expect(result.summary).toContain(line)
      }
      expect(result.stdout).toContain('Dry run: nothing was built, and nothing was changed.')
    }))
})
