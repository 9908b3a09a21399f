/** The preview flow with fake APIs: the decisions the emulator cannot easily stage. */
import { Timeout } from '../src/deadline.js'
import { readSettings, type PrivateCloudSettings } from '../src/inputs.js'
import type { Logger } from '../src/logger.js'
import type { BuildApi } from '../src/private-cloud/build-api.js'
import type { DeployApi, EnvironmentAddress } from '../src/private-cloud/deploy-api.js'
import type { Job, JobRef, JobsClient } from '../src/private-cloud/jobs.js'
import type { Manifest } from '../src/private-cloud/manifest.js'
import { previewComment, PreviewFlow } from '../src/preview/flow.js'
import { previewManifest } from '../src/preview/template.js'
import { Progress } from '../src/progress.js'
import { FakeClock } from './support/fake-clock.js'

const APP = '4b1ad3c2-7f0e-4d8a-9c55-2e6f1a8b9d70'
const RUN = {
  repository: 'acme/orders-app',
  sha: 'f00',
  ref: 'refs/pull/7/merge',
  runId: '9',
  runAttempt: '1',
  serverUrl: 'https://github.com',
  workflow: 'w',
  runNumber: '7'
}

function template(): Manifest {
  return {
    manifestVersion: '2.0.0',
    environment: {
      id: 'q8g3ns76',
      properties: { name: 'test', production: false, defaultStudioTarget: true, secretsStoreEnabled: false },
      deployment: { appUrl: 'https://test.example.com', packageId: 'pkg-1', constants: [] },
      container: { state: 'Ready', instances: 1, coreResources: {} },
      provider: { clusterId: 'c1', namespace: 'apps', namespaceId: 'ns1' },
      services: [{ name: 'db', plan: 'OnDemand', config: '{type: "database"}' }]
    }
  }
}

function preview(id: string, pr: number): Manifest {
  return previewManifest(template(), {
    id,
    name: `preview-pr${pr}-${id.slice(-5)}`,
    repository: RUN.repository,
    pr,
    createdAt: new Date('2026-11-22T09:00:00Z'),
    copyCertificates: false,
    constants: [],
    environmentVariables: []
  })
}

/** A fake Deploy API: a scripted list, scripted reads, recorded writes, jobs with scripted ends. */
function fakeMendix(options: {
  list: Manifest[]
  read?: (id: string) => Manifest
  jobs?: Record<string, Job>
}) {
  const calls: string[] = []
  let list = options.list
  const deploy = {
    listEnvironments: async () => {
      calls.push('list')
      return structuredClone(list)
    },
    getManifest: async (address: EnvironmentAddress) => {
      calls.push(`get ${address.environmentId}`)
      return structuredClone(options.read?.(address.environmentId) ?? template())
    },
    createEnvironment: async (manifest: Manifest): Promise<JobRef> => {
      calls.push(`create ${(manifest.environment as { id: string }).id}`)
      return { id: 'c1' }
    },
    deleteEnvironment: async (address: EnvironmentAddress): Promise<JobRef> => {
      calls.push(`delete ${address.environmentId}`)
      list = list.filter(m => (m.environment as { id: string }).id !== address.environmentId)
      return { id: 'x1' }
    }
  }
  const jobs = {
    get: async (ref: JobRef) => options.jobs?.[ref.id] ?? { id: ref.id, status: 'finished' }
  }
  return { calls, deploy, jobs }
}

const quietLog: Logger = { info: () => {}, warning: () => {}, debug: () => {}, group: (_name, fn) => fn() }

function flowFor(
  mendix: ReturnType<typeof fakeMendix>,
  inputs: Record<string, string>,
  action = 'closed',
  progress = new Progress(() => {})
) {
  const settings = readSettings(
    n => ({ token: 't', appId: APP, branch: 'main', revision: 'abc1234', ...inputs })[n] ?? '',
    RUN
  )
  const clock = new FakeClock()
  return new PreviewFlow(settings as PrivateCloudSettings, {
    build: {} as BuildApi,
    deploy: mendix.deploy as unknown as DeployApi,
    jobs: mendix.jobs as unknown as JobsClient,
    clock,
    timeout: new Timeout(clock, settings.timeoutMinutes),
    log: quietLog,
    progress,
    event: { name: 'pull_request', action, pr: { number: 7 } },
    run: RUN,
    random: () => 0.5
  })
}

