/**
 * Issue 26, through the bundled action against the emulator: `version: patch | minor | major` numbers the build
 * after the highest version among the app's packages, on both targets; the empty app; two runs at once; a push to
 * main on Mendix Cloud; the example workflows; bad forms refused before any request.
 */
import { SEED, type Emulator } from '../emulator/index.js'
import { versionedCloudPackage, versionedPackage } from '../emulator/seed.js'
import type { RunResult } from '../scripts/run-action.js'
import { cloudInputs, deploy, errorLines, HEAD, withEmulator } from './support/deploy-run.js'
import { loadWorkflow, runJob } from './support/workflow.js'

/** What differs between the targets: their inputs, their packages, their build request. */
const TARGETS = {
  'private-cloud': {
    inputs: (_emulator: Emulator, extra: Record<string, string>) => extra,
    buildOperation: 'build',
    listOperation: 'listPackages',
    /** Adds packages built as these versions (modelVersion `<version>.<build>`), oldest first. */
    seed(emulator: Emulator, versions: string[]) {
      versions.forEach((version, i) =>
        emulator.state.packages.push(versionedPackage(version, `2026-11-0${i + 1}T09:00:00.000Z`, 200 + i))
      )
    },
    empty(emulator: Emulator) {
      emulator.state.packages = []
    },
    sentVersions: (emulator: Emulator) =>
      builds(emulator, 'build').map(b => (b.body as { version?: string }).version),
    /** The versions the app's packages carry now, as the Build API lists them. */
    storedVersions: (emulator: Emulator) => emulator.state.packages.map(p => p.modelVersion)
  },
  'mendix-cloud': {
    inputs: (emulator: Emulator, extra: Record<string, string>) =>
      cloudInputs(emulator, { environment: 'Acceptance', ...extra }),
    buildOperation: 'cloudBuild',
    listOperation: 'cloudListPackages',
    seed(emulator: Emulator, versions: string[]) {
      versions.forEach((version, i) =>
        emulator.state.cloud.packages.push(versionedCloudPackage(version, `2026-11-0${i + 1}T09:00:00Z`))
      )
    },
    empty(emulator: Emulator) {
      emulator.state.cloud.packages = []
    },
    sentVersions: (emulator: Emulator) =>
      builds(emulator, 'cloudBuild').map(b => (b.body as { Version?: string }).Version),
    storedVersions: (emulator: Emulator) => emulator.state.cloud.packages.map(p => p.Version)
  }
} as const

function builds(emulator: Emulator, operation: string) {
  return emulator.traffic.filter(t => t.operation === operation)
}

/** The job summary's Version row. */
function versionRow(result: RunResult): string | undefined {
  return result.summary.split('\n').find(line => line.startsWith('| Version |'))
}

/** The warnings the action printed, decoded. */
function warnings(result: RunResult): string[] {
  return result.stdout
    .split('\n')
    .filter(line => line.startsWith('::warning'))
    .map(line => line.replace(/%0A/g, '\n').replace(/%25/g, '%'))
}

/** Polls until `find` returns something, for at most 10 s. */
async function until<T>(find: () => T | undefined): Promise<T> {
  for (let waited = 0; waited < 10_000; waited += 20) {
    const found = find()
    if (found !== undefined) return found
    await new Promise(resolve => setTimeout(resolve, 20))
  }
  throw new Error('gave up waiting')
}

