/**
 * `npm run emulator`: the first line on stdout is the JSON a demo needs; it serves until SIGINT/SIGTERM. What it
 * prints is enough to try each capability: an app URL that answers a health check, the UnitTesting remote API
 * with the password it made for this run, and a template environment a preview can copy.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { DEMO_UNIT_TEST_PASSWORD } from '../emulator/unit-test-routes.js'
import { ROOT } from '../scripts/run-action.js'
import { checkNotProduction, checkOnDemandPlans } from '../src/preview/template.js'

interface Info {
  url: string
  token: string
  appId: string
  environment: { id: string; name: string; namespaceId: string; appUrl: string }
  branch: string
  revision: string
  mendixCloud: { url: string; username: string; apiKey: string; appId: string; unitTestsUrl: string }
  unitTests: { password: string; note: string }
  previewTemplate: { id: string; name: string }
}

/** The CLIs started here; any a failed test left running is stopped at the end. */
const started = new Set<ChildProcess>()
afterAll(() => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
})

/**
 * Starts the CLI and reads its first line. Node runs it with tsx as its loader, so a signal reaches the CLI
 * itself: the tsx command relays one to its child and kills the child if it does not confirm within 30 ms, which
 * on a loaded machine failed the signal cases with exit codes 130 and 143 that said nothing about the CLI.
 */
async function startCli(args: string[] = []): Promise<{ child: ChildProcess; info: Info }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'emulator/cli.ts', '--port', '0', '--build-seconds', '1', ...args],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] }
  )
  started.add(child)
  let stderr = ''
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  // A CLI that ends before its first line fails the test with what it said, instead of leaving it waiting.
  const ended = once(child, 'exit').then(([code]) => {
    throw new Error(`the emulator CLI exited (${String(code)}) before its first line: ${stderr}`)
  })
  const [first] = (await Promise.race([once(createInterface({ input: child.stdout! }), 'line'), ended])) as [
    string
  ]
  ended.catch(() => undefined)
  return { child, info: JSON.parse(first) as Info }
}

async function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  const exited = once(child, 'exit')
  child.kill(signal)
  const [code] = (await exited) as [number | null]
  return code
}

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })

it('runs on the Node major that action.yml declares', () => {
  expect(process.versions.node.split('.')[0]).toBe('24')
})

it.each(['SIGINT', 'SIGTERM'] as const)(
  'prints one JSON line first, serves, and stops on %s',
  async signal => {
    const { child, info } = await startCli()
    expect(info).toMatchObject({ branch: 'main', environment: { name: 'test' } })
    const response = await fetch(`${info.url}/apps/${info.appId}/environments`, {
      headers: { Authorization: `MxToken ${info.token}` }
    })
    expect(response.status).toBe(200)
    const cloud = await fetch(`${info.mendixCloud.url}/apps/${info.mendixCloud.appId}`, {
      headers: {
        'Mendix-Username': info.mendixCloud.username,
        'Mendix-ApiKey': info.mendixCloud.apiKey,
        'Content-Type': 'application/json'
      }
    })
    expect(cloud.status).toBe(200)
    expect(await stop(child, signal)).toBe(0)
  }
)

