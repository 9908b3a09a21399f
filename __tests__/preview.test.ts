/** Preview environments, unit by unit: the inputs, the id and name rules, the marker, and the copy rules. */
import { Deadline } from '../src/deadline.js'
import { InputError } from '../src/errors.js'
import { readSettings, type PrivateCloudSettings, type RunContext } from '../src/inputs.js'
import type { MendixHttp, RequestOptions } from '../src/http.js'
import { DeployApi } from '../src/private-cloud/deploy-api.js'
import type { Manifest } from '../src/private-cloud/manifest.js'
import {
  isValidEnvironmentName,
  looksLikePreview,
  markerAnnotations,
  MAX_ID_LENGTH,
  newPreviewIdentity,
  previewOf
} from '../src/preview/naming.js'
import {
  checkNotProduction,
  checkOnDemandPlans,
  previewAppUrl,
  previewManifest,
  type PreviewSpec
} from '../src/preview/template.js'

const run: RunContext = {
  repository: 'acme/orders-app',
  sha: '5e1f0c3a9b7d2e4f6a8c0b1d3e5f7a9c2b4d6e8f',
  ref: 'refs/pull/42/merge',
  runId: '7712345678',
  runAttempt: '1',
  serverUrl: 'https://github.com',
  workflow: 'Preview',
  runNumber: '42'
}

const valid: Record<string, string> = {
  token: 'pat-abc123',
  appId: '4b1ad3c2-7f0e-4d8a-9c55-2e6f1a8b9d70',
  branch: 'main',
  revision: 'c41e7a9',
  preview: 'deploy',
  previewFrom: 'test'
}

function problemsOf(overrides: Record<string, string>): string[] {
  const inputs = { ...valid, ...overrides }
  try {
    readSettings(name => inputs[name] ?? '', run)
    return []
  } catch (error) {
    if (error instanceof InputError) return error.problems
    throw error
  }
}

function settingsOf(overrides: Record<string, string> = {}): PrivateCloudSettings {
  const inputs = { ...valid, ...overrides }
  return readSettings(name => inputs[name] ?? '', run) as PrivateCloudSettings
}

/** A seeded-style template: a test environment with a certificate, runtime secrets and state fields. */
function template(overrides: { production?: boolean; plan?: string } = {}): Manifest {
  return {
    manifestVersion: '2.0.0',
    environment: {
      id: 'q8g3ns76',
      properties: {
        name: 'test',
        production: overrides.production ?? false,
        defaultStudioTarget: true,
        secretsStoreEnabled: false,
        OverwriteProductTypePCLM: 'standard',
        environmentPurpose: 'Test'
      },
      deployment: {
        appUrl: 'https://test-orders.apps.example.com',
        packageId: 'pkg-1',
        constants: [{ name: 'Orders.ApiEndpoint', value: 'https://test.erp.example.com' }],
        scheduledEvents: [{ name: 'Orders.SE_Sync', enabled: true }]
      },
      container: {
        state: 'Ready',
        instances: 3,
        lastRunningInstanceCount: 3,
        coreResources: {
          limits: { cpu: '1', memory: '1' },
          requests: { cpu: '0.5', memory: '0.5' }
        }
      },
      network: {
        outgoingConnectionCertificate: [
          { enabled: true, password: 'Q0VSVC1QQVNT', certificateType: 'pfx', key: 'S0VZLUJZVEVT' }
        ]
      },
      runtime: {
        runtimeVersion: '10.18.3',
        debuggerPassword: 'REJHLVBX',
        mxAdminPassword: 'QURNSU4tUFc=',
        subscriptionSecret: 'VEVNUExBVEUtTElD',
        environmentVariables: [{ name: 'JAVA_TOOL_OPTIONS', value: '-Xmx1g' }]
      },
      provider: { clusterId: 'c1', namespace: 'apps', namespaceId: 'ns1' },
      annotations: [{ key: 'team', value: 'orders', annotationType: 'Pod' }],
      services: [
        { name: 'orders_db', plan: overrides.plan ?? 'OnDemand', config: '{type: "database"}' },
        { name: 'orders_files', plan: 'OnDemand', config: '{type: "storage"}' }
      ]
    }
  }
}

