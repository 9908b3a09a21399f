import { request as httpRequest } from 'node:http'
import { DEMO_TOKEN, SEED, startEmulator, type Emulator } from '../emulator/index.js'

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

interface Answer {
  status: number
  headers: Headers
  body: any // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  text: string
}

async function call(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {}
): Promise<Answer> {
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    headers: {
      Authorization: `MxToken ${DEMO_TOKEN}`,
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...headers
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
  })
  const text = await response.text()
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    parsed = undefined
  }
  return { status: response.status, headers: response.headers, body: parsed, text }
}

const app = `/apps/${SEED.appId}`
const envPath = (id: string = SEED.environments.test.id) =>
  `${app}/namespaces/${SEED.namespaceId}/environments/${id}`
const head = SEED.revisions[SEED.revisions.length - 1]

describe('auth and scopes', () => {
  it('answers 401 without a token, with another scheme, or with an unknown token', async () => {
    for (const authorization of ['', `Bearer ${DEMO_TOKEN}`, 'MxToken nope']) {
      const answer = await call('GET', `${app}/packages`, undefined, { Authorization: authorization })
      expect(answer.status).toBe(401)
      expect(answer.body.error.code).toBe(401)
    }
  })

  it('answers 403 naming the scope when the token lacks it', async () => {
    emulator.control.setTokens({
      reader: ['mx:privatecloud-build:read', 'mx:deployment:read'],
      builder: ['mx:privatecloud-build:write']
    })
    const asReader = { Authorization: 'MxToken reader' }
    expect((await call('GET', `${app}/packages`, undefined, asReader)).status).toBe(200)
    expect((await call('GET', envPath(), undefined, asReader)).status).toBe(200)
    const build = await call(
      'POST',
      `${app}/packages/build`,
      { branch: 'main', revision: head },
      { Authorization: 'MxToken builder' }
    )
    expect(build.status).toBe(403)
    expect(build.body.error['invalid-params'][0].reason).toContain('mx:modelrepository:write')
    const manifest = (await call('GET', envPath())).body
    const put = await call('PUT', envPath(), manifest, asReader)
    expect(put.status).toBe(403)
    expect(put.body.error['invalid-params'][0].reason).toContain('mx:deployment:write')
  })
})

describe('build jobs', () => {
  it('moves created -> running -> finished, points Location at the job, and then lists the package', async () => {
    const started = await call('POST', `${app}/packages/build`, {
      branch: 'main',
      revision: head.slice(0, 7),
      version: '1.5.0',
      description: 'd [m]'
    })
    expect(started.status).toBe(202)
    expect(started.body.status).toBe('created')
    expect(started.headers.get('location')).toBe(`${emulator.url}/jobs/${started.body.id}`)
    const jobPath = new URL(started.headers.get('location')!).pathname.replace('/api/v4', '')

    now += 1000
    expect((await call('GET', jobPath)).body.status).toBe('running')
    now += 29_000
    const finished = (await call('GET', jobPath)).body
    expect(finished.status).toBe('finished')
    expect(finished.packageId).toMatch(/^[0-9a-f-]{36}$/)

    const list = (await call('GET', `${app}/packages?limit=50`)).body
    const built = list.packages.find((p: { id: string }) => p.id === finished.packageId)
    expect(built).toMatchObject({ description: 'd [m]', modelVersion: expect.stringMatching(/^1\.5\.0\./) })
    const withLog = (await call('GET', `${jobPath}?log=true`)).body
    expect(withLog.log.build).toContain('Build succeeded')
  })

  it('fails a build of an unknown branch or revision, or a broken revision, with a log saying why', async () => {
    const cases = [
      [{ branch: 'feature/x', revision: head }, /Branch 'feature\/x' does not exist/],
      [{ branch: 'main', revision: 'deadbeefdeadbeef' }, /Revision 'deadbeefdeadbeef' was not found/],
      [{ branch: 'main', revision: SEED.brokenRevision }, /model has errors/]
    ] as const
    for (const [body, message] of cases) {
      const started = (await call('POST', `${app}/packages/build`, body)).body
      now += 30_000
      const job = (await call('GET', `/jobs/${started.id}?log=true`)).body
      expect(job.status).toBe('failed')
      expect(job.error.message).toMatch(message)
      expect(job.packageId).toBeUndefined()
      expect(job.log.build.length).toBeGreaterThan(0)
    }
    const broken = (
      await call('POST', `${app}/packages/build`, { branch: 'main', revision: SEED.brokenRevision })
    ).body
    now += 30_000
    expect((await call('GET', `/jobs/${broken.id}?log=true`)).body.log.build).toContain('CE1613')
  })

  it('rejects a build request that breaks the schema, naming the field', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ branch: 'main' }, /revision/],
      [{ branch: '', revision: head }, /branch must NOT have fewer than 1 characters/],
      [{ branch: 'b'.repeat(201), revision: head }, /branch must NOT have more than 200/],
      [{ branch: 'main', revision: 'r'.repeat(51) }, /revision must NOT have more than 50/],
      [{ branch: 'main', revision: 1234 }, /revision must be string/],
      [
        { branch: 'main', revision: head, version: '1.2.3.4.5.6.7.8.9.10.11' },
        /version must NOT have more than 20/
      ],
      ['{not json', /not valid JSON/]
    ]
    for (const [body, message] of cases) {
      const answer = await call('POST', `${app}/packages/build`, body)
      expect(answer.status).toBe(400)
      expect(answer.body.error.code).toBe(400)
      expect(answer.body.error.message).toMatch(message)
    }
  })

  it('answers 404 for another app and for a job that does not exist', async () => {
    expect((await call('GET', '/apps/00000000-0000-4000-8000-000000000000/packages')).status).toBe(404)
    expect((await call('GET', '/jobs/nope')).status).toBe(404)
  })
})

