/** The emulator's environment create and delete, as the Deploy API docs describe them. */
import { DEMO_TOKEN, SEED, startEmulator, type Emulator } from '../emulator/index.js'

let emulator: Emulator
let now: number

beforeEach(async () => {
  now = Date.parse('2026-11-22T10:00:00Z')
  emulator = await startEmulator({ now: () => now, durations: { otherMs: 1000 } })
})
afterEach(() => emulator.close())

interface Answer {
  status: number
  body: { id?: string; status?: string; error?: { message: string; 'invalid-params'?: unknown[] } }
}

async function call(method: string, path: string, body?: unknown): Promise<Answer> {
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    headers: {
      Authorization: `MxToken ${DEMO_TOKEN}`,
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {})
    },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  const text = await response.text()
  return { status: response.status, body: text ? JSON.parse(text) : {} }
}

const app = `/apps/${SEED.appId}`
const envPath = (id: string) => `${app}/namespaces/${SEED.namespaceId}/environments/${id}`

type ManifestBody = {
  environment: {
    id: string
    properties: { name: string; defaultStudioTarget: boolean }
    container: { state?: string }
    services: Array<{ name: string; plan: string }>
  }
}

/** The test environment's manifest, re-identified, with OnDemand plans unless told otherwise. */
async function copyOfTest(id: string, plan = 'OnDemand'): Promise<ManifestBody> {
  const manifest = (await call('GET', envPath(SEED.environments.test.id))).body as unknown as ManifestBody
  manifest.environment.id = id
  manifest.environment.properties.name = `copy-${id}`
  manifest.environment.properties.defaultStudioTarget = false
  manifest.environment.services = manifest.environment.services.map(s => ({ ...s, plan }))
  return manifest
}

async function jobStatus(id: string): Promise<{ status?: string; error?: { message: string } }> {
  now += 1000
  return (await call('GET', `/jobs/${id}`)).body
}

const ids = () => emulator.state.environments.map(m => m.environment.id)