describe('what it prints is enough to try each capability', () => {
  let child: ChildProcess
  let info: Info
  beforeAll(async () => {
    ;({ child, info } = await startCli())
  })
  afterAll(() => stop(child))

  it("prints the environment's app URL, and the app answers a health check there", async () => {
    expect(info.environment.appUrl).toBe(`${new URL(info.url).origin}/app/${info.environment.id}`)
    const health = await fetch(`${info.environment.appUrl}/health`)
    expect({ status: health.status, body: await health.text() }).toEqual({ status: 200, body: 'OK' })
    // The environment's manifest names the same URL, so a deploy's health check and appUrl output reach it.
    const manifest = await fetch(`${info.url}/apps/${info.appId}/environments/${info.environment.id}`, {
      headers: { Authorization: `MxToken ${info.token}` }
    })
    const { environment } = (await manifest.json()) as { environment: { deployment: { appUrl: string } } }
    expect(environment.deployment.appUrl).toBe(info.environment.appUrl)
  })

  it('prints a unit test password made for this run, for the local emulator only, that the apps take', async () => {
    const { password, note } = info.unitTests
    expect(password).toMatch(/^local-[\w-]{16,}$/)
    expect(password).not.toBe(DEMO_UNIT_TEST_PASSWORD)
    expect(note).toContain('local emulator only')
    const api = `${info.environment.appUrl}/unittests`
    const wrong = await post(`${api}/start`, { password: DEMO_UNIT_TEST_PASSWORD })
    expect({ status: wrong.status, body: await wrong.text() }).toEqual({
      status: 401,
      body: 'Invalid password provided'
    })
    expect((await post(`${api}/start`, { password })).status).toBe(204)
    const status = await post(`${api}/status`, { password })
    expect(status.status).toBe(200)
    expect(await status.json()).toMatchObject({ completed: false, runtime: -1, failures: 0 })
    // The Mendix Cloud app's remote API takes it too, at the URL printed for unitTestsUrl.
    const cloud = await post(`${info.mendixCloud.unitTestsUrl}/unittests/status`, { password })
    expect({ status: cloud.status, body: await cloud.text() }).toEqual({
      status: 400,
      body: 'No testrun was started yet'
    })
  })

  it('has the template environment it prints: OnDemand plans, not production, as previewFrom requires', async () => {
    const response = await fetch(`${info.url}/apps/${info.appId}/environments`, {
      headers: { Authorization: `MxToken ${info.token}` }
    })
    const { environments } = (await response.json()) as {
      environments: Array<{
        environment: {
          id: string
          properties: { name: string; production: boolean; defaultStudioTarget: boolean }
          services: Array<{ plan: string }>
        }
      }>
    }
    const template = environments.find(m => m.environment.id === info.previewTemplate.id)!
    expect(template).toBeDefined()
    const { environment } = template
    expect(environment.properties).toMatchObject({
      name: info.previewTemplate.name,
      production: false,
      defaultStudioTarget: false
    })
    expect(environment.services.map(service => service.plan)).toEqual(['OnDemand', 'OnDemand'])
    // The action's own checks of a template pass; the seeded test environment, with a Dedicated plan, would not.
    expect(() => checkNotProduction(template, undefined)).not.toThrow()
    expect(() => checkOnDemandPlans(template)).not.toThrow()
    const test = environments.find(m => m.environment.id === info.environment.id)!
    expect(() => checkOnDemandPlans(test)).toThrow(/Dedicated plan/)
  })
})

it('makes another unit test password each run', async () => {
  const runs = await Promise.all([startCli(), startCli()])
  expect(runs[0].info.unitTests.password).not.toBe(runs[1].info.unitTests.password)
  await Promise.all(runs.map(run => stop(run.child)))
})

it('--unhealthy-deploy: the next deploy job finishes, and the app it deploys crashes', async () => {
  const { child, info } = await startCli(['--unhealthy-deploy', '--deploy-seconds', '0'])
  const headers = { Authorization: `MxToken ${info.token}`, 'Content-Type': 'application/json' }
  const environmentUrl = `${info.url}/apps/${info.appId}/environments/${info.environment.id}`
  const manifest: unknown = await (await fetch(environmentUrl, { headers })).json()
  const put = await fetch(environmentUrl, { method: 'PUT', headers, body: JSON.stringify(manifest) })
  expect(put.status).toBe(202)
  const job = (await put.json()) as { jobId?: string; id?: string }
  let state: string | undefined
  for (let i = 0; i < 40 && state !== 'Failed'; i++) {
    await new Promise(resolve => setTimeout(resolve, 100))
    const read = (await (await fetch(environmentUrl, { headers })).json()) as {
      environment: { container: { state?: string } }
    }
    state = read.environment.container.state
  }
  expect({ job: Boolean(job.jobId ?? job.id), state }).toEqual({ job: true, state: 'Failed' })
  expect((await fetch(`${info.environment.appUrl}/health`)).status).toBe(503)
  await stop(child)
})

it('refuses a bad flag before it serves, naming the flag and what is allowed', async () => {
  await expect(startCli(['--repository', 'hg'])).rejects.toThrow(
    "exited (1) before its first line: emulator: --repository must be git or svn, got 'hg'"
  )
})
