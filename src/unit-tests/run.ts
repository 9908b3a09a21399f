/**
 * The unit test step after a deploy (issue 16): once the app runs (after readiness and the health check), start
 * a run of its unit tests through the UnitTesting module's remote API, wait for it with the shared wait loop
 * until the deploy's deadline, and report the result (report.ts). Failed tests fail the step with a
 * `UnitTestsFailedError`, a VerificationError, so that the flows treat it as a failed deploy and roll back with
 * rollbackOnFailure; a step that could not run the tests fails with a `UnitTestError`, and rolls nothing back.
 */
import { appUrlRefusal, shownAppUrl } from '../app-url.js'
import type { Clock } from '../clock.js'
import type { Deadline } from '../deadline.js'
import { VerificationError } from '../errors.js'
import { seconds, type Logger } from '../logger.js'
import { Phases } from '../phases.js'
import type { Progress } from '../progress.js'
import type { Transport } from '../transport.js'
import { waitUntil, type PollSchedule } from '../wait.js'
import { UnitTestError, UnitTestRemoteApi, type UnitTestStatus } from './remote-api.js'
import { failureCount, reportUnitTests, type UnitTestReporter, type UnitTestResult } from './report.js'
import type { UnitTestSettings } from './settings.js'

export { UnitTestError }

/** Tests ran and some failed: counts as a failed deploy (rolled back with rollbackOnFailure). */
export class UnitTestsFailedError extends VerificationError {
  constructor(
    message: string,
    readonly reportPath: string
  ) {
    super(message)
    this.name = 'UnitTestsFailedError'
  }
}

/** How many failed starts in a row (no answer, or a gateway's 502/503/504) before the app counts as unreachable. */
const START_RETRIES = 3
/** How many failed status polls in a row are waited out: the run goes on in the app meanwhile. */
const STATUS_RETRIES = 5
/** Failed tests named in the step's error line; the annotations and the summary have them all. */
const NAMED_IN_ERROR = 5

/**
 * The base URL of the remote API: `unitTestsUrl` when given (checked as an input), else the app URL the
 * environment reports, when app-url.ts lets the password go there (https, or http on this machine). The flows
 * checked that URL before the deploy; one refused here changed since, and fails the step without counting as a
 * failed deploy (a UnitTestError, not a VerificationError: nothing is rolled back for it).
 */