const spec: PreviewSpec = {
  id: 'p42ab12c',
  name: 'preview-pr42-ab12c',
  repository: 'acme/orders-app',
  pr: 42,
  createdAt: new Date('2026-11-28T10:00:00Z'),
  copyCertificates: false,
  constants: [],
  environmentVariables: []
}

type Env = {
  id: string
  properties: Record<string, unknown>
  container: Record<string, unknown>
  runtime: Record<string, unknown>
  network?: unknown
  annotations: unknown[]
  deployment: Record<string, unknown>
}
const envOf = (m: Manifest) => m.environment as Env

describe('preview inputs', () => {
  it('takes deploy, cleanup or sweep, and refuses anything else naming the input', () => {
    expect(settingsOf().preview).toBe('deploy')
    expect(settingsOf({ preview: 'cleanup', previewFrom: '' }).preview).toBe('cleanup')
    expect(problemsOf({ preview: 'delete' })).toEqual([
      `Input 'preview' must be deploy, cleanup, sweep or empty; got "delete".`
    ])
  })

  it('needs previewFrom for a deploy, and no environment', () => {
    expect(problemsOf({ previewFrom: '' })[0]).toMatch(
      /^Input 'previewFrom' is required with preview: deploy/
    )
    expect(problemsOf({ environment: 'test' })[0]).toMatch(/^Input 'environment' is not used with preview/)
    // Without preview the environment stays required.
    expect(problemsOf({ preview: '', previewFrom: '' })[0]).toMatch(/^Input 'environment' is required/)
  })

  it('belongs to private-cloud only, and refuses promoteFrom and dryRun beside it', () => {
    expect(problemsOf({ target: 'mendix-cloud', appId: 'orders-demo', environment: 'Test' })).toContain(
      "Input 'preview' belongs to target private-cloud; remove it or set target: private-cloud."
    )
    expect(problemsOf({ promoteFrom: 'acceptance' })).toEqual([
      "Input 'promoteFrom' cannot be used with preview: deploy; remove it."
    ])
    expect(problemsOf({ dryRun: 'true' })).toEqual([
      "Input 'dryRun' cannot be used with preview: deploy; remove it."
    ])
  })

  it('defaults the cap to 5 and the age to 72 hours, and checks both', () => {
    expect(settingsOf()).toMatchObject({
      previewLimit: 5,
      previewMaxAgeHours: 72,
      previewCopyCertificates: false
    })
    expect(problemsOf({ previewLimit: '0' })[0]).toMatch(/^Input 'previewLimit' must be a whole number/)
    expect(problemsOf({ previewMaxAgeHours: 'soon' })[0]).toMatch(
      /^Input 'previewMaxAgeHours' must be a number/
    )
  })

  it('refuses a malformed subscriptionSecret without showing it', () => {
    const problems = problemsOf({ subscriptionSecret: 'abc def' })
    expect(problems).toEqual(["Input 'subscriptionSecret' must be a single word: check the secret's value."])
  })
})

describe('preview ids and names', () => {
  const sequence = (values: number[]) => {
    let i = 0
    return () => values[i++ % values.length]
  }

  it('makes ids of lowercase letters and digits, at most 8 characters, with the PR number and a random part', () => {
    const random = Math.random
    for (const pr of [1, 42, 999, 12345, 99999, 123456, 1_000_000]) {
      const { id, name } = newPreviewIdentity(pr, new Set(), random)
      expect(id.length).toBeLessThanOrEqual(MAX_ID_LENGTH)
      expect(id).toMatch(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/)
      expect(isValidEnvironmentName(id)).toBe(true)
      expect(name).toMatch(new RegExp(`^preview-pr${pr}-[a-z0-9]{2,}$`))
      expect(name).not.toMatch(/^(mendix|openshift)-/)
    }
    expect(newPreviewIdentity(42, new Set(), sequence([0])).id).toBe('p42aaaaa')
  })

  it('never reuses an id: each creation differs, and taken ids are skipped', () => {
    const ids = new Set(Array.from({ length: 50 }, () => newPreviewIdentity(42, new Set(), Math.random).id))
    expect(ids.size).toBeGreaterThan(45)
    const random = sequence([0, 0, 0, 0, 0, 0.99, 0.99, 0.99, 0.99, 0.99])
    expect(newPreviewIdentity(42, new Set(['p42aaaaa']), random).id).toBe('p429999'.padEnd(8, '9'))
  })

  it('keeps the documented name rules', () => {
    expect(isValidEnvironmentName('p42ab12c')).toBe(true)
    for (const bad of ['mendix-a', 'P42AB12C', '-p42ab1', 'p42ab1-', 'p42_ab12', 'p42ab12cd']) {
      expect([bad, isValidEnvironmentName(bad)]).toEqual([bad, false])
    }
    expect(isValidEnvironmentName('openshift', 32)).toBe(true)
    expect(isValidEnvironmentName('openshift-x', 32)).toBe(false)
    expect(isValidEnvironmentName('mendix-x', 32)).toBe(false)
  })
})

