/**
 * `npm run bench`: the action against today's scripts, as a frontier of overhead against requests, in two profiles.
 * - Live: the bundled action and two reference pollers (`sleep 10`, `sleep 30`) against the local emulator, a build
 *   of about 30 s and a deploy of about 10 s (±15% per repetition, the same for every contender). Per repetition the
 *   action runs five times on one emulator (after an unmeasured dry run that warms the emulator up), with one
 *   history folder (RUNNER_TEMP) kept between runs: the first run has no history (today's schedule), the next three
 *   have the history of one, two and three earlier runs, and a fifth, with an empty folder, has only what the Build
 *   API tells of the newest package. The emulator's job times are fixed per repetition, so history from earlier
 *   runs is exact there: the best case. Spread is the simulated profile's business.
 * - Simulated (bench/simulate.ts): the real wait code on a virtual clock, builds of 4–8 min and deploys of 2–4 min
 *   with spread and outliers.
 * Besides: peak RSS while the action reads an answer just under the body cap (MAX_BODY_BYTES), start-up time against a bare
 * node, and the bundle's size. Prints tables and the targets, and writes bench/results.json. Targets are checked
 * here, never in timed tests.
 *
 * Options: --build-seconds 30 --deploy-seconds 10 --reps 3 --spread 0.05 --seed 14 (the simulated jobs), and --only with a comma-separated list of
 * parts (startup, live, simulated, memory, bundle): `npm run bench -- --only memory,simulated` runs those alone and
 * replaces only their entries in bench/results.json (its `measured` says when each part was measured).
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { SEED, startEmulator, type Emulator, type TrafficEntry } from '../emulator/index.js'
import { ACTION_ENTRY, ROOT, runAction } from '../scripts/run-action.js'
import { MAX_BODY_BYTES } from '../src/transport.js'
import { DEFAULT_SCHEDULE, pollDelay } from '../src/wait.js'
import { DEFAULT_SIMULATION, simulate, type ContenderSummary } from './simulate.js'

const { values } = parseArgs({
  options: {
    'build-seconds': { type: 'string', default: '30' },
    'deploy-seconds': { type: 'string', default: '10' },
    reps: { type: 'string', default: '3' },
    spread: { type: 'string', default: String(DEFAULT_SIMULATION.spread) },
    seed: { type: 'string', default: String(DEFAULT_SIMULATION.seed) },
    only: { type: 'string' }
  }
})
const BUILD_MS = Number(values['build-seconds']) * 1000
const DEPLOY_MS = Number(values['deploy-seconds']) * 1000
const REPS = Number(values.reps)
const SPREAD = Number(values.spread)
const SIMULATION = { ...DEFAULT_SIMULATION, spread: SPREAD, seed: Number(values.seed) }
const HEAD = SEED.revisions[SEED.revisions.length - 1]

/** The action's runs in one repetition, in order, by the history each had. */
const ACTION_RUNS = [
  { name: 'action, without history (today)', freshHistory: false },
  { name: 'action, history of 1 earlier run', freshHistory: false },
  { name: 'action, history of 2 earlier runs', freshHistory: false },
  { name: 'action, with history (3 earlier runs)', freshHistory: false },
  { name: 'action, Build API history only', freshHistory: true }
]
const WITH_HISTORY = 'action, with history (3 earlier runs)'
const WITHOUT_HISTORY = 'action, without history (today)'

interface JobSeen {
  polls: number
  /** How late the end was noticed, in seconds. */
  noticedAfter: number
}

interface Sample {
  wallSeconds: number
  serverSeconds: number
  requests: number
  /** Requests made only to predict: the Build API look-up (one package, then its log). */
  predictionRequests: number
  jobPolls: number
  jobs: { build?: JobSeen; deploy?: JobSeen }
  startupSeconds?: number
  exitSeconds?: number
  peakRssMb?: number
}

/** Job durations for one repetition: within ±15% of the nominal ones, the same for every contender. */
/** The pods' start after a deploy job, which the readiness wait waits out: a fifth of the deploy job's time. */
const ROLLOUT_SHARE = 0.2

