/**
 * MxBuild of exactly the app's Mendix version, downloaded once per runner and kept in the runner's tool cache.
 *
 * Mendix publishes one tarball per Studio Pro release (Mendix reference guide, "MxBuild",
 * https://docs.mendix.com/refguide/mxbuild/): `https://cdn.mendix.com/runtime/mxbuild-{version}.tar.gz` for Linux
 * and `.../win-mxbuild-{version}.tar.gz` for Windows, `{version}` being the full four-part version. A mirror (an
 * air-gapped or proxy-restricted runner) serves the same file names under its own base URL.
 *
 * The tool cache is the toolkit's (`@actions/tool-cache`, what the setup-* actions use): `RUNNER_TOOL_CACHE/mxbuild/
 * <version>/<arch>`, found again by `find` on the next run of the same runner, and kept across hosted runs with
 * actions/cache on that folder. The download and the extraction are our own, not the toolkit's `downloadTool` and
 * `extractTar`: those take no AbortSignal, `downloadTool` sets no socket timeout and sleeps 10-20 s between its
 * retries, so neither the step's deadline nor a cancel could end them, and an open download would keep the step's
 * process alive after it failed. Here both end with the deadline or the cancel, and the download is hashed as it
 * streams.
 *
 * The archive is data from a server. Before anything is extracted, every entry is listed (tar-entries.ts) and an
 * archive with an entry that would land outside its folder is refused.
 */
import { spawn } from 'node:child_process'
import { createHash, randomUUID } from 'node:crypto'
import { createWriteStream, existsSync, statSync } from 'node:fs'
import { mkdir, rm, writeFile, readFile } from 'node:fs/promises'
import * as http from 'node:http'
import * as https from 'node:https'
import { join } from 'node:path'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { HttpClient } from '@actions/http-client'
import { isLoopback, THIS_MACHINE_NAMES } from '../app-url.js'
import type { Deadline } from '../deadline.js'
import { CancelledError, InputError } from '../errors.js'
import { seconds, type Logger } from '../logger.js'
import { isMendixVersion } from './app-version.js'
import { escapingEntries, listTarGz } from './tar-entries.js'

/** Where Mendix publishes MxBuild (the reference guide's download URLs). */
export const MENDIX_CDN = 'https://cdn.mendix.com/runtime/'
/** The tool cache's name for MxBuild: `RUNNER_TOOL_CACHE/mxbuild/...`. */
export const TOOL_NAME = 'mxbuild'
/** A bound on a runaway or hostile server, far above any MxBuild tarball; not a size anyone expects. */
export const MAX_ARCHIVE_BYTES = 4 * 1024 ** 3
/** No byte for this long ends the download, even with time left before the deadline. */
export const IDLE_TIMEOUT_MS = 60_000
const MAX_REDIRECTS = 5
/** What the action writes beside MxBuild in the cache: where it came from and the archive's SHA-256. */
const ORIGIN_FILE = '.mendix-deploy-action-origin.json'

export interface ObtainOptions {
  /** A mirror serving Mendix's file names; default the Mendix CDN. */
  baseUrl?: string
  /** The archive's expected SHA-256 (hex); Mendix publishes no checksums, so only a user who pinned one has it. */
  sha256?: string
  /** Which tarball: `win32` takes the Windows one; default this runner's platform. */
  platform?: NodeJS.Platform
  log: Logger
  deadline: Deadline
  signal?: AbortSignal
}

export interface ObtainedMxBuild {
  /** The folder that holds `modeler/mxbuild`, in the tool cache. */
  dir: string
  /** True when it was already in the tool cache and nothing was downloaded. */
  cached: boolean
  /** Where it was (or would have been) downloaded from. */
  url: string
}

/** The tarball's file name for a version: `mxbuild-<v>.tar.gz`, or `win-mxbuild-<v>.tar.gz` on Windows. */
export function archiveName(version: string, platform: NodeJS.Platform = process.platform): string {
  return `${platform === 'win32' ? 'win-' : ''}mxbuild-${version}.tar.gz`
}

