/**
 * What comes after the Private Cloud deploy job (issue 23): the one readiness rule after every change (deploy,
 * restart, rollback), a rollback that restores every field the deploy changed and proves the old version runs,
 * and what a stopped step says it left. Each scenario is one the emulator can show the way the docs allow.
 */
import { SEED, type Emulator } from '../emulator/index.js'
import type { Manifest } from '../emulator/state.js'
import type { RunResult } from '../scripts/run-action.js'
import { deploy, errorLines, stored, withEmulator } from './support/deploy-run.js'

const testEnv = SEED.environments.test.id

/** The fields a deploy may change, as the emulator holds them now. */
function fieldsOf(manifest: Manifest) {
  const environment = manifest.environment as unknown as {
    deployment: { packageId: string; constants: Array<{ name: string; value: string }> }
    container: { instances: number; state?: string }
    runtime: { environmentVariables: Array<{ name: string; value: string }> }
  }
  return {
    packageId: environment.deployment.packageId,
    constants: environment.deployment.constants,
    instances: environment.container.instances,
    environmentVariables: environment.runtime.environmentVariables
  }
}

/** The manifest PUTs the emulator answered with a job, in order. */
function writes(emulator: Emulator) {
  return emulator.traffic.filter(t => t.method === 'PUT' && t.status === 202)
}

function succeeded(result: RunResult): boolean {
  return result.exitCode === 0 && result.stdout.includes('runs package')
}

describe('restart', () => {
  it('is followed by the readiness check: an app that is Failed after the restart fails the step', () =>
    withEmulator({}, async emulator => {
      // The deploy's job is healthy; the restart's second write (instances back to 1) leaves the pods Failed.
      emulator.control.injectJobFault({ job: 'deploy', outcome: 'unhealthy', skip: 2, times: 1 })
      const result = await deploy(emulator, { restart: 'true' })
      expect(result.exitCode).toBe(1)
      expect(errorLines(result)[0]).toContain('has container state Failed after the deploy of package')
      expect(result.outputs.state).toBe('Failed')
      expect(writes(emulator)).toHaveLength(3)
    }))

  it('comes before the checks: the health check runs once, after the restart', () =>
    withEmulator({}, async emulator => {
      emulator.control.serveApps()
      const result = await deploy(emulator, { restart: 'true', healthCheckPath: '/health' })
      expect(result.exitCode).toBe(0)
      const lastWrite = writes(emulator).at(-1)!.at
      const checks = emulator.traffic.filter(t => t.path.endsWith('/health'))
      expect(checks.length).toBeGreaterThan(0)
      for (const check of checks) expect(check.at).toBeGreaterThan(lastWrite)
      expect(result.outputs.state).toBe('Ready')
    }))
})

