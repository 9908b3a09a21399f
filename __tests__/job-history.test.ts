/** The job history (issue 14): the estimator, the file, the Build API reader and the plan a wait gets from them. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SEED, startEmulator } from '../emulator/index.js'
import { Deadline, Timeout } from '../src/deadline.js'
import {
  actionsTransport,
  MendixHttp,
  patCredentials,
  type ApiResponse,
  type RequestOptions
} from '../src/http.js'
import { BuildApi } from '../src/private-cloud/build-api.js'
import {
  JobHistory,
  MIN_SPREAD,
  PRIOR_SPREAD,
  estimateDuration,
  fileStore,
  historyKeys,
  jobFinished,
  memoryStore,
  newestBuildMs,
  parseHistory,
  pipelineStart,
  planJob,
  runHistory,
  withSample,
  type DurationSample,
  type HistoryData
} from '../src/job-history.js'
import type { Logger } from '../src/logger.js'
import { JobWaiter, type JobWaiterDeps } from '../src/private-cloud/job-waiter.js'
import type { Job, JobRef, JobsClient } from '../src/private-cloud/jobs.js'
import { Progress } from '../src/progress.js'
import { FakeClock } from './support/fake-clock.js'

const quiet: Logger = { info: () => {}, warning: () => {}, debug: () => {}, group: (_n, fn) => fn() }

function recorder(): Logger & { lines: string[] } {
  const lines: string[] = []
  return { ...quiet, lines, info: m => lines.push(m), debug: m => lines.push(`debug: ${m}`) }
}

/** A sample that ended exactly at `ms`, recorded at `at`. */
const exact = (ms: number, at = 0): DurationSample => ({ at, afterMs: ms, byMs: ms })

const KEYS = historyKeys({ apiUrl: 'https://pc.example.com/api/v4', appId: 'app', environment: 'test' })

describe('estimateDuration', () => {
  it('has nothing to say without samples, or from jobs too short to predict', () => {
    expect(estimateDuration([])).toBeUndefined()
    expect(estimateDuration([exact(0), exact(1500)])).toBeUndefined()
  })

  it('takes one sample at the middle of its bracket, with an assumed spread of 5%', () => {
    const estimate = estimateDuration([{ at: 1, afterMs: 29_000, byMs: 31_000 }])!
    expect(estimate.expectedMs).toBe(30_000)
    expect(estimate.spreadMs).toBeGreaterThanOrEqual(PRIOR_SPREAD * 30_000)
    expect(estimate.samples).toBe(1)
  })

  it('learns the spread from three samples or more, but never below 2%', () => {
    const alike = estimateDuration([exact(300_000, 1), exact(300_000, 2), exact(300_000, 3)])!
    expect(alike.expectedMs).toBe(300_000)
    expect(alike.spreadMs).toBe(MIN_SPREAD * 300_000)
    const apart = estimateDuration([exact(270_000, 1), exact(300_000, 2), exact(330_000, 3)])!
    // The samples' spread, widened by how far a median of three may itself be off.
    expect(apart.spreadMs).toBeCloseTo(1.4826 * 30_000 * Math.sqrt(1 + Math.PI / 6), -2)
  })

  it('predicts a wider spread from few samples than from many alike ones', () => {
    const spreadOf = (n: number) =>
      estimateDuration(Array.from({ length: n }, (_, i) => exact([270_000, 300_000, 330_000][i % 3], i)))!
        .spreadMs
    expect(spreadOf(3)).toBeGreaterThan(spreadOf(9))
  })

  it('is not thrown by one slow outlier', () => {
    const samples = [300, 302, 298, 301, 450].map((s, i) => exact(s * 1000, i))
    const estimate = estimateDuration(samples)!
    expect(estimate.expectedMs).toBe(301_000)
    expect(estimate.spreadMs).toBeLessThan(0.03 * 301_000)
  })

  it('uses the newest ten samples and skips malformed ones', () => {
    const old = Array.from({ length: 10 }, (_, i) => exact(100_000, i))
    const recent = Array.from({ length: 10 }, (_, i) => exact(200_000, 100 + i))
    const broken = [{ at: 200, afterMs: 5000, byMs: 4000 }, { at: 201, afterMs: -1, byMs: 9000 }, {}]
    const estimate = estimateDuration([...old, ...recent, ...(broken as DurationSample[])])!
    expect(estimate.expectedMs).toBe(200_000)
    expect(estimate.samples).toBe(10)
  })

  it('widens the spread by how coarse the brackets were', () => {
    const coarse = [1, 2, 3].map(i => ({ at: i, afterMs: 280_000, byMs: 320_000 }))
    expect(estimateDuration(coarse)!.spreadMs).toBeCloseTo(40_000 / Math.sqrt(12), -1)
  })
})