/** The MxBuild executable inside the tarball. */
export function executablePath(dir: string, platform: NodeJS.Platform = process.platform): string {
  return join(dir, 'modeler', platform === 'win32' ? 'mxbuild.exe' : 'mxbuild')
}

/**
 * The tool cache's version folder for a Mendix version. The toolkit's `find` looks up exact versions only when
 * they are semver, which four parts are not, so the build number becomes a pre-release part: `10.24.0.73019` is
 * kept as `10.24.0-73019`. The README's actions/cache example keys on the Mendix version and caches
 * `RUNNER_TOOL_CACHE/mxbuild/<this>`.
 */
export function toolCacheVersion(version: string): string {
  const [major, minor, patch, build] = version.split('.')
  return `${major}.${minor}.${patch}-${build}`
}

/**
 * Why a download base URL (the mirror input) or a download URL may not be used, as the end of a sentence; undefined
 * when it may. https only; plain http only on this machine, where nothing crosses a network.
 */
export function downloadUrlProblem(text: string): string | undefined {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return 'is not a URL'
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'is neither https nor http'
  if (url.protocol === 'http:' && !isLoopback(url))
    return `is not https (plain http only on this machine: ${THIS_MACHINE_NAMES})`
  if (url.username || url.password) return 'carries credentials, which would be printed with it'
  if (url.search || url.hash) return 'has a query or a fragment, so it is no base URL to add a file name to'
  return undefined
}

/** The URL of a version's tarball: under `baseUrl` (a mirror) or on the Mendix CDN. */
export function mxbuildUrl(version: string, baseUrl = MENDIX_CDN, platform?: NodeJS.Platform): string {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`
  return new URL(archiveName(version, platform), base).toString()
}

/** Whether `text` is a SHA-256 written in hex. */
export function isSha256(text: string): boolean {
  return /^[0-9a-f]{64}$/i.test(text)
}

/** Ends the work when the deadline passes or the step is cancelled, with an error saying which. */
class Stopwatch {
  readonly controller = new AbortController()
  private readonly timer: NodeJS.Timeout
  private readonly onCancel = (): void => this.controller.abort(new CancelledError())

  constructor(
    deadline: Deadline,
    private readonly signal: AbortSignal | undefined,
    what: string
  ) {
    const deadlineError = new Error(
      `The step's deadline (timeoutMinutes) passed while ${what}; nothing was built or deployed.`
    )
    if (signal?.aborted) this.controller.abort(new CancelledError())
    else if (deadline.remainingMs() <= 0) this.controller.abort(deadlineError)
    signal?.addEventListener('abort', this.onCancel, { once: true })
    this.timer = setTimeout(
      () => this.controller.abort(deadlineError),
      Math.max(0, Math.min(deadline.remainingMs(), 2 ** 31 - 1))
    )
  }

  /** Throws the reason the work was stopped, if it was. */
  check(): void {
    if (this.controller.signal.aborted) throw this.controller.signal.reason as Error
  }

  /** The reason when the work was stopped, else `error` itself. */
  explain(error: unknown): unknown {
    return this.controller.signal.aborted ? this.controller.signal.reason : error
  }

  stop(): void {
    clearTimeout(this.timer)
    this.signal?.removeEventListener('abort', this.onCancel)
  }
}

interface Downloaded {
  bytes: number
  sha256: string
}

