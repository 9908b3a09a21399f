/** Package retention (src/private-cloud/retention.ts): which packages go, and how a deletion that fails is told. */
import { Timeout } from '../src/deadline.js'
import { CancelledError } from '../src/errors.js'
import { ApiError } from '../src/http.js'
import type { Logger } from '../src/logger.js'
import type { PackageSummary } from '../src/private-cloud/build-api.js'
import { JobWaiter } from '../src/private-cloud/job-waiter.js'
import type { Job, JobRef, JobsClient } from '../src/private-cloud/jobs.js'
import type { Manifest } from '../src/private-cloud/manifest.js'
import { planRetention, prunePackages, type RetentionDeps } from '../src/private-cloud/retention.js'
import { Progress } from '../src/progress.js'
import { FakeClock } from './support/fake-clock.js'

const pkg = (id: string, createdOn?: string): PackageSummary => ({ id, createdOn })
const ids = (packages: PackageSummary[]) => packages.map(p => p.id)

describe('planRetention', () => {
  const deployed = pkg('ours', '2026-10-14T08:30:00.000Z')

  it('keeps the newest `keep` of all packages, in use or not, and never deletes one in use or ours', () => {
    const packages = [
      pkg('old-1', '2026-01-01T00:00:00Z'),
      deployed,
      pkg('in-use', '2026-02-01T00:00:00Z'),
      pkg('old-2', '2026-03-01T00:00:00Z'),
      pkg('old-3', '2026-04-01T00:00:00Z')
    ]
    const plan = planRetention(packages, 2, 'ours', new Set(['ours', 'in-use', undefined]))
    // Newest first: ours, old-3 (kept: the newest 2), old-2, in-use (never), old-1.
    expect(ids(plan.doomed)).toEqual(['old-2', 'old-1'])
    expect(plan.keptNewer).toEqual([])
    expect(plan.refusal).toBeUndefined()
  })

  it('never deletes a package created at or after ours, however many there are beyond `keep`', () => {
    const packages = [
      pkg('old', '2026-01-01T00:00:00Z'),
      deployed,
      pkg('parallel-1', '2026-10-14T08:31:00Z'),
      pkg('parallel-2', '2026-10-14T08:32:00Z'),
      pkg('same-moment', '2026-10-14T08:30:00Z')
    ]
    const plan = planRetention(packages, 1, 'ours', new Set(['ours']))
    expect(ids(plan.doomed)).toEqual(['old'])
    expect(ids(plan.keptNewer).sort()).toEqual(['parallel-1', 'same-moment'])
  })

  it('compares dates as instants, not as strings (fractions of a second, offsets)', () => {
    // As strings both sort before ours ("." and "+" are below "Z"), though neither is older.
    const packages = [
      pkg('ours', '2026-10-14T08:30:00Z'),
      pkg('half-a-second-later', '2026-10-14T08:30:00.500Z'),
      pkg('same-instant-in-cest', '2026-10-14T10:30:00+02:00'),
      pkg('an-hour-earlier', '2026-10-14T09:30:00+02:00')
    ]
    const plan = planRetention(packages, 0, 'ours', new Set(['ours']))
    expect(ids(plan.doomed)).toEqual(['an-hour-earlier'])
    expect(ids(plan.keptNewer).sort()).toEqual(['half-a-second-later', 'same-instant-in-cest'])
  })

  it('never deletes a package without a readable date', () => {
    const packages = [
      deployed,
      pkg('undated'),
      pkg('garbled', 'last Tuesday'),
      pkg('old', '2026-01-01T00:00:00Z')
    ]
    const plan = planRetention(packages, 0, 'ours', new Set(['ours']))
    expect(ids(plan.doomed)).toEqual(['old'])
    expect(ids(plan.keptNewer).sort()).toEqual(['garbled', 'undated'])
  })

  it('deletes nothing when our package is missing from the list or has no date, saying why', () => {
    const old = pkg('old', '2026-01-01T00:00:00Z')
    const missing = planRetention([old], 0, 'ours', new Set())
    expect(missing.doomed).toEqual([])
    expect(missing.refusal).toContain('Package ours, which this run deployed')
    expect(missing.refusal).toContain('it is not in the package list; no package was deleted.')
    const undated = planRetention([old, pkg('ours')], 0, 'ours', new Set())
    expect(undated.doomed).toEqual([])
    expect(undated.refusal).toContain('its creation date (null) cannot be read')
  })
})

