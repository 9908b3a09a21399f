/**
 * How long earlier jobs took, to predict when the next one ends (see wait.ts: sparse polls until shortly
 * before the predicted end, dense ones near it). Two sources, both best effort: a failure only means no
 * prediction, and the wait polls on its plain schedule.
 *
 * - A file the action keeps, `$RUNNER_TEMP/mendix-deploy-action/job-history.json`: when each of the last builds
 *   of the app and deploys (Mendix Cloud: starts) of the environment ended, as this action's polls saw it. It
 *   costs no request.
 *   GitHub empties RUNNER_TEMP between jobs, so the file lasts across runs only when the workflow caches that
 *   folder (actions/cache); without that it serves the deploys that follow one another in a job.
 * - The Build API, for Private Cloud builds, when the file knows no build of the app: the newest package's
 *   `createdOn` against the `Pipeline created` timestamp at the head of its build log. It costs one request
 *   (GET the package with `log=true`) when the reuse check has listed the packages already, two otherwise
 *   (list one package first), made while the new build runs.
 *
 * Only the first job of each kind in a run is predicted and recorded: later deploys of a run (a rollback, the
 * two halves of a restart) are different work.
 */
import { messageOf } from './errors.js'
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { Clock } from './clock.js'
import { Deadline } from './deadline.js'
import { seconds, type Logger } from './logger.js'
import type { BuildApi } from './private-cloud/build-api.js'
import { checkServerId } from './untrusted.js'
import type { EndBracket, JobEstimate } from './wait.js'

/** When one earlier job ended, counted from its start: after `afterMs` and by `byMs`. */
export interface DurationSample {
  /** When it was recorded (epoch ms), to keep the newest. */
  at: number
  afterMs: number
  byMs: number
}

export interface HistoryData {
  version: 1
  /** Samples by job key ("build <api> <app>", "deploy <api> <app> <namespace> <environment>"), oldest first. */
  jobs: Record<string, DurationSample[]>
}

/** Where the samples are kept between runs. */
export interface HistoryStore {
  load(): HistoryData
  save(data: HistoryData): void
}

/** A prediction with the number of samples behind it. */
export type Estimate = JobEstimate & { samples: number; source: 'earlier runs' | 'the Build API' }

/** Jobs shorter than this are not worth predicting (and a zero-length one is a placeholder, not a build). */
export const MIN_PREDICTED_MS = 2000
const MAX_SAMPLE_MS = 48 * 3_600_000
/** How many of the newest samples a prediction uses, and how many a key keeps. */
const USED_SAMPLES = 10
const KEPT_SAMPLES = 10
const KEPT_KEYS = 50
/** The spread assumed from fewer than three samples, as a share of the expected duration. */
export const PRIOR_SPREAD = 0.05
/** The least spread, as a share of the expected duration, however alike the samples. */
export const MIN_SPREAD = 0.02
const MIN_SPREAD_MS = 100
/** A history file larger than this is not ours: it is ignored. */
const MAX_FILE_BYTES = 256 * 1024

function isSample(value: unknown): value is DurationSample {
  const s = value as DurationSample
  return (
    !!s &&
    typeof s === 'object' &&
    [s.at, s.afterMs, s.byMs].every(n => typeof n === 'number' && Number.isFinite(n)) &&
    s.afterMs >= 0 &&
    s.afterMs <= s.byMs &&
    s.byMs <= MAX_SAMPLE_MS
  )
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/**
 * The expected duration and spread from earlier jobs: the median of the newest ten, each taken at the middle
 * of its bracket; the spread from their median absolute deviation (scaled to a standard deviation) once there
 * are three, an assumed 5% before that, never under 2%, widened by how coarse the brackets were and by how far
 * the median of a few samples may itself be off (its variance is π/2 × σ²/n): the spread of the next job's
 * duration around the prediction, not of the samples around their median.
 */
export function estimateDuration(samples: DurationSample[]): (JobEstimate & { samples: number }) | undefined {
  const used = samples
    .filter(s => isSample(s) && s.byMs >= MIN_PREDICTED_MS)
    .sort((a, b) => b.at - a.at)
    .slice(0, USED_SAMPLES)
  if (used.length === 0) return undefined
  const middles = used.map(s => (s.afterMs + s.byMs) / 2)
  const expectedMs = median(middles)
  const deviation =
    used.length >= 3
      ? 1.4826 * median(middles.map(m => Math.abs(m - expectedMs)))
      : Math.max(PRIOR_SPREAD * expectedMs, Math.max(...middles) - Math.min(...middles))
  // Where in its bracket an end fell is unknown: uniform over the bracket, a standard deviation of width/√12.
  const width = median(used.map(s => s.byMs - s.afterMs))
  const spreadMs = Math.max(
    MIN_SPREAD_MS,
    MIN_SPREAD * expectedMs,
    Math.sqrt(deviation ** 2 * (1 + Math.PI / 2 / used.length) + width ** 2 / 12)
  )
  return { expectedMs, spreadMs: Math.round(spreadMs), samples: used.length }
}

/**
 * The pipeline's start from a Private Cloud build log: the timestamp on its `Pipeline created` line, before
 * or after the words (the spec's example has "Pipeline created at 2023-02-17T15:01:19Z").
 */
export function pipelineStart(log: string): number | undefined {
  const line = log.split('\n', 20).find(l => l.includes('Pipeline created'))
  const stamp = line?.match(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)/)?.[0]
  const ms = stamp ? Date.parse(stamp) : NaN
  return Number.isNaN(ms) ? undefined : ms
}

