/**
 * The README tells the truth about action.yml and stays a page a user reads in minutes; every link in the docs
 * leads somewhere; the workflows they show use only real inputs; and the repository keeps its house rules (no
 * deploy workflow of its own, CI on pinned Node 24 actions, Node 24 declared everywhere).
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { parse } from 'yaml'
import { renderTables, section } from '../scripts/action-docs.js'
import { ROOT } from '../scripts/run-action.js'
import { RIGHTS } from '../src/mendix-cloud/api.js'
import { anchorsOf, fencedBlocks, relativeLinks, sectionHeadings } from './support/markdown.js'
import { ACTION, type Step, type Workflow } from './support/workflow.js'

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8')
const readme = read('README.md')
const actionYml = read('action.yml')
const action = parse(actionYml) as {
  inputs: Record<string, { required?: boolean }>
  outputs: Record<string, unknown>
  runs: { using: string }
}
const examples = readdirSync(join(ROOT, 'docs', 'examples')).filter(file => file.endsWith('.yml'))

describe('README', () => {
  it('has the input and output tables of action.yml (run `npm run docs` after changing action.yml)', () => {
    const tables = renderTables(actionYml)
    expect(section(readme, 'inputs')).toBe(tables.inputs)
    expect(section(readme, 'outputs')).toBe(tables.outputs)
  })

  it('is under 400 lines, says first what the action does for both targets, then a minimal workflow for each', () => {
    expect(readme.split('\n').length).toBeLessThan(400)
    const intro = readme.slice(0, readme.indexOf('\n## '))
    expect(intro).toContain('Mendix for Private Cloud')
    expect(intro).toContain('classic Mendix Cloud')
    const headings = sectionHeadings(readme)
    expect(headings.slice(0, 2)).toEqual([
      'Mendix for Private Cloud: a minimal workflow',
      'The classic Mendix Cloud: a minimal workflow'
    ])
    for (const heading of headings.slice(0, 2)) {
      const body = readme.slice(readme.indexOf(`## ${heading}`)).split('\n## ')[0]
      const [workflow] = fencedBlocks(body, 'yaml').map(text => parse(text) as Workflow)
      expect(Object.keys(workflow.jobs)).toHaveLength(1)
    }
    // The developer set-up lives in CONTRIBUTING.md, not in front of a user.
    expect(readme).not.toMatch(/EBADENGINE|allowScripts|npm run specs/)
  })

  it('has one Permissions section, naming every scope and right the action asks for and the GitHub permissions', () => {
    expect(sectionHeadings(readme).filter(heading => heading === 'Permissions')).toHaveLength(1)
    const permissions = readme.slice(readme.indexOf('\n## Permissions')).split('\n## ')[1]
    // The scopes and rights the API clients name in their requests (and in a 403's advice).
    const sources = ['src/private-cloud/build-api.ts', 'src/private-cloud/deploy-api.ts', 'src/repository.ts']
    const scopes = new Set(sources.flatMap(path => read(path).match(/mx:[a-z:-]+[a-z]/g) ?? []))
    expect(scopes.size).toBeGreaterThanOrEqual(6)
    for (const scope of scopes) expect(permissions).toContain(`\`${scope}\``)
    for (const right of new Set(Object.values(RIGHTS).flatMap(rights => rights.split(' and '))))
      expect(permissions).toContain(`**${right}**`)
    for (const permission of ['contents: read', 'deployments: write', 'pull-requests: write'])
      expect(permissions).toContain(`\`${permission}\``)
  })

  it('links every example workflow under docs/examples/ in one table row each, and inlines none', () => {
    expect(examples.length).toBeGreaterThanOrEqual(9)
    const rows = readme.split('\n').filter(line => /^\| \[[\w.-]+\.yml\]\(docs\/examples\//.test(line))
    expect(rows.map(row => /\(docs\/examples\/([\w.-]+)\)/.exec(row)![1]).sort()).toEqual(
      [...examples].sort()
    )
    const shown = fencedBlocks(readme, 'yaml')
    for (const file of examples) expect(shown).not.toContain(read(join('docs', 'examples', file)))
  })

  it('names the two commands that try the action locally, and they are npm scripts', () => {
    const [commands] = fencedBlocks(readme.slice(readme.indexOf('## Try it locally')), 'sh')
    expect(commands).toMatch(/^npm ci && npm run demo\b/m)
    expect(commands).toMatch(/^npm test\b/m)
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts
    expect(Object.keys(scripts)).toEqual(expect.arrayContaining(['demo', 'test']))
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
    const source = ['', 'private-cloud', 'mendix-cloud', 'unit-tests', 'preview', 'mxbuild']
      .flatMap(dir =>
        readdirSync(join(ROOT, 'src', dir))
          .filter(file => file.endsWith('.ts'))
          .map(file => read(join('src', dir, file)))
      )
      .join('\n')
    const set = [...source.matchAll(/progress\.output\('(\w+)'/g)].map(m => m[1])
    expect([...new Set(set)].sort()).toEqual(Object.keys(action.outputs).sort())
  })
})

const MARKDOWN = [
  'README.md',
  'CONTRIBUTING.md',
  'ARCHITECTURE.md',
  'SECURITY.md',
  'CHANGELOG.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter(file => file.endsWith('.md'))
    .map(file => join('docs', file))
]

describe.each(MARKDOWN)('%s', path => {
  const markdown = read(path)

  it('links only to files that exist, and to headings they have', () => {
    const broken: string[] = []
    for (const link of relativeLinks(markdown)) {
      const target = link.path === '' ? join(ROOT, path) : join(ROOT, dirname(path), link.path)
      if (!existsSync(target)) broken.push(`${link.path} (no such file)`)
      else if (
        link.anchor &&
        !(statSync(target).isFile() && anchorsOf(readFileSync(target, 'utf8')).has(link.anchor))
      )
        broken.push(`${relative(ROOT, target)}#${link.anchor} (no such heading)`)
    }
    expect(broken).toEqual([])
  })

  it('gives this action only inputs it declares in the YAML it shows', () => {
    const steps = fencedBlocks(markdown, 'yaml').flatMap(text => stepsOf(parse(text)))
    for (const step of steps) {
      expect(step.uses).toBe(ACTION)
      expect(Object.keys(step.with ?? {}).filter(name => !(name in action.inputs))).toEqual([])
    }
  })
})

/** Every step of this action in a parsed YAML snippet, however deep (a whole workflow or a list of steps). */
function stepsOf(value: unknown): Step[] {
  if (Array.isArray(value)) return value.flatMap(stepsOf)
  if (typeof value !== 'object' || value === null) return []
  const step = value as Step
  if (typeof step.uses === 'string' && step.uses.includes('mendix-deploy-action')) return [step]
  return Object.values(value).flatMap(stepsOf)
}