describe.each(['private-cloud', 'mendix-cloud'] as const)('%s: version patch, minor, major', target => {
  const t = TARGETS[target]

  it.each([
    ['patch', '1.4.11'],
    ['minor', '1.5.0'],
    ['major', '2.0.0']
  ])('after packages 1.4.2 and 1.4.10, %s builds %s', (part, expected) =>
    withEmulator({}, async emulator => {
      // 1.4.10 is the older package: the highest version counts, not the newest package.
      t.seed(emulator, ['1.4.10', '1.4.2'])
      const result = await deploy(emulator, t.inputs(emulator, { version: part }))
      expect({ exit: result.exitCode, errors: errorLines(result) }).toEqual({ exit: 0, errors: [] })
      expect(t.sentVersions(emulator)).toEqual([expected])
      expect(result.outputs).toMatchObject({ version: expected, previousVersion: '1.4.10', reused: 'false' })
      expect(versionRow(result)).toBe(`| Version | ${expected} (${part} after 1.4.10) |`)
      expect(result.stdout).toContain(`Version ${expected}: the next ${part} version after 1.4.10`)
      // The package the build made carries the version (Private Cloud: with a build number after it).
      const made = t.storedVersions(emulator).filter(v => v === expected || v.startsWith(`${expected}.`))
      expect(made).toHaveLength(1)
      // Read just before the build request: the last listing comes right before it.
      const ops = emulator.traffic.map(e => e.operation as string)
      expect(ops[ops.indexOf(t.buildOperation) - 1]).toBe(t.listOperation)
    })
  )

  it('a dry run says the version a build would get now, and sends nothing', () =>
    withEmulator({}, async emulator => {
      t.seed(emulator, ['1.4.10', '1.4.2'])
      const result = await deploy(emulator, t.inputs(emulator, { version: 'minor', dryRun: 'true' }))
      expect(result.exitCode).toBe(0)
      expect(emulator.traffic.filter(e => e.method !== 'GET')).toEqual([])
      expect(result.stdout).toContain(
        `main@${HEAD} as version 1.5.0 (minor after 1.4.10; read again just before a real build)`
      )
      expect(versionRow(result)).toBe('| Version | the next minor version (no build started) |')
    }))

  it('builds 1.0.0 for an app with no package yet, and shows it as the first', () =>
    withEmulator({}, async emulator => {
      t.empty(emulator)
      const result = await deploy(emulator, t.inputs(emulator, { version: 'patch' }))
      expect({ exit: result.exitCode, errors: errorLines(result) }).toEqual({ exit: 0, errors: [] })
      expect(t.sentVersions(emulator)).toEqual(['1.0.0'])
      expect(result.outputs.version).toBe('1.0.0')
      expect(result.outputs.previousVersion).toBeUndefined()
      expect(versionRow(result)).toBe('| Version | 1.0.0 (the first, as no package had a version) |')
    }))

  it('reuses the package on a re-run of the same attempt: the automatic version is not in the marker', () =>
    withEmulator({}, async emulator => {
      t.seed(emulator, ['1.4.10'])
      const first = await deploy(emulator, t.inputs(emulator, { version: 'minor' }))
      const rerun = await deploy(emulator, t.inputs(emulator, { version: 'minor' }), {
        env: { GITHUB_RUN_ATTEMPT: '2' }
      })
      expect([first.exitCode, rerun.exitCode]).toEqual([0, 0])
      expect(t.sentVersions(emulator)).toEqual(['1.5.0'])
      expect(rerun.outputs).toMatchObject({
        reused: 'true',
        packageId: first.outputs.packageId,
        version: '1.5.0'
      })
    }))

  it('leaves out a version that does not read as x.y.z, with a warning naming its package', () =>
    withEmulator({}, async emulator => {
      t.seed(emulator, ['1.4.10', '9.9.9-beta'])
      const odd =
        target === 'private-cloud'
          ? emulator.state.packages.at(-1)!.id
          : emulator.state.cloud.packages.at(-1)!.PackageId
      const result = await deploy(emulator, t.inputs(emulator, { version: 'patch' }))
      expect(result.exitCode).toBe(0)
      expect(t.sentVersions(emulator)).toEqual(['1.4.11'])
      expect(warnings(result)).toContainEqual(
        expect.stringContaining(
          `Left out of the version numbering, since their versions do not read as x.y.z: package ${odd} ("9.9.9-beta").`
        )
      )
    }))

  it.each([
    ['1.2', ''],
    ['v1.2.3', ': a leading v is read only from the tag the workflow runs on'],
    ['1.2.3.4', ''],
    ['latest', '']
  ])('refuses version %j before any request, naming the accepted forms', (version, why) =>
    withEmulator({}, async emulator => {
      const result = await deploy(emulator, t.inputs(emulator, { version }))
      expect(result.exitCode).toBe(1)
      expect(errorLines(result)).toEqual([
        `Input 'version' must have the form x.y.z (digits, at most 20 characters, e.g. 1.4.2) or be patch, minor or major (the next version after the highest of the app's packages); got ${JSON.stringify(version)}${why || '.'}` +
          (why ? ' (v1.4.2 gives 1.4.2 by itself there).' : '')
      ])
      expect(emulator.traffic).toEqual([])
    })
  )

  it('takes v1.2.3 on the tag v1.2.3, as ${{ github.ref_name }} gives it there', () =>
    withEmulator({}, async emulator => {
      const result = await deploy(emulator, t.inputs(emulator, { version: 'v1.2.3' }), {
        env: { GITHUB_REF: 'refs/tags/v1.2.3', GITHUB_REF_NAME: 'v1.2.3', GITHUB_REF_TYPE: 'tag' }
      })
      expect(result.exitCode).toBe(0)
      expect(t.sentVersions(emulator)).toEqual(['1.2.3'])
      expect(versionRow(result)).toBe('| Version | 1.2.3 |')
    }))
})

