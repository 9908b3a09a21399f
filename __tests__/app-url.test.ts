/** The one app-URL policy (src/app-url.ts): what is this machine, and what each use of the app URL may call. */
import {
  AppUrlRefusedError,
  appUrlProblems,
  appUrlRefusal,
  healthCheckUrl,
  isLinkable,
  isLoopback
} from '../src/app-url.js'
import { VerificationError } from '../src/errors.js'

const REMOTE_API = 'https://privatecloud.mendixcloud.com/api/v4'
const LOCAL_API = 'http://127.0.0.1:4000/api/v4'

describe('isLoopback: one definition of this machine', () => {
  it.each([
    'http://localhost:8080',
    'http://LOCALHOST./',
    'http://127.0.0.1',
    'http://127.5.6.7',
    'http://127.1',
    'http://2130706433',
    'http://[::1]:8080',
    'http://[0:0:0:0:0:0:0:1]',
    'http://[::ffff:127.0.0.1]',
    'http://0.0.0.0:8080',
    'http://[::]'
  ])('%s is this machine', url => expect(isLoopback(new URL(url))).toBe(true))

  it.each([
    'http://128.0.0.1',
    'http://10.0.0.5',
    'http://localhost.example.com',
    'http://127.0.0.1.nip.io',
    'http://[::2]',
    'http://[::ffff:10.0.0.1]',
    'http://169.254.169.254'
  ])('%s is not', url => expect(isLoopback(new URL(url))).toBe(false))
})

describe('appUrlRefusal', () => {
  it('lets the health check call https and plain http (it sends no credential)', () => {
    for (const url of ['https://orders.example.com', 'http://test.app.url', 'http://10.0.0.5:8080/app'])
      expect(appUrlRefusal(url, 'health check', REMOTE_API)).toBeUndefined()
  })

  it('lets the unit tests use https anywhere, and plain http only on this machine', () => {
    expect(appUrlRefusal('https://orders.example.com', 'unit tests', REMOTE_API)).toBeUndefined()
    expect(appUrlRefusal('http://127.0.0.1:4000/app/x', 'unit tests', LOCAL_API)).toBeUndefined()
    expect(appUrlRefusal('http://test.app.url', 'unit tests', REMOTE_API)).toMatch(/^is not https/)
  })

  it.each([
    ['not a url', 'is not a URL'],
    ['javascript:alert(1)', 'is neither https nor http'],
    ['https://u:p@orders.example.com', 'carries credentials'],
    ['https://orders.example.com/?a=1', 'has a query or a fragment'],
    ['https://orders.example.com/#x', 'has a query or a fragment'],
    ['http://127.0.0.1:8080', 'is on this machine while the API is not'],
    ['http://0.0.0.0:8080', 'is on this machine while the API is not'],
    ['http://[::ffff:7f00:1]', 'is on this machine while the API is not'],
    ['http://169.254.169.254/latest/meta-data', 'is link-local'],
    ['http://[fe80::1]/', 'is link-local']
  ])('refuses %s for both uses: %s', (url, words) => {
    for (const use of ['health check', 'unit tests'] as const)
      expect(appUrlRefusal(url, use, REMOTE_API)).toContain(words)
  })

  it('calls an app URL on this machine when the API is on this machine too (the emulator)', () => {
    expect(appUrlRefusal('http://localhost:4000/app/x', 'health check', LOCAL_API)).toBeUndefined()
  })
})

describe('appUrlProblems, before the deploy', () => {
  const settings = { healthCheckPath: '/health', unitTests: true, apiUrl: REMOTE_API }

  it('names each input that would call a refused URL, and what to do', () => {
    const problems = appUrlProblems('http://127.0.0.1:9000', 'test', settings)
    expect(problems).toHaveLength(2)
    expect(problems[0]).toMatch(
      /^Input 'healthCheckPath': environment "test" reports the app URL http:\/\/127\.0\.0\.1:9000\/, which is on this machine while the API is not, .*nothing was deployed.*remove healthCheckPath/
    )
    expect(problems[1]).toMatch(/^Input 'unitTests': .*Set unitTestsUrl to the app's https URL/)
  })

  it('refuses plain http for the unit tests only', () => {
    const problems = appUrlProblems('http://test.app.url', 'test', settings)
    expect(problems).toEqual([expect.stringMatching(/^Input 'unitTests': .* which is not https/)])
  })

  it('leaves the app URL alone for the unit tests when unitTestsUrl is given, and when no input calls it', () => {
    expect(
      appUrlProblems('http://test.app.url', 'test', { ...settings, unitTestsUrl: 'https://x.example' })
    ).toEqual([])
    expect(appUrlProblems('http://127.0.0.1:1', 'test', { unitTests: false, apiUrl: REMOTE_API })).toEqual([])
  })

  it('does not refuse a missing app URL: the deploy may bring one, and it is checked after', () => {
    expect(appUrlProblems(undefined, 'test', settings)).toEqual([])
  })

  it('never shows credentials or a query of the URL it refuses', () => {
    const [problem] = appUrlProblems('https://user:hunter2@orders.example.com/?token=abc', 'test', settings)
    expect(problem).toContain('https://orders.example.com/')
    expect(problem).not.toMatch(/hunter2|token=abc/)
  })
})

describe('healthCheckUrl, after the deploy', () => {
  it('is the app URL plus the path, plain http included', () => {
    expect(healthCheckUrl('http://test.app.url/', '/health', REMOTE_API)).toBe('http://test.app.url/health')
    expect(healthCheckUrl('https://orders.example.com/app', '/health', REMOTE_API)).toBe(
      'https://orders.example.com/app/health'
    )
  })

  it('refuses with an AppUrlRefusedError, which is no VerificationError (a failed deploy, rolled back)', () => {
    for (const appUrl of [undefined, 'http://169.254.169.254', 'http://127.0.0.1:1']) {
      let thrown: unknown
      try {
        healthCheckUrl(appUrl, '/health', REMOTE_API)
      } catch (error) {
        thrown = error
      }
      expect(thrown).toBeInstanceOf(AppUrlRefusedError)
      expect(thrown).not.toBeInstanceOf(VerificationError)
      expect((thrown as Error).message).toContain('this is not a failed deploy, so nothing is rolled back')
    }
  })
})

describe('isLinkable, for the job summary', () => {
  it('links https anywhere and http on this machine only', () => {
    expect(isLinkable('https://orders.example.com')).toBe(true)
    expect(isLinkable('http://127.0.0.2:8080/app')).toBe(true)
    expect(isLinkable('http://[::1]:8080/app')).toBe(true)
    for (const url of ['http://test.app.url', 'javascript:alert(1)', 'not a url'])
      expect(isLinkable(url)).toBe(false)
  })
})
