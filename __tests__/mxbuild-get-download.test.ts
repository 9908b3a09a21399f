/**
 * Getting MxBuild (src/mxbuild/download.ts) from the emulator's CDN and mirror: downloaded once, then found in the
 * runner's tool cache; a pinned SHA-256, the URL rule, archives that would write outside their folder, unknown
 * versions, cut downloads, the deadline and a cancel.
 */
import { createHash } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { realClock } from '../src/clock.js'
import { Deadline } from '../src/deadline.js'
import { CancelledError, InputError } from '../src/errors.js'
import type { Logger } from '../src/logger.js'
import {
  downloadUrlProblem,
  executablePath,
  mxbuildUrl,
  obtainMxBuild,
  toolCacheVersion
} from '../src/mxbuild/download.js'
import { startEmulator, type Emulator } from '../emulator/index.js'
import { mxbuildTarball } from '../emulator/mxbuild-package.js'

const VERSION = '10.24.0.73019'

let emulator: Emulator
let origin: string
let root: string

function recorder(): Logger & { lines: string[] } {
  const lines: string[] = []
  return {
    lines,
    info: m => void lines.push(m),
    warning: m => void lines.push(`warning: ${m}`),
    debug: () => {},
    group: (_name, fn) => fn()
  }
}

/** A fresh runner: its own tool cache and temp folder. */
function freshRunner(): { toolCache: string; temp: string } {
  const runner = mkdtempSync(join(root, 'runner-'))
  const toolCache = join(runner, 'tool-cache')
  const temp = join(runner, 'temp')
  process.env.RUNNER_TOOL_CACHE = toolCache
  process.env.RUNNER_TEMP = temp
  return { toolCache, temp }
}

const downloads = (): string[] =>
  emulator.traffic.filter(t => t.operation === 'mxbuildDownload').map(t => t.path)

function options(
  extra: Partial<Parameters<typeof obtainMxBuild>[1]> = {}
): Parameters<typeof obtainMxBuild>[1] {
  return {
    baseUrl: `${origin}/runtime/`,
    log: recorder(),
    deadline: Deadline.after(realClock, 60_000),
    ...extra
  }
}

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex')

beforeAll(async () => {
  emulator = await startEmulator()
  origin = `http://127.0.0.1:${emulator.port}`
  root = mkdtempSync(join(tmpdir(), 'mxbuild-get-'))
})

afterAll(async () => {
  await emulator.close()
  rmSync(root, { recursive: true, force: true })
})

beforeEach(() => {
  emulator.traffic.length = 0
  emulator.control.clearFaults()
})

