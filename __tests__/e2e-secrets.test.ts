/**
 * Secret settings end to end (issue 23, finding 1): the bundled action (`node dist/index.js`) against the
 * emulator, with debug on. A value given as `secret Name=value`, and the value the environment held for that
 * setting before, must not show in any form (raw, JSON-escaped, URL-encoded, base64) in stdout, stderr, the
 * outputs, the state or the job summary: not in a dry run, not in a deploy, not when a server echoes them.
 */
import { SEED, type Emulator } from '../emulator/index.js'
import type { RunResult } from '../scripts/run-action.js'
import {
  cloudInputs,
  cloudProduction,
  deploy,
  deploymentOf,
  errorLines,
  leaksOf,
  stored,
  withEmulator
} from './support/deploy-run.js'
import { envOf, onDemand, preview } from './support/preview-run.js'

const DEBUG = { env: { RUNNER_DEBUG: '1' } }

/** Every form a value could be printed in. */
function forms(value: string): Record<string, string> {
  return {
    raw: value,
    json: JSON.stringify(value).slice(1, -1),
    url: encodeURIComponent(value),
    base64: Buffer.from(value).toString('base64')
  }
}

/** Where any form of any of the values shows, as `form of value: places`; empty when none does. */
function leaks(result: RunResult, values: string[]): string[] {
  return values.flatMap(value =>
    Object.entries(forms(value))
      .map(([form, text]) => [form, leaksOf(result, text)] as const)
      .filter(([, places]) => places.length > 0)
      .map(([form, places]) => `${form} of ${value}: ${places.join(', ')}`)
  )
}

// Old values with a quote and a backslash, so the JSON-escaped form differs from the raw one.
const OLD_CONSTANT = 'old-Endpoint"pw\\7c1e9a'
const NEW_CONSTANT = 'new-Endpoint"pw\\4b2d80'
const OLD_VARIABLE = 'old-erp-token-93af2c1d'
const NEW_VARIABLE = 'new-erp-token-51bd07e4'
const ALL = [OLD_CONSTANT, NEW_CONSTANT, OLD_VARIABLE, NEW_VARIABLE]

const PC_SECRETS = {
  constants: `Orders.MaxBatchSize=500\nsecret Orders.ApiEndpoint=${NEW_CONSTANT}`,
  environmentVariables: `secret ERP_TOKEN=${NEW_VARIABLE}`
}

/** The test environment, holding the old values of the secret constant and environment variable. */
function withOldValues(emulator: Emulator): void {
  const environment = stored(emulator, SEED.environments.test.id).environment
  deploymentOf(stored(emulator, SEED.environments.test.id)).constants.find(
    c => c.name === 'Orders.ApiEndpoint'
  )!.value = OLD_CONSTANT
  ;(environment.runtime as { environmentVariables: unknown[] }).environmentVariables.push({
    name: 'ERP_TOKEN',
    value: OLD_VARIABLE
  })
}

