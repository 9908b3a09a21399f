// Records what dist/ was bundled from, so the end-to-end tests can tell a stale bundle from a fresh one. File
// times cannot tell (a fresh clone's are arbitrary), so the stamp holds hashes: of the sources that go into the
// bundle, and of dist/ as the build left it. `npm run package` writes it; jest.e2e-setup.js reads it.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
/** What the bundle is made of: the sources, the locked dependencies and the compiler settings. */
const SOURCES = ['src', 'package-lock.json', 'tsconfig.json']
export const STAMP_FILE = join(ROOT, '.cache', 'dist-stamp.json')

function files(path) {
  if (!existsSync(path)) return []
  if (!statSync(path).isDirectory()) return [path]
  return readdirSync(path)
    .sort()
    .flatMap(name => files(join(path, name)))
}

function hashOf(paths) {
  const hash = createHash('sha256')
  for (const file of paths.flatMap(path => files(join(ROOT, path)))) {
    hash
      .update(`${relative(ROOT, file)}\0`)
      .update(readFileSync(file))
      .update('\0')
  }
  return hash.digest('hex')
}

/** The stamp the current tree would have. */
export function currentStamp() {
  return { sources: hashOf(SOURCES), dist: hashOf(['dist']) }
}

/** Why dist/ is not known to be the bundle of the current sources, or undefined when it is. */
export function staleness() {
  if (!existsSync(join(ROOT, 'dist', 'index.js'))) return 'there is no dist/index.js'
  if (!existsSync(STAMP_FILE)) return 'no npm run package has run in this working copy yet'
  const recorded = JSON.parse(readFileSync(STAMP_FILE, 'utf8'))
  const now = currentStamp()
  if (recorded.sources !== now.sources)
    return 'src/ (or the lock file or tsconfig.json) changed since it was built'
  if (recorded.dist !== now.dist) return 'dist/ changed since it was built'
  return undefined
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  mkdirSync(dirname(STAMP_FILE), { recursive: true })
  writeFileSync(STAMP_FILE, `${JSON.stringify(currentStamp(), null, 2)}\n`)
}
