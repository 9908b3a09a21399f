/**
 * `npm run bench`: the action against today's scripts, on the local emulator with fixed job durations.
 * Prints a table and writes bench/results.json. Targets are checked here, never in timed tests.
 *
 * Options: --build-seconds 30 --deploy-seconds 10 --reps 3
 */
import { spawn } from 'node:child_process'
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { SEED, startEmulator, type Emulator } from '../emulator/index.js'
import { ACTION_ENTRY, ROOT, runAction } from '../scripts/run-action.js'
import { DEFAULT_SCHEDULE, pollDelay } from '../src/wait.js'

const { values } = parseArgs({
  options: {
    'build-seconds': { type: 'string', default: '30' },
    'deploy-seconds': { type: 'string', default: '10' },
    reps: { type: 'string', default: '3' }
  }
})
const BUILD_MS = Number(values['build-seconds']) * 1000
const DEPLOY_MS = Number(values['deploy-seconds']) * 1000
const REPS = Number(values.reps)
const HEAD = SEED.revisions[SEED.revisions.length - 1]

/** Where the action's overhead goes, in seconds. */
interface Breakdown {
  startup: number
  buildNotice: number
  deployNotice: number
  exit: number
}

interface Sample {
  breakdown?: Breakdown
  wallSeconds: number
  serverSeconds: number
  requests: number
  jobPolls: number
  peakRssMb?: number
}

/** Job durations for one repetition: within ±15% of the nominal ones, the same for every contender. */
function durationsFor(rep: number): { buildMs: number; deployMs: number } {
  const jitter = (n: number) =>
    0.85 + ((0.3 * (((Math.sin(rep * 12.9898 + n * 78.233) * 43758.5453) % 1) + 1)) % 1)
  return { buildMs: Math.round(BUILD_MS * jitter(1)), deployMs: Math.round(DEPLOY_MS * jitter(2)) }
}

/** Time the server spent on the build and deploy jobs of a run. */
function serverSeconds(emulator: Emulator): number {
  let ms = 0
  for (const job of emulator.state.jobs.values())
    if (job.kind === 'build' || job.kind === 'deploy') ms += job.endsAt - job.createdAt
  return ms / 1000
}

/** How late each job's end was noticed, and the time before the first and after the last request. */
function breakdownOf(emulator: Emulator, spawnedAt: number, exitedAt: number): Breakdown {
  const traffic = emulator.traffic
  const noticeOf = (kind: string): number => {
    const job = [...emulator.state.jobs.values()].find(j => j.kind === kind)
    if (!job) return 0
    const seen = traffic.find(
      t => t.operation === 'getJob' && t.path.endsWith(job.id) && t.epochMs >= job.endsAt
    )
    return seen ? (seen.epochMs - job.endsAt) / 1000 : 0
  }
  return {
    startup: (traffic[0].epochMs - spawnedAt) / 1000,
    buildNotice: noticeOf('build'),
    deployNotice: noticeOf('deploy'),
    exit: (exitedAt - traffic[traffic.length - 1].epochMs) / 1000
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

async function runContender(name: string, rep: number): Promise<Sample> {
  const emulator = await startEmulator({ durations: { ...durationsFor(rep), otherMs: 500 } })
  try {
    const started = Date.now()
    let peak: (() => number | undefined) | undefined
    let breakdown: Breakdown | undefined
    if (name === 'action') {
      let spawnedAt = 0
      const result = await runAction({
        inputs: {
          token: emulator.token,
          appId: SEED.appId,
          branch: 'main',
          revision: HEAD,
          environment: 'test',
          apiUrl: emulator.url
        },
        onSpawn: (pid, at) => {
          spawnedAt = at
          peak = watchPeakRss(pid)
        }
      })
      if (result.exitCode !== 0) throw new Error(`the action failed:\n${result.stdout}`)
      breakdown = breakdownOf(emulator, spawnedAt, spawnedAt + result.durationMs)
    } else {
      const sleep = name.replace('sleep-', '')
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
          sleep
        ])
        peak = watchPeakRss(child.pid!)
        child.on('close', code => (code === 0 ? resolve() : reject(new Error(`${name} exited ${code}`))))
      })
    }
    const wallSeconds = (Date.now() - started) / 1000
    return {
      breakdown,
      wallSeconds,
      serverSeconds: serverSeconds(emulator),
      requests: emulator.traffic.length,
      jobPolls: emulator.traffic.filter(t => t.operation === 'getJob').length,
      peakRssMb: peak?.()
    }
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

/** Polls the action's schedule makes over a job of this length (the schedule is deterministic). */
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