export function unitTestBaseUrl(
  settings: UnitTestSettings,
  appUrl: string | undefined,
  apiUrl: string
): string {
  if (settings.url) return settings.url
  if (!appUrl) {
    throw new UnitTestError(
      "The environment reports no app URL, so the unit tests cannot be started: set unitTestsUrl to the app's URL.",
      'unexpected'
    )
  }
  const refusal = appUrlRefusal(appUrl, 'unit tests', apiUrl)
  if (refusal) {
    throw new UnitTestError(
      `The app URL ${shownAppUrl(appUrl)} ${refusal}, so the unit test password is not sent to it; this is not a failed deploy, so nothing is rolled back. Set unitTestsUrl to the app's https URL.`,
      'unexpected'
    )
  }
  const url = new URL(appUrl)
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`
}

export interface UnitTestRunDeps {
  transport: Transport
  clock: Clock
  log: Logger
  signal?: AbortSignal
  schedule?: PollSchedule
}

const transient = (error: unknown): boolean => error instanceof UnitTestError && error.transient

function progressOf(status: UnitTestStatus): string {
  return `running, ${status.tests} test(s) done, ${status.failures} failed so far`
}

/**
 * Starts a run and waits until it has completed, or the deadline passes. A start that got no answer is tried
 * again; if the app then says a run is in progress, that run is the one the unanswered start began, and it is
 * followed rather than refused.
 */
export async function runUnitTests(
  url: string,
  password: string,
  deps: UnitTestRunDeps & { deadline: Deadline; timeoutMinutes: number }
): Promise<UnitTestResult> {
  const { clock, log, signal, deadline, schedule } = deps
  const api = new UnitTestRemoteApi(url, password, deps)
  let unanswered = false
  await waitUntil<true>({
    clock,
    signal,
    deadline,
    schedule,
    isTransient: transient,
    maxConsecutiveErrors: START_RETRIES,
    poll: async () => {
      try {
        await api.start()
        return { done: true, value: true }
      } catch (error) {
        if (error instanceof UnitTestError && error.kind === 'in-progress' && unanswered) {
          log.info(
            'A unit test run is in progress: the start that got no answer began it; following that run.'
          )
          return { done: true, value: true }
        }
        if (error instanceof UnitTestError && error.unanswered) unanswered = true
        throw error
      }
    },
    onTimeout: (_status, elapsed) =>
      new UnitTestError(
        `Could not start the unit tests at ${url} within ${seconds(elapsed)} (timeoutMinutes: ${deps.timeoutMinutes}).`,
        'timeout'
      )
  })
  log.info(`Unit test run started at ${url}`)
  const final = await waitUntil<UnitTestStatus>({
    clock,
    signal,
    deadline,
    schedule,
    isTransient: transient,
    maxConsecutiveErrors: STATUS_RETRIES,
    poll: async () => {
      const status = await api.status()
      return status.completed ? { done: true, value: status } : { done: false, status: progressOf(status) }
    },
    onStatus: (status, elapsed) => log.info(`Unit tests: ${status} (after ${seconds(elapsed)})`),
    onTimeout: (status, elapsed) =>
      new UnitTestError(
        `The unit test run at ${url} had not completed after ${seconds(elapsed)}, at the deadline (timeoutMinutes: ${deps.timeoutMinutes}); it was ${status}. The run goes on in the app; give timeoutMinutes more time, or make the tests faster.`,
        'timeout'
      )
  })
  return { ...final, url, endedAt: new Date(clock.now()) }
}

/** Runs the app's unit tests after a deploy: given the app URL the environment reports and the deadline. */
export type UnitTestHook = (appUrl: string | undefined, deadline: Deadline) => Promise<void>

export interface UnitTestStepDeps extends UnitTestRunDeps {
  progress: Progress
  reporter: UnitTestReporter
}

/** What the step reads from the settings: the three inputs, the API URL (for the loopback rule) and the timeout. */
export interface UnitTestStepSettings {
  unitTests: boolean
  unitTestsPassword: string
  unitTestsUrl?: string
  apiUrl: string
  timeoutMinutes: number
}

/**
 * The unit test step for a flow to call once the app runs, or undefined when `unitTests` is off. It runs the
 * tests as the phase "unit tests", reports them, and throws UnitTestsFailedError when any failed.
 */
export function unitTestHook(
  settings: UnitTestStepSettings,
  deps: UnitTestStepDeps
): UnitTestHook | undefined {
  if (!settings.unitTests) return undefined
  const unitTests: UnitTestSettings = {
    enabled: true,
    password: settings.unitTestsPassword,
    url: settings.unitTestsUrl
  }
  const phases = new Phases(deps)
  return (appUrl, deadline) =>
    phases.run('unit tests', "Run the app's unit tests", async () => {
      const url = unitTestBaseUrl(unitTests, appUrl, settings.apiUrl)
      const result = await runUnitTests(url, unitTests.password, {
        ...deps,
        deadline,
        timeoutMinutes: settings.timeoutMinutes
      })
      const path = await reportUnitTests(result, deps.progress, deps.reporter)
      const failures = failureCount(result)
      if (failures === 0) {
        if (result.tests === 0)
          deps.log.warning(`The unit test run at ${url} completed without any test.`, 'No unit tests')
        else deps.log.info(`All ${result.tests} unit test(s) passed in ${seconds(result.runtimeMs)}`)
        return
      }
      const named = result.failedTests.slice(0, NAMED_IN_ERROR).map(t => t.name)
      const more = failures - named.length
      throw new UnitTestsFailedError(
        `${failures} of ${Math.max(result.tests, failures)} unit test(s) failed at ${url}${named.length ? `: ${named.join(', ')}${more > 0 ? ` and ${more} more` : ''}` : ''}. See the annotations, the job summary and the JUnit report ${path}.`,
        path
      )
    })
}
