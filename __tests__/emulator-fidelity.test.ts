/**
 * Behaviours of the real Mendix services that the docs leave open or state only in prose, as the emulator's
 * options show them (issue 12): job Location forms, reads that lag a write, the App Repository API and the
 * branch names each build API takes, Mendix Cloud's ALREADY_STARTED, early 404 and new constants, the v2 package
 * upload, and `invalid-params` in Private Cloud errors. Every case goes over real HTTP.
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { request as httpRequest } from 'node:http'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { Readable } from 'node:stream'
import { DEMO_TOKEN, SEED, startEmulator, type Emulator, type EmulatorOptions } from '../emulator/index.js'
import { readMultipartStream } from '../emulator/multipart.js'
import { ROOT } from '../scripts/run-action.js'

let emulator: Emulator | undefined
let now: number

afterEach(async () => {
  await emulator?.close()
  emulator = undefined
})

async function start(options: EmulatorOptions = {}): Promise<Emulator> {
  now = Date.parse('2026-11-22T10:00:00Z')
  emulator = await startEmulator({
    now: () => now,
    durations: { buildMs: 30_000, deployMs: 10_000, otherMs: 1000 },
    ...options
  })
  return emulator
}

interface Answer {
  status: number
  headers: Headers
  body: any // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
}

async function fetchJson(url: string, init: RequestInit): Promise<Answer> {
  const response = await fetch(url, init)
  const text = await response.text()
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined }
}

/** Private Cloud and App Repository calls: a PAT. `path` is relative to the API base unless it is a URL. */
function pc(method: string, path: string, body?: unknown, token = DEMO_TOKEN): Promise<Answer> {
  const url = /^https?:/.test(path) ? path : `${emulator!.url}${path}`
  return fetchJson(url, {
    method,
    headers: {
      Authorization: `MxToken ${token}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' })
    },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
}

function repo(path: string, token = DEMO_TOKEN): Promise<Answer> {
  return fetchJson(`${emulator!.repositoryUrl}${path}`, { headers: { Authorization: `MxToken ${token}` } })
}

const cloudAuth = {
  'Mendix-Username': SEED.cloud.username,
  'Mendix-ApiKey': SEED.cloud.apiKey,
  'Content-Type': 'application/json'
}

/** Mendix Cloud v1 calls, relative to /api/1. */
function v1(method: string, path: string, body?: unknown): Promise<Answer> {
  return fetchJson(`${emulator!.cloudUrl}${path}`, {
    method,
    headers: cloudAuth,
    body: body === undefined ? undefined : JSON.stringify(body)
  })
}

const app = `/apps/${SEED.appId}`
const cloudApp = `/apps/${SEED.cloud.appId}`
const testEnv = SEED.environments.test.id
const envPath = `${app}/namespaces/${SEED.namespaceId}/environments/${testEnv}`
const head = SEED.revisions[SEED.revisions.length - 1]
const featureHead = SEED.featureRevisions[SEED.featureRevisions.length - 1]

/** Builds on Private Cloud and waits (by the fake clock) for the job's end. */
async function pcBuild(branch: string, revision: string): Promise<Answer['body']> {
  const started = await pc('POST', `${app}/packages/build`, { branch, revision, version: '1.6.0' })
  expect(started.status).toBe(202)
  now += 30_000
  return (await pc('GET', `/jobs/${started.body.id}?log=true`)).body
}

let v1Builds = 0

/**
 * Builds on Mendix Cloud v1: the POST's answer, and the package's status once the build time has passed. Each
 * build gets a version of its own: the Version is a Team Server tag, which the emulator gives only once.
 */
async function v1Build(Branch: string, Revision: string): Promise<{ start: Answer; status?: string }> {
  const start = await v1('POST', `${cloudApp}/packages`, {
    Branch,
    Revision,
    Version: `1.6.${v1Builds++}`,
    Description: ''
  })
  if (start.status !== 200) return { start }
  now += 30_000
  return { start, status: (await v1('GET', `${cloudApp}/packages/${start.body.PackageId}`)).body.Status }
}

describe('Private Cloud job Location', () => {
  it.each([
    ['absolute', (origin: string, id: string) => `${origin}/api/v4/jobs/${id}`],
    ['path', (_origin: string, id: string) => `/api/v4/jobs/${id}`],
    ['v3', (origin: string, id: string) => `${origin}/api/v3/jobs/${id}`]
  ] as const)('answers the %s Location form on every job-creating call', async (style, expected) => {
    const emu = await start({ locationStyle: style })
    const origin = new URL(emu.url).origin
    const manifest = (await pc('GET', envPath)).body
    const created = structuredClone(manifest)
    created.environment.id = 'loc00001'
    const form = new FormData()
    form.append('file', new Blob([Buffer.from('PK')]), 'a.mda')
    form.append('fileName', 'a')
    const answers = [
      await pc('POST', `${app}/packages/build`, { branch: 'main', revision: head }),
      await pc('PUT', envPath, manifest),
      await pc('PUT', `${app}/environments/${testEnv}`, manifest),
      await pc('POST', `${app}/environments`, created),
      await pc('DELETE', `${app}/packages/${SEED.packages.older}`),
      await fetchJson(`${emu.url}${app}/packages`, {
        method: 'POST',
        headers: { Authorization: `MxToken ${DEMO_TOKEN}` },
        body: form
      })
    ]
    for (const answer of answers) {
      expect(answer.status).toBe(202)
      expect(answer.headers.get('location')).toBe(expected(origin, answer.body.id))
    }
  })

  it('serves a path-only Location once resolved against the request URL (RFC 3986)', async () => {
    const emu = await start({ locationStyle: 'path' })
    const requestUrl = `${emu.url}${app}/packages/build`
    const started = await pc('POST', requestUrl, { branch: 'main', revision: head })
    const resolved = new URL(started.headers.get('location')!, requestUrl).href
    expect(resolved).toBe(`${emu.url}/jobs/${started.body.id}`)
    expect((await pc('GET', resolved)).body).toMatchObject({ id: started.body.id, status: 'created' })
    // Prefixing the API base instead, as a naive client does, lands on an endpoint that does not exist.
    const prefixed = await pc('GET', `${emu.url}${started.headers.get('location')}`)
    expect(prefixed.status).toBe(404)
  })

  it('does not serve the docs’ /api/v3 job Location unless asked to, and then serves the same job', async () => {
    const emu = await start({ locationStyle: 'v3' })
    const started = await pc('POST', `${app}/packages/build`, { branch: 'main', revision: head })
    const v3 = started.headers.get('location')!
    expect(new URL(v3).pathname).toBe(`/api/v3/jobs/${started.body.id}`)
    const refused = await pc('GET', v3)
    expect(refused.status).toBe(404)
    expect(refused.body.error.message).toMatch(/No such endpoint/)
    expect((await pc('GET', `/jobs/${started.body.id}`)).status).toBe(200)

    emu.control.setBehaviour({ serveV3Jobs: true })
    const served = await pc('GET', v3)
    expect(served.status).toBe(200)
    expect(served.body).toEqual((await pc('GET', `/jobs/${started.body.id}`)).body)
    expect(emu.traffic.map(t => t.operation)).toContain('getJobV3')
  })

  it('can answer 404 for the first polls of a new job, then the job', async () => {
    await start({ jobPollNotFound: 2 })
    const started = await pc('POST', `${app}/packages/build`, { branch: 'main', revision: head })
    for (let i = 0; i < 2; i++) {
      const early = await pc('GET', `/jobs/${started.body.id}`)
      expect(early.status).toBe(404)
      expect(early.body.error['invalid-params'][0].reason).toContain(started.body.id)
    }
    expect((await pc('GET', `/jobs/${started.body.id}`)).status).toBe(200)
  })
})

describe('reads that lag a manifest PUT', () => {
  it('show the old package and a stale Failed for n reads after the deploy finished, then the truth', async () => {
    await start({ initialState: { [testEnv]: 'Failed' }, laggingReads: 3, rolloutReads: 0 })
    const before = (await pc('GET', envPath)).body
    expect(before.environment.container.state).toBe('Failed')
    const next = structuredClone(before)
    next.environment.deployment.packageId = SEED.packages.older
    const put = await pc('PUT', envPath, next)
    now += 10_000
    expect((await pc('GET', `/jobs/${put.body.id}`)).body.status).toBe('finished')

    const reads = [
      (await pc('GET', envPath)).body,
      (await pc('GET', `${app}/environments/${testEnv}`)).body,
      (await pc('GET', `${app}/environments`)).body.environments[0]
    ]
    for (const read of reads) {
      expect(read.environment.deployment.packageId).toBe(SEED.packages.released)
      expect(read.environment.container.state).toBe('Failed')
    }
    const settled = (await pc('GET', envPath)).body
    expect(settled.environment.deployment.packageId).toBe(SEED.packages.older)
    expect(settled.environment.container.state).toBe('Ready')
  })

  it('count per environment: reads of other environments do not use up the lag', async () => {
    await start({ laggingReads: 1 })
    const manifest = (await pc('GET', envPath)).body
    manifest.environment.deployment.packageId = SEED.packages.older
    await pc('PUT', envPath, manifest)
    now += 10_000
    const acceptance = `${app}/namespaces/${SEED.namespaceId}/environments/${SEED.environments.acceptance.id}`
    await pc('GET', acceptance)
    expect((await pc('GET', envPath)).body.environment.deployment.packageId).toBe(SEED.packages.released)
    expect((await pc('GET', envPath)).body.environment.deployment.packageId).toBe(SEED.packages.older)
  })

  it('can leave container.state out of the first n reads after a PUT, or out of every read', async () => {
    const emu = await start({ omitState: 2 })
    expect((await pc('GET', envPath)).body.environment.container.state).toBe('Ready')
    const manifest = (await pc('GET', envPath)).body
    await pc('PUT', envPath, manifest)
    now += 10_000
    for (let i = 0; i < 2; i++) {
      const read = (await pc('GET', envPath)).body
      expect(read.environment.container).not.toHaveProperty('state')
      expect(read.environment.container.instances).toBe(1)
    }
    expect((await pc('GET', envPath)).body.environment.container.state).toBe('Ready')
    emu.control.setBehaviour({ omitState: 'always' })
    const list = (await pc('GET', `${app}/environments`)).body.environments
    for (const m of list) expect(m.environment.container).not.toHaveProperty('state')
  })

  it('keep a Failed state from before when the deploy job itself fails', async () => {
    const emu = await start({ initialState: { [testEnv]: 'Failed' } })
    emu.control.injectJobFault({ job: 'deploy', outcome: 'fail', times: 1 })
    const manifest = (await pc('GET', envPath)).body
    const put = await pc('PUT', envPath, manifest)
    expect((await pc('GET', envPath)).body.environment.container.state).toBe('Processing')
    now += 10_000
    expect((await pc('GET', `/jobs/${put.body.id}`)).body.status).toBe('failed')
    expect((await pc('GET', envPath)).body.environment.container.state).toBe('Failed')
  })

  it('rejects an initialState for an environment the seed lacks', async () => {
    await expect(start({ initialState: { nope: 'Failed' } })).rejects.toThrow(/nope/)
  })

  it('can show the new package with the old container state after the job (stale Ready or Failed), then the rollout', async () => {
    for (const initial of ['Ready', 'Failed'] as const) {
      await start({ initialState: { [testEnv]: initial }, staleStateReads: 2, rolloutReads: 1 })
      const manifest = (await pc('GET', envPath)).body
      manifest.environment.deployment.packageId = SEED.packages.older
      const put = await pc('PUT', envPath, manifest)
      now += 10_000
      expect((await pc('GET', `/jobs/${put.body.id}`)).body.status).toBe('finished')
      const states = []
      for (let i = 0; i < 4; i++) {
        const read = (await pc('GET', envPath)).body
        expect(read.environment.deployment.packageId).toBe(SEED.packages.older)
        states.push(read.environment.container.state)
      }
      expect(states).toEqual([initial, initial, 'Processing', 'Ready'])
      await emulator?.close()
      emulator = undefined
    }
  })

  it('can give the rollout its own time after the job: Processing until rolloutMs has passed', async () => {
    await start({ durations: { deployMs: 10_000, rolloutMs: 5000 }, rolloutReads: 0 })
    const put = await pc('PUT', envPath, (await pc('GET', envPath)).body)
    // The job ends at 10 s; the pods start then, whenever someone looks.
    now += 11_000
    expect((await pc('GET', `/jobs/${put.body.id}`)).body.status).toBe('finished')
    expect((await pc('GET', envPath)).body.environment.container.state).toBe('Processing')
    now += 3_000
    expect((await pc('GET', envPath)).body.environment.container.state).toBe('Processing')
    now += 1_000
    expect((await pc('GET', envPath)).body.environment.container.state).toBe('Ready')
  })

  it('can end a deploy job with pods that never become ready, or Failed, and skip the first jobs of a fault', async () => {
    const emu = await start({})
    emu.control.injectJobFault({ job: 'deploy', outcome: 'never-ready', skip: 1, times: 1 })
    const states = []
    for (let i = 0; i < 2; i++) {
      const put = await pc('PUT', envPath, (await pc('GET', envPath)).body)
      now += 10_000
      expect((await pc('GET', `/jobs/${put.body.id}`)).body.status).toBe('finished')
      await pc('GET', envPath)
      states.push((await pc('GET', envPath)).body.environment.container.state)
    }
    expect(states).toEqual(['Ready', 'Processing'])
  })
})

describe('App Repository API', () => {
  it('needs a PAT with mx:modelrepository:repo:read and answers errors in the documented shape', async () => {
    const emu = await start()
    expect(emu.repositoryUrl).toBe(`${new URL(emu.url).origin}/v1`)
    const none = await fetchJson(`${emu.repositoryUrl}/repositories/${SEED.appId}/info`, {})
    expect(none).toMatchObject({
      status: 401,
      body: { errorCode: 'RS401', errorMessage: expect.any(String) }
    })
    emu.control.setTokens({
      builder: ['mx:privatecloud-build:write'],
      reader: ['mx:modelrepository:repo:read']
    })
    const forbidden = await repo(`/repositories/${SEED.appId}/info`, 'builder')
    expect(forbidden.status).toBe(403)
    expect(forbidden.body.errorMessage).toContain('mx:modelrepository:repo:read')
    const info = await repo(`/repositories/${SEED.appId}/info`, 'reader')
    expect(info.status).toBe(200)
    expect(info.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(info.body).toEqual({ appId: SEED.appId, type: 'git', url: expect.stringContaining(SEED.appId) })
  })

  it('answers for the app by its Private Cloud id and by its Mendix Cloud ProjectId; 400/404 otherwise', async () => {
    await start()
    expect((await repo(`/repositories/${SEED.cloud.projectId}/info`)).body.type).toBe('git')
    expect((await repo('/repositories/orders-demo/info')).body.errorCode).toBe('RS400')
    const unknown = await repo('/repositories/00000000-0000-4000-8000-000000000000/info')
    expect(unknown).toMatchObject({ status: 404, body: { errorCode: 'RS404' } })
    expect((await repo(`/repositories/${SEED.appId}/branches/nope`)).status).toBe(404)
  })

  it('gives a Git branch its head, and its commits newest first, the first being the head', async () => {
    await start()
    const main = (await repo(`/repositories/${SEED.appId}/branches/main`)).body
    expect(main).toMatchObject({
      name: 'main',
      latestCommit: {
        id: head,
        author: { name: expect.any(String), email: expect.stringContaining('@') },
        message: expect.any(String),
        relatedStories: expect.any(Array)
      }
    })
    const commits = (await repo(`/repositories/${SEED.appId}/branches/main/commits`)).body
    expect(commits.items[0]).toEqual(main.latestCommit)
    expect(commits.items.map((c: { id: string }) => c.id)).toEqual([
      head,
      SEED.brokenRevision,
      SEED.revisions[1],
      SEED.revisions[0]
    ])
    const dates = commits.items.map((c: { date: string }) => Date.parse(c.date))
    expect([...dates].sort((a, b) => b - a)).toEqual(dates)
    expect(commits.cursors).not.toHaveProperty('next')
    const feature = (await repo(`/repositories/${SEED.appId}/branches/${SEED.featureBranch}/commits`)).body
    expect(feature.items.map((c: { id: string }) => c.id)).toEqual([
      featureHead,
      SEED.featureRevisions[0],
      SEED.revisions[1],
      SEED.revisions[0]
    ])
  })

  it('pages branches and commits with opaque cursors, at most 100 a page', async () => {
    await start()
    const path = `/repositories/${SEED.appId}/branches/main/commits`
    const first = (await repo(`${path}?limit=3`)).body
    expect(first.items).toHaveLength(3)
    expect(first.cursors).not.toHaveProperty('prev')
    const second = (await repo(`${path}?limit=3&cursor=${first.cursors.next}`)).body
    expect(second.items.map((c: { id: string }) => c.id)).toEqual([SEED.revisions[0]])
    expect(second.cursors).toHaveProperty('prev')
    expect(second.cursors).not.toHaveProperty('next')
    expect(second.cursors.last).toBe(first.cursors.next)
    expect((await repo(`${path}?limit=101`)).body.errorCode).toBe('RS400')
    expect((await repo(`${path}?cursor=bogus`)).body.errorCode).toBe('RS400')
    const branches = (await repo(`/repositories/${SEED.appId}/branches`)).body
    expect(branches.items.map((b: { name: string }) => b.name)).toEqual(['main', 'feature-x'])
  })

  it('serves an SVN app: trunk and branches/<name>, URL-encoded, with revision numbers', async () => {
    await start({ repository: 'svn' })
    expect((await repo(`/repositories/${SEED.appId}/info`)).body.type).toBe('svn')
    const trunk = (await repo(`/repositories/${SEED.appId}/branches/trunk`)).body
    expect(trunk.latestCommit.id).toBe(SEED.svn.revisions[SEED.svn.revisions.length - 1])
    expect(trunk.latestCommit.author.name).toBe(trunk.latestCommit.author.email)
    const encoded = encodeURIComponent(SEED.svn.featureBranch)
    expect(encoded).toBe('branches%2Ffeature-x')
    const feature = await repo(`/repositories/${SEED.appId}/branches/${encoded}`)
    expect(feature.body).toMatchObject({ name: 'branches/feature-x', latestCommit: { id: '21' } })
    const commits = (await repo(`/repositories/${SEED.appId}/branches/${encoded}/commits`)).body
    expect(commits.items.map((c: { id: string }) => c.id)).toEqual(['21', '19', '18', '17'])
    const unencoded = await repo(`/repositories/${SEED.appId}/branches/branches/feature-x`)
    expect(unencoded).toMatchObject({ status: 404, body: { errorCode: 'RS404' } })
    expect((await repo(`/repositories/${SEED.appId}/branches/branches/feature-x`, 'nope')).status).toBe(401)
  })
})

describe('branch names on the build APIs, and the revisions the App Repository API gives', () => {
  it('Git: Private Cloud builds feature-x at its head; v1 builds branches/feature-x and refuses the bare name', async () => {
    await start()
    const commits = (await repo(`/repositories/${SEED.appId}/branches/feature-x/commits`)).body.items
    const pcJob = await pcBuild('feature-x', commits[0].id)
    expect(pcJob).toMatchObject({ status: 'finished', packageId: expect.any(String) })
    expect(pcJob.log.build).toContain(`feature-x@${featureHead}`)
    // An older commit of the branch's history builds too, abbreviated as Git allows.
    expect((await pcBuild('feature-x', commits[2].id.slice(0, 7))).status).toBe('finished')
    const wrongForm = await pcBuild('branches/feature-x', featureHead)
    expect(wrongForm.error.message).toMatch(/Branch 'branches\/feature-x' does not exist/)

    expect((await v1Build('branches/feature-x', featureHead)).status).toBe('Succeeded')
    expect((await v1Build('main', head)).status).toBe('Succeeded')
    const bare = (await v1Build('feature-x', featureHead)).start
    expect(bare).toMatchObject({ status: 400, body: { errorCode: 'INVALID_PARAMETERS' } })
    expect(bare.body.errorMessage).toContain("'branches/<name>'")
    expect((await v1Build('trunk', head)).start.body.errorCode).toBe('INVALID_PARAMETERS')
    expect((await v1Build('branches/nope', head)).status).toBe('Failed')
  })

  it('SVN: both build APIs take trunk and branches/feature-x with revision numbers', async () => {
    await start({ repository: 'svn' })
    const trunkHead = (await repo(`/repositories/${SEED.appId}/branches/trunk`)).body.latestCommit.id
    const featureId = (await repo(`/repositories/${SEED.appId}/branches/branches%2Ffeature-x`)).body
      .latestCommit.id
    const trunk = await pcBuild('trunk', trunkHead)
    expect(trunk.status).toBe('finished')
    expect(trunk.log.build).toContain('repository type... svn')
    expect((await pcBuild('branches/feature-x', featureId)).status).toBe('finished')
    expect((await pcBuild('main', trunkHead)).status).toBe('failed')
    expect((await pcBuild('trunk', SEED.svn.brokenRevision)).error.message).toMatch(/model has errors/)
    // A revision number matches exactly: 2 is not an abbreviation of 21 or 22.
    expect((await pcBuild('trunk', '2')).error.message).toMatch(/Revision '2' was not found/)

    expect((await v1Build('trunk', trunkHead)).status).toBe('Succeeded')
    expect((await v1Build('branches/feature-x', featureId)).status).toBe('Succeeded')
    expect((await v1Build('main', trunkHead)).start.body.errorCode).toBe('INVALID_PARAMETERS')
  })
})

describe('Mendix Cloud', () => {
  it('can answer ALREADY_STARTED from the start-status endpoint, with the documented 500 or a 200', async () => {
    const emu = await start({ startStatusAlreadyStarted: true })
    const started = await v1('POST', `${cloudApp}/environments/Acceptance/start`, { AutoSyncDb: true })
    const status = await v1('GET', `${cloudApp}/environments/Acceptance/start/${started.body.JobId}`)
    expect(status).toMatchObject({
      status: 500,
      body: { errorCode: 'ALREADY_STARTED', errorMessage: 'Cannot start app. App is already running.' }
    })
    expect((await v1('GET', `${cloudApp}/environments/Acceptance`)).body.Status).toBe('Running')

    emu.control.setBehaviour({ startStatusAlreadyStarted: 200 })
    await v1('POST', `${cloudApp}/environments/Acceptance/stop`)
    const again = await v1('POST', `${cloudApp}/environments/Acceptance/start`, { AutoSyncDb: true })
    const ok = await v1('GET', `${cloudApp}/environments/Acceptance/start/${again.body.JobId}`)
    expect(ok).toMatchObject({ status: 200, body: { errorCode: 'ALREADY_STARTED' } })
  })

  it('can answer 404 PACKAGE_NOT_FOUND for the first polls of a new build', async () => {
    await start({ cloudBuildPollNotFound: 2 })
    const { body } = await v1('POST', `${cloudApp}/packages`, {
      Branch: 'main',
      Revision: head,
      Version: '1.6.0',
      Description: ''
    })
    for (let i = 0; i < 2; i++) {
      expect(await v1('GET', `${cloudApp}/packages/${body.PackageId}`)).toMatchObject({
        status: 404,
        body: { errorCode: 'PACKAGE_NOT_FOUND' }
      })
    }
    expect((await v1('GET', `${cloudApp}/packages/${body.PackageId}`)).body.Status).toBe('Queued')
    // Packages that already existed are found at once.
    expect((await v1('GET', `${cloudApp}/packages/${SEED.cloud.packages.running}`)).status).toBe(200)
  })

  it('lists constants new in the transported package only after the transport; start needs their values', async () => {
    await start({
      newConstantsInPackage: [
        'Orders.NewConst',
        { name: 'Orders.WithDefault', value: '42', dataType: 'Integer' }
      ]
    })
    const settings = `${cloudApp}/environments/Acceptance/settings`
    const names = async () => (await v1('GET', settings)).body.Constants.map((c: { Name: string }) => c.Name)
    expect(await names()).not.toContain('Orders.NewConst')
    const early = await v1('POST', settings, { Constants: [{ Name: 'Orders.NewConst', Value: 'x' }] })
    expect(early.body.errorCode).toBe('CONSTANT_NOT_FOUND')

    const built = await v1Build('main', head)
    now += 1000
    const transport = await v1('POST', `${cloudApp}/environments/Acceptance/transport`, {
      PackageId: built.start.body.PackageId
    })
    expect(transport.status).toBe(200)
    const after = (await v1('GET', settings)).body.Constants
    expect(after).toEqual(
      expect.arrayContaining([
        { Name: 'Orders.NewConst', DataType: 'String', Value: '', DeployedValue: '' },
        { Name: 'Orders.WithDefault', DataType: 'Integer', Value: '42', DeployedValue: '' }
      ])
    )

    const failing = await v1('POST', `${cloudApp}/environments/Acceptance/start`, { AutoSyncDb: true })
    now += 10_000
    const failed = await v1('GET', `${cloudApp}/environments/Acceptance/start/${failing.body.JobId}`)
    expect(failed).toMatchObject({ status: 500, body: { errorCode: 'MISSING_CONSTANT' } })

    const set = await v1('POST', settings, { Constants: [{ Name: 'Orders.NewConst', Value: 'x' }] })
    expect(set.status).toBe(200)
    const started = await v1('POST', `${cloudApp}/environments/Acceptance/start`, { AutoSyncDb: true })
    now += 10_000
    const status = await v1('GET', `${cloudApp}/environments/Acceptance/start/${started.body.JobId}`)
    expect(status.body.Status).toBe('Started')
    const deployed = (await v1('GET', settings)).body.Constants.find(
      (c: { Name: string }) => c.Name === 'Orders.NewConst'
    )
    expect(deployed).toEqual({ Name: 'Orders.NewConst', DataType: 'String', Value: 'x', DeployedValue: 'x' })
  })
})

/** Sends a multipart upload to the v2 endpoint from a stream, in chunks, as a client streaming a file would. */
function upload(
  emu: Emulator,
  file: { chunks: number; chunkBytes: number } | undefined,
  options: { name?: string; field?: string; headers?: Record<string, string> } = {}
): Promise<Answer> {
  const boundary = 'EmulatorBoundary7f3a'
  const name = options.name ? `?name=${encodeURIComponent(options.name)}` : ''
  const url = new URL(`${emu.cloudV2Url}${cloudApp}/packages/upload${name}`)
  async function* body(): AsyncGenerator<Buffer> {
    if (file) {
      yield Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${options.field ?? 'file'}"; filename="app.mda"\r\n` +
          'Content-Type: application/octet-stream\r\n\r\n'
      )
      // Bytes that look like the start of a boundary must not end the part.
      const chunk = Buffer.alloc(file.chunkBytes, `\r\n--${boundary.slice(0, 8)}x`)
      for (let i = 0; i < file.chunks; i++) yield chunk
      yield Buffer.from('\r\n')
    }
    yield Buffer.from(`--${boundary}--\r\n`)
  }
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, {
      method: 'POST',
      headers: {
        'Mendix-Username': SEED.cloud.username,
        'Mendix-ApiKey': SEED.cloud.apiKey,
        'Content-Type': `multipart/form-data; boundary=${boundary}`,
        ...options.headers
      }
    })
    req.on('response', res => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        resolve({
          status: res.statusCode ?? 0,
          headers: new Headers(),
          body: text ? JSON.parse(text) : undefined
        })
      })
    })
    req.on('error', reject)
    Readable.from(body()).pipe(req)
  })
}

