/**
 * What `npm run demo` can show: one scenario per capability of the action, each a list of workflow steps (inputs
 * and event, as the runner gives them) against a local emulator set up for it, and the exit code each step
 * ends with. `--help` is written from this table, so every command it lists is one that runs.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { addPreviewTemplate, PREVIEW_TEMPLATE } from '../emulator/seed.js'
import type { Emulator, EmulatorOptions } from '../emulator/index.js'

export const TARGETS = ['private-cloud', 'mendix-cloud'] as const
export type Target = (typeof TARGETS)[number]
export const TARGET_NAMES: Record<Target, string> = {
  'private-cloud': 'Private Cloud',
  'mendix-cloud': 'Mendix Cloud'
}

/** One run of the action, as one workflow run's step. */
export interface DemoStep {
  /** The event that started the workflow run, when it is not a push to main, e.g. `pull_request opened (#7)`. */
  event?: string
  inputs: Record<string, string>
  /** GITHUB_* variables of that event. */
  env?: Record<string, string>
  /** The step's exit code the scenario shows: 0, or 1 for the failure it demonstrates. */
  exitCode: 0 | 1
}

export interface ScenarioContext {
  emulator: Emulator
  target: Target
  /** A directory of this demo run's own, removed afterwards: event files, a package file. */
  workDir: string
  /** The UnitTesting remote API password the emulated apps take, made for this run. */
  unitTestsPassword: string
}

export interface Scenario {
  name: string
  /** What it shows on each target it runs on, one line for --help. */
  shows: Partial<Record<Target, string>>
  /** Emulator options beyond the job durations (injected faults, the apps' unit tests). */
  emulator?: (target: Target, unitTestsPassword: string) => EmulatorOptions
  /** Prepares the emulator and returns the steps, in order. */
  steps: (context: ScenarioContext) => DemoStep[]
}

/** Inputs that are secrets: the demo prints them as the runner's log does, `***`. */
export const SECRET_INPUTS = new Set(['token', 'apiKey', 'unitTestsPassword', 'subscriptionSecret'])

/** The pull request the preview scenarios open and close. */
export const DEMO_PULL_REQUEST = 7

/** Inputs of a plain deploy of the head of main: Private Cloud's "test", or Mendix Cloud's Production with a backup. */
export function baseInputs({
  emulator,
  target
}: Pick<ScenarioContext, 'emulator' | 'target'>): Record<string, string> {
  const { seed } = emulator
  const revision = seed.revisions[seed.revisions.length - 1]
  if (target === 'mendix-cloud')
    return {
      target: 'mendix-cloud',
      username: seed.cloud.username,
      apiKey: seed.cloud.apiKey,
      appId: seed.cloud.appId,
      branch: seed.branch,
      revision,
      environment: 'Production',
      backup: 'true',
      apiUrl: emulator.cloudUrl
    }
  return {
    token: emulator.token,
    appId: seed.appId,
    branch: seed.branch,
    revision,
    environment: seed.environments.test.name,
    apiUrl: emulator.url
  }
}

/** A step of a plain deploy with these inputs added. */
function deployWith(context: ScenarioContext, inputs: Record<string, string>, exitCode: 0 | 1 = 0): DemoStep {
  return { inputs: { ...baseInputs(context), ...inputs }, exitCode }
}

/** The event file of a pull_request event, as the runner writes it, and the variables that point at it. */
function pullRequestEvent(workDir: string, action: 'opened' | 'closed'): Pick<DemoStep, 'event' | 'env'> {
  const pr = DEMO_PULL_REQUEST
  const path = join(workDir, `pull-request-${action}.json`)
  writeFileSync(
    path,
    JSON.stringify({
      action,
      number: pr,
      pull_request: {
        number: pr,
        state: action === 'closed' ? 'closed' : 'open',
        title: 'New checkout',
        head: { sha: '0007abcdef0123456789abcdef0123456789abcd' }
      },
      repository: { full_name: 'acme/orders-app' }
    })
  )
  return {
    event: `pull_request ${action} (#${pr})`,
    env: { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: path, GITHUB_REF: `refs/pull/${pr}/merge` }
  }
}

/** The inputs of a preview workflow: a preview names no environment, the pull request says which. */
function previewInputs(context: ScenarioContext, inputs: Record<string, string>): Record<string, string> {
  const { environment: _none, ...rest } = baseInputs(context)
  return { ...rest, ...inputs }
}

function previewDeploy(context: ScenarioContext): DemoStep {
  addPreviewTemplate(context.emulator.state)
  return {
    ...pullRequestEvent(context.workDir, 'opened'),
    inputs: previewInputs(context, { preview: 'deploy', previewFrom: PREVIEW_TEMPLATE.name }),
    exitCode: 0
  }
}

