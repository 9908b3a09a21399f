// The npm registry mirror this project is built with lacks the non-Linux binaries of unrs-resolver (a jest 30
// dependency), so `npm install` leaves them out of package-lock.json and `npm ci` then refuses the lock.
// This adds their entries, marked optional with their os/cpu, so that npm skips them on other platforms.
// Run it after `npm install` changes the lock: node scripts/complete-lock.mjs
import { readFileSync, writeFileSync } from 'node:fs'

const path = new URL('../package-lock.json', import.meta.url)
const lock = JSON.parse(readFileSync(path, 'utf8'))
const resolver = lock.packages['node_modules/unrs-resolver']
const platform = name => {
  const [, os, cpu, abi] = /^@unrs\/resolver-binding-([a-z0-9]+)-([a-z0-9]+)(?:-(\w+))?$/.exec(name)
  const libc = os === 'linux' ? (abi?.startsWith('musl') ? ['musl'] : ['glibc']) : undefined
  return { os: [os], cpu: [cpu === 'arm' ? 'arm' : cpu], ...(libc ? { libc } : {}) }
}
let added = 0
for (const [name, version] of Object.entries(resolver?.optionalDependencies ?? {})) {
  const key = `node_modules/${name}`
  if (lock.packages[key]) continue
  lock.packages[key] = { version, dev: true, optional: true, ...platform(name) }
  added++
}
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`)
console.log(`package-lock.json: added ${added} optional platform entries`)
