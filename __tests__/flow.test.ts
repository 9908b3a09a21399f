/** The Private Cloud flow with fake APIs: the decisions that matter when answers go missing. */
import { Timeout } from '../src/deadline.js'
import { JobError, VerificationError } from '../src/errors.js'
import { ApiError } from '../src/http.js'
import { readSettings, type PrivateCloudSettings } from '../src/inputs.js'
import type { Logger } from '../src/logger.js'
import type { BuildApi } from '../src/private-cloud/build-api.js'
import type { DeployApi } from '../src/private-cloud/deploy-api.js'
import { PrivateCloudFlow } from '../src/private-cloud/flow.js'
import type { Job, JobRef, JobsClient } from '../src/private-cloud/jobs.js'
import type { Manifest } from '../src/private-cloud/manifest.js'
import { Progress } from '../src/progress.js'
import { FakeClock } from './support/fake-clock.js'

const APP = '4b1ad3c2-7f0e-4d8a-9c55-2e6f1a8b9d70'
const OLD = 'old-package'
const NEW = 'new-package'

function manifest(packageId: string, state = 'Ready'): Manifest {
  return {
    manifestVersion: '2.0.0',
    environment: {
      id: 'env1',
      properties: { name: 'test', production: false },
      provider: { namespaceId: 'ns1', namespace: 'apps' },
      deployment: { packageId, appUrl: 'https://test.example.com', constants: [{ name: 'A', value: '1' }] },
      container: { state, instances: 1 },
      unknownToTheAction: { keep: true }
    }
  }
}

const unknownOutcome = () =>
  new ApiError('Could not update: PUT x got no answer (socket hang up).', {
    method: 'PUT',
    url: 'x',
    outcomeUnknown: true
  })

/** A fake Mendix: scripted manifest reads, recorded writes, jobs that finish on first look. */
function fakeMendix() {
  const calls: string[] = []
  const puts: Manifest[] = []
  const reads: Manifest[] = []
  let current = manifest(OLD)
  const jobs: Record<string, Job> = {
    b1: { id: 'b1', status: 'finished', packageId: NEW },
    d1: { id: 'd1', status: 'finished' }
  }
  const build = {
    startBuild: async (): Promise<JobRef> => {
      calls.push('build')
      return { id: 'b1' }
    },
    findPackageByMarker: async (marker: string) => {
      calls.push(`find ${marker}`)
      return undefined as { id: string } | undefined
    },
    allPackages: async () => []
  }
  const deploy = {
    listEnvironments: async () => {
      calls.push('list')
      return [manifest(OLD)]
    },
    getManifest: async () => {
      calls.push('get')
      return structuredClone(reads.shift() ?? current)
    },
    putManifest: async (_address: unknown, body: Manifest): Promise<JobRef> => {
      calls.push('put')
      puts.push(body)
      current = body
      return { id: 'd1' }
    }
  }
  const jobsClient = {
    get: async (ref: JobRef) => {
      calls.push(`job ${ref.id}`)
      return jobs[ref.id]
    }
  }
  return {
    calls,
    puts,
    reads,
    jobs,
    build,
    deploy,
    jobsClient,
    set current(m: Manifest) {
      current = m
    }
  }
}

const quietLog: Logger = { info: () => {}, warning: () => {}, debug: () => {}, group: (_name, fn) => fn() }

function flowFor(mendix: ReturnType<typeof fakeMendix>, extraInputs: Record<string, string> = {}) {
  const inputs: Record<string, string> = {
    token: 't',
    appId: APP,
    branch: 'main',
    revision: 'abc1234',
    environment: 'test',
    ...extraInputs
  }
  const settings = readSettings(n => inputs[n] ?? '', {
    repository: 'acme/app',
    sha: 'f00',
    ref: '',
    runId: '9',
    runAttempt: '1',
    serverUrl: 'https://github.com',
    workflow: 'w',
    runNumber: '7'
  }) as PrivateCloudSettings
  const outputs: Record<string, string> = {}
  const progress = new Progress((name, value) => (outputs[name] = value))
  const clock = new FakeClock()
  const flow = new PrivateCloudFlow(settings, {
    build: mendix.build as unknown as BuildApi,
    deploy: mendix.deploy as unknown as DeployApi,
    jobs: mendix.jobsClient as unknown as JobsClient,
    clock,
    timeout: new Timeout(clock, settings.timeoutMinutes),
    log: quietLog,
    progress
  })
  return { flow, outputs, progress, settings }
}

