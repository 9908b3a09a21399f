/**
 * Runs the jobs of an example workflow as far as a test can: each step that uses this action runs the bundle
 * against the emulator, each `run:` step runs in bash as the runner runs it, and other actions (actions/cache) are
 * skipped. Expressions are evaluated by a small interpreter of the subset the examples use: context paths, string
 * literals, `==`, `!=`, `&&`, `||`, `!`, parentheses, the status functions (`success()`, `failure()`, `always()`,
 * `cancelled()`) and `fromJSON()`. Anything else throws, so an example that grows past it fails loudly rather than
 * being half run. As on the runner, a step's `if` without a status function means `success() && ...`, and one with
 * a status function is evaluated after a failure too.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { runAction, ROOT, type RunResult } from '../../scripts/run-action.js'

export const ACTION = 'your-org/mendix-deploy-action@v1'

export interface Step {
  id?: string
  name?: string
  if?: string | boolean
  uses?: string
  with?: Record<string, string>
  run?: string
  env?: Record<string, string>
}

export interface Job {
  name?: string
  needs?: string | string[]
  if?: string | boolean
  environment?: string | { name: string; url?: string }
  concurrency?: { group: string; 'cancel-in-progress'?: boolean }
  strategy?: { 'fail-fast'?: boolean; 'max-parallel'?: number; matrix?: Record<string, unknown> }
  outputs?: Record<string, string>
  steps: Step[]
}

export interface Workflow {
  name: string
  concurrency?: { group: string; 'cancel-in-progress'?: boolean }
  jobs: Record<string, Job>
}

export function loadWorkflow(path: string): Workflow {
  return parse(readFileSync(join(ROOT, path), 'utf8')) as Workflow
}

type Context = Record<string, unknown>

/** Evaluates one expression (without `${{ }}`) against the contexts. */
export function evaluate(expression: string, context: Context): unknown {
  const tokens = [...expression.matchAll(/\s*(==|!=|&&|\|\||!|\(|\)|,|'(?:[^']|'')*'|[A-Za-z_][\w.-]*)/gy)]
  if (tokens.map(t => t[0]).join('') !== expression.replace(/\s+$/, ''))
    throw new Error(`Cannot evaluate '${expression}'`)
  const list = tokens.map(t => t[1])
  let at = 0
  const peek = () => list[at]
  const take = (want?: string) => {
    const token = list[at++]
    if (want !== undefined && token !== want) throw new Error(`Expected '${want}' in '${expression}'`)
    return token
  }
  const equal = (a: unknown, b: unknown) => String(a ?? '') === String(b ?? '')
  const or = (): unknown => {
    let value = and()
    while (peek() === '||') {
      take()
      const right = and()
      value = truthy(value) ? value : right
    }
    return value
  }
  const and = (): unknown => {
    let value = comparison()
    while (peek() === '&&') {
      take()
      const right = comparison()
      value = truthy(value) ? right : value
    }
    return value
  }
  const comparison = (): unknown => {
    const left = unary()
    if (peek() === '==' || peek() === '!=') {
      const op = take()
      const right = unary()
      return op === '==' ? equal(left, right) : !equal(left, right)
    }
    return left
  }
  const unary = (): unknown => (peek() === '!' ? (take(), !truthy(unary())) : primary())
  const primary = (): unknown => {
    const token = take()
    if (token === undefined) throw new Error(`Unexpected end of '${expression}'`)
    if (token === '(') {
      const value = or()
      take(')')
      return value
    }
    if (token.startsWith("'")) return token.slice(1, -1).replace(/''/g, "'")
    if (peek() === '(') {
      take('(')
      const args: unknown[] = []
      while (peek() !== ')') {
        args.push(or())
        if (peek() === ',') take(',')
      }
      take(')')
      if (token === 'cancelled' && args.length === 0) return false
      // The job's status so far, as the runner keeps it for `job.status`.
      if (token === 'success' && args.length === 0) return (context.job as Context)?.status !== 'failure'
      if (token === 'failure' && args.length === 0) return (context.job as Context)?.status === 'failure'
      if (token === 'always' && args.length === 0) return true
      if (token === 'fromJSON' && args.length === 1) return JSON.parse(String(args[0]))
      throw new Error(`Unknown function ${token}() in '${expression}'`)
    }
    return token.split('.').reduce<unknown>((value, key) => (value as Context | undefined)?.[key], context)
  }
  const value = or()
  if (at !== list.length) throw new Error(`Cannot evaluate '${expression}'`)
  return value
}

function truthy(value: unknown): boolean {
  return value !== false && value !== '' && value !== 0 && value !== null && value !== undefined
}

/** Fills in every `${{ }}` of a string; a whole-string expression keeps its type (for `fromJSON`). */
export function interpolate(text: string, context: Context): unknown {
  const whole = /^\$\{\{(.*?)\}\}$/s.exec(text.trim())
  if (whole) return evaluate(whole[1].trim(), context)
  return text.replace(/\$\{\{(.*?)\}\}/gs, (_, expression: string) => {
    const value = evaluate(expression.trim(), context)
    return value === undefined || value === null ? '' : String(value)
  })
}

function condition(value: string | boolean | undefined, context: Context): boolean {
  if (value === undefined) return true
  if (typeof value === 'boolean') return value
  const expression = /^\s*\$\{\{(.*)\}\}\s*$/s.exec(value)?.[1] ?? value
  return truthy(evaluate(expression.trim(), context))
}

export interface StepResult {
  step: Step
  outcome: 'success' | 'failure' | 'skipped'
  /** The action's run, for steps that use this action. */
  action?: RunResult
  /** What a `run:` step printed and what it added to the job summary. */
  stdout?: string
  summary?: string
}

export interface JobResult {
  result: 'success' | 'failure' | 'skipped'
  outputs: Record<string, string>
  steps: StepResult[]
}

export interface RunJobOptions {
  /** The contexts the workflow reads: github, vars, secrets, runner, needs. */
  context: Context
  matrix?: Record<string, unknown>
  /** Inputs added to every step of this action, e.g. apiUrl of the emulator. */
  actionInputs: Record<string, string>
  /** Environment variables for the action, e.g. GITHUB_SHA. */
  actionEnv?: Record<string, string>
}

/** Runs one job: its `if`, then its steps in order, each after the ones before succeeded or as its `if` says. */
export async function runJob(job: Job, options: RunJobOptions): Promise<JobResult> {
  const steps: Record<string, { outputs: Record<string, string>; outcome: string }> = {}
  const context: Context = { ...options.context, matrix: options.matrix ?? {}, steps }
  const results: StepResult[] = []
  if (!condition(job.if, context)) return { result: 'skipped', outputs: {}, steps: results }
  let failed = false
  for (const step of job.steps) {
    context.job = { status: failed ? 'failure' : 'success' }
    const checksStatus = /\b(success|failure|always|cancelled)\(\)/.test(String(step.if ?? ''))
    if ((failed && !checksStatus) || !condition(step.if, context)) {
      results.push({ step, outcome: 'skipped' })
      continue
    }
    const result = await runStep(step, context, options)
    results.push(result)
    if (step.id) steps[step.id] = { outputs: result.action?.outputs ?? {}, outcome: result.outcome }
    if (result.outcome === 'failure') failed = true
  }
  const outputs: Record<string, string> = {}
  for (const [name, value] of Object.entries(job.outputs ?? {}))
    outputs[name] = String(interpolate(value, context) ?? '')
  return { result: failed ? 'failure' : 'success', outputs, steps: results }
}

async function runStep(step: Step, context: Context, options: RunJobOptions): Promise<StepResult> {
  if (step.uses === ACTION) {
    const inputs: Record<string, string> = { ...options.actionInputs }
    for (const [name, value] of Object.entries(step.with ?? {}))
      inputs[name] = String(interpolate(String(value), context) ?? '')
    const action = await runAction({ inputs, env: options.actionEnv })
    return { step, outcome: action.exitCode === 0 ? 'success' : 'failure', action }
  }
  if (step.uses !== undefined) return { step, outcome: 'success' }
  if (step.run === undefined)
    throw new Error(`Step ${step.name ?? '?'} neither uses an action nor runs a script`)
  const dir = mkdtempSync(join(tmpdir(), 'example-step-'))
  const summaryFile = join(dir, 'summary')
  writeFileSync(summaryFile, '')
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', GITHUB_STEP_SUMMARY: summaryFile }
  for (const [name, value] of Object.entries(step.env ?? {}))
    env[name] = String(interpolate(String(value), context) ?? '')
  const script = String(interpolate(step.run, context))
  // The runner's default shell for `run:` on Linux.
  const done = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
    env,
    encoding: 'utf8'
  })
  const summary = readFileSync(summaryFile, 'utf8')
  rmSync(dir, { recursive: true, force: true })
  return { step, outcome: done.status === 0 ? 'success' : 'failure', stdout: done.stdout, summary }
}

/** Every combination of a job's matrix, each value filled in. */
export function matrixOf(job: Job, context: Context): Record<string, unknown>[] {
  const axes = Object.entries(job.strategy?.matrix ?? {}).map(([key, value]) => {
    const values = typeof value === 'string' ? interpolate(value, context) : value
    if (!Array.isArray(values)) throw new Error(`Matrix axis ${key} is not a list`)
    return values.map(v => [key, v] as const)
  })
  return axes.reduce<Record<string, unknown>[]>(
    (combinations, axis) => combinations.flatMap(c => axis.map(([key, v]) => ({ ...c, [key]: v }))),
    [{}]
  )
}
