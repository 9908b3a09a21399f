/**
 * The bundle ships third-party code, and with it the notices their licences ask for: every package whose code
 * is in dist/ has its licence text in dist/licenses.txt, and a package whose licence is not on the allow-list, or
 * that has none, stops the build (scripts/dist-licenses.mjs, run by `npm run package`).
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { ROOT } from '../scripts/run-action.js'

const DIST = join(ROOT, 'dist')
const GENERATOR = join(ROOT, 'scripts', 'dist-licenses.mjs')

interface Package {
  name: string
  version: string
  dir: string
}

function packageAt(dir: string): Package {
  const { name, version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Package
  return { name, version, dir }
}

/** The packages the source maps of dist/ name: the innermost node_modules/<name> of each source file. */
function packagesInSourceMaps(): Package[] {
  const dirs = new Set<string>()
  for (const map of readdirSync(DIST).filter(name => name.endsWith('.js.map'))) {
    const { sources } = JSON.parse(readFileSync(join(DIST, map), 'utf8')) as { sources: string[] }
    for (const source of sources) {
      const match = /^(.*\/node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(source)
      if (match) dirs.add(resolve(DIST, match[1]))
    }
  }
  return [...dirs].map(packageAt)
}

/** Each notice in licenses.txt by its heading, `<name> <version>`. */
function noticesByHeading(): Map<string, string> {
  const text = readFileSync(join(DIST, 'licenses.txt'), 'utf8')
  return new Map(
    text
      .split(/^=+$/m)
      .slice(1)
      .map(notice => {
        const [heading, ...rest] = notice.trim().split('\n')
        return [heading, rest.join('\n')]
      })
  )
}

/** Whitespace-insensitive, so a notice is found however its text is wrapped. */
const squeeze = (text: string): string => text.replace(/\s+/g, ' ').trim()

function licenceTextOf({ dir }: Package): string {
  const file = readdirSync(dir).find(name => /^(licen[cs]e|copying)([.-].*)?$/i.test(name))
  if (!file) throw new Error(`${dir} ships no licence file`)
  return squeeze(readFileSync(join(dir, file), 'utf8'))
}

/** The packages without their licence text in dist/licenses.txt, as `<name> <version>`. */
function missingNotices(packages: Package[]): string[] {
  const notices = noticesByHeading()
  return packages
    .map(pkg => ({ pkg, heading: `${pkg.name} ${pkg.version}` }))
    .filter(({ pkg, heading }) => !squeeze(notices.get(heading) ?? '').includes(licenceTextOf(pkg)))
    .map(({ heading }) => heading)
}

describe('dist/licenses.txt', () => {
  test('has the licence text of every package the source maps of dist/ show bundled', () => {
    const packages = packagesInSourceMaps()
    // The toolkit and its proxy agent are in index.js, Octokit in a chunk: both must be seen, or the maps were misread.
    expect(packages.map(pkg => pkg.name)).toEqual(
      expect.arrayContaining([
        '@actions/core',
        '@actions/exec',
        '@actions/io',
        'tunnel',
        '@octokit/core',
        'undici'
      ])
    )
    expect(missingNotices(packages)).toEqual([])
  })

  test('has the notices of the source-map runtime ncc copies in without a source map', () => {
    expect(existsSync(join(DIST, 'sourcemap-register.cjs'))).toBe(true)
    const runtime = packageAt(join(ROOT, 'node_modules', 'source-map-support'))
    const packages = [
      runtime,
      ...['source-map', 'buffer-from'].map(name => packageAt(join(ROOT, 'node_modules', name)))
    ]
    expect(missingNotices(packages)).toEqual([])
  })
})

describe('scripts/dist-licenses.mjs', () => {
  let root: string
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'dist-licenses-'))
  })
  afterEach(() => rmSync(root, { recursive: true, force: true }))

  /** A built tree under root: dist/index.js whose map names src/index.ts and each package, installed as given. */
  function bundleOf(
    packages: Array<{ name: string; license?: string; files?: Record<string, string> }>
  ): void {
    mkdirSync(join(root, 'dist'), { recursive: true })
    writeFileSync(join(root, 'dist', 'index.js'), '')
    const sources = [
      '.././src/index.ts',
      '../webpack/bootstrap',
      '../external node-commonjs "node:fs"',
      ...packages.map(pkg => `.././node_modules/${pkg.name}/index.js`)
    ]
    writeFileSync(join(root, 'dist', 'index.js.map'), JSON.stringify({ version: 3, sources }))
    for (const { name, license, files = {} } of packages) {
      const dir = join(root, 'node_modules', name)
      mkdirSync(dir, { recursive: true })
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.2.3', license }))
      for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text)
    }
  }

  function generate(): { status: number | null; stderr: string; licenses?: string } {
    const { status, stderr } = spawnSync(process.execPath, [GENERATOR, root], { encoding: 'utf8' })
    const file = join(root, 'dist', 'licenses.txt')
    return { status, stderr, licenses: existsSync(file) ? readFileSync(file, 'utf8') : undefined }
  }

  test('refuses a bundled package under a licence outside the allow-list, naming it', () => {
    bundleOf([
      { name: 'fine', license: 'MIT', files: { LICENSE: 'MIT text' } },
      { name: 'copyleft', license: 'GPL-3.0-only', files: { COPYING: 'GPL text' } }
    ])
    const { status, stderr, licenses } = generate()
    expect(status).toBe(1)
    expect(stderr).toContain('copyleft 1.2.3')
    expect(stderr).toContain('GPL-3.0-only')
    expect(licenses).toBeUndefined()
  })

  test('refuses a bundled package that declares no licence, naming it', () => {
    bundleOf([{ name: '@scope/unlicensed', files: { 'README.md': 'no licence here' } }])
    const { status, stderr, licenses } = generate()
    expect(status).toBe(1)
    expect(stderr).toContain('@scope/unlicensed 1.2.3 (node_modules/@scope/unlicensed) declares no licence')
    expect(licenses).toBeUndefined()
  })

  test('writes the notices sorted by name, with NOTICE files, a choice of licences and a note for no licence file', () => {
    bundleOf([
      { name: 'zeta', license: '(GPL-2.0-only OR MIT)', files: { 'LICENSE.md': 'Zeta MIT text\r\n' } },
      { name: 'apache', license: 'Apache-2.0', files: { LICENSE: 'Apache text', NOTICE: 'Apache notice' } },
      { name: 'bare', license: 'ISC' }
    ])
    const { status, stderr, licenses } = generate()
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' })
    const notices = licenses?.split(/^=+$/m).slice(1)
    expect(notices?.map(notice => notice.trim().split('\n')[0])).toEqual([
      'apache 1.2.3',
      'bare 1.2.3',
      'zeta 1.2.3'
    ])
    expect(notices?.[0]).toContain('Apache text\n\nApache notice')
    expect(notices?.[1]).toContain('bare ships no licence file; its package.json declares the licence ISC.')
    expect(notices?.[2]).toContain('License: (GPL-2.0-only OR MIT)\n\nZeta MIT text\n')
    // Written twice, the same bytes: .ci/run compares dist/ with a fresh build.
    expect(generate().licenses).toBe(licenses)
  })

  test('refuses a source map that names a file outside the repository and its packages', () => {
    bundleOf([])
    const map = join(root, 'dist', 'index.js.map')
    writeFileSync(map, JSON.stringify({ version: 3, sources: ['../../elsewhere/thing.js'] }))
    const { status, stderr } = generate()
    expect(status).toBe(1)
    expect(stderr).toContain('names ../../elsewhere/thing.js')
  })

  test('refuses a bundled file without a source map, whose packages it cannot know', () => {
    bundleOf([])
    writeFileSync(join(root, 'dist', '42.index.js'), '')
    const { status, stderr } = generate()
    expect(status).toBe(1)
    expect(stderr).toContain('dist/42.index.js has no source map')
  })
})