describe('Mendix Cloud package upload (Deploy API v2)', () => {
  it('streams the file, answers PackageId and JobId, and the job goes Queued, Running, Completed', async () => {
    const emu = await start()
    const answer = await upload(emu, { chunks: 4, chunkBytes: 1000 }, { name: 'Orders_1.7.0.12.mda' })
    expect(answer).toMatchObject({
      status: 200,
      body: { PackageId: expect.any(String), JobId: expect.any(String) }
    })
    const job = `${emu.cloudV2Url}${cloudApp}/jobs/${answer.body.JobId}`
    const status = async () => (await fetchJson(job, { headers: cloudAuth })).body.Status
    expect(await status()).toBe('Queued')
    const pkg = async () => (await v1('GET', `${cloudApp}/packages/${answer.body.PackageId}`)).body
    now += 500
    expect(await status()).toBe('Running')
    expect((await pkg()).Status).toBe('Uploading')
    now += 500
    expect(await status()).toBe('Completed')
    expect(await pkg()).toMatchObject({
      Status: 'Succeeded',
      Name: 'Orders_1.7.0.12.mda',
      Version: '1.7.0',
      Size: 4000
    })
    expect(emu.traffic.find(t => t.operation === 'cloudUpload')?.body).toEqual({
      multipartBytes: expect.any(Number)
    })

    await v1('POST', `${cloudApp}/environments/Test/stop`)
    now += 1000
    const transport = await v1('POST', `${cloudApp}/environments/Test/transport`, {
      PackageId: answer.body.PackageId
    })
    expect(transport.status).toBe(200)
    expect((await fetchJson(`${emu.cloudV2Url}${cloudApp}/jobs/nope`, { headers: cloudAuth })).status).toBe(
      404
    )
  })

  it('takes a file larger than the emulator ever buffers (64 MiB) without holding it', async () => {
    const emu = await start()
    const answer = await upload(emu, { chunks: 72, chunkBytes: 1024 * 1024 })
    expect(answer.status).toBe(200)
    now += 1000
    expect((await v1('GET', `${cloudApp}/packages/${answer.body.PackageId}`)).body).toMatchObject({
      Size: 72 * 1024 * 1024,
      Name: 'default.mda'
    })
  })

  it('asks for the API key and Transport Rights, a part named file, and at most the size limit', async () => {
    const emu = await start({ uploadLimitBytes: 1000 })
    const noKey = await upload(emu, { chunks: 1, chunkBytes: 10 }, { headers: { 'Mendix-ApiKey': 'wrong' } })
    expect(noKey).toMatchObject({ status: 401, body: { errorCode: 'UNAUTHORIZED' } })
    emu.state.cloud.users[SEED.cloud.username].transport = false
    const noRights = await upload(emu, { chunks: 1, chunkBytes: 10 })
    expect(noRights).toMatchObject({ status: 403, body: { errorCode: 'NO_ACCESS' } })
    emu.state.cloud.users[SEED.cloud.username].transport = true
    const wrongField = await upload(emu, { chunks: 1, chunkBytes: 10 }, { field: 'package' })
    expect(wrongField).toMatchObject({ status: 400, body: { errorCode: 'INVALID_PARAMETERS' } })
    expect((await upload(emu, undefined)).body.errorCode).toBe('INVALID_PARAMETERS')
    const tooLarge = await upload(emu, { chunks: 2, chunkBytes: 600 })
    expect(tooLarge).toMatchObject({ status: 413, body: { errorCode: 'PACKAGE_TOO_LARGE' } })
    expect((await upload(emu, { chunks: 1, chunkBytes: 1000 })).status).toBe(200)
  })

  it('fails the upload job when a job fault says so; the package is then Failed', async () => {
    const emu = await start()
    emu.control.injectJobFault({ job: 'upload', outcome: 'fail', times: 1 })
    const answer = await upload(emu, { chunks: 1, chunkBytes: 100 })
    now += 1000
    const job = await fetchJson(`${emu.cloudV2Url}${cloudApp}/jobs/${answer.body.JobId}`, {
      headers: cloudAuth
    })
    expect(job.body.Status).toBe('Failed')
    expect((await v1('GET', `${cloudApp}/packages/${answer.body.PackageId}`)).body.Status).toBe('Failed')
  })
})

