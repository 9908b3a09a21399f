/**
 * One Private Cloud environment, as the flow works on it: read its manifest, update it safely, wait for the
 * update's job, and wait until what it reports settles. The flow then reads as steps.
 */
import { backoffDelay } from '../clock.js'
import type { Deadline } from '../deadline.js'
import { JobError } from '../errors.js'
import { ApiError, isTransientPollError } from '../http.js'
import { seconds } from '../logger.js'
import { waitUntil } from '../wait.js'
import { DEPLOY_SCOPES } from './deploy-api.js'
import type { FlowDeps } from './deps.js'
import type { ResolvedEnvironment } from './environments.js'
import type { JobWaiter } from './job-waiter.js'
import type { JobRef } from './jobs.js'
import { factsOf, type Manifest, type ManifestFacts } from './manifest.js'

/** How many times the manifest PUT is sent, each time from a fresh read. */
const MAX_PUT_ATTEMPTS = 5

/** A change to a manifest, and how to tell from a later read that it has taken effect. */
export interface ManifestChange {
  apply: (manifest: Manifest) => Manifest
  applied: (manifest: Manifest) => boolean
}

export class EnvironmentHandle {
  /**
   * Whether the reads that found an unsure write already in effect saw it rolling out (`Processing` or `Unknown`
   * with the change in it): with no job to wait for, that is the readiness rule's evidence of a rollout.
   */
  rolloutSeenWhileSettling = false

  constructor(
    readonly environment: ResolvedEnvironment,
    private readonly deps: FlowDeps,
    private readonly waiter: JobWaiter
  ) {}

  get name(): string {
    return this.environment.name
  }

  private deadline(): Deadline {
    return this.deps.timeout.deadline()
  }

  /** The manifest as the service has it now. */
  read(deadline = this.deadline()): Promise<Manifest> {
    return this.deps.deploy.getManifest(this.environment, deadline)
  }

  /**
   * Writes a change to the manifest safely: never twice from the same read. When the service surely did not
   * take it, waits as asked and reads again; when the outcome is unknown, waits until the environment is not
   * Processing and reads again, stopping if the change is already there. Returns the job, or none if the change
   * had already taken effect.
   */
  async update(first: Manifest, change: ManifestChange): Promise<JobRef | undefined> {
    const { log, progress, clock } = this.deps
    const deadline = this.deadline()
    let manifest = first
    for (let attempt = 1; ; attempt++) {
      try {
        progress.environmentChanged = 'maybe'
        return await this.deps.deploy.putManifest(this.environment, change.apply(manifest), deadline)
      } catch (error) {
        const retry = error instanceof ApiError && (error.notActed || error.outcomeUnknown)
        if (!retry || attempt >= MAX_PUT_ATTEMPTS) throw error
        let fresh: Manifest
        if (error.notActed) {
          const delay = error.retryAfterMs ?? backoffDelay(attempt, Math.random)
          log.info(
            `The manifest update was not accepted (${error.status ?? 'no connection'}); reading it again in ${seconds(delay)}`
          )
          await clock.sleep(delay, this.deps.signal)
          fresh = await this.read(deadline)
        } else {
          log.warning(
            `${error.message} Reading the manifest again to see whether the update took effect.`,
            'Manifest update outcome unknown'
          )
          fresh = await this.settled(change)
        }
        if (change.applied(fresh)) {
          log.info('The update had taken effect; not sending it again')
          return undefined
        }
        // Never resend the manifest read before: someone may have changed it meanwhile.
        manifest = fresh
      }
    }
  }

  /**
   * Writes one change safely and waits for its job; returns the job, if one ran. Reads the manifest afresh
   * unless the caller has just read it.
   */
  async change(what: string, change: ManifestChange, justRead?: Manifest): Promise<JobRef | undefined> {
    const ref = await this.update(justRead ?? (await this.read()), change)
    if (ref) await this.waitForJob(ref, what)
    return ref
  }

  /** Waits for a manifest job; throws JobError naming the environment when it fails. */
  async waitForJob(ref: JobRef, what: string): Promise<void> {
    const job = await this.waiter.wait('deploy', ref, DEPLOY_SCOPES.read)
    if (job.status !== 'finished' || job.error) {
      throw new JobError(
        `The ${what} job ${ref.id} for environment "${this.name}" failed: ${job.error?.message ?? `it ended as ${job.status}`}.`,
        ref.id
      )
    }
  }

  /** Reads the manifest until `done` holds for it; the last status shown is its container state. */
  waitFor(
    done: (facts: ManifestFacts, manifest: Manifest) => boolean,
    onTimeout: (state: string) => Error,
    onStatus?: (state: string, elapsedMs: number) => void
  ): Promise<Manifest> {
    const { clock, signal } = this.deps
    const deadline = this.deadline()
    return waitUntil<Manifest>({
      clock,
      signal,
      deadline,
      schedule: this.deps.schedule,
      isTransient: isTransientPollError,
      poll: async () => {
        const manifest = await this.read(deadline)
        const facts = factsOf(manifest)
        return done(facts, manifest)
          ? { done: true, value: manifest }
          : { done: false, status: facts.state ?? 'unknown' }
      },
      onStatus,
      onTimeout
    })
  }

  /** Reads the manifest once no update is processing, so what it says about packageId is final. */
  settled(change?: ManifestChange): Promise<Manifest> {
    this.rolloutSeenWhileSettling = false
    return this.waitFor(
      (facts, manifest) => {
        const underWay = facts.state === 'Processing' || facts.state === 'Unknown'
        if (underWay && change?.applied(manifest)) this.rolloutSeenWhileSettling = true
        return facts.state !== 'Processing'
      },
      () => new JobError(`The environment "${this.name}" was still Processing an update at the deadline.`, '')
    )
  }
}
