/**
 * Issue 16: the unit test step with a fake app and a fake clock: the inputs, the remote API's answers and what
 * each means, the wait for the run, the URL the password may go to, and the report.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Deadline } from '../src/deadline.js'
import { VerificationError } from '../src/errors.js'
import type { Logger } from '../src/logger.js'
import { Progress } from '../src/progress.js'
import type { RawResponse, Transport } from '../src/transport.js'
import { parseStatus, UnitTestError, UnitTestRemoteApi } from '../src/unit-tests/remote-api.js'
import {
  annotationsOf,
  MAX_SUMMARY_ROWS,
  MAX_TEST_ANNOTATIONS,
  renderUnitTestSummary,
  type UnitTestResult
} from '../src/unit-tests/report.js'
import { runUnitTests, unitTestBaseUrl, unitTestHook, UnitTestsFailedError } from '../src/unit-tests/run.js'
import { readUnitTestSettings } from '../src/unit-tests/settings.js'
import { clearSecrets } from '../src/untrusted.js'
import { FakeClock } from './support/fake-clock.js'

afterEach(() => clearSecrets())

/** Where the hook's JUnit files go; removed at the end. */
const reportDir = mkdtempSync(join(tmpdir(), 'unit-tests-reports-'))
afterAll(() => rmSync(reportDir, { recursive: true, force: true }))

const APP = 'https://orders-test.mendixcloud.com'
const API = 'https://privatecloud.mendixcloud.com/api/v4'

type Answer = Partial<RawResponse> | Error
interface Sent {
  method: string
  url: string
  body?: string
  headers: Record<string, string>
}

/** A transport that answers from a script, per endpoint, and records what was sent. */
function fakeApp(answers: { start?: Answer[]; status?: Answer[] }) {
  const sent: Sent[] = []
  const queues = { start: [...(answers.start ?? [])], status: [...(answers.status ?? [])] }
  const transport: Transport = {
    send: async (method, url, body, headers) => {
      sent.push({ method, url, body, headers })
      const call = url.endsWith('/unittests/start') ? 'start' : 'status'
      const answer = queues[call].length > 1 ? queues[call].shift()! : queues[call][0]
      if (!answer) throw new Error(`no answer scripted for ${call}`)
      if (answer instanceof Error) throw answer
      return { status: 200, headers: {}, body: '', ...answer }
    },
    sendStream: () => Promise.reject(new Error('not used')),
    dispose: () => undefined
  }
  return { transport, sent }
}

const running = (tests: number, failures = 0): Answer => ({
  body: JSON.stringify({ completed: false, runtime: -1, tests, failures, failed_tests: [] })
})
const done = (tests: number, failed: Array<{ name: string; error: string; step: string }> = []): Answer => ({
  body: JSON.stringify({
    completed: true,
    runtime: 2500,
    tests,
    failures: failed.length,
    failed_tests: failed
  })
})
const refused = (code: string): Error => Object.assign(new Error(`connect ${code} 10.0.0.1:443`), { code })

function recordingLog() {
  const lines: string[] = []
  const log: Logger = {
    info: message => lines.push(message),
    warning: (message, title) => lines.push(`warning ${title}: ${message}`),
    debug: () => undefined,
    group: (_name, fn) => fn()
  }
  return { log, lines }
}

function runDeps(transport: Transport, clock = new FakeClock()) {
  return {
    transport,
    clock,
    log: recordingLog().log,
    deadline: Deadline.after(clock, 10 * 60_000),
    timeoutMinutes: 10
  }
}

