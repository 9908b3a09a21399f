/**
 * The client of the UnitTesting module's remote API on the deployed app (Mendix Marketplace, "Unit Testing":
 * https://docs.mendix.com/appstore/modules/unit-testing/; the servlet is `RemoteApiServlet.java` in
 * https://github.com/mendix/UnitTesting):
 * - `POST <app>/unittests/start` with `{"password"}`: 204 when a run starts; 400 while another run goes on;
 * - `POST <app>/unittests/status` with the same body: `{completed, runtime, tests, failures, failed_tests}`;
 * - 401 for a wrong password, 404 when the module (or its remote API) is not there.
 *
 * It goes to the app, not a Mendix API: it uses the plain transport, as the health check does, and carries no
 * Mendix credential. Every answer is bounded in time and size, and its text is data: it reaches the log only
 * through output.ts. This client makes one request per call and never logs; run.ts owns waiting and retries.
 */
import { isLoopback } from '../app-url.js'
import type { Deadline } from '../deadline.js'
import { messageOf } from '../errors.js'
import { MAX_BODY_BYTES, REQUEST_TIMEOUT_MS, type RawResponse, type Transport } from '../transport.js'

/** A failed test as the module lists it: its name, the error and the last step it reached. */
export interface FailedTest {
  name: string
  error: string
  step: string
}

/** One answer of `/unittests/status`. `tests` and `failures` are final only once `completed`. */
export interface UnitTestStatus {
  completed: boolean
  /** Milliseconds; -1 until the run has completed. */
  runtimeMs: number
  tests: number
  failures: number
  failedTests: FailedTest[]
}

/** Why a call to the remote API failed: each kind gets its own message and advice. */
export type UnitTestErrorKind =
  | 'in-progress'
  | 'no-module'
  | 'password'
  | 'forbidden'
  | 'not-started'
  | 'unreachable'
  | 'unexpected'
  | 'timeout'

/** The unit test step could not run the tests (as opposed to tests that ran and failed). */
export class UnitTestError extends Error {
  constructor(
    message: string,
    readonly kind: UnitTestErrorKind,
    /** A gateway answer (502, 503, 504) or no answer at all: worth another try a little later. */
    readonly transient = false,
    /** No HTTP answer came, so whether the app acted on the request is unknown. */
    readonly unanswered = false
  ) {
    super(message)
    this.name = 'UnitTestError'
  }
}

/** An error answer's body is shown only this far: it is server text, and one line is enough to recognise it. */
const SHOWN_BODY_CHARS = 300
/** Longer names and texts are cut: they end up in annotations, the summary and the JUnit file. */
const MAX_NAME_CHARS = 500
const MAX_TEXT_CHARS = 8000
/** A start answer has no body worth reading; an error one is cut to its last bytes. */
const START_BODY_BYTES = 64 * 1024

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}

/** An answer body as a short, single-line quote for an error message. */
function shown(body: string): string {
  const line = body.replace(/\s+/g, ' ').trim()
  return line ? `: ${cut(line, SHOWN_BODY_CHARS)}` : ''
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0
}

function text(value: unknown, max: number): string | undefined {
  if (value === undefined || value === null) return ''
  return typeof value === 'string' ? cut(value, max) : undefined
}

/** The status answer checked against the module's shape; undefined when it is not that shape. */
export function parseStatus(body: string): UnitTestStatus | undefined {
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    return undefined
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined
  const o = parsed as Record<string, unknown>
  if (typeof o.completed !== 'boolean' || !isCount(o.tests) || !isCount(o.failures)) return undefined
  if (typeof o.runtime !== 'number' || !Number.isFinite(o.runtime)) return undefined
  const list = o.failed_tests ?? []
  if (!Array.isArray(list)) return undefined
  const failedTests: FailedTest[] = []
  for (const item of list) {
    if (!item || typeof item !== 'object') return undefined
    const t = item as Record<string, unknown>
    const name = text(t.name, MAX_NAME_CHARS)
    const error = text(t.error, MAX_TEXT_CHARS)
    const step = text(t.step, MAX_TEXT_CHARS)
    if (!name || error === undefined || step === undefined) return undefined
    failedTests.push({ name, error, step })
  }
  return { completed: o.completed, runtimeMs: o.runtime, tests: o.tests, failures: o.failures, failedTests }
}

export interface RemoteApiDeps {
  transport: Transport
  signal?: AbortSignal
  /** No request outlives it. */
  deadline: Deadline
}