describe('the streaming multipart reader', () => {
  it('reads the same parts whatever the chunk boundaries', async () => {
    const boundary = 'b0undary'
    const text =
      'preamble\r\n' +
      `--${boundary}\r\nContent-Disposition: form-data; name="fileName"\r\n\r\nhotfix\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.mda"\r\n\r\n` +
      `PK\r\n--b0und\r\n--${boundary.slice(0, 7)}\r\n` +
      `--${boundary}--\r\n`
    const whole = Buffer.from(text)
    for (const size of [1, 2, 3, 7, 11, whole.length]) {
      const chunks: Buffer[] = []
      for (let i = 0; i < whole.length; i += size) chunks.push(whole.subarray(i, i + size))
      const read = await readMultipartStream(
        `multipart/form-data; boundary=${boundary}`,
        Readable.from(chunks)
      )
      expect(read?.bytes).toBe(whole.length)
      expect(read?.parts.map(p => [p.name, p.filename, p.size, p.data?.toString()])).toEqual([
        ['fileName', undefined, 6, 'hotfix'],
        ['file', 'a.mda', `PK\r\n--b0und\r\n--${boundary.slice(0, 7)}`.length, undefined]
      ])
    }
  })

  it('refuses a body without its closing boundary, and ignores a content type that is not multipart', async () => {
    const open = Readable.from([Buffer.from('--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nz')])
    await expect(readMultipartStream('multipart/form-data; boundary=x', open)).rejects.toThrow(
      /closing boundary/
    )
    expect(await readMultipartStream('application/json', Readable.from([]))).toBeUndefined()
  })
})

