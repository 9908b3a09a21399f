/**
 * Runs MxBuild as the refguide "MxBuild" (https://docs.mendix.com/refguide/mxbuild/) documents it:
 * `mxbuild --java-home=DIR --java-exe-path=FILE --target=package --output=FILE --write-errors=FILE ... App.mpr`,
 * with its exit codes (0 success, 1 internal error, 2 bad command-line options, 3 the app failed to build) and a
 * check that the package exists after a 0.
 *
 * MxBuild starts Java and, in newer versions, Gradle: it runs in a process group of its own, so that the deadline
 * and a cancel end all of it (SIGTERM, then SIGKILL), and whatever it leaves running after it exits is ended too.
 * Its output is the app's text: each line is bounded and printed through the Logger (output.ts neutralises it).
 */
import { spawn } from 'node:child_process'
import { statSync } from 'node:fs'
import { basename, dirname } from 'node:path'
import type { Deadline } from '../deadline.js'
import { CancelledError, JobError } from '../errors.js'
import type { Logger } from '../logger.js'
import {
  countWords,
  describeProblem,
  ProblemsFileError,
  readProblemsFile,
  reportProblems
} from './model-problems.js'
import type { ProblemReporter } from './model-problems.js'

/** One MxBuild run: where MxBuild and the JDK are, what to build, where its files go. */
export interface MxBuildCommand {
  /** `modeler/mxbuild` in the extracted tarball. */
  executable: string
  /** The Mendix version, for messages. */
  mendixVersion: string
  javaHome: string
  javaExe: string
  mprPath: string
  /** The package to write (`--output`). */
  mdaPath: string
  /** Where MxBuild writes the model's problems when there are any (`--write-errors`). */
  errorsPath: string
  /** With an SBOM: where it goes (`--generate-sbom --sbom-output-path`). */
  sbomPath?: string
  /** The package's version (`--model-version`), when the step settles one. */
  modelVersion?: string
  /** The package's description (`--model-description`): the repository, commit and run. */
  modelDescription: string
}

export interface MxBuildDeps {
  log: Logger
  deadline: Deadline
  signal?: AbortSignal
  reporter: ProblemReporter
  /** How long MxBuild's processes get between SIGTERM and SIGKILL. */
  killGraceMs?: number
  /** The environment MxBuild is started from (the step's, less its inputs and runner tokens). */
  env?: NodeJS.ProcessEnv
}

/** What MxBuild wrote. */
export interface MxBuildResult {
  mdaPath: string
  sbomPath?: string
}

/** MxBuild failed, or could not be run; `logTail` holds its last lines for the job summary. */
export class MxBuildError extends JobError {
  constructor(
    message: string,
    readonly exitCode: number | null,
    logTail?: string
  ) {
    super(logTail ? `${message}\nLast lines of the build log:\n${logTail}` : message, '', logTail)
    this.name = 'MxBuildError'
  }
}

/** Exit code 3: the app's model has errors; each was reported (annotation, summary) before this is thrown. */
export class ModelErrorsError extends MxBuildError {
  constructor(
    message: string,
    readonly problemCount: number
  ) {
    super(message, 3)
    this.name = 'ModelErrorsError'
  }
}

/** A line of MxBuild's output longer than this is cut: the log stays readable, and memory bounded. */
export const MAX_LINE_CHARS = 4000
const TAIL_LINES = 25
const KILL_GRACE_MS = 5000
/** After MxBuild exits, how long its output may take to drain before the pipes are closed. */
const DRAIN_MS = 2000
/** Problems named in the step's error line; the annotations and the summary have them all. */
const NAMED_IN_ERROR = 5

/** MxBuild's command line, as documented. */
export function mxbuildArguments(c: MxBuildCommand): string[] {
  return [
    `--java-home=${c.javaHome}`,
    `--java-exe-path=${c.javaExe}`,
    '--target=package',
    `--output=${c.mdaPath}`,
    `--write-errors=${c.errorsPath}`,
    ...(c.modelVersion ? [`--model-version=${c.modelVersion}`] : []),
    `--model-description=${c.modelDescription}`,
    ...(c.sbomPath ? ['--generate-sbom', `--sbom-output-path=${c.sbomPath}`] : []),
    c.mprPath
  ]
}

/**
 * The environment MxBuild runs in: the step's, without its inputs (INPUT_TOKEN, INPUT_APIKEY...) and the
 * runner's tokens (ACTIONS_RUNTIME_TOKEN, ACTIONS_ID_TOKEN_REQUEST_TOKEN...), which the app's build code has no
 * use for; JAVA_HOME is the JDK it is given, for the tools it starts.
 */