/** A fake Build and Deploy API, the real job waiter over fake jobs, a fake clock, and a recording log. */
function setup(packages: PackageSummary[], jobs: Record<string, Job[]> = {}, signal?: AbortSignal) {
  const clock = new FakeClock()
  const warnings: string[] = []
  const infos: string[] = []
  const log: Logger = {
    info: m => infos.push(m),
    warning: m => warnings.push(m),
    debug: () => {},
    group: (_name, fn) => fn()
  }
  const outputs: Record<string, string> = {}
  const progress = new Progress((name, value) => (outputs[name] = value))
  const timeout = new Timeout(clock, 1)
  const deletes: string[] = []
  const build = {
    allPackages: async () => packages,
    deletePackage: async (id: string): Promise<JobRef> => {
      deletes.push(id)
      return { id: `job-${id}` }
    }
  }
  const deploy = {
    listEnvironments: async (): Promise<Manifest[]> => [
      { manifestVersion: '2.0.0', environment: { id: 'e', deployment: { packageId: 'ours' } } }
    ]
  }
  const jobsClient = {
    // Each job answers its script in turn, then its last answer for ever; unscripted jobs finish at once.
    get: async (ref: JobRef): Promise<Job> => {
      const script = jobs[ref.id] ?? [{ id: ref.id, status: 'finished' }]
      return script.length > 1 ? script.shift()! : script[0]
    }
  }
  const stepDeps = { clock, timeout, log, progress, signal }
  const waiter = new JobWaiter(
    { ...stepDeps, jobs: jobsClient as unknown as JobsClient },
    { apiUrl: 'https://api.example', timeoutMinutes: 1 }
  )
  const deps: RetentionDeps = { ...stepDeps, build, deploy, waiter }
  return { deps, build, deploy, clock, warnings, infos, outputs, progress, deletes }
}

const OURS = pkg('ours', '2026-10-14T08:30:00Z')
const OLD = [pkg('old-2', '2026-02-01T00:00:00Z'), pkg('old-1', '2026-01-01T00:00:00Z')]

