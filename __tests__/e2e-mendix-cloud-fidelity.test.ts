/**
 * The bundled action with target mendix-cloud against the documented behaviours the emulator learnt (issue 12):
 * constants new in a package and a Version of its own for each build; e2e-mendix-cloud-upload has the rest.
 */
import { SEED } from '../emulator/index.js'
import {
  deploy,
  errorLines,
  HEAD,
  withEmulator,
  cloudInputs,
  cloudChanges,
  cloudProduction
} from './support/deploy-run.js'

/** The run the runner describes by default (scripts/run-action.ts): run id 7712345678, attempt 1. */
const RUN_ID = '7712345678'

describe('mendix-cloud: constants new in the package (issue 12.5)', () => {
  it('sets a constant the package brings, checking the names against the settings read after the transport', () =>
    withEmulator({ newConstantsInPackage: ['Orders.NewConst'] }, async emulator => {
      const result = await deploy(
        emulator,
        cloudInputs(emulator, { constants: 'Orders.NewConst=hello\nOrders.MaxBatchSize=500' })
      )
      expect({ exit: result.exitCode, errors: errorLines(result) }).toEqual({ exit: 0, errors: [] })
      expect(cloudChanges(emulator, ['cloudUpload'])).toEqual([
        'cloudBuild',
        'cloudStop',
        'cloudTransport',
        'cloudSetSettings',
        'cloudStart',
        'cloudStartStatus'
      ])
      const ops = emulator.traffic.map(t => t.operation)
      const transported = ops.indexOf('cloudTransport')
      expect(ops.slice(transported, ops.indexOf('cloudSetSettings'))).toContain('cloudGetSettings')
      const constants = cloudProduction(emulator).settings.Constants
      expect(constants.find(c => c.Name === 'Orders.NewConst')).toMatchObject({
        Value: 'hello',
        DeployedValue: 'hello'
      })
      expect(constants.find(c => c.Name === 'Orders.MaxBatchSize')!.Value).toBe('500')
      expect(cloudProduction(emulator).Status).toBe('Running')
    }))

  it('fails before the start, naming an unknown constant, and says the environment is stopped and how to start it', () =>
    withEmulator({ newConstantsInPackage: ['Orders.NewConst'] }, async emulator => {
      const result = await deploy(
        emulator,
        cloudInputs(emulator, { constants: 'Orders.NewConst=hello\nOrders.MaxBatchSise=1' })
      )
      expect(result.exitCode).toBe(1)
      const errors = errorLines(result)
      expect(errors).toHaveLength(1)
      expect(errors[0]).toContain(
        "Input 'constants': Orders.MaxBatchSise not found in the Production environment"
      )
      expect(errors[0]).not.toMatch(/Orders\.NewConst not found/)
      // Nothing was set and nothing was started: the check comes after the transport, before the start.
      expect(cloudChanges(emulator, ['cloudUpload'])).toEqual(['cloudBuild', 'cloudStop', 'cloudTransport'])
      const env = cloudProduction(emulator)
      expect(env).toMatchObject({ Status: 'Stopped', packageId: result.outputs.packageId })
      expect(errors[0]).toContain(`package ${result.outputs.packageId} transported; no constant was set`)
      const stopped =
        "The environment is stopped with the new package. To start it: Start Application on the Production environment's page in the Mendix Portal"
      expect(errors[0]).toContain(stopped)
      expect(result.summary).toContain(stopped)
      expect(result.summary).toContain('| Environment status | Stopped |')
      expect(result.outputs.state).toBe('Stopped')
    }))

  it('names the constants without a value when the start fails with MISSING_CONSTANT', () =>
    withEmulator({ newConstantsInPackage: ['Orders.NewConst'] }, async emulator => {
      const result = await deploy(emulator, cloudInputs(emulator))
      expect(result.exitCode).toBe(1)
      const [error] = errorLines(result)
      expect(error).toContain('MISSING_CONSTANT')
      expect(error).toContain('Constants without a value in the Production environment: Orders.NewConst.')
      expect(error).toContain('The environment is stopped with the new package. To start it:')
      expect(result.summary).toContain('The environment is stopped with the new package. To start it:')
    }))

  it('says the environment is stopped, with its previous package, when the transport fails after the stop', () =>
    withEmulator(
      {
        faults: [{ operation: 'cloudTransport', fault: { kind: 'status', status: 403 }, times: 1 }]
      },
      async emulator => {
        const result = await deploy(emulator, cloudInputs(emulator))
        expect(result.exitCode).toBe(1)
        const [error] = errorLines(result)
        expect(cloudProduction(emulator).Status).toBe('Stopped')
        const stopped = `The environment is stopped with its previous package ${SEED.cloud.packages.running}. To start it:`
        expect(error).toContain(stopped)
        expect(result.summary).toContain(stopped)
      }
    ))
})

describe('mendix-cloud: the Version and the reuse marker (issue 12.6)', () => {
  it('defaults Version to the next patch version, one per build, and marks packages as on Private Cloud', () =>
    withEmulator({}, async emulator => {
      const first = await deploy(emulator, cloudInputs(emulator))
      expect(first.exitCode).toBe(0)
      const builds = () => emulator.traffic.filter(t => t.operation === 'cloudBuild')
      const firstBody = builds()[0].body as { Version: string; Description: string }
      // The seeded app's one package is 1.4.0 (issue 26: no run-id version any more).
      expect(firstBody.Version).toBe('1.4.1')
      expect(firstBody.Description).toContain(`[gh-run acme/orders-app#${RUN_ID}.1] [build main@${HEAD}]`)
      expect(first.stdout).toContain('Version 1.4.1: the next patch version after 1.4.0')

      // A re-run of the same attempt's workflow reuses the package: the marker holds no automatic version.
      const rerun = await deploy(emulator, cloudInputs(emulator), { env: { GITHUB_RUN_ATTEMPT: '2' } })
      expect(rerun.outputs).toMatchObject({
        reused: 'true',
        packageId: first.outputs.packageId,
        version: '1.4.1'
      })
      expect(builds()).toHaveLength(1)

      // Builds of another attempt and of another workflow run get versions of their own.
      await deploy(emulator, cloudInputs(emulator, { reuse: 'false' }), { env: { GITHUB_RUN_ATTEMPT: '2' } })
      await deploy(emulator, cloudInputs(emulator, { reuse: 'false' }), {
        env: { GITHUB_RUN_ID: '12000000345', GITHUB_RUN_NUMBER: '42' }
      })
      expect(builds().map(b => (b.body as { Version: string }).Version)).toEqual(['1.4.1', '1.4.2', '1.4.3'])
    }))

  it('puts a given version in the marker exactly as Private Cloud does', () =>
    withEmulator({}, async emulator => {
      const cloud = await deploy(emulator, cloudInputs(emulator, { version: '1.4.2' }))
      const privateCloud = await deploy(emulator, { revision: HEAD, version: '1.4.2' })
      expect([cloud.exitCode, privateCloud.exitCode]).toEqual([0, 0])
      const marker = `[build main@${HEAD} v1.4.2]`
      const cloudBuild = emulator.traffic.find(t => t.operation === 'cloudBuild')!.body
      const pcBuild = emulator.traffic.find(t => t.operation === 'build')!.body
      expect(cloudBuild).toMatchObject({ Version: '1.4.2', Description: expect.stringContaining(marker) })
      expect(pcBuild).toMatchObject({ version: '1.4.2', description: expect.stringContaining(marker) })
      expect((cloudBuild as { Description: string }).Description.endsWith(marker)).toBe(true)
      expect((pcBuild as { description: string }).description.endsWith(marker)).toBe(true)
    }))
})
