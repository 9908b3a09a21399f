/**
 * The workflows users copy (docs/examples/ and the minimal ones the README shows) use only the inputs and outputs
 * action.yml declares and pin other actions by commit; and they do what the docs say when their jobs run against
 * the emulator, with their expressions filled in. The examples call the public Mendix APIs; here every step of
 * this action gets the emulator's URLs as well.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { SEED, type Emulator } from '../emulator/index.js'
import { ROOT } from '../scripts/run-action.js'
import { cloudProduction, deploy, HEAD, withEmulator } from './support/deploy-run.js'
import { readmeWorkflows } from './support/markdown.js'
import {
  ACTION,
  interpolate,
  loadWorkflow,
  matrixOf,
  runJob,
  type Job,
  type JobResult,
  type Workflow
} from './support/workflow.js'

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { required?: boolean }>
  outputs: Record<string, unknown>
}
const EXAMPLES = readdirSync(join(ROOT, 'docs', 'examples'))
  .filter(file => file.endsWith('.yml'))
  .map(file => join('docs', 'examples', file))
const README_WORKFLOWS = readmeWorkflows()
const COPIED: Array<[string, string]> = [
  ...EXAMPLES.map(path => [path, readFileSync(join(ROOT, path), 'utf8')] as [string, string]),
  ...README_WORKFLOWS.map(({ name, text }) => [name, text] as [string, string])
]

it('finds the minimal workflow of each target in the README', () => {
  expect(README_WORKFLOWS).toHaveLength(2)
})

describe.each(COPIED)('%s', (_, text) => {
  const workflow = parse(text) as Workflow
  const steps = Object.values(workflow.jobs).flatMap(job => job.steps)

  it('gives this action only inputs it declares, and every required one', () => {
    const ours = steps.filter(step => step.uses === ACTION)
    expect(ours.length).toBeGreaterThan(0)
    for (const step of ours) {
      const given = Object.keys(step.with ?? {})
      expect(given.filter(name => !(name in action.inputs))).toEqual([])
      const required = Object.entries(action.inputs).filter(([, input]) => input.required)
      expect(required.map(([name]) => name).filter(name => !given.includes(name))).toEqual([])
    }
  })

  it('reads only outputs the action declares', () => {
    const ids = new Set(steps.filter(step => step.uses === ACTION && step.id).map(step => step.id))
    for (const [, id, output] of text.matchAll(/steps\.([\w-]+)\.outputs\.(\w+)/g)) {
      expect(ids).toContain(id)
      expect(Object.keys(action.outputs)).toContain(output)
    }
  })

  it('names this action as the README does, and pins every other action to a commit', () => {
    for (const uses of steps.map(step => step.uses).filter(uses => uses !== undefined)) {
      if (uses.startsWith('your-org/')) {
        expect(uses).toBe(ACTION)
      } else {
        expect(uses).toMatch(/^[\w-]+\/[\w/-]+@[0-9a-f]{40}$/)
        expect(text).toContain(`uses: ${uses} # v`)
      }
    }
  })
})

const READ_TOKEN = 'read-only-pat-7c1d'
const READ_SCOPES = ['mx:privatecloud-build:read', 'mx:deployment:read', 'mx:modelrepository:repo:read']

/** The contexts a workflow run on GitHub would have, pointing at the emulator's seeded app. */
function contexts(token: string, github: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    github: { sha: HEAD, repository: 'acme/orders-app', run_id: '7712345678', run_attempt: '1', ...github },
    vars: {
      MENDIX_APP_ID: SEED.appId,
      MENDIX_FLEET: JSON.stringify([{ name: 'orders', appId: SEED.appId }]),
      MENDIX_CLOUD_APP: SEED.cloud.appId,
      MENDIX_USERNAME: SEED.cloud.username
    },
    secrets: { MENDIX_TOKEN: token, MENDIX_READ_TOKEN: READ_TOKEN, MENDIX_API_KEY: SEED.cloud.apiKey },
    runner: { temp: '/tmp' }
  }
}

