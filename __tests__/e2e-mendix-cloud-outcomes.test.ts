/**
 * The bundled action with target mendix-cloud, for issue 23: documented failures reported as themselves, no green
 * without the app running this run's package, a rollback that stops first and proves what runs, and a step
 * stopped between stop and start (deadline or cancel) saying the environment is stopped and how to start it.
 */
import { SEED, type Emulator, type FaultRule } from '../emulator/index.js'
import type { RunResult } from '../scripts/run-action.js'
import {
  cloudChanges,
  cloudInputs,
  cloudProduction,
  deploy,
  errorLines,
  HEAD,
  withEmulator
} from './support/deploy-run.js'

const PREVIOUS = SEED.cloud.packages.running

/** The sentence that says how to start the emulated Production environment again. */
function howToStart(emulator: Emulator): string {
  return (
    "To start it: Start Application on the Production environment's page in the Mendix Portal, or POST " +
    `${emulator.cloudUrl}/apps/${SEED.cloud.appId}/environments/Production/start with the body {"AutoSyncDb": true} ` +
    'and your Mendix-Username and Mendix-ApiKey headers (Deploy API v1); or re-run this workflow once the cause is fixed.'
  )
}

/** The summary's "What was left" block, as text. */
function leftInSummary(result: RunResult): string {
  const at = result.summary.indexOf('**What was left**')
  expect(at).toBeGreaterThanOrEqual(0)
  return result.summary.slice(at)
}

/** Every transport that did not go through because the app was running or starting. */
function refusedTransports(emulator: Emulator) {
  return emulator.traffic.filter(t => t.operation === 'cloudTransport' && t.status === 403)
}

/** A transport that is answered 503 ("MDA is still being processed") every time. */
const TRANSPORT_NEVER_READY: FaultRule = {
  operation: 'cloudTransport',
  fault: { kind: 'status', status: 503 }
}

describe('mendix-cloud: documented failures are failures (issue 23.8)', () => {
  it('reports a 500 BUILD_FAILED on the build POST as a failed build with its meaning, not as an unknown outcome', () =>
    withEmulator({ jobFaults: [{ job: 'build', outcome: 'refuse' }] }, async emulator => {
      const result = await deploy(emulator, cloudInputs(emulator))
      expect(result.exitCode).toBe(1)
      const [error] = errorLines(result)
      expect(error).toContain(
        `The build of main@${HEAD} failed: the Build API answered 500 BUILD_FAILED (Build job failed). ` +
          'The build server could not build this revision: check that it builds in Studio Pro'
      )
      expect(error).not.toMatch(
        /may have started|outcome unknown|look in the Mendix Portal .* before re-running/i
      )
      expect(result.stdout).not.toContain('Build request outcome unknown')
      // Sent once, and no search for a package it may have built: the service said there is none. The two listings
      // are the reuse check and the versions read just before the build request.
      expect(cloudChanges(emulator)).toEqual(['cloudBuild'])
      expect(emulator.traffic.filter(t => t.operation === 'cloudListPackages')).toHaveLength(2)
      expect(leftInSummary(result)).toContain(
        `The Production environment was not changed (it was Running with package ${PREVIOUS} when the step began).`
      )
    }))

  it('reports a 500 STOP_FAILED with its meaning and, the app still running, says nothing was changed', () =>
    withEmulator(
      { jobFaults: [{ job: 'stop', outcome: 'fail', message: 'the runtime is busy' }] },
      async emulator => {
        const result = await deploy(emulator, cloudInputs(emulator, { rollbackOnFailure: 'true' }))
        expect(result.exitCode).toBe(1)
        const [error] = errorLines(result)
        expect(error).toContain('answered 500 STOP_FAILED (Cannot stop app: the runtime is busy).')
        expect(error).toContain('The Mendix Cloud could not stop the app')
        expect(error).not.toContain('The Mendix service had a problem')
        const unchanged = `The Production environment was not changed (it was Running with package ${PREVIOUS} when the step began).`
        expect(error.split('\n').at(-1)).toBe(unchanged)
        expect(leftInSummary(result)).toContain(unchanged)
        expect(cloudChanges(emulator)).toEqual(['cloudBuild', 'cloudStop'])
        expect(cloudProduction(emulator)).toMatchObject({ Status: 'Running', packageId: PREVIOUS })
        expect(result.outputs.rolledBack).toBeUndefined()
      }
    ))
})

