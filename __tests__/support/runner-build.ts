/**
 * A runner for `build: runner` end-to-end tests: a workspace holding an app file (a real SQLite .mpr,
 * support/mpr.ts), a tool cache, a RUNNER_TEMP and a JDK folder with a bin/java stub (the emulated MxBuild checks
 * only that it is a file), each a fresh temporary folder; and the inputs that point MxBuild's download at the
 * emulator's CDN.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inflateRawSync } from 'node:zlib'
import type { Emulator } from '../../emulator/index.js'
import type { RunResult } from '../../scripts/run-action.js'
import { makeMpr, type MprOptions } from './mpr.js'

/** The Mendix version of the test apps (one the emulated CDN serves with the Linux layout). */
export const MENDIX_VERSION = '10.24.0.73019'
/** GITHUB_SHA as scripts/run-action.ts sets it. */
export const RUN_SHA = '5e1f0c3a9b7d2e4f6a8c0b1d3e5f7a9c2b4d6e8f'

export interface Runner {
  root: string
  workspace: string
  toolCache: string
  temp: string
  javaHome: string
  /** The runner's variables for the action: the workspace, tool cache, temp folder and JAVA_HOME. */
  env: Record<string, string>
  /** Removes every folder. */
  dispose(): void
}

/** A fresh runner whose workspace holds `Orders.mpr` (or the given app; null: no app file). */
export function makeRunner(app: Partial<MprOptions> | null = {}): Runner {
  const root = mkdtempSync(join(tmpdir(), 'runner-build-'))
  const workspace = join(root, 'workspace')
  const toolCache = join(root, 'tool-cache')
  const temp = join(root, 'temp')
  const javaHome = join(root, 'jdk')
  for (const dir of [workspace, toolCache, temp, join(javaHome, 'bin')]) mkdirSync(dir, { recursive: true })
  writeFileSync(join(javaHome, 'bin', 'java'), '#!/bin/sh\n', { mode: 0o755 })
  if (app !== null) makeMpr(workspace, { version: MENDIX_VERSION, name: 'Orders.mpr', ...app })
  return {
    root,
    workspace,
    toolCache,
    temp,
    javaHome,
    env: {
      GITHUB_WORKSPACE: workspace,
      RUNNER_TOOL_CACHE: toolCache,
      RUNNER_TEMP: temp,
      JAVA_HOME: javaHome
    },
    dispose: () => rmSync(root, { recursive: true, force: true })
  }
}

/** The inputs of a build in the runner, with MxBuild from the emulator's CDN (`/runtime/`). */
export function runnerInputs(emulator: Emulator, extra: Record<string, string> = {}): Record<string, string> {
  return { build: 'runner', mxbuildUrl: `http://127.0.0.1:${emulator.port}/runtime`, ...extra }
}

/** The MxBuild downloads the emulator served. */
export function downloads(emulator: Emulator): string[] {
  return emulator.traffic.filter(t => t.operation === 'mxbuildDownload').map(t => t.path)
}

/** The operations of the requests that change something (every method but GET). */
export function writes(emulator: Emulator): string[] {
  return emulator.traffic.filter(t => t.method !== 'GET').map(t => String(t.operation))
}

/** The packages MxBuild wrote under RUNNER_TEMP: file name and path. */
export function builtPackages(runner: Runner): Array<{ name: string; path: string }> {
  const parent = join(runner.temp, 'mendix-deploy-action')
  let dirs: string[]
  try {
    dirs = readdirSync(parent).filter(name => name.startsWith('mxbuild-'))
  } catch {
    return []
  }
  return dirs.flatMap(dir =>
    readdirSync(join(parent, dir))
      .filter(name => name.endsWith('.mda'))
      .map(name => ({ name, path: join(parent, dir, name) }))
  )
}

/** The one JSON file of an .mda the emulated MxBuild wrote (a zip: stored or deflated entries). */
export function mdaContents(path: string): Record<string, string> {
  const zip = readFileSync(path)
  if (zip.readUInt32LE(0) !== 0x04034b50) throw new Error(`${path} is not a zip`)
  const method = zip.readUInt16LE(8)
  const size = zip.readUInt32LE(18)
  const nameLength = zip.readUInt16LE(26)
  const extra = zip.readUInt16LE(28)
  const data = zip.subarray(30 + nameLength + extra, 30 + nameLength + extra + size)
  return JSON.parse((method === 8 ? inflateRawSync(data) : data).toString('utf8')) as Record<string, string>
}

/** The annotations of one level (`error`, `warning`, `notice`): title and message, decoded. */
export function annotations(result: RunResult, level: string): Array<{ title: string; message: string }> {
  const decode = (text: string) =>
    text
      .replace(/%0D/g, '\r')
      .replace(/%0A/g, '\n')
      .replace(/%3A/g, ':')
      .replace(/%2C/g, ',')
      .replace(/%25/g, '%')
  return result.stdout
    .split('\n')
    .filter(line => line.startsWith(`::${level}`))
    .map(line => {
      const match = /^::\w+(?: (.*?))?::(.*)$/.exec(line)!
      const title = /(?:^|,)title=([^,]*)/.exec(match[1] ?? '')?.[1] ?? ''
      return { title: decode(title), message: decode(match[2]) }
    })
}

/** The process ids the emulated MxBuild prints for a slow build: its own and its child's. */
export function mxbuildPids(line: string): number[] | undefined {
  const match = /emulated: mxbuild pid (\d+), child pid (\d+)/.exec(line)
  return match ? [Number(match[1]), Number(match[2])] : undefined
}

/** Whether a process runs (a zombie, waiting for its parent to read its end, runs nothing). */
export function running(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return false
  }
}
