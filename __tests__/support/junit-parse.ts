/**
 * Reads a JUnit XML file back with an independent, strict XML parser (Python's expat, through xml.etree), so a
 * test can tell that the action's file is well-formed and what it holds, not just that it looks right.
 */
import { spawnSync } from 'node:child_process'

export interface ParsedJUnit {
  suites: Record<string, string>
  suite: Record<string, string>
  cases: Array<{
    attributes: Record<string, string>
    failure?: { attributes: Record<string, string>; text: string }
  }>
}

const SCRIPT = `
import json, sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
suite = root.find('testsuite')
cases = []
for case in suite.findall('testcase'):
    failure = case.find('failure')
    cases.append({'attributes': case.attrib, 'failure': None if failure is None else {'attributes': failure.attrib, 'text': failure.text or ''}})
print(json.dumps({'root': root.tag, 'suites': root.attrib, 'suite': suite.attrib, 'cases': cases}))
`

let interpreter: string | undefined

/**
 * The interpreter's own path, asked once: `python3` on PATH may be a version manager's shim (pyenv's costs
 * 0.7 s a call, against 0.05 s for the interpreter), and the property test parses hundreds of files.
 */
function python(): string {
  if (interpreter) return interpreter
  const done = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' })
  if (done.status !== 0)
    throw new Error(`python3 is needed to read JUnit files back: ${done.stderr || done.error}`)
  interpreter = done.stdout.trim() || 'python3'
  return interpreter
}

/** Parses the file; throws with the parser's message when it is not well-formed XML of the JUnit shape. */
export function parseJUnit(path: string): ParsedJUnit {
  const done = spawnSync(python(), ['-c', SCRIPT, path], { encoding: 'utf8' })
  if (done.status !== 0) throw new Error(`Not a well-formed JUnit file: ${done.stderr || done.error}`)
  const parsed = JSON.parse(done.stdout) as ParsedJUnit & { root: string }
  if (parsed.root !== 'testsuites') throw new Error(`The root element is ${parsed.root}, not testsuites`)
  return {
    ...parsed,
    cases: parsed.cases.map(c => ({ attributes: c.attributes, ...(c.failure ? { failure: c.failure } : {}) }))
  }
}