describe('packages', () => {
  it('pages with offset and limit, at most 50', async () => {
    const first = (await call('GET', `${app}/packages?offset=0&limit=1`)).body
    expect(first.packages).toHaveLength(1)
    expect(first.pagination).toEqual({ offset: 0, limit: 1, size: 1 })
    const second = (await call('GET', `${app}/packages?offset=1&limit=1`)).body
    expect(second.packages[0].id).not.toBe(first.packages[0].id)
    const past = (await call('GET', `${app}/packages?offset=5`)).body
    expect(past.pagination.size).toBe(0)
    const tooMany = await call('GET', `${app}/packages?limit=51`)
    expect(tooMany.status).toBe(400)
    expect(tooMany.body.error.message).toMatch(/limit must be <= 50/)
  })

  it('returns one package with a download URL and its build log on request', async () => {
    const one = (await call('GET', `${app}/packages/${SEED.packages.released}?url=true&log=true`)).body
      .package
    expect(one.id).toBe(SEED.packages.released)
    expect(one.url.ttl).toBe(900)
    expect(one.buildLog).toContain('Build succeeded')
    const plain = (await call('GET', `${app}/packages/${SEED.packages.released}`)).body.package
    expect(plain.url).toBeUndefined()
    expect(plain.buildLog).toBeUndefined()
    expect((await call('GET', `${app}/packages/not-a-uuid`)).status).toBe(404)
  })

  it('uploads an .mda with multipart and deletes a package no environment runs', async () => {
    const form = new FormData()
    form.append('file', new Blob([Buffer.from('PK mda bytes')]), 'app.mda')
    form.append('fileName', 'hotfix')
    const upload = await fetch(`${emulator.url}${app}/packages`, {
      method: 'POST',
      headers: { Authorization: `MxToken ${DEMO_TOKEN}` },
      body: form
    })
    expect(upload.status).toBe(202)
    const job = (await upload.json()) as { id: string }
    now += 1000
    const done = (await call('GET', `/jobs/${job.id}`)).body
    expect(done.status).toBe('finished')
    const pkg = (await call('GET', `${app}/packages/${done.packageId}`)).body.package
    expect(pkg).toMatchObject({ fileName: 'hotfix.mda', fileSize: 12 })

    const del = await call('DELETE', `${app}/packages/${done.packageId}`)
    expect(del.status).toBe(202)
    now += 1000
    expect((await call('GET', `/jobs/${del.body.id}`)).body.status).toBe('finished')
    expect((await call('GET', `${app}/packages/${done.packageId}`)).status).toBe(404)

    const inUse = await call('DELETE', `${app}/packages/${SEED.packages.released}`)
    now += 1000
    expect((await call('GET', `/jobs/${inUse.body.id}`)).body.error.message).toMatch(/in use/)
  })
})

