/**
 * The one HTTP layer: base URL, the credentials per request, JSON, timeouts, retries and error mapping.
 *
 * Retry policy (also in the README):
 * - `safe` requests (GETs) are retried on network errors, socket timeouts, 408, 429, 500, 502, 503, 504 and
 *   unreadable bodies, with exponential backoff and full jitter (1 s doubling to a 30 s cap), at most
 *   MAX_ATTEMPTS tries, never past the caller's deadline. Retry-After (seconds or date) wins over the backoff.
 * - `once` requests (the build POST) are retried only when the service surely did not act: connection
 *   refused, 429, or 503 with Retry-After. Any other failure after the request went out is reported with
 *   `outcomeUnknown`, and the caller decides how to find out what happened.
 * - `never` requests (the manifest PUT) are not retried here at all: the caller reads the manifest again
 *   before any second try, using `notActed`, `outcomeUnknown` and `retryAfterMs` to decide.
 * - 400, 401, 403, 404 and 422 are never retried. Redirects are never followed.
 *
 * Polls (jobs, builds, starts, backups) on both targets add one rule on top, `isTransientPollError`: a poll that
 * still fails after these retries is waited out when it is a network fault, a 429 or a 5xx (but not a v1 500 that
 * carries a documented code), or a 404 in a job's first seconds, when the service may not show the job yet.
 */
import { createReadStream } from 'node:fs'
import { Readable } from 'node:stream'
import { backoffDelay, parseRetryAfter, type Clock } from './clock.js'
import { Deadline } from './deadline.js'
import { CancelledError, messageOf } from './errors.js'
import {
  BODY_CUT,
  nodeTransport,
  REQUEST_TIMEOUT_MS,
  SOCKET_TIMEOUT_MS,
  TOO_LARGE,
  type RawResponse,
  type Transport
} from './transport.js'
import { displayUrl } from './untrusted.js'

export type { RawResponse, Transport }
export { SOCKET_TIMEOUT_MS }

export type RetryMode = 'safe' | 'once' | 'never'

export interface ApiResponse<T> {
  status: number
  headers: Record<string, string | undefined>
  body: T
  /** Set when the answer was over the size cap and only its tail was kept (requests with `oversize: 'tail'`). */
  truncated?: { bytes: number; tail: string }
}

export interface RequestOptions {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  /** A path below the base URL (`/apps/...`) or an absolute URL on the same origin. */
  path: string
  body?: unknown
  retry: RetryMode
  /** What the request is for, in words a person reads in an error: "start the build". */
  action: string
  /** The permission the operation needs (a PAT scope, or a Mendix Cloud permission), named in a 403 error. */
  scope: string
  /** Retries stop at it, and no attempt runs past it. Default: the deps' timeoutMs from the request's start. */
  deadline?: Deadline
  /** An answer over the size cap is refused (default) or, for logs, cut to its tail. */
  oversize?: 'refuse' | 'tail'
}

export const MAX_ATTEMPTS = 5
const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504])
/** Errors that prove the request never reached the service. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH'])
/** Errors that no retry can mend: the answer is too large to read. */
const DEFINITIVE_CODES = new Set([TOO_LARGE])
/** The shortest time an attempt is given, even right at the deadline, so that a last look can still answer. */
const MIN_ATTEMPT_MS = 1000
/** setTimeout's limit: a longer time (a `Deadline.none()`) would fire at once, so one attempt waits at most this. */
const MAX_ATTEMPT_MS = 2 ** 31 - 1

/** A request failed: carries the method, URL and status, and whether the service may have acted. */
export class ApiError extends Error {
  readonly method: string
  readonly url: string
  /** The HTTP status; undefined when no answer came. */
  readonly status?: number
  /** True when a non-idempotent request may have taken effect although no success answer came. */
  readonly outcomeUnknown: boolean
  /** The service's own message, from its `{"error":{"message"}}` body. */
  readonly serviceMessage?: string
  /** True when the service surely did not act (connection refused, 429, 503 with Retry-After). */
  readonly notActed: boolean
  /** How long the service asked to wait before trying again. */
  readonly retryAfterMs?: number
  /** The v1 APIs' error code, e.g. APP_IS_RUNNING. */
  readonly serviceCode?: string