export function mxbuildEnvironment(env: NodeJS.ProcessEnv, javaHome: string): NodeJS.ProcessEnv {
  const kept: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(env)) {
    if (!/^(INPUT|ACTIONS)_/i.test(name)) kept[name] = value
  }
  return { ...kept, JAVA_HOME: javaHome }
}

/** Splits a stream's text into lines, each cut at MAX_LINE_CHARS; keeps the last lines for an error. */
export class OutputLines {
  private pending = ''
  /** Dropping the rest of a line already cut. */
  private skipping = false
  readonly tail: string[] = []

  constructor(private readonly emit: (line: string) => void) {}

  push(chunk: string): void {
    const parts = chunk.split('\n')
    parts.forEach((part, i) => {
      if (!this.skipping) this.pending += part
      if (i < parts.length - 1) {
        if (!this.skipping) this.line(this.pending)
        this.pending = ''
        this.skipping = false
      } else if (this.pending.length > MAX_LINE_CHARS) {
        this.line(this.pending)
        this.pending = ''
        this.skipping = true
      }
    })
  }

  end(): void {
    if (this.pending !== '' && !this.skipping) this.line(this.pending)
    this.pending = ''
  }

  private line(raw: string): void {
    const text = raw.replace(/\r$/, '')
    const line =
      text.length > MAX_LINE_CHARS
        ? `${text.slice(0, MAX_LINE_CHARS)}… (line cut at ${MAX_LINE_CHARS} characters)`
        : text
    this.tail.push(line)
    if (this.tail.length > TAIL_LINES) this.tail.shift()
    this.emit(line)
  }
}

/** Sends a signal to every process of the group led by `pid`; a group already gone is fine. */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal)
  } catch {
    // ESRCH: nothing of the group is left.
  }
}

/** How the process group's leader ended, and whether the step ended it. */
interface Ended {
  code: number | null
  signal: NodeJS.Signals | null
  stoppedFor?: 'cancel' | 'deadline'
  tail: string[]
}