describe('obtainMxBuild', () => {
  it('downloads MxBuild of the version once; the second call finds it in the tool cache and sends no request', async () => {
    const { toolCache, temp } = freshRunner()
    const log = recorder()
    const first = await obtainMxBuild(VERSION, options({ log }))
    expect(first.cached).toBe(false)
    expect(first.url).toBe(`${origin}/runtime/mxbuild-${VERSION}.tar.gz`)
    expect(first.dir).toBe(join(toolCache, 'mxbuild', toolCacheVersion(VERSION), process.arch))
    const executable = executablePath(first.dir)
    expect(statSync(executable).mode & 0o111).not.toBe(0)
    expect(downloads()).toEqual([`/runtime/mxbuild-${VERSION}.tar.gz`])
    // The log gives the archive's hash, so that a user can pin it.
    expect(log.lines.join('\n')).toContain(sha256(mxbuildTarball(VERSION)))
    // Nothing is left in RUNNER_TEMP: the archive and the extraction folder are removed.
    expect(readdirSync(temp)).toEqual([])

    const second = await obtainMxBuild(VERSION, options())
    expect(second).toEqual({ dir: first.dir, cached: true, url: first.url })
    expect(downloads()).toHaveLength(1)
  })

  it('uses the documented CDN URL by default, the Windows tarball on Windows', () => {
    expect(mxbuildUrl(VERSION)).toBe(`https://cdn.mendix.com/runtime/mxbuild-${VERSION}.tar.gz`)
    expect(mxbuildUrl(VERSION, undefined, 'win32')).toBe(
      `https://cdn.mendix.com/runtime/win-mxbuild-${VERSION}.tar.gz`
    )
    expect(mxbuildUrl(VERSION, 'https://mirror.example.com/mendix', 'linux')).toBe(
      `https://mirror.example.com/mendix/mxbuild-${VERSION}.tar.gz`
    )
  })

  it('gets the Windows tarball and its modeler/mxbuild.exe for platform win32', async () => {
    freshRunner()
    const got = await obtainMxBuild(VERSION, options({ platform: 'win32' }))
    expect(downloads()).toEqual([`/runtime/win-mxbuild-${VERSION}.tar.gz`])
    expect(existsSync(join(got.dir, 'modeler', 'mxbuild.exe'))).toBe(true)
  })

  it('accepts the archive whose SHA-256 is pinned, in either case', async () => {
    freshRunner()
    const pinned = sha256(mxbuildTarball(VERSION)).toUpperCase()
    const got = await obtainMxBuild(VERSION, options({ sha256: pinned }))
    expect(got.cached).toBe(false)
    // The cache remembers the archive's hash: the same pin finds it again without a download.
    expect((await obtainMxBuild(VERSION, options({ sha256: pinned }))).cached).toBe(true)
    expect(downloads()).toHaveLength(1)
  })

  it('refuses an archive whose SHA-256 differs from the pinned one, naming both, and caches nothing', async () => {
    const { toolCache } = freshRunner()
    const pinned = 'ab'.repeat(32)
    const error = await obtainMxBuild(VERSION, options({ sha256: pinned })).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message).toContain(pinned)
    expect((error as Error).message).toContain(sha256(mxbuildTarball(VERSION)))
    expect(existsSync(join(toolCache, 'mxbuild'))).toBe(false)
  })

  it('downloads again when the cached MxBuild came from another archive than the pinned one', async () => {
    freshRunner()
    await obtainMxBuild(VERSION, options())
    const error = await obtainMxBuild(VERSION, options({ sha256: 'cd'.repeat(32) })).catch((e: unknown) => e)
    expect((error as Error).message).toContain('cd'.repeat(32))
    expect(downloads()).toHaveLength(2)
  })

  it.each([
    ['http://mirror.example.com/runtime/', /not https \(plain http only on this machine/],
    ['ftp://127.0.0.1/runtime/', /neither https nor http/],
    ['https://user:secret@mirror.example.com/', /carries credentials/],
    ['https://mirror.example.com/runtime/?token=1', /query or a fragment/]
  ])('refuses the base URL %s before any request', async (baseUrl, reason) => {
    freshRunner()
    const error = await obtainMxBuild(VERSION, options({ baseUrl })).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InputError)
    expect((error as Error).message).toMatch(reason)
    expect(emulator.traffic).toEqual([])
  })

  it('allows plain http on this machine only', () => {
    expect(downloadUrlProblem('http://127.0.0.1:8080/runtime/')).toBeUndefined()
    expect(downloadUrlProblem('http://localhost/runtime/')).toBeUndefined()
    expect(downloadUrlProblem('https://mirror.example.com/runtime/')).toBeUndefined()
    expect(downloadUrlProblem('http://10.0.0.5/runtime/')).toMatch(/not https/)
  })

  it('follows a redirect to an allowed URL and refuses one to plain http off this machine', async () => {
    const redirects: Server = createServer((req, res) => {
      const to = req.url?.startsWith('/good/')
        ? `${origin}/runtime/${req.url.slice('/good/'.length)}`
        : 'http://mirror.example.com/runtime/x.tar.gz'
      res.writeHead(302, { Location: to }).end()
    })
    await new Promise<void>(resolve => redirects.listen(0, '127.0.0.1', resolve))
    const redirector = `http://127.0.0.1:${(redirects.address() as AddressInfo).port}`
    try {
      freshRunner()
      const got = await obtainMxBuild(VERSION, options({ baseUrl: `${redirector}/good/` }))
      expect(got.cached).toBe(false)
      expect(downloads()).toEqual([`/runtime/mxbuild-${VERSION}.tar.gz`])
      freshRunner()
      await expect(obtainMxBuild(VERSION, options({ baseUrl: `${redirector}/bad/` }))).rejects.toThrow(
        /redirects to http:\/\/mirror\.example\.com\/runtime\/x\.tar\.gz, which is not https/
      )
    } finally {
      await new Promise(resolve => redirects.close(resolve))
    }
  })

  it('refuses a version that is not four numbers before any request', async () => {
    freshRunner()
    await expect(obtainMxBuild('10.24.0', options())).rejects.toThrow(InputError)
    await expect(obtainMxBuild('10.24.0.1/../x', options())).rejects.toThrow(InputError)
    expect(emulator.traffic).toEqual([])
  })

  it.each([
    ['escape-dotdot', '"modeler/../../escaped.txt" climbs out with ".."'],
    ['escape-absolute', '"/tmp/mxbuild-escaped.txt" is an absolute path'],
    ['escape-symlink', '"modeler/lib" is a symbolic link to "../..", outside the folder']
  ])(
    'refuses an archive with an entry that escapes its folder (%s), extracting nothing',
    async (variant, problem) => {
      const { toolCache, temp } = freshRunner()
      const error = await obtainMxBuild(VERSION, options({ baseUrl: `${origin}/mirror/${variant}/` })).catch(
        (e: unknown) => e
      )
      expect((error as Error).message).toContain('would land outside the folder it is extracted into')
      expect((error as Error).message).toContain(problem)
      expect(existsSync(join(toolCache, 'mxbuild'))).toBe(false)
      expect(readdirSync(temp)).toEqual([])
      expect(existsSync(join(root, 'escaped.txt'))).toBe(false)
    }
  )

  it('answers a version Mendix never released with a 404 that says so', async () => {
    freshRunner()
    const error = await obtainMxBuild('99.0.0.1', options()).catch((e: unknown) => e)
    expect((error as Error).message).toMatch(/Failed to GET .*mxbuild-99\.0\.0\.1\.tar\.gz: \(404\)/)
    expect((error as Error).message).toContain('no MxBuild of this version')
  })

  it('refuses a tarball without modeler/mxbuild (Mendix before 9.22 shipped mxbuild.exe for Mono)', async () => {
    const { toolCache } = freshRunner()
    await expect(obtainMxBuild('9.18.0.12345', options())).rejects.toThrow(
      /holds no modeler\/mxbuild: it is not an MxBuild tarball of Mendix 9\.22 or later/
    )
    await expect(
      obtainMxBuild(VERSION, options({ baseUrl: `${origin}/mirror/no-mxbuild/` }))
    ).rejects.toThrow(/holds no modeler\/mxbuild/)
    expect(existsSync(join(toolCache, 'mxbuild'))).toBe(false)
  })

  it('refuses a cut download and caches nothing', async () => {
    const { toolCache } = freshRunner()
    emulator.control.inject({ operation: 'mxbuildDownload', fault: { kind: 'truncate' }, times: 1 })
    await expect(obtainMxBuild(VERSION, options())).rejects.toThrow(
      /unexpected end of file|ends in the middle/
    )
    expect(existsSync(join(toolCache, 'mxbuild'))).toBe(false)
  })

  it('ends a download at the deadline', async () => {
    freshRunner()
    emulator.control.inject({ operation: 'mxbuildDownload', fault: { kind: 'slow', delayMs: 3000 } })
    const started = Date.now()
    await expect(
      obtainMxBuild(VERSION, options({ deadline: Deadline.after(realClock, 300) }))
    ).rejects.toThrow(/deadline \(timeoutMinutes\) passed while getting MxBuild/)
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('ends a download when the step is cancelled', async () => {
    freshRunner()
    emulator.control.inject({ operation: 'mxbuildDownload', fault: { kind: 'slow', delayMs: 3000 } })
    const cancel = new AbortController()
    setTimeout(() => cancel.abort(), 300)
    const started = Date.now()
    await expect(obtainMxBuild(VERSION, options({ signal: cancel.signal }))).rejects.toThrow(CancelledError)
    expect(Date.now() - started).toBeLessThan(5000)
  })
})