describe('Private Cloud error bodies', () => {
  it('carry invalid-params[].reason on validation failures; a generic message leaves the detail to them', async () => {
    const emu = await start()
    const detailed = await pc('POST', `${app}/packages/build`, { branch: '', revision: head })
    expect(detailed.status).toBe(400)
    expect(detailed.body.error.message).toContain('branch')
    expect(detailed.body.error['invalid-params']).toEqual([
      { name: 'branch', reason: expect.stringContaining('fewer than 1') }
    ])

    emu.control.setBehaviour({ validationMessage: 'generic' })
    const build = await pc('POST', `${app}/packages/build`, { branch: '', revision: head })
    expect(build.body).toEqual({
      error: {
        code: 400,
        message: 'The request has validation errors.',
        'invalid-params': [{ name: 'branch', reason: expect.any(String) }]
      }
    })
    const manifest = (await pc('GET', envPath)).body
    manifest.environment.container.instances = 11
    const put = await pc('PUT', envPath, manifest)
    expect(put.body.error.message).toBe('Request validation errors')
    expect(put.body.error['invalid-params']).toEqual([
      { name: 'environment.container.instances', reason: expect.stringContaining('10') }
    ])
    expect((await pc('GET', `${app}/packages?limit=51`)).body.error['invalid-params'][0].name).toBe('limit')
  })

  it('name what was not found in invalid-params, as the spec examples do', async () => {
    await start()
    const pkg = await pc('GET', `${app}/packages/00000000-0000-4000-8000-000000000000`)
    expect(pkg.status).toBe(404)
    expect(pkg.body.error['invalid-params'][0]).toEqual({
      name: 'Validation',
      reason: expect.stringContaining('00000000-0000-4000-8000-000000000000')
    })
    expect((await pc('GET', '/jobs/nope')).body.error['invalid-params'][0].reason).toContain('nope')
  })
})