describe('the preview marker', () => {
  const marked = (): Manifest => previewManifest(template(), spec)

  it("recognises this repository's previews", () => {
    expect(previewOf(marked(), 'acme/orders-app')).toMatchObject({
      id: 'p42ab12c',
      name: 'preview-pr42-ab12c',
      namespaceId: 'ns1',
      pr: 42,
      createdAt: Date.parse('2026-11-28T10:00:00Z')
    })
  })

  it('refuses an environment without the marker, or with another repository in it', () => {
    const unmarked = marked()
    envOf(unmarked).annotations = []
    expect(previewOf(unmarked, 'acme/orders-app')).toBeUndefined()
    expect(looksLikePreview(unmarked)).toBe(true)
    expect(previewOf(marked(), 'acme/other-app')).toBeUndefined()
    expect(previewOf(template(), 'acme/orders-app')).toBeUndefined()
  })

  it('refuses a marked environment whose id or name lacks the prefix, or that became production or the Studio target', () => {
    const renamed = marked()
    envOf(renamed).properties.name = 'test'
    expect(previewOf(renamed, 'acme/orders-app')).toBeUndefined()
    for (const id of ['q8g3ns76', 'p-renamed', 'p42ab12cdef']) {
      const reId = marked()
      envOf(reId).id = id
      expect([id, previewOf(reId, 'acme/orders-app')]).toEqual([id, undefined])
    }
    const production = marked()
    envOf(production).properties.production = true
    expect(previewOf(production, 'acme/orders-app')).toBeUndefined()
    const studio = marked()
    envOf(studio).properties.defaultStudioTarget = true
    expect(previewOf(studio, 'acme/orders-app')).toBeUndefined()
  })

  it('is an annotation no person sets by accident', () => {
    expect(markerAnnotations('acme/orders-app', 7, new Date(0))[0]).toEqual({
      key: 'preview.mendix-deploy-action.github.io/pull-request',
      value: 'acme/orders-app#7',
      annotationType: 'Pod'
    })
  })
})

