/**
 * Test app files: real SQLite databases shaped as a Mendix `.mpr` where the action and the emulated MxBuild read
 * it (`_MetaData._ProductVersion`), plus the emulated MxBuild's switches (emulator/mxbuild-emulated.ts): the app's
 * problems and behaviours.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'

/** A problem as MxBuild's `--write-errors` file reports it, with one location. */
export interface MprProblem {
  name?: string | null
  severity: 'Error' | 'Warning' | 'Deprecation'
  message: string
  elementId?: string
  unitId?: string
  element?: string
  document?: string
  module?: string
}

export interface MprOptions {
  /** `_MetaData._ProductVersion`, e.g. `10.24.0.73019`; `null` leaves the _MetaData table empty. */
  version: string | null
  /** The app's problems; any `Error` makes the emulated MxBuild fail the build (exit 3). */
  broken?: MprProblem[]
  /** The emulated MxBuild crashes with this message (exit 1). */
  internalError?: string
  /** The emulated MxBuild takes this long and starts a child process that lives as long. */
  slowMs?: number
  /** The file's name; default `App.mpr`. */
  name?: string
  /** false: no _MetaData table at all. */
  metadata?: boolean
}

/** Writes an app file into `dir` and returns its path. */
export function makeMpr(dir: string, options: MprOptions): string {
  mkdirSync(dir, { recursive: true })
  const path = join(dir, options.name ?? 'App.mpr')
  const db = new DatabaseSync(path)
  try {
    if (options.metadata !== false) {
      // The columns Studio Pro writes beside the version; only _ProductVersion is read.
      db.exec('CREATE TABLE _MetaData (_ProductVersion TEXT, _BuildVersion TEXT, _SchemaHash TEXT)')
      if (options.version !== null)
        db.prepare('INSERT INTO _MetaData VALUES (?, ?, ?)').run(options.version, options.version, 'emulated')
    }
    db.exec(
      'CREATE TABLE Unit (UnitID BLOB PRIMARY KEY, ContainerID BLOB, ContainmentName TEXT, Contents BLOB)'
    )
    if (options.broken?.length) {
      db.exec(
        'CREATE TABLE Emulated_Problems (name TEXT, severity TEXT, message TEXT, element_id TEXT, unit_id TEXT, element TEXT, document TEXT, module TEXT)'
      )
      const insert = db.prepare('INSERT INTO Emulated_Problems VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      for (const p of options.broken) {
        insert.run(
          p.name ?? null,
          p.severity,
          p.message,
          p.elementId ?? null,
          p.unitId ?? null,
          p.element ?? null,
          p.document ?? null,
          p.module ?? null
        )
      }
    }
    const behaviour: Array<[string, string]> = []
    if (options.internalError !== undefined) behaviour.push(['internalError', options.internalError])
    if (options.slowMs !== undefined) behaviour.push(['slowMs', String(options.slowMs)])
    if (behaviour.length) {
      db.exec('CREATE TABLE Emulated_Behaviour (name TEXT, value TEXT)')
      const insert = db.prepare('INSERT INTO Emulated_Behaviour VALUES (?, ?)')
      for (const [name, value] of behaviour) insert.run(name, value)
    }
  } finally {
    db.close()
  }
  return path
}