describe('Private Cloud: secret constants and environment variables', () => {
  it('a dry run masks both sides of each secret change in the log and the summary, and shows the rest', () =>
    withEmulator({}, async emulator => {
      withOldValues(emulator)
      const result = await deploy(emulator, { dryRun: 'true', ...PC_SECRETS }, DEBUG)
      expect(result.exitCode).toBe(0)
      expect(leaks(result, ALL)).toEqual([])
      for (const text of [result.stdout, result.summary]) {
        expect(text).toContain('- environment.deployment.constants.Orders.ApiEndpoint.value: ***')
        expect(text).toContain('+ environment.deployment.constants.Orders.ApiEndpoint.value: ***')
        expect(text).toContain('- environment.runtime.environmentVariables.ERP_TOKEN.value: ***')
        expect(text).toContain('+ environment.runtime.environmentVariables.ERP_TOKEN.value: ***')
        // A setting not marked secret is shown as it is.
        expect(text).toContain('+ environment.deployment.constants.Orders.MaxBatchSize.value: "500"')
      }
      expect(result.stdout).toContain('::debug::')
    }))

  it('a new secret environment variable is masked in the dry run too', () =>
    withEmulator({}, async emulator => {
      const result = await deploy(
        emulator,
        { dryRun: 'true', environmentVariables: `secret ERP_TOKEN=${NEW_VARIABLE}` },
        DEBUG
      )
      expect(result.exitCode).toBe(0)
      expect(result.stdout).toContain('+ environment.runtime.environmentVariables.ERP_TOKEN.value: ***')
      expect(result.stdout).toContain(
        '+ environment.runtime.environmentVariables.ERP_TOKEN.name: "ERP_TOKEN"'
      )
      expect(leaks(result, [NEW_VARIABLE])).toEqual([])
    }))

  it('a deploy writes the new values and shows no form of the old or new ones', () =>
    withEmulator({}, async emulator => {
      withOldValues(emulator)
      const result = await deploy(emulator, PC_SECRETS, DEBUG)
      expect(result.exitCode).toBe(0)
      const environment = stored(emulator, SEED.environments.test.id).environment
      expect(deploymentOf(stored(emulator, SEED.environments.test.id)).constants).toContainEqual({
        name: 'Orders.ApiEndpoint',
        value: NEW_CONSTANT
      })
      expect(environment.runtime).toMatchObject({
        environmentVariables: expect.arrayContaining([{ name: 'ERP_TOKEN', value: NEW_VARIABLE }])
      })
      expect(result.stdout).toContain('::debug::')
      expect(leaks(result, ALL)).toEqual([])
    }))

  it('a deploy that fails and rolls back shows no form of the old or new values', () =>
    withEmulator({ jobFaults: [{ job: 'deploy', outcome: 'unhealthy', times: 1 }] }, async emulator => {
      withOldValues(emulator)
      const result = await deploy(emulator, { ...PC_SECRETS, rollbackOnFailure: 'true' }, DEBUG)
      expect(result.exitCode).toBe(1)
      expect(result.outputs.rolledBack).toBe('true')
      expect(leaks(result, ALL)).toEqual([])
    }))

  it('a server that echoes the old values in a refusal of the PUT does not get them printed', () =>
    withEmulator({}, async emulator => {
      withOldValues(emulator)
      const echo = `Request validation errors: was ${OLD_CONSTANT} (${forms(OLD_CONSTANT).base64}), ERP_TOKEN was ${OLD_VARIABLE} (${forms(OLD_VARIABLE).base64})`
      emulator.control.inject({
        operation: 'putEnvironment',
        fault: {
          kind: 'replace-body',
          status: 400,
          body: JSON.stringify({ error: { code: 400, message: echo } })
        }
      })
      const result = await deploy(emulator, PC_SECRETS, DEBUG)
      expect(result.exitCode).toBe(1)
      expect(errorLines(result)[0]).toContain(
        'Request validation errors: was *** (***), ERP_TOKEN was *** (***)'
      )
      expect(leaks(result, ALL)).toEqual([])
    }))
})