  constructor(
    message: string,
    fields: {
      method: string
      url: string
      status?: number
      outcomeUnknown: boolean
      serviceMessage?: string
      notActed?: boolean
      retryAfterMs?: number
      serviceCode?: string
    }
  ) {
    super(message)
    this.name = 'ApiError'
    this.method = fields.method
    this.url = fields.url
    this.status = fields.status
    this.outcomeUnknown = fields.outcomeUnknown
    this.serviceMessage = fields.serviceMessage
    this.notActed = fields.notActed ?? false
    this.retryAfterMs = fields.retryAfterMs
    this.serviceCode = fields.serviceCode
  }
}

/** A brand-new job or package may not be readable at once; a 404 this early is waited out. */
export const EARLY_404_MS = 30_000

/** A v1 500 with an error code (START_FAILED, DB_SYNC_FAILED...) is the service's answer, not a passing fault. */
function isDefinitive(status: number, serviceCode: string | undefined): boolean {
  return status === 500 && serviceCode !== undefined
}

/** Whether a failed poll may be waited out, on both targets: see the retry policy above. */
export function isTransientPollError(error: unknown, elapsedMs: number): boolean {
  if (!(error instanceof ApiError)) return false
  const { status } = error
  if (status === undefined || status === 429) return true
  if (status >= 500) return !isDefinitive(status, error.serviceCode)
  return status === 404 && elapsedMs < EARLY_404_MS
}

/** The default transport. Kept under its old name: tests and callers know it so. */
export function actionsTransport(socketTimeoutMs = SOCKET_TIMEOUT_MS): Transport {
  return nodeTransport(socketTimeoutMs)
}

/**
 * The service's own words: `{"error":{"message"}}` (v4 APIs) or `{"errorCode","errorMessage"}` (v1 APIs).
 * The v4 specs' Error schema also lists `invalid-params` with a `name` and `reason` each; they say which
 * field was wrong, so they are added to the message.
 */
function serviceErrorOf(body: string): { message?: string; code?: string } {
  try {
    const parsed = JSON.parse(body) as {
      error?: { message?: unknown; 'invalid-params'?: unknown }
      errorMessage?: unknown
      errorCode?: unknown
    }
    const message = parsed?.error?.message ?? parsed?.errorMessage
    const code = parsed?.errorCode
    const params = Array.isArray(parsed?.error?.['invalid-params'])
      ? (parsed.error['invalid-params'] as Array<{ name?: unknown; reason?: unknown }>)
          .filter(p => typeof p?.reason === 'string')
          .slice(0, 10)
          .map(p => (typeof p.name === 'string' ? `${p.name}: ${String(p.reason)}` : String(p.reason)))
      : []
    const text =
      typeof message === 'string'
        ? `${typeof code === 'string' ? `${code}: ` : ''}${message}${params.length ? ` (${params.join('; ')})` : ''}`
        : params.length
          ? params.join('; ')
          : undefined
    return { message: text, code: typeof code === 'string' ? code : undefined }
  } catch {
    return {}
  }
}

/** How a credential is sent and what to tell a person when it is refused. */
export interface Credentials {
  /** Headers that carry the credential, e.g. Authorization: MxToken <PAT>. */
  headers: Record<string, string>
  /** Extra headers every request of this API needs (the v1 APIs want Content-Type on every call). */
  defaultHeaders?: Record<string, string>
  /** What to do about a 401. */
  unauthorized: string
  /** What to do about a 403, given the permission the operation needs. */
  forbidden: (permission: string) => string
}

/** A Mendix personal access token, for the Private Cloud APIs. */
export function patCredentials(token: string): Credentials {
  return {
    headers: { Authorization: `MxToken ${token}` },
    unauthorized:
      'The token was not accepted: check that the secret holds a valid, unexpired Mendix personal access token.',
    forbidden: scope =>
      `The token lacks the scope this needs: create a personal access token with ${scope} in the Mendix Portal (User Settings > Personal Access Tokens).`
  }
}

