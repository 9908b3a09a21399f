/**
 * Issue 25: running MxBuild (src/mxbuild/run.ts) with stand-in executables written here, so that each documented
 * outcome can be produced on purpose: the command line, exit codes 0 to 3 and what each means, the errors file
 * (with a BOM), the output as bounded lines, and the deadline and a cancel ending the whole process group.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { realClock } from '../src/clock.js'
import { Deadline } from '../src/deadline.js'
import { CancelledError } from '../src/errors.js'
import type { Logger } from '../src/logger.js'
import type { AnnotationLevel, ProblemReporter } from '../src/mxbuild/model-problems.js'
import {
  MAX_LINE_CHARS,
  ModelErrorsError,
  MxBuildError,
  mxbuildArguments,
  mxbuildEnvironment,
  OutputLines,
  runMxBuild,
  type MxBuildCommand
} from '../src/mxbuild/run.js'

const dirs: string[] = []
afterAll(() => dirs.forEach(dir => rmSync(dir, { recursive: true, force: true })))

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mxbuild-run-'))
  dirs.push(dir)
  return dir
}

/** A stand-in `mxbuild`: a bash script given its body; `$OUT` is the --output path, `$ERRORS` the errors file. */
function fakeMxBuild(body: string): MxBuildCommand {
  const dir = tempDir()
  const executable = join(dir, 'mxbuild')
  writeFileSync(
    executable,
    [
      '#!/usr/bin/env bash',
      'for arg in "$@"; do',
      '  case "$arg" in',
      '    --output=*) OUT="${arg#--output=}" ;;',
      '    --write-errors=*) ERRORS="${arg#--write-errors=}" ;;',
      '    --sbom-output-path=*) SBOM="${arg#--sbom-output-path=}" ;;',
      '  esac',
      'done',
      `echo "$@" > "${join(dir, 'args')}"`,
      body
    ].join('\n')
  )
  chmodSync(executable, 0o755)
  return {
    executable,
    mendixVersion: '10.24.0.73019',
    javaHome: join(dir, 'jdk'),
    javaExe: join(dir, 'jdk', 'bin', 'java'),
    mprPath: join(dir, 'App.mpr'),
    mdaPath: join(dir, 'out', 'App_1.4.2.mda'),
    errorsPath: join(dir, 'out', 'errors.json'),
    modelVersion: '1.4.2',
    modelDescription: 'acme/orders-app@5e1f0c3 run 7712345678'
  }
}

function recorder() {
  const lines: string[] = []
  const annotations: Array<{ level: AnnotationLevel; title: string; message: string }> = []
  const summaries: string[] = []
  const log: Logger = {
    info: line => lines.push(line),
    warning: line => lines.push(line),
    debug: () => undefined,
    group: (_name, fn) => fn()
  }
  const reporter: ProblemReporter = {
    annotate: (level, message, title) => annotations.push({ level, title, message }),
    summary: async markdown => void summaries.push(markdown)
  }
  return { lines, annotations, summaries, log, reporter }
}

function run(
  command: MxBuildCommand,
  options: { deadlineMs?: number; signal?: AbortSignal; graceMs?: number } = {}
) {
  const r = recorder()
  const promise = runMxBuild(command, {
    log: r.log,
    reporter: r.reporter,
    deadline: options.deadlineMs ? Deadline.after(realClock, options.deadlineMs) : Deadline.none(),
    signal: options.signal,
    killGraceMs: options.graceMs ?? 1000,
    env: { PATH: process.env.PATH, INPUT_TOKEN: 'mxpat-secret', ACTIONS_RUNTIME_TOKEN: 'rt', KEEP: 'yes' }
  })
  return { ...r, promise }
}

