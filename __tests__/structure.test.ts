/**
 * The structure a maintainer relies on: inputs declared once (the table drives action.yml, and every row is
 * used), no import cycles between modules, and a main.ts that stays a short script of the step.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { withTableInputs } from '../scripts/action-docs.js'
import { ROOT } from '../scripts/run-action.js'
import { INPUTS } from '../src/input-table.js'

const SRC = join(ROOT, 'src')

function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : []
  )
}

/** Each module's relative imports (type-only ones included: they tie modules together for a reader too). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>()
  for (const file of sourceFiles()) {
    const text = readFileSync(file, 'utf8')
    const targets = [...text.matchAll(/^(?:import|export)[^'"]*?from '(\.{1,2}\/[^']+)\.js'/gm)].map(m =>
      relative(SRC, resolve(dirname(file), `${m[1]}.ts`))
    )
    graph.set(relative(SRC, file), targets)
  }
  return graph
}

function findCycle(graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>()
  const path: string[] = []
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'done') return undefined
    if (state.get(node) === 'open') return [...path.slice(path.indexOf(node)), node]
    state.set(node, 'open')
    path.push(node)
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next)
      if (cycle) return cycle
    }
    path.pop()
    state.set(node, 'done')
    return undefined
  }
  for (const node of graph.keys()) {
    const cycle = visit(node)
    if (cycle) return cycle
  }
  return undefined
}

describe('structure', () => {
  it("action.yml's inputs are the input table's rows (run `npm run docs` after changing the table)", () => {
    const actionYml = readFileSync(join(ROOT, 'action.yml'), 'utf8')
    expect(actionYml).toBe(withTableInputs(actionYml))
  })

  it('uses every input of the table somewhere beyond reading it', () => {
    const readers = new Set(['input-table.ts', 'inputs.ts', 'input-checks.ts', 'input-names.ts'])
    const code = sourceFiles()
      .filter(file => !readers.has(relative(SRC, file)))
      .map(file => readFileSync(file, 'utf8'))
      .join('\n')
    // A field read as settings.name or destructured as { name }.
    const unused = Object.keys(INPUTS).filter(name => !new RegExp(`[.{,]\\s*${name}\\b`).test(code))
    expect(unused).toEqual([])
  })

  it('has no import cycle between the modules of src/', () => {
    const graph = importGraph()
    expect(graph.size).toBeGreaterThan(20)
    expect(findCycle(graph)).toBeUndefined()
  })

  it('finds a cycle when there is one (the check itself can fail)', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']]
    ])
    expect(findCycle(graph)).toEqual(['a.ts', 'b.ts', 'c.ts', 'a.ts'])
  })

  it('keeps main.ts a short script of the step: at most 70 lines', () => {
    const lines = readFileSync(join(SRC, 'main.ts'), 'utf8').trimEnd().split('\n')
    expect(lines.length).toBeLessThanOrEqual(70)
  })
})