describe('mendix-cloud: no green unless the app runs the package (issue 23.7)', () => {
  it('fails when, after the start, the environment runs another package than the one this run deployed', () =>
    withEmulator({}, async emulator => {
      const other = '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a'
      // The first read of the environment's package is the step's own look at what runs before the deploy.
      emulator.control.inject({
        operation: 'cloudEnvironmentPackage',
        skip: 1,
        fault: { kind: 'replace-body', body: JSON.stringify({ PackageId: other, Status: 'Succeeded' }) }
      })
      const result = await deploy(emulator, cloudInputs(emulator, { rollbackOnFailure: 'true' }))
      expect(result.exitCode).toBe(1)
      const [error] = errorLines(result)
      expect(error).toContain(
        `After the start of package ${result.outputs.packageId}, the Production environment runs package ${other}: ` +
          'someone or something else changed it meanwhile. Not rolled back: that would undo a change this run did not make.'
      )
      expect(error.split('\n').at(-1)).toBe(
        `The environment runs package ${other}, which this run did not put there.`
      )
      expect(result.outputs.rolledBack).toBeUndefined()
    }))

  it('rolls back a start that stays Starting: stops first, then transports, starts and sees the previous package run', () =>
    withEmulator({ jobFaults: [{ job: 'start', outcome: 'stuck', times: 1 }] }, async emulator => {
      const result = await deploy(
        emulator,
        cloudInputs(emulator, { rollbackOnFailure: 'true', timeoutMinutes: '0.25' })
      )
      expect(result.exitCode).toBe(1)
      const [error] = errorLines(result)
      expect(error).toMatch(
        /Gave up waiting for Start job \S+ after [\d.]+s \(timeoutMinutes: 0\.25\); it was still Starting\./
      )
      expect(error).toContain(`Rolled back: the environment runs package ${PREVIOUS} again.`)
      expect(result.outputs.rolledBack).toBe('true')
      const firstStart = emulator.traffic.findIndex(t => t.operation === 'cloudStart')
      const rollback = emulator.traffic
        .slice(firstStart + 1)
        .map(t => t.operation as string)
        .filter(op => ['cloudStop', 'cloudTransport', 'cloudStart', 'cloudEnvironmentPackage'].includes(op))
      expect(rollback).toEqual(['cloudStop', 'cloudTransport', 'cloudStart', 'cloudEnvironmentPackage'])
      // The rollback's transport was not refused as APP_IS_RUNNING: the stop came first.
      expect(refusedTransports(emulator)).toEqual([])
      const rolledBackTransport = emulator.traffic.filter(t => t.operation === 'cloudTransport').at(-1)!
      expect(rolledBackTransport.body).toEqual({ PackageId: PREVIOUS })
      // The check after the rollback's start: the environment runs the previous package.
      const lastRead = emulator.traffic.filter(t => t.operation === 'cloudEnvironmentPackage').at(-1)!
      expect(lastRead.epochMs).toBeGreaterThan(
        emulator.traffic.filter(t => t.operation === 'cloudStartStatus').at(-1)!.epochMs
      )
      expect(cloudProduction(emulator)).toMatchObject({ Status: 'Running', packageId: PREVIOUS })
      expect(result.summary).toContain(`| Rolled back to | \`${PREVIOUS}\` |`)
      expect(result.outputs.state).toBe('Running')
      expect(result.summary).toContain('| Environment status | Running |')
      expect(leftInSummary(result)).toContain(`The environment runs its previous package ${PREVIOUS}.`)
    }))

  it('does not set rolledBack when the environment is not seen running the previous package after the rollback', () =>
    withEmulator(
      { jobFaults: [{ job: 'start', outcome: 'fail', code: 'START_FAILED', times: 1 }] },
      async emulator => {
        const other = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'
        // Reads of the environment's package: before the deploy (true), then after the rollback's start.
        emulator.control.inject({
          operation: 'cloudEnvironmentPackage',
          skip: 1,
          fault: { kind: 'replace-body', body: JSON.stringify({ PackageId: other, Status: 'Succeeded' }) }
        })
        const result = await deploy(emulator, cloudInputs(emulator, { rollbackOnFailure: 'true' }))
        expect(result.exitCode).toBe(1)
        const [error] = errorLines(result)
        expect(error).toContain('START_FAILED')
        expect(error).toContain(
          `The rollback to package ${PREVIOUS} failed too: After the start of package ${PREVIOUS}, the Production environment runs package ${other}`
        )
        expect(result.outputs.rolledBack).toBeUndefined()
        expect(result.summary).not.toContain('Rolled back to')
        expect(leftInSummary(result)).toContain(
          `The environment runs package ${other}, which this run did not put there.`
        )
      }
    ))
})