describe('readiness after the deploy job', () => {
  it('is not ended by a stale Ready that still shows the old pods: the real Failed comes after it', () =>
    withEmulator({ staleStateReads: 2, rolloutReads: 0 }, async emulator => {
      emulator.control.injectJobFault({ job: 'deploy', outcome: 'unhealthy', times: 1 })
      const result = await deploy(emulator, { timeoutMinutes: '0.5' })
      expect(result.exitCode).toBe(1)
      expect(errorLines(result)[0]).toContain('has container state Failed after the deploy of package')
      expect(result.outputs.state).toBe('Failed')
    }))

  it('is not failed by a stale Failed left by an earlier deploy: it waits for the rollout and ends Ready', () =>
    withEmulator({ initialState: { [testEnv]: 'Failed' }, staleStateReads: 2 }, async emulator => {
      const result = await deploy(emulator, { rollbackOnFailure: 'true' })
      expect(errorLines(result)).toEqual([])
      expect(result.exitCode).toBe(0)
      expect(result.outputs.state).toBe('Ready')
      expect(result.outputs.rolledBack).toBeUndefined()
      expect(writes(emulator)).toHaveLength(1)
    }))

  it('ends on a Ready held across the settle window when no rollout is ever seen', () =>
    withEmulator({ staleStateReads: 1, rolloutReads: 0 }, async emulator => {
      const result = await deploy(emulator, { timeoutMinutes: '0.5' })
      expect(result.exitCode).toBe(0)
      expect(result.outputs.state).toBe('Ready')
      // The settle window is a tenth of a 30 s budget: the reads went on for at least 3 s after the job.
      const reads = emulator.traffic.filter(t => t.operation === 'getEnvironment')
      const jobDone = emulator.traffic.filter(t => t.operation === 'getJob').at(-1)!.at
      expect(reads.at(-1)!.at - jobDone).toBeGreaterThanOrEqual(2900)
    }))

  it('rolls back when the new pods never become ready before the deadline, within the step budget', () =>
    withEmulator({}, async emulator => {
      emulator.control.injectJobFault({ job: 'deploy', outcome: 'never-ready', times: 1 })
      const result = await deploy(emulator, { rollbackOnFailure: 'true', timeoutMinutes: '0.2' })
      expect(result.exitCode).toBe(1)
      const [error] = errorLines(result)
      expect(error).toContain('was still Processing at the deadline')
      expect(error).toContain(`Rolled back: the environment runs package ${SEED.packages.released} again`)
      expect(result.outputs.rolledBack).toBe('true')
      expect(fieldsOf(stored(emulator, testEnv)).packageId).toBe(SEED.packages.released)
      // 12 s of budget from the step's start: the work stopped at 9 s, and the rollback used the reserve. Told by
      // the emulator's own record of the requests, not by how long the process took.
      const first = emulator.traffic[0].at
      const [, rollbackWrite] = writes(emulator)
      expect(rollbackWrite.at - first).toBeGreaterThanOrEqual(8_500)
      expect(emulator.traffic.at(-1)!.at - first).toBeLessThan(12_000 + 1_000)
    }))
})

describe('rollback', () => {
  it('restores every field the deploy changed, and proves the old version runs before saying so', () =>
    withEmulator({}, async emulator => {
      const before = structuredClone(fieldsOf(stored(emulator, testEnv)))
      const constant = before.constants[0]
      emulator.control.injectJobFault({ job: 'deploy', outcome: 'unhealthy', times: 1 })
      const result = await deploy(emulator, {
        rollbackOnFailure: 'true',
        constants: `${constant.name}=changed-by-the-deploy`,
        environmentVariables: 'JAVA_TOOL_OPTIONS=-Xmx1m\nADDED_BY_THE_DEPLOY=1',
        instances: '2'
      })
      expect(result.exitCode).toBe(1)
      const deployed = writes(emulator)[0].body as Manifest
      expect(fieldsOf(deployed).instances).toBe(2)
      expect(fieldsOf(stored(emulator, testEnv))).toEqual(before)
      expect(result.outputs.rolledBack).toBe('true')
      expect(errorLines(result)[0]).toContain(
        `Rolled back: the environment runs package ${before.packageId} again, with the settings it had`
      )
      expect(stored(emulator, testEnv).environment.container).toMatchObject({ state: 'Ready' })
    }))

  it('does not claim a rollback that did not bring the old version back', () =>
    withEmulator({}, async emulator => {
      // The deploy and the rollback both end Failed.
      emulator.control.injectJobFault({ job: 'deploy', outcome: 'unhealthy', times: 2 })
      const result = await deploy(emulator, { rollbackOnFailure: 'true' })
      expect(result.exitCode).toBe(1)
      expect(result.outputs.rolledBack).toBeUndefined()
      const [error] = errorLines(result)
      expect(error).toContain(`The rollback to package ${SEED.packages.released} failed too`)
      expect(error).toContain('has container state Failed after the rollback')
      expect(error).not.toContain('Rolled back:')
      expect(error).toContain(`Environment "test" was rolled back to package ${SEED.packages.released}`)
      expect(error).toContain('it was not verified that it runs')
    }))

  it('says in one line that there is nothing to roll back when the run changed nothing (a re-run)', () =>
    withEmulator({}, async emulator => {
      emulator.control.serveApps()
      const first = await deploy(emulator)
      expect(succeeded(first)).toBe(true)
      // The same package again, now with an app that does not answer: the re-run changed nothing.
      emulator.control.setAppHealth(testEnv, 503)
      const rerun = await deploy(emulator, {
        rollbackOnFailure: 'true',
        healthCheckPath: '/health',
        timeoutMinutes: '0.1'
      })
      expect(rerun.exitCode).toBe(1)
      expect(rerun.outputs.reused).toBe('true')
      expect(rerun.outputs.rolledBack).toBeUndefined()
      const [error] = errorLines(rerun)
      expect(error).toContain(
        `Nothing to roll back: this run changed nothing in environment "test", which already had package ${first.outputs.packageId} with these settings.`
      )
      expect(writes(emulator)).toHaveLength(1)
    }))
})

