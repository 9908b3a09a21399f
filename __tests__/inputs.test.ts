import { InputError } from '../src/errors.js'
import {
  DEFAULT_API_URL,
  readSettings,
  versionFromRef,
  type PrivateCloudSettings,
  type RunContext
} from '../src/inputs.js'

const run: RunContext = {
  repository: 'acme/orders-app',
  sha: '5e1f0c3a9b7d2e4f6a8c0b1d3e5f7a9c2b4d6e8f',
  ref: 'refs/heads/main',
  runId: '7712345678',
  runAttempt: '2',
  serverUrl: 'https://github.com',
  workflow: 'Deploy',
  runNumber: '42'
}

const valid: Record<string, string> = {
  token: 'pat-abc123',
  appId: '4b1ad3c2-7f0e-4d8a-9c55-2e6f1a8b9d70',
  branch: 'main',
  revision: 'c41e7a9',
  environment: 'test'
}

function settings(overrides: Record<string, string> = {}, context: RunContext = run) {
  const inputs = { ...valid, ...overrides }
  return readSettings(name => inputs[name] ?? '', context)
}

function problemsOf(overrides: Record<string, string>): string[] {
  try {
    settings(overrides)
  } catch (error) {
    if (error instanceof InputError) return error.problems
    throw error
  }
  throw new Error('expected an InputError')
}