describe('mendix-cloud: a push to main without a tag', () => {
  it('builds the next patch version, not a run-id version, leaving out the run-id versions of earlier releases', () =>
    withEmulator({}, async emulator => {
      TARGETS['mendix-cloud'].seed(emulator, ['1.4.2', '1.4.10'])
      // What an earlier release of the action built for run 7712345670: a run-id version, with its run marker.
      emulator.state.cloud.packages.push(
        versionedCloudPackage(
          '7.712345670.1',
          '2026-11-05T09:00:00Z',
          `Built by GitHub Actions [gh-run acme/orders-app#7712345670.1] [build main@${SEED.revisions[1]}]`
        )
      )
      const result = await deploy(emulator, cloudInputs(emulator), { env: { GITHUB_REF: 'refs/heads/main' } })
      expect({ exit: result.exitCode, errors: errorLines(result) }).toEqual({ exit: 0, errors: [] })
      expect(TARGETS['mendix-cloud'].sentVersions(emulator)).toEqual(['1.4.11'])
      expect(result.outputs).toMatchObject({ version: '1.4.11', previousVersion: '1.4.10' })
      expect(result.stdout).toContain(
        'Left out 1 package(s) numbered by run id by earlier releases of this action, e.g. 7.712345670.1.'
      )
      expect(versionRow(result)).toBe('| Version | 1.4.11 (patch after 1.4.10) |')
    }))
})