describe('mendix-cloud: a step stopped between stop and start says so, and how to start it (issue 23.7)', () => {
  it('at the deadline: the last line and the summary say the environment is stopped and exactly how to start it', () =>
    withEmulator({ faults: [TRANSPORT_NEVER_READY] }, async emulator => {
      const result = await deploy(emulator, cloudInputs(emulator, { timeoutMinutes: '0.1' }))
      expect(result.exitCode).toBe(1)
      // The step ends itself at its budget (6 s), not at a fresh timeout per wait.
      expect(result.durationMs).toBeLessThan(20_000)
      const [error] = errorLines(result)
      expect(error).toMatch(
        /^Gave up transporting package \S+ to the Production environment after [\d.]+s, at the deadline \(timeoutMinutes: 0\.1\): /
      )
      const stopped = `The environment is stopped with its previous package ${PREVIOUS}. ${howToStart(emulator)}`
      expect(error.split('\n').at(-1)).toBe(stopped)
      expect(result.summary).toContain('### ❌ Mendix deploy failed while in phase "deploy"')
      expect(leftInSummary(result)).toContain(stopped)
      expect(result.outputs.state).toBe('Stopped')
      expect(cloudProduction(emulator)).toMatchObject({ Status: 'Stopped', packageId: PREVIOUS })
      expect(emulator.traffic.some(t => t.operation === 'cloudStart')).toBe(false)
    }))

  it('on SIGTERM: the error line and the summary say the environment is stopped and how to start it; gone within 2 s', () =>
    // Retry-After keeps the HTTP layer's own tries of each transport short.
    withEmulator(
      { faults: [{ ...TRANSPORT_NEVER_READY, fault: { kind: 'status', status: 503, retryAfter: '1' } }] },
      async emulator => {
        let pid: number | undefined
        let spawnedAt = 0
        let signalledAt: number | undefined
        const result = await deploy(emulator, cloudInputs(emulator), {
          onSpawn: (id, at) => {
            pid = id
            spawnedAt = at
          },
          onLine: line => {
            // Between two transports, after the service refused one with 503: stopped, still with its previous package.
            if (signalledAt !== undefined || pid === undefined || !/trying the transport again in/.test(line))
              return
            signalledAt = Date.now()
            process.kill(pid, 'SIGTERM')
          }
        })
        expect(signalledAt).toBeDefined()
        expect(result.exitCode).not.toBe(0)
        expect(result.exitCode).not.toBeNull()
        expect(spawnedAt + result.durationMs - signalledAt!).toBeLessThan(2000)
        const [error] = errorLines(result)
        expect(error).toContain('Cancelled (SIGTERM) while in phase "deploy".')
        const stopped = `The environment is stopped with its previous package ${PREVIOUS}. ${howToStart(emulator)}`
        expect(error.split('\n').at(-1)).toBe(stopped)
        expect(result.summary).toContain('### ⛔ Mendix deploy cancelled (SIGTERM) while in phase "deploy"')
        expect(result.summary).toContain(`| Package | \`${result.outputs.packageId}\` |`)
        expect(leftInSummary(result)).toContain(stopped)
        expect(cloudProduction(emulator)).toMatchObject({ Status: 'Stopped', packageId: PREVIOUS })
      }
    ))
})

/** The error's last line: what the environment was left in. */
const lastLine = (result: RunResult) => errorLines(result)[0].split('\n').at(-1)

