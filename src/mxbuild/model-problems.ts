/**
 * The problems MxBuild writes with `--write-errors` when an app fails to build (exit code 3), reported the way
 * GitHub users read build problems: one annotation per problem at its level (Error as an error, Warning as a
 * warning, Deprecation as a notice), titled with its module and document, and a table in the job summary. The
 * file's format is the one the refguide "MxBuild" documents (`{"problems":[{name, severity, message,
 * locations:[{elementId, unitId, element, document, module}]}]}`), read as UTF-8 with a possible BOM, as
 * Mendix's Cloud Foundry buildpack reads it. Its text is the app's: annotations go through output.ts
 * (neutralised, redacted), cells through `escapeCell`.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import * as out from '../output.js'
import { codeCell, escapeCell, oneLine } from '../untrusted.js'

export interface ProblemLocation {
  module: string
  document: string
  element: string
}

export interface ModelProblem {
  /** The problem's code, e.g. CE0463; MxBuild may give none. */
  name: string
  /** Error, Warning or Deprecation as documented; another value is kept as given. */
  severity: string
  message: string
  locations: ProblemLocation[]
}

export type AnnotationLevel = 'error' | 'warning' | 'notice'

/** Where problems are reported: side effects passed in, so that tests can record them. */
export interface ProblemReporter {
  annotate(level: AnnotationLevel, message: string, title: string): void
  /** Appends Markdown to the job summary. */
  summary(markdown: string): Promise<void>
}

/** The reporter on a runner: annotations and the summary through output.ts. */
export function runnerProblemReporter(): ProblemReporter {
  return {
    annotate: (level, message, title) => out[level](message, { title }),
    summary: markdown => out.writeSummary(markdown)
  }
}

/** An errors file larger than this is not read: a model's problems take far less. */
const MAX_FILE_BYTES = 32 * 1024 * 1024
/**
 * GitHub shows at most 10 error and 10 warning annotations per step (and as many notices); the step's own failure
 * is one error. Beyond these, one annotation per level counts the rest; the summary lists them all.
 */
const ANNOTATIONS_PER_LEVEL: Record<AnnotationLevel, number> = { error: 8, warning: 9, notice: 9 }
const MAX_SUMMARY_ROWS = 200
const MESSAGE_CHARS = 2000
const CELL_CHARS = 500

const LEVELS = new Map<string, AnnotationLevel>([
  ['Error', 'error'],
  ['Warning', 'warning'],
  ['Deprecation', 'notice']
])
const RANK: Record<AnnotationLevel, number> = { error: 0, warning: 1, notice: 2 }

/** The annotation level of a severity: an unknown severity is a warning, so that it is seen but fails nothing. */
export function levelOf(severity: string): AnnotationLevel {
  return LEVELS.get(severity) ?? 'warning'
}

export class ProblemsFileError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ProblemsFileError'
  }
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '')

