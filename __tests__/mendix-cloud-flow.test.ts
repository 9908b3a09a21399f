/** The Mendix Cloud flow and client with fakes: the shared transient rule, the Version default, the v2 upload. */
import { closeSync, mkdtempSync, openSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { Deadline, Timeout } from '../src/deadline.js'
import { CancelledError, JobError, VerificationError } from '../src/errors.js'
import { ApiError, isTransientPollError, MendixHttp, type RawResponse, type Transport } from '../src/http.js'
import { readSettings, type MendixCloudSettings, type PackageFile, type RunContext } from '../src/inputs.js'
import { historyKeys, JobHistory, memoryStore } from '../src/job-history.js'
import type { Logger } from '../src/logger.js'
import {
  apiKeyCredentials,
  MendixCloudApi,
  type CloudEnvironment,
  type CloudSettingsDocument
} from '../src/mendix-cloud/api.js'
import { MendixCloudFlow } from '../src/mendix-cloud/flow.js'
import { explained, KnownFailure } from '../src/mendix-cloud/service-codes.js'
import { isTransientPollError as privateCloudRule } from '../src/private-cloud/job-waiter.js'
import { Progress } from '../src/progress.js'
import type { UnitTestHook } from '../src/unit-tests/run.js'
import { FakeClock } from './support/fake-clock.js'

const run: RunContext = {
  repository: 'acme/orders-app',
  sha: '5e1f0c3a9b7d2e4f6a8c0b1d3e5f7a9c2b4d6e8f',
  ref: 'refs/heads/main',
  runId: '18234567890',
  runAttempt: '3',
  serverUrl: 'https://github.com',
  workflow: 'Deploy',
  runNumber: '42'
}

const cloudInputs: Record<string, string> = {
  target: 'mendix-cloud',
  username: 'ci@example.com',
  apiKey: 'key-123',
  appId: 'orders-demo',
  branch: 'main',
  revision: 'c41e7a9',
  environment: 'Production'
}

function cloudSettings(overrides: Record<string, string> = {}, context = run): MendixCloudSettings {
  const inputs = { ...cloudInputs, ...overrides }
  return readSettings(name => inputs[name] ?? '', context) as MendixCloudSettings
}

const apiError = (status: number | undefined, serviceCode?: string) =>
  new ApiError('Could not x.', {
    method: 'GET',
    url: 'https://x',
    status,
    outcomeUnknown: false,
    serviceCode
  })

describe('the transient poll rule both targets share', () => {
  it.each([
    ['a network fault', apiError(undefined), 0, true],
    ['429', apiError(429), 0, true],
    ['a 500 without a documented code', apiError(500), 0, true],
    ['502', apiError(502), 0, true],
    ['503', apiError(503), 0, true],
    ['504', apiError(504), 0, true],
    ['a v1 500 with a documented code (the service answered)', apiError(500, 'DB_SYNC_FAILED'), 0, false],
    ['a 404 in the first seconds', apiError(404, 'PACKAGE_NOT_FOUND'), 29_000, true],
    ['a 404 later', apiError(404, 'PACKAGE_NOT_FOUND'), 31_000, false],
    ['400', apiError(400), 0, false],
    ['401', apiError(401), 0, false],
    ['403', apiError(403), 0, false],
    ['an error that is not an ApiError', new Error('boom'), 0, false]
  ] as const)('%s', (_name, error, elapsed, transient) => {
    expect(isTransientPollError(error, elapsed)).toBe(transient)
  })

  it('is the one rule Private Cloud uses too', () => {
    expect(privateCloudRule).toBe(isTransientPollError)
  })
})

describe('the mendix-cloud Version default', () => {
  it('is the next patch version, kept out of the reuse marker; a given or tag version is in it (issue 26)', () => {
    const s = cloudSettings()
    expect(s.version).toEqual({ bump: 'patch' })
    expect(s.buildIdentity).toBe('[build main@c41e7a9]')
    const given = cloudSettings({ version: '1.4.2' })
    expect(given.version).toEqual({ fixed: '1.4.2' })
    expect(given.buildIdentity).toBe('[build main@c41e7a9 v1.4.2]')
    const tagged = cloudSettings({}, { ...run, ref: 'refs/tags/v2.0.1' })
    expect([tagged.version, tagged.buildIdentity]).toEqual([
      { fixed: '2.0.1' },
      '[build main@c41e7a9 v2.0.1]'
    ])
  })
})

describe('packageFile for target mendix-cloud', () => {
  it('is accepted and opened once', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'cloud-input-')), 'app.mda')
    writeFileSync(path, Buffer.alloc(10, 1))
    const s = cloudSettings({ packageFile: path })
    expect(s.packageFile).toMatchObject({ path, size: 10, name: 'app.mda' })
    closeSync(s.packageFile!.fd)
  })
})

/** A transport that answers from a script and records what was sent, streamed bodies included. */
function scripted(steps: RawResponse[]) {
  const sent: Array<{ method: string; url: string; headers: Record<string, string>; body?: string }> = []
  const transport: Transport = {
    async send(method, url, body, headers) {
      sent.push({ method, url, headers, body })
      return steps.shift()!
    },
    async sendStream(method, url, body: Readable, headers) {
      const chunks: Buffer[] = []
      for await (const chunk of body) chunks.push(Buffer.from(chunk as Buffer))
      sent.push({ method, url, headers, body: Buffer.concat(chunks).toString('latin1') })
      return steps.shift()!
    },
    dispose() {}
  }
  return { transport, sent }
}

const json = (body: unknown, status = 200): RawResponse => ({
  status,
  headers: {},
  body: JSON.stringify(body)
})