/** A start job that fails with START_FAILED, once: the deploy's start. */
const FIRST_START_FAILS = { job: 'start', outcome: 'fail', code: 'START_FAILED', times: 1 } as const

describe('mendix-cloud: the rollback puts back what the deploy changed (issue 23 review)', () => {
  it('writes back the constants the deploy set, reads them back, and only then starts the previous package', () =>
    withEmulator({ jobFaults: [FIRST_START_FAILS] }, async emulator => {
      const result = await deploy(
        emulator,
        cloudInputs(emulator, { rollbackOnFailure: 'true', constants: 'Orders.MaxBatchSize=999' })
      )
      expect(result.exitCode).toBe(1)
      const [error] = errorLines(result)
      expect(error).toContain('START_FAILED')
      expect(error).toContain(
        `Rolled back: the environment runs package ${PREVIOUS} again, with the constants it had (Orders.MaxBatchSize).`
      )
      expect(result.outputs.rolledBack).toBe('true')
      const constant = cloudProduction(emulator).settings.Constants.find(
        c => c.Name === 'Orders.MaxBatchSize'
      )
      // Written back, and the previous package started with it.
      expect(constant).toMatchObject({ Value: '250', DeployedValue: '250' })
      expect(cloudProduction(emulator)).toMatchObject({ Status: 'Running', packageId: PREVIOUS })
      const rollback = emulator.traffic
        .slice(emulator.traffic.findIndex(t => t.operation === 'cloudStart') + 1)
        .map(t => t.operation as string)
        .filter(op => ['cloudTransport', 'cloudGetSettings', 'cloudSetSettings', 'cloudStart'].includes(op))
      expect(rollback).toEqual([
        'cloudTransport',
        'cloudGetSettings',
        'cloudSetSettings',
        'cloudGetSettings',
        'cloudStart'
      ])
      const writes = emulator.traffic.filter(t => t.operation === 'cloudSetSettings')
      const valueIn = (body: unknown) =>
        (body as { Constants: Array<{ Name: string; Value: string }> }).Constants.find(
          c => c.Name === 'Orders.MaxBatchSize'
        )?.Value
      expect(writes.map(t => valueIn(t.body))).toEqual(['999', '250'])
    }))

  it('leaves an environment that was stopped before the step stopped, with its previous package, and checks it', () =>
    withEmulator({ jobFaults: [FIRST_START_FAILS] }, async emulator => {
      cloudProduction(emulator).Status = 'Stopped'
      const result = await deploy(emulator, cloudInputs(emulator, { rollbackOnFailure: 'true' }))
      expect(result.exitCode).toBe(1)
      const [error] = errorLines(result)
      expect(error).toContain(
        `Rolled back: restored package ${PREVIOUS}; the environment stays stopped, as it was before.`
      )
      const asBefore = `The environment is stopped with its previous package ${PREVIOUS}, as it was when the step began.`
      expect(lastLine(result)).toBe(asBefore)
      expect(leftInSummary(result)).toContain(asBefore)
      expect(result.outputs.rolledBack).toBe('true')
      expect(result.outputs.state).toBe('Stopped')
      expect(cloudProduction(emulator)).toMatchObject({ Status: 'Stopped', packageId: PREVIOUS })
      // One start, the deploy's: the rollback transports the previous package back and starts nothing.
      expect(cloudChanges(emulator)).toEqual([
        'cloudBuild',
        'cloudTransport',
        'cloudStart',
        'cloudStartStatus',
        'cloudTransport'
      ])
      // Then it reads the status and the package.
      const last = emulator.traffic.map(t => t.operation as string)
      const afterTransport = last.slice(last.lastIndexOf('cloudTransport') + 1)
      expect(afterTransport).toEqual(
        expect.arrayContaining(['cloudGetEnvironment', 'cloudEnvironmentPackage'])
      )
    }))
})