/** The problems in an errors file's text; throws ProblemsFileError when it is not the documented JSON. */
export function parseProblems(raw: string): ModelProblem[] {
  let json: unknown
  try {
    json = JSON.parse(raw.replace(/^\uFEFF/, ''))
  } catch (error) {
    throw new ProblemsFileError(`it is not JSON (${(error as Error).message})`)
  }
  const list = (json as { problems?: unknown } | null)?.problems
  if (!Array.isArray(list)) throw new ProblemsFileError('it has no "problems" list')
  return list
    .filter((entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null)
    .map(entry => ({
      name: text(entry.name),
      severity: text(entry.severity) || 'Error',
      message: text(entry.message) || '(no message)',
      locations: (Array.isArray(entry.locations) ? (entry.locations as unknown[]) : [])
        .filter((l): l is Record<string, unknown> => typeof l === 'object' && l !== null)
        .map(l => ({ module: text(l.module), document: text(l.document), element: text(l.element) }))
    }))
}

/** Reads the errors file; undefined when MxBuild wrote none. */
export function readProblemsFile(path: string): ModelProblem[] | undefined {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch {
    return undefined
  }
  try {
    const size = fstatSync(fd).size
    if (size > MAX_FILE_BYTES)
      throw new ProblemsFileError(`it is ${size} bytes, more than the ${MAX_FILE_BYTES} read`)
    const buffer = Buffer.alloc(size)
    let read = 0
    while (read < size) {
      const n = readSync(fd, buffer, read, size - read, read)
      if (n === 0) break
      read += n
    }
    return parseProblems(buffer.subarray(0, read).toString('utf8'))
  } finally {
    closeSync(fd)
  }
}

/** Errors first, then warnings, then deprecations; the file's order within each. */
export function bySeverity(problems: ModelProblem[]): ModelProblem[] {
  return problems
    .map((problem, index) => ({ problem, index }))
    .sort(
      (a, b) => RANK[levelOf(a.problem.severity)] - RANK[levelOf(b.problem.severity)] || a.index - b.index
    )
    .map(({ problem }) => problem)
}

function cut(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value
}

/** Where a problem is: `Module.Document`, or the part that is known. */
export function placeOf(location: ProblemLocation | undefined): string {
  if (!location) return ''
  return [location.module, location.document].filter(Boolean).join('.')
}

const LABELS: Record<AnnotationLevel, string> = {
  error: 'Model error',
  warning: 'Model warning',
  notice: 'Deprecation'
}

/** One problem as a line of text: code, message, element, and every place it occurs. */
export function describeProblem(problem: ModelProblem): string {
  const [first, ...more] = problem.locations
  const element = first?.element ? ` (element: ${first.element})` : ''
  const also = more.length ? `\nAlso at: ${more.map(l => placeOf(l) || '(unknown)').join(', ')}` : ''
  return `${problem.name ? `${problem.name}: ` : ''}${problem.message}${element}${also}`
}

/** The annotations for the problems: one each, up to the cap of its level, then one counting the rest. */
export function problemAnnotations(
  problems: ModelProblem[]
): Array<{ level: AnnotationLevel; title: string; message: string }> {
  const notes: Array<{ level: AnnotationLevel; title: string; message: string }> = []
  for (const level of ['error', 'warning', 'notice'] as const) {
    const ofLevel = problems.filter(p => levelOf(p.severity) === level)
    const cap = ANNOTATIONS_PER_LEVEL[level]
    const shown = ofLevel.length > cap + 1 ? ofLevel.slice(0, cap) : ofLevel
    for (const problem of shown) {
      const place = placeOf(problem.locations[0])
      const label = LEVELS.has(problem.severity) ? LABELS[level] : `Model ${problem.severity}`
      notes.push({
        level,
        title: cut(place ? `${label} in ${place}` : label, 200),
        message: cut(describeProblem(problem), MESSAGE_CHARS)
      })
    }
    const rest = ofLevel.length - shown.length
    if (rest > 0) {
      notes.push({
        level,
        title: `More: ${LABELS[level].toLowerCase()}s`,
        message: `${rest} more problem(s) of this level: the job summary and the build's log group list them all.`
      })
    }
  }
  return notes
}

/** How many problems of each documented severity, in words: "2 errors, 1 warning". */
export function countWords(problems: ModelProblem[]): string {
  const count = (severity: string, word: string): string | undefined => {
    const n = problems.filter(p => p.severity === severity).length
    return n ? `${n} ${word}${n === 1 ? '' : 's'}` : undefined
  }
  const other = problems.filter(p => !LEVELS.has(p.severity)).length
  return (
    [
      count('Error', 'error'),
      count('Warning', 'warning'),
      count('Deprecation', 'deprecation'),
      other ? `${other} other` : undefined
    ]
      .filter(Boolean)
      .join(', ') || 'no problems listed'
  )
}

const cell = (value: string): string => (value ? escapeCell(cut(oneLine(value), CELL_CHARS)) : '')

/** The job summary section: one row per problem, errors first. */
export function renderProblemsSummary(problems: ModelProblem[], app: string): string {
  const lines = [
    `### ❌ MxBuild: ${escapeCell(app)} failed to build (${escapeCell(countWords(problems))})`,
    '',
    '| Severity | Code | Message | Module | Document | Element |',
    '|---|---|---|---|---|---|'
  ]
  for (const problem of problems.slice(0, MAX_SUMMARY_ROWS)) {
    const at = problem.locations[0]
    lines.push(
      `| ${cell(problem.severity)} | ${problem.name ? codeCell(cut(problem.name, 60)) : ''} | ${cell(problem.message)} | ${cell(at?.module ?? '')} | ${cell(at?.document ?? '')} | ${cell(at?.element ?? '')} |`
    )
  }
  lines.push('')
  const more = problems.length - MAX_SUMMARY_ROWS
  if (more > 0) lines.push(`${more} more problem(s) are listed in the build's log group.`, '')
  return lines.join('\n')
}

/** Reports the problems everywhere at once: the log, one annotation each, then the summary table. */
export async function reportProblems(
  problems: ModelProblem[],
  app: string,
  reporter: ProblemReporter,
  logLine: (line: string) => void
): Promise<void> {
  const sorted = bySeverity(problems)
  for (const problem of sorted) {
    const place = placeOf(problem.locations[0])
    logLine(
      `${problem.severity}${place ? ` in ${place}` : ''}: ${cut(describeProblem(problem), MESSAGE_CHARS)}`
    )
  }
  for (const { level, title, message } of problemAnnotations(sorted)) reporter.annotate(level, message, title)
  await reporter.summary(renderProblemsSummary(sorted, app))
}