function emulatorInputs(emulator: Emulator): Record<string, string> {
  return { apiUrl: emulator.url, repositoryApiUrl: emulator.repositoryUrl }
}

/** Runs one job of a workflow, with the results of the jobs it needs. */
function job(
  workflow: Workflow,
  name: string,
  emulator: Emulator,
  needs: Record<string, JobResult> = {},
  matrix?: Record<string, unknown>
): Promise<JobResult> {
  return runJob(workflow.jobs[name], {
    context: { ...contexts(emulator.token), needs },
    matrix,
    actionInputs: emulatorInputs(emulator)
  })
}

/** The package an environment of the seeded app runs now. */
function runs(emulator: Emulator, environment: keyof typeof SEED.environments): string | undefined {
  const id = SEED.environments[environment].id
  const manifest = emulator.state.environments.find(m => m.environment.id === id)
  return (manifest?.environment.deployment as { packageId?: string } | undefined)?.packageId
}

const writes = (emulator: Emulator) => emulator.traffic.filter(entry => entry.method !== 'GET')

/** The body of the first request of an operation the emulator received. */
const bodyOf = (emulator: Emulator, operation: string) =>
  emulator.traffic.find(entry => entry.operation === operation)?.body

/** The runner's variables for a workflow run on the tag v1.4.2. */
const TAG = { GITHUB_REF: 'refs/tags/v1.4.2', GITHUB_REF_NAME: 'v1.4.2', GITHUB_REF_TYPE: 'tag' }

/** The operations of the Mendix Cloud calls, in order. */
const cloudOperations = (emulator: Emulator) => emulator.traffic.map(entry => entry.operation as string)

describe('deploy-on-push.yml', () => {
  const workflow = loadWorkflow('docs/examples/deploy-on-push.yml')

  it('builds the pushed commit, deploys it to test and reports the package and the app URL', () =>
    withEmulator({}, async emulator => {
      const result = await job(workflow, 'deploy', emulator)
      expect(result.result).toBe('success')
      const outputs = result.steps[0].action!.outputs
      expect(outputs).toMatchObject({ revision: HEAD, reused: 'false' })
      expect(runs(emulator, 'test')).toBe(outputs.packageId)
      expect(result.steps[1].stdout).toBe(`Deployed package ${outputs.packageId} to ${outputs.appUrl}\n`)
    }))

  it('builds the revision a manual run names instead of the pushed commit', () =>
    withEmulator({}, async emulator => {
      const result = await runJob(workflow.jobs.deploy, {
        context: { ...contexts(emulator.token), inputs: { revision: SEED.revisions[1] }, needs: {} },
        actionInputs: emulatorInputs(emulator)
      })
      expect(result.result).toBe('success')
      expect(bodyOf(emulator, 'build')).toMatchObject({ revision: SEED.revisions[1] })
      expect(result.steps[0].action!.outputs.revision).toBe(SEED.revisions[1])
      expect(runs(emulator, 'test')).toBe(result.steps[0].action!.outputs.packageId)
    }))
})

describe('deploy-on-tag.yml', () => {
  const workflow = loadWorkflow('docs/examples/deploy-on-tag.yml')

  it('builds the tag v1.4.2 as version 1.4.2 and deploys it to production', () =>
    withEmulator({}, async emulator => {
      const result = await runJob(workflow.jobs.deploy, {
        context: { ...contexts(emulator.token, { ref: TAG.GITHUB_REF }), needs: {} },
        actionInputs: emulatorInputs(emulator),
        actionEnv: TAG
      })
      expect(result.result).toBe('success')
      expect(bodyOf(emulator, 'build')).toMatchObject({ revision: HEAD, version: '1.4.2' })
      expect(runs(emulator, 'production')).toBe(result.steps[0].action!.outputs.packageId)
      expect(runs(emulator, 'test')).not.toBe(result.steps[0].action!.outputs.packageId)
    }))
})

