/** The emulator's classic Mendix Cloud: v1 Build and Deploy APIs and v2 backups, over real HTTP. */
import { SEED, startEmulator, type Emulator } from '../emulator/index.js'

let emulator: Emulator
let now: number

beforeEach(async () => {
  now = Date.parse('2026-11-22T10:00:00Z')
  emulator = await startEmulator({
    now: () => now,
    durations: { buildMs: 30_000, deployMs: 10_000, otherMs: 1000 }
  })
})
afterEach(() => emulator.close())

const auth = {
  'Mendix-Username': SEED.cloud.username,
  'Mendix-ApiKey': SEED.cloud.apiKey,
  'Content-Type': 'application/json'
}

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = auth) {
  const base = path.startsWith('/api/') ? emulator.cloudUrl.replace('/api/1', '') : emulator.cloudUrl
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  return { status: response.status, body: (await response.json()) as any } // eslint-disable-line @typescript-eslint/no-explicit-any
}

const app = `/apps/${SEED.cloud.appId}`
const head = SEED.revisions[SEED.revisions.length - 1]

describe('Mendix Cloud emulator', () => {
  it('asks for Mendix-Username and Mendix-ApiKey, and the rights each call needs', async () => {
    expect((await call('GET', app, undefined, { 'Content-Type': 'application/json' })).status).toBe(401)
    expect((await call('GET', app, undefined, { ...auth, 'Mendix-ApiKey': 'wrong' })).body.errorCode).toBe(
      'UNAUTHORIZED'
    )
    emulator.state.cloud.users[SEED.cloud.username].transport = false
    const stop = await call('POST', `${app}/environments/Acceptance/stop`)
    expect(stop.status).toBe(403)
    expect(stop.body).toEqual({
      errorCode: 'NO_ACCESS',
      errorMessage: expect.stringContaining('Transport Rights')
    })
  })

  it('builds a package: Queued, Building, then Succeeded; rejects a version that is not x.y.z', async () => {
    const bad = await call('POST', `${app}/packages`, {
      Branch: 'main',
      Revision: head,
      Version: '1.2',
      Description: 'd'
    })
    expect(bad.body.errorCode).toBe('INVALID_VERSION')
    const { body } = await call('POST', `${app}/packages`, {
      Branch: 'main',
      Revision: head,
      Version: '1.5.0',
      Description: 'd'
    })
    expect((await call('GET', `${app}/packages/${body.PackageId}`)).body.Status).toBe('Queued')
    now += 1000
    expect((await call('GET', `${app}/packages/${body.PackageId}`)).body.Status).toBe('Building')
    now += 29_000
    expect((await call('GET', `${app}/packages/${body.PackageId}`)).body).toMatchObject({
      Status: 'Succeeded',
      Version: '1.5.0'
    })
  })

  it('refuses to transport to a running environment, and asks to retry while the package is processed', async () => {
    const { body } = await call('POST', `${app}/packages`, {
      Branch: 'main',
      Revision: head,
      Version: '1.5.0',
      Description: ''
    })
    now += 30_000
    const running = await call('POST', `${app}/environments/Test/transport`, { PackageId: body.PackageId })
    expect(running).toEqual({
      status: 403,
      body: { errorCode: 'APP_IS_RUNNING', errorMessage: expect.any(String) }
    })
    await call('POST', `${app}/environments/Test/stop`)
    expect((await call('GET', `${app}/environments/Test`)).body.Status).toBe('Stopped')
    expect(
      (await call('POST', `${app}/environments/Test/transport`, { PackageId: body.PackageId })).status
    ).toBe(503)
    now += 1000
    expect(
      (await call('POST', `${app}/environments/Test/transport`, { PackageId: body.PackageId })).status
    ).toBe(200)
    expect((await call('GET', `${app}/environments/Test/package`)).body.PackageId).toBe(body.PackageId)
  })

  it('starts with a job that ends Started, and answers ALREADY_STARTED for a running app', async () => {
    const started = await call('POST', `${app}/environments/Acceptance/start`, { AutoSyncDb: true })
    expect(started.body.JobId).toBeDefined()
    expect(
      (await call('GET', `${app}/environments/Acceptance/start/${started.body.JobId}`)).body.Status
    ).toBe('Starting')
    now += 10_000
    expect(
      (await call('GET', `${app}/environments/Acceptance/start/${started.body.JobId}`)).body.Status
    ).toBe('Started')
    expect((await call('GET', `${app}/environments/Acceptance`)).body.Status).toBe('Running')
    expect(
      (await call('POST', `${app}/environments/Acceptance/start`, { AutoSyncDb: true })).body.errorCode
    ).toBe('ALREADY_STARTED')
  })

  it('fails a start with the documented code as an HTTP error', async () => {
    emulator.control.injectJobFault({
      job: 'start',
      outcome: 'fail',
      code: 'MISSING_CONSTANT',
      message: 'Cannot start app. Missing one or more constant values.'
    })
    const started = await call('POST', `${app}/environments/Acceptance/start`, { AutoSyncDb: true })
    now += 10_000
    const status = await call('GET', `${app}/environments/Acceptance/start/${started.body.JobId}`)
    expect(status).toEqual({
      status: 500,
      body: { errorCode: 'MISSING_CONSTANT', errorMessage: expect.stringContaining('constant') }
    })
    expect((await call('GET', `${app}/environments/Acceptance`)).body.Status).toBe('Stopped')
  })

  it('changes settings, rejecting unknown constants', async () => {
    const settings = (await call('GET', `${app}/environments/Acceptance/settings`)).body
    settings.Constants[1].Value = '500'
    expect((await call('POST', `${app}/environments/Acceptance/settings`, settings)).status).toBe(200)
    expect((await call('GET', `${app}/environments/Acceptance/settings`)).body.Constants[1].Value).toBe('500')
    const unknown = await call('POST', `${app}/environments/Acceptance/settings`, {
      Constants: [{ Name: 'Nope.X', Value: '1' }]
    })
    expect(unknown.body.errorCode).toBe('CONSTANT_NOT_FOUND')
  })

  it('takes a backup with the v2 API: queued, running, completed', async () => {
    const path = `/api/v2/apps/${SEED.cloud.projectId}/environments/${SEED.cloud.environments.Production}/snapshots`
    const created = await call('POST', path, { comment: 'before deploy' })
    expect(created.status).toBe(201)
    expect(created.body.state).toBe('queued')
    now += 1000
    expect((await call('GET', `${path}/${created.body.snapshot_id}`)).body.state).toBe('running')
    now += 5000
    expect((await call('GET', `${path}/${created.body.snapshot_id}`)).body.state).toBe('completed')
    expect((await call('GET', path)).body).toMatchObject({
      total: 1,
      snapshots: [{ comment: 'before deploy' }]
    })
  })
})