describe('mendix-cloud: no stop without the budget to start again (issue 23 review)', () => {
  it('refuses the stop when a backup used the budget, and says nothing was changed', () =>
    withEmulator({ jobFaults: [{ job: 'backup', outcome: 'slow', durationMs: 18_500 }] }, async emulator => {
      // 24 s in all; the backup ends with less than a quarter of it (6 s) left.
      const result = await deploy(emulator, cloudInputs(emulator, { backup: 'true', timeoutMinutes: '0.4' }))
      expect(result.exitCode).toBe(1)
      const [error] = errorLines(result)
      expect(error).toMatch(
        /^Not stopping the Production environment: only \d+\.\ds of timeoutMinutes \(0\.4\) left, and the stop, the transport and the start need at least 6\.0s; nothing was changed\. /
      )
      const unchanged = `The Production environment was not changed (it was Running with package ${PREVIOUS} when the step began).`
      expect(lastLine(result)).toBe(unchanged)
      expect(leftInSummary(result)).toContain(unchanged)
      expect(cloudChanges(emulator, ['backupCreate'])).toEqual(['cloudBuild', 'backupCreate'])
      expect(cloudProduction(emulator)).toMatchObject({ Status: 'Running', packageId: PREVIOUS })
    }))
})

describe('mendix-cloud: a cancel during the transport (issue 23 review)', () => {
  it('says the environment may hold either package, and the transport does land', () =>
    withEmulator(
      { faults: [{ operation: 'cloudTransport', fault: { kind: 'slow', delayMs: 1500 }, times: 1 }] },
      async emulator => {
        let pid: number | undefined
        let signalled = false
        const result = await deploy(emulator, cloudInputs(emulator), {
          onSpawn: id => (pid = id),
          onLine: line => {
            if (signalled || pid === undefined || !/Transporting package/.test(line)) return
            signalled = true
            process.kill(pid, 'SIGTERM')
          }
        })
        expect(signalled).toBe(true)
        const [error] = errorLines(result)
        expect(error).toContain('Cancelled (SIGTERM) while in phase "deploy".')
        const either =
          `The environment is stopped with package ${result.outputs.packageId}, or still with package ${PREVIOUS} ` +
          `if the transport did not take effect (it was sent without a clear answer). ${howToStart(emulator)}`
        expect(lastLine(result)).toBe(either)
        expect(leftInSummary(result)).toContain(either)
        // The service carries out the transport the step sent before it was cancelled.
        for (let i = 0; i < 40 && cloudProduction(emulator).packageId === PREVIOUS; i++)
          await new Promise(resolve => setTimeout(resolve, 100))
        expect(cloudProduction(emulator)).toMatchObject({
          Status: 'Stopped',
          packageId: result.outputs.packageId
        })
      }
    ))
})

describe('the emulated Mendix Cloud answers the documented failures', () => {
  /** One v1 call as the action makes it. */
  async function call(emulator: Emulator, method: string, path: string, body?: unknown) {
    const response = await fetch(`${emulator.cloudUrl}/apps/${SEED.cloud.appId}${path}`, {
      method,
      headers: {
        'Mendix-Username': SEED.cloud.username,
        'Mendix-ApiKey': SEED.cloud.apiKey,
        'Content-Type': 'application/json'
      },
      body: body === undefined ? undefined : JSON.stringify(body)
    })
    return { status: response.status, body: (await response.json()) as Record<string, string> }
  }

  it('refuses a transport while a start is under way (APP_IS_RUNNING), and a stop ends that start', () =>
    withEmulator({ jobFaults: [{ job: 'start', outcome: 'stuck', times: 1 }] }, async emulator => {
      const env = '/environments/Acceptance'
      const started = await call(emulator, 'POST', `${env}/start`, { AutoSyncDb: true })
      expect((await call(emulator, 'GET', `${env}/start/${started.body.JobId}`)).body).toEqual({
        Status: 'Starting'
      })
      const refused = await call(emulator, 'POST', `${env}/transport`, { PackageId: PREVIOUS })
      expect(refused).toEqual({
        status: 403,
        body: {
          errorCode: 'APP_IS_RUNNING',
          errorMessage: `The 'Acceptance' environment of '${SEED.cloud.appId}' must be stopped to do transport.`
        }
      })
      expect((await call(emulator, 'POST', `${env}/stop`)).status).toBe(200)
      expect((await call(emulator, 'POST', `${env}/transport`, { PackageId: PREVIOUS })).status).toBe(200)
      expect((await call(emulator, 'GET', `${env}/start/${started.body.JobId}`)).body.errorCode).toBe(
        'START_FAILED'
      )
    }))
})
