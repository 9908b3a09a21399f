/**
 * Which app to build, and the Mendix version it was saved with: the version picks the MxBuild to download, so it
 * is read before anything is fetched.
 *
 * A Studio Pro app file (`.mpr`) is an SQLite database; its `_MetaData` table holds `_ProductVersion`, the full
 * four-part version with the build number (e.g. `10.24.0.73019`). Both Mendix buildpacks read it with
 * `SELECT _ProductVersion FROM _MetaData LIMIT 1` (https://github.com/mendix/cf-mendix-buildpack and
 * https://github.com/mendix/docker-mendix-buildpack), to pick the MxBuild of the app's version (Mendix reference
 * guide, "MxBuild": https://docs.mendix.com/refguide/mxbuild/).
 *
 * `node:sqlite` is built into Node 24, so this needs no dependency. It is imported only on this path: a run that
 * builds nothing never loads it (about 1 ms when it does, Node 24.21).
 */
import { openSync, readdirSync, readSync, closeSync, statSync } from 'node:fs'
import { isAbsolute, join, resolve } from 'node:path'
import { InputError } from '../errors.js'

/** The input that names the app file; the problems below name it. */
export const APP_FILE_INPUT = 'mprFile'

/**
 * A Mendix version as MxBuild's download names it: four dot-separated numbers, no leading zeros (so it maps one to
 * one onto the tool cache's semver folder name), at most nine digits each.
 */
const MENDIX_VERSION = /^(0|[1-9]\d{0,8})(\.(0|[1-9]\d{0,8})){3}$/

/** Whether `text` is a four-part Mendix version such as `10.24.0.73019`. */
export function isMendixVersion(text: string): boolean {
  return MENDIX_VERSION.test(text)
}

/** The first 16 bytes of every SQLite 3 database file (https://www.sqlite.org/fileformat.html, 1.3). */
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1')
/** What a file checked in with Git LFS holds when the checkout did not fetch it. */
const LFS_POINTER = Buffer.from('version https://git-lfs', 'latin1')

/** A value quoted for a message, cut short so that a garbage file cannot flood the log. */
function quoted(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value)
}

/**
 * The app file to build: `input` (relative to the workspace) when given, else the one `*.mpr` in the workspace
 * root. None or several is an InputError listing what was found.
 */
export function findAppFile(workspace: string, input?: string): string {
  if (input) {
    const path = isAbsolute(input) ? input : resolve(workspace, input)
    let isFile: boolean
    try {
      isFile = statSync(path).isFile()
    } catch {
      throw new InputError([
        `Input '${APP_FILE_INPUT}': no file at ${quoted(path)}; give the path of the app's .mpr, relative to the workspace (${workspace}).`
      ])
    }
    if (!isFile) throw new InputError([`Input '${APP_FILE_INPUT}': ${quoted(path)} is not a file.`])
    return path
  }
  let names: string[]
  try {
    names = readdirSync(workspace, { withFileTypes: true })
      .filter(entry => entry.isFile() && entry.name.toLowerCase().endsWith('.mpr'))
      .map(entry => entry.name)
      .sort()
  } catch (error) {
    throw new InputError([
      `Input '${APP_FILE_INPUT}' is not set and the workspace ${quoted(workspace)} cannot be read (${(error as Error).message}); check out the app first (actions/checkout).`
    ])
  }
  if (names.length === 1) return join(workspace, names[0])
  if (names.length === 0) {
    throw new InputError([
      `Input '${APP_FILE_INPUT}' is not set and the workspace root ${quoted(workspace)} holds no *.mpr file: check out the app's whole model (actions/checkout, no Git LFS for the .mpr), or set '${APP_FILE_INPUT}' to the app's .mpr.`
    ])
  }
  throw new InputError([
    `Input '${APP_FILE_INPUT}' is not set and the workspace root holds ${names.length} *.mpr files (${names.join(', ')}): set '${APP_FILE_INPUT}' to the one to build.`
  ])
}