describe('create environment', () => {
  it('validates the body against the spec schema', async () => {
    const answer = await call('POST', `${app}/environments`, {
      manifestVersion: '2.0.0',
      environment: { id: 'x' }
    })
    expect(answer.status).toBe(400)
    expect(answer.body.error?.['invalid-params']).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'environment.properties' })])
    )
  })

  it('keeps the documented name rules: 400 for uppercase, edge dashes and reserved prefixes', async () => {
    for (const id of ['Preview1', '-pv1', 'pv1-', 'mendix-a', 'openshift-b', 'pv_1']) {
      const answer = await call('POST', `${app}/environments`, await copyOfTest(id))
      expect([id, answer.status]).toEqual([id, 400])
    }
    expect(ids()).toHaveLength(3)
  })

  it('creates through a job; the environment exists once it finishes, its runtime secrets kept apart', async () => {
    const body = await copyOfTest('pv1abc')
    ;(body.environment as unknown as { runtime: Record<string, string> }).runtime.subscriptionSecret =
      'TElDRU5TRQ=='
    const answer = await call('POST', `${app}/environments`, body)
    expect(answer.status).toBe(202)
    expect(ids()).not.toContain('pv1abc')
    expect(await jobStatus(answer.body.id!)).toMatchObject({ status: 'finished' })
    expect(ids()).toContain('pv1abc')
    const read = await call('GET', envPath('pv1abc'))
    expect(read.body).toMatchObject({ environment: { container: { state: 'Ready' } } })
    expect(JSON.stringify(read.body)).not.toContain('TElDRU5TRQ==')
    expect(emulator.state.secrets.pv1abc).toEqual({ subscriptionSecret: 'TElDRU5TRQ==' })
  })

  it('fails the job for an id in use, and for the id of a deleted environment', async () => {
    const taken = await call('POST', `${app}/environments`, await copyOfTest(SEED.environments.acceptance.id))
    expect(await jobStatus(taken.body.id!)).toMatchObject({
      status: 'failed',
      error: { message: expect.stringMatching(/not available/) }
    })
    const made = await call('POST', `${app}/environments`, await copyOfTest('pv2abc'))
    await jobStatus(made.body.id!)
    const deleted = await call('DELETE', envPath('pv2abc'))
    expect(deleted.status).toBe(202)
    // Still being deleted: the name cannot be taken.
    const whileDeleting = await call('POST', `${app}/environments`, await copyOfTest('pv2abc'))
    await jobStatus(deleted.body.id!)
    expect(await jobStatus(whileDeleting.body.id!)).toMatchObject({ status: 'failed' })
    const again = await call('POST', `${app}/environments`, await copyOfTest('pv2abc'))
    expect(await jobStatus(again.body.id!)).toMatchObject({
      status: 'failed',
      error: { message: expect.stringMatching(/pv2abc is not available/) }
    })
    expect(ids()).not.toContain('pv2abc')
  })

  it('fails the job when a Dedicated plan is already used by another environment', async () => {
    const answer = await call('POST', `${app}/environments`, await copyOfTest('pv3abc', 'Dedicated'))
    expect(await jobStatus(answer.body.id!)).toMatchObject({
      status: 'failed',
      error: { message: expect.stringMatching(/Dedicated plan orders_db is already used by environment/) }
    })
    expect(ids()).not.toContain('pv3abc')
  })

  it('goes through the fault plan, and an injected job failure leaves a half-made environment', async () => {
    emulator.control.inject({
      operation: 'createEnvironment',
      fault: { kind: 'status', status: 503 },
      times: 1
    })
    expect((await call('POST', `${app}/environments`, await copyOfTest('pv4abc'))).status).toBe(503)
    emulator.control.injectJobFault({
      job: 'create',
      outcome: 'fail',
      message: 'Operator timed out',
      times: 1
    })
    const answer = await call('POST', `${app}/environments`, await copyOfTest('pv4abc'))
    expect(await jobStatus(answer.body.id!)).toMatchObject({
      status: 'failed',
      error: { message: 'Operator timed out' }
    })
    expect((await call('GET', envPath('pv4abc'))).body).toMatchObject({
      environment: { container: { state: 'Failed' } }
    })
  })
})

describe('delete environment', () => {
  it('deletes through a job; the environment is gone afterwards', async () => {
    const answer = await call('DELETE', envPath(SEED.environments.acceptance.id))
    expect(answer.status).toBe(202)
    expect(ids()).toContain(SEED.environments.acceptance.id)
    expect(await jobStatus(answer.body.id!)).toMatchObject({ status: 'finished' })
    expect(ids()).not.toContain(SEED.environments.acceptance.id)
    expect((await call('GET', envPath(SEED.environments.acceptance.id))).status).toBe(404)
  })

  it('refuses the default Studio Pro target without force, and answers 404 for an unknown one', async () => {
    expect((await call('DELETE', envPath(SEED.environments.test.id))).status).toBe(400)
    expect((await call('DELETE', envPath('nope1234'))).status).toBe(404)
  })

  it('goes through the fault plan; an injected job failure leaves the environment listed', async () => {
    emulator.control.inject({
      operation: 'deleteEnvironment',
      fault: { kind: 'status', status: 429 },
      times: 1
    })
    expect((await call('DELETE', envPath(SEED.environments.acceptance.id))).status).toBe(429)
    emulator.control.injectJobFault({
      job: 'delete',
      outcome: 'fail',
      message: 'agent disconnected',
      times: 1
    })
    const answer = await call('DELETE', envPath(SEED.environments.acceptance.id))
    expect(await jobStatus(answer.body.id!)).toMatchObject({
      status: 'failed',
      error: { message: 'agent disconnected' }
    })
    expect(ids()).toContain(SEED.environments.acceptance.id)
  })
})
