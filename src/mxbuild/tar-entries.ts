/**
 * What a `.tar.gz` holds, read before it is extracted, and whether any of it would land outside the folder it
 * is extracted into. A downloaded archive is data from a server (a mirror may be anyone's), and `tar` follows what
 * the archive says: an absolute name, a `..`, or a file written through a symbolic link that points out of the
 * folder would write elsewhere on the runner.
 *
 * The reader is our own rather than `tar -tv`, whose listing differs between GNU tar, bsdtar (macOS, Windows) and
 * versions, and cannot be parsed safely when names hold spaces or ` -> `. It reads the POSIX ustar header, the GNU
 * long-name (`L`, `K`) and pax (`x`) extensions (POSIX.1-2008, "pax"; GNU tar manual, "Basic Tar Format"), and
 * skips every file's data without keeping it.
 */
import { createReadStream } from 'node:fs'
import { createGunzip } from 'node:zlib'

const BLOCK = 512
/** Long names and pax records are small; a larger one is refused rather than held in memory. */
const MAX_META_BYTES = 1024 * 1024

export type TarEntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other'

export interface TarEntry {
  name: string
  type: TarEntryType
  /** The target of a symbolic or hard link. */
  linkName?: string
  /** The tar type flag as written, e.g. `0`, `5`, `2`, `3` (a character device). */
  flag: string
  mode: number
  size: number
}

function text(block: Buffer, start: number, length: number): string {
  const field = block.subarray(start, start + length)
  const end = field.indexOf(0)
  return field.subarray(0, end === -1 ? length : end).toString('utf8')
}

/** A numeric header field: octal text, or GNU base-256 when its first byte has the high bit set. */
function number(block: Buffer, start: number, length: number): number {
  const field = block.subarray(start, start + length)
  if (field[0] & 0x80) {
    let value = field[0] & 0x7f
    for (let i = 1; i < field.length; i++) value = value * 256 + field[i]
    return value
  }
  const digits = text(block, start, length).trim()
  return digits ? parseInt(digits, 8) : 0
}

function checksumOk(block: Buffer): boolean {
  let sum = 0
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : block[i]
  return sum === number(block, 148, 8)
}

/** The `key=value` records of a pax extended header ("<length> <key>=<value>\n" each). */
function paxRecords(data: Buffer): Record<string, string> {
  const records: Record<string, string> = {}
  let at = 0
  while (at < data.length) {
    const space = data.indexOf(0x20, at)
    const length = space === -1 ? NaN : parseInt(data.subarray(at, space).toString('latin1'), 10)
    if (!Number.isFinite(length) || length <= 0) break
    const record = data.subarray(space + 1, at + length - 1).toString('utf8')
    const equals = record.indexOf('=')
    if (equals > 0) records[record.slice(0, equals)] = record.slice(equals + 1)
    at += length
  }
  return records
}

function typeOf(flag: string): TarEntryType {
  if (flag === '0' || flag === '' || flag === '7') return 'file'
  if (flag === '5') return 'directory'
  if (flag === '2') return 'symlink'
  if (flag === '1') return 'hardlink'
  return 'other'
}

/**
 * Every entry of a gzip-compressed tar archive, in order. Rejects an archive that is not gzip, whose headers are
 * damaged, or that ends before its last entry. `signal` stops the read.
 */