function cloudApi(steps: RawResponse[], apiUrl = 'https://deploy.mendix.com/api/1') {
  const { transport, sent } = scripted(steps)
  const http = new MendixHttp({
    baseUrl: apiUrl,
    credentials: apiKeyCredentials('ci@example.com', 'key-123'),
    clock: new FakeClock(),
    transport,
    random: () => 0.5
  })
  return { api: new MendixCloudApi(http, apiUrl, 'orders-demo'), sent }
}

/** An .mda of `bytes` bytes in a fresh directory. */
function mdaPath(bytes: number): string {
  const path = join(mkdtempSync(join(tmpdir(), 'cloud-api-')), 'Orders 1.0.mda')
  writeFileSync(path, Buffer.alloc(bytes, 'm'))
  return path
}

function packageFile(bytes: number): PackageFile {
  const path = mdaPath(bytes)
  return { path, fd: openSync(path, 'r'), size: bytes, name: 'Orders 1.0.mda' }
}

describe('MendixCloudApi', () => {
  it('uploads to the v2 endpoint beside the v1 API, the file in the part named file', async () => {
    const { api, sent } = cloudApi([json({ PackageId: 'p-1', JobId: 'j-1' })])
    const file = packageFile(1000)
    await expect(api.uploadPackage(file, Deadline.none())).resolves.toEqual({
      packageId: 'p-1',
      jobId: 'j-1'
    })
    closeSync(file.fd)
    expect(sent[0].method).toBe('POST')
    expect(sent[0].url).toBe(
      'https://deploy.mendix.com/api/v2/apps/orders-demo/packages/upload?name=Orders%201.0.mda'
    )
    expect(sent[0].headers).toMatchObject({ 'Mendix-Username': 'ci@example.com', 'Mendix-ApiKey': 'key-123' })
    expect(sent[0].body).toContain('Content-Disposition: form-data; name="file"; filename="Orders 1.0.mda"')
    expect(sent[0].body).toContain('m'.repeat(1000))
    expect(Number(sent[0].headers['Content-Length'])).toBe(sent[0].body!.length)
  })

  it('finds the v2 API on the same origin when apiUrl does not end in /api/1', async () => {
    const { api, sent } = cloudApi([json({ Status: 'Running' })], 'https://gateway.example.com/mendix')
    await expect(api.uploadJobStatus('j-1', Deadline.none())).resolves.toBe('Running')
    expect(sent[0].url).toBe('https://gateway.example.com/api/v2/apps/orders-demo/jobs/j-1')
  })

  it('refuses an upload answer without a PackageId or JobId', async () => {
    const { api } = cloudApi([json({ PackageId: 'p-1' })])
    const file = packageFile(10)
    await expect(api.uploadPackage(file, Deadline.none())).rejects.toThrow(/without a PackageId and JobId/)
    closeSync(file.fd)
  })

  it.each([
    ['the documented 500', json({ errorCode: 'ALREADY_STARTED', errorMessage: 'Cannot start app.' }, 500)],
    ['a 200', json({ errorCode: 'ALREADY_STARTED', errorMessage: 'Cannot start app.' })]
  ])('reads ALREADY_STARTED from the start status (%s) as Started', async (_name, answer) => {
    const { api } = cloudApi([answer])
    await expect(api.startStatus('Production', 'job-1', Deadline.none())).resolves.toBe('Started')
  })
})

/** How the notes say to start the fake's Production environment. */
const startIt =
  "Start Application on the Production environment's page in the Mendix Portal, or POST " +
  'https://deploy.example.com/api/1/apps/orders-demo/environments/Production/start with the body {"AutoSyncDb": true} ' +
  'and your Mendix-Username and Mendix-ApiKey headers (Deploy API v1); or re-run this workflow once the cause is fixed.'

const quietLog: Logger = { info: () => {}, warning: () => {}, debug: () => {}, group: (_name, fn) => fn() }

/** A fake Mendix Cloud: a running Production with package OLD, a build that yields NEW at once. */
function fakeCloud(options: { status?: string; newConstants?: string[] } = {}) {
  const calls: string[] = []
  const env: CloudEnvironment & { packageId: string } = {
    Status: options.status ?? 'Running',
    Mode: 'Production',
    EnvironmentId: 'env-1',
    Url: 'https://orders-demo.mendixcloud.com',
    packageId: 'OLD'
  }
  const settings: CloudSettingsDocument = { Constants: [{ Name: 'Orders.MaxBatchSize', Value: '250' }] }
  const failures: Record<string, () => Error> = {}
  const step = (name: string) => {
    calls.push(name)
    const failure = failures[name]
    if (failure) throw failure()
  }
  const api = {
    getApp: async () => (step('getApp'), { ProjectId: 'project-1' }),
    getEnvironment: async () => (step('getEnvironment'), { ...env }),
    environmentPackage: async (): Promise<{ PackageId: string; Status: string } | undefined> => (
      step('environmentPackage'),
      { PackageId: env.packageId, Status: 'Succeeded' }
    ),
    listPackages: async () => (step('listPackages'), []),
    startBuild: async () => (step('startBuild'), 'NEW'),
    getPackage: async () => (step('getPackage'), { PackageId: 'NEW', Status: 'Succeeded' }),
    uploadPackage: async () => (step('uploadPackage'), { packageId: 'UPLOADED', jobId: 'upload-job' }),
    uploadJobStatus: async () => (step('uploadJobStatus'), 'Completed'),
    uploadJobUrl: (id: string) => `https://deploy.example.com/api/v2/apps/orders-demo/jobs/${id}`,
    stop: async () => {
      step('stop')
      env.Status = 'Stopped'
    },
    transport: async (_mode: string, packageId: string) => {
      step('transport')
      env.packageId = packageId
      for (const name of options.newConstants ?? []) settings.Constants!.push({ Name: name, Value: '' })
    },
    getSettings: async () => (step('getSettings'), structuredClone(settings)),
    setSettings: async (_mode: string, next: CloudSettingsDocument) => {
      step('setSettings')
      settings.Constants = next.Constants
    },
    start: async () => (step('start'), 'start-job'),
    startStatus: async () => {
      step('startStatus')
      env.Status = 'Running'
      return 'Started'
    },
    startJobUrl: () => 'https://deploy.example.com/start/start-job',
    environmentUrl: (mode: string) => `https://deploy.example.com/api/1/apps/orders-demo/environments/${mode}`
  }
  return { api, env, calls, failures, settings }
}

