/** The job endpoint both Private Cloud APIs share: `GET /jobs/{jobId}`. */
import { parseRetryAfter } from '../clock.js'
import type { Deadline } from '../deadline.js'
import { ApiError, type ApiResponse, type MendixHttp, type RequestOptions } from '../http.js'
import { checkServerId } from '../untrusted.js'

export interface Job {
  id: string
  status: string
  details?: string
  /** Build and upload jobs only. */
  packageId?: string
  error?: { code?: number; message?: string }
  log?: { build?: string }
}

/**
 * A job to poll. Only its id is kept: the specs document `GET /jobs/{jobId}` on the API, while the Location
 * header of a 202 varies (the docs' own example points at /api/v3, others answer a bare path), so it is not used.
 */
export interface JobRef {
  id: string
}

export const TERMINAL_STATUSES = new Set(['finished', 'failed'])

function isJob(value: unknown): value is Job {
  const job = value as Job
  return (
    !!job &&
    typeof job === 'object' &&
    typeof job.id === 'string' &&
    job.id !== '' &&
    typeof job.status === 'string'
  )
}

/** Reads the job from a 202 answer, or throws saying the answer had none. */
export function jobFromAccepted(
  response: ApiResponse<unknown>,
  method: string,
  path: string,
  action: string
): JobRef {
  if (!isJob(response.body)) {
    throw new ApiError(
      `Could not ${action}: ${method} ${path} answered ${response.status} without a job id, so the action cannot follow it.`,
      { method, url: path, status: response.status, outcomeUnknown: true }
    )
  }
  return { id: checkServerId('job id', response.body.id) }
}

/** Sends a request the service answers with a job (a 202), and reads the job from the answer. */
export async function requestJob(http: MendixHttp, options: RequestOptions): Promise<JobRef> {
  const response = await http.request<unknown>(options)
  return jobFromAccepted(response, options.method, options.path, options.action)
}

export class JobsClient {
  constructor(private readonly http: MendixHttp) {}

  /** The documented path to poll, below the API URL the user gave. */
  pollPath(ref: JobRef): string {
    return `/jobs/${encodeURIComponent(ref.id)}`
  }

  /** The job, and how long the service asked to wait before the next look (Retry-After), if it did. */
  async get(
    ref: JobRef,
    options: { log?: boolean; scope: string; deadline: Deadline; now?: number }
  ): Promise<Job & { retryAfterMs?: number }> {
    const base = this.pollPath(ref)
    const path = options.log ? `${base}${base.includes('?') ? '&' : '?'}log=true` : base
    const response = await this.http.request<unknown>({
      method: 'GET',
      path,
      retry: 'safe',
      action: `check job ${ref.id}`,
      scope: options.scope,
      deadline: options.deadline,
      // A build log can be huge: over the size cap, only its end is kept (where the error is).
      oversize: options.log ? 'tail' : 'refuse'
    })
    if (response.truncated) {
      const job = await this.get(ref, { ...options, log: false })
      return { ...job, log: { build: logFromTail(response.truncated) } }
    }
    if (!isJob(response.body)) {
      throw new ApiError(`Could not check job ${ref.id}: the answer is not a job (it has no id or status).`, {
        method: 'GET',
        url: path,
        status: response.status,
        outcomeUnknown: false
      })
    }
    const retryAfterMs = parseRetryAfter(response.headers['retry-after'], options.now ?? Date.now())
    return retryAfterMs === undefined ? response.body : { ...response.body, retryAfterMs }
  }
}

/**
 * The readable end of a build log from the tail of a job answer too large to parse: the JSON string escapes
 * are undone and the closing JSON after the log dropped. Good enough for "the last lines", which is all it is for.
 */
export function logFromTail({ bytes, tail }: { bytes: number; tail: string }): string {
  const text = tail
    .replace(/"\s*}[\s\S]*$/, '')
    .replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(/\\([nrt"\\/])/g, (_, c: string) => ({ n: '\n', r: '', t: '\t' })[c] ?? c)
  return `[the job answer was ${bytes} bytes, over the size limit: only the end of the log was read]\n${text.slice(text.indexOf('\n') + 1)}`
}
