/**
 * `npm run demo`: starts the local emulator and runs the action against it exactly as a runner would (node
 * dist/index.js with INPUT_* variables), printing the step's log the way the Actions UI shows it, then its outputs
 * and job summary. With no arguments: a full build and deploy to Private Cloud. `--scenario` and `--target` pick
 * another capability (demo-scenarios.ts); `npm run demo -- --help` lists each with its command.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { startEmulator } from '../emulator/index.js'
import {
  commandFor,
  SCENARIOS,
  SECRET_INPUTS,
  TARGET_NAMES,
  TARGETS,
  type DemoStep,
  type Scenario,
  type Target
} from './demo-scenarios.js'
import { runAction } from './run-action.js'

let inGroup = false
/** Values the step asked the runner to mask (`::add-mask::`): the runner shows each as *** from then on. */
const masks = new Set<string>()

/** Text as the runner shows it: every masked value replaced by ***. */
function masked(text: string): string {
  let shown = text
  for (const secret of masks) shown = shown.split(secret).join('***')
  return shown
}

/** Renders a workflow command line as the Actions log shows it (groups indented, masks applied); undefined hides it. */
function asLogLine(line: string, debug: boolean): string | undefined {
  const shown = rendered(line, debug)
  return shown === undefined ? undefined : masked(shown)
}

function rendered(line: string, debug: boolean): string | undefined {
  const command = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(line)
  const indent = inGroup ? '  ' : ''
  if (!command) return `${indent}${line}`
  const [, name, text] = command
  const message = text.replace(/%0A/g, '\n').replace(/%0D/g, '').replace(/%25/g, '%')
  switch (name) {
    case 'add-mask':
      if (message) masks.add(message)
      return undefined
    case 'group':
      inGroup = true
      return `▼ ${message}`
    case 'endgroup':
      inGroup = false
      return undefined
    case 'error':
      return `Error: ${message}`
    case 'warning':
      return `${indent}Warning: ${message}`
    case 'notice':
      return `${indent}Notice: ${message}`
    case 'debug':
      return debug ? `${indent}##[debug]${message}` : undefined
    default:
      return undefined
  }
}

/** The --help text, written from the scenario table: every command in it runs. */
function help(): string {
  const lines = [
    'Usage: npm run demo -- [--scenario <name>] [--target private-cloud|mendix-cloud] [options]',
    '',
    'Runs the action (node dist/index.js, with INPUT_* variables as the runner sets them) against the local Mendix',
    "API emulator, and prints the step's log as the Actions UI shows it, then its outputs and job summary.",
    '',
    'Try each capability:'
  ]
  for (const scenario of SCENARIOS)
    for (const target of TARGETS) {
      const shows = scenario.shows[target]
      if (shows)
        lines.push(`  ${commandFor(scenario.name, target)}`, `      ${TARGET_NAMES[target]}: ${shows}`)
    }
  lines.push(
    '',
    'Options:',
    '  --scenario <name>      one of the above (default deploy):',
    `                         ${SCENARIOS.map(s => s.name).join(', ')}`,
    '  --target <target>      private-cloud (default) or mendix-cloud',
    '  --build-seconds <s>    how long a build job takes (default 8)',
    '  --deploy-seconds <s>   how long a deploy job takes (default 4)',
    '  --debug                show the debug lines too (RUNNER_DEBUG=1)',
    '',
    'Exit code: 0 when every step ended as described (in rollback the step itself fails, with exit code 1: that is',
    'what it shows), 1 otherwise. For the emulator alone, with its URLs and credentials: npm run emulator -- --help'
  )
  return lines.join('\n')
}

function seconds(value: string | undefined, flag: string): number {
  const n = Number(value)
  if (!Number.isFinite(n) || n < 0) throw new Error(`${flag} must be a number of seconds, got '${value}'`)
  return n * 1000
}

/** The scenario and target the arguments name, or an error naming the argument and what is allowed. */
function choose(scenarioName: string, targetName: string): { scenario: Scenario; target: Target } {
  const target = TARGETS.find(t => t === targetName)
  if (!target) throw new Error(`--target must be ${TARGETS.join(' or ')}, got '${targetName}'`)
  const scenario = SCENARIOS.find(s => s.name === scenarioName)
  if (!scenario)
    throw new Error(
      `--scenario must be one of ${SCENARIOS.map(s => s.name).join(', ')}; got '${scenarioName}'`
    )
  if (!scenario.shows[target]) {
    const on = TARGETS.filter(t => scenario.shows[t]).join(' and ')
    throw new Error(`--scenario ${scenario.name} runs on ${on} only: its inputs belong to that target`)
  }
  return { scenario, target }
}