describe('what a stopped step says it left', () => {
  it('a cancel during readiness: the environment holds the new package, not verified, and no rollback ran', () =>
    withEmulator({}, async emulator => {
      emulator.control.injectJobFault({ job: 'deploy', outcome: 'never-ready', times: 1 })
      let pid: number | undefined
      let signalled = false
      const result = await deploy(
        emulator,
        {},
        {
          onSpawn: id => (pid = id),
          onLine: line => {
            if (signalled || pid === undefined || !/The environment is Processing/.test(line)) return
            signalled = true
            process.kill(pid, 'SIGTERM')
          }
        }
      )
      expect(signalled).toBe(true)
      expect(result.exitCode).not.toBe(0)
      const [message] = errorLines(result)
      expect(message).toContain('Cancelled (SIGTERM) while in phase "readiness"')
      expect(message).toContain(
        `Environment "test" holds package ${result.outputs.packageId} (deploy job ${result.outputs.deployJobId}); it was not verified that it runs.`
      )
    }))

  it('the deadline in readiness without rollbackOnFailure: the same, after the timeout error', () =>
    withEmulator({}, async emulator => {
      emulator.control.injectJobFault({ job: 'deploy', outcome: 'never-ready', times: 1 })
      const result = await deploy(emulator, { timeoutMinutes: '0.1' })
      expect(result.exitCode).toBe(1)
      const [message] = errorLines(result)
      expect(message).toContain('was still Processing at the deadline')
      expect(message).toContain(
        `Environment "test" holds package ${result.outputs.packageId} (deploy job ${result.outputs.deployJobId}); it was not verified that it runs.`
      )
      expect(result.outputs.rolledBack).toBeUndefined()
    }))
})

describe('restart on a re-run', () => {
  it('rolls back the instance count a failed restart left, though the deploy itself changed nothing', () =>
    withEmulator({}, async emulator => {
      const first = await deploy(emulator)
      expect(succeeded(first)).toBe(true)
      // The re-run's first write is the restart's instances 0; its second (back to 1) fails.
      emulator.control.injectJobFault({ job: 'deploy', outcome: 'fail', skip: 1, times: 1 })
      const rerun = await deploy(emulator, { restart: 'true', rollbackOnFailure: 'true' })
      expect(rerun.exitCode).toBe(1)
      expect(errorLines(rerun)[0]).toContain('Rolled back:')
      expect(rerun.outputs.rolledBack).toBe('true')
      expect(fieldsOf(stored(emulator, testEnv)).instances).toBe(1)
    }))

  it('is refused before anything changes when the environment has no instance running', () =>
    withEmulator({}, async emulator => {
      ;(stored(emulator, testEnv).environment.container as { instances: number }).instances = 0
      const result = await deploy(emulator, { restart: 'true' })
      expect(result.exitCode).toBe(1)
      expect(errorLines(result)[0]).toContain(`Input 'restart': environment "test" has 0 instances`)
      expect(emulator.traffic.filter(t => t.method !== 'GET')).toEqual([])
    }))
})
