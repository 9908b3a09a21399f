/** Waits for a Private Cloud job (build, upload, deploy) on the shared wait loop, keeping progress up to date. */
import { JobError } from '../errors.js'
import { jobFinished, planJob, type PackageReader } from '../job-history.js'
import { isTransientPollError } from '../http.js'
import { seconds } from '../logger.js'
import type { StepDeps } from '../step-deps.js'
import { waitUntil } from '../wait.js'
import { TERMINAL_STATUSES, type Job, type JobRef, type JobsClient } from './jobs.js'

const KNOWN_STATUSES = new Set(['created', 'running', 'finished', 'failed'])

/** The poll rule both targets share, kept importable from here for the Private Cloud flow. */
export { isTransientPollError }

export interface JobWaiterDeps extends StepDeps {
  jobs: JobsClient
  /** The Build API, for the history to ask how long the newest package took to build. */
  build?: PackageReader
}

export class JobWaiter {
  constructor(
    private readonly deps: JobWaiterDeps,
    private readonly settings: { apiUrl: string; timeoutMinutes: number }
  ) {}

  /** Where a person can check the job: the documented /jobs/{id} below the API URL. */
  jobUrl(ref: JobRef): string {
    return `${this.settings.apiUrl}/jobs/${encodeURIComponent(ref.id)}`
  }

  /** Waits for a job to end; returns it when finished, throws JobError when it failed or the deadline passed. */
  async wait(
    kind: 'build' | 'upload' | 'deploy' | 'create' | 'delete',
    ref: JobRef,
    scope: string
  ): Promise<Job> {
    const { clock, log, progress, signal } = this.deps
    const deadline = this.deps.timeout.deadline()
    progress.jobStarted({ kind, id: ref.id, url: this.jobUrl(ref) })
    // Issue 14: earlier jobs predict this one's end (job-history.ts), so polls are sparse until shortly before it.
    const plan = await planJob<Job>(this.deps, kind, jobFinished)
    const job = await waitUntil<Job>({
      ...plan,
      clock,
      signal,
      deadline,
      schedule: this.deps.schedule,
      isTransient: isTransientPollError,
      poll: async () => {
        const { retryAfterMs, ...current } = await this.deps.jobs.get(ref, {
          scope,
          deadline,
          now: clock.now()
        })
        // The specs show jobs with an `error` beside a non-terminal status: an error ends the wait too.
        if (current.error || TERMINAL_STATUSES.has(current.status)) return { done: true, value: current }
        if (!KNOWN_STATUSES.has(current.status))
          log.debug(`The ${kind} job has an unknown status '${current.status}'; waiting on.`)
        return { done: false, status: current.status, notBeforeMs: retryAfterMs }
      },
      onStatus: (status, elapsed) =>
        log.info(`${kind[0].toUpperCase()}${kind.slice(1)} job is ${status} (after ${seconds(elapsed)})`),
      onTimeout: (status, elapsed) =>
        new JobError(
          `Gave up waiting for the ${kind} job ${ref.id} after ${seconds(elapsed)} (timeoutMinutes: ${this.settings.timeoutMinutes}); ` +
            `it was still ${status}. It may still finish: check it with GET ${this.jobUrl(ref)}.`,
          ref.id
        )
    })
    progress.jobEnded(ref.id)
    return job
  }
}
