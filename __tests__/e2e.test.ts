/** The bundled action (dist/index.js) run as the runner runs it, against the emulator. */
import { SEED } from '../emulator/index.js'
import { deploy, errorLines, HEAD, withEmulator } from './support/deploy-run.js'

const manifestPath = `/api/v4/apps/${SEED.appId}/namespaces/${SEED.namespaceId}/environments/${SEED.environments.test.id}`

describe('a full build and deploy', () => {
  it('builds, deploys, verifies and sets every output', () =>
    withEmulator({}, async emulator => {
      const result = await deploy(emulator)
      expect(result.exitCode).toBe(0)
      const { outputs } = result
      const built = emulator.state.packages.find(p => p.id === outputs.packageId)
      expect(built?.revision).toBe(HEAD)
      expect(outputs).toMatchObject({
        environmentId: SEED.environments.test.id,
        namespaceId: SEED.namespaceId,
        previousPackageId: SEED.packages.released,
        appUrl: 'https://test-orders.apps.example.com',
        state: 'Ready',
        buildJobId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        deployJobId: expect.stringMatching(/^[0-9a-f-]{36}$/)
      })
      expect(result.stdout).toContain(`::group::Build main@${HEAD}`)
      expect(result.stdout).toContain(`runs package ${outputs.packageId}; state Ready`)

      const ops = emulator.traffic.map(t => t.operation)
      expect(ops[0]).toBe('listEnvironments')
      expect(ops.filter(op => op === 'build')).toHaveLength(1)
      expect(ops.filter(op => op === 'putEnvironment')).toHaveLength(1)
      expect(ops.indexOf('build')).toBeLessThan(ops.indexOf('putEnvironment'))

      const put = emulator.traffic.find(t => t.operation === 'putEnvironment')!
      expect(put.path).toBe(manifestPath)
      expect(put.headers['content-type']).toBe('application/json')
      expect(put.body).toMatchObject({ environment: { deployment: { packageId: outputs.packageId } } })
    }))

  it('PUTs back exactly what it read, unknown fields included, but for the package id', () =>
    withEmulator({}, async emulator => {
      const stored = emulator.state.environments[0]
      stored.environment.futureSetting = { mode: 'x', list: [1, 2, { deep: null }] }
      stored.vendorExtension = 'kept'
      const expected = structuredClone(stored)
      const result = await deploy(emulator)
      expect(result.exitCode).toBe(0)
      const put = emulator.traffic.find(t => t.operation === 'putEnvironment')!
      const sent = structuredClone(put.body) as typeof expected
      ;(sent.environment.deployment as { packageId: string }).packageId = SEED.packages.released
      expect(sent).toEqual(expected)
    }))

  it('finds the environment by id as well as by name, and another one by name', () =>
    withEmulator({}, async emulator => {
      const byId = await deploy(emulator, { environment: SEED.environments.acceptance.id })
      expect(byId.exitCode).toBe(0)
      expect(byId.outputs.environmentId).toBe(SEED.environments.acceptance.id)
      const byName = await deploy(emulator, { environment: 'production' })
      expect(byName.exitCode).toBe(0)
      expect(byName.outputs.environmentId).toBe(SEED.environments.production.id)
      expect(byName.outputs.previousPackageId).toBe(SEED.packages.older)
    }))

  it('takes the package version from a release tag', () =>
    withEmulator({}, async emulator => {
      const result = await deploy(emulator, {}, { env: { GITHUB_REF: 'refs/tags/v1.4.2' } })
      expect(result.exitCode).toBe(0)
      const build = emulator.traffic.find(t => t.operation === 'build')!
      expect(build.body).toMatchObject({ branch: 'main', revision: HEAD, version: '1.4.2' })
      expect((build.body as { description: string }).description).toContain(
        '[gh-run acme/orders-app#7712345678.1]'
      )
    }))

  it('returns once the deploy job is accepted when wait is false', () =>
    withEmulator({ durations: { buildMs: 500, deployMs: 60_000 } }, async emulator => {
      const result = await deploy(emulator, { wait: 'false' })
      expect(result.exitCode).toBe(0)
      expect(result.outputs.deployJobId).toBeDefined()
      expect(emulator.traffic.filter(t => t.path.endsWith(result.outputs.deployJobId))).toHaveLength(0)
    }))
})