describe('readUnitTestSettings', () => {
  const read = (inputs: Record<string, string>) => {
    const problems: string[] = []
    const settings = readUnitTestSettings(name => inputs[name] ?? '', problems)
    return { settings, problems }
  }

  it('is off by default, and takes a password and URL given without it', () => {
    expect(read({})).toEqual({ settings: { enabled: false, password: '', url: undefined }, problems: [] })
    expect(read({ unitTestsPassword: 'pw', unitTestsUrl: `${APP}/` }).settings).toEqual({
      enabled: false,
      password: 'pw',
      url: APP
    })
  })

  it('reads a password with spaces as given, and a loopback http URL', () => {
    expect(
      read({ unitTests: 'true', unitTestsPassword: 'two words', unitTestsUrl: 'http://127.0.0.2:8080/app/' })
    ).toEqual({
      settings: { enabled: true, password: 'two words', url: 'http://127.0.0.2:8080/app' },
      problems: []
    })
  })

  it.each([
    [{ unitTests: 'sometimes' }, 'Input \'unitTests\' must be true or false; got "sometimes".'],
    [{ unitTests: 'true' }, "Input 'unitTestsPassword' is required with unitTests: true"],
    [
      { unitTests: 'true', unitTestsPassword: 'a\nb' },
      "Input 'unitTestsPassword' must not contain line breaks"
    ],
    [{ unitTests: 'true', unitTestsPassword: 'pw', wait: 'false' }, "Input 'unitTests' needs wait: true"],
    [{ unitTestsUrl: 'orders-test' }, "Input 'unitTestsUrl' must be the app's URL"],
    [{ unitTestsUrl: 'http://orders-test.example.com' }, "Input 'unitTestsUrl' must use https"],
    [{ unitTestsUrl: 'https://u:p@orders.example.com' }, "Input 'unitTestsUrl' must not contain credentials"],
    [{ unitTestsUrl: 'https://orders.example.com/?a=1' }, "Input 'unitTestsUrl' must not contain credentials"]
  ])('refuses %o', (inputs, problem) => {
    expect(read(inputs).problems.join('\n')).toContain(problem)
  })

  it('never quotes the password in a problem', () => {
    const { problems } = read({ unitTests: 'true', unitTestsPassword: 'pa55\u0007xq7z' })
    expect(problems).toHaveLength(1)
    expect(problems[0]).not.toMatch(/pa55|xq7z/)
  })
})

describe('parseStatus', () => {
  it('reads the module status, with null texts as empty', () => {
    expect(
      parseStatus(
        '{"completed":true,"runtime":120,"tests":3,"failures":1,"failed_tests":[{"name":"M.T","error":null,"step":"s"}]}'
      )
    ).toEqual({
      completed: true,
      runtimeMs: 120,
      tests: 3,
      failures: 1,
      failedTests: [{ name: 'M.T', error: '', step: 's' }]
    })
  })

  it('cuts an absurdly long error', () => {
    const long = 'x'.repeat(100_000)
    const parsed = parseStatus(
      JSON.stringify({
        completed: true,
        runtime: 1,
        tests: 1,
        failures: 1,
        failed_tests: [{ name: 'M.T', error: long, step: '' }]
      })
    )
    expect(parsed!.failedTests[0].error.length).toBeLessThan(10_000)
  })

  it.each([
    'not json',
    '[]',
    '{"runtime":1,"tests":1,"failures":0}',
    '{"completed":"yes","runtime":1,"tests":1,"failures":0}',
    '{"completed":true,"runtime":1,"tests":-1,"failures":0}',
    '{"completed":true,"runtime":1,"tests":1.5,"failures":0}',
    '{"completed":true,"tests":1,"failures":0}',
    '{"completed":true,"runtime":1,"tests":1,"failures":0,"failed_tests":{}}',
    '{"completed":true,"runtime":1,"tests":1,"failures":1,"failed_tests":[{"error":"e"}]}',
    '{"completed":true,"runtime":1,"tests":1,"failures":1,"failed_tests":[{"name":"n","error":5}]}'
  ])('refuses %s', body => {
    expect(parseStatus(body)).toBeUndefined()
  })
})