/** Runs a command in its own process group, its output to `line`, until it exits or is ended. */
export function runInGroup(
  executable: string,
  args: string[],
  options: {
    cwd: string
    env: NodeJS.ProcessEnv
    line: (text: string) => void
    deadline: Deadline
    signal?: AbortSignal
    killGraceMs?: number
  }
): Promise<Ended> {
  return new Promise((resolve, reject) => {
    const child = spawn(executable, args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    const lines = new OutputLines(options.line)
    let stoppedFor: Ended['stoppedFor']
    const timers: NodeJS.Timeout[] = []
    const pid = child.pid
    // The step exits soon after a cancel (signals.ts), before a SIGKILL timer could fire: end the group on exit.
    const killOnExit = (): void => {
      if (pid !== undefined) signalGroup(pid, 'SIGKILL')
    }
    const stop = (why: 'cancel' | 'deadline'): void => {
      if (stoppedFor || pid === undefined) return
      stoppedFor = why
      signalGroup(pid, 'SIGTERM')
      timers.push(setTimeout(() => signalGroup(pid, 'SIGKILL'), options.killGraceMs ?? KILL_GRACE_MS))
    }
    const onAbort = (): void => stop('cancel')
    const cleanUp = (): void => {
      timers.forEach(clearTimeout)
      options.signal?.removeEventListener('abort', onAbort)
      process.removeListener('exit', killOnExit)
    }
    child.on('error', error => {
      cleanUp()
      reject(
        new MxBuildError(
          `Could not start MxBuild (${executable}): ${error.message}`,
          null,
          lines.tail.join('\n')
        )
      )
    })
    if (pid === undefined) return
    process.once('exit', killOnExit)
    options.signal?.addEventListener('abort', onAbort, { once: true })
    if (options.signal?.aborted) stop('cancel')
    const remaining = options.deadline.remainingMs()
    if (Number.isFinite(remaining)) timers.push(setTimeout(() => stop('deadline'), Math.max(0, remaining)))

    let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined
    let streamsOpen = 2
    const finish = (): void => {
      if (!exited || streamsOpen > 0) return
      lines.end()
      cleanUp()
      resolve({ ...exited, stoppedFor, tail: lines.tail })
    }
    for (const stream of [child.stdout, child.stderr]) {
      stream.setEncoding('utf8')
      stream.on('data', (chunk: string) => lines.push(chunk))
      stream.on('close', () => {
        streamsOpen -= 1
        finish()
      })
    }
    child.on('exit', (code, signal) => {
      exited = { code, signal }
      // Whatever the build left running in its group (a Gradle daemon, a stray java) ends with it; that also
      // closes the pipes such a process would hold open.
      signalGroup(pid, 'SIGKILL')
      timers.push(
        setTimeout(() => {
          child.stdout.destroy()
          child.stderr.destroy()
        }, DRAIN_MS)
      )
      finish()
    })
  })
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false
}

/** Runs MxBuild and returns what it wrote, or throws what its exit code means (model problems reported first). */
export async function runMxBuild(command: MxBuildCommand, deps: MxBuildDeps): Promise<MxBuildResult> {
  const { log } = deps
  if (deps.signal?.aborted) throw new CancelledError()
  if (deps.deadline.remainingMs() <= 0)
    throw new MxBuildError("The step's deadline (timeoutMinutes) passed before MxBuild could start.", null)
  const args = mxbuildArguments(command)
  log.info(`Running ${command.executable} ${args.join(' ')}`)
  const ended = await runInGroup(command.executable, args, {
    cwd: dirname(command.mprPath),
    env: mxbuildEnvironment(deps.env ?? process.env, command.javaHome),
    line: text => log.info(text),
    deadline: deps.deadline,
    signal: deps.signal,
    killGraceMs: deps.killGraceMs
  })
  const tail = ended.tail.join('\n')
  const version = `MxBuild ${command.mendixVersion}`
  if (ended.stoppedFor === 'cancel') {
    throw new CancelledError(
      `The step was cancelled while ${version} ran; it was ended with all its processes.`
    )
  }
  if (ended.stoppedFor === 'deadline') {
    throw new MxBuildError(
      `${version} did not finish before the step's deadline (timeoutMinutes); it was ended with all its processes, and nothing was uploaded. Raise timeoutMinutes if the build needs longer.`,
      ended.code,
      tail
    )
  }
  switch (ended.code) {
    case 0:
      if (!isFile(command.mdaPath)) {
        throw new MxBuildError(
          `${version} ended with exit code 0 (success) but wrote no package at ${command.mdaPath}.`,
          0,
          tail
        )
      }
      return { mdaPath: command.mdaPath, ...(command.sbomPath ? { sbomPath: command.sbomPath } : {}) }
    case 1:
      throw new MxBuildError(
        `${version} stopped with an internal error (exit code 1): a fault in MxBuild or in what it runs on, not an error in the app's model. ` +
          `Check its output in the build's log group: that the JDK (${command.javaHome}) is the Java this Mendix version needs, and that the runner has enough memory.`,
        1,
        tail
      )
    case 2:
      throw new MxBuildError(
        `${version} refused its command-line options (exit code 2): ${args.slice(0, -1).join(' ')}. ` +
          'This MxBuild may not know one of them; its output in the build log group says which. Please report it to the action, with that output.',
        2,
        tail
      )
    case 3:
      return await modelErrors(command, deps, tail)
  }
  if (ended.code === null) {
    throw new MxBuildError(
      `${version} was ended by ${ended.signal ?? 'a signal'} before it finished${ended.signal === 'SIGKILL' ? ': the runner may have run out of memory' : ''}; nothing was uploaded.`,
      null,
      tail
    )
  }
  throw new MxBuildError(
    `${version} ended with exit code ${ended.code}, which its documentation does not describe (0 success, 1 internal error, 2 bad options, 3 model errors); nothing was uploaded.`,
    ended.code,
    tail
  )
}

/** Exit code 3: reads the errors file, reports every problem, and throws. */
async function modelErrors(command: MxBuildCommand, deps: MxBuildDeps, tail: string): Promise<never> {
  const app = basename(command.mprPath)
  let problems
  try {
    problems = readProblemsFile(command.errorsPath)
  } catch (error) {
    if (!(error instanceof ProblemsFileError)) throw error
    throw new MxBuildError(
      `The app ${app} failed to build (MxBuild exit code 3), and its errors file ${command.errorsPath} could not be read: ${error.message}. The build's log group shows MxBuild's output.`,
      3,
      tail
    )
  }
  if (problems === undefined || problems.length === 0) {
    throw new MxBuildError(
      `The app ${app} failed to build (MxBuild exit code 3), but MxBuild ${problems ? 'listed no problem' : 'wrote no errors file'}; its output in the build's log group says why.`,
      3,
      tail
    )
  }
  await reportProblems(problems, app, deps.reporter, line => deps.log.info(line))
  const errors = problems.filter(p => p.severity === 'Error')
  const named = (errors.length ? errors : problems)
    .slice(0, NAMED_IN_ERROR)
    .map(p => `- ${describeProblem(p)}`)
  throw new ModelErrorsError(
    `The app ${app} failed to build: its model has ${countWords(problems)} (MxBuild exit code 3). Nothing was uploaded. ` +
      'Each problem has an annotation, and the job summary lists them all; fix them in Studio Pro, commit and push.\n' +
      named.join('\n'),
    problems.length
  )
}
