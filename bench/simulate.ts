/**
 * The simulated realistic profile: the action's real wait code (JobWaiter, waitUntil and the job history) on a
 * virtual clock, over many runs of many apps whose builds take 4–8 minutes and deploys 2–4 minutes.
 *
 * Each app has a typical build and deploy time, drawn uniformly from those ranges. Each run's job takes the
 * typical time times a log-normal spread (`spread`, 5% by default), and one job in twenty is a slow outlier,
 * 20–50% longer (a busy builder, a cold cache). Every contender sees the same jobs:
 * - the action with history: a history file (in memory) per app, as the action keeps it; runs after the first;
 * - the action without history: today's schedule, every run;
 * - `sleep N` scripts: sleep N seconds, then poll, until the job has ended.
 *
 * Run alone: `npx tsx bench/simulate.ts [--spread 0.05] [--seed 14]`.
 */
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { Timeout } from '../src/deadline.js'
import { JobHistory, historyKeys, memoryStore, type HistoryStore } from '../src/job-history.js'
import type { Logger } from '../src/logger.js'
import { JobWaiter, type JobWaiterDeps } from '../src/private-cloud/job-waiter.js'
import type { Job, JobRef, JobsClient } from '../src/private-cloud/jobs.js'
import { Progress } from '../src/progress.js'
import { FakeClock } from '../__tests__/support/fake-clock.js'

export interface SimulationOptions {
  apps: number
  runs: number
  /** The log-normal spread of a job's time around its app's typical time. */
  spread: number
  seed: number
}

export const DEFAULT_SIMULATION: SimulationOptions = { apps: 24, runs: 20, spread: 0.05, seed: 14 }

/** One job as one contender saw it. */
interface Observed {
  kind: 'build' | 'deploy'
  durationMs: number
  polls: number
  lagMs: number
}

export interface ContenderSummary {
  name: string
  jobs: number
  /** Median, mean, 90th percentile and worst lateness per job, in seconds. */
  lateness: { median: number; mean: number; p90: number; max: number }
  pollsPerJob: number
  /** Seconds of job time per poll: 10 or more is at most one poll per 10 s. */
  jobSecondsPerPoll: number
  byKind: Record<string, { jobs: number; pollsPerJob: number; medianLateness: number; meanLateness: number }>
}

/** A small deterministic generator (mulberry32), so every bench run simulates the same jobs. */
function generator(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
}

const quiet: Logger = { info: () => {}, warning: () => {}, debug: () => {}, group: (_n, fn) => fn() }

/** Runs one job through the real JobWaiter on a virtual clock; how many polls it took and how late it was seen. */
async function waitOnce(
  kind: 'build' | 'deploy',
  durationMs: number,
  history: JobHistory | undefined,
  clock: FakeClock
): Promise<Observed> {
  const startedAt = clock.time
  let polls = 0
  const jobs = {
    get: async (ref: JobRef): Promise<Job> => {
      polls++
      return clock.time - startedAt >= durationMs
        ? { id: ref.id, status: 'finished', packageId: 'p' }
        : { id: ref.id, status: 'running' }
    }
  } as unknown as JobsClient
  const deps: JobWaiterDeps = {
    jobs,
    clock,
    timeout: new Timeout(clock, 60),
    log: quiet,
    progress: new Progress(() => {}),
    history
  }
  await new JobWaiter(deps, { apiUrl: 'https://simulated/api/v4', timeoutMinutes: 60 }).wait(
    kind,
    { id: 'j' },
    's'
  )
  return { kind, durationMs, polls, lagMs: clock.time - startedAt - durationMs }
}

/** A `sleep N` script: sleeps, then polls, until a poll sees the job ended. */
function sleepScript(kind: 'build' | 'deploy', durationMs: number, sleepMs: number): Observed {
  const polls = Math.max(1, Math.ceil(durationMs / sleepMs))
  return { kind, durationMs, polls, lagMs: polls * sleepMs - durationMs }
}