describe('pipelineStart', () => {
  it("reads the spec's form and the emulator's", () => {
    expect(
      pipelineStart(
        'Pipeline created at 2023-02-17T15:01:19Z [teamserver-discovery] 2023-02-17T15:01:24.551071428Z Project: x'
      )
    ).toBe(Date.parse('2023-02-17T15:01:19Z'))
    expect(
      pipelineStart('2026-11-22T10:00:00.250Z Pipeline created\n2026-11-22T10:00:01.000Z [checkout]')
    ).toBe(Date.parse('2026-11-22T10:00:00.250Z'))
  })

  it('has nothing to say about a log without that line', () => {
    expect(pipelineStart('[mxbuild] Starting build...\n2026-11-22T10:00:00Z done')).toBeUndefined()
    expect(pipelineStart('')).toBeUndefined()
  })
})

describe('the history file', () => {
  const folder = () => mkdtempSync(join(tmpdir(), 'job-history-'))

  it('keeps samples across stores on the same path, and reads a missing file as empty', () => {
    const path = join(folder(), 'nested', 'job-history.json')
    expect(fileStore(path).load()).toEqual({ version: 1, jobs: {} })
    fileStore(path).save(withSample(fileStore(path).load(), KEYS.build, exact(30_000, 5)))
    expect(fileStore(path).load().jobs[KEYS.build]).toEqual([exact(30_000, 5)])
  })

  it('reads a file that is not ours, or too large, as empty, and keeps only well-formed samples', () => {
    expect(parseHistory('not json')).toEqual({ version: 1, jobs: {} })
    expect(parseHistory('{"jobs": [1, 2]}')).toEqual({ version: 1, jobs: {} })
    expect(parseHistory(JSON.stringify({ jobs: { k: [exact(9000), { at: 'x' }], j: 'no' } }))).toEqual({
      version: 1,
      jobs: { k: [exact(9000)] }
    })
    const path = join(folder(), 'job-history.json')
    writeFileSync(path, JSON.stringify({ jobs: { k: [exact(9000)] }, pad: 'x'.repeat(300_000) }))
    expect(fileStore(path).load()).toEqual({ version: 1, jobs: {} })
  })

  it('keeps the newest ten samples per job and the fifty most recently used jobs', () => {
    let data: HistoryData = { version: 1, jobs: {} }
    for (let i = 0; i < 12; i++) data = withSample(data, 'k', exact(10_000 + i, i))
    expect(data.jobs.k.map(s => s.at)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
    for (let i = 0; i < 60; i++) data = withSample(data, `key ${i}`, exact(10_000, 100 + i))
    expect(Object.keys(data.jobs)).toHaveLength(50)
    expect(data.jobs['key 59']).toBeDefined()
    expect(data.jobs['key 0']).toBeUndefined()
  })
})

describe('newestBuildMs', () => {
  /** A BuildApi whose requests are answered from fixed bodies: the package list, and the package GET. */
  function fakeApi(list: unknown, pkg: unknown) {
    const paths: string[] = []
    const http = {
      request: async <T>(options: RequestOptions): Promise<ApiResponse<T>> => {
        paths.push(options.path)
        const body = options.path.includes('?log=true') ? pkg : list
        return { status: 200, headers: {}, body: body as T }
      }
    }
    return { build: new BuildApi(http as unknown as MendixHttp, 'app'), paths }
  }

  const logged = {
    package: {
      createdOn: '2026-11-22T10:05:30Z',
      buildLog: 'Pipeline created at 2026-11-22T10:00:00Z\n[mxbuild] Build succeeded'
    }
  }

  it('costs two requests on its own: the newest package, then its log, whose pipeline start is taken from createdOn', async () => {
    const api = fakeApi({ packages: [{ id: 'd6f1b2a4-3c5e-4f7a-9b8d-1e2c3a4b5d6f' }] }, logged)
    expect(await newestBuildMs(api.build, Deadline.none())).toBe(330_000)
    expect(api.paths).toEqual([
      '/apps/app/packages?offset=0&limit=1',
      '/apps/app/packages/d6f1b2a4-3c5e-4f7a-9b8d-1e2c3a4b5d6f?log=true'
    ])
  })

  it('costs one request after the reuse check listed the packages, and takes the newest of them', async () => {
    const api = fakeApi(
      {
        packages: [
          { id: 'older', createdOn: '2026-11-20T08:00:00Z' },
          { id: 'newest', createdOn: '2026-11-22T10:05:30Z' }
        ]
      },
      logged
    )
    await api.build.allPackages(Deadline.none())
    const listed = api.paths.length
    expect(await newestBuildMs(api.build, Deadline.none())).toBe(330_000)
    expect(api.paths.slice(listed)).toEqual(['/apps/app/packages/newest?log=true'])
  })

  it('has nothing to say when there is no package, no log, or no plausible duration', async () => {
    expect(await newestBuildMs(fakeApi({ packages: [] }, {}).build, Deadline.none())).toBeUndefined()
    const noLog = fakeApi({ packages: [{ id: 'p1' }] }, { package: { createdOn: '2026-11-22T10:05:30Z' } })
    expect(await newestBuildMs(noLog.build, Deadline.none())).toBeUndefined()
    const zero = fakeApi(
      { packages: [{ id: 'p1' }] },
      { package: { createdOn: '2026-11-22T10:00:00Z', buildLog: 'Pipeline created at 2026-11-22T10:00:00Z' } }
    )
    expect(await newestBuildMs(zero.build, Deadline.none())).toBeUndefined()
  })

  it("reads the emulator's packages: the seeded ones are placeholders, a build it ran has its real duration", async () => {
    let now = Date.parse('2026-11-22T10:00:00Z')
    const emulator = await startEmulator({
      now: () => now,
      durations: { buildMs: 90_000, deployMs: 1000, otherMs: 100 }
    })
    const transport = actionsTransport()
    const http = new MendixHttp({
      baseUrl: emulator.url,
      credentials: patCredentials(emulator.token),
      clock: new FakeClock(),
      transport
    })
    const read = { method: 'GET' as const, retry: 'never' as const, action: 'test', scope: 's' }
    try {
      expect(await newestBuildMs(new BuildApi(http, SEED.appId), Deadline.none())).toBeUndefined()
      const job = await http.request<{ id: string }>({
        ...read,
        method: 'POST',
        path: `/apps/${SEED.appId}/packages/build`,
        body: { branch: 'main', revision: SEED.revisions[2] }
      })
      now += 95_000
      await http.request({ ...read, path: `/jobs/${job.body.id}` })
      const before = emulator.traffic.length
      expect(await newestBuildMs(new BuildApi(http, SEED.appId), Deadline.none())).toBe(90_000)
      expect(emulator.traffic.slice(before).map(t => t.operation)).toEqual(['listPackages', 'getPackage'])
    } finally {
      transport.dispose()
      await emulator.close()
    }
  })
})

describe('JobHistory', () => {
  it('predicts the first job of each kind in a run from earlier runs, and records how it ended', async () => {
    const clock = new FakeClock()
    const store = memoryStore()
    store.save(withSample(store.load(), KEYS.build, exact(240_000, 1)))
    const log = recorder()
    const history = new JobHistory({ clock, log, store }, KEYS)
    const plan = await history.plan<Job>('build', jobFinished)
    expect(plan.estimate).toMatchObject({ expectedMs: 240_000, samples: 1, source: 'earlier runs' })
    expect(log.lines[0]).toContain('The build should take about 240.0s')
    plan.onDone({ id: 'b', status: 'finished' }, { afterMs: 249_000, byMs: 250_000, polls: 9 })
    expect(store.load().jobs[KEYS.build].map(s => s.byMs)).toEqual([240_000, 250_000])

    const again = await history.plan<Job>('build', jobFinished)
    expect(again.estimate).toBeUndefined()
    again.onDone({ id: 'b2', status: 'finished' }, { afterMs: 1, byMs: 2, polls: 1 })
    expect(store.load().jobs[KEYS.build]).toHaveLength(2)
  })

  it('keeps no duration of a job that failed, and none of a kind without a key', async () => {
    const store = memoryStore()
    const history = new JobHistory({ clock: new FakeClock(), log: quiet, store }, KEYS)
    const deploy = await history.plan<Job>('deploy', jobFinished)
    deploy.onDone({ id: 'd', status: 'failed' }, { afterMs: 9000, byMs: 9500, polls: 3 })
    const upload = await history.plan<Job>('upload', jobFinished)
    upload.onDone({ id: 'u', status: 'finished' }, { afterMs: 9000, byMs: 9500, polls: 3 })
    expect(store.load().jobs).toEqual({})
  })

  it('looks up only what the file does not know, and never fails the wait over it', async () => {
    let asked = 0
    const fromApi = async () => {
      asked++
      return 300_000
    }
    const empty = new JobHistory({ clock: new FakeClock(), log: quiet, store: memoryStore() }, KEYS)
    expect((await empty.plan('build', () => true, fromApi)).estimate).toMatchObject({
      expectedMs: 300_000,
      source: 'the Build API'
    })
    expect(asked).toBe(1)

    const known = memoryStore()
    known.save(withSample(known.load(), KEYS.build, exact(200_000, 1)))
    const fromFile = new JobHistory({ clock: new FakeClock(), log: quiet, store: known }, KEYS)
    expect((await fromFile.plan('build', () => true, fromApi)).estimate?.expectedMs).toBe(200_000)
    expect(asked).toBe(1)

    const log = recorder()
    const failing = new JobHistory({ clock: new FakeClock(), log }, KEYS)
    const refused = async () => {
      throw new Error('Could not read the newest package: 403')
    }
    expect((await failing.plan('build', () => true, refused)).estimate).toBeUndefined()
    expect(log.lines).toEqual(['debug: No prediction for the build: Could not read the newest package: 403'])
  })

  it('asks the Build API for builds only, and only when the wait has one', async () => {
    const paths: string[] = []
    const http = {
      request: async <T>(options: RequestOptions): Promise<ApiResponse<T>> => {
        paths.push(options.path)
        return { status: 200, headers: {}, body: { packages: [] } as T }
      }
    }
    const build = new BuildApi(http as unknown as MendixHttp, 'app')
    const clock = new FakeClock()
    const history = () => new JobHistory({ clock, log: quiet, store: memoryStore() }, KEYS)
    await planJob({ clock, history: history(), build }, 'deploy', () => true)
    await planJob({ clock, history: history() }, 'build', () => true)
    expect(paths).toEqual([])
    await planJob({ clock, history: history(), build }, 'build', () => true)
    expect(paths).toEqual(['/apps/app/packages?offset=0&limit=1'])
  })

  it('keys builds per app and deploys or starts per environment, per API', () => {
    expect(
      historyKeys({ apiUrl: 'https://a/api/v4/', appId: 'x', environment: 'test', namespace: 'ns' })
    ).toEqual({
      build: 'build https://a/api/v4 x',
      deploy: 'deploy https://a/api/v4 x ns test'
    })
    expect(
      historyKeys({ apiUrl: 'https://d', target: 'mendix-cloud', appId: 'x', environment: 'Test' })
    ).toEqual({
      build: 'build https://d x',
      start: 'start https://d x Test'
    })
    expect(historyKeys({ apiUrl: 'https://a' })).toEqual({})
  })

  it('plans a plain wait without a history or a kind', async () => {
    const clock = new FakeClock()
    const store = memoryStore()
    store.save(withSample(store.load(), KEYS.build, exact(200_000, 1)))
    const history = new JobHistory({ clock, log: quiet, store }, KEYS)
    expect((await planJob({ clock }, 'build', () => true)).estimate).toBeUndefined()
    expect((await planJob({ clock, history }, undefined, () => true)).estimate).toBeUndefined()
    expect((await planJob({ clock, history }, 'build', () => true)).estimate?.expectedMs).toBe(200_000)
  })

  it("keeps a run's history in RUNNER_TEMP, and none without it", async () => {
    const settings = { apiUrl: 'https://a', appId: 'x', environment: 'test' }
    const folder = mkdtempSync(join(tmpdir(), 'job-history-'))
    const clock = new FakeClock()
    const kept = runHistory(settings, { clock, log: quiet }, folder)
    const plan = await kept.plan('build', () => true)
    plan.onDone(true, { afterMs: 59_000, byMs: 61_000, polls: 4 })
    const file = JSON.parse(readFileSync(join(folder, 'mendix-deploy-action', 'job-history.json'), 'utf8'))
    expect(file.jobs[historyKeys(settings).build]).toEqual([
      { at: clock.time, afterMs: 59_000, byMs: 61_000 }
    ])
    const next = await runHistory(settings, { clock, log: quiet }, folder).plan('build', () => true)
    expect(next.estimate?.expectedMs).toBe(60_000)

    const unkept = runHistory(settings, { clock, log: quiet }, undefined)
    ;(await unkept.plan('build', () => true)).onDone(true, { afterMs: 59_000, byMs: 61_000, polls: 4 })
    expect(
      (await runHistory(settings, { clock, log: quiet }, undefined).plan('build', () => true)).estimate
    ).toBeUndefined()
  })
})

describe('JobWaiter with a history', () => {
  it('polls a build sparsely up to its predicted end, and records it for the next run', async () => {
    const clock = new FakeClock()
    const store = memoryStore()
    for (let i = 0; i < 3; i++) store.save(withSample(store.load(), KEYS.build, exact(300_000 + 1000 * i, i)))
    const startedAt = clock.time
    let polls = 0
    const jobs = {
      get: async (ref: JobRef): Promise<Job> => {
        polls++
        return clock.time - startedAt >= 301_000
          ? { id: ref.id, status: 'finished', packageId: 'p' }
          : { id: ref.id, status: 'running' }
      }
    } as unknown as JobsClient
    const deps: JobWaiterDeps & { history: JobHistory } = {
      jobs,
      clock,
      timeout: new Timeout(clock, 60),
      log: quiet,
      progress: new Progress(() => {}),
      history: new JobHistory({ clock, log: quiet, store }, KEYS)
    }
    const job = await new JobWaiter(deps, {
      apiUrl: 'https://pc.example.com/api/v4',
      timeoutMinutes: 60
    }).wait('build', { id: 'b1' }, 'scope')
    expect(job.status).toBe('finished')
    expect(polls).toBeLessThanOrEqual(30)
    expect(clock.time - startedAt - 301_000).toBeLessThanOrEqual(1000)
    const kept = store.load().jobs[KEYS.build]
    expect(kept).toHaveLength(4)
    expect(kept[3].afterMs).toBeLessThan(301_000)
    expect(kept[3].byMs).toBeGreaterThanOrEqual(301_000)
  })

  it('leaves the file alone when it cannot be written', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'job-history-'))
    const path = join(folder, 'job-history.json')
    writeFileSync(path, '{}')
    const blocked = fileStore(join(path, 'below-a-file.json'))
    const log = recorder()
    const history = new JobHistory({ clock: new FakeClock(), log, store: blocked }, KEYS)
    const plan = await history.plan<Job>('build', jobFinished)
    plan.onDone({ id: 'b', status: 'finished' }, { afterMs: 9000, byMs: 9500, polls: 3 })
    expect(log.lines.some(l => l.startsWith("debug: Could not keep the job's duration"))).toBe(true)
    expect(readFileSync(path, 'utf8')).toBe('{}')
  })
})