/** Whether a process still exists (a zombie counts as gone: it runs nothing). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  try {
    return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return false
  }
}

const WRITE_MDA = 'mkdir -p "$(dirname "$OUT")" && printf PK > "$OUT"'

describe('the command line', () => {
  it('passes the documented options, the app file last', () => {
    const command = { ...fakeMxBuild(''), sbomPath: '/tmp/x/sbom.json' }
    expect(mxbuildArguments(command)).toEqual([
      `--java-home=${command.javaHome}`,
      `--java-exe-path=${command.javaExe}`,
      '--target=package',
      `--output=${command.mdaPath}`,
      `--write-errors=${command.errorsPath}`,
      '--model-version=1.4.2',
      '--model-description=acme/orders-app@5e1f0c3 run 7712345678',
      '--generate-sbom',
      '--sbom-output-path=/tmp/x/sbom.json',
      command.mprPath
    ])
  })

  it('leaves out --model-version when the step settles no version, and the SBOM options unless asked', () => {
    const { modelVersion: _, ...command } = fakeMxBuild('')
    const args = mxbuildArguments(command)
    expect(args.filter(a => /model-version|sbom/.test(a))).toEqual([])
  })

  it("starts MxBuild without the step's inputs and runner tokens, with JAVA_HOME set to the JDK", () => {
    const env = mxbuildEnvironment(
      { PATH: '/bin', INPUT_TOKEN: 't', input_apikey: 'k', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'o', HOME: '/h' },
      '/jdk'
    )
    expect(env).toEqual({ PATH: '/bin', HOME: '/h', JAVA_HOME: '/jdk' })
  })
})

describe('exit codes', () => {
  it('0 with the package: returns it, with the SBOM; the output went to the log line by line', async () => {
    const command = {
      ...fakeMxBuild(
        `echo "Loading app"; echo "Compiling" >&2; ${WRITE_MDA}; printf '{}' > "$SBOM"; env > "$(dirname "$OUT")/env"`
      ),
      sbomPath: ''
    }
    command.sbomPath = join(command.mdaPath, '..', 'sbom.json')
    const { promise, lines } = run(command)
    await expect(promise).resolves.toEqual({ mdaPath: command.mdaPath, sbomPath: command.sbomPath })
    expect(lines).toEqual(expect.arrayContaining(['Loading app', 'Compiling']))
    expect(lines[0]).toMatch(/^Running .*mxbuild --java-home=/)
    const env = readFileSync(join(command.mdaPath, '..', 'env'), 'utf8')
    expect(env).toContain(`JAVA_HOME=${command.javaHome}`)
    expect(env).toContain('KEEP=yes')
    expect(env).not.toContain('mxpat-secret')
    expect(env).not.toContain('ACTIONS_RUNTIME_TOKEN')
  })

  it('0 without the package: fails, saying no package was written', async () => {
    const { promise } = run(fakeMxBuild('echo done; exit 0'))
    await expect(promise).rejects.toThrow(
      /exit code 0 \(success\) but wrote no package at .*App_1\.4\.2\.mda/
    )
  })

  it('1: an internal error, not the model; the last lines of the output come with it', async () => {
    const { promise } = run(fakeMxBuild('for i in $(seq 1 40); do echo "line $i"; done; exit 1'))
    const error = (await promise.catch(e => e)) as MxBuildError
    expect(error).toBeInstanceOf(MxBuildError)
    expect(error.exitCode).toBe(1)
    expect(error.message).toMatch(/MxBuild 10\.24\.0\.73019 stopped with an internal error \(exit code 1\)/)
    expect(error.message).toMatch(/not an error in the app's model/)
    expect(error.logTail?.split('\n')).toEqual(Array.from({ length: 25 }, (_, i) => `line ${i + 16}`))
  })

  it('2: its options were refused; the message lists what was passed', async () => {
    const command = fakeMxBuild('echo "Unknown option --frobnicate" >&2; exit 2')
    const error = (await run(command).promise.catch(e => e)) as MxBuildError
    expect(error.exitCode).toBe(2)
    expect(error.message).toMatch(/refused its command-line options \(exit code 2\): --java-home=/)
    expect(error.logTail).toBe('Unknown option --frobnicate')
  })

  it('another code, and a kill by a signal, are said as such', async () => {
    await expect(run(fakeMxBuild('exit 7')).promise).rejects.toThrow(
      /exit code 7, which its documentation does not describe/
    )
    await expect(run(fakeMxBuild('kill -KILL $$')).promise).rejects.toThrow(
      /ended by SIGKILL before it finished: the runner may have run out of memory/
    )
  })

  it('a MxBuild that cannot be started says so', async () => {
    const command = { ...fakeMxBuild(''), executable: join(tempDir(), 'missing', 'mxbuild') }
    await expect(run(command).promise).rejects.toThrow(/Could not start MxBuild \(.*missing\/mxbuild\)/)
  })
})

describe('exit code 3: model errors', () => {
  const PROBLEMS = {
    problems: [
      {
        name: 'CW0001',
        severity: 'Warning',
        message: 'Variable "Unused" is never used.',
        locations: [
          {
            elementId: 'e1',
            unitId: 'u1',
            element: 'Create variable',
            document: 'ACT_Order_Save',
            module: 'Orders'
          }
        ]
      },
      {
        name: 'CE0463',
        severity: 'Error',
        message: 'The definition of this widget | <b>changed</b>.',
        locations: [
          {
            elementId: 'e2',
            unitId: 'u2',
            element: 'Data grid',
            document: 'Order_Overview',
            module: 'Orders'
          },
          {
            elementId: 'e3',
            unitId: 'u3',
            element: 'Data grid',
            document: 'Customer_Overview',
            module: 'Crm'
          }
        ]
      },
      { name: null, severity: 'Deprecation', message: 'Java action uses a deprecated API.', locations: [] }
    ]
  }

  it('reads the errors file (with a BOM) and reports every problem: an annotation each, a summary table', async () => {
    const command = fakeMxBuild(
      'mkdir -p "$(dirname "$ERRORS")"; cat "$(dirname "$0")/problems" > "$ERRORS"; exit 3'
    )
    writeFileSync(join(command.executable, '..', 'problems'), `\uFEFF${JSON.stringify(PROBLEMS)}`)
    const { promise, annotations, summaries, lines } = run(command)
    const error = (await promise.catch(e => e)) as ModelErrorsError
    expect(error).toBeInstanceOf(ModelErrorsError)
    expect(error.problemCount).toBe(3)
    expect(error.message).toMatch(
      /App\.mpr failed to build: its model has 1 error, 1 warning, 1 deprecation \(MxBuild exit code 3\)\. Nothing was uploaded/
    )
    expect(error.message).toContain('- CE0463: The definition of this widget')
    expect(annotations).toEqual([
      {
        level: 'error',
        title: 'Model error in Orders.Order_Overview',
        message:
          'CE0463: The definition of this widget | <b>changed</b>. (element: Data grid)\nAlso at: Crm.Customer_Overview'
      },
      {
        level: 'warning',
        title: 'Model warning in Orders.ACT_Order_Save',
        message: 'CW0001: Variable "Unused" is never used. (element: Create variable)'
      },
      { level: 'notice', title: 'Deprecation', message: 'Java action uses a deprecated API.' }
    ])
    expect(summaries).toHaveLength(1)
    const table = summaries[0].split('\n')
    expect(table[0]).toBe('### ❌ MxBuild: App.mpr failed to build (1 error, 1 warning, 1 deprecation)')
    expect(table[2]).toBe('| Severity | Code | Message | Module | Document | Element |')
    expect(table[4]).toBe(
      '| Error | `CE0463` | The definition of this widget &#124; &lt;b&gt;changed&lt;/b&gt;. | Orders | Order&#95;Overview | Data grid |'
    )
    expect(table.slice(5, 7)).toEqual([
      '| Warning | `CW0001` | Variable &quot;Unused&quot; is never used. | Orders | ACT&#95;Order&#95;Save | Create variable |',
      '| Deprecation |  | Java action uses a deprecated API. |  |  |  |'
    ])
    expect(lines).toContain(
      'Error in Orders.Order_Overview: CE0463: The definition of this widget | <b>changed</b>. (element: Data grid)\nAlso at: Crm.Customer_Overview'
    )
  })

  it('without an errors file, or with one that is not the documented JSON, says so', async () => {
    await expect(run(fakeMxBuild('echo "Build failed"; exit 3')).promise).rejects.toThrow(
      /failed to build \(MxBuild exit code 3\), but MxBuild wrote no errors file/
    )
    const broken = fakeMxBuild('mkdir -p "$(dirname "$ERRORS")"; echo "{not json" > "$ERRORS"; exit 3')
    await expect(run(broken).promise).rejects.toThrow(
      /errors file .*errors\.json could not be read: it is not JSON/
    )
  })
})

describe('the deadline and a cancel end the whole process group', () => {
  /** A build that runs long, with a child of its own; both write their pids. */
  function longBuild(trap = ''): MxBuildCommand & { pids: () => number[] } {
    const command = fakeMxBuild(
      `${trap}\nsleep 300 & echo $! > "$(dirname "$0")/child.pid"\necho $$ > "$(dirname "$0")/leader.pid"\necho building\nwait`
    )
    const dir = join(command.executable, '..')
    return {
      ...command,
      pids: () => ['leader.pid', 'child.pid'].map(name => Number(readFileSync(join(dir, name), 'utf8')))
    }
  }

  async function started(command: { executable: string }): Promise<void> {
    const file = join(command.executable, '..', 'child.pid')
    for (let i = 0; i < 100 && !existsSync(join(command.executable, '..', 'leader.pid')); i++)
      await new Promise(resolve => setTimeout(resolve, 50))
    expect(existsSync(file)).toBe(true)
  }

  it('the deadline: MxBuild and its child are gone within seconds, with an error naming timeoutMinutes', async () => {
    const command = longBuild()
    const started_ = Date.now()
    const { promise } = run(command, { deadlineMs: 1500 })
    const error = (await promise.catch(e => e)) as MxBuildError
    const took = Date.now() - started_
    expect(error).toBeInstanceOf(MxBuildError)
    expect(error.message).toMatch(
      /did not finish before the step's deadline \(timeoutMinutes\); it was ended with all its processes, and nothing was uploaded/
    )
    expect(took).toBeLessThan(10_000)
    await started(command)
    expect(command.pids().filter(alive)).toEqual([])
  })

  it('a cancel: a CancelledError, and nothing of the group is left', async () => {
    const command = longBuild()
    const controller = new AbortController()
    const { promise } = run(command, { signal: controller.signal })
    await started(command)
    expect(command.pids().filter(alive)).toHaveLength(2)
    const cancelledAt = Date.now()
    controller.abort()
    await expect(promise).rejects.toBeInstanceOf(CancelledError)
    expect(Date.now() - cancelledAt).toBeLessThan(10_000)
    expect(command.pids().filter(alive)).toEqual([])
  })

  it('a build that ignores SIGTERM gets SIGKILL after the grace period', async () => {
    const command = longBuild("trap '' TERM")
    const controller = new AbortController()
    const { promise } = run(command, { signal: controller.signal, graceMs: 700 })
    await started(command)
    const cancelledAt = Date.now()
    controller.abort()
    await expect(promise).rejects.toBeInstanceOf(CancelledError)
    const took = Date.now() - cancelledAt
    expect(took).toBeGreaterThanOrEqual(600)
    expect(took).toBeLessThan(10_000)
    expect(command.pids().filter(alive)).toEqual([])
  })

  it('what a finished build leaves running in its group is ended, and does not hold the step', async () => {
    const command = fakeMxBuild(`sleep 300 & echo $! > "$(dirname "$0")/child.pid"; ${WRITE_MDA}; exit 0`)
    const startedAt = Date.now()
    await expect(run(command).promise).resolves.toMatchObject({ mdaPath: command.mdaPath })
    expect(Date.now() - startedAt).toBeLessThan(5000)
    const child = Number(readFileSync(join(command.executable, '..', 'child.pid'), 'utf8'))
    expect(alive(child)).toBe(false)
  })
})

describe('output lines', () => {
  it('joins lines split across chunks, drops \\r before \\n, and keeps the last 25', () => {
    const seen: string[] = []
    const lines = new OutputLines(line => seen.push(line))
    lines.push('first pa')
    lines.push('rt\r\nsecond\nthi')
    lines.end()
    lines.push('')
    expect(seen).toEqual(['first part', 'second', 'thi'])
    for (let i = 0; i < 30; i++) lines.push(`n${i}\n`)
    expect(lines.tail).toHaveLength(25)
    expect(lines.tail.at(-1)).toBe('n29')
  })

  it('cuts a line longer than the bound once, and drops the rest of it', () => {
    const seen: string[] = []
    const lines = new OutputLines(line => seen.push(line))
    const long = 'x'.repeat(MAX_LINE_CHARS * 3)
    lines.push(long.slice(0, MAX_LINE_CHARS + 10))
    lines.push(long.slice(MAX_LINE_CHARS + 10))
    lines.push('\nnext\n')
    expect(seen).toHaveLength(2)
    expect(seen[0]).toBe(`${'x'.repeat(MAX_LINE_CHARS)}… (line cut at ${MAX_LINE_CHARS} characters)`)
    expect(seen[1]).toBe('next')
  })
})