describe('UnitTestRemoteApi', () => {
  it('POSTs the password as JSON to the app, with no credential header', async () => {
    const app = fakeApp({ start: [{ status: 204 }], status: [done(2)] })
    const api = new UnitTestRemoteApi(APP, 'pw "1"', runDeps(app.transport))
    await api.start()
    expect((await api.status()).tests).toBe(2)
    expect(app.sent.map(s => [s.method, s.url])).toEqual([
      ['POST', `${APP}/unittests/start`],
      ['POST', `${APP}/unittests/status`]
    ])
    for (const s of app.sent) {
      expect(JSON.parse(s.body!)).toEqual({ password: 'pw "1"' })
      expect(Object.keys(s.headers).map(h => h.toLowerCase())).toEqual(['content-type', 'accept'])
    }
  })

  it('refuses to send the password over plain http to another machine', () => {
    expect(
      () => new UnitTestRemoteApi('http://orders.example.com', 'pw', runDeps(fakeApp({}).transport))
    ).toThrow('sent only to https URLs')
  })

  it.each([
    [
      400,
      'Cannot start a test run while another test run is still running',
      'in-progress',
      'already in progress'
    ],
    [400, 'No testrun was started yet', 'not-started', 'each keeps its own run'],
    [401, 'Invalid password provided', 'password', 'refused the unit test password'],
    [403, '<html>Forbidden</html>', 'forbidden', 'answers a wrong password with 401'],
    [404, 'Not Found', 'no-module', 'no unit test remote API'],
    [405, '', 'unexpected', 'did not do what was asked'],
    [503, 'Service Unavailable', 'unexpected', 'did not do what was asked']
  ])('turns a %i (%s) into its own error', async (status, body, kind, words) => {
    const api = new UnitTestRemoteApi(APP, 'pw', runDeps(fakeApp({ start: [{ status, body }] }).transport))
    const error = await api.start().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UnitTestError)
    expect(error).toMatchObject({ kind, transient: status === 503 })
    expect((error as Error).message).toContain(words)
    expect((error as Error).message).toContain(`POST ${APP}/unittests/start answered ${status}`)
  })

  it('says the app could not be reached when no answer came', async () => {
    const api = new UnitTestRemoteApi(
      APP,
      'pw',
      runDeps(fakeApp({ status: [refused('ECONNREFUSED')] }).transport)
    )
    await expect(api.status()).rejects.toMatchObject({
      kind: 'unreachable',
      unanswered: true,
      message: expect.stringContaining(`Could not reach the app: POST ${APP}/unittests/status got no answer`)
    })
  })

  it('refuses a 200 that is not the module status', async () => {
    const api = new UnitTestRemoteApi(
      APP,
      'pw',
      runDeps(fakeApp({ status: [{ body: '<html>login</html>' }] }).transport)
    )
    await expect(api.status()).rejects.toThrow("something other than the UnitTesting module's status")
  })
})

describe('runUnitTests', () => {
  it('starts a run and polls it until it has completed, logging its progress', async () => {
    const app = fakeApp({ start: [{ status: 204 }], status: [running(0), running(3, 1), done(5)] })
    const { log, lines } = recordingLog()
    const result = await runUnitTests(APP, 'pw', { ...runDeps(app.transport), log })
    expect(result).toMatchObject({ completed: true, tests: 5, failures: 0, url: APP })
    expect(app.sent.map(s => s.url.split('/').pop())).toEqual(['start', 'status', 'status', 'status'])
    expect(lines.filter(l => l.startsWith('Unit tests: running'))).toEqual([
      'Unit tests: running, 0 test(s) done, 0 failed so far (after 0.0s)',
      expect.stringMatching(/^Unit tests: running, 3 test\(s\) done, 1 failed so far/)
    ])
  })

  it('tries a start that got no answer again, and follows the run it began', async () => {
    const app = fakeApp({
      start: [
        refused('ECONNRESET'),
        { status: 400, body: 'Cannot start a test run while another test run is still running' }
      ],
      status: [done(1)]
    })
    await expect(runUnitTests(APP, 'pw', runDeps(app.transport))).resolves.toMatchObject({ tests: 1 })
  })

  it('refuses a run already in progress when its own start was answered', async () => {
    const app = fakeApp({
      start: [{ status: 400, body: 'Cannot start a test run while another test run is still running' }]
    })
    await expect(runUnitTests(APP, 'pw', runDeps(app.transport))).rejects.toMatchObject({
      kind: 'in-progress'
    })
    expect(app.sent).toHaveLength(1)
  })

  it('gives up on an app that never answers after a few tries', async () => {
    const app = fakeApp({ start: [refused('ECONNREFUSED')] })
    await expect(runUnitTests(APP, 'pw', runDeps(app.transport))).rejects.toMatchObject({
      kind: 'unreachable'
    })
    expect(app.sent).toHaveLength(4)
  })

  it('waits out a gateway error while the run goes on', async () => {
    const app = fakeApp({
      start: [{ status: 204 }],
      status: [running(1), { status: 502, body: 'Bad Gateway' }, done(2)]
    })
    await expect(runUnitTests(APP, 'pw', runDeps(app.transport))).resolves.toMatchObject({ tests: 2 })
  })

  it('stops at the deadline for a run that never completes, saying how far it got', async () => {
    const clock = new FakeClock()
    const app = fakeApp({ start: [{ status: 204 }], status: [running(7, 2)] })
    const error = await runUnitTests(APP, 'pw', {
      ...runDeps(app.transport, clock),
      deadline: Deadline.after(clock, 120_000)
    }).catch((e: unknown) => e)
    expect(error).toMatchObject({ kind: 'timeout' })
    expect((error as Error).message).toMatch(
      /had not completed after 120\.0s, at the deadline \(timeoutMinutes: 10\); it was running, 7 test\(s\) done, 2 failed so far/
    )
    expect(clock.now()).toBe(Date.parse('2026-11-22T10:00:00Z') + 120_000)
  })
})

