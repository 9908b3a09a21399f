// Fetches the official Mendix for Private Cloud OpenAPI files that the conformance suite checks the emulator and
// the action against, when ../shared/mendix-api (the reviewed copies) is not beside the repository, as in a fresh
// GitHub clone. For a workflow only: tests never run it, and it is the one place that goes to the network.
//
//   node scripts/fetch-specs.mjs [--out DIR] [--timeout-ms N] [--latest] [--force]
//
// By default each file comes from the public mendix/docs repository at the commit the contract was written from
// (see CONTRACT.md section 0) and must match that file byte for byte. --latest takes what docs.mendix.com serves
// today instead (unverified: it may be newer than the version the suite was written against).
// Prints the folder that holds the files; under GitHub Actions it also sets MENDIX_SPECS_DIR for later steps.
/* global AbortSignal */
import { Buffer } from 'node:buffer'
import { createHash } from 'node:crypto'
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const SHARED = resolve(ROOT, '..', 'shared', 'mendix-api')

/** The files, pinned to the mendix/docs commit each was read at, with the digest of that version. */
const SPECS = [
  {
    file: 'private-cloud-build-api.yaml',
    commit: '7d44e14a6759794ed379b090f3e0e70fe2aefc48',
    bytes: 22337,
    sha256: 'eb317fd5dc6c700a2ef52cbf83605b6e2bf9761ef55360c7156c3c881d84d79c'
  },
  {
    file: 'privatecloud-build-v4.yaml',
    commit: 'df6b850e96970a3270f9a1dce0779fbe980a6e83',
    bytes: 21774,
    sha256: 'a16f9abda4806dcd87c09300ecd7a852ac1e5c80a69629e84d7a1698ede207ea'
  },
  {
    file: 'private-cloud-deploy-api.yaml',
    commit: 'a29848fa77b69b6f44769083c2e65bc666d9bf3a',
    bytes: 108505,
    sha256: '82d96607bb795a0dc914e09a3e5f8aa18f9b3c837c5b2f7ae451e8e9b4f0eef4'
  },
  {
    file: 'privatecloud-deploy-v4.yaml',
    commit: '0c95bfe3d1af70c4d3b9d66a8a431488e4b0984e',
    bytes: 133295,
    sha256: 'ae247dcd18e1987165edbdcb9c77c1939dc88708aae747c494ff762e5afc1340'
  }
]

const pinnedUrl = spec =>
  `https://raw.githubusercontent.com/mendix/docs/${spec.commit}/static/openapi-spec/${spec.file}`
// The docs site serves the repository's static/ folder at its root (its API pages embed /openapi-spec/<file>).
const latestUrl = spec => `https://docs.mendix.com/openapi-spec/${spec.file}`

const digest = data => createHash('sha256').update(data).digest('hex')

function fail(message) {
  console.error(`fetch-specs: ${message}`)
  process.exit(1)
}

/** Tells later workflow steps where the files are. */
function announce(dir) {
  console.log(dir)
  if (process.env.GITHUB_ENV) appendFileSync(process.env.GITHUB_ENV, `MENDIX_SPECS_DIR=${dir}\n`)
}

function complete(dir, verify) {
  return SPECS.every(spec => {
    const path = join(dir, spec.file)
    return existsSync(path) && (!verify || digest(readFileSync(path)) === spec.sha256)
  })
}

async function download(spec, url, timeoutMs) {
  let response
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' })
  } catch (error) {
    const reason =
      error?.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : String(error?.cause ?? error)
    throw new Error(`could not download ${spec.file} from ${url}: ${reason}`, { cause: error })
  }
  if (!response.ok) throw new Error(`could not download ${spec.file} from ${url}: HTTP ${response.status}`)
  return Buffer.from(await response.arrayBuffer())
}

async function main() {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: join(ROOT, '.cache', 'mendix-specs') },
      'timeout-ms': { type: 'string', default: '30000' },
      latest: { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false }
    }
  })
  if (values.help) {
    console.log('Usage: node scripts/fetch-specs.mjs [--out DIR] [--timeout-ms N] [--latest] [--force]')
    return
  }
  const timeoutMs = Number(values['timeout-ms'])
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) fail(`--timeout-ms must be a positive whole number`)
  if (!values.force && complete(SHARED, false)) {
    console.error(`fetch-specs: the specs are present at ${SHARED}; nothing to download.`)
    return announce(SHARED)
  }
  const out = resolve(values.out)
  if (!values.force && !values.latest && complete(out, true)) {
    console.error(`fetch-specs: the pinned specs are already cached at ${out}.`)
    return announce(out)
  }
  mkdirSync(out, { recursive: true })
  for (const spec of SPECS) {
    const url = values.latest ? latestUrl(spec) : pinnedUrl(spec)
    let data
    try {
      data = await download(spec, url, timeoutMs)
    } catch (error) {
      fail(
        `${error.message}.\nThe conformance suite needs the official OpenAPI files: check the network, or put them ` +
          `in ${SHARED} (or in ${out}) by hand.`
      )
    }
    if (!values.latest && digest(data) !== spec.sha256) {
      fail(
        `${spec.file} from ${url} is ${data.length} bytes with sha256 ${digest(data)}; the pinned version is ` +
          `${spec.bytes} bytes with sha256 ${spec.sha256}. Not saved: the suite was written against the pinned one.`
      )
    }
    // Written beside, then renamed: a cancelled run never leaves half a file that looks complete.
    const path = join(out, spec.file)
    writeFileSync(`${path}.part`, data)
    renameSync(`${path}.part`, path)
    console.error(`fetch-specs: ${spec.file} (${data.length} bytes) from ${url}`)
  }
  announce(out)
}

main().catch(error => fail(error instanceof Error ? error.message : String(error)))
