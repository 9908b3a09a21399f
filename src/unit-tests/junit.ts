/**
 * The unit test result as a JUnit XML report, the format test-report actions and artifact viewers read.
 * A small escaper instead of an XML library: the report has one fixed shape, and every piece of server text in
 * it goes through `xmlText` or `xmlAttribute`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { displayUrl, redact } from '../untrusted.js'
import type { UnitTestStatus } from './remote-api.js'

/**
 * Characters XML 1.0 does not allow even as references (its `Char` production): C0 controls but tab, line
 * feed and carriage return; U+FFFE and U+FFFF; lone surrogates. Each is written as the text `\uXXXX`, so the
 * file stays well-formed and the reader still sees that something was there.
 */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this replaces
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

const shownAsText = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`

/** Server text with secrets and URL credentials taken out and characters XML cannot hold replaced. */
function clean(text: string): string {
  return redact(displayUrl(text)).replace(NOT_XML, shownAsText)
}

/**
 * Text for between tags: `&`, `<` and `>` escaped (`>` so that `]]>` cannot appear), and carriage return as a
 * reference, which a parser would otherwise turn into a line feed.
 */
export function xmlText(text: string): string {
  return clean(text).replace(/[&<>\r]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' })[c]!)
}

/**
 * Text for inside a double-quoted attribute: as `xmlText`, plus quotes, and tab and line feed as references,
 * which a parser would otherwise turn into spaces.
 */
export function xmlAttribute(text: string): string {
  return xmlText(text).replace(
    /["'\t\n]/g,
    c => ({ '"': '&quot;', "'": '&apos;', '\t': '&#9;', '\n': '&#10;' })[c]!
  )
}

export interface JUnitContext {
  /** The app's base URL the tests ran on, shown as the suite's hostname. */
  url: string
  /** When the run ended. */
  timestamp: Date
}

/** Seconds with three decimals, as JUnit's `time` attributes hold. */
function secondsOf(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3)
}

/**
 * The report. The module's remote API names only the failed tests, so the suite lists those as test cases and
 * carries the run's totals (`tests`, `failures`, `time`) in its attributes.
 */
export function toJUnit(result: UnitTestStatus, context: JUnitContext): string {
  const failures = Math.max(result.failures, result.failedTests.length)
  const totals = `tests="${Math.max(result.tests, failures)}" failures="${failures}" errors="0" time="${secondsOf(result.runtimeMs)}"`
  let host = context.url
  try {
    host = new URL(context.url).host
  } catch {
    // Shown as given.
  }
  const cases = result.failedTests.map(test => {
    const dot = test.name.lastIndexOf('.')
    const classname = dot > 0 ? test.name.slice(0, dot) : test.name
    const detail = test.step ? `${test.error}\nLast step: ${test.step}` : test.error
    return [
      `    <testcase name="${xmlAttribute(test.name)}" classname="${xmlAttribute(classname)}" time="0">`,
      `      <failure message="${xmlAttribute(test.error)}" type="failure">${xmlText(detail)}</failure>`,
      '    </testcase>'
    ].join('\n')
  })
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="Mendix unit tests" ${totals}>`,
    `  <testsuite name="Mendix unit tests" ${totals} skipped="0" timestamp="${context.timestamp.toISOString().replace(/\.\d+Z$/, '')}" hostname="${xmlAttribute(host)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    ''
  ].join('\n')
}

/** Writes the report to a new directory under `parent` (RUNNER_TEMP on a runner); returns the file's path. */
export function writeJUnitReport(parent: string, xml: string): string {
  const dir = mkdtempSync(join(parent, 'mendix-unit-tests-'))
  const path = join(dir, 'junit.xml')
  writeFileSync(path, xml, { encoding: 'utf8', flag: 'wx' })
  return path
}
