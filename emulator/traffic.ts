/** The record of every request the emulator served, for tests and benchmarks to assert on. */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http'
import type { Operation } from './faults.js'

export interface TrafficEntry {
  /** Milliseconds since the emulator started. */
  at: number
  /** When the request arrived (epoch ms), to line traffic up with other clocks. */
  epochMs: number
  method: string
  path: string
  query: Record<string, string>
  operation: Operation | 'unknown'
  /** Request headers, with Authorization replaced by its scheme alone and Mendix-ApiKey redacted. */
  headers: Record<string, string>
  /** The parsed JSON body, the raw text when it is not JSON, or a summary for uploads. */
  body: unknown
  status?: number
  /** What the emulator did to the request when a fault was injected. */
  fault?: string
}

/** Copies headers, keeping only the scheme of Authorization and no API key, so no recorded entry holds a secret. */
export function redactHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue
    const text = Array.isArray(value) ? value.join(', ') : value
    if (name === 'authorization') out[name] = `${text.split(' ')[0]} [redacted]`
    else out[name] = name === 'mendix-apikey' ? '[redacted]' : text
  }
  return out
}

/** A request body as the record shows it: parsed JSON, the raw text, or the size of a multipart upload. */
export function recordedBody(req: IncomingMessage, raw: Buffer): unknown {
  if (raw.length === 0) return undefined
  if ((req.headers['content-type'] ?? '').startsWith('multipart/')) return { multipartBytes: raw.length }
  const text = raw.toString('utf8')
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}