function durationsFor(rep: number): { buildMs: number; deployMs: number; rolloutMs: number } {
  const jitter = (n: number) =>
    0.85 + ((0.3 * (((Math.sin(rep * 12.9898 + n * 78.233) * 43758.5453) % 1) + 1)) % 1)
  const deployMs = Math.round(DEPLOY_MS * jitter(2))
  return {
    buildMs: Math.round(BUILD_MS * jitter(1)),
    deployMs,
    rolloutMs: Math.round(deployMs * ROLLOUT_SHARE)
  }
}

/** Peak resident memory of a process, from Linux's VmHWM, sampled until it exits. */
function watchPeakRss(pid: number): () => number | undefined {
  let peakKb: number | undefined
  const timer = setInterval(() => {
    try {
      const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
      if (match) peakKb = Math.max(peakKb ?? 0, Number(match[1]))
    } catch {
      clearInterval(timer)
    }
  }, 25)
  return () => {
    clearInterval(timer)
    return peakKb === undefined ? undefined : peakKb / 1024
  }
}

/** What the emulator saw of one run: its requests and jobs, from the traffic and jobs that were new. */
function measure(
  emulator: Emulator,
  rolloutMs: number,
  trafficFrom: number,
  jobsBefore: Set<string>,
  wallSeconds: number
): Sample {
  const traffic = emulator.traffic.slice(trafficFrom)
  const jobs = [...emulator.state.jobs.values()].filter(j => !jobsBefore.has(j.id))
  let serverMs = 0
  const seen: Sample['jobs'] = {}
  for (const job of jobs) {
    if (job.kind !== 'build' && job.kind !== 'deploy') continue
    // A deploy is done when its pods run: the rollout after the job is the server's time too.
    serverMs += job.endsAt - job.createdAt + (job.kind === 'deploy' ? rolloutMs : 0)
    const polls = traffic.filter((t: TrafficEntry) => t.operation === 'getJob' && t.path.endsWith(job.id))
    const first = polls.find(t => t.epochMs >= job.endsAt)
    seen[job.kind] = { polls: polls.length, noticedAfter: first ? (first.epochMs - job.endsAt) / 1000 : 0 }
  }
  return {
    wallSeconds,
    serverSeconds: serverMs / 1000,
    requests: traffic.length,
    predictionRequests: traffic.filter(
      t => t.operation === 'getPackage' || (t.operation === 'listPackages' && t.query.limit === '1')
    ).length,
    jobPolls: traffic.filter(t => t.operation === 'getJob').length,
    jobs: seen
  }
}

/** One repetition of the action: five runs on one emulator, sharing one history folder but the last. */
async function actionRepetition(rep: number): Promise<Record<string, Sample>> {
  const emulator = await startEmulator({ durations: { ...durationsFor(rep), otherMs: 500 } })
  const kept = mkdtempSync(join(tmpdir(), 'bench-history-'))
  const samples: Record<string, Sample> = {}
  const inputs = {
    token: emulator.token,
    appId: SEED.appId,
    branch: 'main',
    revision: HEAD,
    environment: 'test'
  }
  try {
    // A dry run first, unmeasured: the emulator's first answers are slow, and no measured run should pay for that.
    await runAction({ inputs: { ...inputs, apiUrl: emulator.url, dryRun: 'true' } })
    for (const [index, run] of ACTION_RUNS.entries()) {
      const runnerTemp = run.freshHistory ? mkdtempSync(join(tmpdir(), 'bench-history-')) : kept
      const trafficFrom = emulator.traffic.length
      const jobsBefore = new Set(emulator.state.jobs.keys())
      let spawnedAt = 0
      let peak: (() => number | undefined) | undefined
      const result = await runAction({
        // A version per run, so that no run reuses the package of the one before: every run builds and deploys.
        inputs: { ...inputs, version: `1.0.${index + 1}`, apiUrl: emulator.url },
        env: { RUNNER_TEMP: runnerTemp },
        onSpawn: (pid, at) => {
          spawnedAt = at
          peak = watchPeakRss(pid)
        }
      })
      if (run.freshHistory) rmSync(runnerTemp, { recursive: true, force: true })
      if (result.exitCode !== 0)
        throw new Error(`${run.name} failed (${result.exitCode}):\n${result.stdout}\n${result.stderr}`)
      const sample = measure(
        emulator,
        durationsFor(rep).rolloutMs,
        trafficFrom,
        jobsBefore,
        result.durationMs / 1000
      )
      const traffic = emulator.traffic.slice(trafficFrom)
      sample.startupSeconds = (traffic[0].epochMs - spawnedAt) / 1000
      sample.exitSeconds = (spawnedAt + result.durationMs - traffic[traffic.length - 1].epochMs) / 1000
      sample.peakRssMb = peak?.()
      samples[run.name] = sample
    }
  } finally {
    rmSync(kept, { recursive: true, force: true })
    await emulator.close()
  }
  return samples
}

