/**
 * The archive check before MxBuild is extracted (src/mxbuild/tar-entries.ts): the entries of real tarballs as GNU
 * tar writes them (ustar, GNU long names, pax), and each way an entry could land outside the extraction folder.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { escapingEntries, listTarGz, type TarEntry } from '../src/mxbuild/tar-entries.js'

let root: string
const LONG_DIR = `modeler/${'d'.repeat(60)}/${'e'.repeat(60)}`

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'mxbuild-tar-'))
  const tree = join(root, 'tree')
  mkdirSync(join(tree, 'modeler', 'lib'), { recursive: true })
  writeFileSync(join(tree, 'modeler', 'mxbuild'), '#!/bin/sh\n', { mode: 0o755 })
  writeFileSync(join(tree, 'modeler', 'lib', 'libfoo.so.1'), 'x')
  symlinkSync('libfoo.so.1', join(tree, 'modeler', 'lib', 'libfoo.so'))
  // Over 100 characters: ustar splits it into prefix and name, GNU tar writes a long-name entry, pax a path record.
  mkdirSync(join(tree, LONG_DIR), { recursive: true })
  writeFileSync(join(tree, LONG_DIR, 'file.dll'), 'y'.repeat(1000))
})

afterAll(() => rmSync(root, { recursive: true, force: true }))

const entry = (name: string, extra: Partial<TarEntry> = {}): TarEntry => ({
  name,
  type: 'file',
  flag: '0',
  mode: 0o644,
  size: 0,
  ...extra
})
const link = (name: string, target: string): TarEntry =>
  entry(name, { type: 'symlink', flag: '2', linkName: target })

describe('listTarGz', () => {
  it.each(['gnu', 'pax', 'ustar'])(
    'lists every entry of a %s tarball, long names and links included',
    async format => {
      const archive = join(root, `${format}.tar.gz`)
      const made = spawnSync('tar', [
        `--format=${format}`,
        '-czf',
        archive,
        '-C',
        join(root, 'tree'),
        'modeler'
      ])
      expect(made.status).toBe(0)
      const entries = await listTarGz(archive)
      const byName = Object.fromEntries(entries.map(e => [e.name.replace(/\/$/, ''), e]))
      expect(byName['modeler/mxbuild']).toMatchObject({ type: 'file', size: 10, mode: 0o755 })
      expect(byName['modeler/lib/libfoo.so']).toMatchObject({ type: 'symlink', linkName: 'libfoo.so.1' })
      expect(byName[`${LONG_DIR}/file.dll`]).toMatchObject({ type: 'file', size: 1000 })
      expect(byName.modeler.type).toBe('directory')
      expect(escapingEntries(entries)).toEqual([])
    }
  )

  it('refuses a file that is not gzip, and an archive cut short', async () => {
    const notGzip = join(root, 'plain.tar.gz')
    writeFileSync(notGzip, 'not an archive')
    await expect(listTarGz(notGzip)).rejects.toThrow(/incorrect header check/)
    const archive = join(root, 'cut-source.tar')
    expect(spawnSync('tar', ['-cf', archive, '-C', join(root, 'tree'), 'modeler']).status).toBe(0)
    const { readFileSync } = await import('node:fs')
    const { gzipSync } = await import('node:zlib')
    const cut = join(root, 'cut.tar.gz')
    writeFileSync(cut, gzipSync(readFileSync(archive).subarray(0, 1536 + 100)))
    await expect(listTarGz(cut)).rejects.toThrow(/ends in the middle of an entry/)
  })
})

describe('escapingEntries', () => {
  it('passes names with ./, folders and links that stay inside', () => {
    expect(
      escapingEntries([
        entry('./modeler/', { type: 'directory', flag: '5' }),
        entry('./modeler/mxbuild'),
        link('modeler/lib/libfoo.so', 'libfoo.so.1'),
        link('modeler/runtime', '../runtime'),
        entry('runtime/a.dll'),
        entry('modeler/x', { type: 'hardlink', flag: '1', linkName: 'runtime/a.dll' })
      ])
    ).toEqual([])
  })

  it.each([
    [[entry('/etc/cron.d/x')], 'is an absolute path'],
    [[entry('C:/Windows/x.dll')], 'is an absolute path'],
    [[entry('\\\\server\\share\\x')], 'is an absolute path'],
    [[entry('modeler/../../x')], 'climbs out with ".."'],
    [[entry('modeler\\..\\..\\x')], 'climbs out with ".."'],
    [[link('modeler/etc', '/etc')], 'is a symbolic link to "/etc", outside the folder'],
    [[link('modeler/up', '../..')], 'is a symbolic link to "../..", outside the folder'],
    // Each link alone stays inside as text, but `self/..` is the folder's parent once `self` is followed.
    [[link('self', '.'), link('up', 'self/..')], '"up" is a symbolic link to "self/.."'],
    [[link('a', 'b'), link('b', 'a')], 'is a symbolic link to "b", outside the folder'],
    [[link('modeler/lib', '/usr/lib'), entry('modeler/lib/libevil.so')], 'written through a symbolic link'],
    [
      [entry('modeler/x', { type: 'hardlink', flag: '1', linkName: '../../etc/shadow' })],
      'is a hard link to'
    ],
    [
      [entry('dev/sda', { type: 'other', flag: '4' })],
      'is neither a file, a folder nor a link (tar type "4")'
    ]
  ])('refuses %j', (entries, problem) => {
    expect(escapingEntries(entries).join('\n')).toContain(problem)
  })
})
