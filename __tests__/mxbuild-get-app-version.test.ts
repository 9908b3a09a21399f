/**
 * The app file and its Mendix version (src/mxbuild/app-version.ts), read from real SQLite files: the one *.mpr of
 * the workspace or the one named, and each way a file can fail to be a Mendix app file.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { InputError } from '../src/errors.js'
import {
  findAppFile,
  isMendixVersion,
  isSqliteExperimentalWarning,
  readAppVersion
} from '../src/mxbuild/app-version.js'
import { makeMpr } from './support/mpr.js'

let root: string
let dir: string

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'mxbuild-app-'))
})
afterAll(() => rmSync(root, { recursive: true, force: true }))
beforeEach(() => {
  dir = mkdtempSync(join(root, 'ws-'))
})

async function refusal(path: string): Promise<string> {
  const error = await readAppVersion(path).catch((e: unknown) => e)
  expect(error).toBeInstanceOf(InputError)
  return (error as Error).message
}

describe('readAppVersion', () => {
  it('reads the four-part version from _MetaData._ProductVersion', async () => {
    expect(await readAppVersion(makeMpr(dir, { version: '10.24.0.73019' }))).toBe('10.24.0.73019')
    expect(await readAppVersion(makeMpr(dir, { version: '9.24.31.47226', name: 'Old.mpr' }))).toBe(
      '9.24.31.47226'
    )
  })

  it('opens the file read-only: the file is unchanged and nothing is written beside it', async () => {
    const path = makeMpr(dir, { version: '10.24.0.73019' })
    const before = readFileSync(path)
    await readAppVersion(path)
    expect(readFileSync(path).equals(before)).toBe(true)
    expect(readdirSync(dir)).toEqual(['App.mpr'])
  })

  it('refuses a file that is not SQLite, naming the file', async () => {
    const path = join(dir, 'App.mpr')
    writeFileSync(path, '<?xml version="1.0"?><project/>')
    expect(await refusal(path)).toBe(
      `The app file ${JSON.stringify(path)} is not an SQLite database, which every Mendix app file is.`
    )
  })

  it('says when the file is a Git LFS pointer, which Mendix apps cannot use', async () => {
    const path = join(dir, 'App.mpr')
    writeFileSync(path, 'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a\nsize 12345\n')
    expect(await refusal(path)).toMatch(/is a Git LFS pointer, not the app file/)
  })

  it('refuses an empty file', async () => {
    const path = join(dir, 'App.mpr')
    writeFileSync(path, '')
    expect(await refusal(path)).toMatch(/App\.mpr" is empty/)
  })

  it('refuses an SQLite file without a _MetaData table', async () => {
    const path = makeMpr(dir, { version: null, metadata: false })
    expect(await refusal(path)).toMatch(/App\.mpr" has no _MetaData table, so it is no Mendix app file/)
  })

  it('refuses an empty _MetaData table', async () => {
    const path = makeMpr(dir, { version: null })
    expect(await refusal(path)).toMatch(/has an empty _MetaData table/)
  })

  it('refuses a _MetaData table without _ProductVersion', async () => {
    const path = join(dir, 'App.mpr')
    const db = new DatabaseSync(path)
    db.exec("CREATE TABLE _MetaData (_Other TEXT); INSERT INTO _MetaData VALUES ('x')")
    db.close()
    expect(await refusal(path)).toMatch(/has a _MetaData table without _ProductVersion/)
  })

  it.each(['10.24.0', '10.24.0.beta', '10.24.0.73019.1', '010.24.0.1', '', '10.24.0.73019; rm -rf /'])(
    'refuses the version string %j, quoting it',
    async version => {
      const path = makeMpr(dir, { version })
      expect(await refusal(path)).toContain(
        `saved with Mendix ${JSON.stringify(version)}, not a four-part version`
      )
    }
  )

  it('refuses a file that cannot be read, naming it', async () => {
    expect(await refusal(join(dir, 'missing.mpr'))).toMatch(/missing\.mpr" cannot be read/)
  })
})

describe('isMendixVersion', () => {
  it('takes four numbers without leading zeros', () => {
    expect(isMendixVersion('10.0.0.5003')).toBe(true)
    expect(isMendixVersion('0.0.0.0')).toBe(true)
    expect(isMendixVersion('10.0.0.05003')).toBe(false)
    expect(isMendixVersion('10.0.0.5003\n')).toBe(false)
  })
})

describe('findAppFile', () => {
  it('takes the one *.mpr of the workspace root', () => {
    makeMpr(dir, { version: '10.24.0.73019', name: 'Shop.mpr' })
    mkdirSync(join(dir, 'sub'))
    makeMpr(join(dir, 'sub'), { version: '10.24.0.73019', name: 'Other.mpr' })
    expect(findAppFile(dir)).toBe(join(dir, 'Shop.mpr'))
  })

  it('refuses a workspace without *.mpr, naming the input and the folder', () => {
    writeFileSync(join(dir, 'README.md'), '')
    expect(() => findAppFile(dir)).toThrow(InputError)
    expect(() => findAppFile(dir)).toThrow(
      `Input 'mprFile' is not set and the workspace root ${JSON.stringify(dir)} holds no *.mpr file`
    )
  })

  it('refuses several *.mpr files, listing them', () => {
    makeMpr(dir, { version: '10.24.0.73019', name: 'B.mpr' })
    makeMpr(dir, { version: '10.24.0.73019', name: 'A.mpr' })
    expect(() => findAppFile(dir)).toThrow(
      "Input 'mprFile' is not set and the workspace root holds 2 *.mpr files (A.mpr, B.mpr): set 'mprFile' to the one to build."
    )
  })

  it('takes the file the input names, relative to the workspace, even beside others', () => {
    makeMpr(join(dir, 'app'), { version: '10.24.0.73019', name: 'Shop.mpr' })
    makeMpr(dir, { version: '10.24.0.73019', name: 'A.mpr' })
    makeMpr(dir, { version: '10.24.0.73019', name: 'B.mpr' })
    expect(findAppFile(dir, 'app/Shop.mpr')).toBe(join(dir, 'app', 'Shop.mpr'))
  })

  it('refuses an input that names no file', () => {
    expect(() => findAppFile(dir, 'app/Shop.mpr')).toThrow(
      `Input 'mprFile': no file at ${JSON.stringify(join(dir, 'app', 'Shop.mpr'))}`
    )
    expect(() => findAppFile(dir, '.')).toThrow(/is not a file/)
  })
})

describe('loading node:sqlite', () => {
  it('recognises the ExperimentalWarning older Node 24 releases print when node:sqlite loads, and no other', () => {
    const text = 'SQLite is an experimental feature and might change at any time'
    expect(isSqliteExperimentalWarning(text, 'ExperimentalWarning')).toBe(true)
    expect(isSqliteExperimentalWarning(text, { type: 'ExperimentalWarning' })).toBe(true)
    expect(
      isSqliteExperimentalWarning(Object.assign(new Error(text), { name: 'ExperimentalWarning' }), undefined)
    ).toBe(true)
    expect(isSqliteExperimentalWarning('VM Modules is an experimental feature', 'ExperimentalWarning')).toBe(
      false
    )
    expect(isSqliteExperimentalWarning(text, 'DeprecationWarning')).toBe(false)
  })
})
