/**
 * Issue 25, end to end through dist/index.js: an app kept in the workspace is built in the runner (build: runner)
 * by the emulated MxBuild the emulator's CDN serves, uploaded and deployed on both targets; a second run of the
 * same Mendix version downloads nothing; the App Repository API and the Build API are never asked.
 */
import { readFileSync, statSync } from 'node:fs'
import { SEED } from '../emulator/index.js'
import {
  cloudChanges,
  cloudInputs,
  cloudProduction,
  deploy,
  deploymentOf,
  errorLines,
  stored,
  withEmulator
} from './support/deploy-run.js'
import {
  builtPackages,
  downloads,
  makeRunner,
  mdaContents,
  MENDIX_VERSION,
  RUN_SHA,
  runnerInputs,
  writes,
  type Runner
} from './support/runner-build.js'

let runner: Runner
beforeEach(() => (runner = makeRunner()))
afterEach(() => runner.dispose())

const TEST = SEED.environments.test

/** No request to the App Repository API, and no service build (Build API v4 or v1). */
function askedNoTeamServer(operations: string[]): void {
  expect(operations.filter(op => /^repository|^build$|^cloudBuild$/.test(op))).toEqual([])
}

describe('build: runner on Mendix for Private Cloud', () => {
  it('builds the workspace app with MxBuild, uploads and deploys it; a second run downloads nothing', () =>
    withEmulator({}, async emulator => {
      const inputs = runnerInputs(emulator, {
        version: '1.4.2',
        sbom: 'true',
        constants: 'Orders.MaxBatchSize=500',
        rollbackOnFailure: 'true'
      })
      const first = await deploy(emulator, inputs, { env: runner.env })
      expect({ exit: first.exitCode, errors: errorLines(first) }).toEqual({ exit: 0, errors: [] })

      // MxBuild of the app's version, from the CDN, run in a log group of its own.
      expect(downloads(emulator)).toEqual([`/runtime/mxbuild-${MENDIX_VERSION}.tar.gz`])
      expect(first.stdout).toContain(`::group::Build Orders.mpr with MxBuild ${MENDIX_VERSION}\n`)
      const group = first.stdout.split(`::group::Build Orders.mpr with MxBuild ${MENDIX_VERSION}\n`)[1]
      expect(group.slice(0, group.indexOf('::endgroup::'))).toContain(
        `MxBuild ${MENDIX_VERSION} (emulated)\nLoading project ${runner.workspace}/Orders.mpr...`
      )

      // The package: the model version the step settles, the repository, commit and run as its description.
      const [mda] = builtPackages(runner)
      expect(mda.name).toBe('Orders_1.4.2.mda')
      expect(mdaContents(mda.path)).toMatchObject({
        mendixVersion: MENDIX_VERSION,
        modelVersion: '1.4.2',
        modelDescription: `acme/orders-app@${RUN_SHA} run 7712345678`
      })

      // Uploaded whole through the Build API upload, then deployed with the constant, as with packageFile.
      const operations = emulator.traffic.map(t => String(t.operation))
      askedNoTeamServer(operations)
      expect(writes(emulator).slice(0, 1)).toEqual(['upload'])
      const upload = emulator.traffic.find(t => t.operation === 'upload')!
      expect((upload.body as { multipartBytes: number }).multipartBytes).toBeGreaterThan(
        statSync(mda.path).size
      )
      const deployed = deploymentOf(stored(emulator, TEST.id))
      expect(deployed.packageId).toBe(first.outputs.packageId)
      expect(deployed.constants).toContainEqual({ name: 'Orders.MaxBatchSize', value: '500' })
      expect(emulator.state.packages.find(p => p.id === first.outputs.packageId)).toMatchObject({
        modelVersion: 'Orders_1.4.2'
      })

      // Outputs: the version (for a cache key), the commit built, the SBOM for a later step.
      expect(first.outputs).toMatchObject({
        mendixVersion: MENDIX_VERSION,
        revision: RUN_SHA,
        reused: 'false'
      })
      const sbom = JSON.parse(readFileSync(first.outputs.sbomPath, 'utf8')) as Record<string, unknown>
      expect(first.outputs.sbomPath.startsWith(runner.temp)).toBe(true)
      expect(sbom).toMatchObject({ bomFormat: 'CycloneDX', metadata: { component: { version: '1.4.2' } } })
      expect(first.summary).toContain('| Branch and revision | `main` @ `' + RUN_SHA + '` |')
      expect(first.summary).toMatch(/\| Time: download \| [\d.]+s \|/)

      // The same runner again: MxBuild comes from the tool cache.
      const before = emulator.traffic.length
      const second = await deploy(emulator, runnerInputs(emulator, { version: '1.4.3' }), { env: runner.env })
      expect({ exit: second.exitCode, errors: errorLines(second) }).toEqual({ exit: 0, errors: [] })
      expect(emulator.traffic.slice(before).filter(t => t.operation === 'mxbuildDownload')).toEqual([])
      expect(second.stdout).toContain(`MxBuild ${MENDIX_VERSION} was in the runner's tool cache`)
      expect(deploymentOf(stored(emulator, TEST.id)).packageId).toBe(second.outputs.packageId)
      expect(second.outputs.packageId).not.toBe(first.outputs.packageId)
    }))

  it('a dry run reads the app version and changes nothing: no download, no upload', () =>
    withEmulator({}, async emulator => {
      const result = await deploy(emulator, runnerInputs(emulator, { dryRun: 'true' }), { env: runner.env })
      expect({ exit: result.exitCode, errors: errorLines(result) }).toEqual({ exit: 0, errors: [] })
      expect(result.outputs.mendixVersion).toBe(MENDIX_VERSION)
      expect(downloads(emulator)).toEqual([])
      expect(writes(emulator)).toEqual([])
      expect(result.stdout).toContain(`A package would be built in the runner with MxBuild ${MENDIX_VERSION}`)
    }))
})