async function main(): Promise<void> {
  const contenders = ['action', 'sleep-10', 'sleep-30']
  console.log(
    `Benchmark: build ≈${BUILD_MS / 1000}s, deploy ≈${DEPLOY_MS / 1000}s (±15% per repetition), ${REPS} repetitions, reference pollers in parallel`
  )
  const startup = await startupMs()
  // The reference pollers spend their time asleep, so they all run at once, each on its own emulator, started
  // a moment after the action; the action's repetitions run one after another, so their start-ups never collide.
  const samples: Record<string, Sample[]> = Object.fromEntries(contenders.map(c => [c, []]))
  const references = contenders
    .filter(name => name !== 'action')
    .flatMap(name => Array.from({ length: REPS }, (_, rep) => ({ name, rep })))
  const referenceRuns = new Promise<void>(resolve => setTimeout(resolve, 2000)).then(() =>
    Promise.all(references.map(async ({ name, rep }) => samples[name].push(await runContender(name, rep))))
  )
  for (let rep = 0; rep < REPS; rep++) {
    samples.action.push(await runContender('action', rep))
    console.log(`  action repetition ${rep + 1}/${REPS} done`)
  }
  await referenceRuns
  const runs = contenders.map(name => {
    const s = samples[name]
    const wall = median(s.map(x => x.wallSeconds))
    const server = median(s.map(x => x.serverSeconds))
    const overhead = median(s.map(x => x.wallSeconds - x.serverSeconds))
    const rss = s.map(x => x.peakRssMb).filter((x): x is number => x !== undefined)
    return {
      name: name === 'action' ? 'action' : `reference poller, sleep ${name.replace('sleep-', '')}`,
      wallSeconds: round(wall),
      serverSeconds: round(server),
      overheadSeconds: round(overhead),
      overheadRatio: round(overhead / server, 4),
      requests: median(s.map(x => x.requests)),
      secondsPerJobPoll: round(median(s.map(x => x.serverSeconds / Math.max(1, x.jobPolls)))),
      peakRssMb: rss.length ? round(median(rss), 1) : null
    }
  })
  const bundleBytes = statSync(ACTION_ENTRY).size
  const longJobPolls = pollsOver(600_000)
  const results = {
    runs,
    longJob: { seconds: 600, polls: longJobPolls },
    startupMs: { action: round(startup.action, 0), node: round(startup.node, 0) },
    bundleBytes
  }
  writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`)

  console.log(
    '\n| run | wall s | server s | overhead s | overhead % | requests | s per job poll | peak RSS MB |'
  )
  console.log('|---|---|---|---|---|---|---|---|')
  for (const r of runs) {
    console.log(
      `| ${r.name} | ${r.wallSeconds} | ${r.serverSeconds} | ${r.overheadSeconds} | ${(r.overheadRatio * 100).toFixed(1)} | ${r.requests} | ${r.secondsPerJobPoll} | ${r.peakRssMb ?? '-'} |`
    )
  }
  const parts = samples.action.map(sample => sample.breakdown!)
  const part = (key: keyof Breakdown) => round(median(parts.map(p => p[key])))
  console.log(
    `\nThe action's overhead (medians): start-up ${part('startup')}s, build end noticed after ${part('buildNotice')}s, ` +
      `deploy end noticed after ${part('deployNotice')}s, last request to exit ${part('exit')}s`
  )
  console.log(
    `Start-up to first request: action ${results.startupMs.action} ms; bare \`node -e ''\` ${results.startupMs.node} ms`
  )
  console.log(
    `Over a 10-minute job the action polls ${longJobPolls} times: one poll every ${(600 / longJobPolls).toFixed(1)} s`
  )
  console.log(`Bundle: dist/index.js ${(bundleBytes / 1024 / 1024).toFixed(2)} MB`)

  const action = runs[0]
  const allowed = Math.max(1, 0.03 * action.serverSeconds)
  const checks: Array<[string, boolean]> = [
    [
      `overhead ${action.overheadSeconds}s <= max(1 s, 3% of server time) = ${allowed.toFixed(2)}s`,
      action.overheadSeconds <= allowed
    ],
    [
      `start-up ${results.startupMs.action} ms <= 1.5 x bare node (${(1.5 * results.startupMs.node).toFixed(0)} ms)`,
      results.startupMs.action <= 1.5 * results.startupMs.node
    ],
    [
      `one job poll every ${(600 / longJobPolls).toFixed(1)} s >= 3 s over a long job`,
      600 / longJobPolls >= 3
    ],
    [`peak RSS ${action.peakRssMb} MB < 80 MB`, (action.peakRssMb ?? Infinity) < 80],
    [`bundle ${bundleBytes} bytes < 1.5 MB`, bundleBytes < 1.5 * 1024 * 1024]
  ]
  console.log('\nTargets:')
  for (const [text, ok] of checks) console.log(`  ${ok ? 'met    ' : 'MISSED '} ${text}`)
  console.log('\nWrote bench/results.json')
}

main().catch(error => {
  console.error(error)
  process.exit(1)
})
