/** The README tells the truth about action.yml and shows the example workflows exactly as they are. */
import { readdirSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { parse } from 'yaml'
import { renderTables, section } from '../scripts/action-docs.js'
import { ROOT } from '../scripts/run-action.js'

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
const actionYml = readFileSync(join(ROOT, 'action.yml'), 'utf8')

describe('README', () => {
  it('has the input and output tables of action.yml (run `npm run docs` after changing action.yml)', () => {
    const tables = renderTables(actionYml)
    expect(section(readme, 'inputs')).toBe(tables.inputs)
    expect(section(readme, 'outputs')).toBe(tables.outputs)
  })

  // Examples users copy: the deploy workflows this repository runs, and the ones under docs/examples/.
  const examples = [
    ...['deploy-test.yml', 'deploy-production.yml', 'deploy-mendix-cloud.yml'].map(file =>
      join('.github', 'workflows', file)
    ),
    ...readdirSync(join(ROOT, 'docs', 'examples'))
      .filter(file => file.endsWith('.yml'))
      .map(file => join('docs', 'examples', file))
  ]

  it('has the four workflows teams run under docs/examples/, each named once', () => {
    expect(examples.filter(path => path.startsWith('docs')).length).toBeGreaterThanOrEqual(4)
    const names = examples.map(path => basename(path))
    expect(new Set(names).size).toBe(names.length)
  })

  it.each(examples)('shows %s exactly', path => {
    const file = basename(path)
    const block = new RegExp(
      `<!-- example:${file.replace('.', '\\.')} -->\\n+\`\`\`yaml\\n([\\s\\S]*?)\`\`\``
    ).exec(readme)
    expect(block).not.toBeNull()
    expect(block![1]).toBe(readFileSync(join(ROOT, path), 'utf8'))
  })

  it('shows a default for every optional yes/no or status input, with its target when it has one', () => {
    const rows = section(readme, 'inputs').split('\n')
    for (const [name, shown] of [
      ['reuse', '`true`'],
      ['dryRun', '`false`'],
      ['rollbackOnFailure', '`false`'],
      ['restart', '`false` (private-cloud)'],
      ['backup', '`false` (mendix-cloud)'],
      ['autoSyncDb', '`true` (mendix-cloud)'],
      ['healthCheckStatus', '`200` (private-cloud)'],
      ['unitTests', '`false`']
    ]) {
      expect(rows.find(row => row.startsWith(`| \`${name}\` |`))).toContain(`| no | ${shown} |`)
    }
  })

  it('documents every output the action sets and the action sets only documented outputs', () => {
    const declared = Object.keys((parse(actionYml) as { outputs: Record<string, unknown> }).outputs)
    const source = ['', 'private-cloud', 'mendix-cloud', 'unit-tests', 'preview']
      .flatMap(dir =>
        readdirSync(join(ROOT, 'src', dir))
          .filter(file => file.endsWith('.ts'))
          .map(file => readFileSync(join(ROOT, 'src', dir, file), 'utf8'))
      )
      .join('\n')
    const set = [...source.matchAll(/progress\.output\('(\w+)'/g)].map(m => m[1])
    expect([...new Set(set)].sort()).toEqual([...declared].sort())
  })
})
