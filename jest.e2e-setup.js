/**
 * The end-to-end suites run dist/index.js, not src/: when dist/ is not the bundle of the current src/ (per the
 * stamp `npm run package` writes, see scripts/dist-stamp.mjs), rebuild it first, so editing src/ without
 * `npm run package` never tests an old bundle. Whether the committed dist/ is fresh is .ci/run's check.
 */
import { execSync } from 'node:child_process'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import sayWhyConformanceIsSkipped from './jest.global-setup.js'
import { staleness } from './scripts/dist-stamp.mjs'

export default function e2eSetup() {
  sayWhyConformanceIsSkipped()
  const reason = staleness()
  if (!reason) return
  console.log(`\nThe e2e suites run dist/, and ${reason}: running 'npm run package' first.`)
  execSync('npm run --silent package', { cwd: dirname(fileURLToPath(import.meta.url)), stdio: 'inherit' })
  const still = staleness()
  if (still) throw new Error(`dist/ is still not the bundle of src/ after 'npm run package': ${still}`)
}
