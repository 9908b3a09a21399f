/**
 * The UnitTesting module's remote API, as each emulated app serves it under `<app>/unittests/` (Mendix Marketplace,
 * "Unit Testing", https://docs.mendix.com/appstore/modules/unit-testing/; `RemoteApiServlet.java` in
 * https://github.com/mendix/UnitTesting):
 * - every call is `POST` with `{"password"}`; another method answers 405, an unknown path 404;
 * - no password: 400 with a text body; a wrong one: 401 `Invalid password provided`;
 * - `start`: 204, or 400 `Cannot start a test run while another test run is still running`;
 * - `status`: `{completed, runtime (-1 until completed), tests, failures, failed_tests}`, or 400
 *   `No testrun was started yet`; the counts grow while the run goes on.
 * Per app: the tests and which fail, the password, how long a run takes, and faults (slow answers, a run that
 * never completes, no module at all: 404).
 */
import type { ServerResponse } from 'node:http'
import type { TrafficEntry } from './traffic.js'

/** One test of an emulated app; it fails when it has an error. */
export interface UnitTestCase {
  name: string
  error?: string
  /** The last step the test reached (the module's `step`). */
  step?: string
}

export interface UnitTestAppOptions {
  /** false: the app has no UnitTesting module (or its remote API is off): every call answers 404. */
  module: boolean
  /** The value of the app's UnitTesting.RemoteApiPassword. */
  password: string
  tests: UnitTestCase[]
  /** How long a run takes; tests finish evenly over it. */
  durationMs: number
  /** The run never completes: its counts stop short of the last test. */
  neverCompletes: boolean
  /** Every answer waits this long first. */
  slowMs: number
}

export const DEMO_UNIT_TEST_PASSWORD = 'unit-tests-demo-password'

export const DEFAULT_UNIT_TESTS: UnitTestCase[] = [
  { name: 'Orders.Test_OrderTotal' },
  { name: 'Orders.Test_OrderLinesCopied' },
  { name: 'Orders.Test_DiscountRounding' },
  { name: 'Billing.Test_InvoiceNumbering' },
  { name: 'Billing.Test_VatRates' }
]

const DEFAULTS: UnitTestAppOptions = {
  module: true,
  password: DEMO_UNIT_TEST_PASSWORD,
  tests: DEFAULT_UNIT_TESTS,
  durationMs: 1500,
  neverCompletes: false,
  slowMs: 0
}

interface Run {
  startedAt: number
}

/** The remote APIs of every emulated app, by app id (`/app/<id>/unittests/...`). */
export class UnitTestApps {
  private readonly options = new Map<string, Partial<UnitTestAppOptions>>()
  private readonly runs = new Map<string, Run>()

  constructor(
    private readonly now: () => number,
    private readonly defaults: Partial<UnitTestAppOptions> = {}
  ) {}

  /** Sets an app's tests, password, duration or faults for the calls that follow. */
  configure(appId: string, options: Partial<UnitTestAppOptions>): void {
    this.options.set(appId, { ...this.options.get(appId), ...options })
  }

  private optionsOf(appId: string): UnitTestAppOptions {
    return { ...DEFAULTS, ...this.defaults, ...this.options.get(appId) }
  }

  /** The answer to one call, recorded in `entry` with the password taken out. */
  async serve(
    appId: string,
    path: string,
    method: string,
    raw: Buffer,
    res: ServerResponse,
    entry: TrafficEntry
  ): Promise<void> {
    const app = this.optionsOf(appId)
    if (app.slowMs > 0) await new Promise(resolve => setTimeout(resolve, app.slowMs))
    const reply = this.answer(appId, app, path, method, raw)
    entry.status = reply.status
    if (entry.body && typeof entry.body === 'object' && 'password' in entry.body)
      entry.body = { ...entry.body, password: '[redacted]' }
    else if (raw.length > 0) entry.body = '[unit test request body]'
    const body = reply.json === undefined ? (reply.text ?? '') : JSON.stringify(reply.json)
    res.writeHead(reply.status, {
      ...(body ? { 'Content-Type': reply.json === undefined ? 'text/plain' : 'application/json' } : {}),
      'Content-Length': Buffer.byteLength(body)
    })
    res.end(body)
  }

  private answer(
    appId: string,
    app: UnitTestAppOptions,
    path: string,
    method: string,
    raw: Buffer
  ): { status: number; text?: string; json?: unknown } {
    const call = /^\/unittests\/(start|status)\/?$/.exec(path)?.[1]
    if (!app.module || !call) return { status: 404, text: 'Not Found' }
    if (method !== 'POST') return { status: 405, text: 'Method not allowed' }
    let password: unknown
    try {
      password = (JSON.parse(raw.toString('utf8')) as { password?: unknown } | null)?.password
    } catch {
      password = undefined
    }
    if (typeof password !== 'string') return { status: 400, text: 'No password provided' }
    if (password !== app.password) return { status: 401, text: 'Invalid password provided' }
    const run = this.runs.get(appId)
    if (call === 'start') {
      if (run && !this.progress(app, run).completed)
        return { status: 400, text: 'Cannot start a test run while another test run is still running' }
      this.runs.set(appId, { startedAt: this.now() })
      return { status: 204 }
    }
    if (!run) return { status: 400, text: 'No testrun was started yet' }
    return { status: 200, json: this.progress(app, run) }
  }

  /** A run's status now: tests finish evenly over the duration; failures among them show as they finish. */
  private progress(app: UnitTestAppOptions, run: Run) {
    const elapsed = this.now() - run.startedAt
    const total = app.tests.length
    const completed = !app.neverCompletes && elapsed >= app.durationMs
    const finished = completed
      ? total
      : Math.min(
          app.neverCompletes ? Math.max(0, total - 1) : total,
          app.durationMs > 0 ? Math.floor((total * elapsed) / app.durationMs) : total
        )
    const failed = app.tests.slice(0, finished).filter(test => test.error !== undefined)
    return {
      completed,
      runtime: completed ? app.durationMs : -1,
      tests: finished,
      failures: failed.length,
      failed_tests: failed.map(test => ({ name: test.name, error: test.error, step: test.step ?? '' }))
    }
  }
}