/** A reference poller (`sleep N` between polls) on its own emulator. */
async function referenceRun(sleepSeconds: number, rep: number): Promise<Sample> {
  const emulator = await startEmulator({ durations: { ...durationsFor(rep), otherMs: 500 } })
  try {
    const started = Date.now()
    let peak: (() => number | undefined) | undefined
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [
        join(ROOT, 'bench', 'reference-poller.mjs'),
        emulator.url,
        emulator.token,
        SEED.appId,
        SEED.namespaceId,
        SEED.environments.test.id,
        'main',
        HEAD,
        String(sleepSeconds)
      ])
      peak = watchPeakRss(child.pid!)
      child.on('close', code =>
        code === 0 ? resolve() : reject(new Error(`sleep ${sleepSeconds} exited ${code}`))
      )
    })
    const sample = measure(emulator, durationsFor(rep).rolloutMs, 0, new Set(), (Date.now() - started) / 1000)
    sample.peakRssMb = peak?.()
    return sample
  } finally {
    await emulator.close()
  }
}

/** Process start to the first request the emulator sees, for the action; start to exit for a bare node. */
async function startupMs(): Promise<{ action: number; node: number }> {
  const emulator = await startEmulator()
  const action: number[] = []
  const node: number[] = []
  try {
    for (let i = 0; i < 7; i++) {
      let spawnedAt = 0
      const before = emulator.traffic.length
      await runAction({
        inputs: {
          token: 'not-a-known-token',
          appId: SEED.appId,
          branch: 'main',
          revision: HEAD,
          environment: 'test',
          apiUrl: emulator.url
        },
        onSpawn: (_pid, at) => (spawnedAt = at)
      })
      action.push(emulator.traffic[before].epochMs - spawnedAt)
      const start = Date.now()
      await new Promise(resolve => spawn(process.execPath, ['-e', '']).on('close', resolve))
      node.push(Date.now() - start)
    }
  } finally {
    await emulator.close()
  }
  return { action: median(action), node: median(node) }
}

/**
 * Peak RSS of a whole run whose environment list answer is just under the body cap (the real list, padded with
 * one long field to MAX_BODY_BYTES less 4 KiB), beside the same run with the plain answer.
 */
async function bodyCapRss(): Promise<{ answerBytes: number; peakRssMb: number; plainPeakRssMb: number }> {
  const peakOf = async (padTo?: number): Promise<{ peakRssMb: number; answerBytes: number }> => {
    const emulator = await startEmulator({ durations: { buildMs: 1200, deployMs: 700, otherMs: 300 } })
    try {
      let answerBytes = 0
      if (padTo) {
        const list = await fetch(`${emulator.url}/apps/${SEED.appId}/environments`, {
          headers: { Authorization: `MxToken ${emulator.token}` }
        })
        const body = (await list.json()) as Record<string, unknown>
        const bare = Buffer.byteLength(JSON.stringify({ ...body, padding: '' }))
        const padded = JSON.stringify({ ...body, padding: 'x'.repeat(padTo - bare) })
        answerBytes = Buffer.byteLength(padded)
        emulator.control.inject({
          operation: 'listEnvironments',
          fault: { kind: 'replace-body', body: padded, contentType: 'application/json' }
        })
      }
      let peak: (() => number | undefined) | undefined
      const result = await runAction({
        inputs: {
          token: emulator.token,
          appId: SEED.appId,
          branch: 'main',
          revision: HEAD,
          environment: 'test',
          apiUrl: emulator.url
        },
        onSpawn: pid => (peak = watchPeakRss(pid))
      })
      if (result.exitCode !== 0) throw new Error(`the body-cap run failed:\n${result.stdout}`)
      return { peakRssMb: peak?.() ?? NaN, answerBytes }
    } finally {
      await emulator.close()
    }
  }
  const plain = await peakOf()
  const capped = await peakOf(MAX_BODY_BYTES - 4096)
  return {
    answerBytes: capped.answerBytes,
    peakRssMb: round(capped.peakRssMb, 1),
    plainPeakRssMb: round(plain.peakRssMb, 1)
  }
}

