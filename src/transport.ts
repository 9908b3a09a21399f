/**
 * One HTTP exchange with a server we do not trust: every answer is read to its end, cut off, or refused,
 * and the promise always settles. The toolkit's own body reader listens only for `data` and `end`, so a
 * connection closed partway left its promise pending and Node exited 0 with the deploy unfinished; this reader
 * also settles on `error`, `aborted` and `close`, bounds the whole exchange in time and the body in bytes, and
 * collects chunks in linear time.
 *
 * The toolkit's HttpClient is still used for its proxy agent (HTTPS_PROXY, NO_PROXY), so self-hosted runners
 * behind a proxy work as before.
 */
import { HttpClient } from '@actions/http-client'
import * as http from 'node:http'
import * as https from 'node:https'
import type { Readable } from 'node:stream'

/**
 * JSON answers (build logs included) are refused above this size; a log answer keeps its tail instead. A real
 * Mendix answer (a page of 50 packages, an environment list, a manifest) is a few kilobytes, far below 1 MiB;
 * the cap bounds memory against a broken or hostile server. Reading an answer holds it several times over (the
 * chunks, the joined bytes, the text, the parsed value): at 8 MiB a run peaked at 104 MB, at 2 MiB at 74 MB
 * (`npm run bench -- --only memory`), against 67 MB with plain answers.
 */
export const MAX_BODY_BYTES = 2 * 1024 * 1024
/** How much of an oversized log answer is kept: its last bytes, where a build's error is. */
export const LOG_TAIL_BYTES = 256 * 1024
/** One request, headers and body together, never takes longer than this (the deadline may cut it shorter). */
export const REQUEST_TIMEOUT_MS = 60_000
/** No byte for this long ends the exchange, even inside the total limit. */
export const SOCKET_TIMEOUT_MS = 30_000

export interface RawResponse {
  status: number
  headers: Record<string, string | undefined>
  body: string
  /** Set when the body was over the cap and only its last bytes were kept (`oversize: 'tail'`). */
  truncatedFrom?: number
}

/** Limits for one exchange. */
export interface ExchangeLimits {
  /** The exchange (connect, headers, body) is aborted after this many ms. */
  timeoutMs?: number
  /** Body bytes allowed. */
  maxBytes?: number
  /** What to do with a body over the cap: refuse it (default), or keep its tail (logs). */
  oversize?: 'refuse' | 'tail'
  signal?: AbortSignal
}

/** Sends one request; rejects with a Node-style error (with `code`) when no complete HTTP answer came. */
export interface Transport {
  send(
    method: string,
    url: string,
    body: string | undefined,
    headers: Record<string, string>,
    limits?: ExchangeLimits
  ): Promise<RawResponse>
  /** Sends a streamed body (made fresh for each attempt). */
  sendStream(
    method: string,
    url: string,
    body: Readable,
    headers: Record<string, string>,
    limits?: ExchangeLimits
  ): Promise<RawResponse>
  dispose(): void
}

/** Error codes this module raises, besides Node's own (ECONNRESET, ECONNREFUSED...). */
export const BODY_CUT = 'EBODYCUT'
export const TOO_LARGE = 'ETOOLARGE'
export const TOTAL_TIMEOUT = 'ETOTALTIMEOUT'
export const SOCKET_TIMEOUT = 'ESOCKETTIMEDOUT'

export function codedError(code: string, message: string): Error & { code: string } {
  return Object.assign(new Error(message), { code })
}

function mebibytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MiB`
}

/** Collects body chunks within a byte cap: in full, or (for logs) only the last `tailBytes`. */
class BodyCollector {
  private chunks: Buffer[] = []
  private kept = 0
  total = 0

  constructor(
    private readonly maxBytes: number,
    private readonly tailBytes: number | undefined
  ) {}

  /** Adds a chunk; returns false when the body is over the cap and must be refused. */
  add(chunk: Buffer): boolean {
    this.total += chunk.length
    if (this.total > this.maxBytes && this.tailBytes === undefined) return false
    this.chunks.push(chunk)
    this.kept += chunk.length
    if (this.tailBytes !== undefined && this.total > this.maxBytes) this.trimTo(this.tailBytes)
    return true
  }

  private trimTo(limit: number): void {
    while (this.chunks.length > 1 && this.kept - this.chunks[0].length >= limit) {
      this.kept -= this.chunks[0].length
      this.chunks.shift()
    }
  }

  text(): { body: string; truncatedFrom?: number } {
    if (this.total <= this.maxBytes) return { body: Buffer.concat(this.chunks).toString('utf8') }
    const all = Buffer.concat(this.chunks)
    const tail = all.subarray(Math.max(0, all.length - (this.tailBytes ?? all.length)))
    return { body: tail.toString('utf8'), truncatedFrom: this.total }
  }
}

function headersOf(message: http.IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {}
  for (const [name, value] of Object.entries(message.headers)) {
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value
  }
  return out
}

/** The transport the action runs with: node:http(s) through the toolkit's proxy-aware agent. */
export function nodeTransport(socketTimeoutMs = SOCKET_TIMEOUT_MS): Transport {
  const client = new HttpClient('mendix-deploy-action', [], { keepAlive: true })

  function exchange(
    method: string,
    url: string,
    headers: Record<string, string>,
    write: (request: http.ClientRequest) => void,
    limits: ExchangeLimits = {}
  ): Promise<RawResponse> {
    const timeoutMs = limits.timeoutMs ?? REQUEST_TIMEOUT_MS
    const maxBytes = limits.maxBytes ?? MAX_BODY_BYTES
    const target = new URL(url)
    const agent = client.getAgent(url)
    return new Promise<RawResponse>((resolve, reject) => {
      let settled = false
      const request = (target.protocol === 'https:' ? https : http).request(target, {
        method,
        agent,
        headers: { 'User-Agent': 'mendix-deploy-action', ...headers }
      })
      const finish = (outcome: () => void): void => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        limits.signal?.removeEventListener('abort', onAbort)
        outcome()
      }
      const fail = (error: Error): void =>
        finish(() => {
          request.destroy()
          reject(error)
        })
      const onAbort = (): void => fail(codedError('ABORT_ERR', 'the request was cancelled'))
      const timer = setTimeout(
        () =>
          fail(
            codedError(
              TOTAL_TIMEOUT,
              `no complete answer within ${Math.round(timeoutMs / 100) / 10} s, the limit for one request`
            )
          ),
        timeoutMs
      )
      if (limits.signal?.aborted) return onAbort()
      limits.signal?.addEventListener('abort', onAbort, { once: true })
      request.setTimeout(socketTimeoutMs, () =>
        fail(codedError(SOCKET_TIMEOUT, `no data for ${socketTimeoutMs / 1000} s`))
      )
      request.on('error', fail)
      request.on('response', response => {
        const collector = new BodyCollector(
          maxBytes,
          limits.oversize === 'tail' ? Math.min(LOG_TAIL_BYTES, maxBytes) : undefined
        )
        response.on('data', (chunk: Buffer) => {
          if (!collector.add(chunk)) {
            fail(
              codedError(
                TOO_LARGE,
                `the answer is larger than ${mebibytes(maxBytes)}, the limit for one answer; it was not read further`
              )
            )
          }
        })
        const cut = (): void =>
          fail(
            codedError(
              BODY_CUT,
              `the connection closed after ${collector.total} bytes of the answer, before its end`
            )
          )
        response.on('error', cut)
        response.on('aborted', cut)
        response.on('close', () => {
          if (!response.complete) cut()
        })
        response.on('end', () => {
          if (!response.complete) return cut()
          finish(() =>
            resolve({ status: response.statusCode ?? 0, headers: headersOf(response), ...collector.text() })
          )
        })
      })
      write(request)
    })
  }

  return {
    send: (method, url, body, headers, limits) =>
      exchange(
        method,
        url,
        body === undefined ? headers : { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
        request => request.end(body),
        limits
      ),
    sendStream: (method, url, body, headers, limits) =>
      exchange(
        method,
        url,
        headers,
        request => {
          body.on('error', error => request.destroy(error))
          body.pipe(request)
        },
        limits
      ),
    // Destroys the keep-alive agent the client made, so no idle socket holds the process open.
    dispose: () => client.dispose()
  }
}
