/**
 * Issue 16: the bundled action runs the app's unit tests after the deploy, against the emulated UnitTesting
 * remote API, on both targets: passing, failing (annotations, summary, JUnit file read back, exit 1, rollback),
 * a wrong password, no module, a run already going on, an unreachable app, a run that never completes; and the
 * password in no byte the action writes.
 */
import { SEED, type Emulator } from '../emulator/index.js'
import { scanCommands } from './support/hostile-checks.js'
import { cloudInputs, errorLines, withEmulator } from './support/deploy-run.js'
import { parseJUnit } from './support/junit-parse.js'
import {
  FAILING,
  PASSWORD,
  TEST_ENV,
  packageOf,
  passwordLeaks,
  run,
  unitTestCalls,
  withRunnerTemp
} from './support/unit-tests-run.js'

describe('unit tests after a Private Cloud deploy', () => {
  it('runs them after readiness and the health check, and reports all passing', () =>
    withRunnerTemp(temp =>
      withEmulator({ unitTests: { password: PASSWORD } }, async emulator => {
        emulator.control.serveApps()
        const result = await run(emulator, { healthCheckPath: '/health' }, temp)
        expect({ exit: result.exitCode, errors: errorLines(result) }).toEqual({ exit: 0, errors: [] })
        expect(result.outputs).toMatchObject({ testsRun: '5', testsFailed: '0' })
        expect(result.outputs.testReport.startsWith(temp)).toBe(true)

        const calls = unitTestCalls(emulator)
        expect(calls.map(t => t.path)[0]).toBe(`/app/${TEST_ENV}/unittests/start`)
        expect(calls.slice(1).every(t => t.path === `/app/${TEST_ENV}/unittests/status`)).toBe(true)
        expect(calls.length).toBeGreaterThan(1)
        // After the deploy was Ready and the app answered its health check; never with a Mendix credential.
        const health = emulator.traffic.findIndex(t => t.path.endsWith('/health') && t.status === 200)
        expect(health).toBeGreaterThan(-1)
        expect(emulator.traffic.indexOf(calls[0])).toBeGreaterThan(health)
        for (const call of calls) {
          expect(call.method).toBe('POST')
          expect(call.headers.authorization).toBeUndefined()
          expect(call.headers['mendix-apikey']).toBeUndefined()
          expect(call.status).toBe(call === calls[0] ? 204 : 200)
        }

        const junit = parseJUnit(result.outputs.testReport)
        expect(junit.suite).toMatchObject({ tests: '5', failures: '0', errors: '0', time: '1.500' })
        expect(junit.cases).toEqual([])
        expect(result.summary).toContain('### ✅ Unit tests: all 5 passed')
        expect(result.summary).toMatch(/\| 5 \| 0 \| 1\.5s \| \[http&#58;|\| 5 \| 0 \| 1\.5s \| \[http:/)
        expect(result.stdout).toContain('All 5 unit test(s) passed')
        expect(passwordLeaks(result)).toEqual([])
      })
    ))

  it('fails the step on failing tests: one annotation each, a summary table, a JUnit file; and rolls back', () =>
    withRunnerTemp(temp =>
      withEmulator({ unitTests: { password: PASSWORD, tests: FAILING } }, async emulator => {
        emulator.control.serveApps()
        const result = await run(emulator, { rollbackOnFailure: 'true' }, temp)
        expect(result.exitCode).toBe(1)
        expect(result.outputs).toMatchObject({ testsRun: '5', testsFailed: '2', rolledBack: 'true' })
        expect(packageOf(emulator, TEST_ENV)).toBe(SEED.packages.released)

        const failure = errorLines(result).at(-1)!
        expect(failure).toContain('2 of 5 unit test(s) failed')
        expect(failure).toContain('Orders.Test_DiscountRounding, Billing.Test_VatRates')
        expect(failure).toContain(`Rolled back: the environment runs package ${SEED.packages.released} again`)

        // One annotation per failed test, titled with its name; the server's text cannot start a command.
        const { injected, processed } = scanCommands(result.stdout)
        expect(injected).toEqual([])
        const annotations = processed.filter(
          line => line.startsWith('::error title=') && !line.includes('Mendix deploy failed')
        )
        expect(annotations.map(line => /^::error title=([^:]*)::/.exec(line)?.[1])).toEqual([
          'Orders.Test_DiscountRounding',
          'Billing.Test_VatRates'
        ])
        expect(annotations[0]).toContain('Expected 9.99 but was 10.00%0ALast step: Assert discounted total')
        expect(annotations[1]).toContain('\\u0007')
        expect(result.stdout).toContain('Mendix deploy failed (unit tests)')

        // The summary table: each failed test in one row of exactly three cells, its text escaped.
        expect(result.summary).toContain('### ❌ Unit tests: 2 of 5 failed')
        const rows = result.summary
          .split('\n')
          .filter(line => line.startsWith('| Billing') || line.startsWith('| Orders'))
        expect(rows).toHaveLength(2)
        for (const row of rows) expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(5)
        expect(rows[1]).toContain('&lt;script&gt;')
        expect(result.summary).not.toContain('<script')

        // The JUnit file, read back by a strict parser: totals, both failures, the bell replaced, no password.
        const junit = parseJUnit(result.outputs.testReport)
        expect(junit.suites).toMatchObject({ tests: '5', failures: '2' })
        expect(junit.cases.map(c => [c.attributes.name, c.attributes.classname])).toEqual([
          ['Orders.Test_DiscountRounding', 'Orders'],
          ['Billing.Test_VatRates', 'Billing']
        ])
        expect(junit.cases[0].failure?.text).toBe(
          'Expected 9.99 but was 10.00\nLast step: Assert discounted total'
        )
        expect(junit.cases[1].failure?.attributes.message).toContain(
          '<script>alert(1)</script> | a|b \\u0007 password ***'
        )
        expect(junit.cases[1].failure?.text).toContain('Last step: Check\nVAT 21%')
        expect(passwordLeaks(result)).toEqual([])
      })
    ))
})

describe('unit tests after a Mendix Cloud deploy', () => {
  const appId = SEED.cloud.environments.Production
  const cloudApp = (emulator: Emulator) => `http://127.0.0.1:${emulator.port}/app/${appId}`

  it('runs them once the app runs again, and reports all passing', () =>
    withRunnerTemp(temp =>
      withEmulator({ unitTests: { password: PASSWORD } }, async emulator => {
        const result = await run(emulator, cloudInputs(emulator, { unitTestsUrl: cloudApp(emulator) }), temp)
        expect({ exit: result.exitCode, errors: errorLines(result) }).toEqual({ exit: 0, errors: [] })
        expect(result.outputs).toMatchObject({ testsRun: '5', testsFailed: '0' })
        const startedApp = emulator.traffic.findIndex(
          t => t.operation === 'cloudStartStatus' && t.status === 200
        )
        expect(emulator.traffic.findIndex(t => t.path.endsWith('/unittests/start'))).toBeGreaterThan(
          startedApp
        )
        expect(parseJUnit(result.outputs.testReport).suites).toMatchObject({ tests: '5', failures: '0' })
        expect(passwordLeaks(result)).toEqual([])
      })
    ))

  it('counts failing tests as a failed deploy: stops, puts the previous package back and starts it', () =>
    withRunnerTemp(temp =>
      withEmulator({ unitTests: { password: PASSWORD, tests: FAILING } }, async emulator => {
        const result = await run(
          emulator,
          cloudInputs(emulator, { unitTestsUrl: cloudApp(emulator), rollbackOnFailure: 'true' }),
          temp
        )
        expect(result.exitCode).toBe(1)
        expect(result.outputs).toMatchObject({ testsRun: '5', testsFailed: '2', rolledBack: 'true' })
        const env = emulator.state.cloud.environments.find(e => e.Mode === 'Production')!
        expect(env).toMatchObject({ Status: 'Running', packageId: SEED.cloud.packages.running })
        const failure = errorLines(result).at(-1)!
        expect(failure).toContain('2 of 5 unit test(s) failed')
        expect(failure).toContain(
          `Rolled back: the environment runs package ${SEED.cloud.packages.running} again`
        )
        expect(parseJUnit(result.outputs.testReport).cases).toHaveLength(2)
        expect(passwordLeaks(result)).toEqual([])
      })
    ))
})