/** Polls today's schedule makes over a job of this length (the schedule is deterministic). */
function pollsOver(jobMs: number): number {
  let polls = 0
  for (let t = 0; t < jobMs; t += pollDelay(DEFAULT_SCHEDULE, t)) polls++
  return polls + 1
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

const round = (n: number, digits = 2) => Number(n.toFixed(digits))

/** The medians of one contender's samples. */
function liveRow(name: string, s: Sample[]) {
  const med = (f: (x: Sample) => number | undefined) => {
    const xs = s.map(f).filter((x): x is number => x !== undefined)
    return xs.length ? median(xs) : undefined
  }
  const server = med(x => x.serverSeconds)!
  const overhead = med(x => x.wallSeconds - x.serverSeconds)!
  const job = (kind: 'build' | 'deploy') => ({
    polls: med(x => x.jobs[kind]?.polls)!,
    noticedAfterSeconds: round(med(x => x.jobs[kind]?.noticedAfter)!)
  })
  const rss = med(x => x.peakRssMb)
  const startup = med(x => x.startupSeconds)
  const exit = med(x => x.exitSeconds)
  return {
    name,
    wallSeconds: round(med(x => x.wallSeconds)!),
    serverSeconds: round(server),
    overheadSeconds: round(overhead),
    overheadRatio: round(overhead / server, 4),
    requests: med(x => x.requests)!,
    predictionRequests: med(x => x.predictionRequests)!,
    jobPolls: med(x => x.jobPolls)!,
    build: job('build'),
    deploy: job('deploy'),
    startupSeconds: startup === undefined ? null : round(startup),
    exitSeconds: exit === undefined ? null : round(exit),
    peakRssMb: rss === undefined ? null : round(rss, 1)
  }
}

function simulatedTable(title: string, contenders: ContenderSummary[]): void {
  console.log(`\n${title}`)
  console.log(
    '| contender | lateness per job: median / mean / p90 s | polls per job | s of job per poll | build: polls, median late s | deploy: polls, median late s |'
  )
  console.log('|---|---|---|---|---|---|')
  for (const c of contenders) {
    const b = c.byKind.build
    const d = c.byKind.deploy
    console.log(
      `| ${c.name} | ${c.lateness.median} / ${c.lateness.mean} / ${c.lateness.p90} | ${c.pollsPerJob} | ${c.jobSecondsPerPoll} | ${b.pollsPerJob}, ${b.medianLateness} | ${d.pollsPerJob}, ${d.medianLateness} |`
    )
  }
}

/** The parts of the benchmark, each runnable alone with `--only`. */
const PARTS = ['startup', 'live', 'simulated', 'memory', 'bundle'] as const
type Part = (typeof PARTS)[number]

/** What a run of the benchmark writes; a partial run (`--only`) replaces only the parts it ran. */
interface Results {
  /** When each part was last measured: a partial run leaves the others as they were. */
  measured?: Partial<Record<Part, string>>
  live?: { profile: string; runs: ReturnType<typeof liveRow>[] }
  simulated?: Awaited<ReturnType<typeof simulate>>
  simulatedWideSpread?: Awaited<ReturnType<typeof simulate>>
  bodyCap?: Awaited<ReturnType<typeof bodyCapRss>>
  longJobWithoutHistory?: { seconds: number; polls: number }
  startupMs?: { action: number; node: number }
  bundleBytes?: number
  checks?: Array<{ target: string; met: boolean }>
}

/** The issue's request count for the live profile before predictions (today's schedule, no look-up). */
const TODAY_REQUESTS = 90

async function runLive(): Promise<NonNullable<Results['live']>> {
  // The reference pollers spend their time asleep, so they all run at once, each on its own emulator, started
  // a moment after the action; the action's runs go one after another, so their start-ups never collide.
  const references: Record<string, Sample[]> = { 'sleep 10': [], 'sleep 30': [] }
  const referenceRuns = new Promise<void>(resolve => setTimeout(resolve, 2000)).then(() =>
    Promise.all(
      [10, 30].flatMap(sleep =>
        Array.from({ length: REPS }, async (_, rep) =>
          references[`sleep ${sleep}`].push(await referenceRun(sleep, rep))
        )
      )
    )
  )
  const actions: Record<string, Sample[]> = Object.fromEntries(ACTION_RUNS.map(r => [r.name, []]))
  for (let rep = 0; rep < REPS; rep++) {
    const samples = await actionRepetition(rep)
    for (const [name, sample] of Object.entries(samples)) actions[name].push(sample)
    console.log(`  action repetition ${rep + 1}/${REPS} done`)
  }
  await referenceRuns
  return {
    profile: `build ≈${BUILD_MS / 1000} s, deploy ≈${DEPLOY_MS / 1000} s (±15% per repetition), ${REPS} repetitions, medians`,
    runs: [
      ...ACTION_RUNS.map(r => liveRow(r.name, actions[r.name])),
      liveRow('reference poller, sleep 10', references['sleep 10']),
      liveRow('reference poller, sleep 30', references['sleep 30'])
    ]
  }
}

function printLive(live: NonNullable<Results['live']>): void {
  console.log(
    `\nLive profile (${live.profile}; overhead = wall time less the time the server spent on the jobs)`
  )
  console.log(
    '| run | overhead s | requests | of which to predict | server s | build: polls, noticed after s | deploy: polls, noticed after s | peak RSS MB |'
  )
  console.log('|---|---|---|---|---|---|---|---|')
  for (const r of live.runs) {
    console.log(
      `| ${r.name} | ${r.overheadSeconds} | ${r.requests} | ${r.predictionRequests} | ${r.serverSeconds} | ${r.build.polls}, ${r.build.noticedAfterSeconds} | ${r.deploy.polls}, ${r.deploy.noticedAfterSeconds} | ${r.peakRssMb ?? '-'} |`
    )
  }
  const withHistory = live.runs.find(r => r.name === WITH_HISTORY)
  if (withHistory)
    console.log(
      `With history, the overhead (medians): start-up ${withHistory.startupSeconds}s, build end noticed after ${withHistory.build.noticedAfterSeconds}s, ` +
        `deploy end noticed after ${withHistory.deploy.noticedAfterSeconds}s, last request to exit ${withHistory.exitSeconds}s`
    )
}

/** The issue's targets, for whichever parts the results hold. */
function checksOf(results: Results): Array<{ target: string; met: boolean }> {
  const checks: Array<{ target: string; met: boolean }> = []
  const withHistory = results.live?.runs.find(r => r.name === WITH_HISTORY)
  const withoutHistory = results.live?.runs.find(r => r.name === WITHOUT_HISTORY)
  if (withHistory) {
    const requestLimit = 8 + withHistory.serverSeconds / 3
    checks.push(
      {
        target: `live, with history: overhead ${withHistory.overheadSeconds} s <= 1 s`,
        met: withHistory.overheadSeconds <= 1
      },
      {
        target: `live, with history: ${withHistory.requests} requests <= 8 + server seconds / 3 = ${requestLimit.toFixed(1)}`,
        met: withHistory.requests <= requestLimit
      }
    )
  }
  if (withoutHistory) {
    checks.push(
      {
        target: `live, without history: overhead ${withoutHistory.overheadSeconds} s <= max(1 s, 3% of server time) as before`,
        met: withoutHistory.overheadSeconds <= Math.max(1, 0.03 * withoutHistory.serverSeconds)
      },
      {
        target: `live, without history: ${withoutHistory.requests} requests <= ${TODAY_REQUESTS}, today's (look-up included)`,
        met: withoutHistory.requests <= TODAY_REQUESTS
      }
    )
  }
  const simulatedAction = results.simulated?.contenders[0]
  if (simulatedAction) {
    checks.push(
      {
        target: `simulated, with history: mean lateness per job ${simulatedAction.lateness.mean} s <= 1 s (median ${simulatedAction.lateness.median} s)`,
        met: simulatedAction.lateness.mean <= 1
      },
      {
        target: `simulated, with history: one poll per ${simulatedAction.jobSecondsPerPoll} s of job time >= 10 s`,
        met: simulatedAction.jobSecondsPerPoll >= 10
      }
    )
  }
  const startup = results.startupMs
  if (startup) {
    checks.push({
      target: `start-up ${startup.action} ms <= 1.5 x bare node (${(1.5 * startup.node).toFixed(0)} ms)`,
      met: startup.action <= 1.5 * startup.node
    })
  }
  if (results.bodyCap) {
    checks.push({
      target: `peak RSS at the body cap ${results.bodyCap.peakRssMb} MB < 80 MB`,
      met: results.bodyCap.peakRssMb < 80
    })
  }
  if (results.bundleBytes !== undefined) {
    checks.push({
      target: `bundle ${results.bundleBytes} bytes < 1.5 MB`,
      met: results.bundleBytes < 1.5 * 1024 * 1024
    })
  }
  return checks
}

async function main(): Promise<void> {
  const only = values.only?.split(',').map(p => p.trim())
  const unknown = only?.filter(p => !(PARTS as readonly string[]).includes(p)) ?? []
  if (unknown.length > 0)
    throw new Error(`--only: unknown part(s) ${unknown.join(', ')}; the parts are ${PARTS.join(', ')}`)
  const parts = new Set<Part>((only as Part[] | undefined) ?? PARTS)
  const resultsFile = join(ROOT, 'bench', 'results.json')
  // A partial run keeps what the file holds for the parts it does not run.
  const results: Results =
    only && existsSync(resultsFile) ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as Results) : {}
  const measured = (part: Part) =>
    (results.measured = { ...results.measured, [part]: new Date().toISOString() })
  console.log(
    `Benchmark (${[...parts].join(', ')}): live, build ≈${BUILD_MS / 1000}s, deploy ≈${DEPLOY_MS / 1000}s (±15% per repetition), ` +
      `${REPS} repetitions; simulated, spread ${SPREAD * 100}%`
  )

  if (parts.has('startup')) {
    const startup = await startupMs()
    results.startupMs = { action: round(startup.action, 0), node: round(startup.node, 0) }
    measured('startup')
  }
  if (parts.has('live')) {
    results.live = await runLive()
    measured('live')
  }
  if (parts.has('simulated')) {
    results.simulated = await simulate(SIMULATION)
    results.simulatedWideSpread = await simulate({ ...SIMULATION, spread: SPREAD * 2 })
    results.longJobWithoutHistory = { seconds: 600, polls: pollsOver(600_000) }
    measured('simulated')
  }
  if (parts.has('memory')) {
    results.bodyCap = await bodyCapRss()
    measured('memory')
  }
  if (parts.has('bundle')) {
    results.bundleBytes = statSync(ACTION_ENTRY).size
    measured('bundle')
  }

  if (parts.has('live') && results.live) printLive(results.live)
  if (
    parts.has('simulated') &&
    results.simulated &&
    results.simulatedWideSpread &&
    results.longJobWithoutHistory
  ) {
    simulatedTable(`Simulated profile: ${results.simulated.profile}`, results.simulated.contenders)
    simulatedTable(
      `The same with twice the spread (${SPREAD * 200}%)`,
      results.simulatedWideSpread.contenders
    )
    const { polls } = results.longJobWithoutHistory
    console.log(
      `Without history, over a 10-minute job the action polls ${polls} times: one poll every ${(600 / polls).toFixed(1)} s`
    )
  }
  if (parts.has('memory') && results.bodyCap) {
    const cap = results.bodyCap
    console.log(
      `\nPeak RSS reading a ${(cap.answerBytes / 1024 / 1024).toFixed(2)} MiB answer (cap ${MAX_BODY_BYTES / 1024 / 1024} MiB): ` +
        `${cap.peakRssMb} MB; the same run with the plain answer: ${cap.plainPeakRssMb} MB`
    )
  }
  if (parts.has('startup') && results.startupMs)
    console.log(
      `Start-up to first request: action ${results.startupMs.action} ms; bare \`node -e ''\` ${results.startupMs.node} ms`
    )
  if (parts.has('bundle') && results.bundleBytes !== undefined)
    console.log(`Bundle: dist/index.js ${(results.bundleBytes / 1024 / 1024).toFixed(2)} MB`)

  results.checks = checksOf(results)
  console.log(`\nTargets${only ? ' (parts not run this time: as last measured, see "measured")' : ''}:`)
  for (const { target, met } of results.checks) console.log(`  ${met ? 'met    ' : 'MISSED '} ${target}`)
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`)
  console.log(`\nWrote bench/results.json${only ? ` (replaced: ${[...parts].join(', ')})` : ''}`)
}

main().catch(error => {
  console.error(error)
  process.exit(1)
})
