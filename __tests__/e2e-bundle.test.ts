/**
 * What every start of the bundled action loads. dist/index.js is the start-up path of every run; Octokit and
 * undici belong in the chunks loaded only by runs that talk to GitHub (src/octokit.ts, src/undici-on-demand.ts).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from '../scripts/run-action.js'

const DIST = join(ROOT, 'dist')

interface SourceMap {
  sources: string[]
  sourcesContent?: Array<string | null>
}

const mapOf = (file: string): SourceMap =>
  JSON.parse(readFileSync(join(DIST, `${file}.map`), 'utf8')) as SourceMap

/** The names the bundled code outside undici takes from `undici`, as ESM imports or as `x.Name` on a require. */
function undiciNamesUsed(): Set<string> {
  const names = new Set<string>()
  for (const file of readdirSync(DIST).filter(name => name.endsWith('.js'))) {
    const map = mapOf(file)
    map.sources.forEach((source, i) => {
      const text = map.sourcesContent?.[i] ?? ''
      if (source.includes('node_modules/undici/') || !/['"]undici['"]/.test(text)) return
      for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*['"]undici['"]/g))
        for (const name of m[1].split(',')) names.add(name.trim().split(/\s+as\s+/)[0])
      for (const m of text.matchAll(/(\w+)\s*=\s*require\(['"]undici['"]\)/g))
        for (const use of text.matchAll(new RegExp(`\\b${m[1]}\\.(\\w+)`, 'g'))) names.add(use[1])
    })
  }
  names.delete('')
  return names
}

/** The npm packages whose code a bundle file holds, from its source map. */
function packagesIn(file: string): Set<string> {
  const names = mapOf(file).sources.map(source => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(source)?.[1])
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

  // The stand-in (src/undici-on-demand.ts) gives ProxyAgent and fetch only, from the one undici installed: a
  // dependency that starts to use more would find it undefined, and only behind a proxy.
  it('takes from undici only what the stand-in gives, from one installed copy', async () => {
    expect([...undiciNamesUsed()].sort()).toEqual(['ProxyAgent', 'fetch'])
    const standIn = await import('../src/undici-on-demand.js')
    expect(Object.keys(standIn).sort()).toEqual(['ProxyAgent', 'fetch', 'provideUndici'])
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, unknown>
    }
    expect(Object.keys(lock.packages).filter(path => /(^|\/)node_modules\/undici$/.test(path))).toEqual([
      'node_modules/undici'
    ])
  })
})