describe('failures a user must understand', () => {
  it('shows the tail of the build log when the build fails, and changes nothing', () =>
    withEmulator({}, async emulator => {
      const result = await deploy(emulator, { revision: SEED.brokenRevision })
      expect(result.exitCode).toBe(1)
      const [error] = errorLines(result)
      expect(error).toContain(`The build of main@${SEED.brokenRevision} failed`)
      expect(error).toContain('model has errors')
      expect(error).toContain("CE1613: The selected attribute 'Orders.Order.Total' no longer exists.")
      expect(error).toContain('The environment was not changed.')
      expect(result.outputs.buildJobId).toBeDefined()
      expect(result.outputs.packageId).toBeUndefined()
      expect(emulator.traffic.some(t => t.operation === 'putEnvironment')).toBe(false)
      expect(emulator.traffic.some(t => t.query.log === 'true')).toBe(true)
    }))

  it('reports a failed deploy job and that the environment still runs the old package', () =>
    withEmulator(
      {
        jobFaults: [{ job: 'deploy', outcome: 'fail', message: 'Operator rejected the manifest', times: 1 }]
      },
      async emulator => {
        const result = await deploy(emulator)
        expect(result.exitCode).toBe(1)
        const [error] = errorLines(result)
        expect(error).toContain(
          `The deploy job ${result.outputs.deployJobId} for environment "test" failed: Operator rejected the manifest`
        )
        expect(error).toContain(`still holds package ${SEED.packages.released} and the settings it had`)
        // The package id stays available to later steps though the deploy failed.
        expect(result.outputs.packageId).toBeDefined()
      }
    ))

  it('lists the environments that exist when the one named does not, before building anything', () =>
    withEmulator({}, async emulator => {
      const result = await deploy(emulator, { environment: 'staging' })
      expect(result.exitCode).toBe(1)
      const [error] = errorLines(result)
      expect(error).toContain("no environment with id or name 'staging'")
      expect(error).toContain(`"production" (id ${SEED.environments.production.id}, namespace mendix-apps)`)
      expect(emulator.traffic.map(t => t.operation)).toEqual(['listEnvironments'])
    }))

  it('names the PAT scope a 403 needs', () =>
    withEmulator(
      { tokens: { limited: ['mx:privatecloud-build:write', 'mx:deployment:write'] } },
      async emulator => {
        const result = await deploy(emulator, { token: 'limited' })
        expect(result.exitCode).toBe(1)
        expect(errorLines(result)[0]).toMatch(
          /start the build .* answered 403: Forbidden\b.*\. The token lacks the scope .*mx:modelrepository:write/
        )
      }
    ))

  it('says what a 401 means', () =>
    withEmulator({}, async emulator => {
      const result = await deploy(emulator, { token: 'expired-token' })
      expect(result.exitCode).toBe(1)
      expect(errorLines(result)[0]).toMatch(
        /list the environments of the app: GET .* answered 401: Unauthorized\b.*\. The token was not accepted/
      )
    }))

  it.each([
    [{ token: '' }, "Input 'token' is required"],
    [{ appId: 'orders-app' }, "Input 'appId' must be the app's UUID"],
    [{ branch: '' }, "Input 'branch' is required"],
    [{ branch: 'x'.repeat(201) }, "Input 'branch' must be at most 200 characters"],
    [{ revision: 'a b\nc' }, "Input 'revision' must not contain control characters"],
    [{ revision: 'r'.repeat(51) }, "Input 'revision' must be at most 50 characters"],
    [{ version: '1.2' }, "Input 'version' must have the form x.y.z"],
    [{ version: '1.2.3'.padEnd(21, '0') }, "Input 'version' must have the form x.y.z"],
    [{ environment: '../../clusters' }, "Input 'environment' must be an environment id or name without"],
    [{ apiUrl: 'http://privatecloud.example.com/api/v4' }, "Input 'apiUrl' must use https"],
    [{ timeoutMinutes: 'soon' }, "Input 'timeoutMinutes' must be a number of minutes"],
    [{ token: 'two words' }, "Input 'token' must be a single word"]
  ])('rejects bad input %o before any request', (inputs, message) =>
    withEmulator({}, async emulator => {
      const result = await deploy(emulator, inputs)
      expect(result.exitCode).toBe(1)
      expect(errorLines(result).join('\n')).toContain(message)
      expect(emulator.traffic).toHaveLength(0)
    })
  )
})
