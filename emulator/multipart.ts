/** Just enough multipart/form-data parsing for the upload endpoints: from a buffer, or streamed. */
import { createHash, type Hash } from 'node:crypto'

export interface Part {
  name: string
  filename?: string
  data: Buffer
}

export function parseMultipart(contentType: string | undefined, body: Buffer): Part[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '')
  if (!contentType?.startsWith('multipart/form-data') || !boundary) return []
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`)
  const parts: Part[] = []
  let start = body.indexOf(delimiter)
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length)
    if (next === -1) break
    const chunk = body.subarray(start + delimiter.length + 2, next - 2)
    const headerEnd = chunk.indexOf('\r\n\r\n')
    if (headerEnd !== -1) {
      const head = chunk.subarray(0, headerEnd).toString('utf8')
      const name = /name="([^"]*)"/i.exec(head)?.[1]
      const filename = /filename="([^"]*)"/i.exec(head)?.[1]
      if (name !== undefined) parts.push({ name, filename, data: chunk.subarray(headerEnd + 4) })
    }
    start = next
  }
  return parts
}

/** A part read from a stream: its size and digest, and its bytes only when it is a small form field. */
export interface StreamedPart {
  name: string
  filename?: string
  size: number
  sha256: string
  /** The bytes of a field without a filename, up to `keepBytes`; files are never held. */
  data?: Buffer
}

const MAX_HEADER_BYTES = 16 * 1024

/**
 * Reads multipart/form-data from a stream without holding the files: each part is hashed and counted as its bytes
 * pass, and only the tail that may hold the start of the next boundary is kept between chunks. Returns undefined
 * when the content type is not multipart/form-data with a boundary; throws on a malformed body.
 */
export async function readMultipartStream(
  contentType: string | undefined,
  body: AsyncIterable<Buffer>,
  keepBytes = 64 * 1024
): Promise<{ parts: StreamedPart[]; bytes: number } | undefined> {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '')
  if (!contentType?.startsWith('multipart/form-data') || !boundary) return undefined
  // Every delimiter but the first follows a CRLF; a CRLF put in front of the body makes the first one alike.
  const delimiter = Buffer.from(`\r\n--${(boundary[1] ?? boundary[2]).trim()}`)
  const parts: StreamedPart[] = []
  let current: { part: StreamedPart; hash: Hash; kept: Buffer[] } | undefined
  let state: 'preamble' | 'after-delimiter' | 'headers' | 'body' | 'done' = 'preamble'
  let pending: Buffer = Buffer.from('\r\n')
  let bytes = 0

  const feed = (data: Buffer): void => {
    if (!current || data.length === 0) return
    current.part.size += data.length
    current.hash.update(data)
    const held = current.kept.reduce((n, b) => n + b.length, 0)
    if (current.part.filename === undefined && held < keepBytes)
      current.kept.push(data.subarray(0, keepBytes - held))
  }
  const close = (): void => {
    if (!current) return
    current.part.sha256 = current.hash.digest('hex')
    if (current.part.filename === undefined) current.part.data = Buffer.concat(current.kept)
    parts.push(current.part)
    current = undefined
  }

  const step = (): boolean => {
    if (state === 'preamble' || state === 'body') {
      const at = pending.indexOf(delimiter)
      if (at === -1) {
        // Keep what could be the start of a delimiter split across chunks.
        const safe = Math.max(0, pending.length - (delimiter.length - 1))
        if (state === 'body') feed(pending.subarray(0, safe))
        pending = pending.subarray(safe)
        return false
      }
      if (state === 'body') {
        feed(pending.subarray(0, at))
        close()
      }
      pending = pending.subarray(at + delimiter.length)
      state = 'after-delimiter'
      return true
    }
    if (state === 'after-delimiter') {
      if (pending.length < 2) return false
      const next = pending.subarray(0, 2).toString('latin1')
      if (next === '--') {
        state = 'done'
        return false
      }
      if (next !== '\r\n') throw new Error('malformed multipart body: expected CRLF after a boundary')
      pending = pending.subarray(2)
      state = 'headers'
      return true
    }
    if (state === 'headers') {
      const end = pending.indexOf('\r\n\r\n')
      if (end === -1) {
        if (pending.length > MAX_HEADER_BYTES)
          throw new Error('malformed multipart body: part headers too long')
        return false
      }
      const head = pending.subarray(0, end).toString('utf8')
      pending = pending.subarray(end + 4)
      const name = /name="([^"]*)"/i.exec(head)?.[1] ?? ''
      const filename = /filename="([^"]*)"/i.exec(head)?.[1]
      current = { part: { name, filename, size: 0, sha256: '' }, hash: createHash('sha256'), kept: [] }
      state = 'body'
      return true
    }
    return false
  }

  // A function, so that TypeScript does not narrow `state` to its first value across the calls of step().
  const done = (): boolean => state === 'done'
  for await (const chunk of body) {
    bytes += chunk.length
    if (done()) continue
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk
    while (step());
  }
  if (!done()) throw new Error('malformed multipart body: the closing boundary is missing')
  return { parts, bytes }
}