function summarise(name: string, observed: Observed[]): ContenderSummary {
  const lags = observed.map(o => o.lagMs / 1000).sort((a, b) => a - b)
  const at = (q: number) => lags[Math.min(lags.length - 1, Math.floor(q * lags.length))]
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b)
    const m = Math.floor(s.length / 2)
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
  }
  const r = (n: number, d = 2) => Number(n.toFixed(d))
  const polls = observed.reduce((a, o) => a + o.polls, 0)
  const jobSeconds = observed.reduce((a, o) => a + o.durationMs, 0) / 1000
  const byKind: ContenderSummary['byKind'] = {}
  for (const kind of ['build', 'deploy']) {
    const of = observed.filter(o => o.kind === kind)
    byKind[kind] = {
      jobs: of.length,
      pollsPerJob: r(mean(of.map(o => o.polls)), 1),
      medianLateness: r(median(of.map(o => o.lagMs / 1000))),
      meanLateness: r(mean(of.map(o => o.lagMs / 1000)))
    }
  }
  return {
    name,
    jobs: observed.length,
    lateness: {
      median: r(median(lags)),
      mean: r(mean(lags)),
      p90: r(at(0.9)),
      max: r(lags[lags.length - 1])
    },
    pollsPerJob: r(polls / observed.length, 1),
    jobSecondsPerPoll: r(jobSeconds / polls, 1),
    byKind
  }
}

/** Simulates every app's runs for every contender and summarises what each saw. */
export async function simulate(options: SimulationOptions = DEFAULT_SIMULATION): Promise<{
  profile: string
  contenders: ContenderSummary[]
}> {
  const random = generator(options.seed)
  const withHistory: Observed[] = []
  const withoutHistory: Observed[] = []
  const sleep10: Observed[] = []
  const sleep30: Observed[] = []
  for (let app = 0; app < options.apps; app++) {
    const typical = { build: (240 + 240 * random()) * 1000, deploy: (120 + 120 * random()) * 1000 }
    const store: HistoryStore = memoryStore()
    const settings = { apiUrl: 'https://simulated/api/v4', appId: `app-${app}`, environment: 'test' }
    // One clock per app, so that its runs follow one another in time as the history expects.
    const clock = new FakeClock()
    for (let run = 0; run < options.runs; run++) {
      clock.time += 3_600_000
      const history = new JobHistory({ clock, log: quiet, store }, historyKeys(settings))
      for (const kind of ['build', 'deploy'] as const) {
        const outlier = random() < 0.05 ? 1.2 + 0.3 * random() : 1
        const durationMs = Math.round(typical[kind] * Math.exp(options.spread * normal(random)) * outlier)
        const seen = await waitOnce(kind, durationMs, history, clock)
        if (run > 0) withHistory.push(seen)
        withoutHistory.push(await waitOnce(kind, durationMs, undefined, new FakeClock()))
        sleep10.push(sleepScript(kind, durationMs, 10_000))
        sleep30.push(sleepScript(kind, durationMs, 30_000))
      }
    }
  }
  return {
    profile:
      `${options.apps} apps x ${options.runs} runs; per app a typical build of 4-8 min and deploy of 2-4 min; ` +
      `per job a log-normal spread of ${(options.spread * 100).toFixed(0)}% and a 1-in-20 chance of a 20-50% slower outlier; seed ${options.seed}`,
    contenders: [
      summarise('action, with history (runs 2 onwards)', withHistory),
      summarise('action, without history (today)', withoutHistory),
      summarise('sleep 10', sleep10),
      summarise('sleep 30', sleep30)
    ]
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { spread: { type: 'string', default: '0.05' }, seed: { type: 'string', default: '14' } }
  })
  const result = await simulate({
    ...DEFAULT_SIMULATION,
    spread: Number(values.spread),
    seed: Number(values.seed)
  })
  console.log(result.profile)
  for (const c of result.contenders) console.log(JSON.stringify(c))
}