/** One GET that resolves with the response, following redirects whose targets pass the same URL rule. */
function get(url: string, client: HttpClient, signal: AbortSignal, hops = 0): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const target = new URL(url)
    const request = (target.protocol === 'https:' ? https : http).get(target, {
      agent: client.getAgent(url),
      headers: { 'User-Agent': 'mendix-deploy-action' },
      signal
    })
    request.setTimeout(IDLE_TIMEOUT_MS, () =>
      request.destroy(new Error(`no answer for ${IDLE_TIMEOUT_MS / 1000} s`))
    )
    request.on('error', reject)
    request.on('response', response => {
      const status = response.statusCode ?? 0
      const location = response.headers.location
      if (status >= 300 && status < 400 && location) {
        response.resume()
        const next = new URL(location, url).toString()
        const problem = downloadUrlProblem(next)
        if (problem) return reject(new Error(`${url} redirects to ${next}, which ${problem}.`))
        if (hops >= MAX_REDIRECTS) return reject(new Error(`${url}: more than ${MAX_REDIRECTS} redirects.`))
        return resolve(get(next, client, signal, hops + 1))
      }
      resolve(response)
    })
  })
}

/** Streams `url` into `dest`, hashing it; rejects on any status but 200, a cut, the size cap, or `signal`. */
async function download(url: string, dest: string, signal: AbortSignal): Promise<Downloaded> {
  const client = new HttpClient('mendix-deploy-action')
  try {
    const response = await get(url, client, signal)
    const status = response.statusCode ?? 0
    if (status !== 200) {
      response.resume()
      const hint =
        status === 404
          ? ': there is no MxBuild of this version there (is the version right, and does the mirror hold it?)'
          : ''
      throw new Error(`Failed to GET ${url}: (${status}) ${response.statusMessage ?? ''}`.trim() + hint)
    }
    const hash = createHash('sha256')
    let bytes = 0
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length
        if (bytes > MAX_ARCHIVE_BYTES)
          return done(new Error(`${url} is larger than ${MAX_ARCHIVE_BYTES} bytes`))
        hash.update(chunk)
        done(null, chunk)
      }
    })
    response.setTimeout(IDLE_TIMEOUT_MS, () =>
      response.destroy(new Error(`the download stalled: no data for ${IDLE_TIMEOUT_MS / 1000} s`))
    )
    await pipeline(response, meter, createWriteStream(dest), { signal })
    const expected = Number(response.headers['content-length'] ?? NaN)
    if (Number.isFinite(expected) && expected !== bytes)
      throw new Error(`${url}: the download ended after ${bytes} of ${expected} bytes.`)
    return { bytes, sha256: hash.digest('hex') }
  } finally {
    client.dispose()
  }
}

/** Runs tar with `args`; killed when `signal` aborts. Rejects with tar's own message when it fails. */
function tar(args: string[], signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('tar', args, { signal, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 4000) stderr += chunk.toString('utf8')
    })
    child.on('error', reject)
    child.on('close', code =>
      code === 0 ? resolve() : reject(new Error(`tar ${args[0]} failed (exit ${code}): ${stderr.trim()}`))
    )
  })
}

/** A cached MxBuild that is complete, and that came from the pinned archive when a hash is pinned. */
async function cachedDir(
  found: string,
  platform: NodeJS.Platform,
  sha256: string | undefined,
  log: Logger
): Promise<string | undefined> {
  if (!found || !existsSync(executablePath(found, platform))) return undefined
  if (!sha256) return found
  let recorded: string | undefined
  try {
    recorded = (JSON.parse(await readFile(join(found, ORIGIN_FILE), 'utf8')) as { sha256?: string }).sha256
  } catch {
    recorded = undefined
  }
  if (recorded?.toLowerCase() === sha256.toLowerCase()) return found
  log.info(
    `The cached MxBuild in ${found} came from an archive with SHA-256 ${recorded ?? '(not recorded)'}, not the pinned ${sha256.toLowerCase()}: downloading it again.`
  )
  return undefined
}

/**
 * MxBuild of exactly `version`: from the tool cache when this runner has it (`cached: true`, no request), else
 * downloaded, checked against `sha256` when given, listed, extracted and cached. The deadline and `signal` end
 * every part of it.
 */
