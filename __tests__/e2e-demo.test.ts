/**
 * `npm run demo -- --help` lists how to try each capability, and each command it lists runs the bundled action
 * against the local emulator and ends as the help says: green, or, for rollback, a failed step that rolled back.
 * Each command runs as a user types it (through npm), with short jobs. The runs mostly wait (npm, tsx and the
 * action starting, the emulator's jobs), so three go at a time: on 2 loaded cores that took the suite from 86 s to
 * about a third, without starting all of them at once.
 */
import { spawn } from 'node:child_process'
import { SEED } from '../emulator/index.js'
import { ROOT } from '../scripts/run-action.js'

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

const AT_ONCE = 3
let running = 0
const waiting: Array<() => void> = []

/** Runs `fn` once fewer than AT_ONCE others run. */
async function inTurn<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= AT_ONCE) await new Promise<void>(resolve => waiting.push(resolve))
  running++
  try {
    return await fn()
  } finally {
    running--
    waiting.shift()?.()
  }
}

/** A test's time: its own run and its wait for a turn (at most all the other runs, a few seconds each). */
const TIMEOUT_MS = 180_000

/** `npm run --silent demo -- <args>`, as a user runs it. */
function npmDemo(args: string[]): Promise<Run> {
  return inTurn(() => spawnDemo(args))
}

function spawnDemo(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'demo', '--', ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', code => resolve({ code, stdout, stderr }))
  })
}

/** The arguments of a command the help lists, e.g. `npm run demo -- --scenario health` -> [--scenario, health]. */
function argsOf(command: string): string[] {
  const [, rest = ''] = command.split(/^npm run demo(?: -- )?/)
  return rest.split(' ').filter(Boolean)
}

const QUICK = ['--build-seconds', '0.4', '--deploy-seconds', '0.2']
const TEST_ENV = SEED.environments.test.id

/** Every command the help lists, and lines its log shows when it did what the help says. */
const COMMANDS: Array<[string, Array<string | RegExp>]> = [
  ['npm run demo', ['Built package', 'Step succeeded', 'state = Ready']],
  [
    'npm run demo -- --target mendix-cloud',
    [/Deployed package [\w-]+ to Production; the app runs/, 'Step succeeded', 'snapshotId = ']
  ],
  [
    'npm run demo -- --scenario health',
    [new RegExp(`Health check http://127\\.0\\.0\\.1:\\d+/app/${TEST_ENV}/health: 200`), 'Step succeeded']
  ],
  [
    'npm run demo -- --scenario unit-tests',
    ['unitTestsPassword: ***', 'All 5 unit test(s) passed', 'testsRun = 5', 'testsFailed = 0']
  ],
  [
    'npm run demo -- --scenario unit-tests --target mendix-cloud',
    ['unitTestsPassword: ***', 'All 5 unit test(s) passed', 'testsRun = 5']
  ],
  [
    'npm run demo -- --scenario rollback',
    [
      'has container state Failed after the deploy',
      `Rolled back: the environment runs package ${SEED.packages.released} again`,
      'Step failed (exit code 1)',
      'rolledBack = true'
    ]
  ],
  [
    'npm run demo -- --scenario rollback --target mendix-cloud',
    [
      'STARTUP_ACTION_FAILED',
      `Rolled back: the environment runs package ${SEED.cloud.packages.running} again`,
      'Step failed (exit code 1)',
      'rolledBack = true'
    ]
  ],
  [
    'npm run demo -- --scenario dry-run',
    [
      '+ environment.deployment.constants.Orders.MaxBatchSize.value: "500"',
      'Dry run: nothing was built, and nothing was changed.'
    ]
  ],
  [
    'npm run demo -- --scenario dry-run --target mendix-cloud',
    [
      'set constant Orders.MaxBatchSize: "250" -> "500"',
      'Dry run: nothing was built, and nothing was changed.'
    ]
  ],
  [
    'npm run demo -- --scenario preview',
    [
      'Event: pull_request opened (#7)',
      /Creating preview environment "preview-pr7-\w+" \(id p7\w+\) from "preview-template"/,
      '### ✅ Mendix preview of pull request #7 deployed'
    ]
  ],
  [
    'npm run demo -- --scenario preview-cleanup',
    [
      'Workflow run 1 of 2: pull_request opened (#7)',
      'Workflow run 2 of 2: pull_request closed (#7)',
      /Deleted preview environment "preview-pr7-\w+"/,
      '### ✅ Mendix preview of pull request #7 cleaned up'
    ]
  ],
  [
    'npm run demo -- --scenario package-file',
    [/Uploaded Orders_1\.5\.0\.mda: package [\w-]+/, 'Step succeeded']
  ],
  [
    'npm run demo -- --scenario package-file --target mendix-cloud',
    [/Uploaded Orders_1\.5\.0\.mda as package [\w-]+/, 'Step succeeded']
  ],
  ['npm run demo -- --scenario restart', ['Setting instances to 0', 'Restarted "test"', 'Step succeeded']]
]

describe('npm run demo -- --help', () => {
  it('lists the command of every capability, each with what it shows, and exits 0', async () => {
    const { code, stdout, stderr } = await npmDemo(['--help'])
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' })
    const listed = stdout
      .split('\n')
      .filter(line => line.startsWith('  npm run demo'))
      .map(line => line.trim())
    expect(listed).toEqual(COMMANDS.map(([command]) => command))
    // Each command is followed by one line saying which target and what it shows.
    const lines = stdout.split('\n')
    for (const command of listed) {
      const next = lines[lines.indexOf(`  ${command}`) + 1]
      expect(next).toMatch(/^ {6}(Private Cloud|Mendix Cloud): \S/)
    }
    expect(stdout).toContain('Exit code: 0 when every step ended as described')
  })
})

describe('each command the help lists', () => {
  it.concurrent.each(COMMANDS)(
    '%s runs the action and ends as described',
    async (command, shows) => {
      const { code, stdout, stderr } = await npmDemo([...argsOf(command), ...QUICK])
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' })
      expect(stdout).toContain('Running the step as the runner does: node dist/index.js')
      for (const line of shows) {
        if (typeof line === 'string') expect(stdout).toContain(line)
        else expect(stdout).toMatch(line)
      }
      expect(stdout).toContain('More to try: npm run demo -- --help')
      // Shown as the runner shows a log: workflow commands rendered, masked values as ***, the password never.
      expect(stdout).not.toMatch(/^::/m)
      expect(stdout).not.toMatch(/local-[\w-]{16}/)
    },
    TIMEOUT_MS
  )
})

describe('arguments the demo refuses, naming the argument and what is allowed', () => {
  it.concurrent.each([
    [['--scenario', 'health', '--target', 'mendix-cloud'], '--scenario health runs on private-cloud only'],
    [
      ['--scenario', 'nope'],
      "--scenario must be one of deploy, health, unit-tests, rollback, dry-run, preview, preview-cleanup, package-file, restart; got 'nope'"
    ],
    [['--target', 'aws'], "--target must be private-cloud or mendix-cloud, got 'aws'"],
    [['--build-seconds', 'soon'], "--build-seconds must be a number of seconds, got 'soon'"]
  ])(
    '%j',
    async (args, message) => {
      const { code, stdout, stderr } = await npmDemo(args)
      expect(code).toBe(1)
      expect(stderr).toContain(`demo: ${message}`)
      expect(stderr).toContain('See: npm run demo -- --help')
      // Refused before anything starts: no emulator, no step.
      expect(stdout).toBe('')
    },
    TIMEOUT_MS
  )
})
