/**
 * Issue 16: docs/examples/unit-tests-gate.yml does what the README says when its jobs run against the emulator:
 * the tests run in test, their report is uploaded even when they fail, and acceptance gets the package only when
 * all passed.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SEED, type Emulator } from '../emulator/index.js'
import { HEAD, withEmulator } from './support/deploy-run.js'
import { parseJUnit } from './support/junit-parse.js'
import { loadWorkflow, runJob, type JobResult } from './support/workflow.js'

const workflow = loadWorkflow('docs/examples/unit-tests-gate.yml')
const PASSWORD = 'example-unit-tests-password-5d1e'

function job(emulator: Emulator, name: string, runnerTemp: string, needs: Record<string, JobResult> = {}) {
  return runJob(workflow.jobs[name], {
    context: {
      github: { sha: HEAD, repository: 'acme/orders-app', run_id: '7712345678', run_attempt: '1' },
      vars: { MENDIX_APP_ID: SEED.appId },
      secrets: { MENDIX_TOKEN: emulator.token, MENDIX_UNIT_TESTS_PASSWORD: PASSWORD },
      needs
    },
    actionInputs: { apiUrl: emulator.url, repositoryApiUrl: emulator.repositoryUrl },
    actionEnv: { RUNNER_TEMP: runnerTemp }
  })
}

function runs(emulator: Emulator, environment: keyof typeof SEED.environments): string | undefined {
  const manifest = emulator.state.environments.find(
    m => m.environment.id === SEED.environments[environment].id
  )
  return (manifest?.environment.deployment as { packageId?: string }).packageId
}

async function withRunnerTemp(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'unit-tests-example-'))
  try {
    await fn(dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

describe('unit-tests-gate.yml', () => {
  it('runs the tests in test, uploads the report, and promotes the package to acceptance when all passed', () =>
    withRunnerTemp(temp =>
      withEmulator({ unitTests: { password: PASSWORD } }, async emulator => {
        emulator.control.serveApps()
        const test = await job(emulator, 'test', temp)
        expect(test.result).toBe('success')
        expect(test.steps.map(step => step.outcome)).toEqual(['success', 'success'])
        const report = test.steps[0].action!.outputs.testReport
        expect(parseJUnit(report).suites).toMatchObject({ tests: '5', failures: '0' })
        const acceptance = await job(emulator, 'acceptance', temp, { test })
        expect(acceptance.result).toBe('success')
        expect(runs(emulator, 'acceptance')).toBe(test.outputs.packageId)
      })
    ))

  it('uploads the report of failed tests too, rolls test back, and fails before acceptance', () =>
    withRunnerTemp(temp =>
      withEmulator(
        {
          unitTests: {
            password: PASSWORD,
            tests: [{ name: 'Orders.Test_A' }, { name: 'Orders.Test_B', error: 'no' }]
          }
        },
        async emulator => {
          emulator.control.serveApps()
          const test = await job(emulator, 'test', temp)
          expect(test.result).toBe('failure')
          // The upload step ran after the failed one: its condition holds without success().
          expect(test.steps.map(step => step.outcome)).toEqual(['failure', 'success'])
          const report = test.steps[0].action!.outputs.testReport
          expect(existsSync(report)).toBe(true)
          expect(parseJUnit(report).cases.map(c => c.attributes.name)).toEqual(['Orders.Test_B'])
          expect(runs(emulator, 'test')).toBe(SEED.packages.released)
          // `needs: test` keeps acceptance from running after a failed test job.
          expect(workflow.jobs.acceptance.needs).toBe('test')
        }
      )
    ))

  it('skips the upload when no test ran', () =>
    withRunnerTemp(temp =>
      withEmulator({ unitTests: { password: 'not-the-secret-given' } }, async emulator => {
        emulator.control.serveApps()
        const test = await job(emulator, 'test', temp)
        expect(test.result).toBe('failure')
        expect(test.steps[0].action!.stdout).toContain('The app refused the unit test password')
        expect(test.steps.map(step => step.outcome)).toEqual(['failure', 'skipped'])
      })
    ))
})