describe('the preview manifest', () => {
  it('copies resources, runtime settings, constants, scheduled events, provider and services', () => {
    const env = envOf(previewManifest(template(), spec))
    const source = envOf(template())
    expect(env.container.coreResources).toEqual(source.container.coreResources)
    expect(env.runtime).toEqual({
      runtimeVersion: '10.18.3',
      environmentVariables: [{ name: 'JAVA_TOOL_OPTIONS', value: '-Xmx1g' }]
    })
    expect(env.deployment.constants).toEqual(source.deployment.constants)
    expect(env.deployment.scheduledEvents).toEqual(source.deployment.scheduledEvents)
    expect((env as unknown as { provider: unknown }).provider).toEqual(
      (source as unknown as { provider: unknown }).provider
    )
    expect((env as unknown as { services: unknown }).services).toEqual(
      (source as unknown as { services: unknown }).services
    )
  })

  it('is never production nor the default Studio target, and gets its own id, name and URL', () => {
    const env = envOf(previewManifest(template(), spec))
    expect(env.id).toBe('p42ab12c')
    expect(env.properties).toEqual({
      name: 'preview-pr42-ab12c',
      production: false,
      defaultStudioTarget: false,
      secretsStoreEnabled: false,
      OverwriteProductTypePCLM: 'standard'
    })
    expect(env.deployment.appUrl).toBe('https://preview-pr42-ab12c.apps.example.com')
  })

  it('drops the read-only and state fields', () => {
    const env = envOf(previewManifest(template(), spec))
    expect(env.container).not.toHaveProperty('state')
    expect(env.container).not.toHaveProperty('lastRunningInstanceCount')
    expect(env.properties).not.toHaveProperty('environmentPurpose')
  })

  it('copies no certificate unless asked, and no runtime secret but the subscriptionSecret given', () => {
    const plain = envOf(previewManifest(template(), spec))
    expect(plain).not.toHaveProperty('network')
    const text = JSON.stringify(plain)
    for (const secret of ['Q0VSVC1QQVNT', 'S0VZLUJZVEVT', 'REJHLVBX', 'QURNSU4tUFc=', 'VEVNUExBVEUtTElD'])
      expect(text).not.toContain(secret)
    const withCertificates = envOf(previewManifest(template(), { ...spec, copyCertificates: true }))
    expect(withCertificates.network).toEqual(envOf(template()).network)
    // The input is the plain secret; the manifest carries it base64-encoded, as Deploy API 4.14 types it.
    const licensed = envOf(previewManifest(template(), { ...spec, subscriptionSecret: 'OUR-LIC' }))
    expect(licensed.runtime.subscriptionSecret).toBe('T1VSLUxJQw==')
  })

  it("marks the preview and leaves out the template's annotations", () => {
    const env = envOf(previewManifest(template(), spec))
    expect(env.annotations).toEqual(markerAnnotations('acme/orders-app', 42, spec.createdAt))
  })

  it('sets the constants and environment variables the user gives, as a deploy does', () => {
    const env = envOf(
      previewManifest(template(), {
        ...spec,
        constants: [{ name: 'Orders.ApiEndpoint', value: 'https://mock.example.com' }],
        environmentVariables: [{ name: 'FEATURE', value: 'on' }]
      })
    )
    expect(env.deployment.constants).toEqual([
      { name: 'Orders.ApiEndpoint', value: 'https://mock.example.com' }
    ])
    expect(env.runtime.environmentVariables).toEqual([
      { name: 'JAVA_TOOL_OPTIONS', value: '-Xmx1g' },
      { name: 'FEATURE', value: 'on' }
    ])
  })

  it('derives the app URL from the template, or leaves it to the operator', () => {
    expect(previewAppUrl('https://test-orders.apps.example.com/', 'preview-pr1-ab')).toBe(
      'https://preview-pr1-ab.apps.example.com'
    )
    expect(previewAppUrl(undefined, 'x')).toBe('')
  })
})

describe('template checks', () => {
  it('refuses a production template unless the user opts in by its name', () => {
    expect(() => checkNotProduction(template(), undefined)).not.toThrow()
    expect(() => checkNotProduction(template({ production: true }), undefined)).toThrow(
      /^Input 'previewFrom': environment "test" is a production environment.*previewAllowProduction: test\.$/
    )
    expect(() => checkNotProduction(template({ production: true }), 'true')).toThrow(InputError)
    expect(() => checkNotProduction(template({ production: true }), 'test')).not.toThrow()
  })

  it('refuses a Dedicated plan, naming the service and saying previews need OnDemand plans', () => {
    expect(() => checkOnDemandPlans(template())).not.toThrow()
    expect(() => checkOnDemandPlans(template({ plan: 'Dedicated' }))).toThrow(
      /uses the Dedicated plan for service orders_db\. .*previews need OnDemand plans/
    )
  })
})

describe('the Deploy API client', () => {
  function recording() {
    const requests: RequestOptions[] = []
    const http = {
      request: async (options: RequestOptions) => {
        requests.push(options)
        return { status: 202, headers: {}, body: { id: 'job-1', status: 'created' } }
      }
    } as unknown as MendixHttp
    return { requests, api: new DeployApi(http, 'app-1') }
  }

  it('deletes through the namespaced path and never with force', async () => {
    const { requests, api } = recording()
    await api.deleteEnvironment({ namespaceId: 'ns1', environmentId: 'p42ab12c' }, Deadline.none())
    expect(requests.map(r => `${r.method} ${r.path}`)).toEqual([
      'DELETE /apps/app-1/namespaces/ns1/environments/p42ab12c'
    ])
  })

  it('creates with POST /apps/{appId}/environments and the manifest as body', async () => {
    const { requests, api } = recording()
    const body = previewManifest(template(), spec)
    expect(await api.createEnvironment(body, Deadline.none())).toEqual({ id: 'job-1' })
    expect(requests[0]).toMatchObject({ method: 'POST', path: '/apps/app-1/environments', body })
  })
})
