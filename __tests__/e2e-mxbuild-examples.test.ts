/**
 * Issue 25: the example workflows of a build in the runner (docs/examples/mxbuild-*.yml) do what their comments
 * say when their jobs run against the emulator: checkout, setup-java and the cache steps are other actions (the
 * job runner skips them; the runner's workspace, JDK and tool cache stand in for what they leave), this action's
 * step builds with the emulated MxBuild and deploys, and the steps after it see the outputs they read.
 * (The generic checks, declared inputs and outputs and pinned actions, run on every example in examples.test.ts.)
 */
import { readFileSync } from 'node:fs'
import { SEED, type Emulator } from '../emulator/index.js'
import { deploymentOf, stored, withEmulator } from './support/deploy-run.js'
import { makeRunner, MENDIX_VERSION, runnerInputs, type Runner } from './support/runner-build.js'
import { interpolate, loadWorkflow, runJob } from './support/workflow.js'

let runner: Runner
beforeEach(() => (runner = makeRunner()))
afterEach(() => runner.dispose())

/** The contexts of a workflow run on GitHub for the emulator's seeded app. */
function contexts(emulator: Emulator): Record<string, unknown> {
  return {
    github: { sha: 'e3b1f0c4', repository: 'acme/orders-app', run_id: '7712345678', run_attempt: '1' },
    vars: {
      MENDIX_APP_ID: SEED.appId,
      MENDIX_CLOUD_APP: SEED.cloud.appId,
      MENDIX_USERNAME: SEED.cloud.username
    },
    secrets: { MENDIX_TOKEN: emulator.token, MENDIX_API_KEY: SEED.cloud.apiKey },
    runner: { temp: runner.temp, tool_cache: runner.toolCache, os: 'Linux' },
    needs: {}
  }
}

/** The `with:` of a step of another action as the runner would fill it in after the job ran. */
function withOf(
  step: { with?: Record<string, string> },
  context: Record<string, unknown>
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(step.with ?? {}).map(([k, v]) => [k, String(interpolate(String(v), context))])
  )
}

describe('mxbuild-private-cloud.yml', () => {
  const workflow = loadWorkflow('docs/examples/mxbuild-private-cloud.yml')

  it('builds with MxBuild, deploys to test, keeps MxBuild under its version and the SBOM as an artifact', () =>
    withEmulator({}, async emulator => {
      const context = contexts(emulator)
      const result = await runJob(workflow.jobs.deploy, {
        context,
        actionInputs: { apiUrl: emulator.url, ...runnerInputs(emulator) },
        actionEnv: runner.env
      })
      expect(result.result).toBe('success')
      const [checkout, java, restore, mendix, save, sbom] = result.steps
      expect([checkout, java, restore].map(s => s.outcome)).toEqual(['success', 'success', 'success'])
      const outputs = mendix.action!.outputs
      expect(outputs.mendixVersion).toBe(MENDIX_VERSION)
      expect(deploymentOf(stored(emulator, SEED.environments.test.id)).packageId).toBe(outputs.packageId)
      // The steps after it ran, with what the action gave them.
      const steps = { mendix: { outputs, outcome: 'success' } }
      expect(save.outcome).toBe('success')
      expect(withOf(save.step, { ...context, steps })).toEqual({
        path: `${runner.toolCache}/mxbuild`,
        key: `mxbuild-Linux-${MENDIX_VERSION}`
      })
      expect(withOf(restore.step, context).path).toBe(`${runner.toolCache}/mxbuild`)
      expect(sbom.outcome).toBe('success')
      const artifact = withOf(sbom.step, { ...context, steps })
      expect(JSON.parse(readFileSync(artifact.path, 'utf8'))).toMatchObject({ bomFormat: 'CycloneDX' })
    }))
})

describe('mxbuild-mendix-cloud.yml', () => {
  const workflow = loadWorkflow('docs/examples/mxbuild-mendix-cloud.yml')

  it('builds the tag as version 1.4.2 with MxBuild and starts Acceptance on it, without a personal access token', () =>
    withEmulator({}, async emulator => {
      const result = await runJob(workflow.jobs.deploy, {
        context: contexts(emulator),
        actionInputs: { apiUrl: emulator.cloudUrl, ...runnerInputs(emulator) },
        actionEnv: { ...runner.env, GITHUB_REF: 'refs/tags/v1.4.2', GITHUB_REF_NAME: 'v1.4.2' }
      })
      expect(result.result).toBe('success')
      const mendix = result.steps[3]
      const outputs = mendix.action!.outputs
      expect(outputs.mendixVersion).toBe(MENDIX_VERSION)
      const acceptance = emulator.state.cloud.environments.find(e => e.Mode === 'Acceptance')!
      expect(acceptance).toMatchObject({ Status: 'Running', packageId: outputs.packageId })
      expect(emulator.state.cloud.packages.find(p => p.PackageId === outputs.packageId)?.Name).toBe(
        'Orders_1.4.2.mda'
      )
      expect(
        emulator.traffic.map(t => String(t.operation)).filter(op => /^cloudBuild$|^repository/.test(op))
      ).toEqual([])
      expect(result.steps[4].outcome).toBe('success')
    }))
})