/** What the Build API reader needs: the app's newest package, and one package with its log. */
export type PackageReader = Pick<BuildApi, 'newestPackage' | 'getPackage'>

/** How long a look-up for a prediction may take: it runs before the job's first poll. */
const LOOKUP_MS = 10_000

/**
 * How long the newest package of a Private Cloud app took to build: its `createdOn` minus the pipeline start in
 * its build log. One or two requests (see the top of this file); undefined when there is no package, no log or
 * no plausible duration.
 */
export async function newestBuildMs(build: PackageReader, deadline: Deadline): Promise<number | undefined> {
  const newest = await build.newestPackage(deadline)
  if (!newest) return undefined
  const id = checkServerId('package id', newest.id)
  const pkg = await build.getPackage(id, { log: true }, deadline)
  if (typeof pkg.createdOn !== 'string' || typeof pkg.buildLog !== 'string') return undefined
  const start = pipelineStart(pkg.buildLog)
  const ms = Date.parse(pkg.createdOn) - (start ?? NaN)
  return Number.isFinite(ms) && ms >= MIN_PREDICTED_MS && ms <= MAX_SAMPLE_MS ? ms : undefined
}

function emptyHistory(): HistoryData {
  return { version: 1, jobs: {} }
}

/** Reads what a history file holds, keeping only well-formed samples; anything else reads as empty. */
export function parseHistory(text: string): HistoryData {
  const data = emptyHistory()
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return data
  }
  const jobs = (parsed as Partial<HistoryData> | null)?.jobs
  if (!jobs || typeof jobs !== 'object' || Array.isArray(jobs)) return data
  for (const [key, samples] of Object.entries(jobs)) {
    if (Array.isArray(samples)) data.jobs[key] = samples.filter(isSample)
  }
  return data
}

/** The history in a JSON file, written whole to a temporary name and renamed, so a reader never sees half. */
export function fileStore(path: string): HistoryStore {
  return {
    load: () => {
      let text: string
      try {
        text = readFileSync(path, 'utf8')
      } catch {
        return emptyHistory()
      }
      return text.length > MAX_FILE_BYTES ? emptyHistory() : parseHistory(text)
    },
    save: data => {
      mkdirSync(dirname(path), { recursive: true })
      const temporary = `${path}.${process.pid}.tmp`
      writeFileSync(temporary, `${JSON.stringify(data)}\n`)
      renameSync(temporary, path)
    }
  }
}

/** The history in memory, for tests and the simulated benchmark. */
export function memoryStore(data: HistoryData = emptyHistory()): HistoryStore {
  let kept = structuredClone(data)
  return { load: () => structuredClone(kept), save: next => (kept = structuredClone(next)) }
}

/** Adds a sample under a key, keeping the newest samples per key and the most recently used keys. */
export function withSample(data: HistoryData, key: string, sample: DurationSample): HistoryData {
  const jobs = { ...data.jobs, [key]: [...(data.jobs[key] ?? []), sample].slice(-KEPT_SAMPLES) }
  const newest = (k: string) => Math.max(...jobs[k].map(s => s.at))
  const keys = Object.keys(jobs)
    .sort((a, b) => newest(b) - newest(a))
    .slice(0, KEPT_KEYS)
  return { version: 1, jobs: Object.fromEntries(keys.map(k => [k, jobs[k]])) }
}

/** What a wait needs from the history: the prediction, when the job started, and where to report its end. */
export interface WaitPlan<T> {
  startedAt: number
  estimate?: Estimate
  onDone: (value: T, end: EndBracket) => void
}

export interface JobHistoryDeps {
  clock: Clock
  log: Logger
  store?: HistoryStore
}

/** The history of one run: predicts and records the first job of each kind. */
export class JobHistory {
  private readonly seen = new Set<string>()

  constructor(
    private readonly deps: JobHistoryDeps,
    /** The key of each kind of job that has a history; other kinds are neither predicted nor recorded. */
    private readonly keys: Record<string, string>
  ) {}

