/**
 * Says once, at the top of every `npm test`, why the conformance suite is skipped when it is: Jest shows a
 * skipped test's name only in verbose runs. The places looked in are those of __tests__/conformance.test.ts.
 */
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export default function globalSetup() {
  const root = dirname(fileURLToPath(import.meta.url))
  const places = [
    process.env.MENDIX_SPECS_DIR,
    join(root, '..', 'shared', 'mendix-api'),
    join(root, '.cache', 'mendix-specs')
  ].filter(Boolean)
  if (places.some(dir => existsSync(join(dir, 'private-cloud-build-api.yaml')))) return
  console.log(
    `\nThe conformance suite is skipped: the official Mendix spec files are not in ${places.join(' or ')}. ` +
      "Run 'npm run specs' once to download them into .cache/mendix-specs.\n"
  )
}
