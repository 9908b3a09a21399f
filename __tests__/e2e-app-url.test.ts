/**
 * Issue 23, findings 6 and 9 (two of them), end to end through dist/index.js against the emulator:
 * - one app-URL policy (src/app-url.ts): the health check calls a plain-http app URL (it sends no credential);
 *   an app URL it or the unit tests would refuse is refused before the deploy, naming the input, with nothing
 *   changed; one refused after the deploy (it changed meanwhile) fails the step without a rollback; the unit
 *   test password never goes to plain http off this machine;
 * - `wait: false` refuses the options that act after the deploy, before any request;
 * - `instances` follows the Deploy API's range, 0 to 10, and 0 (deploy with the app stopped) reaches the PUT.
 *
 * A forward proxy (`http_proxy`) gives the app a name that is not on loopback yet reaches the emulator: the
 * toolkit's agent sends loopback past the proxy, so the Mendix API calls do not go through it, and a request to
 * the app that the action must not make would show up in `proxy.asked`.
 */
import { SEED, type Emulator } from '../emulator/index.js'
import {
  cloudInputs,
  cloudProduction,
  deploy,
  deploymentOf,
  errorLines,
  stored,
  withEmulator
} from './support/deploy-run.js'
import { forwardProxy, type ForwardProxy } from './support/forward-proxy.js'
import { PASSWORD, passwordLeaks } from './support/unit-tests-run.js'

const TEST_ENV = SEED.environments.test.id
/** A plain-http app URL off loopback, the form of the Deploy API spec's own examples (`http://test.app.url`). */
const PLAIN_HTTP_APP = `http://orders-test.apps.example.test/app/${TEST_ENV}`
/** Link-local: where cloud metadata answers. No app URL is link-local, so the action never calls one. */
const METADATA = 'http://169.254.169.254/latest/meta-data'

async function withProxy<T>(emulator: Emulator, fn: (proxy: ForwardProxy) => Promise<T>): Promise<T> {
  const proxy = await forwardProxy(`http://127.0.0.1:${emulator.port}`)
  try {
    return await fn(proxy)
  } finally {
    await proxy.close()
  }
}

/** Every request that could change something: what a refusal before the deploy must leave empty. */
const changes = (emulator: Emulator) =>
  emulator.traffic.filter(t => t.method !== 'GET').map(t => `${t.method} ${t.operation}`)

const manifestPuts = (emulator: Emulator) => emulator.traffic.filter(t => t.operation === 'putEnvironment')

/**
 * The app URL changes between the check before the deploy and the reads after it: the environment list (read
 * first) still shows the URL the environment had, every manifest read shows `after`.
 */
function appUrlChangesTo(emulator: Emulator, after: string): void {
  emulator.control.serveApps()
  const environments = structuredClone(emulator.state.environments)
  emulator.control.inject({
    operation: 'listEnvironments',
    times: 1,
    fault: { kind: 'replace-body', body: JSON.stringify({ environments }) }
  })
  Object.assign(stored(emulator, TEST_ENV).environment.deployment as object, { appUrl: after })
}

describe('the health check and a plain-http app URL', () => {
  it('calls a plain-http app URL (it sends no credential), passes, and rolls nothing back', () =>
    withEmulator({}, emulator =>
      withProxy(emulator, async proxy => {
        Object.assign(stored(emulator, TEST_ENV).environment.deployment as object, { appUrl: PLAIN_HTTP_APP })
        const result = await deploy(
          emulator,
          { healthCheckPath: '/health', rollbackOnFailure: 'true' },
          { env: { http_proxy: proxy.url } }
        )
        expect({ exit: result.exitCode, errors: errorLines(result) }).toEqual({ exit: 0, errors: [] })
        expect(result.stdout).toContain(`Health check ${PLAIN_HTTP_APP}/health: 200`)
        expect(result.outputs.rolledBack).toBeUndefined()
        // The check reached the app under its own name, through the runner's proxy, without a credential.
        expect(proxy.asked).toContain('CONNECT orders-test.apps.example.test:80')
        const check = emulator.traffic.find(t => t.path === `/app/${TEST_ENV}/health`)!
        expect(check.headers.host).toMatch(/^orders-test\.apps\.example\.test(:80)?$/)
        expect(check.headers.authorization).toBeUndefined()
        expect(manifestPuts(emulator)).toHaveLength(1)
        expect(deploymentOf(stored(emulator, TEST_ENV)).packageId).toBe(result.outputs.packageId)
      })
    ))

  it('refuses an app URL it would not call before the deploy: nothing is built, changed or rolled back', () =>
    withEmulator({}, emulator =>
      withProxy(emulator, async proxy => {
        Object.assign(stored(emulator, TEST_ENV).environment.deployment as object, { appUrl: METADATA })
        const result = await deploy(
          emulator,
          { healthCheckPath: '/health', rollbackOnFailure: 'true' },
          { env: { http_proxy: proxy.url } }
        )
        expect(result.exitCode).toBe(1)
        const [error] = errorLines(result)
        expect(error).toContain(
          `Input 'healthCheckPath': environment "test" reports the app URL ${METADATA}, which is link-local`
        )
        expect(error).toContain('nothing was deployed')
        expect(changes(emulator)).toEqual([])
        expect(proxy.asked).toEqual([])
        expect(result.outputs.rolledBack).toBeUndefined()
        expect(deploymentOf(stored(emulator, TEST_ENV)).packageId).toBe(SEED.packages.released)
      })
    ))
})

