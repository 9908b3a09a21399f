// Writes dist/licenses.txt: the licence notice of every npm package whose code is in dist/. The packages are read
// from what the bundle really contains, the `sources` of each dist/*.js.map, so a package that enters the bundle
// gets its notice without anyone listing it (ncc's own `--license` left out packages it had bundled). Each
// package's name and version come from its package.json in node_modules, its text from the licence files it
// ships. A licence outside ALLOWED, or none at all, fails the build naming the package.
// `npm run package` runs it after ncc: node scripts/dist-licenses.mjs [root], root defaulting to this repository.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

/** SPDX ids of the licences the bundle may ship: permissive ones whose terms a notice in dist/ meets. */
const ALLOWED = new Set(['0BSD', 'Apache-2.0', 'BlueOak-1.0.0', 'BSD-2-Clause', 'BSD-3-Clause', 'ISC', 'MIT'])

/**
 * dist/ files ncc copies in without a source map, and the package each was built from. sourcemap-register.cjs is
 * ncc's prebuilt copy of source-map-support's `register` (which brings source-map and buffer-from); the dev
 * dependency source-map-support, pinned to the version ncc's `^0.5.9` resolves to (0.5.21, the last 0.5), provides
 * their licence files.
 */
const WITHOUT_MAP = { 'sourcemap-register.cjs': 'source-map-support' }

/** Sources that are neither ours nor a package: webpack's runtime and Node's built-in modules. */
const GENERATED = /^\.\.\/(webpack\/|external )/

const LICENCE_FILE = /^(licen[cs]e|copying)([.-].*)?$/i
/** Apache-2.0 §4(d): a NOTICE file a package ships travels with its code. */
const NOTICE_FILE = /^notice([.-].*)?$/i

class LicenceError extends Error {}

/** The package directory a bundled source file belongs to (the innermost node_modules/<name>), if any. */
function packageDirOf(file) {
  const match = /^(.*[\\/]node_modules[\\/](?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/.exec(file)
  return match?.[1]
}

/** The package directories whose code is in dist/, read from the source maps and from WITHOUT_MAP. */
function bundledPackageDirs(root) {
  const dist = join(root, 'dist')
  const dirs = new Set()
  for (const name of readdirSync(dist).sort()) {
    if (!/\.c?js$/.test(name)) continue
    if (name in WITHOUT_MAP) {
      for (const dir of withDependencies(join(root, 'node_modules', WITHOUT_MAP[name]))) dirs.add(dir)
      continue
    }
    const mapFile = join(dist, `${name}.map`)
    if (!existsSync(mapFile))
      throw new LicenceError(
        `dist/${name} has no source map, so its packages are unknown: build with --source-map`
      )
    for (const source of JSON.parse(readFileSync(mapFile, 'utf8')).sources) {
      if (GENERATED.test(source)) continue
      const file = resolve(dist, source)
      const dir = packageDirOf(file)
      if (dir) dirs.add(dir)
      else if (!(file + sep).startsWith(root + sep))
        throw new LicenceError(`dist/${name}.map names ${source}, neither this repository's nor a package's`)
    }
  }
  return [...dirs]
}

/** A package's directory and those of its dependencies, resolved as Node does (nearest node_modules first). */
function withDependencies(dir, seen = new Set()) {
  if (seen.has(dir)) return seen
  if (!existsSync(join(dir, 'package.json'))) throw new LicenceError(`${dir} is not installed: run npm ci`)
  seen.add(dir)
  const { dependencies = {} } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
  for (const name of Object.keys(dependencies)) {
    let from = dir
    while (!existsSync(join(from, 'node_modules', name, 'package.json')) && dirname(from) !== from)
      from = dirname(from)
    withDependencies(join(from, 'node_modules', name), seen)
  }
  return seen
}

/** Whether an SPDX expression such as `MIT` or `(MIT OR Apache-2.0)` lets the bundle ship the package. */
function allowed(expression) {
  const ids = expression.replace(/[()]/g, ' ').trim()
  if (/\sOR\s/.test(ids)) return ids.split(/\s+OR\s+/).some(id => ALLOWED.has(id.trim()))
  return ids.split(/\s+AND\s+/).every(id => ALLOWED.has(id.trim()))
}

/** The licence notice of one package, or an error naming it when its licence is not allowed or missing. */
function noticeOf(dir) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
  const declared =
    typeof pkg.license === 'string'
      ? pkg.license
      : [pkg.license, ...(pkg.licenses ?? [])]
          .filter(Boolean)
          .map(entry => entry.type)
          .join(' OR ')
  const id = `${pkg.name} ${pkg.version}`
  if (!declared) throw new LicenceError(`${id} (${dir}) declares no licence: it cannot ship in dist/`)
  if (!allowed(declared))
    throw new LicenceError(
      `${id} (${dir}) is licensed ${declared}, not one of ${[...ALLOWED].join(', ')}: it cannot ship in dist/`
    )
  const files = readdirSync(dir).sort()
  const read = name =>
    readFileSync(join(dir, name), 'utf8')
      .replace(/\r\n?/g, '\n')
      .replace(/^\n+|\s+$/g, '')
  const texts = files.filter(name => LICENCE_FILE.test(name)).map(read)
  const notices = files.filter(name => NOTICE_FILE.test(name)).map(read)
  const body = texts.length
    ? texts
    : [`${pkg.name} ships no licence file; its package.json declares the licence ${declared}.`]
  return {
    name: pkg.name,
    version: pkg.version,
    text: [`${id}\nLicense: ${declared}`, ...body, ...notices].join('\n\n')
  }
}

/** The text of dist/licenses.txt for the bundle under root: one notice per package and version, sorted. */
function licensesText(root) {
  const notices = new Map()
  for (const dir of bundledPackageDirs(root)) {
    const notice = noticeOf(dir)
    notices.set(`${notice.name}@${notice.version}`, notice)
  }
  const sorted = [...notices.values()].sort((a, b) =>
    a.name === b.name ? (a.version < b.version ? -1 : 1) : a.name < b.name ? -1 : 1
  )
  const rule = '='.repeat(80)
  return [
    'Third-party software bundled in this directory, and its licence notices.',
    'Written by scripts/dist-licenses.mjs from the source maps of dist/; do not edit.',
    ...sorted.flatMap(notice => ['', rule, notice.text]),
    ''
  ].join('\n')
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..'))
  try {
    writeFileSync(join(root, 'dist', 'licenses.txt'), licensesText(root))
  } catch (error) {
    if (!(error instanceof LicenceError)) throw error
    console.error(`dist/licenses.txt not written: ${error.message.replaceAll(root + sep, '')}`)
    process.exitCode = 1
  }
}