/** Why the file is not an SQLite database, or undefined when its header says it is one. */
function notSqlite(path: string): string | undefined {
  const head = Buffer.alloc(SQLITE_HEADER.length)
  let read: number
  let fd: number | undefined
  try {
    fd = openSync(path, 'r')
    read = readSync(fd, head, 0, head.length, 0)
  } catch (error) {
    return `cannot be read (${(error as Error).message})`
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
  if (read === SQLITE_HEADER.length && head.equals(SQLITE_HEADER)) return undefined
  if (head.subarray(0, read).equals(LFS_POINTER.subarray(0, read)) && read > 0)
    return 'is a Git LFS pointer, not the app file: Mendix apps cannot use Git LFS; commit the .mpr itself'
  return read === 0 ? 'is empty' : 'is not an SQLite database, which every Mendix app file is'
}

type Sqlite = typeof import('node:sqlite')

/**
 * Loads `node:sqlite`. Node releases before 24.15 mark it experimental and print an ExperimentalWarning to stderr
 * when it loads; the runner shows stderr as plain log lines (no annotation), but the line would alarm a reader
 * for nothing, so that one warning is dropped while the module loads. Every other warning passes.
 */
async function loadSqlite(): Promise<Sqlite> {
  // Called through apply with the process as `this`, as Node calls it.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const emitWarning = process.emitWarning
  process.emitWarning = function (this: NodeJS.Process, ...args: Parameters<typeof emitWarning>): void {
    if (isSqliteExperimentalWarning(args[0], args[1])) return
    emitWarning.apply(this, args)
  } as typeof emitWarning
  try {
    return await import('node:sqlite')
  } finally {
    process.emitWarning = emitWarning
  }
}

/** Whether a warning is the one `node:sqlite` emits when it loads on a Node that marks it experimental. */
export function isSqliteExperimentalWarning(warning: unknown, typeOrOptions: unknown): boolean {
  const message = warning instanceof Error ? warning.message : String(warning)
  const type =
    warning instanceof Error
      ? warning.name
      : typeof typeOrOptions === 'string'
        ? typeOrOptions
        : (typeOrOptions as { type?: unknown } | undefined)?.type
  return type === 'ExperimentalWarning' && /^SQLite is an experimental feature/.test(message)
}

/**
 * The Mendix version the app file was saved with, e.g. `10.24.0.73019`. The file is opened read-only. An
 * InputError names the file and what is wrong: not SQLite, no `_MetaData`, or no four-part version in it.
 */
export async function readAppVersion(mprPath: string): Promise<string> {
  const file = quoted(mprPath)
  const wrong = notSqlite(mprPath)
  if (wrong) throw new InputError([`The app file ${file} ${wrong}.`])
  const { DatabaseSync } = await loadSqlite()
  let value: unknown
  try {
    const db = new DatabaseSync(mprPath, { readOnly: true })
    try {
      const row = db.prepare('SELECT _ProductVersion FROM _MetaData LIMIT 1').get()
      if (!row)
        throw new InputError([`The app file ${file} has an empty _MetaData table: no Mendix version in it.`])
      value = row._ProductVersion
    } finally {
      db.close()
    }
  } catch (error) {
    if (error instanceof InputError) throw error
    const message = (error as Error).message
    const what = /no such table/i.test(message)
      ? 'has no _MetaData table, so it is no Mendix app file'
      : /no such column/i.test(message)
        ? 'has a _MetaData table without _ProductVersion'
        : `cannot be read as a Mendix app file (${message})`
    throw new InputError([`The app file ${file} ${what}.`])
  }
  const version = typeof value === 'string' ? value.trim() : String(value)
  if (!isMendixVersion(version)) {
    throw new InputError([
      `The app file ${file} says it was saved with Mendix ${quoted(version)}, not a four-part version such as 10.24.0.73019.`
    ])
  }
  return version
}
