/**
 * The MxBuild tarball the emulator serves, built on the fly: what Mendix publishes at
 * `https://cdn.mendix.com/runtime/mxbuild-{version}.tar.gz` holds `modeler/mxbuild` (Mendix reference guide,
 * "MxBuild", https://docs.mendix.com/refguide/mxbuild/); here that program is the emulated MxBuild
 * (mxbuild-emulated.ts, its types stripped, behind `#!/usr/bin/env node`) that knows the version it was served
 * for. Before 9.22 the tarball held `modeler/mxbuild.exe`, run with Mono; such versions get that layout.
 *
 * Variants for tests of the action's archive checks: entries that would land outside the extraction folder (an
 * absolute name, a `..`, a symbolic link pointing out and a file written through it), and a tarball without
 * `modeler/mxbuild`.
 */
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { transformSync } from 'esbuild'

export const ARCHIVE_VARIANTS = [
  'good',
  'escape-dotdot',
  'escape-absolute',
  'escape-symlink',
  'no-mxbuild'
] as const
export type ArchiveVariant = (typeof ARCHIVE_VARIANTS)[number]

interface Entry {
  name: string
  mode: number
  /** Omitted for a folder or a link. */
  data?: Buffer
  /** The target of a symbolic link. */
  link?: string
}

const BLOCK = 512

/** One ustar header block (POSIX.1-1988 "ustar", as GNU tar and bsdtar read it). */
function header(entry: Entry): Buffer {
  const block = Buffer.alloc(BLOCK)
  const put = (text: string, at: number, length: number): void => void block.write(text, at, length, 'utf8')
  const octal = (value: number, at: number, length: number): void =>
    put(`${value.toString(8).padStart(length - 1, '0')}\0`, at, length)
  const folder = entry.data === undefined && entry.link === undefined
  put(entry.name, 0, 100)
  octal(entry.mode, 100, 8)
  octal(0, 108, 8)
  octal(0, 116, 8)
  octal(entry.data?.length ?? 0, 124, 12)
  octal(Math.floor(Date.UTC(2026, 0, 1) / 1000), 136, 12)
  put(entry.link !== undefined ? '2' : folder ? '5' : '0', 156, 1)
  put(entry.link ?? '', 157, 100)
  put('ustar\0', 257, 6)
  put('00', 263, 2)
  put('root', 265, 32)
  put('root', 297, 32)
  block.fill(0x20, 148, 156)
  let sum = 0
  for (const byte of block) sum += byte
  octal(sum, 148, 7)
  block[155] = 0x20
  return block
}

/** A gzip-compressed ustar archive of the entries, in order. */
export function tarGz(entries: Entry[]): Buffer {
  const parts: Buffer[] = []
  for (const entry of entries) {
    parts.push(header(entry))
    if (entry.data) {
      parts.push(entry.data)
      const pad = (BLOCK - (entry.data.length % BLOCK)) % BLOCK
      if (pad) parts.push(Buffer.alloc(pad))
    }
  }
  parts.push(Buffer.alloc(2 * BLOCK))
  return gzipSync(Buffer.concat(parts))
}

let program: string | undefined

/** The emulated MxBuild as a Node program, its version still a placeholder. */
function emulatedProgram(): string {
  if (program === undefined) {
    const source = readFileSync(new URL('./mxbuild-emulated.ts', import.meta.url), 'utf8')
    const { code } = transformSync(source, { loader: 'ts', target: 'node22' })
    program = `#!/usr/bin/env node\n${code}`
  }
  return program
}

/** Whether Mendix published a Linux binary for this version (9.22 and later), rather than mxbuild.exe for Mono. */
function hasLinuxBinary(version: string): boolean {
  const [major, minor] = version.split('.').map(Number)
  return major > 9 || (major === 9 && minor >= 22)
}

/** The MxBuild tarball of `version` (four parts), for Linux or Windows, in a variant. */
export function mxbuildTarball(
  version: string,
  options: { windows?: boolean; variant?: ArchiveVariant } = {}
): Buffer {
  const variant = options.variant ?? 'good'
  const executable = Buffer.from(emulatedProgram().replaceAll('__MXBUILD_VERSION__', version))
  const binary =
    options.windows || !hasLinuxBinary(version) || variant === 'no-mxbuild'
      ? 'modeler/mxbuild.exe'
      : 'modeler/mxbuild'
  const entries: Entry[] = [
    { name: 'modeler/', mode: 0o755 },
    { name: binary, mode: 0o755, data: executable },
    { name: 'modeler/README.txt', mode: 0o644, data: Buffer.from(`Emulated MxBuild ${version}\n`) }
  ]
  if (variant === 'escape-dotdot')
    entries.push({ name: 'modeler/../../escaped.txt', mode: 0o644, data: Buffer.from('outside\n') })
  if (variant === 'escape-absolute')
    entries.push({ name: '/tmp/mxbuild-escaped.txt', mode: 0o644, data: Buffer.from('outside\n') })
  if (variant === 'escape-symlink') {
    entries.push(
      { name: 'modeler/lib', mode: 0o777, link: '../..' },
      { name: 'modeler/lib/escaped.txt', mode: 0o644, data: Buffer.from('outside\n') }
    )
  }
  return tarGz(entries)
}
