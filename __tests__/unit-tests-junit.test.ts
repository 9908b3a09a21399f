/** Issue 16: the JUnit XML escaper and report, read back by a strict XML parser. */
import fc from 'fast-check'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { toJUnit, writeJUnitReport, xmlAttribute, xmlText } from '../src/unit-tests/junit.js'
import type { FailedTest, UnitTestStatus } from '../src/unit-tests/remote-api.js'
import { clearSecrets, registerSecret } from '../src/untrusted.js'
import { parseJUnit } from './support/junit-parse.js'

afterEach(() => clearSecrets())

const context = {
  url: 'https://orders-test.mendixcloud.com',
  timestamp: new Date('2026-11-22T10:00:00.250Z')
}

function status(failedTests: FailedTest[], tests = failedTests.length + 3): UnitTestStatus {
  return { completed: true, runtimeMs: 4321, tests, failures: failedTests.length, failedTests }
}

/** Writes the report for these failed tests and reads it back with the strict parser. */
function roundTrip(failedTests: FailedTest[]) {
  const dir = mkdtempSync(join(tmpdir(), 'junit-test-'))
  try {
    const path = writeJUnitReport(dir, toJUnit(status(failedTests), context))
    return { parsed: parseJUnit(path), text: readFileSync(path, 'utf8') }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** What the escaper promises a reader gets back: characters XML 1.0 cannot hold shown as `\uXXXX`. */
function expected(text: string): string {
  let out = ''
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    const high = code >= 0xd800 && code <= 0xdbff
    const low = code >= 0xdc00 && code <= 0xdfff
    const nextLow =
      i + 1 < text.length && text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff
    if (high && nextLow) {
      out += text.slice(i, i + 2)
      i++
    } else if (
      (code < 0x20 && code !== 0x9 && code !== 0xa && code !== 0xd) ||
      code === 0xfffe ||
      code === 0xffff ||
      high ||
      low
    ) {
      out += `\\u${code.toString(16).padStart(4, '0')}`
    } else out += text[i]
  }
  return out
}

describe('xmlText and xmlAttribute', () => {
  it('escape markup, so no tag, entity or CDATA end can start', () => {
    expect(xmlText('a < b && c > d ]]> <x/>')).toBe('a &lt; b &amp;&amp; c &gt; d ]]&gt; &lt;x/&gt;')
    expect(xmlAttribute(`say "hi" & 'bye'`)).toBe('say &quot;hi&quot; &amp; &apos;bye&apos;')
  })

  it('replace every character XML 1.0 forbids, and keep tab, line breaks and astral characters', () => {
    expect(xmlText('bell\u0007 nul\u0000 esc\u001b ff\u000c vt\u000b fffe\ufffe ffff\uffff')).toBe(
      'bell\\u0007 nul\\u0000 esc\\u001b ff\\u000c vt\\u000b fffe\\ufffe ffff\\uffff'
    )
    expect(xmlText('lone \ud83d high, lone \ude00 low, pair 😀')).toBe(
      'lone \\ud83d high, lone \\ude00 low, pair 😀'
    )
    expect(xmlText('tab\tline\nreturn\r')).toBe('tab\tline\nreturn&#13;')
    expect(xmlAttribute('tab\tline\nreturn\r')).toBe('tab&#9;line&#10;return&#13;')
  })

  it('take registered secrets and URL credentials out', () => {
    registerSecret('hunter2-password')
    expect(xmlText('login with hunter2-password at https://bob:pw@example.com/x')).toBe(
      'login with *** at https://example.com/x'
    )
  })
})

describe('toJUnit', () => {
  it('lists the failed tests with the totals of the run, and class names from the module', () => {
    const xml = toJUnit(
      status([{ name: 'Orders.Test_Total', error: 'Expected 1 but was 2', step: 'Assert total' }], 7),
      context
    )
    expect(xml).toContain(
      '<testsuite name="Mendix unit tests" tests="7" failures="1" errors="0" time="4.321" skipped="0" timestamp="2026-11-22T10:00:00" hostname="orders-test.mendixcloud.com">'
    )
    const { parsed } = roundTrip([
      { name: 'Orders.Test_Total', error: 'Expected 1 but was 2', step: 'Assert total' }
    ])
    expect(parsed.cases).toEqual([
      {
        attributes: { name: 'Orders.Test_Total', classname: 'Orders', time: '0' },
        failure: {
          attributes: { message: 'Expected 1 but was 2', type: 'failure' },
          text: 'Expected 1 but was 2\nLast step: Assert total'
        }
      }
    ])
    expect(parsed.suites).toMatchObject({ tests: '4', failures: '1', time: '4.321' })
  })

  it('counts a failure the module counted but did not list, and leaves the step out when there is none', () => {
    const xml = toJUnit({ ...status([{ name: 'NoModule', error: 'x', step: '' }], 2), failures: 2 }, context)
    expect(xml).toContain('tests="2" failures="2"')
    expect(xml).toContain('classname="NoModule"')
    expect(xml).toContain('type="failure">x</failure>')
  })

  it('writes a file a strict parser reads back exactly, whatever the app says (property)', () => {
    const anyUnit = fc.integer({ min: 0, max: 0xffff }).map(code => String.fromCharCode(code))
    const anyText = fc.oneof(
      fc.string({ unit: anyUnit, maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 40 })
    )
    const test = fc.record({ name: anyText.filter(name => name.length > 0), error: anyText, step: anyText })
    // One file holds many cases, so that the parser runs a few times rather than once per case.
    fc.assert(
      fc.property(fc.array(test, { minLength: 1, maxLength: 60 }), failed => {
        const { parsed } = roundTrip(failed)
        expect(parsed.cases.map(c => c.attributes.name)).toEqual(failed.map(t => expected(t.name)))
        expect(parsed.cases.map(c => c.failure?.attributes.message)).toEqual(
          failed.map(t => expected(t.error))
        )
        expect(parsed.cases.map(c => c.failure?.text)).toEqual(
          failed.map(t => expected(t.step ? `${t.error}\nLast step: ${t.step}` : t.error))
        )
      }),
      { numRuns: 6 }
    )
  })
})

describe('writeJUnitReport', () => {
  it('writes into a new directory of its own each time', () => {
    const dir = mkdtempSync(join(tmpdir(), 'junit-dir-'))
    try {
      const first = writeJUnitReport(dir, '<a/>')
      const second = writeJUnitReport(dir, '<b/>')
      expect(first).not.toBe(second)
      expect(first.startsWith(join(dir, 'mendix-unit-tests-'))).toBe(true)
      expect(readFileSync(first, 'utf8')).toBe('<a/>')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