/** What a person can do about an HTTP status, for the operation at hand. */
function adviceFor(status: number, permission: string, credentials: Credentials): string {
  switch (status) {
    case 401:
      return credentials.unauthorized
    case 403:
      return credentials.forbidden(permission)
    case 404:
      return 'Check the appId and environment inputs, and that the credentials belong to a member of this app.'
    case 400:
    case 422:
      return 'The service rejected the request as invalid.'
    default:
      return status >= 500 ? 'The Mendix service had a problem; try again later.' : ''
  }
}

function describeNetworkError(error: unknown): { code: string; text: string } {
  const code = (error as { code?: string })?.code ?? ''
  const text = messageOf(error)
  return { code, text: code && !text.includes(code) ? `${code}: ${text}` : text }
}

export interface HttpDeps {
  baseUrl: string
  credentials: Credentials
  clock: Clock
  transport: Transport
  signal?: AbortSignal
  random?: () => number
  /** Debug lines: method, URL, status, time. Never headers or bodies. */
  debug?: (line: string) => void
  /** The deadline of a request that names none: this long from its start. Default: 10 minutes. */
  timeoutMs?: number
}

/** A file to upload: opened once, and exactly `size` bytes streamed from that descriptor. */
export interface UploadFile {
  fd: number
  size: number
  fields: Record<string, string>
  fileField: string
  fileName: string
}

const DEFAULT_TIMEOUT_MS = 10 * 60_000

/** A Mendix API client: every request of the action goes through `request`. */
export class MendixHttp {
  private readonly origin: string
  private readonly random: () => number

  constructor(private readonly deps: HttpDeps) {
    this.origin = new URL(deps.baseUrl).origin
    this.random = deps.random ?? Math.random
  }

  /** Resolves a path or same-origin absolute URL; refuses any other host, so the token never leaves the API. */
  resolve(path: string): string {
    if (!/^https?:\/\//i.test(path)) return `${this.deps.baseUrl}${path}`
    const url = new URL(path)
    if (url.origin !== this.origin || url.username || url.password) {
      throw new Error(
        `Refusing to send the token to ${displayUrl(url.origin)}: it is not the API host ${this.origin}.`
      )
    }
    return path
  }

  async request<T>(options: RequestOptions): Promise<ApiResponse<T>> {
    const url = this.resolve(options.path)
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body)
    const headers: Record<string, string> = {
      ...this.deps.credentials.defaultHeaders,
      ...this.deps.credentials.headers,
      Accept: 'application/json',
      ...(payload !== undefined ? { 'Content-Type': 'application/json' } : {})
    }
    return this.execute<T>(options, url, timeoutMs =>
      this.deps.transport.send(options.method, url, payload, headers, {
        timeoutMs: Math.min(REQUEST_TIMEOUT_MS, timeoutMs),
        oversize: options.oversize,
        signal: this.deps.signal
      })
    )
  }