function flowWith(
  cloud: ReturnType<typeof fakeCloud>,
  overrides: Record<string, string> = {},
  history?: (clock: FakeClock, settings: MendixCloudSettings) => JobHistory,
  unitTests?: UnitTestHook
) {
  const outputs: Record<string, string> = {}
  const progress = new Progress((name, value) => (outputs[name] = value))
  const clock = new FakeClock()
  const settings = cloudSettings(overrides)
  const flow = new MendixCloudFlow(settings, {
    api: cloud.api as unknown as MendixCloudApi,
    clock,
    timeout: new Timeout(clock, settings.timeoutMinutes, { rollbackReserve: settings.rollbackOnFailure }),
    log: quietLog,
    progress,
    history: history?.(clock, settings),
    unitTests
  })
  return { flow, outputs, progress, clock, settings }
}

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise
  } catch (error) {
    return error as Error
  }
  throw new Error('expected a failure')
}

describe('MendixCloudFlow', () => {
  it("records the build and the start in the run's history, each under its own kind", async () => {
    const store = memoryStore()
    const { flow, settings } = flowWith(
      fakeCloud(),
      {},
      (clock, s) => new JobHistory({ clock, log: quietLog, store }, historyKeys(s))
    )
    await flow.run()
    const keys = historyKeys(settings)
    expect(Object.keys(store.load().jobs).sort()).toEqual([keys.build, keys.start].sort())
  })

  it('checks constant names after the transport, so a constant new in the package can be set', async () => {
    const cloud = fakeCloud({ newConstants: ['Orders.NewConst'] })
    const { flow } = flowWith(cloud, { constants: 'Orders.NewConst=x' })
    await flow.run()
    expect(cloud.calls.filter(c => !c.startsWith('get'))).toEqual([
      'listPackages',
      'environmentPackage',
      // The versions, read just before the build request (the default version is the next patch one).
      'listPackages',
      'startBuild',
      'stop',
      'transport',
      'setSettings',
      'start',
      'startStatus',
      // The start job's Started is checked: the environment runs the new package.
      'environmentPackage'
    ])
    expect(cloud.settings.Constants).toContainEqual({ Name: 'Orders.NewConst', Value: 'x' })
  })

  it('fails before the start on a constant still unknown after the transport, saying the environment is stopped', async () => {
    const cloud = fakeCloud()
    const { flow, outputs, progress } = flowWith(cloud, { constants: 'Orders.Nope=1' })
    const error = await failureOf(flow.run())
    expect(error).toBeInstanceOf(VerificationError)
    expect(error.message).toContain("Input 'constants': Orders.Nope not found in the Production environment")
    expect(error.message).toContain('Its constants: Orders.MaxBatchSize.')
    expect(error.message).toContain('package NEW transported; no constant was set')
    expect(progress.describeLeftovers()).toContain(
      "The environment is stopped with the new package. To start it: Start Application on the Production environment's page in the Mendix Portal"
    )
    expect(cloud.calls).not.toContain('setSettings')
    expect(cloud.calls).not.toContain('start')
    expect(outputs.state).toBe('Stopped')
    expect(progress.environmentChanged).toBe('yes')
  })

  it('says the environment is stopped with its previous package when the transport fails after the stop', async () => {
    const cloud = fakeCloud()
    cloud.failures.transport = () => apiError(403, 'TRANSPORT_NOT_ALLOWED')
    const { flow, progress } = flowWith(cloud)
    await failureOf(flow.run())
    expect(progress.environmentNote).toBe(
      'The environment is stopped with its previous package OLD. To start it: ' + startIt
    )
  })

  it('says the environment may be stopped when the stop was sent but not seen to take effect', async () => {
    const cloud = fakeCloud()
    cloud.failures.stop = () =>
      new ApiError('Could not stop: no answer.', { method: 'POST', url: 'https://x', outcomeUnknown: false })
    const { flow, progress } = flowWith(cloud)
    await failureOf(flow.run())
    expect(progress.environmentNote).toBe(
      'The environment may be stopped: a stop was sent. To start it: ' + startIt
    )
  })

  it('says nothing about a stop when the environment was not touched', async () => {
    const cloud = fakeCloud()
    cloud.failures.startBuild = () => apiError(400, 'INVALID_PARAMETERS')
    const { flow, progress } = flowWith(cloud)
    const error = await failureOf(flow.run())
    expect(error.message).not.toMatch(/stopped/)
    expect(progress.environmentNote).toBe(
      'The Production environment was not changed (it was Running with package OLD when the step began).'
    )
  })

  it('says the environment is stopped with the new package when it was stopped before and the start fails', async () => {
    const cloud = fakeCloud({ status: 'Stopped' })
    cloud.failures.start = () => apiError(500, 'NO_MDA_HAS_BEEN_DEPLOYED')
    const { flow, progress } = flowWith(cloud)
    await failureOf(flow.run())
    expect(progress.environmentNote).toBe(
      `The environment is stopped with the new package. To start it: ${startIt} It then runs package NEW. ` +
        'To run the previous package OLD instead, first POST https://deploy.example.com/api/1/apps/orders-demo/environments/Production/transport with the body {"PackageId": "OLD"}.'
    )
  })

  it('does not call a rolled-back environment stopped', async () => {
    const cloud = fakeCloud()
    let starts = 0
    cloud.api.startStatus = async () => {
      cloud.calls.push('startStatus')
      if (starts++ === 0) throw apiError(500, 'STARTUP_ACTION_FAILED')
      cloud.env.Status = 'Running'
      return 'Started'
    }
    const { flow, outputs, progress } = flowWith(cloud, { rollbackOnFailure: 'true' })
    const error = await failureOf(flow.run())
    expect(error.message).toContain('Rolled back: the environment runs package OLD again.')
    expect(error.message).not.toMatch(/stopped/)
    expect(outputs.rolledBack).toBe('true')
    expect(progress.environmentNote).toBe('The environment runs its previous package OLD.')
  })

  it('waits out a 404 on a new build for its first seconds only', async () => {
    const cloud = fakeCloud()
    let polls = 0
    cloud.api.getPackage = async () => {
      polls++
      if (polls <= 2) throw apiError(404, 'PACKAGE_NOT_FOUND')
      return { PackageId: 'NEW', Status: 'Succeeded' }
    }
    await flowWith(cloud).flow.run()
    expect(polls).toBe(3)

    const late = fakeCloud()
    const { flow, clock } = flowWith(late)
    late.api.getPackage = async () => {
      clock.time += 20_000
      throw apiError(404, 'PACKAGE_NOT_FOUND')
    }
    const error = await failureOf(flow.run())
    expect(error).toBeInstanceOf(ApiError)
    expect(late.calls).not.toContain('stop')
  })

  it('uploads a packageFile, waits for its job and deploys that package, without building or reusing', async () => {
    const cloud = fakeCloud()
    const { flow, outputs, settings } = flowWith(cloud, { packageFile: mdaPath(100) })
    const result = await flow.run()
    closeSync(settings.packageFile!.fd)
    expect(result.packageId).toBe('UPLOADED')
    expect(outputs).toMatchObject({ packageId: 'UPLOADED', reused: 'false' })
    expect(cloud.calls).not.toContain('startBuild')
    expect(cloud.calls).not.toContain('listPackages')
    expect(cloud.calls.indexOf('uploadJobStatus')).toBeLessThan(cloud.calls.indexOf('stop'))
    expect(cloud.env.packageId).toBe('UPLOADED')
  })

  it('stops nothing when the upload job fails', async () => {
    const cloud = fakeCloud()
    cloud.api.uploadJobStatus = async () => (cloud.calls.push('uploadJobStatus'), 'Failed')
    const { flow, progress, settings } = flowWith(cloud, { packageFile: mdaPath(100) })
    const error = await failureOf(flow.run())
    closeSync(settings.packageFile!.fd)
    expect(error).toBeInstanceOf(JobError)
    expect(error.message).toBe(
      'The upload of Orders 1.0.mda failed (job upload-job): it ended as Failed. Nothing was stopped or changed.'
    )
    expect(cloud.calls).not.toContain('stop')
    expect(progress.runningJobs.size).toBe(0)
  })
})