describe('two runs at once', () => {
  it('mendix-cloud: the version taken meanwhile is refused once; the action takes the next and succeeds', () =>
    withEmulator({}, async emulator => {
      TARGETS['mendix-cloud'].seed(emulator, ['1.4.2', '1.4.10'])
      // This run's build request is held on its way; meanwhile another run's request claims the same version.
      emulator.control.inject({ operation: 'cloudBuild', fault: { kind: 'slow', delayMs: 3000 }, times: 1 })
      const running = deploy(emulator, cloudInputs(emulator, { version: 'patch' }))
      const held = await until(() => builds(emulator, 'cloudBuild')[0])
      const claimed = (held.body as { Version: string }).Version
      expect(claimed).toBe('1.4.11')
      const other = await fetch(`${emulator.cloudUrl}/apps/${SEED.cloud.appId}/packages`, {
        method: 'POST',
        headers: {
          'Mendix-Username': SEED.cloud.username,
          'Mendix-ApiKey': SEED.cloud.apiKey,
          'Content-Type': 'application/json'
        },
        body: JSON.stringify({ Branch: 'main', Revision: HEAD, Version: claimed, Description: 'Another run' })
      })
      expect(other.status).toBe(200)

      const result = await running
      expect({ exit: result.exitCode, errors: errorLines(result) }).toEqual({ exit: 0, errors: [] })
      expect(
        builds(emulator, 'cloudBuild').map(b => [(b.body as { Version: string }).Version, b.status])
      ).toEqual([
        ['1.4.11', 400],
        ['1.4.11', 200],
        ['1.4.12', 200]
      ])
      expect(warnings(result)).toContainEqual(
        expect.stringContaining(
          'Version 1.4.11 was taken meanwhile, by another build of this app (two runs at once?): the build request was refused (400 VERSION_ALREADY_EXISTS). Building as 1.4.12 instead.'
        )
      )
      expect(result.outputs).toMatchObject({ version: '1.4.12', previousVersion: '1.4.11' })
      expect(versionRow(result)).toBe('| Version | 1.4.12 (patch after 1.4.11) |')
    }))

  it('mendix-cloud: two runs started together end with versions of their own', () =>
    withEmulator({}, async emulator => {
      TARGETS['mendix-cloud'].seed(emulator, ['1.4.2', '1.4.10'])
      // Another revision and environment each, so that neither reuses nor undeploys the other's package.
      const [a, b] = await Promise.all([
        deploy(emulator, cloudInputs(emulator, { version: 'patch', environment: 'Test' })),
        deploy(emulator, cloudInputs(emulator, { version: 'patch', revision: SEED.revisions[1] }), {
          env: { GITHUB_RUN_ID: '7712345999' }
        })
      ])
      expect([a.exitCode, b.exitCode]).toEqual([0, 0])
      expect([a.outputs.version, b.outputs.version].sort()).toEqual(['1.4.11', '1.4.12'])
    }))

  it('private-cloud: the Build API takes a taken version, so both runs build it, and the later one says so', () =>
    withEmulator({}, async emulator => {
      TARGETS['private-cloud'].seed(emulator, ['1.4.2', '1.4.10'])
      emulator.control.inject({ operation: 'build', fault: { kind: 'slow', delayMs: 3000 }, times: 1 })
      const running = deploy(emulator, { version: 'patch' })
      const held = await until(() => builds(emulator, 'build')[0])
      expect((held.body as { version: string }).version).toBe('1.4.11')
      const other = await fetch(`${emulator.url}/apps/${SEED.appId}/packages/build`, {
        method: 'POST',
        headers: { Authorization: `MxToken ${emulator.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          branch: 'main',
          revision: HEAD,
          version: '1.4.11',
          description: 'Another run'
        })
      })
      expect(other.status).toBe(202)

      const result = await running
      expect({ exit: result.exitCode, errors: errorLines(result) }).toEqual({ exit: 0, errors: [] })
      const theOther = emulator.state.packages.find(p => p.description === 'Another run')!
      expect(theOther.modelVersion).toMatch(/^1\.4\.11\.\d+$/)
      expect(result.outputs.version).toBe('1.4.11')
      expect(warnings(result)).toContainEqual(
        expect.stringContaining(
          `Package ${theOther.id} has version 1.4.11 too: another run built the same version`
        )
      )
    }))
})

describe('the example workflows', () => {
  const contexts = (emulator: Emulator) => ({
    github: { sha: HEAD, repository: 'acme/orders-app', run_id: '7712345678', run_attempt: '1' },
    vars: {
      MENDIX_APP_ID: SEED.appId,
      MENDIX_CLOUD_APP: SEED.cloud.appId,
      MENDIX_USERNAME: SEED.cloud.username
    },
    secrets: { MENDIX_TOKEN: emulator.token, MENDIX_API_KEY: SEED.cloud.apiKey },
    runner: { temp: '/tmp' },
    needs: {}
  })

  it('deploy-on-push.yml numbers each push after the highest version: 1.4.10 gives 1.4.11', () =>
    withEmulator({}, async emulator => {
      TARGETS['private-cloud'].seed(emulator, ['1.4.2', '1.4.10'])
      const result = await runJob(loadWorkflow('docs/examples/deploy-on-push.yml').jobs.deploy, {
        context: contexts(emulator),
        actionInputs: { apiUrl: emulator.url, repositoryApiUrl: emulator.repositoryUrl }
      })
      expect(result.result).toBe('success')
      expect(TARGETS['private-cloud'].sentVersions(emulator)).toEqual(['1.4.11'])
      expect(result.steps[0].action!.outputs.version).toBe('1.4.11')
    }))

  it.each([
    ['deploy-on-tag.yml', 'private-cloud'],
    ['mendix-cloud-on-tag.yml', 'mendix-cloud']
  ] as const)('%s builds the tag v1.5.0 as 1.5.0, whatever the highest version', (file, target) =>
    withEmulator({}, async emulator => {
      TARGETS[target].seed(emulator, ['1.4.2', '1.4.10'])
      const result = await runJob(loadWorkflow(`docs/examples/${file}`).jobs.deploy, {
        context: contexts(emulator),
        actionInputs: {
          apiUrl: target === 'private-cloud' ? emulator.url : emulator.cloudUrl,
          repositoryApiUrl: emulator.repositoryUrl
        },
        actionEnv: { GITHUB_REF: 'refs/tags/v1.5.0', GITHUB_REF_NAME: 'v1.5.0', GITHUB_REF_TYPE: 'tag' }
      })
      expect(result.result).toBe('success')
      expect(TARGETS[target].sentVersions(emulator)).toEqual(['1.5.0'])
      expect(result.steps[0].action!.outputs.version).toBe('1.5.0')
    })
  )
})