export async function listTarGz(path: string, signal?: AbortSignal): Promise<TarEntry[]> {
  const entries: TarEntry[] = []
  let pending: Buffer = Buffer.alloc(0)
  /** Data bytes of the current entry still to skip (or collect, for a long name or pax header). */
  let dataLeft = 0
  let padLeft = 0
  let collecting: { flag: string; chunks: Buffer[] } | undefined
  let longName: string | undefined
  let longLink: string | undefined
  let pax: Record<string, string> = {}
  let ended = false

  const header = (block: Buffer): void => {
    if (block.every(byte => byte === 0)) {
      ended = true
      return
    }
    if (!checksumOk(block)) throw new Error('a tar header is damaged (bad checksum)')
    const flag = text(block, 156, 1)
    const size = number(block, 124, 12)
    dataLeft = size
    padLeft = (BLOCK - (size % BLOCK)) % BLOCK
    if (flag === 'L' || flag === 'K' || flag === 'x' || flag === 'g') {
      if (size > MAX_META_BYTES) throw new Error(`a tar extended header of ${size} bytes is too large`)
      collecting = { flag, chunks: [] }
      return
    }
    const magic = text(block, 257, 6)
    const prefix = magic.startsWith('ustar') ? text(block, 345, 155) : ''
    const plainName = prefix ? `${prefix}/${text(block, 0, 100)}` : text(block, 0, 100)
    const name = pax.path ?? longName ?? plainName
    const link = pax.linkpath ?? longLink ?? text(block, 157, 100)
    const type = typeOf(flag)
    entries.push({
      name,
      type,
      flag,
      mode: number(block, 100, 8),
      size: pax.size !== undefined ? Number(pax.size) : size,
      ...(type === 'symlink' || type === 'hardlink' ? { linkName: link } : {})
    })
    if (pax.size !== undefined) {
      dataLeft = Number(pax.size)
      padLeft = (BLOCK - (dataLeft % BLOCK)) % BLOCK
    }
    longName = longLink = undefined
    pax = {}
  }

  const metaDone = (meta: { flag: string; chunks: Buffer[] }): void => {
    const data = Buffer.concat(meta.chunks)
    if (meta.flag === 'L') longName = text(data, 0, data.length)
    else if (meta.flag === 'K') longLink = text(data, 0, data.length)
    else if (meta.flag === 'x') pax = paxRecords(data)
  }

  const stream = createReadStream(path).pipe(createGunzip())
  const onAbort = (): void => void stream.destroy(new Error('the read of the archive was cancelled'))
  signal?.addEventListener('abort', onAbort, { once: true })
  try {
    if (signal?.aborted) onAbort()
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk
      let at = 0
      while (!ended) {
        if (dataLeft > 0) {
          const take = Math.min(dataLeft, pending.length - at)
          if (take === 0) break
          collecting?.chunks.push(pending.subarray(at, at + take))
          dataLeft -= take
          at += take
          if (dataLeft > 0) break
        }
        if (padLeft > 0) {
          const take = Math.min(padLeft, pending.length - at)
          padLeft -= take
          at += take
          if (padLeft > 0) break
        }
        if (collecting) {
          metaDone(collecting)
          collecting = undefined
        }
        if (pending.length - at < BLOCK) break
        header(pending.subarray(at, at + BLOCK))
        at += BLOCK
      }
      // Copied, so that a kept subarray does not pin the whole chunk.
      pending = Buffer.from(pending.subarray(at))
      if (ended) break
    }
  } finally {
    signal?.removeEventListener('abort', onAbort)
    stream.destroy()
  }
  if (!ended && (dataLeft > 0 || padLeft > 0 || pending.length > 0 || collecting)) {
    throw new Error('the archive ends in the middle of an entry (a cut download?)')
  }
  return entries
}

const SEPARATORS = /[\\/]+/

/** An absolute name: `/x`, `\x`, `C:x` (Windows tar reads a drive letter), or a UNC path. */
function isAbsoluteName(name: string): boolean {
  return /^[\\/]/.test(name) || /^[A-Za-z]:/.test(name)
}

/** The name's parts without empty and `.` parts; backslashes count as separators (Windows tar splits on them). */
function partsOf(name: string): string[] {
  return name.split(SEPARATORS).filter(part => part !== '' && part !== '.')
}

/**
 * Whether a path inside the archive's folder, followed through the archive's own symbolic links as the file
 * system would follow them, leaves the folder. Resolving link by link matters: with `a -> .`, the text `a/..`
 * looks harmless but is the folder's parent.
 */
function leavesFolder(parts: string[], links: Map<string, string>): boolean {
  const pending = [...parts]
  const resolved: string[] = []
  let hops = 0
  while (pending.length > 0) {
    const part = pending.shift() as string
    if (part === '..') {
      if (resolved.length === 0) return true
      resolved.pop()
      continue
    }
    resolved.push(part)
    const target = links.get(resolved.join('/'))
    if (target === undefined) continue
    // A loop, or a chain longer than any file system follows, is refused as well.
    if (++hops > 40 || isAbsoluteName(target)) return true
    resolved.pop()
    pending.unshift(...partsOf(target))
  }
  return false
}

/**
 * Why each entry would land outside the extraction folder, or be something no tool archive needs (a device or a
 * FIFO); empty when every entry stays inside. Symbolic links are followed as the file system would, whatever their
 * order in the archive.
 */
export function escapingEntries(entries: TarEntry[]): string[] {
  const links = new Map<string, string>()
  for (const entry of entries) {
    if (entry.type === 'symlink' && entry.linkName !== undefined)
      links.set(partsOf(entry.name).join('/'), entry.linkName)
  }
  const problems: string[] = []
  for (const entry of entries) {
    const name = JSON.stringify(entry.name)
    const parts = partsOf(entry.name)
    if (isAbsoluteName(entry.name)) problems.push(`${name} is an absolute path`)
    else if (parts.includes('..')) problems.push(`${name} climbs out with ".."`)
    else if (leavesFolder(parts.slice(0, -1), links))
      problems.push(`${name} is written through a symbolic link that points outside`)
    else if (entry.type === 'symlink') {
      const target = entry.linkName ?? ''
      if (isAbsoluteName(target) || leavesFolder([...parts.slice(0, -1), ...partsOf(target)], links))
        problems.push(`${name} is a symbolic link to ${JSON.stringify(target)}, outside the folder`)
    } else if (entry.type === 'hardlink') {
      const target = entry.linkName ?? ''
      if (isAbsoluteName(target) || leavesFolder(partsOf(target), links))
        problems.push(`${name} is a hard link to ${JSON.stringify(target)}, outside the folder`)
    } else if (entry.type === 'other') {
      problems.push(`${name} is neither a file, a folder nor a link (tar type ${JSON.stringify(entry.flag)})`)
    }
  }
  return problems
}
