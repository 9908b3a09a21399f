/** The bundled action with target mendix-cloud, run as the runner runs it, against the emulator's v1/v2 APIs. */
import { SEED } from '../emulator/index.js'
import {
  deploy,
  errorLines,
  HEAD,
  leaksOf,
  withEmulator,
  cloudInputs,
  cloudChanges
} from './support/deploy-run.js'

describe('target mendix-cloud', () => {
  it('backs up, stops, transports and starts, in that order, and waits until the app runs', () =>
    withEmulator({}, async emulator => {
      const result = await deploy(emulator, cloudInputs(emulator, { backup: 'true' }), {
        env: { RUNNER_DEBUG: '1' }
      })
      expect({ exit: result.exitCode, errors: errorLines(result) }).toEqual({ exit: 0, errors: [] })
      expect(cloudChanges(emulator, ['backupCreate'])).toEqual([
        'cloudBuild',
        'backupCreate',
        'cloudStop',
        'cloudTransport',
        'cloudStart',
        'cloudStartStatus'
      ])
      // The backup had completed before the stop was sent.
      const stopAt = emulator.traffic.find(t => t.operation === 'cloudStop')!.epochMs
      const snapshot = emulator.state.cloud.snapshots[0]
      expect(snapshot.endsAt).toBeLessThanOrEqual(stopAt)
      const lastBackupPoll = emulator.traffic.filter(t => t.operation === 'backupGet').at(-1)!
      expect(lastBackupPoll.epochMs).toBeLessThan(stopAt)

      const env = emulator.state.cloud.environments.find(e => e.Mode === 'Production')!
      expect(env.Status).toBe('Running')
      expect(env.packageId).toBe(result.outputs.packageId)
      expect(result.outputs).toMatchObject({
        previousPackageId: SEED.cloud.packages.running,
        snapshotId: snapshot.snapshot_id,
        startJobId: expect.any(String),
        appUrl: 'https://orders-demo.mendixcloud.com',
        environmentId: SEED.cloud.environments.Production,
        state: 'Running'
      })
      const build = emulator.traffic.find(t => t.operation === 'cloudBuild')!
      // The default Version is the next patch version after the app's highest (the seeded 1.4.0).
      expect(build.body).toMatchObject({ Branch: 'main', Revision: HEAD, Version: '1.4.1' })
      expect(build.headers['mendix-username']).toBe(SEED.cloud.username)
      expect(emulator.traffic.find(t => t.operation === 'cloudStart')!.body).toEqual({ AutoSyncDb: true })
      expect(leaksOf(result, SEED.cloud.apiKey)).toEqual([])
      expect(JSON.stringify(emulator.traffic)).not.toContain(SEED.cloud.apiKey)
      expect(result.summary).toContain('| Target | Mendix Cloud |')
      expect(result.summary).toContain(`| Backup (snapshot) | \`${snapshot.snapshot_id}\` |`)
      expect(result.summary).toContain(`| Start job | \`${result.outputs.startJobId}\` |`)
      expect(result.summary).toContain('| Environment status | Running |')
    }))

  it('skips the stop when the environment is already stopped, and sets constants before the start', () =>
    withEmulator({}, async emulator => {
      const result = await deploy(
        emulator,
        cloudInputs(emulator, { environment: 'Acceptance', constants: 'Orders.MaxBatchSize=500' })
      )
      expect(result.exitCode).toBe(0)
      expect(cloudChanges(emulator, ['backupCreate'])).toEqual([
        'cloudBuild',
        'cloudTransport',
        'cloudSetSettings',
        'cloudStart',
        'cloudStartStatus'
      ])
      expect(result.stdout).toContain('The Acceptance environment is Stopped; no need to stop it')
      const env = emulator.state.cloud.environments.find(e => e.Mode === 'Acceptance')!
      expect(env.settings.Constants.find(c => c.Name === 'Orders.MaxBatchSize')!.Value).toBe('500')
    }))

  it('stops nothing when the build fails', () =>
    withEmulator({}, async emulator => {
      const result = await deploy(emulator, cloudInputs(emulator, { revision: SEED.brokenRevision }))
      expect(result.exitCode).toBe(1)
      expect(errorLines(result)[0]).toMatch(/The build of main@badc0de.* failed: package .* ended as Failed/)
      expect(cloudChanges(emulator, ['backupCreate'])).toEqual(['cloudBuild'])
    }))

  it('explains a start that fails with MISSING_CONSTANT, and says the environment is left stopped', () =>
    withEmulator(
      {
        jobFaults: [
          {
            job: 'start',
            outcome: 'fail',
            code: 'MISSING_CONSTANT',
            message: 'Cannot start app. Missing one or more constant values.'
          }
        ]
      },
      async emulator => {
        const result = await deploy(emulator, cloudInputs(emulator))
        expect(result.exitCode).toBe(1)
        const [error] = errorLines(result)
        expect(error).toContain('The Production environment did not start with package')
        expect(error).toContain('MISSING_CONSTANT: Cannot start app. Missing one or more constant values.')
        expect(error).toContain('give them with the constants input')
        expect(error).toContain('The environment is stopped with the new package.')
        // A definitive start error is not retried.
        expect(
          emulator.traffic.filter(t => t.operation === 'cloudStartStatus' && t.status === 500)
        ).toHaveLength(1)
      }
    ))

  it('changes nothing when the backup fails', () =>
    withEmulator(
      { jobFaults: [{ job: 'backup', outcome: 'fail', message: 'Database dump failed' }] },
      async emulator => {
        const result = await deploy(emulator, cloudInputs(emulator, { backup: 'true' }))
        expect(result.exitCode).toBe(1)
        expect(errorLines(result)[0]).toMatch(
          /The backup \(snapshot .*\) of the Production environment failed: Database dump failed\. Nothing was stopped or changed/
        )
        expect(cloudChanges(emulator, ['backupCreate'])).toEqual(['cloudBuild', 'backupCreate'])
        expect(emulator.state.cloud.environments.find(e => e.Mode === 'Production')!.Status).toBe('Running')
      }
    ))

  it('rejects inputs of the other target, and unknown constants before building', () =>
    withEmulator({}, async emulator => {
      const mixed = await deploy(emulator, cloudInputs(emulator, { namespace: 'x' }))
      expect(mixed.exitCode).toBe(1)
      expect(errorLines(mixed)[0]).toContain("Input 'namespace' belongs to target private-cloud")
      expect(emulator.traffic).toHaveLength(0)
      const typo = await deploy(emulator, cloudInputs(emulator, { constants: 'Orders.MaxBatchSise=1' }))
      expect(errorLines(typo)[0]).toContain(
        "Input 'constants': Orders.MaxBatchSise not found in the Production environment"
      )
      // Names are checked against the settings read after the transport (a package may bring new constants),
      // so the build and transport happen; the start never does.
      expect(emulator.traffic.some(t => t.operation === 'cloudStart')).toBe(false)
    }))

  // Each drill has its own emulator and mostly waits out Retry-After and backoff, so they run side by side.
  it.concurrent.each([
    ['429 with Retry-After', { kind: 'status', status: 429, retryAfter: '1' }],
    ['503 with Retry-After', { kind: 'status', status: 503, retryAfter: '1' }],
    ['slow answers', { kind: 'slow', delayMs: 500 }],
    ['dropped connections after processing', { kind: 'drop-after' }]
  ] as const)('survives or explains %s on each call', (_name, fault) =>
    withEmulator({}, async emulator => {
      for (const operation of [
        'cloudGetApp',
        'cloudGetEnvironment',
        'cloudBuild',
        'cloudGetPackage',
        'cloudStop',
        'cloudTransport',
        'cloudStart',
        'cloudStartStatus',
        'backupCreate',
        'backupGet'
      ] as const) {
        emulator.control.inject({ operation, fault, times: 1 })
      }
      const result = await deploy(emulator, cloudInputs(emulator, { backup: 'true' }))
      const errors = errorLines(result)
      if (result.exitCode === 0)
        expect(emulator.state.cloud.environments.find(e => e.Mode === 'Production')!.Status).toBe('Running')
      else expect(errors).toHaveLength(1)
      expect(emulator.state.cloud.packages.length).toBeLessThanOrEqual(2)
      expect(leaksOf(result, SEED.cloud.apiKey)).toEqual([])
    })
  )
})
