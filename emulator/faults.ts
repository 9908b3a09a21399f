/** Fault injection: rules that make chosen operations misbehave the way real networks and services do. */

/** The operations the emulator serves, named after the specs' operations. `*` matches every one. */
export type Operation =
  | 'build'
  | 'upload'
  | 'listPackages'
  | 'getPackage'
  | 'deletePackage'
  | 'getJob'
  | 'getJobV3'
  | 'getApp'
  | 'listEnvironments'
  | 'createEnvironment'
  | 'deleteEnvironment'
  | 'getEnvironment'
  | 'putEnvironment'
  | 'getEnvironmentDeprecated'
  | 'putEnvironmentDeprecated'
  | 'cloudGetApp'
  | 'cloudBuild'
  | 'cloudListPackages'
  | 'cloudGetPackage'
  | 'cloudGetEnvironment'
  | 'cloudEnvironmentPackage'
  | 'cloudStop'
  | 'cloudTransport'
  | 'cloudGetSettings'
  | 'cloudSetSettings'
  | 'cloudStart'
  | 'cloudStartStatus'
  | 'cloudUpload'
  | 'cloudJob'
  | 'backupCreate'
  | 'backupList'
  | 'backupGet'
  | 'repositoryInfo'
  | 'repositoryBranches'
  | 'repositoryBranch'
  | 'repositoryCommits'
  | 'mxbuildDownload'

export type Fault =
  /** An error status with the spec's error body; `retryAfter` is sent as the Retry-After header (seconds or HTTP date). */
  | { kind: 'status'; status: number; retryAfter?: string }
  /** What a proxy or load balancer sends: a 502 with an HTML page. */
  | { kind: 'html502' }
  /** Waits before answering normally. */
  | { kind: 'slow'; delayMs: number }
  /** Closes the connection before the request is processed: the service did not act. */
  | { kind: 'drop-before' }
  /** Processes the request, then closes the connection without an answer: the service acted. */
  | { kind: 'drop-after' }
  /** Processes the request and answers with the first half of the JSON body. */
  | { kind: 'truncate' }
  /** Processes the request and answers with this body instead (a 202 without a job id, a job of the wrong shape...). */
  | { kind: 'replace-body'; body: string; contentType?: string; status?: number }

export interface FaultRule {
  operation: Operation | '*'
  fault: Fault
  /** How many matching requests get the fault; default: all of them. */
  times?: number
  /** How many matching requests pass untouched before the fault starts. */
  skip?: number
}

/** What the next job of a kind does instead of succeeding. */
export interface JobFaultRule {
  /**
   * `build` and `upload` cover both Private Cloud and Mendix Cloud (v1 build, v2 upload); `start`, `stop` and
   * `backup` are Mendix Cloud's; `create` and `delete` are environment creation and deletion (Private Cloud);
   * `delete-package` is the Build API's package deletion (`DELETE /apps/{appId}/packages/{packageId}`).
   */
  job: 'build' | 'deploy' | 'upload' | 'start' | 'stop' | 'backup' | 'create' | 'delete' | 'delete-package'
  /**
   * `unhealthy` (deploy only): the job finishes, but the new package crashes and the container ends Failed.
   * `never-ready` (deploy only): the job finishes, but the new pods never become ready: the container stays
   * Processing (a readiness probe that never passes).
   * `slow` (delete-package and backup): the job runs `durationMs`, then finishes (a backup: `completed`).
   * `refuse` (delete-package only): no job; the request is answered `status` (default 403) with the spec's error
   * body and `message`. The Build API spec documents 401, 403 and 404 for the delete; a 5xx is a server fault.
   * Mendix Cloud's documented refusals: `refuse` on `build` answers the v1 build POST with `500 BUILD_FAILED`
   * ("Build job failed.", Build API) and builds nothing; `fail` on `stop` answers `500 STOP_FAILED` ("Cannot stop
   * app: reason", Deploy API v1) and the app keeps running. A `stuck` start stays `Starting`, and the transport
   * answers `403 APP_IS_RUNNING` until it is stopped; a `fail`ed start ends with `code`.
   */
  outcome: 'stuck' | 'fail' | 'unhealthy' | 'never-ready' | 'slow' | 'refuse'
  message?: string
  /** For `start`: the documented error code the start job fails with, e.g. MISSING_CONSTANT. */
  code?: string
  /** For `slow`: how long the job runs, in milliseconds. */
  durationMs?: number
  /** For `refuse`: the HTTP status of the answer. */
  status?: number
  times?: number
  /** How many new jobs of the kind pass untouched before the fault starts (e.g. the restart after a deploy). */
  skip?: number
}

export class FaultPlan {
  private rules: Array<Required<Pick<FaultRule, 'times' | 'skip'>> & FaultRule> = []
  private jobRules: Array<JobFaultRule & { times: number; skip: number }> = []

  add(rule: FaultRule): void {
    this.rules.push({ ...rule, times: rule.times ?? Infinity, skip: rule.skip ?? 0 })
  }

  addJobFault(rule: JobFaultRule): void {
    this.jobRules.push({ ...rule, times: rule.times ?? Infinity, skip: rule.skip ?? 0 })
  }

  clear(): void {
    this.rules = []
    this.jobRules = []
  }

  /** The fault for this request, if any, using up one of the rule's turns. */
  take(operation: Operation): Fault | undefined {
    for (const rule of this.rules) {
      if (rule.operation !== '*' && rule.operation !== operation) continue
      if (rule.skip > 0) {
        rule.skip--
        continue
      }
      if (rule.times <= 0) continue
      rule.times--
      return rule.fault
    }
    return undefined
  }

  /** The fault for a new job of this kind, if any. */
  takeJobFault(job: JobFaultRule['job']): JobFaultRule | undefined {
    const rule = this.jobRules.find(r => r.job === job && r.times > 0)
    if (!rule) return undefined
    if (rule.skip > 0) {
      rule.skip--
      return undefined
    }
    rule.times--
    return rule
  }
}