describe('mendix-cloud-on-tag.yml', () => {
  const workflow = loadWorkflow('docs/examples/mendix-cloud-on-tag.yml')

  it('builds the tag as version 1.4.2, backs up before the stop, and starts Production on the new package', () =>
    withEmulator({}, async emulator => {
      const result = await runJob(workflow.jobs.deploy, {
        context: { ...contexts(emulator.token), needs: {} },
        actionInputs: { apiUrl: emulator.cloudUrl, repositoryApiUrl: emulator.repositoryUrl },
        actionEnv: TAG
      })
      expect(result.result).toBe('success')
      expect(bodyOf(emulator, 'cloudBuild')).toMatchObject({ Revision: HEAD, Version: '1.4.2' })
      const order = cloudOperations(emulator)
      expect(order.indexOf('backupCreate')).toBeGreaterThan(order.indexOf('cloudBuild'))
      expect(order.indexOf('cloudStop')).toBeGreaterThan(order.indexOf('backupCreate'))
      const outputs = result.steps[0].action!.outputs
      expect(outputs.snapshotId).toBe(emulator.state.cloud.snapshots[0].snapshot_id)
      expect(cloudProduction(emulator)).toMatchObject({ Status: 'Running', packageId: outputs.packageId })
    }))
})

describe("the README's minimal workflows", () => {
  const [privateCloud, mendixCloud] = README_WORKFLOWS.map(({ text }) => parse(text) as Workflow)
  const only = (workflow: Workflow) => Object.values(workflow.jobs)[0]

  it('Private Cloud: builds the head of main as the Team Server has it, deploys it to test and reports it', () =>
    withEmulator({}, async emulator => {
      const result = await runJob(only(privateCloud), {
        context: { ...contexts(emulator.token), needs: {} },
        actionInputs: emulatorInputs(emulator)
      })
      expect(result.result).toBe('success')
      const outputs = result.steps[0].action!.outputs
      expect(outputs.revision).toBe(HEAD)
      expect(runs(emulator, 'test')).toBe(outputs.packageId)
      expect(result.steps[1].stdout).toBe(`Deployed package ${outputs.packageId} to ${outputs.appUrl}\n`)
    }))

  it('the classic Mendix Cloud: builds the head of main and starts Acceptance on it', () =>
    withEmulator({}, async emulator => {
      const result = await runJob(only(mendixCloud), {
        context: { ...contexts(emulator.token), needs: {} },
        actionInputs: { apiUrl: emulator.cloudUrl, repositoryApiUrl: emulator.repositoryUrl }
      })
      expect(result.result).toBe('success')
      expect(bodyOf(emulator, 'cloudBuild')).toMatchObject({ Branch: 'main', Revision: HEAD })
      const acceptance = emulator.state.cloud.environments.find(e => e.Mode === 'Acceptance')!
      expect(acceptance).toMatchObject({
        Status: 'Running',
        packageId: result.steps[0].action!.outputs.packageId
      })
    }))
})

describe('promotion-pipeline.yml', () => {
  const workflow = loadWorkflow('docs/examples/promotion-pipeline.yml')

  it('builds once, then promotes that very package to acceptance and production', () =>
    withEmulator({}, async emulator => {
      const test = await job(workflow, 'test', emulator)
      expect(test.result).toBe('success')
      const built = test.outputs.packageId
      expect(built).toMatch(/\S/)
      const acceptance = await job(workflow, 'acceptance', emulator, { test })
      expect(acceptance.result).toBe('success')
      expect(acceptance.outputs.packageId).toBe(built)
      const production = await job(workflow, 'production', emulator, { test, acceptance })
      expect(production.result).toBe('success')
      expect([runs(emulator, 'test'), runs(emulator, 'acceptance'), runs(emulator, 'production')]).toEqual([
        built,
        built,
        built
      ])
    }))

  it('promotes nothing when a newer push deployed another package to test while acceptance waited', () =>
    withEmulator({}, async emulator => {
      const test = await job(workflow, 'test', emulator)
      const before = runs(emulator, 'acceptance')
      const newer = await deploy(emulator, { revision: SEED.revisions[1] })
      expect(newer.exitCode).toBe(0)
      const acceptance = await job(workflow, 'acceptance', emulator, { test })
      expect(acceptance.result).toBe('failure')
      expect(acceptance.steps.map(step => step.outcome)).toEqual(['success', 'failure', 'skipped'])
      expect(acceptance.steps[1].stdout).toContain('::error title=Another package::')
      expect(runs(emulator, 'acceptance')).toBe(before)
    }))
})