/** The URL of an emulated app: Private Cloud apps are published by serveApps, Mendix Cloud ones are addressed here. */
function appOrigin(emulator: Emulator): string {
  return new URL(emulator.url).origin
}

export const SCENARIOS: Scenario[] = [
  {
    name: 'deploy',
    shows: {
      'private-cloud': 'build the head of main and deploy it to environment "test": a full build and deploy',
      'mendix-cloud': 'build, back up, stop, transport and start the Production environment'
    },
    steps: context => [deployWith(context, {})]
  },
  {
    name: 'health',
    shows: {
      'private-cloud': 'deploy, then GET the app URL + /health until it answers 200 (healthCheckPath)'
    },
    steps: context => {
      context.emulator.control.serveApps()
      return [deployWith(context, { healthCheckPath: '/health' })]
    }
  },
  {
    name: 'unit-tests',
    shows: {
      'private-cloud': "deploy, check health, then run the app's 5 unit tests (the UnitTesting remote API)",
      'mendix-cloud': "deploy, then run the app's 5 unit tests at unitTestsUrl once it runs again"
    },
    emulator: (_target, password) => ({ unitTests: { password } }),
    steps: context => {
      const { emulator } = context
      const tests = { unitTests: 'true', unitTestsPassword: context.unitTestsPassword }
      if (context.target === 'mendix-cloud') {
        const environmentId = emulator.seed.cloud.environments.Production
        return [
          deployWith(context, { ...tests, unitTestsUrl: `${appOrigin(emulator)}/app/${environmentId}` })
        ]
      }
      emulator.control.serveApps()
      return [deployWith(context, { ...tests, healthCheckPath: '/health' })]
    }
  },
  {
    name: 'rollback',
    shows: {
      'private-cloud':
        'the new package crashes (injected): the step fails, exit code 1, and the old package runs again',
      'mendix-cloud':
        'the start fails (injected): the step fails, exit code 1, and the old package runs again'
    },
    emulator: target => ({
      jobFaults: [
        target === 'mendix-cloud'
          ? { job: 'start', outcome: 'fail', code: 'STARTUP_ACTION_FAILED', times: 1 }
          : { job: 'deploy', outcome: 'unhealthy', times: 1 }
      ]
    }),
    steps: context => [deployWith(context, { rollbackOnFailure: 'true' }, 1)]
  },
  {
    name: 'dry-run',
    shows: {
      'private-cloud': 'show the manifest diff a deploy with a new constant value would make; change nothing',
      'mendix-cloud': 'show the steps and constant values a deploy would take; change nothing'
    },
    steps: context => [deployWith(context, { dryRun: 'true', constants: 'Orders.MaxBatchSize=500' })]
  },
  {
    name: 'preview',
    shows: {
      'private-cloud': `PR #${DEMO_PULL_REQUEST} opened: create its environment from "${PREVIEW_TEMPLATE.name}" (OnDemand plans), build, deploy`
    },
    steps: context => [previewDeploy(context)]
  },
  {
    name: 'preview-cleanup',
    shows: {
      'private-cloud': `the preview above, then PR #${DEMO_PULL_REQUEST} closed: its environment is deleted`
    },
    steps: context => [
      previewDeploy(context),
      {
        ...pullRequestEvent(context.workDir, 'closed'),
        inputs: previewInputs(context, { preview: 'cleanup' }),
        exitCode: 0
      }
    ]
  },
  {
    name: 'package-file',
    shows: {
      'private-cloud': 'upload an .mda built elsewhere (packageFile) and deploy it, instead of building',
      'mendix-cloud':
        'upload an .mda built elsewhere (packageFile) through the Deploy API v2, transport, start'
    },
    steps: context => {
      // The emulator stores what it receives; the bytes of a real .mda matter to a real cluster only.
      const file = join(context.workDir, 'Orders_1.5.0.mda')
      writeFileSync(file, Buffer.alloc(2 * 1024 * 1024, 7))
      return [deployWith(context, { packageFile: file })]
    }
  },
  {
    name: 'restart',
    shows: {
      'private-cloud':
        'deploy, then restart the app: instances to 0 and back, and wait until it is Ready (restart)'
    },
    steps: context => [deployWith(context, { restart: 'true' })]
  }
]

/** The command that runs a scenario on a target. */
export function commandFor(scenario: string, target: Target): string {
  const args = [
    ...(scenario === 'deploy' ? [] : ['--scenario', scenario]),
    ...(target === 'private-cloud' ? [] : ['--target', target])
  ]
  return `npm run demo${args.length ? ` -- ${args.join(' ')}` : ''}`
}
