/** What the unit test step's e2e suites share: the password, failing tests, a RUNNER_TEMP, the run, the checks. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SEED, type Emulator } from '../../emulator/index.js'
import type { UnitTestCase } from '../../emulator/unit-test-routes.js'
import type { RunResult } from '../../scripts/run-action.js'
import { deploy, leaksOf } from './deploy-run.js'

/** A distinctive password, with characters that JSON and URLs encode differently. */
export const PASSWORD = 'ut-pw "S3cr3t" \\ 9f2c&7e=41'
export const TEST_ENV = SEED.environments.test.id

export const FAILING: UnitTestCase[] = [
  { name: 'Orders.Test_OrderTotal' },
  {
    name: 'Orders.Test_DiscountRounding',
    error: 'Expected 9.99 but was 10.00',
    step: 'Assert discounted total'
  },
  { name: 'Billing.Test_InvoiceNumbering' },
  {
    name: 'Billing.Test_VatRates',
    // Server text a test's error can carry: a workflow command, HTML, table syntax, a bell and the password.
    error: `::warning::pwned <script>alert(1)</script> | a|b \u0007 password ${PASSWORD}`,
    step: 'Check\nVAT 21%'
  },
  { name: 'Billing.Test_Credit' }
]

/** Runs with a RUNNER_TEMP of the test's own, so the JUnit file outlives the run; removed afterwards. */
export async function withRunnerTemp<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'unit-tests-runner-temp-'))
  try {
    return await fn(dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export function run(
  emulator: Emulator,
  inputs: Record<string, string>,
  runnerTemp: string
): Promise<RunResult> {
  return deploy(
    emulator,
    { unitTests: 'true', unitTestsPassword: PASSWORD, ...inputs },
    { env: { RUNNER_DEBUG: '1', RUNNER_TEMP: runnerTemp } }
  )
}

/** Every place the password could leak, the JUnit file included. */
export function passwordLeaks(result: RunResult): string[] {
  const forms = [PASSWORD, JSON.stringify(PASSWORD).slice(1, -1), encodeURIComponent(PASSWORD)]
  const leaks = forms.flatMap(form => leaksOf(result, form))
  const report = result.outputs.testReport
  if (report && existsSync(report) && forms.some(form => readFileSync(report, 'utf8').includes(form)))
    leaks.push('testReport')
  return leaks
}

export const unitTestCalls = (emulator: Emulator) =>
  emulator.traffic.filter(t => t.path.includes('/unittests/'))

export function packageOf(emulator: Emulator, environmentId: string): string | undefined {
  const manifest = emulator.state.environments.find(m => m.environment.id === environmentId)
  return (manifest?.environment.deployment as { packageId?: string }).packageId
}