describe('PrivateCloudFlow', () => {
  it('sets the instances input in the same manifest update as the package, and nothing else', async () => {
    const mendix = fakeMendix()
    const { flow } = flowFor(mendix, { instances: '3' })
    await flow.run()
    const expected = manifest(OLD)
    const environment = expected.environment as {
      deployment: { packageId: string }
      container: { instances: number }
    }
    environment.deployment.packageId = NEW
    environment.container.instances = 3
    expect(mendix.puts).toEqual([expected])
  })

  it('builds, then PUTs the manifest it read with only the package id changed', async () => {
    const mendix = fakeMendix()
    const { flow, outputs } = flowFor(mendix)
    const result = await flow.run()
    expect(result.packageId).toBe(NEW)
    expect(mendix.calls.filter(c => c === 'build')).toHaveLength(1)
    const expected = manifest(OLD)
    ;(expected.environment as { deployment: { packageId: string } }).deployment.packageId = NEW
    expect(mendix.puts).toEqual([expected])
    expect(outputs).toMatchObject({
      packageId: NEW,
      previousPackageId: OLD,
      buildJobId: 'b1',
      deployJobId: 'd1',
      state: 'Ready'
    })
  })

  it('does not resend a PUT whose answer was lost but which took effect', async () => {
    const mendix = fakeMendix()
    mendix.deploy.putManifest = async (_a, body) => {
      mendix.calls.push('put')
      mendix.puts.push(body)
      mendix.current = body
      throw unknownOutcome()
    }
    // After the lost answer: first still processing, then settled on our package.
    const processing = manifest(OLD, 'Processing')
    mendix.reads.push(manifest(OLD), processing, manifest(NEW))
    const { flow, progress } = flowFor(mendix)
    await flow.run()
    expect(mendix.puts).toHaveLength(1)
    expect(progress.environmentChanged).toBe('yes')
  })

  it('resends a lost PUT built from a fresh read, never from the stale manifest', async () => {
    const mendix = fakeMendix()
    let attempts = 0
    const original = mendix.deploy.putManifest
    mendix.deploy.putManifest = async (a, body) => {
      if (attempts++ === 0) {
        mendix.calls.push('put-lost')
        throw unknownOutcome()
      }
      return original(a, body)
    }
    // Someone else changed a constant between our first read and the retry.
    const changedMeanwhile = manifest(OLD)
    ;(changedMeanwhile.environment as { deployment: { constants: unknown[] } }).deployment.constants = [
      { name: 'A', value: '2' }
    ]
    mendix.reads.push(manifest(OLD), changedMeanwhile)
    const { flow } = flowFor(mendix)
    await flow.run()
    expect(mendix.puts).toHaveLength(1)
    expect(
      (mendix.puts[0].environment as { deployment: { constants: unknown[] } }).deployment.constants
    ).toEqual([{ name: 'A', value: '2' }])
  })

  it('uses the package of this run when the build answer was lost and the package can be found', async () => {
    const mendix = fakeMendix()
    mendix.build.startBuild = async () => {
      mendix.calls.push('build')
      throw new ApiError('Could not start the build: no answer.', {
        method: 'POST',
        url: 'x',
        outcomeUnknown: true
      })
    }
    // Only the run's own marker finds it: the build identity (for reuse) does not.
    mendix.build.findPackageByMarker = async (marker: string) =>
      marker.startsWith('[gh-run') ? { id: NEW } : undefined
    const { flow, outputs } = flowFor(mendix)
    const result = await flow.run()
    expect(result.packageId).toBe(NEW)
    expect(outputs.packageId).toBe(NEW)
    expect(mendix.calls.filter(c => c === 'build')).toHaveLength(1)
  })

  it('stops without a second build when a lost build answer leaves no trace', async () => {
    const mendix = fakeMendix()
    mendix.build.startBuild = async () => {
      mendix.calls.push('build')
      throw new ApiError('Could not start the build: POST x got no answer (socket hang up).', {
        method: 'POST',
        url: 'x',
        outcomeUnknown: true
      })
    }
    const { flow } = flowFor(mendix)
    const error = (await flow.run().catch(e => e)) as JobError
    expect(error).toBeInstanceOf(JobError)
    expect(error.message).toMatch(/A build may have started .*"\[gh-run acme\/app#9\.1\]"/)
    expect(mendix.calls.filter(c => c === 'build')).toHaveLength(1)
    expect(mendix.calls).not.toContain('put')
  })

  it('treats a finished build without a package id as a failure', async () => {
    const mendix = fakeMendix()
    mendix.jobs.b1 = { id: 'b1', status: 'finished' }
    const { flow } = flowFor(mendix)
    await expect(flow.run()).rejects.toThrow(/failed \(job b1\): it finished without a package id/)
  })

  it('treats a job with an error as failed whatever its status', async () => {
    const mendix = fakeMendix()
    mendix.jobs.b1 = { id: 'b1', status: 'created', error: { message: 'Request validation errors' } }
    const { flow } = flowFor(mendix)
    await expect(flow.run()).rejects.toThrow(/Request validation errors/)
  })

  it('says so when another change replaced ours, once reads show it past the settle window', async () => {
    const mendix = fakeMendix()
    // Reads that lag a write are waited out first, so one read of another package is not enough.
    mendix.reads.push(manifest(OLD), ...Array.from({ length: 200 }, () => manifest('someone-elses')))
    const { flow } = flowFor(mendix)
    const error = await flow.run().catch(e => e)
    // Not a failed deploy of ours: a rollback would overwrite the other change.
    expect(error).not.toBeInstanceOf(VerificationError)
    expect(error.message).toMatch(/runs package someone-elses, not new-package: another change replaced ours/)
    expect(error.message).toContain('nothing is rolled back')
  })

  it('changes nothing when the environment already runs the package', async () => {
    const mendix = fakeMendix()
    mendix.current = manifest(NEW)
    const { flow } = flowFor(mendix)
    await flow.run()
    expect(mendix.puts).toHaveLength(0)
  })
})