describe('environments and manifests', () => {
  it('lists environments with full manifests, one of them production', async () => {
    const { environments } = (await call('GET', `${app}/environments`)).body
    expect(environments.map((m: { environment: { id: string } }) => m.environment.id)).toEqual([
      SEED.environments.test.id,
      SEED.environments.acceptance.id,
      SEED.environments.production.id
    ])
    expect(
      environments.filter(
        (m: { environment: { properties: { production: boolean } } }) => m.environment.properties.production
      )
    ).toHaveLength(1)
    expect(environments[0].environment.deployment.constants.length).toBeGreaterThan(0)
    expect((await call('GET', `${app}/environments?offset=1&limit=1`)).body.environments).toHaveLength(1)
  })

  it('applies a PUT through a job, shows Processing meanwhile, and keeps unknown fields', async () => {
    const manifest = (await call('GET', envPath())).body
    manifest.environment.deployment.packageId = SEED.packages.older
    manifest.environment.futureField = { nested: [1, { deeper: true }] }
    manifest.topLevelExtra = 'kept'
    const put = await call('PUT', envPath(), manifest)
    expect(put.status).toBe(202)
    expect(put.headers.get('location')).toBe(`${emulator.url}/jobs/${put.body.id}`)

    now += 1000
    expect((await call('GET', envPath())).body.environment.container.state).toBe('Processing')
    expect((await call('GET', `/jobs/${put.body.id}`)).body.status).toBe('running')
    now += 9000
    expect((await call('GET', `/jobs/${put.body.id}`)).body.status).toBe('finished')
    // The new package is there at once; the first read after the job shows its rollout under way.
    const rolling = (await call('GET', envPath())).body
    expect(rolling.environment.deployment.packageId).toBe(SEED.packages.older)
    expect(rolling.environment.container.state).toBe('Processing')
    const after = (await call('GET', envPath())).body
    expect(after.environment.container.state).toBe('Ready')
    expect(after.environment.deployment.packageId).toBe(SEED.packages.older)
    expect(after.environment.futureField).toEqual({ nested: [1, { deeper: true }] })
    expect(after.topLevelExtra).toBe('kept')
  })

  it('keeps runtime secrets out of GET answers, as Deploy API 4.14 does', async () => {
    const manifest = (await call('GET', envPath())).body
    manifest.environment.runtime.mxAdminPassword = Buffer.from('S3cret!').toString('base64')
    const put = (await call('PUT', envPath(), manifest)).body
    now += 10_000
    expect((await call('GET', `/jobs/${put.id}`)).body.status).toBe('finished')
    expect((await call('GET', envPath())).body.environment.runtime.mxAdminPassword).toBeUndefined()
  })

  it('fails the deploy job for a package the app does not have', async () => {
    const manifest = (await call('GET', envPath())).body
    manifest.environment.deployment.packageId = '00000000-0000-4000-8000-000000000000'
    const put = (await call('PUT', envPath(), manifest)).body
    now += 10_000
    const job = (await call('GET', `/jobs/${put.id}`)).body
    expect(job.status).toBe('failed')
    expect(job.error.message).toMatch(/does not exist/)
    expect((await call('GET', envPath())).body.environment.deployment.packageId).toBe(SEED.packages.released)
  })

  it('validates the manifest and the required Content-Type, naming the field', async () => {
    const manifest = (await call('GET', envPath())).body
    const noType = await fetch(`${emulator.url}${envPath()}`, {
      method: 'PUT',
      headers: { Authorization: `MxToken ${DEMO_TOKEN}` },
      body: new Blob([JSON.stringify(manifest)])
    })
    expect(noType.status).toBe(400)
    expect(await noType.text()).toContain('Content-Type')

    const broken = structuredClone(manifest)
    broken.environment.container.instances = 11
    delete broken.environment.deployment.appUrl
    broken.environment.services[0].plan = 'Free'
    const answer = await call('PUT', envPath(), broken)
    expect(answer.status).toBe(400)
    const names = answer.body.error['invalid-params'].map((p: { name: string }) => p.name)
    expect(names).toEqual(
      expect.arrayContaining([
        'environment.container.instances',
        'environment.deployment.appUrl',
        'environment.services.0.plan'
      ])
    )

    const otherId = structuredClone(manifest)
    otherId.environment.id = SEED.environments.production.id
    expect((await call('PUT', envPath(), otherId)).body.error.message).toMatch(
      /environment.id does not match/
    )
  })

  it('answers 404 for an environment in another namespace, and serves the deprecated routes', async () => {
    expect(
      (await call('GET', `${app}/namespaces/other/environments/${SEED.environments.test.id}`)).status
    ).toBe(404)
    const old = await call('GET', `${app}/environments/${SEED.environments.test.id}`)
    expect(old.status).toBe(200)
    expect(old.body.environment.id).toBe(SEED.environments.test.id)
    const put = await call('PUT', `${app}/environments/${SEED.environments.test.id}`, old.body)
    expect(put.status).toBe(202)
  })

  it('creates an environment whose id the caller picks, failing a duplicate id', async () => {
    const manifest = (await call('GET', envPath())).body
    manifest.environment.id = 'newenv01'
    manifest.environment.properties.name = 'preview'
    // The test environment's Dedicated database plan serves it alone (see emulator-preview.test.ts).
    for (const service of manifest.environment.services) service.plan = 'OnDemand'
    const created = (await call('POST', `${app}/environments`, manifest)).body
    now += 1000
    expect((await call('GET', `/jobs/${created.id}`)).body.status).toBe('finished')
    expect((await call('GET', envPath('newenv01'))).body.environment.properties.name).toBe('preview')
    const duplicate = (await call('POST', `${app}/environments`, manifest)).body
    now += 1000
    expect((await call('GET', `/jobs/${duplicate.id}`)).body.status).toBe('failed')
  })
})