/** One app's unit test remote API, at `baseUrl` (the app URL, or `unitTestsUrl`). */
export class UnitTestRemoteApi {
  constructor(
    readonly baseUrl: string,
    private readonly password: string,
    private readonly deps: RemoteApiDeps
  ) {
    const url = new URL(baseUrl)
    // The last guard before the password leaves: https, or plain http to this machine only.
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url))) {
      throw new UnitTestError(
        `The unit test password is sent only to https URLs (or http on this machine); not to ${url.origin}.`,
        'unexpected'
      )
    }
  }

  /** `POST /unittests/start`: resolves when a run has started (204, or any 2xx). */
  async start(): Promise<void> {
    const response = await this.post('start', START_BODY_BYTES)
    if (response.status >= 200 && response.status < 300) return
    throw this.failure('start', response)
  }

  /** `POST /unittests/status`: the run's progress, or its result once `completed`. */
  async status(): Promise<UnitTestStatus> {
    const response = await this.post('status', MAX_BODY_BYTES)
    if (response.status !== 200) throw this.failure('status', response)
    const status = parseStatus(response.body)
    if (!status) {
      throw new UnitTestError(
        `${this.endpoint('status')} answered 200 with something other than the UnitTesting module's status${shown(response.body)}. Check that unitTestsUrl (or the app URL) points at the app itself.`,
        'unexpected'
      )
    }
    return status
  }

  private endpoint(call: 'start' | 'status'): string {
    return `POST ${this.baseUrl}/unittests/${call}`
  }

  private async post(call: 'start' | 'status', maxBytes: number): Promise<RawResponse> {
    const { transport, signal, deadline } = this.deps
    try {
      // The password goes in the body, which is never logged; no Mendix credential is added.
      return await transport.send(
        'POST',
        `${this.baseUrl}/unittests/${call}`,
        JSON.stringify({ password: this.password }),
        { 'Content-Type': 'application/json', Accept: 'application/json' },
        {
          timeoutMs: Math.min(REQUEST_TIMEOUT_MS, Math.max(1000, deadline.remainingMs())),
          maxBytes,
          oversize: call === 'start' ? 'tail' : 'refuse',
          signal
        }
      )
    } catch (error) {
      if (signal?.aborted) throw error
      const reason = messageOf(error)
      throw new UnitTestError(
        `Could not reach the app: ${this.endpoint(call)} got no answer (${reason}). Check that the app runs and that ${this.baseUrl} is reachable from the runner.`,
        'unreachable',
        true,
        true
      )
    }
  }

  /** The error for a non-success answer, by what the module (or what stands in front of it) means by it. */
  private failure(call: 'start' | 'status', response: RawResponse): UnitTestError {
    const { status, body } = response
    const what = `${this.endpoint(call)} answered ${status}${shown(body)}`
    if (status === 400 && /another test ?run/i.test(body)) {
      return new UnitTestError(
        `A unit test run is already in progress in the app (${what}). Wait until it completes, or restart the app, then run this step again.`,
        'in-progress'
      )
    }
    if (status === 400 && /no test ?run was started/i.test(body)) {
      return new UnitTestError(
        `The app knows of no unit test run although one was started (${what}). With more than one instance, each keeps its own run: point unitTestsUrl at one instance, or run the tests with one instance.`,
        'not-started'
      )
    }
    if (status === 401) {
      return new UnitTestError(
        `The app refused the unit test password (${what}). Set unitTestsPassword to the value of the environment's constant UnitTesting.RemoteApiPassword.`,
        'password'
      )
    }
    if (status === 403) {
      // The module answers a wrong password with 401; a 403 comes from what stands in front of the app.
      return new UnitTestError(
        `The request was forbidden (${what}); the UnitTesting module answers a wrong password with 401, so an access restriction in front of the app refused it. Allow the path /unittests/ for the environment (Mendix Cloud: the environment's Network tab, request handlers and access restrictions).`,
        'forbidden'
      )
    }
    if (status === 404) {
      return new UnitTestError(
        `The app has no unit test remote API at ${this.baseUrl}/unittests/ (${what}). Add the UnitTesting module from the Mendix Marketplace, set its constants UnitTesting.RemoteApiEnabled to true and UnitTesting.RemoteApiPassword (recent versions also UnitTesting.Enabled to true; older ones need its Startup microflow in the app's after-startup), and allow the request handler /unittests/ for the environment.`,
        'no-module'
      )
    }
    const gateway = status === 502 || status === 503 || status === 504
    return new UnitTestError(
      `The unit test remote API did not do what was asked (${what}).`,
      'unexpected',
      gateway
    )
  }
}