const workflows = readdirSync(join(ROOT, '.github', 'workflows')).filter(file => /\.ya?ml$/.test(file))

/** The first major of each action that runs on Node 24 (its action.yml `runs.using`); Node 20 left the runners. */
const FIRST_NODE24_MAJOR: Record<string, number> = {
  'actions/checkout': 5,
  'actions/setup-node': 5,
  'github/codeql-action': 4
}

describe('the repository', () => {
  it('runs no deploy in its own workflows: this action runs there only against the local emulator', () => {
    const ours = workflows.flatMap(file => stepsOf(parse(read(join('.github', 'workflows', file)))))
    const local = workflows.flatMap(file =>
      Object.values((parse(read(join('.github', 'workflows', file))) as Workflow).jobs)
        .flatMap(job => job.steps)
        .filter(step => step.uses === './')
    )
    expect(ours).toEqual([])
    for (const step of local) expect(step.with?.apiUrl).toBe('${{ steps.emulator.outputs.url }}')
  })

  it.each(workflows)('pins every action of %s by commit, on a major that runs on Node 24', file => {
    const text = read(join('.github', 'workflows', file))
    const uses = [...text.matchAll(/^\s*(?:- )?uses: ([^\s#]+)(?: # (v[\d.]+))?/gm)].filter(
      m => m[1] !== './'
    )
    expect(uses.length).toBeGreaterThan(0)
    for (const [line, ref, version] of uses) {
      expect(line).toMatch(/@[0-9a-f]{40} # v\d+(\.\d+){0,2}$/)
      const name = ref.split('@')[0].split('/').slice(0, 2).join('/')
      expect(Object.keys(FIRST_NODE24_MAJOR)).toContain(name)
      expect(Number(/^v(\d+)/.exec(version)![1])).toBeGreaterThanOrEqual(FIRST_NODE24_MAJOR[name])
    }
  })

  it('has CodeQL analyse the sources, not the bundled third-party code in dist/', () => {
    const codeql = parse(read('.github/workflows/codeql.yml')) as Workflow
    const init = Object.values(codeql.jobs)
      .flatMap(job => job.steps)
      .find(step => step.uses?.startsWith('github/codeql-action/init@'))!
    const config = parse(read(init.with!['config-file'].replace(/^\.\//, ''))) as { 'paths-ignore': string[] }
    expect(config['paths-ignore']).toContain('dist')
  })

  it('marks dist/ as generated, so GitHub folds it in diffs and leaves it out of the language count', () => {
    const check = spawnSync('git', ['check-attr', 'linguist-generated', '--', 'dist/index.js'], {
      cwd: ROOT,
      encoding: 'utf8'
    })
    expect(check.stdout.trim()).toBe('dist/index.js: linguist-generated: true')
  })

  it('declares the Node it runs on in one major: action.yml, engines, .node-version and CI', () => {
    const major = /^node(\d+)$/.exec(action.runs.using)![1]
    expect(read('.node-version').trim()).toBe(major)
    const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines
    expect(engines.node).toBe(`>=${major}`)
    const setups = workflows.flatMap(file =>
      Object.values((parse(read(join('.github', 'workflows', file))) as Workflow).jobs)
        .flatMap(job => job.steps)
        .filter(step => step.uses?.startsWith('actions/setup-node@'))
    )
    expect(setups.length).toBeGreaterThan(0)
    for (const step of setups) expect(step.with).toMatchObject({ 'node-version-file': '.node-version' })
  })

  it('asks a bug report for the step log with debug logging on, and says the token is never in it', () => {
    const form = parse(read('.github/ISSUE_TEMPLATE/bug_report.yml')) as {
      body: Array<{ type: string; id?: string; attributes: Record<string, string>; validations?: object }>
    }
    const log = form.body.find(item => item.id === 'log')!
    expect(log.type).toBe('textarea')
    expect(log.validations).toEqual({ required: true })
    expect(log.attributes.description).toContain('ACTIONS_STEP_DEBUG')
    expect(log.attributes.description).toMatch(/token is never in (it|the log)/)
    for (const path of [
      '.github/ISSUE_TEMPLATE/feature_request.yml',
      '.github/pull_request_template.md',
      '.github/CODEOWNERS'
    ])
      expect(existsSync(join(ROOT, path))).toBe(true)
  })
})