describe('Mendix Cloud: secret constants', () => {
  const inputs = (emulator: Emulator, extra: Record<string, string> = {}) =>
    cloudInputs(emulator, { constants: `secret Orders.ApiEndpoint=${NEW_CONSTANT}`, ...extra })

  function withOldConstant(emulator: Emulator): void {
    cloudProduction(emulator).settings.Constants.find(c => c.Name === 'Orders.ApiEndpoint')!.Value =
      OLD_CONSTANT
  }

  it('a dry run masks both sides of the change', () =>
    withEmulator({}, async emulator => {
      withOldConstant(emulator)
      const result = await deploy(emulator, inputs(emulator, { dryRun: 'true' }), DEBUG)
      expect(result.exitCode).toBe(0)
      expect(result.stdout).toContain('set constant Orders.ApiEndpoint: *** -> ***')
      expect(result.summary).toContain('set constant Orders.ApiEndpoint: *** -> ***')
      expect(leaks(result, [OLD_CONSTANT, NEW_CONSTANT])).toEqual([])
    }))

  it('a deploy sets the new value and shows no form of the old or new one', () =>
    withEmulator({}, async emulator => {
      withOldConstant(emulator)
      const result = await deploy(emulator, inputs(emulator), DEBUG)
      expect(result.exitCode).toBe(0)
      expect(cloudProduction(emulator).settings.Constants).toContainEqual(
        expect.objectContaining({ Name: 'Orders.ApiEndpoint', Value: NEW_CONSTANT })
      )
      expect(result.stdout).toContain('::debug::')
      expect(leaks(result, [OLD_CONSTANT, NEW_CONSTANT])).toEqual([])
    }))

  it('a server that echoes the old value in a refusal of the settings does not get it printed', () =>
    withEmulator({}, async emulator => {
      withOldConstant(emulator)
      emulator.control.inject({
        operation: 'cloudSetSettings',
        fault: {
          kind: 'replace-body',
          status: 400,
          body: JSON.stringify({
            errorCode: 'INVALID_PARAMETERS',
            errorMessage: `Constant Orders.ApiEndpoint was ${OLD_CONSTANT} (${forms(OLD_CONSTANT).base64})`
          })
        }
      })
      const result = await deploy(emulator, inputs(emulator), DEBUG)
      expect(result.exitCode).toBe(1)
      expect(errorLines(result)[0]).toContain('Constant Orders.ApiEndpoint was *** (***)')
      expect(leaks(result, [OLD_CONSTANT, NEW_CONSTANT])).toEqual([])
    }))
})

describe('preview: subscriptionSecret', () => {
  // Not valid base64 ('-' is not in its alphabet), so the emulator refuses it if the action sends it as given.
  const LICENSE = 'Mx-license-7f3a-9c5e-21d4'

  it('is sent base64-encoded, as the Deploy API types it, and neither form is printed', () =>
    withEmulator({}, async emulator => {
      onDemand(emulator)
      const result = await preview(emulator, 11, 'opened', { subscriptionSecret: LICENSE }, DEBUG.env)
      expect(result.exitCode).toBe(0)
      const created = emulator.traffic.find(t => t.operation === 'createEnvironment')!
      const body = created.body as { environment: { id: string; runtime: Record<string, unknown> } }
      expect(body.environment.runtime.subscriptionSecret).toBe(forms(LICENSE).base64)
      expect(emulator.state.secrets[body.environment.id]).toEqual({
        subscriptionSecret: forms(LICENSE).base64
      })
      expect(envOf(emulator, body.environment.id)?.runtime).not.toHaveProperty('subscriptionSecret')
      expect(leaks(result, [LICENSE])).toEqual([])
    }))
})

describe('the emulator holds runtime secrets to the base64 the spec types them as', () => {
  it('refuses a manifest PUT with a subscriptionSecret that is not base64, naming the field, not the value', () =>
    withEmulator({}, async emulator => {
      const path = `${emulator.url}/apps/${SEED.appId}/namespaces/${SEED.namespaceId}/environments/${SEED.environments.test.id}`
      const headers = {
        Authorization: `MxToken ${emulator.token}`,
        'Content-Type': 'application/json'
      }
      const manifest = (await (await fetch(path, { headers })).json()) as {
        environment: { runtime: Record<string, unknown> }
      }
      const put = (secret: string) => {
        manifest.environment.runtime.subscriptionSecret = secret
        return fetch(path, { method: 'PUT', headers, body: JSON.stringify(manifest) })
      }
      const refused = await put('Mx-license-7f3a')
      expect(refused.status).toBe(400)
      const text = await refused.text()
      expect(JSON.parse(text)).toEqual({
        error: {
          code: 400,
          message: 'Request validation errors: environment.runtime.subscriptionSecret must be base64 encoded',
          'invalid-params': [
            { name: 'environment.runtime.subscriptionSecret', reason: 'must be base64 encoded' }
          ]
        }
      })
      expect(text).not.toContain('Mx-license-7f3a')
      expect((await put('LS0t')).status).toBe(202)
    }))
})