/** The fake answers a call as the service answers it with a documented code (Deploy API v1, Build API). */
const documented = (call: Parameters<typeof explained>[0], status: number, code: string, message: string) =>
  explained(
    call,
    'do it',
    new ApiError(`Could not do it: answered ${status}.`, {
      method: 'POST',
      url: 'https://x',
      status,
      outcomeUnknown: status >= 500,
      serviceMessage: `${code}: ${message}`,
      serviceCode: code
    })
  ) as Error

describe('documented Mendix Cloud error codes are failures with their meaning (issue 23.8)', () => {
  it('reads a 500 BUILD_FAILED on the build POST as a failed build, not as an unknown outcome', async () => {
    const { api } = cloudApi([json({ errorCode: 'BUILD_FAILED', errorMessage: 'Build job failed.' }, 500)])
    const error = await failureOf(
      api.startBuild(
        { Branch: 'main', Revision: 'c41e7a9', Version: '1.0.0', Description: '' },
        Deadline.none()
      )
    )
    expect(error).toBeInstanceOf(KnownFailure)
    expect(error).toMatchObject({ status: 500, serviceCode: 'BUILD_FAILED', outcomeUnknown: false })
    expect(error.message).toBe(
      'Could not start the build of main@c41e7a9: POST https://deploy.mendix.com/api/1/apps/orders-demo/packages answered 500 BUILD_FAILED (Build job failed). ' +
        "The build server could not build this revision: check that it builds in Studio Pro, and read the build output among the app's deployment packages in the Mendix Portal."
    )

    const cloud = fakeCloud()
    cloud.failures.startBuild = () => documented('build', 500, 'BUILD_FAILED', 'Build job failed.')
    const { flow, progress } = flowWith(cloud)
    const failed = await failureOf(flow.run())
    expect(failed).toBeInstanceOf(JobError)
    expect(failed.message).toMatch(
      /^The build of main@c41e7a9 failed: the Build API answered 500 BUILD_FAILED \(Build job failed\)\. The build server could not build this revision: .* Nothing was changed\.$/
    )
    expect(failed.message).not.toMatch(/may have started|outcome unknown/i)
    // No search for a package the run may have built, the service said there is none: the two listings are the
    // reuse check and the versions read just before the build request.
    expect(cloud.calls.filter(c => c === 'listPackages')).toHaveLength(2)
    expect(cloud.calls).not.toContain('stop')
    expect(progress.environmentNote).toMatch(/^The Production environment was not changed/)
  })

  it('says what APP_IS_RUNNING on a transport means, without sending the user to their permissions', async () => {
    const { api } = cloudApi([
      json(
        {
          errorCode: 'APP_IS_RUNNING',
          errorMessage: "The 'Production' environment of 'orders-demo' must be stopped to do transport."
        },
        403
      )
    ])
    const error = await failureOf(api.transport('Production', 'NEW', Deadline.none()))
    expect(error.message).toBe(
      'Could not transport package NEW to the Production environment: POST https://deploy.mendix.com/api/1/apps/orders-demo/environments/Production/transport ' +
        "answered 403 APP_IS_RUNNING (The 'Production' environment of 'orders-demo' must be stopped to do transport). " +
        'The environment was running or starting: a package can be transported only to a stopped environment.'
    )
    expect(error.message).not.toContain('permission')
  })

  it.each([
    ['the stop', 'stop', 500, 'STOP_FAILED'],
    ['the start', 'start', 500, 'NO_MDA_HAS_BEEN_DEPLOYED'],
    ['the start', 'start', 500, 'APP_ALREADY_HAS_A_STARTING_JOB'],
    ['the transport', 'transport', 500, 'PACKAGE_PARSE_FAILED'],
    ['the upload', 'upload', 500, 'INVALID_PACKAGE'],
    ['a backup', 'backupCreate', 500, 'SERVICE_UNAVAILABLE'],
    ['a backup', 'backupCreate', 400, 'ENVIRONMENT_BUSY']
  ] as const)('reads a documented code on %s (%s %s) as a known failure', (_name, call, status, code) => {
    const error = documented(call, status, code, 'said')
    expect(error).toBeInstanceOf(KnownFailure)
    expect(error).toMatchObject({ outcomeUnknown: false, serviceCode: code })
    expect(error.message).toContain(`answered ${status} ${code} (said).`)
  })

  it('leaves a code the docs do not list for that call, or one on another status, as it was', () => {
    const undocumented = documented('stop', 500, 'SOMETHING_NEW', 'said')
    expect(undocumented).not.toBeInstanceOf(KnownFailure)
    // The backups' SERVICE_UNAVAILABLE is documented as a 500; the same code on a 503 is a passing fault.
    expect(documented('backupCreate', 503, 'SERVICE_UNAVAILABLE', 'said')).not.toBeInstanceOf(KnownFailure)
  })

  it('after a STOP_FAILED, reads the environment: still running means nothing was changed, and no rollback', async () => {
    const cloud = fakeCloud()
    cloud.failures.stop = () => documented('stop', 500, 'STOP_FAILED', 'Cannot stop app: busy')
    const { flow, progress, outputs } = flowWith(cloud, { rollbackOnFailure: 'true' })
    const error = await failureOf(flow.run())
    expect(error.message).toContain('answered 500 STOP_FAILED (Cannot stop app: busy).')
    expect(cloud.calls.slice(cloud.calls.indexOf('stop'))).toEqual(['stop', 'getEnvironment'])
    expect(progress.environmentNote).toBe(
      'The Production environment was not changed (it was Running with package OLD when the step began).'
    )
    expect(outputs.rolledBack).toBeUndefined()
  })
})