describe('the command line', () => {
  function run(args: string[]) {
    return spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), ['emulator/cli.ts', '--port', '0', ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe']
    })
  }

  it('serves an SVN repository with path Locations, and prints a branch and revision that build', async () => {
    const child = run(['--repository', 'svn', '--location-style', 'path', '--lagging-reads', '2'])
    try {
      const [first] = (await once(createInterface({ input: child.stdout }), 'line')) as [string]
      const info = JSON.parse(first) as { url: string; token: string; appId: string; branch: string } & {
        revision: string
        repositoryUrl: string
      }
      expect(info).toMatchObject({ branch: 'trunk', revision: '22' })
      const head = await fetch(`${info.repositoryUrl}/repositories/${info.appId}/branches/${info.branch}`, {
        headers: { Authorization: `MxToken ${info.token}` }
      })
      expect(((await head.json()) as { latestCommit: { id: string } }).latestCommit.id).toBe(info.revision)
      const build = await fetch(`${info.url}/apps/${info.appId}/packages/build`, {
        method: 'POST',
        headers: { Authorization: `MxToken ${info.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ branch: info.branch, revision: info.revision })
      })
      expect(build.headers.get('location')).toMatch(/^\/api\/v4\/jobs\//)
    } finally {
      child.kill('SIGTERM')
      await once(child, 'exit')
    }
  })

  it('refuses an unknown repository type, saying which ones it takes', async () => {
    const child = run(['--repository', 'hg'])
    const stderr: Buffer[] = []
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk))
    const [code] = (await once(child, 'exit')) as [number | null]
    expect(code).toBe(1)
    expect(Buffer.concat(stderr).toString()).toContain('--repository must be git or svn')
  })
})