describe('prunePackages', () => {
  it('counts a deletion only when its job finished, and warns about a job that failed', async () => {
    const t = setup([OURS, ...OLD], {
      'job-old-2': [
        { id: 'job-old-2', status: 'running' },
        { id: 'job-old-2', status: 'failed', error: { code: 400, message: 'Package locked' } }
      ]
    })
    const result = await prunePackages(t.deps, 1, 'ours')
    expect(t.deletes).toEqual(['old-2', 'old-1'])
    expect(ids(result.deleted)).toEqual(['old-1'])
    expect(t.outputs.deletedPackages).toBe('1')
    expect(t.warnings).toEqual([
      'Package old-2 (created 2026-02-01T00:00:00Z) was not deleted: its delete job job-old-2 failed: Package locked'
    ])
    expect(t.infos).toContain(
      'Retention: deleted 1 package(s), 1 not deleted; kept the newest 1, those in use, and those not older than package ours.'
    )
    expect(t.progress.sections).toEqual([
      {
        title: 'Package retention (keepPackages: 1)',
        lines: [
          'Deleted (1):',
          '  old-1 (created 2026-01-01T00:00:00Z)',
          'Not deleted (1):',
          '  old-2 (created 2026-02-01T00:00:00Z): its delete job job-old-2 failed: Package locked'
        ]
      }
    ])
  })

  it('gives up on a job still running at the step deadline with a warning, and does not throw', async () => {
    const t = setup([OURS, OLD[0]], { 'job-old-2': [{ id: 'job-old-2', status: 'running' }] })
    const result = await prunePackages(t.deps, 1, 'ours')
    expect(result.deleted).toEqual([])
    expect(t.outputs.deletedPackages).toBe('0')
    expect(t.warnings).toHaveLength(1)
    expect(t.warnings[0]).toMatch(
      /^Package old-2 .* was not deleted: Gave up waiting for the delete job job-old-2 after 60\.0s \(timeoutMinutes: 1\)/
    )
    // The job may still finish: a later failure or cancel of the step would still say it runs.
    expect([...t.progress.runningJobs.keys()]).toEqual(['job-old-2'])
  })

  it('sends no deletion once the step has reached its deadline', async () => {
    const t = setup([OURS, ...OLD])
    t.clock.time += 61_000
    const result = await prunePackages(t.deps, 1, 'ours')
    expect(t.deletes).toEqual([])
    expect(result.notDeleted.map(n => n.why)).toEqual([
      'not requested: the step reached its deadline (timeoutMinutes) first.',
      'not requested: the step reached its deadline (timeoutMinutes) first.'
    ])
    expect(t.outputs.deletedPackages).toBe('0')
  })

  it('warns and deletes nothing when the packages cannot be listed', async () => {
    const t = setup([OURS, ...OLD])
    t.build.allPackages = async () => {
      throw new ApiError('Could not list the deployment packages: GET x answered 403: Forbidden.', {
        method: 'GET',
        url: 'x',
        status: 403,
        outcomeUnknown: false
      })
    }
    await prunePackages(t.deps, 1, 'ours')
    expect(t.deletes).toEqual([])
    expect(t.warnings).toEqual([
      'Could not list the packages and environments, so no package was deleted: Could not list the deployment packages: GET x answered 403: Forbidden.'
    ])
    expect(t.outputs.deletedPackages).toBe('0')
  })

  it('says a refused request may still have acted when its outcome is unknown, and goes on', async () => {
    const t = setup([OURS, ...OLD])
    const send = t.build.deletePackage
    t.build.deletePackage = async id => {
      if (id === 'old-2') {
        throw new ApiError('Could not delete package old-2: DELETE x answered 500.', {
          method: 'DELETE',
          url: 'x',
          status: 500,
          outcomeUnknown: true
        })
      }
      return send(id)
    }
    const result = await prunePackages(t.deps, 1, 'ours')
    expect(ids(result.deleted)).toEqual(['old-1'])
    expect(t.warnings).toEqual([
      'Package old-2 (created 2026-02-01T00:00:00Z) was not deleted: Could not delete package old-2: DELETE x answered 500. (The service may have acted on it: see the package list.)'
    ])
  })

  it('lets a cancel through, during a request or a wait', async () => {
    const during = setup([OURS, ...OLD])
    during.build.deletePackage = async () => {
      throw new CancelledError()
    }
    await expect(prunePackages(during.deps, 1, 'ours')).rejects.toBeInstanceOf(CancelledError)
    expect(during.warnings).toEqual([])

    const controller = new AbortController()
    const waiting = setup(
      [OURS, ...OLD],
      { 'job-old-2': [{ id: 'job-old-2', status: 'running' }] },
      controller.signal
    )
    // The runner's signal arrives while the first delete job is waited for.
    const sleep = waiting.clock.sleep
    waiting.clock.sleep = async (ms, signal) => {
      controller.abort()
      return sleep(ms, signal)
    }
    await expect(prunePackages(waiting.deps, 1, 'ours')).rejects.toBeInstanceOf(CancelledError)
    expect(waiting.outputs.deletedPackages).toBeUndefined()
  })
})