describe('an app URL refused after the deploy is not a failed deploy', () => {
  it.each([
    ['the health check', { healthCheckPath: '/health' }, METADATA, 'so the health check does not call it'],
    [
      'the unit tests',
      { unitTests: 'true', unitTestsPassword: PASSWORD },
      PLAIN_HTTP_APP,
      'so the unit test password is not sent to it'
    ]
  ])('%s: fails, names the URL, and does not roll back', (_use, inputs, after, words) =>
    withEmulator({ unitTests: { password: PASSWORD } }, emulator =>
      withProxy(emulator, async proxy => {
        appUrlChangesTo(emulator, after)
        const result = await deploy(
          emulator,
          { ...inputs, rollbackOnFailure: 'true' },
          { env: { http_proxy: proxy.url } }
        )
        expect(result.exitCode).toBe(1)
        const failure = errorLines(result).at(-1)!
        expect(failure).toContain(`app URL ${after}`)
        expect(failure).toContain(words)
        expect(failure).toContain('this is not a failed deploy, so nothing is rolled back')
        expect(result.outputs.rolledBack).toBeUndefined()
        // One PUT, the deploy's: no rollback PUT; the new package stays, and the refused URL was never called.
        expect(manifestPuts(emulator)).toHaveLength(1)
        expect(deploymentOf(stored(emulator, TEST_ENV)).packageId).toBe(result.outputs.packageId)
        expect(proxy.asked).toEqual([])
        expect(passwordLeaks(result)).toEqual([])
      })
    )
  )
})

describe('the unit test password and plain http', () => {
  it('Private Cloud: refuses a plain-http app URL off this machine before the deploy, naming unitTestsUrl', () =>
    withEmulator({ unitTests: { password: PASSWORD } }, emulator =>
      withProxy(emulator, async proxy => {
        Object.assign(stored(emulator, TEST_ENV).environment.deployment as object, { appUrl: PLAIN_HTTP_APP })
        const result = await deploy(
          emulator,
          { unitTests: 'true', unitTestsPassword: PASSWORD },
          { env: { http_proxy: proxy.url } }
        )
        expect(result.exitCode).toBe(1)
        const [error] = errorLines(result)
        expect(error).toContain(
          `Input 'unitTests': environment "test" reports the app URL ${PLAIN_HTTP_APP}, which is not https`
        )
        expect(error).toContain("Set unitTestsUrl to the app's https URL")
        expect(changes(emulator)).toEqual([])
        expect(proxy.asked).toEqual([])
        expect(passwordLeaks(result)).toEqual([])
      })
    ))

  it('Mendix Cloud: refuses it before anything is built or stopped', () =>
    withEmulator({ unitTests: { password: PASSWORD } }, emulator =>
      withProxy(emulator, async proxy => {
        cloudProduction(emulator).Url = 'http://orders-demo.example.test'
        const result = await deploy(
          emulator,
          cloudInputs(emulator, { unitTests: 'true', unitTestsPassword: PASSWORD }),
          { env: { http_proxy: proxy.url } }
        )
        expect(result.exitCode).toBe(1)
        expect(errorLines(result)[0]).toContain(
          'Input \'unitTests\': environment "Production" reports the app URL http://orders-demo.example.test/, which is not https'
        )
        expect(changes(emulator)).toEqual([])
        expect(proxy.asked).toEqual([])
        expect(passwordLeaks(result)).toEqual([])
      })
    ))
})

describe('options that need waiting, with wait: false', () => {
  it.each([
    ['private-cloud', 'rollbackOnFailure', 'true'],
    ['private-cloud', 'restart', 'true'],
    ['private-cloud', 'keepPackages', '5'],
    ['private-cloud', 'healthCheckPath', '/health'],
    ['mendix-cloud', 'rollbackOnFailure', 'true']
  ])('%s: %s is refused before any request, naming both inputs', (target, name, value) =>
    withEmulator({}, async emulator => {
      const inputs = { [name]: value, wait: 'false' }
      const result = await deploy(
        emulator,
        target === 'mendix-cloud' ? cloudInputs(emulator, inputs) : inputs
      )
      expect(result.exitCode).toBe(1)
      expect(errorLines(result)).toEqual([
        expect.stringContaining(
          `Input '${name}' needs wait: true: with wait: false the step ends once the deploy is accepted`
        )
      ])
      expect(emulator.traffic).toEqual([])
    })
  )
})

describe('instances', () => {
  it('refuses 11, naming the input and the range, before any request', () =>
    withEmulator({}, async emulator => {
      const result = await deploy(emulator, { instances: '11' })
      expect(result.exitCode).toBe(1)
      expect(errorLines(result)[0]).toContain("Input 'instances' must be a whole number from 0 to 10")
      expect(emulator.traffic).toEqual([])
    }))

  it('accepts 0: the package is deployed with the app stopped, and the manifest PUT carries 0', () =>
    withEmulator({}, async emulator => {
      const result = await deploy(emulator, { instances: '0' })
      expect(result.exitCode).toBe(0)
      const [put] = manifestPuts(emulator)
      const sent = put.body as { environment: { container: { instances: number } } }
      expect(sent.environment.container.instances).toBe(0)
      const container = stored(emulator, TEST_ENV).environment.container as { instances: number }
      expect(container.instances).toBe(0)
      expect(deploymentOf(stored(emulator, TEST_ENV)).packageId).toBe(result.outputs.packageId)
    }))

  it.each([
    ['healthCheckPath', '/health'],
    ['unitTests', 'true'],
    ['restart', 'true']
  ])('with 0, refuses %s (it needs the app running) before any request', (name, value) =>
    withEmulator({}, async emulator => {
      const result = await deploy(emulator, { instances: '0', [name]: value, unitTestsPassword: 'pw-123' })
      expect(result.exitCode).toBe(1)
      expect(errorLines(result)[0]).toContain(
        `Input '${name}' needs the app running, but instances: 0 deploys the package with the app stopped`
      )
      expect(emulator.traffic).toEqual([])
    })
  )
})