describe('unitTestBaseUrl', () => {
  const on = { enabled: true, password: 'pw' }

  it('takes unitTestsUrl over the app URL, and the app URL without its trailing slash', () => {
    expect(unitTestBaseUrl({ ...on, url: 'https://other.example.com' }, APP, API)).toBe(
      'https://other.example.com'
    )
    expect(unitTestBaseUrl(on, `${APP}/`, API)).toBe(APP)
    expect(unitTestBaseUrl(on, 'http://127.0.0.1:4000/app/x', 'http://127.0.0.1:4000/api/v4')).toBe(
      'http://127.0.0.1:4000/app/x'
    )
  })

  it.each([
    [undefined, API, 'reports no app URL'],
    ['not a url', API, 'not a URL'],
    ['http://orders.example.com', API, 'is not https'],
    ['https://u:p@orders.example.com', API, 'carries credentials'],
    ['http://127.0.0.1:8080', API, 'is on this machine while the API is not']
  ])('does not send the password to the app URL %s', (appUrl, apiUrl, words) => {
    expect(() => unitTestBaseUrl(on, appUrl, apiUrl)).toThrow(words)
  })
})

describe('the report', () => {
  const failed = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ name: `M.Test_${i}`, error: `error ${i}`, step: `step ${i}` }))
  const result = (n: number, tests = n + 2): UnitTestResult => ({
    completed: true,
    runtimeMs: 2500,
    tests,
    failures: n,
    failedTests: failed(n),
    url: APP,
    endedAt: new Date()
  })

  it('annotates each failed test, titled with its name, with its error and last step', () => {
    expect(annotationsOf(result(2))).toEqual([
      { title: 'M.Test_0', message: 'error 0\nLast step: step 0' },
      { title: 'M.Test_1', message: 'error 1\nLast step: step 1' }
    ])
  })

  it('keeps within the annotations GitHub shows for a step: the rest are counted in one', () => {
    expect(annotationsOf(result(MAX_TEST_ANNOTATIONS + 1))).toHaveLength(MAX_TEST_ANNOTATIONS + 1)
    const many = annotationsOf(result(30))
    expect(many).toHaveLength(MAX_TEST_ANNOTATIONS + 1)
    expect(many.at(-1)).toEqual({
      title: 'More unit tests failed',
      message: `${30 - MAX_TEST_ANNOTATIONS} more unit test(s) failed: see the job summary and the JUnit report (output testReport).`
    })
  })

  it('puts totals and failed tests in tables whose cells the app cannot break', () => {
    const hostile = {
      ...result(1),
      failedTests: [{ name: 'M.T|x', error: '<img src=x> `code` *b* [l](javascript:1)', step: 'a\nb\u001b' }]
    }
    const summary = renderUnitTestSummary(hostile, '/tmp/r/junit.xml')
    expect(summary).toContain('### ❌ Unit tests: 1 of 3 failed')
    expect(summary).toContain(`| 3 | 1 | 2.5s | [${APP}](${APP}) |`)
    const row = summary.split('\n').find(line => line.startsWith('| M.T'))!
    expect(row.split('|')).toHaveLength(5)
    expect(row).not.toMatch(/<img|`|\*b\*|\]\(/)
    expect(row).toContain('a b\\u001b'.replace('\\', '&#92;'))
    expect(summary).toContain('JUnit report (output `testReport`): `/tmp/r/junit.xml`')
  })

  it('lists at most so many failed tests in the summary, and says where the rest are', () => {
    const summary = renderUnitTestSummary(result(MAX_SUMMARY_ROWS + 5))
    expect(summary.split('\n').filter(line => line.startsWith('| M.Test'))).toHaveLength(MAX_SUMMARY_ROWS)
    expect(summary).toContain('5 more failed test(s) are in the JUnit report.')
  })

  it('says when all passed, and when the run had no test at all', () => {
    expect(renderUnitTestSummary(result(0, 4))).toContain('### ✅ Unit tests: all 4 passed')
    expect(renderUnitTestSummary(result(0, 0))).toContain(
      '### ⚠️ Unit tests: the run completed without any test'
    )
  })
})

describe('unitTestHook', () => {
  const settings = (enabled: boolean) => ({
    unitTests: enabled,
    unitTestsPassword: 'pw',
    apiUrl: API,
    timeoutMinutes: 10
  })

  function hookDeps(transport: Transport) {
    const outputs: Record<string, string> = {}
    const annotations: Array<{ title: string; message: string }> = []
    const summaries: string[] = []
    const { log, lines } = recordingLog()
    const progress = new Progress((name, value) => (outputs[name] = value))
    const reporter = {
      annotate: (message: string, title: string) => annotations.push({ title, message }),
      summary: async (markdown: string) => void summaries.push(markdown),
      directory: reportDir
    }
    return {
      deps: { transport, clock: new FakeClock(), log, progress, reporter },
      outputs,
      annotations,
      summaries,
      lines,
      progress
    }
  }

  it('is no step at all when unitTests is off', () => {
    expect(unitTestHook(settings(false), hookDeps(fakeApp({}).transport).deps)).toBeUndefined()
  })

  it('reports passing tests as the phase "unit tests" and returns', async () => {
    const h = hookDeps(fakeApp({ start: [{ status: 204 }], status: [done(3)] }).transport)
    await unitTestHook(settings(true), h.deps)!(APP, Deadline.after(h.deps.clock, 600_000))
    expect(h.outputs).toMatchObject({
      testsRun: '3',
      testsFailed: '0',
      testReport: expect.stringMatching(/junit\.xml$/)
    })
    expect(h.progress.phases.map(p => p.name)).toEqual(['unit tests'])
    expect(h.annotations).toEqual([])
    expect(h.summaries[0]).toContain('all 3 passed')
  })

  it('fails with a VerificationError naming the failed tests, after reporting them', async () => {
    const failed = [{ name: 'M.T1', error: 'e1', step: 's1' }]
    const h = hookDeps(fakeApp({ start: [{ status: 204 }], status: [done(4, failed)] }).transport)
    const error = await unitTestHook(settings(true), h.deps)!(
      APP,
      Deadline.after(h.deps.clock, 600_000)
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UnitTestsFailedError)
    expect(error).toBeInstanceOf(VerificationError)
    expect((error as Error).message).toMatch(
      /^1 of 4 unit test\(s\) failed at https:\/\/orders-test\.mendixcloud\.com: M\.T1\./
    )
    expect(h.outputs).toMatchObject({ testsRun: '4', testsFailed: '1' })
    expect(h.annotations).toEqual([{ title: 'M.T1', message: 'e1\nLast step: s1' }])
  })

  it('fails with a UnitTestError, not a failed deploy, when the tests could not run', async () => {
    const h = hookDeps(fakeApp({ start: [{ status: 404, body: 'Not Found' }] }).transport)
    const error = await unitTestHook(settings(true), h.deps)!(
      APP,
      Deadline.after(h.deps.clock, 600_000)
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UnitTestError)
    expect(error).not.toBeInstanceOf(VerificationError)
    expect(h.outputs.testsRun).toBeUndefined()
  })
})