describe('fault injection', () => {
  it('answers 429 with Retry-After, then serves normally', async () => {
    emulator.control.inject({
      operation: 'listPackages',
      fault: { kind: 'status', status: 429, retryAfter: '2' },
      times: 1
    })
    const limited = await call('GET', `${app}/packages`)
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('2')
    expect(limited.body.error.code).toBe(429)
    expect((await call('GET', `${app}/packages`)).status).toBe(200)
  })

  it('answers 5xx and a proxy HTML 502', async () => {
    emulator.control.inject({ operation: 'getEnvironment', fault: { kind: 'status', status: 503 }, times: 1 })
    emulator.control.inject({ operation: 'getEnvironment', fault: { kind: 'html502' }, times: 1 })
    expect((await call('GET', envPath())).status).toBe(503)
    const html = await call('GET', envPath())
    expect(html.status).toBe(502)
    expect(html.headers.get('content-type')).toBe('text/html')
    expect(html.text).toContain('<h1>502 Bad Gateway</h1>')
  })

  it('skips the first matching requests when asked', async () => {
    emulator.control.inject({ operation: '*', fault: { kind: 'status', status: 500 }, skip: 1, times: 1 })
    expect((await call('GET', `${app}/packages`)).status).toBe(200)
    expect((await call('GET', `${app}/packages`)).status).toBe(500)
    expect((await call('GET', `${app}/packages`)).status).toBe(200)
  })

  it('answers slowly', async () => {
    emulator.control.inject({ operation: 'listPackages', fault: { kind: 'slow', delayMs: 300 }, times: 1 })
    const started = performance.now()
    expect((await call('GET', `${app}/packages`)).status).toBe(200)
    expect(performance.now() - started).toBeGreaterThanOrEqual(290)
  })

  it('drops the connection before processing: nothing happens', async () => {
    emulator.control.inject({ operation: 'build', fault: { kind: 'drop-before' }, times: 1 })
    await expect(call('POST', `${app}/packages/build`, { branch: 'main', revision: head })).rejects.toThrow()
    expect(emulator.state.jobs.size).toBe(0)
  })

  it('drops the connection after processing: the job exists all the same', async () => {
    emulator.control.inject({ operation: 'build', fault: { kind: 'drop-after' }, times: 1 })
    await expect(call('POST', `${app}/packages/build`, { branch: 'main', revision: head })).rejects.toThrow()
    expect(emulator.state.jobs.size).toBe(1)
  })

  it('truncates JSON', async () => {
    emulator.control.inject({ operation: 'listEnvironments', fault: { kind: 'truncate' }, times: 1 })
    const answer = await call('GET', `${app}/environments`)
    expect(answer.status).toBe(200)
    expect(answer.body).toBeUndefined()
    expect(answer.text.length).toBeGreaterThan(10)
  })

  it('makes jobs stay running forever or fail', async () => {
    emulator.control.injectJobFault({ job: 'build', outcome: 'stuck', times: 1 })
    emulator.control.injectJobFault({
      job: 'deploy',
      outcome: 'fail',
      message: 'Cluster rejected the change',
      times: 1
    })
    const build = (await call('POST', `${app}/packages/build`, { branch: 'main', revision: head })).body
    now += 24 * 3600_000
    expect((await call('GET', `/jobs/${build.id}`)).body.status).toBe('running')
    const put = (await call('PUT', envPath(), (await call('GET', envPath())).body)).body
    now += 10_000
    expect((await call('GET', `/jobs/${put.id}`)).body.error.message).toBe('Cluster rejected the change')
  })
})

describe('traffic record', () => {
  it('records every request in order without the token', async () => {
    await call('GET', `${app}/environments`)
    await call('POST', `${app}/packages/build`, { branch: 'main', revision: head })
    expect(emulator.traffic.map(t => `${t.method} ${t.operation} ${t.status}`)).toEqual([
      'GET listEnvironments 200',
      'POST build 202'
    ])
    expect(emulator.traffic[1].body).toEqual({ branch: 'main', revision: head })
    expect(JSON.stringify(emulator.traffic)).not.toContain(DEMO_TOKEN)
    expect(emulator.traffic[0].headers.authorization).toBe('MxToken [redacted]')
  })

  it('is a real server that a plain HTTP client can talk to on 127.0.0.1', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        `${emulator.url}${app}`,
        { headers: { Authorization: `MxToken ${DEMO_TOKEN}` } },
        res => {
          res.resume()
          resolve(res.statusCode ?? 0)
        }
      )
      req.on('error', reject)
      req.end()
    })
    expect(status).toBe(200)
    expect(new URL(emulator.url).hostname).toBe('127.0.0.1')
  })
})