describe('build: runner on the classic Mendix Cloud', () => {
  it('builds, uploads through the v2 upload, stops, transports and starts, with no token at all', () =>
    withEmulator({}, async emulator => {
      const result = await deploy(
        emulator,
        cloudInputs(emulator, runnerInputs(emulator, { backup: 'true' })),
        {
          env: runner.env
        }
      )
      expect({ exit: result.exitCode, errors: errorLines(result) }).toEqual({ exit: 0, errors: [] })
      expect(cloudChanges(emulator, ['cloudUpload', 'backupCreate'])).toEqual([
        'cloudUpload',
        'backupCreate',
        'cloudStop',
        'cloudTransport',
        'cloudStart',
        'cloudStartStatus'
      ])
      askedNoTeamServer(emulator.traffic.map(t => String(t.operation)))
      // The model version is the one the step settles for Mendix Cloud without a tag (issue 26): the next patch
      // after the app's highest package (the seeded 1.4.0), read just before the build.
      const [mda] = builtPackages(runner)
      expect(result.outputs.version).toBe('1.4.1')
      expect(result.outputs.previousVersion).toBe('1.4.0')
      expect(mda.name).toBe('Orders_1.4.1.mda')
      expect(mdaContents(mda.path)).toMatchObject({ modelVersion: '1.4.1' })
      const pkg = emulator.state.cloud.packages.find(p => p.PackageId === result.outputs.packageId)!
      expect(pkg).toMatchObject({ Name: 'Orders_1.4.1.mda', Size: statSync(mda.path).size })
      expect(cloudProduction(emulator)).toMatchObject({
        Status: 'Running',
        packageId: result.outputs.packageId
      })
      expect(result.outputs).toMatchObject({ mendixVersion: MENDIX_VERSION, revision: RUN_SHA })
    }))
})