describe('deploy-fleet.yml', () => {
  const workflow = loadWorkflow('docs/examples/deploy-fleet.yml')

  it('gives every (app, environment) pair a concurrency group of its own, and isolates failures', () => {
    const fleet = JSON.stringify([
      { name: 'orders', appId: SEED.appId },
      { name: 'billing', appId: '9c8d7e6f-5a4b-4c3d-8e2f-1a0b9c8d7e6f' }
    ])
    const context = { ...contexts('any'), vars: { MENDIX_FLEET: fleet } }
    const groups = Object.values(workflow.jobs).flatMap((j: Job) =>
      matrixOf(j, context).map(matrix => interpolate(j.concurrency!.group, { ...context, matrix }))
    )
    expect(groups).toHaveLength(2 + 2 * 2)
    expect(new Set(groups).size).toBe(groups.length)
    for (const j of Object.values(workflow.jobs)) {
      expect(j.strategy?.['fail-fast']).toBe(false)
      expect(j.strategy?.['max-parallel']).toBeGreaterThan(0)
      expect(j.concurrency?.['cancel-in-progress']).toBe(false)
    }
  })

  it('builds each app in test and promotes the package test runs to the environments after it', () =>
    withEmulator({}, async emulator => {
      const context = contexts(emulator.token)
      const [app] = matrixOf(workflow.jobs.test, context)
      const test = await job(workflow, 'test', emulator, {}, app)
      expect(test.result).toBe('success')
      const built = runs(emulator, 'test')
      expect(built).not.toBe(SEED.packages.released)
      const pairs = matrixOf(workflow.jobs.promote, context)
      expect(pairs.map(pair => pair.environment)).toEqual(['acceptance', 'training'])
      // The emulator's app has no training environment; its production one stands in.
      for (const pair of pairs) {
        const environment = pair.environment === 'training' ? 'production' : pair.environment
        expect((await job(workflow, 'promote', emulator, { test }, { ...pair, environment })).result).toBe(
          'success'
        )
      }
      expect([runs(emulator, 'acceptance'), runs(emulator, 'production')]).toEqual([built, built])
    }))
})

describe('nightly-build.yml', () => {
  const workflow = loadWorkflow('docs/examples/nightly-build.yml')

  it('builds the head and says so; the next night, with the head unchanged, changes nothing and says nothing', () =>
    withEmulator({}, async emulator => {
      const first = await job(workflow, 'nightly', emulator)
      expect(first.result).toBe('success')
      expect(first.steps[0].action?.outputs).toMatchObject({ revision: HEAD, reused: 'false' })
      expect(first.steps[1].outcome).toBe('success')
      expect(first.steps[1].summary).toContain(`Head of main: \`${HEAD}\``)
      expect(first.steps[1].summary).toContain('(a new build)')

      const writesBefore = writes(emulator).length
      const second = await job(workflow, 'nightly', emulator)
      expect(second.result).toBe('success')
      expect(second.steps[0].action?.outputs).toMatchObject({ reused: 'true' })
      expect(second.steps[1].outcome).toBe('skipped')
      expect(writes(emulator).length).toBe(writesBefore)
    }))
})