describe('readSettings', () => {
  it('reads valid inputs with defaults a user expects', () => {
    const s = settings()
    expect(s.apiUrl).toBe(DEFAULT_API_URL)
    expect(s.timeoutMinutes).toBe(30)
    expect(s.wait).toBe(true)
    expect(s.version).toBeUndefined()
    expect(s.description).toContain('acme/orders-app@5e1f0c3')
    expect(s.description).toContain('https://github.com/acme/orders-app/actions/runs/7712345678')
    expect(s.description).toContain(s.runMarker)
    expect(s.runMarker).toBe('[gh-run acme/orders-app#7712345678.2]')
  })

  it('takes the version from a release tag when none is given', () => {
    expect(settings({}, { ...run, ref: 'refs/tags/v1.4.2' }).version).toEqual({ fixed: '1.4.2' })
    expect(settings({ version: '2.0.0' }, { ...run, ref: 'refs/tags/v1.4.2' }).version).toEqual({
      fixed: '2.0.0'
    })
    expect(versionFromRef('refs/tags/release-1')).toBeUndefined()
    expect(versionFromRef('refs/heads/v1.2.3')).toBeUndefined()
  })

  it('keeps a user description and still appends the run marker and the build identity', () => {
    const s = settings({ description: 'Sprint 12' }) as PrivateCloudSettings
    expect(s.description).toBe(`Sprint 12 ${s.runMarker} [build main@c41e7a9]`)
    const tagged = settings({ version: '1.4.2' }) as PrivateCloudSettings
    expect(tagged.buildIdentity).toBe('[build main@c41e7a9 v1.4.2]')
  })

  it('reads the deploy-time settings of Private Cloud', () => {
    const s = settings({
      constants: 'Orders.MaxBatchSize=500\n# a comment\nsecret Orders.ApiKey: abc=def',
      environmentVariables: 'JAVA_TOOL_OPTIONS=-Xmx1g',
      keepPackages: '10',
      promoteFrom: 'acceptance',
      dryRun: 'true'
    }) as PrivateCloudSettings
    expect(s.constants).toEqual([
      { name: 'Orders.MaxBatchSize', value: '500' },
      { name: 'Orders.ApiKey', value: 'abc=def', secret: true }
    ])
    expect(s.environmentVariables).toEqual([{ name: 'JAVA_TOOL_OPTIONS', value: '-Xmx1g' }])
    expect(s).toMatchObject({
      keepPackages: 10,
      promoteFrom: 'acceptance',
      dryRun: true,
      reuse: true,
      rollbackOnFailure: false
    })
    expect(problemsOf({ keepPackages: '0' })[0]).toMatch(
      /'keepPackages' must be a whole number from 1 to 1000/
    )
    expect(problemsOf({ constants: 'no equals sign' })[0]).toMatch(
      /'constants' line 1 must have the form Name=value/
    )
    expect(problemsOf({ username: 'bob' })[0]).toMatch(/'username' belongs to target mendix-cloud/)
  })

  it('allows http only for loopback hosts', () => {
    expect(settings({ apiUrl: 'http://127.0.0.1:8080/api/v4/' }).apiUrl).toBe('http://127.0.0.1:8080/api/v4')
    expect(settings({ apiUrl: 'http://localhost:1/api/v4' }).apiUrl).toBe('http://localhost:1/api/v4')
    expect(problemsOf({ apiUrl: 'http://privatecloud.mendixcloud.com/api/v4' })[0]).toMatch(
      /'apiUrl' must use https/
    )
    expect(problemsOf({ apiUrl: 'not a url' })[0]).toMatch(/'apiUrl' must be a URL/)
    expect(problemsOf({ apiUrl: 'https://user:pw@host/api' })[0]).toMatch(/must not contain credentials/)
  })

  it('allows http on this machine as app-url.ts defines it, for apiUrl and unitTestsUrl alike', () => {
    for (const url of [
      'http://127.0.0.2:8080/api/v4',
      'http://[::1]:8080/api/v4',
      'http://0.0.0.0:8080/api/v4'
    ])
      expect(settings({ apiUrl: url }).apiUrl).toBe(url)
    expect(settings({ unitTestsUrl: 'http://127.0.0.2:8080/app' }).unitTestsUrl).toBe(
      'http://127.0.0.2:8080/app'
    )
    expect(problemsOf({ apiUrl: 'http://localhost.example.com/api/v4' })[0]).toMatch(
      /'apiUrl' must use https \(http is allowed only on this machine: localhost, 127\.0\.0\.0\/8, ::1, 0\.0\.0\.0\)/
    )
  })

  describe('instances: the Deploy API range, 0 to 10', () => {
    it.each([
      ['0', 0],
      ['10', 10],
      ['', undefined]
    ])('accepts %j', (raw, value) => {
      expect((settings({ instances: raw }) as PrivateCloudSettings).instances).toBe(value)
    })

    it.each(['11', '1000', '-1', '1.5', 'two'])('refuses %j, naming the input and the range', raw => {
      expect(problemsOf({ instances: raw })).toEqual([
        expect.stringContaining(`Input 'instances' must be a whole number from 0 to 10`)
      ])
    })

    it.each([
      [{ healthCheckPath: '/health' }, 'healthCheckPath'],
      [{ unitTests: 'true', unitTestsPassword: 'pw-123' }, 'unitTests'],
      [{ restart: 'true' }, 'restart']
    ])('with 0 (the app stopped), refuses %o: it needs the app running', (overrides, name) => {
      expect(problemsOf({ instances: '0', ...overrides })).toEqual([
        `Input '${name}' needs the app running, but instances: 0 deploys the package with the app stopped. Remove ${name}, or set instances to 1 or more.`
      ])
      expect(() => settings({ instances: '1', ...overrides })).not.toThrow()
    })
  })

  describe('options that act after the deploy, with wait: false', () => {
    it.each([
      [{ rollbackOnFailure: 'true' }, 'rollbackOnFailure'],
      [{ restart: 'yes' }, 'restart'],
      [{ keepPackages: '5' }, 'keepPackages'],
      [{ healthCheckPath: '/health' }, 'healthCheckPath'],
      [{ unitTests: 'true', unitTestsPassword: 'pw-123' }, 'unitTests'],
      [{ preview: 'deploy', environment: '', previewFrom: 'test' }, 'preview']
    ])('refuses %o, naming both inputs', (overrides, name) => {
      expect(problemsOf({ wait: 'false', ...overrides })).toEqual([
        expect.stringMatching(
          new RegExp(
            `^Input '${name}' needs wait: true: with wait: false the step ends once the deploy is accepted, before .*\\. Remove ${name}, or set wait: true\\.$`
          )
        )
      ])
      expect(() => settings({ wait: 'true', ...overrides })).not.toThrow()
    })

    it('accepts them switched off, and refuses rollbackOnFailure for mendix-cloud too', () => {
      expect(() => settings({ wait: 'false', rollbackOnFailure: 'false', restart: 'false' })).not.toThrow()
      const cloud = {
        target: 'mendix-cloud',
        token: '',
        appId: 'orders-demo',
        environment: 'Production',
        username: 'bob@example.com',
        apiKey: 'key-123',
        wait: 'false',
        rollbackOnFailure: 'true'
      }
      expect(problemsOf(cloud)).toEqual([
        expect.stringContaining("Input 'rollbackOnFailure' needs wait: true")
      ])
    })
  })

  it.each([
    [{ token: '' }, /'token' is required/],
    [{ token: 'abc def' }, /'token' must be a single word/],
    [{ token: 'abc\ndef' }, /'token' must be a single word/],
    [
      { appId: 'orders' },
      /'appId' must be the app's UUID.*"orders" looks like a Mendix Cloud subdomain.*target: mendix-cloud/
    ],
    [{ appId: 'not a uuid!' }, /'appId' must be the app's UUID.*got "not a uuid!"/],
    [{ branch: '' }, /'branch' is required/],
    [{ branch: 'b'.repeat(201) }, /'branch' must be at most 200 characters; got 201/],
    [{ revision: 'abc\ndef' }, /'revision' must not contain control characters/],
    [{ revision: 'r'.repeat(51) }, /'revision' must be at most 50 characters/],
    [{ version: '1.2' }, /'version' must have the form x\.y\.z/],
    [{ version: '1.2.3-beta' }, /'version' must have the form x\.y\.z/],
    [{ version: '123456789.123456789.1' }, /'version' must have the form x\.y\.z \(digits, at most 20/],
    [{ environment: '' }, /'environment' is required/],
    [{ environment: '../prod' }, /'environment' must be an environment id or name without/],
    [{ environment: 'a/b' }, /'environment' must be an environment id or name without/],
    [{ timeoutMinutes: 'ten' }, /'timeoutMinutes' must be a number of minutes/],
    [{ timeoutMinutes: '0' }, /'timeoutMinutes' must be a number of minutes/],
    [{ timeoutMinutes: '100000' }, /at most 360/],
    [{ wait: 'maybe' }, /'wait' must be true or false/]
  ])('rejects %o', (overrides, message) => {
    const problems = problemsOf(overrides)
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(message)
  })

  it('reports every bad input at once', () => {
    const problems = problemsOf({ appId: 'x', branch: '', version: 'v1' })
    expect(problems).toHaveLength(3)
  })

  it('never repeats the token in an error', () => {
    const problems = problemsOf({ token: 'secret-value with-space', appId: 'x' })
    expect(problems.join('\n')).not.toContain('secret-value')
  })
})
