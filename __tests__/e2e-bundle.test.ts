/**
 * What every start of the bundled action loads. dist/index.js is the start-up path of every run; Octokit and
 * undici belong in the chunks loaded only by runs that talk to GitHub (src/octokit.ts, src/undici-on-demand.ts).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from '../scripts/run-action.js'

const DIST = join(ROOT, 'dist')

/** The npm packages whose code a bundle file holds, from its source map. */
function packagesIn(file: string): Set<string> {
  const map = JSON.parse(readFileSync(join(DIST, `${file}.map`), 'utf8')) as { sources: string[] }
  const names = map.sources.map(source => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(source)?.[1])
  return new Set(names.filter((name): name is string => name !== undefined))
}

describe('the bundle', () => {
  it('starts without undici or Octokit: they load only with the GitHub API', () => {
    const startUp = packagesIn('index.js')
    expect(startUp).toContain('@actions/core')
    expect(startUp).toContain('@actions/http-client')
    expect([...startUp].filter(name => name === 'undici' || name.startsWith('@octokit/'))).toEqual([])

    const chunks = readdirSync(DIST).filter(name => /^\d+\.index\.js$/.test(name))
    const withUndici = chunks.filter(chunk => packagesIn(chunk).has('undici'))
    expect(withUndici).toHaveLength(1)
    expect(packagesIn(withUndici[0])).toContain('@actions/github')
  })
})