describe('Mendix Cloud: no green without the package running, and what a stopped step leaves (issue 23.7)', () => {
  /** A start job that stays Starting: the environment never runs from it. */
  function stuckStart(cloud: ReturnType<typeof fakeCloud>, starts = 1) {
    let calls = 0
    cloud.api.startStatus = async () => {
      cloud.calls.push('startStatus')
      // Each start gets its own job; the first `starts` of them never end.
      if (calls < starts) return 'Starting'
      cloud.env.Status = 'Running'
      return 'Started'
    }
    cloud.api.start = async () => {
      cloud.calls.push('start')
      calls = cloud.calls.filter(c => c === 'start').length - 1
      return `start-job-${calls + 1}`
    }
  }

  it('after Started, waits out a read that still shows the environment stopped, then ends green', async () => {
    const cloud = fakeCloud()
    let lagging = 2
    cloud.api.getEnvironment = async () => {
      cloud.calls.push('getEnvironment')
      const status = cloud.calls.includes('startStatus') && lagging-- > 0 ? 'Stopped' : cloud.env.Status
      return { ...cloud.env, Status: status }
    }
    const { flow, outputs } = flowWith(cloud)
    await flow.run()
    const afterStart = cloud.calls.slice(cloud.calls.indexOf('startStatus') + 1)
    expect(afterStart).toEqual(['getEnvironment', 'getEnvironment', 'getEnvironment', 'environmentPackage'])
    expect(outputs.state).toBe('Running')
  })

  it('fails when the environment runs another package after the start, and does not roll back over it', async () => {
    const cloud = fakeCloud()
    cloud.api.startStatus = async () => {
      cloud.calls.push('startStatus')
      cloud.env.Status = 'Running'
      cloud.env.packageId = 'SOMEONE-ELSES'
      return 'Started'
    }
    const { flow, outputs, progress } = flowWith(cloud, { rollbackOnFailure: 'true' })
    const error = await failureOf(flow.run())
    expect(error).toBeInstanceOf(VerificationError)
    expect(error.message).toBe(
      'After the start of package NEW, the Production environment runs package SOMEONE-ELSES: someone or something else changed it meanwhile. ' +
        'Not rolled back: that would undo a change this run did not make.'
    )
    expect(cloud.calls.filter(c => c === 'transport')).toHaveLength(1)
    expect(outputs.rolledBack).toBeUndefined()
    expect(progress.environmentNote).toBe(
      'The environment runs package SOMEONE-ELSES, which this run did not put there.'
    )
  })

  it('rolls back a start that times out by stopping first, then transport, start and a check of what runs', async () => {
    const cloud = fakeCloud()
    stuckStart(cloud)
    const { flow, outputs, progress, clock } = flowWith(cloud, {
      rollbackOnFailure: 'true',
      timeoutMinutes: '10'
    })
    const began = clock.now()
    const error = await failureOf(flow.run())
    expect(error.message).toMatch(
      /^Gave up waiting for Start job start-job-1 after .*it was still Starting\./
    )
    expect(error.message).toContain('Rolled back: the environment runs package OLD again.')
    const afterFirstStart = cloud.calls
      .slice(cloud.calls.indexOf('start') + 1)
      .filter((c, i, all) => c !== 'getEnvironment' && !(c === 'startStatus' && all[i - 1] === c))
    expect(afterFirstStart).toEqual([
      'startStatus',
      'stop',
      'transport',
      'start',
      'startStatus',
      'environmentPackage'
    ])
    expect(cloud.env).toMatchObject({ Status: 'Running', packageId: 'OLD' })
    expect(outputs.rolledBack).toBe('true')
    expect(progress.environmentNote).toBe('The environment runs its previous package OLD.')
    // The start waited until the step's deadline less the rollback's reserve; the rollback used the reserve.
    expect(clock.now() - began).toBeLessThanOrEqual(10 * 60_000)
  })

  it('does not set rolledBack when the rolled-back environment is not seen running its previous package', async () => {
    const cloud = fakeCloud()
    stuckStart(cloud)
    cloud.api.environmentPackage = async () => {
      cloud.calls.push('environmentPackage')
      // The read after the rollback's start shows a package that is neither.
      return {
        PackageId: cloud.calls.filter(c => c === 'start').length > 1 ? 'OTHER' : cloud.env.packageId,
        Status: 'Succeeded'
      }
    }
    const { flow, outputs, progress } = flowWith(cloud, { rollbackOnFailure: 'true', timeoutMinutes: '10' })
    const error = await failureOf(flow.run())
    expect(error.message).toContain(
      'The rollback to package OLD failed too: After the start of package OLD, the Production environment runs package OTHER'
    )
    expect(outputs.rolledBack).toBeUndefined()
    expect(progress.environmentNote).toBe(
      'The environment runs package OTHER, which this run did not put there.'
    )
  })

  it('at the deadline between stop and start, fails saying the environment is stopped and exactly how to start it', async () => {
    const cloud = fakeCloud()
    cloud.failures.transport = () =>
      new ApiError('Could not transport: answered 503: Cannot transport - MDA is still being processed.', {
        method: 'POST',
        url: 'https://x',
        status: 503,
        outcomeUnknown: false
      })
    const { flow, progress, outputs, clock } = flowWith(cloud, { timeoutMinutes: '2' })
    const began = clock.now()
    const error = await failureOf(flow.run())
    expect(error).toBeInstanceOf(JobError)
    expect(error.message).toMatch(
      /^Gave up transporting package NEW to the Production environment after [\d.]+s, at the deadline \(timeoutMinutes: 2\): Could not transport/
    )
    expect(clock.now() - began).toBeLessThanOrEqual(2 * 60_000 + 1000)
    expect(cloud.calls).not.toContain('start')
    expect(progress.describeLeftovers().split('\n').at(-1)).toBe(
      'The environment is stopped with its previous package OLD. To start it: ' + startIt
    )
    expect(outputs.state).toBe('Stopped')
  })

  it('with rollbackOnFailure, starts the previous package again after a failure between stop and start', async () => {
    const cloud = fakeCloud()
    cloud.failures.transport = () => documented('transport', 403, 'TRANSPORT_NOT_ALLOWED', 'No access')
    const { flow, outputs } = flowWith(cloud, { rollbackOnFailure: 'true' })
    const error = await failureOf(flow.run())
    expect(error.message).toContain('Rolled back: the environment runs package OLD again.')
    // It still holds the previous package: no transport, only a start and the check.
    expect(
      cloud.calls.slice(cloud.calls.indexOf('transport') + 1).filter(c => c !== 'getEnvironment')
    ).toEqual(['start', 'startStatus', 'environmentPackage'])
    expect(outputs.rolledBack).toBe('true')
  })

  it('says in one line that there is nothing to roll back when the environment had no package', async () => {
    const cloud = fakeCloud({ status: 'Stopped' })
    cloud.api.environmentPackage = async () => {
      cloud.calls.push('environmentPackage')
      return cloud.calls.includes('transport')
        ? { PackageId: cloud.env.packageId, Status: 'Succeeded' }
        : undefined
    }
    cloud.failures.start = () => documented('start', 500, 'NO_MDA_HAS_BEEN_DEPLOYED', 'Cannot start app.')
    const { flow, outputs } = flowWith(cloud, { rollbackOnFailure: 'true' })
    const error = await failureOf(flow.run())
    expect(error.message).toMatch(
      / Nothing to roll back: the Production environment had no package before this run\.$/
    )
    expect(outputs.rolledBack).toBeUndefined()
  })
})

