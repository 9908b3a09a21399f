/**
 * Runs `node dist/index.js` the way the GitHub runner does: INPUT_* variables, the GITHUB_OUTPUT,
 * GITHUB_STEP_SUMMARY and GITHUB_STATE files, an event file and the other GITHUB_* variables.
 * Shared by the demo, the end-to-end tests and the benchmark.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
export const ACTION_ENTRY = join(ROOT, 'dist', 'index.js')

export interface RunOptions {
  inputs: Record<string, string>
  /** Extra or overriding environment variables (GITHUB_REF, RUNNER_DEBUG...). */
  env?: Record<string, string>
  /**
   * Sends this signal to the action, as the runner does on cancel: after `afterMs`, or at the first line that
   * matches `afterLine` (sure to reach an action that is already listening, however slow the machine).
   */
  signal?: { name: NodeJS.Signals; afterMs?: number; afterLine?: RegExp }
  /** Kills the action after this long, as a safety net for tests. */
  timeoutMs?: number
  /** Called with each line the action prints, as it prints it. */
  onLine?: (line: string) => void
  /** Called once the process is started, with its pid and the time just before the spawn (epoch ms). */
  onSpawn?: (pid: number, spawnedAt: number) => void
}

export interface RunResult {
  exitCode: number | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  /** Everything the action wrote to its files, raw, for secret scans. */
  files: { output: string; summary: string; state: string }
  durationMs: number
  /** When the action received its signal, if one was sent (ms after start). */
  signalledAtMs?: number
}

/** The runner's input variable name: spaces to underscores, upper case. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

/** Parses the GITHUB_OUTPUT file format (`name<<delimiter` heredocs, or `name=value`). */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i])
    if (heredoc) {
      const value: string[] = []
      for (i++; i < lines.length && lines[i] !== heredoc[2]; i++) value.push(lines[i])
      outputs[heredoc[1]] = value.join('\n')
    } else if (lines[i].includes('=')) {
      const at = lines[i].indexOf('=')
      outputs[lines[i].slice(0, at)] = lines[i].slice(at + 1)
    }
  }
  return outputs
}

/** The last action.yml read and its defaults: parsing it costs more than a run's other set-up, every run. */
let parsedAction: { text: string; defaults: Record<string, string> } | undefined

/** The defaults action.yml declares, by input name. */
export function actionDefaults(): Record<string, string> {
  const text = readFileSync(join(ROOT, 'action.yml'), 'utf8')
  if (parsedAction?.text !== text) {
    const action = parse(text) as { inputs: Record<string, { default?: string }> }
    const defaults: Record<string, string> = {}
    for (const [name, input] of Object.entries(action.inputs))
      if (input.default !== undefined) defaults[name] = input.default
    parsedAction = { text, defaults }
  }
  return { ...parsedAction.defaults }
}

export async function runAction(options: RunOptions): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'mendix-action-'))
  const files = {
    output: join(dir, 'output'),
    summary: join(dir, 'summary'),
    state: join(dir, 'state'),
    event: join(dir, 'event.json')
  }
  writeFileSync(files.output, '')
  writeFileSync(files.summary, '')
  writeFileSync(files.state, '')
  writeFileSync(
    files.event,
    JSON.stringify({ ref: 'refs/heads/main', repository: { full_name: 'acme/orders-app' } })
  )
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_STATE: files.state,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_EVENT_NAME: 'push',
    GITHUB_REPOSITORY: 'acme/orders-app',
    GITHUB_REPOSITORY_OWNER: 'acme',
    GITHUB_SHA: '5e1f0c3a9b7d2e4f6a8c0b1d3e5f7a9c2b4d6e8f',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_RUN_ID: '7712345678',
    GITHUB_RUN_NUMBER: '42',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_WORKFLOW: 'Deploy to Mendix',
    GITHUB_JOB: 'deploy',
    GITHUB_ACTOR: 'octocat',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'https://api.github.com',
    GITHUB_WORKSPACE: dir,
    RUNNER_TEMP: dir,
    RUNNER_OS: 'Linux',
    ...options.env
  }
  // The runner fills in action.yml's defaults for inputs the workflow does not give.
  for (const [name, value] of Object.entries(actionDefaults())) env[inputVariable(name)] = value
  for (const [name, value] of Object.entries(options.inputs)) env[inputVariable(name)] = value

  const started = Date.now()
  const child = spawn(process.execPath, [ACTION_ENTRY], { env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] })
  if (child.pid !== undefined) options.onSpawn?.(child.pid, started)
  let stdout = ''
  let stderr = ''
  let pending = ''
  let signalledAtMs: number | undefined
  const sendSignal = (name: NodeJS.Signals): void => {
    if (signalledAtMs !== undefined) return
    signalledAtMs = Date.now() - started
    child.kill(name)
  }
  const afterLine = options.signal?.afterLine
  const onLine = (line: string): void => {
    options.onLine?.(line)
    if (afterLine?.test(line)) sendSignal(options.signal!.name)
  }
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk
    if (!options.onLine && !afterLine) return
    pending += chunk
    const lines = pending.split('\n')
    pending = lines.pop() ?? ''
    lines.forEach(onLine)
  })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const timers: NodeJS.Timeout[] = []
  if (options.signal?.afterMs !== undefined) {
    const { name, afterMs } = options.signal
    timers.push(setTimeout(() => sendSignal(name), afterMs))
  }
  timers.push(setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000))
  const exitCode = await new Promise<number | null>(resolve => child.on('close', code => resolve(code)))
  timers.forEach(clearTimeout)
  if (pending) onLine(pending)

  const written = {
    output: readFileSync(files.output, 'utf8'),
    summary: readFileSync(files.summary, 'utf8'),
    state: readFileSync(files.state, 'utf8')
  }
  rmSync(dir, { recursive: true, force: true })
  return {
    exitCode,
    stdout,
    stderr,
    outputs: parseOutputFile(written.output),
    summary: written.summary,
    files: written,
    durationMs: Date.now() - started,
    signalledAtMs
  }
}