/** Runs one step and prints it as a workflow log; true when it ended with the exit code the scenario shows. */
async function runStep(step: DemoStep, emulatorRequests: () => number, debug: boolean): Promise<boolean> {
  console.log('Running the step as the runner does: node dist/index.js with these inputs:')
  for (const [name, value] of Object.entries(step.inputs))
    console.log(`  ${name}: ${SECRET_INPUTS.has(name) && value ? '***' : value}`)
  console.log('─'.repeat(72))
  const before = emulatorRequests()
  const result = await runAction({
    inputs: step.inputs,
    env: { ...step.env, ...(debug ? { RUNNER_DEBUG: '1' } : {}) },
    onLine: line => {
      const shown = asLogLine(line, debug)
      if (shown !== undefined) console.log(shown)
    }
  })
  console.log('─'.repeat(72))
  const asShown = result.exitCode === step.exitCode
  const ended = result.exitCode === 0 ? 'succeeded' : `failed (exit code ${result.exitCode})`
  const expected = step.exitCode === 0 ? '' : asShown ? ', as this scenario shows' : ''
  console.log(`Step ${ended} in ${(result.durationMs / 1000).toFixed(1)}s${expected}`)
  console.log('Outputs:')
  for (const [name, value] of Object.entries(result.outputs)) console.log(masked(`  ${name} = ${value}`))
  console.log(`Requests the emulator served: ${emulatorRequests() - before}`)
  console.log('\nJob summary (GITHUB_STEP_SUMMARY):\n')
  console.log(masked(result.summary))
  return asShown
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string', default: 'deploy' },
      target: { type: 'string', default: 'private-cloud' },
      'build-seconds': { type: 'string', default: '8' },
      'deploy-seconds': { type: 'string', default: '4' },
      debug: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false }
    }
  })
  if (values.help) {
    console.log(help())
    return
  }
  const { scenario, target } = choose(values.scenario, values.target)
  const durations = {
    buildMs: seconds(values['build-seconds'], '--build-seconds'),
    deployMs: seconds(values['deploy-seconds'], '--deploy-seconds')
  }
  // Made per run: the demo's apps take it, and the log shows it as ***, as a runner masks a secret.
  const unitTestsPassword = `local-${randomBytes(12).toString('base64url')}`
  const emulator = await startEmulator({ ...scenario.emulator?.(target, unitTestsPassword), durations })
  const workDir = mkdtempSync(join(tmpdir(), 'mendix-demo-'))
  try {
    console.log(
      `Local Mendix API emulator at ${target === 'mendix-cloud' ? emulator.cloudUrl : emulator.url}`
    )
    console.log(`Scenario ${scenario.name} (${TARGET_NAMES[target]}): ${scenario.shows[target]}`)
    const steps = scenario.steps({ emulator, target, workDir, unitTestsPassword })
    const mismatches: string[] = []
    for (const [index, step] of steps.entries()) {
      if (steps.length > 1) {
        const title = `Workflow run ${index + 1} of ${steps.length}: ${step.event ?? 'push to main'}`
        console.log(`\n═══ ${title} ${'═'.repeat(Math.max(3, 66 - title.length))}`)
      } else if (step.event) console.log(`Event: ${step.event}`)
      if (!(await runStep(step, () => emulator.traffic.length, values.debug)))
        mismatches.push(`step ${index + 1} was expected to end with exit code ${step.exitCode}`)
    }
    if (mismatches.length > 0) {
      console.log(`\nThe demo did not go as described: ${mismatches.join('; ')}.`)
      process.exitCode = 1
    } else console.log('More to try: npm run demo -- --help')
  } finally {
    await emulator.close()
    rmSync(workDir, { recursive: true, force: true })
  }
}

main().catch(error => {
  console.error(`demo: ${error instanceof Error ? error.message : String(error)}`)
  console.error('See: npm run demo -- --help')
  process.exit(1)
})