describe('Mendix Cloud rollback puts back what the deploy changed, and a stopped step is told exactly (issue 23 review)', () => {
  /** The first start of the run fails as START_FAILED would; later starts run. */
  function firstStartFails(cloud: ReturnType<typeof fakeCloud>) {
    let starts = 0
    cloud.api.startStatus = async () => {
      cloud.calls.push('startStatus')
      if (starts++ === 0) throw apiError(500, 'START_FAILED')
      cloud.env.Status = 'Running'
      return 'Started'
    }
  }

  /** The calls after the first start, without the reads of the environment's status. */
  const afterFirstStart = (cloud: ReturnType<typeof fakeCloud>) =>
    cloud.calls.slice(cloud.calls.indexOf('startStatus') + 1).filter(c => c !== 'getEnvironment')

  /** Package OLD is found as a package built from the same source: the run reuses it, previous == new. */
  function reusesOld(cloud: ReturnType<typeof fakeCloud>) {
    cloud.api.listPackages = async () =>
      (cloud.calls.push('listPackages'),
      [{ PackageId: 'OLD', Status: 'Succeeded', Description: 'Built by CI [build main@c41e7a9]' }]) as never
  }

  it('writes back the value each constant had, reads it back, then starts: rolledBack says so', async () => {
    const cloud = fakeCloud()
    firstStartFails(cloud)
    const written: string[] = []
    const setSettings = cloud.api.setSettings
    cloud.api.setSettings = async (mode, next) => {
      written.push(next.Constants!.find(c => c.Name === 'Orders.MaxBatchSize')!.Value)
      return setSettings(mode, next)
    }
    const { flow, outputs, progress } = flowWith(cloud, {
      rollbackOnFailure: 'true',
      constants: 'Orders.MaxBatchSize=999'
    })
    const error = await failureOf(flow.run())
    expect(error.message).toContain(
      'Rolled back: the environment runs package OLD again, with the constants it had (Orders.MaxBatchSize).'
    )
    expect(written).toEqual(['999', '250'])
    expect(cloud.settings.Constants).toEqual([{ Name: 'Orders.MaxBatchSize', Value: '250' }])
    // Written back and read back after the previous package is back, before its start.
    expect(afterFirstStart(cloud)).toEqual([
      'transport',
      'getSettings',
      'setSettings',
      'getSettings',
      'start',
      'startStatus',
      'environmentPackage'
    ])
    expect(outputs.rolledBack).toBe('true')
    expect(progress.environmentNote).toBe('The environment runs its previous package OLD.')
  })

  it('does not set rolledBack when the constants read back another value than they had', async () => {
    const cloud = fakeCloud()
    firstStartFails(cloud)
    const setSettings = cloud.api.setSettings
    let writes = 0
    cloud.api.setSettings = async (mode, next) => {
      // The write back is accepted and not kept.
      if (writes++ === 0) await setSettings(mode, next)
    }
    const { flow, outputs } = flowWith(cloud, {
      rollbackOnFailure: 'true',
      constants: 'Orders.MaxBatchSize=999'
    })
    const error = await failureOf(flow.run())
    expect(error.message).toContain(
      "The rollback to package OLD failed too: Wrote back the value constant(s) Orders.MaxBatchSize had before this run, but the Production environment's settings read back another."
    )
    expect(error.message).not.toContain('999')
    expect(cloud.calls.filter(c => c === 'start')).toHaveLength(1)
    expect(outputs.rolledBack).toBeUndefined()
  })

  it('rolls back the constants when the package was already the one running: that is not "nothing to roll back"', async () => {
    const cloud = fakeCloud()
    reusesOld(cloud)
    firstStartFails(cloud)
    const { flow, outputs } = flowWith(cloud, {
      rollbackOnFailure: 'true',
      constants: 'Orders.MaxBatchSize=999'
    })
    const error = await failureOf(flow.run())
    expect(cloud.calls).not.toContain('startBuild')
    expect(error.message).not.toContain('Nothing to roll back')
    expect(error.message).toContain(
      'Rolled back: the environment runs package OLD again, with the constants it had (Orders.MaxBatchSize).'
    )
    // The environment still holds OLD: no transport, the constants written back, then the start.
    expect(afterFirstStart(cloud)).toEqual([
      'getSettings',
      'setSettings',
      'getSettings',
      'start',
      'startStatus',
      'environmentPackage'
    ])
    expect(cloud.settings.Constants).toEqual([{ Name: 'Orders.MaxBatchSize', Value: '250' }])
    expect(outputs.rolledBack).toBe('true')
  })

  it('still says there is nothing to roll back when the same package was stopped and no constant changed', async () => {
    const cloud = fakeCloud({ status: 'Stopped' })
    reusesOld(cloud)
    firstStartFails(cloud)
    const { flow, outputs } = flowWith(cloud, { rollbackOnFailure: 'true' })
    const error = await failureOf(flow.run())
    expect(error.message).toMatch(
      / Nothing to roll back: package OLD was the Production environment's package before this run too\.$/
    )
    expect(afterFirstStart(cloud)).toEqual([])
    expect(outputs.rolledBack).toBeUndefined()
  })

  it('leaves an environment that was stopped before the step stopped: restores the package and checks it', async () => {
    const cloud = fakeCloud({ status: 'Stopped' })
    firstStartFails(cloud)
    const { flow, outputs, progress } = flowWith(cloud, {
      rollbackOnFailure: 'true',
      constants: 'Orders.MaxBatchSize=999'
    })
    const error = await failureOf(flow.run())
    expect(error.message).toContain(
      'Rolled back: restored package OLD and the constants it had (Orders.MaxBatchSize); the environment stays stopped, as it was before.'
    )
    expect(cloud.calls.filter(c => c === 'start')).toHaveLength(1)
    expect(cloud.calls.slice(-2)).toEqual(['getEnvironment', 'environmentPackage'])
    expect(cloud.env).toMatchObject({ Status: 'Stopped', packageId: 'OLD' })
    expect(cloud.settings.Constants).toEqual([{ Name: 'Orders.MaxBatchSize', Value: '250' }])
    expect(outputs.rolledBack).toBe('true')
    expect(outputs.state).toBe('Stopped')
    expect(progress.environmentNote).toBe(
      'The environment is stopped with its previous package OLD, as it was when the step began.'
    )
  })

  it('after failed unit tests, stops an environment the deploy started, and leaves it stopped as it was', async () => {
    const cloud = fakeCloud({ status: 'Stopped' })
    const { flow, outputs } = flowWith(cloud, { rollbackOnFailure: 'true' }, undefined, async () => {
      throw new VerificationError('2 of 10 unit tests failed.')
    })
    const error = await failureOf(flow.run())
    expect(error.message).toBe(
      '2 of 10 unit tests failed. Rolled back: restored package OLD; the environment stays stopped, as it was before.'
    )
    expect(cloud.calls.slice(cloud.calls.lastIndexOf('start'))).toEqual([
      'start',
      'startStatus',
      'getEnvironment',
      'environmentPackage',
      'stop',
      'getEnvironment',
      'transport',
      'getEnvironment',
      'environmentPackage'
    ])
    expect(cloud.env).toMatchObject({ Status: 'Stopped', packageId: 'OLD' })
    expect(outputs.rolledBack).toBe('true')
  })

  it('does not set rolledBack when the environment that stays stopped does not hold the previous package', async () => {
    const cloud = fakeCloud({ status: 'Stopped' })
    firstStartFails(cloud)
    const environmentPackage = cloud.api.environmentPackage
    cloud.api.environmentPackage = async () => {
      const read = await environmentPackage()
      return cloud.calls.filter(c => c === 'transport').length > 1
        ? { PackageId: 'OTHER', Status: 'Succeeded' }
        : read
    }
    const { flow, outputs } = flowWith(cloud, { rollbackOnFailure: 'true' })
    const error = await failureOf(flow.run())
    expect(error.message).toContain(
      'The rollback to package OLD failed too: After the rollback the Production environment reads Stopped with package OTHER, not Stopped with package OLD.'
    )
    expect(outputs.rolledBack).toBeUndefined()
  })

  it('refuses to stop when a long build left less of the budget than a stop, transport and start need', async () => {
    for (const [minutes, used, rollback, stops] of [
      // A quarter of the budget: 2.5 of 10 minutes.
      ['10', 8.5 * 60_000, 'false', false],
      ['10', 7 * 60_000, 'false', true],
      // At most five minutes; with rollbackOnFailure the deploy's own deadline is at three quarters.
      ['60', 56 * 60_000, 'false', false],
      ['60', 54 * 60_000, 'false', true],
      ['60', 41 * 60_000, 'true', false],
      ['60', 39 * 60_000, 'true', true]
    ] as const) {
      const cloud = fakeCloud()
      const { flow, clock, progress, outputs } = flowWith(cloud, {
        timeoutMinutes: minutes,
        rollbackOnFailure: rollback
      })
      const began = clock.now()
      cloud.api.getPackage = async () => {
        cloud.calls.push('getPackage')
        clock.time = began + used
        return { PackageId: 'NEW', Status: 'Succeeded' }
      }
      if (stops) {
        await flow.run()
        expect(cloud.calls).toContain('stop')
        continue
      }
      const error = await failureOf(flow.run())
      expect(error).toBeInstanceOf(JobError)
      const left = (Number(minutes) * 60_000 * (rollback === 'true' ? 0.75 : 1) - used) / 1000
      const floor = Math.min(300, Number(minutes) * 15)
      expect(error.message).toMatch(
        new RegExp(
          `^Not stopping the Production environment: only ${left.toFixed(1)}s of timeoutMinutes \\(${minutes}\\) left.*, ` +
            `and the stop, the transport and the start need at least ${floor.toFixed(1)}s; nothing was changed\\.`
        )
      )
      expect(cloud.calls).not.toContain('stop')
      expect(progress.environmentNote).toBe(
        'The Production environment was not changed (it was Running with package OLD when the step began).'
      )
      expect(outputs.rolledBack).toBeUndefined()
    }
  })

  it('says the environment may hold either package while a transport is under way, and after one without an answer', async () => {
    const cloud = fakeCloud()
    const notes: Array<string | undefined> = []
    const { flow, progress } = flowWith(cloud)
    cloud.api.transport = async () => {
      cloud.calls.push('transport')
      // What a cancel at this moment would print.
      notes.push(progress.environmentNote)
      throw new ApiError('Could not transport: no answer.', {
        method: 'POST',
        url: 'https://x',
        outcomeUnknown: false
      })
    }
    await failureOf(flow.run())
    const either =
      'The environment is stopped with package NEW, or still with package OLD if the transport did not take effect ' +
      '(it was sent without a clear answer). To start it: ' +
      startIt
    expect(notes).toEqual([either])
    expect(progress.environmentNote).toBe(either)
  })

  it('says the environment holds its previous package after a transport the service refused', async () => {
    const cloud = fakeCloud()
    cloud.failures.transport = () => documented('transport', 500, 'PACKAGE_PARSE_FAILED', 'Failed to parse')
    const { flow, progress } = flowWith(cloud)
    await failureOf(flow.run())
    expect(progress.environmentNote).toBe(
      'The environment is stopped with its previous package OLD. To start it: ' + startIt
    )
  })

  it('ends a rollback cancelled under way as a cancel, not as a rollback that failed', async () => {
    const cloud = fakeCloud()
    firstStartFails(cloud)
    const transport = cloud.api.transport
    cloud.api.transport = async (mode, packageId) => {
      if (packageId === 'OLD') throw new CancelledError()
      return transport(mode, packageId)
    }
    const { flow, outputs } = flowWith(cloud, { rollbackOnFailure: 'true' })
    const error = await failureOf(flow.run())
    expect(error).toBeInstanceOf(CancelledError)
    expect(error.message).not.toContain('failed too')
    expect(outputs.rolledBack).toBeUndefined()
  })
})