export async function obtainMxBuild(version: string, options: ObtainOptions): Promise<ObtainedMxBuild> {
  const { log, deadline, signal } = options
  const platform = options.platform ?? process.platform
  if (!isMendixVersion(version))
    throw new InputError([
      `${JSON.stringify(version)} is not a four-part Mendix version such as 10.24.0.73019.`
    ])
  if (options.sha256 !== undefined && !isSha256(options.sha256))
    throw new InputError([`The MxBuild SHA-256 ${JSON.stringify(options.sha256)} is not 64 hex digits.`])
  const base = options.baseUrl ?? MENDIX_CDN
  const baseProblem = downloadUrlProblem(base)
  if (baseProblem) throw new InputError([`The MxBuild download base URL ${base} ${baseProblem}.`])
  const url = mxbuildUrl(version, base, platform)
  const toolCache = process.env.RUNNER_TOOL_CACHE
  const temp = process.env.RUNNER_TEMP
  if (!toolCache || !temp) {
    throw new Error(
      'MxBuild is kept in the runner tool cache, but RUNNER_TOOL_CACHE or RUNNER_TEMP is not set (the runner sets both).'
    )
  }
  // The toolkit's cache is loaded only when MxBuild is wanted: a deploy of a package built elsewhere never loads it.
  const tc = await import('@actions/tool-cache')
  const cacheVersion = toolCacheVersion(version)
  const cached = await cachedDir(tc.find(TOOL_NAME, cacheVersion), platform, options.sha256, log)
  if (cached) {
    log.info(`MxBuild ${version} is in the runner's tool cache (${cached}): nothing to download.`)
    return { dir: cached, cached: true, url }
  }

  const work = join(temp, `mxbuild-${randomUUID()}`)
  const archive = join(work, archiveName(version, platform))
  const folder = join(work, 'extracted')
  const watch = new Stopwatch(deadline, signal, `getting MxBuild ${version}`)
  try {
    watch.check()
    await mkdir(folder, { recursive: true })
    log.info(`Downloading MxBuild ${version} from ${url}`)
    const started = Date.now()
    const got = await download(url, archive, watch.controller.signal)
    log.info(
      `Downloaded ${(got.bytes / 1024 ** 2).toFixed(1)} MiB in ${seconds(Date.now() - started)}; SHA-256 ${got.sha256} (pin it to refuse any other archive).`
    )
    // Mendix publishes no checksums for MxBuild; a pinned hash is one the user recorded from a download they trust.
    if (options.sha256 && got.sha256 !== options.sha256.toLowerCase()) {
      throw new Error(
        `The MxBuild archive from ${url} has SHA-256 ${got.sha256}, but ${options.sha256.toLowerCase()} is pinned: it was not extracted.`
      )
    }
    const entries = await listTarGz(archive, watch.controller.signal)
    const escaping = escapingEntries(entries)
    if (escaping.length > 0) {
      const shown = escaping.slice(0, 5).map(problem => `  - ${problem}`)
      if (escaping.length > 5) shown.push(`  - and ${escaping.length - 5} more`)
      throw new Error(
        `The MxBuild archive from ${url} was not extracted: ${escaping.length} of its entries would land outside the folder it is extracted into.\n${shown.join('\n')}`
      )
    }
    await tar(['-xzf', archive, '-C', folder], watch.controller.signal)
    const executable = executablePath(folder, platform)
    if (!existsSync(executable) || !statSync(executable).isFile()) {
      throw new Error(
        `The MxBuild archive from ${url} holds no ${platform === 'win32' ? 'modeler/mxbuild.exe' : 'modeler/mxbuild'}: it is not an MxBuild tarball of Mendix 9.22 or later.`
      )
    }
    await writeFile(join(folder, ORIGIN_FILE), `${JSON.stringify({ url, sha256: got.sha256 }, null, 2)}\n`)
    await rm(archive, { force: true })
    watch.check()
    const dir = await tc.cacheDir(folder, TOOL_NAME, cacheVersion)
    log.info(`MxBuild ${version} is now in the runner's tool cache: ${dir}`)
    return { dir, cached: false, url }
  } catch (error) {
    throw watch.explain(error)
  } finally {
    watch.stop()
    await rm(work, { recursive: true, force: true })
  }
}
