/**
 * The unit test result the way GitHub users read test results: one error annotation per failed test, a table
 * in the job summary, the outputs `testsRun`, `testsFailed` and `testReport`, and a JUnit XML file.
 * Test names, errors and steps are the app's text: annotations go through output.ts (neutralised, redacted),
 * summary cells through `escapeCell`, the XML through junit.ts's escaper.
 */
import { tmpdir } from 'node:os'
import { seconds } from '../logger.js'
import * as out from '../output.js'
import type { Progress } from '../progress.js'
import { codeCell, escapeCell, linkCell, oneLine } from '../untrusted.js'
import { toJUnit, writeJUnitReport } from './junit.js'
import type { FailedTest, UnitTestStatus } from './remote-api.js'

/** A completed run, and where it ran. */
export interface UnitTestResult extends UnitTestStatus {
  /** The app's base URL the remote API was called at. */
  url: string
  /** When the run was seen completed. */
  endedAt: Date
}

/** Where the report goes: side effects passed in, so that tests can record them. */
export interface UnitTestReporter {
  /** An error annotation (output.ts's `error` on a runner). */
  annotate(message: string, title: string): void
  /** Appends Markdown to the job summary. */
  summary(markdown: string): Promise<void>
  /** The directory the JUnit file goes under (RUNNER_TEMP on a runner). */
  directory: string
}

/** The reporter on a runner: annotations and the summary through output.ts, the file under RUNNER_TEMP. */
export function runnerReporter(env: NodeJS.ProcessEnv = process.env): UnitTestReporter {
  return {
    annotate: (message, title) => out.error(message, { title }),
    summary: markdown => out.writeSummary(markdown),
    directory: env.RUNNER_TEMP || tmpdir()
  }
}

/**
 * GitHub shows at most 10 error annotations per step; the step's own failure is one of them. So at most this
 * many failed tests get one each; beyond it, one annotation counts the rest.
 */
export const MAX_TEST_ANNOTATIONS = 8
/** Failed tests listed in the summary; the JUnit file has them all. */
export const MAX_SUMMARY_ROWS = 50
const ANNOTATION_TEXT_CHARS = 2000
const CELL_TEXT_CHARS = 500

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}

/** A cell of the app's text: one line, control characters shown as `\uXXXX`, cut, then escaped. */
const textCell = (text: string): string => escapeCell(cut(oneLine(text), CELL_TEXT_CHARS))

/** How many tests failed: the module's count, or the failures it listed if that is more. */
export function failureCount(result: UnitTestStatus): number {
  return Math.max(result.failures, result.failedTests.length)
}

/** The annotations for a result: one per failed test, up to the cap, then one for the rest. */
export function annotationsOf(result: UnitTestStatus): Array<{ title: string; message: string }> {
  const failed = result.failedTests
  const shown = failed.length > MAX_TEST_ANNOTATIONS + 1 ? failed.slice(0, MAX_TEST_ANNOTATIONS) : failed
  const notes = shown.map((test: FailedTest) => ({
    title: test.name,
    message: cut(
      test.step ? `${test.error}\nLast step: ${test.step}` : test.error || '(no error message)',
      ANNOTATION_TEXT_CHARS
    )
  }))
  const unnamed = failureCount(result) - shown.length
  if (unnamed > 0) {
    notes.push({
      title: 'More unit tests failed',
      message: `${unnamed} more unit test(s) failed: see the job summary and the JUnit report (output testReport).`
    })
  }
  return notes
}

/** The job summary section: totals, then the failed tests. */
export function renderUnitTestSummary(result: UnitTestResult, reportPath?: string): string {
  const failures = failureCount(result)
  const tests = Math.max(result.tests, failures)
  const heading =
    failures > 0
      ? `### ❌ Unit tests: ${failures} of ${tests} failed`
      : tests === 0
        ? '### ⚠️ Unit tests: the run completed without any test'
        : `### ✅ Unit tests: all ${tests} passed`
  const lines = [
    heading,
    '',
    '| Tests | Failures | Runtime | App |',
    '|---|---|---|---|',
    `| ${tests} | ${failures} | ${escapeCell(result.runtimeMs >= 0 ? seconds(result.runtimeMs) : '(unknown)')} | ${linkCell(result.url)} |`,
    ''
  ]
  if (result.failedTests.length > 0) {
    lines.push('| Failed test | Error | Last step |', '|---|---|---|')
    for (const test of result.failedTests.slice(0, MAX_SUMMARY_ROWS)) {
      lines.push(`| ${textCell(test.name)} | ${textCell(test.error)} | ${textCell(test.step)} |`)
    }
    lines.push('')
    const more = result.failedTests.length - MAX_SUMMARY_ROWS
    if (more > 0) lines.push(`${more} more failed test(s) are in the JUnit report.`, '')
  }
  if (reportPath) lines.push(`JUnit report (output \`testReport\`): ${codeCell(reportPath)}`, '')
  return lines.join('\n')
}

/**
 * Reports a completed run everywhere at once: outputs first (they stay set whatever follows), then the JUnit
 * file, annotations and the summary. Returns the report's path.
 */
export async function reportUnitTests(
  result: UnitTestResult,
  progress: Progress,
  reporter: UnitTestReporter
): Promise<string> {
  const failures = failureCount(result)
  progress.output('testsRun', String(Math.max(result.tests, failures)))
  progress.output('testsFailed', String(failures))
  const path = writeJUnitReport(
    reporter.directory,
    toJUnit(result, { url: result.url, timestamp: result.endedAt })
  )
  progress.output('testReport', path)
  for (const { title, message } of annotationsOf(result)) reporter.annotate(message, title)
  await reporter.summary(renderUnitTestSummary(result, path))
  return path
}