  /**
   * The plan for a job that starts now: a prediction when there is one, and the recording of its end.
   * `lookup` tells how long the last such job took when the file does not know (the Build API, for builds).
   */
  async plan<T>(
    kind: string,
    succeeded: (value: T) => boolean,
    lookup?: () => Promise<number | undefined>
  ): Promise<WaitPlan<T>> {
    const startedAt = this.deps.clock.now()
    const key = this.keys[kind]
    if (!key || this.seen.has(kind)) return { startedAt, onDone: () => {} }
    this.seen.add(kind)
    const estimate = await this.estimate(kind, key, lookup)
    if (estimate) {
      const from =
        estimate.source === 'the Build API' ? 'the newest package' : `${estimate.samples} earlier run(s)`
      this.deps.log.info(
        `The ${kind} should take about ${seconds(estimate.expectedMs)} (± ${seconds(estimate.spreadMs)}, from ${from}); polling sparsely until shortly before.`
      )
    }
    return {
      startedAt,
      estimate,
      onDone: (value, end) => {
        if (succeeded(value))
          this.record(key, { at: this.deps.clock.now(), afterMs: end.afterMs, byMs: end.byMs })
      }
    }
  }

  private async estimate(
    kind: string,
    key: string,
    lookup?: () => Promise<number | undefined>
  ): Promise<Estimate | undefined> {
    const { store, log } = this.deps
    try {
      const fromRuns = store ? estimateDuration(store.load().jobs[key] ?? []) : undefined
      if (fromRuns) return { ...fromRuns, source: 'earlier runs' }
      if (!lookup) return undefined
      const ms = await lookup()
      const fromApi = ms === undefined ? undefined : estimateDuration([{ at: 0, afterMs: ms, byMs: ms }])
      return fromApi && { ...fromApi, source: 'the Build API' }
    } catch (error) {
      log.debug(`No prediction for the ${kind}: ${messageOf(error)}`)
      return undefined
    }
  }

  private record(key: string, sample: DurationSample): void {
    const { store, log } = this.deps
    if (!store) return
    try {
      store.save(withSample(store.load(), key, sample))
    } catch (error) {
      log.debug(`Could not keep the job's duration: ${messageOf(error)}`)
    }
  }
}

/** Whether a Private Cloud job ended well: only those durations predict the next. */
export function jobFinished(job: { status: string; error?: unknown }): boolean {
  return job.status === 'finished' && !job.error
}

/** What the history needs from a run's settings: which API, app and environment the jobs belong to. */
export interface RunHistorySettings {
  apiUrl: string
  target?: string
  appId?: string
  environment?: string
  namespace?: string
}

/**
 * The job keys of a run: builds per app; per environment, Private Cloud deploys and Mendix Cloud starts (the
 * slow half of a Mendix Cloud deploy); all per API.
 */
export function historyKeys(settings: RunHistorySettings): Record<string, string> {
  const { apiUrl, appId, environment, namespace } = settings
  if (!appId) return {}
  const api = apiUrl.replace(/\/+$/, '')
  const build = `build ${api} ${appId}`
  if (!environment) return { build }
  return settings.target === 'mendix-cloud'
    ? { build, start: `start ${api} ${appId} ${environment}` }
    : { build, deploy: `deploy ${api} ${appId} ${namespace ?? '-'} ${environment}` }
}

/**
 * The history a run keeps: the file under the runner's temporary folder (`runnerTemp`, RUNNER_TEMP; none
 * without it), keyed by the run's app and environment. Made once per run, by `main`.
 */
export function runHistory(
  settings: RunHistorySettings,
  deps: { clock: Clock; log: Logger },
  runnerTemp: string | undefined
): JobHistory {
  const store = runnerTemp
    ? fileStore(join(runnerTemp, 'mendix-deploy-action', 'job-history.json'))
    : undefined
  return new JobHistory({ ...deps, store }, historyKeys(settings))
}

/** What a wait needs to plan with the run's history: the history, if the run keeps one, and a Build API. */
export interface PlanDeps {
  clock: Clock
  history?: JobHistory
  /** The Private Cloud Build API, to ask how long the newest package took when the file knows no build. */
  build?: PackageReader
}

/** The plan for a job of this kind that starts now: from the run's history, or a plain wait without one. */
export function planJob<T>(
  deps: PlanDeps,
  kind: string | undefined,
  succeeded: (value: T) => boolean
): Promise<WaitPlan<T>> {
  const { clock, history, build } = deps
  if (!history || !kind) return Promise.resolve({ startedAt: clock.now(), onDone: () => {} })
  const lookup =
    kind === 'build' && build ? () => newestBuildMs(build, Deadline.after(clock, LOOKUP_MS)) : undefined
  return history.plan(kind, succeeded, lookup)
}