describe('pull-request-dry-run.yml', () => {
  const workflow = loadWorkflow('docs/examples/pull-request-dry-run.yml')
  const pullRequest = (full_name: string) => ({
    head_ref: SEED.featureBranch,
    event: {
      pull_request: {
        number: 7,
        head: { sha: SEED.featureRevisions[1], repo: { full_name } }
      }
    }
  })

  it('writes the manifest diff to the job summary with a read-only token, and sends no write', () =>
    withEmulator({ tokens: { [READ_TOKEN]: READ_SCOPES } }, async emulator => {
      const result = await runJob(workflow.jobs['dry-run'], {
        context: { ...contexts(emulator.token, pullRequest('acme/orders-app')), needs: {} },
        actionInputs: emulatorInputs(emulator)
      })
      expect(result.result).toBe('success')
      const run = result.steps[0].action!
      expect(run.summary).toContain(`- environment.deployment.packageId: "${SEED.packages.released}"`)
      expect(run.summary).toMatch(/^\+ environment\.deployment\.packageId: .*feature-x/m)
      expect(writes(emulator)).toEqual([])
      expect(emulator.traffic.length).toBeGreaterThan(0)
    }))

  it('skips pull requests from forks, which get no secrets', () =>
    withEmulator({}, async emulator => {
      const result = await runJob(workflow.jobs['dry-run'], {
        context: { ...contexts(emulator.token, pullRequest('someone/fork')), needs: {} },
        actionInputs: emulatorInputs(emulator)
      })
      expect(result.result).toBe('skipped')
      expect(emulator.traffic).toEqual([])
    }))
})

describe('pull-request-preview.yml', () => {
  const workflow = loadWorkflow('docs/examples/pull-request-preview.yml')
  const eventDir = mkdtempSync(join(tmpdir(), 'example-preview-'))
  afterAll(() => rmSync(eventDir, { recursive: true, force: true }))

  /** The contexts and the event file of a pull_request event of this repository. */
  function pullRequest(emulator: Emulator, action: string) {
    const event = {
      action,
      pull_request: { number: 12, head: { sha: HEAD, repo: { full_name: 'acme/orders-app' } } }
    }
    const path = join(eventDir, `${action}.json`)
    writeFileSync(path, JSON.stringify(event))
    return {
      context: {
        ...contexts(emulator.token, { event_name: 'pull_request', head_ref: 'main', event }),
        needs: {}
      },
      actionInputs: emulatorInputs(emulator),
      actionEnv: { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: path }
    }
  }

  const previewIds = (emulator: Emulator) =>
    emulator.state.environments.map(m => m.environment.id).filter(id => /^p12/.test(id))

  it('creates the preview on open, deletes it on close, and sweeps on schedule', () =>
    withEmulator({}, async emulator => {
      const template = emulator.state.environments.find(m => m.environment.id === SEED.environments.test.id)!
      for (const service of template.environment.services as Array<{ plan: string }>)
        service.plan = 'OnDemand'
      const opened = await runJob(workflow.jobs.preview, pullRequest(emulator, 'opened'))
      expect(opened.result).toBe('success')
      expect(previewIds(emulator)).toHaveLength(1)
      expect(opened.steps[0].action?.outputs.environmentId).toBe(previewIds(emulator)[0])
      const closed = await runJob(workflow.jobs.preview, pullRequest(emulator, 'closed'))
      expect(closed.result).toBe('success')
      expect(previewIds(emulator)).toEqual([])
      const sweep = await runJob(workflow.jobs.sweep, {
        context: { ...contexts(emulator.token, { event_name: 'schedule' }), needs: {} },
        actionInputs: emulatorInputs(emulator),
        actionEnv: { GITHUB_EVENT_NAME: 'schedule' }
      })
      expect(sweep.result).toBe('success')
      expect(sweep.steps[0].action?.summary).toContain('Mendix preview sweep done')
    }))
})