describe('PreviewFlow', () => {
  it('does not delete a preview that lost its marker between the list and the delete', async () => {
    const listed = preview('p7abcdef', 7)
    const stripped = structuredClone(listed)
    ;(stripped.environment as { annotations: unknown[] }).annotations = []
    const mendix = fakeMendix({ list: [listed], read: () => stripped })
    await expect(flowFor(mendix, { preview: 'cleanup' }).run()).rejects.toThrow(
      "Refusing to delete environment p7abcdef: it no longer carries this repository's preview marker."
    )
    expect(mendix.calls).toEqual(['list', 'get p7abcdef'])
  })

  it('says nothing is left when a failed creation made no environment', async () => {
    const mendix = fakeMendix({
      list: [template()],
      jobs: { c1: { id: 'c1', status: 'failed', error: { message: 'name not available' } } }
    })
    const flow = flowFor(mendix, { preview: 'deploy', previewFrom: 'test' }, 'opened')
    await expect(flow.run()).rejects.toThrow(
      /^The creation job c1 of preview environment "preview-pr7-\w+" \(id p7\w+\) failed: name not available\. Nothing was left behind: the environment does not exist\.$/
    )
    expect(mendix.calls.filter(c => c.startsWith('delete'))).toEqual([])
  })

  it('refuses constants the template does not have, before creating anything', async () => {
    const mendix = fakeMendix({ list: [template()] })
    const flow = flowFor(
      mendix,
      { preview: 'deploy', previewFrom: 'test', constants: 'Orders.Nope=1' },
      'opened'
    )
    await expect(flow.run()).rejects.toThrow(
      /^Input 'constants': Orders\.Nope not found in template environment "test"/
    )
    expect(mendix.calls).toEqual(['list', 'get q8g3ns76'])
  })

  it('sweeps by age alone without GitHub, keeping younger previews of open pull requests', async () => {
    const mendix = fakeMendix({ list: [preview('p7abcdef', 7)], read: () => preview('p7abcdef', 7) })
    const young = flowFor(mendix, { preview: 'sweep', previewMaxAgeHours: '2' })
    await young.run()
    expect(mendix.calls.filter(c => c.startsWith('delete'))).toEqual([])
    const old = flowFor(mendix, { preview: 'sweep', previewMaxAgeHours: '0.5' })
    await old.run()
    expect(mendix.calls.filter(c => c.startsWith('delete'))).toEqual(['delete p7abcdef'])
  })

  it('refuses to deploy a preview for a closed pull request, before any request', async () => {
    const mendix = fakeMendix({ list: [template()] })
    await expect(flowFor(mendix, { preview: 'deploy', previewFrom: 'test' }, 'closed').run()).rejects.toThrow(
      "Input 'preview' is deploy, but pull request #7 was closed: use preview: cleanup on the closed event."
    )
    expect(mendix.calls).toEqual([])
  })

  it('reports a failed deletion as such, and the previews deleted before it', async () => {
    const mendix = fakeMendix({
      list: [preview('p7abcdef', 7), preview('p7ghijkl', 7)],
      read: id => preview(id, 7),
      jobs: { x1: { id: 'x1', status: 'failed', error: { message: 'agent disconnected' } } }
    })
    let deletes = 0
    const original = mendix.deploy.deleteEnvironment
    mendix.deploy.deleteEnvironment = async address => {
      deletes++
      const ref = await original(address)
      return deletes === 1 ? { id: 'x0' } : ref
    }
    const progress = new Progress(() => {})
    await expect(flowFor(mendix, { preview: 'cleanup' }, 'closed', progress).run()).rejects.toThrow(
      /may remain in namespace ns1/
    )
    expect(progress.describeLeftovers()).toContain(
      'The deletion of environment p7ghijkl failed. Deleted before: p7abcdef.'
    )
  })
})

describe('the preview comment', () => {
  it('escapes what the service says, so no value can break the table, link elsewhere or add HTML', () => {
    const lines = previewComment({
      preview: { name: 'preview-pr7-abcde', id: 'p7abcdef' },
      packageId: 'pkg|1',
      appUrl: 'javascript:alert(1)',
      state: 'Ready | <img src=x onerror=alert(1)>',
      licensed: true
    })
    expect(lines).toContain('| App URL | javascript&#58;alert(1) |')
    expect(lines).toContain('| Package | <code>pkg&#124;1</code> |')
    expect(lines).toContain('| State | Ready &#124; &lt;img src=x onerror=alert(1)&gt; |')
    expect(lines.join('\n')).not.toContain('runs unlicensed')
  })

  it('says when the preview runs unlicensed', () => {
    const lines = previewComment({ preview: { name: 'n', id: 'i' }, packageId: 'p', licensed: false })
    expect(lines.at(-1)).toMatch(/^_Without a subscription secret .* stops after 2 to 4 hours\._$/)
  })
})