  /**
   * Uploads a file as multipart/form-data, streamed from an open descriptor (never read into memory whole,
   * never more than the size measured when it was opened). Sent once, like the build POST: retried only when
   * the service surely did not act. Its time limit is the deadline alone: a large package takes a while.
   */
  async upload<T>(
    options: Omit<RequestOptions, 'body' | 'retry' | 'method'>,
    file: UploadFile
  ): Promise<ApiResponse<T>> {
    const url = this.resolve(options.path)
    const boundary = `----mendix-deploy-action-${Math.random().toString(16).slice(2)}`
    const preamble = Buffer.from(
      Object.entries(file.fields)
        .map(
          ([name, value]) =>
            `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`
        )
        .join('') +
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.fileField}"; filename="${file.fileName}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n'
    )
    const epilogue = Buffer.from(`\r\n--${boundary}--\r\n`)
    const headers: Record<string, string> = {
      ...this.deps.credentials.headers,
      Accept: 'application/json',
      'Content-Type': `multipart/form-data; boundary=${boundary}`,
      'Content-Length': String(preamble.length + file.size + epilogue.length)
    }
    const body = (): Readable =>
      Readable.from(
        (async function* () {
          yield preamble
          if (file.size > 0) {
            yield* createReadStream('', { fd: file.fd, start: 0, end: file.size - 1, autoClose: false })
          }
          yield epilogue
        })()
      )
    return this.execute<T>({ ...options, method: 'POST', retry: 'once' }, url, timeoutMs =>
      this.deps.transport.sendStream('POST', url, body(), headers, { timeoutMs, signal: this.deps.signal })
    )
  }

  private async execute<T>(
    options: Omit<RequestOptions, 'path' | 'body'>,
    url: string,
    send: (timeoutMs: number) => Promise<RawResponse>
  ): Promise<ApiResponse<T>> {
    const { clock, signal } = this.deps
    const label = `${options.method} ${displayUrl(url)}`
    const deadline = options.deadline ?? Deadline.after(clock, this.deps.timeoutMs ?? DEFAULT_TIMEOUT_MS)
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw new CancelledError()
      const started = clock.now()
      let failure: ApiError
      let retryAfterMs: number | undefined
      let retryable: boolean
      try {
        const raw = await send(Math.min(MAX_ATTEMPT_MS, Math.max(MIN_ATTEMPT_MS, deadline.at - started)))
        this.deps.debug?.(`${label} -> ${raw.status} (${clock.now() - started} ms)`)
        if (raw.status >= 200 && raw.status < 300 && raw.truncatedFrom !== undefined) {
          return {
            status: raw.status,
            headers: raw.headers,
            body: undefined as T,
            truncated: { bytes: raw.truncatedFrom, tail: raw.body }
          }
        }
        if (raw.status >= 200 && raw.status < 300) {
          try {
            const body = (raw.body === '' ? undefined : JSON.parse(raw.body)) as T
            return { status: raw.status, headers: raw.headers, body }
          } catch {
            failure = new ApiError(
              `Could not ${options.action}: ${label} answered ${raw.status} with a body that is not valid JSON (${raw.body.length} bytes, perhaps cut off).`,
              { method: options.method, url, status: raw.status, outcomeUnknown: options.retry !== 'safe' }
            )
            retryable = options.retry === 'safe'
          }
        } else {
          const { message: serviceMessage, code: serviceCode } = serviceErrorOf(raw.body)
          const isHtml = /^\s*</.test(raw.body)
          const said =
            serviceMessage ??
            (isHtml
              ? 'an HTML error page (from a proxy or gateway?)'
              : raw.body.slice(0, 200) || 'no message')
          const advice = adviceFor(raw.status, options.scope, this.deps.credentials)
          retryAfterMs = parseRetryAfter(raw.headers['retry-after'], clock.now())
          const notActed = raw.status === 429 || (raw.status === 503 && retryAfterMs !== undefined)
          const definitive = isDefinitive(raw.status, serviceCode)
          retryable =
            RETRYABLE_STATUS.has(raw.status) &&
            !definitive &&
            (options.retry === 'safe' || (options.retry === 'once' && notActed))
          failure = new ApiError(
            `Could not ${options.action}: ${label} answered ${raw.status}: ${said}.${advice ? ` ${advice}` : ''}`,
            {
              method: options.method,
              url,
              status: raw.status,
              outcomeUnknown: options.retry !== 'safe' && !notActed && raw.status >= 500,
              serviceMessage,
              notActed,
              retryAfterMs,
              serviceCode
            }
          )
        }
      } catch (error) {
        if (error instanceof CancelledError || signal?.aborted) throw new CancelledError()
        const { code, text } = describeNetworkError(error)
        const notSent = NOT_SENT_CODES.has(code)
        this.deps.debug?.(`${label} -> ${text} (${clock.now() - started} ms)`)
        retryable =
          !DEFINITIVE_CODES.has(code) && (options.retry === 'safe' || (options.retry === 'once' && notSent))
        const what = code === BODY_CUT || code === TOO_LARGE ? 'got no complete answer' : 'got no answer'
        failure = new ApiError(`Could not ${options.action}: ${label} ${what} (${text}).`, {
          method: options.method,
          url,
          outcomeUnknown: options.retry !== 'safe' && !notSent,
          notActed: notSent
        })
      }
      const delay = retryAfterMs ?? backoffDelay(attempt, this.random)
      if (!retryable || attempt + 1 >= MAX_ATTEMPTS || clock.now() + delay > deadline.at) throw failure
      this.deps.debug?.(`retrying ${label} in ${delay} ms (attempt ${attempt + 2} of ${MAX_ATTEMPTS})`)
      await clock.sleep(delay, signal)
    }
  }
}
