/**
 * Preview environments per pull request, end to end: the bundled action (`node dist/index.js`) against the
 * emulator, with the pull_request event in GITHUB_EVENT_PATH as the runner writes it, and GitHub's REST API
 * faked by a local server.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SEED, type Emulator } from '../emulator/index.js'
import type { RunResult } from '../scripts/run-action.js'
import { deploy, errorLines, leaksOf, withEmulator } from './support/deploy-run.js'

const REPOSITORY = 'acme/orders-app'
const MARKER = 'preview.mendix-deploy-action.github.io/pull-request'
const CREATED = 'preview.mendix-deploy-action.github.io/created'

let eventDir: string
beforeAll(() => {
  eventDir = mkdtempSync(join(tmpdir(), 'preview-events-'))
})
afterAll(() => rmSync(eventDir, { recursive: true, force: true }))

/** The event file of a pull_request event, as the runner writes it. */
function pullRequestEvent(pr: number, action: string): Record<string, string> {
  const path = join(eventDir, `pr-${pr}-${action}-${Math.random().toString(36).slice(2)}.json`)
  writeFileSync(
    path,
    JSON.stringify({
      action,
      number: pr,
      pull_request: {
        number: pr,
        state: action === 'closed' ? 'closed' : 'open',
        head: { sha: `${String(pr).padStart(4, '0')}abcdef0123456789abcdef0123456789abcd` }
      },
      repository: { full_name: REPOSITORY }
    })
  )
  return { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: path, GITHUB_REF: `refs/pull/${pr}/merge` }
}

type Env = {
  id: string
  properties: { name: string; production: boolean; defaultStudioTarget: boolean }
  services: Array<{ name: string; plan: string }>
  annotations?: Array<{ key: string; value: string }>
  network?: { outgoingConnectionCertificate?: unknown[] }
  runtime?: Record<string, unknown>
  container: Record<string, unknown>
  deployment: { packageId: string; appUrl: string }
}
const envOf = (emulator: Emulator, id: string) =>
  emulator.state.environments.find(m => m.environment.id === id)?.environment as unknown as Env | undefined

/** Gives a seeded environment OnDemand plans, so it can serve as a template. */
function onDemand(emulator: Emulator, id: string = SEED.environments.test.id): void {
  for (const service of envOf(emulator, id)!.services) service.plan = 'OnDemand'
}

function previews(emulator: Emulator): Env[] {
  return emulator.state.environments
    .map(m => m.environment as unknown as Env)
    .filter(e => e.annotations?.some(a => a.key === MARKER))
}

async function preview(
  emulator: Emulator,
  pr: number,
  action: string,
  inputs: Record<string, string> = {},
  env: Record<string, string> = {}
): Promise<RunResult> {
  const mode = action === 'closed' ? 'cleanup' : 'deploy'
  return deploy(
    emulator,
    { environment: '', preview: mode, ...(mode === 'deploy' ? { previewFrom: 'test' } : {}), ...inputs },
    { env: { ...pullRequestEvent(pr, action), ...env } }
  )
}

const writes = (emulator: Emulator) =>
  emulator.traffic.filter(t => t.method !== 'GET').map(t => `${t.method} ${t.operation}`)

function deploysTo(emulator: Emulator, id: string): number {
  return emulator.traffic.filter(t => t.method === 'PUT' && t.path.endsWith(`/environments/${id}`)).length
}

describe('one pull request: open, push, close', () => {
  it('creates one environment, deploys twice to it, deletes it, and leaves nothing behind', () =>
    withEmulator({}, async emulator => {
      onDemand(emulator)
      const opened = await preview(emulator, 7, 'opened')
      expect(errorLines(opened)).toEqual([])
      expect(opened.exitCode).toBe(0)
      const [created] = previews(emulator)
      expect(previews(emulator)).toHaveLength(1)
      expect(created.id).toMatch(/^p7[a-z0-9]{6}$/)
      expect(created.properties).toMatchObject({ production: false, defaultStudioTarget: false })
      expect(created.properties.name).toMatch(/^preview-pr7-[a-z0-9]{6}$/)
      expect(opened.outputs).toMatchObject({
        environmentId: created.id,
        appUrl: created.deployment.appUrl,
        packageId: created.deployment.packageId,
        state: 'Ready'
      })
      expect(opened.summary).toContain('### ✅ Mendix preview of pull request #7 deployed')
      expect(opened.summary).toContain('runs unlicensed: at most 6 concurrent users')

      const pushed = await preview(emulator, 7, 'synchronize', { revision: SEED.revisions[1] })
      expect(pushed.exitCode).toBe(0)
      expect(previews(emulator)).toHaveLength(1)
      expect(pushed.outputs.environmentId).toBe(created.id)
      expect(pushed.outputs.packageId).not.toBe(opened.outputs.packageId)
      expect(envOf(emulator, created.id)!.deployment.packageId).toBe(pushed.outputs.packageId)
      expect(emulator.traffic.filter(t => t.operation === 'createEnvironment')).toHaveLength(1)
      expect(deploysTo(emulator, created.id)).toBe(2)

      const before = emulator.traffic.length
      const closed = await preview(emulator, 7, 'closed')
      expect(closed.exitCode).toBe(0)
      // A clean-up builds nothing, so it asks nothing of the App Repository or Build API.
      expect(new Set(emulator.traffic.slice(before).map(t => t.operation))).toEqual(
        new Set(['listEnvironments', 'getEnvironment', 'deleteEnvironment', 'getJob'])
      )
      expect(closed.summary).toContain('### ✅ Mendix preview of pull request #7 cleaned up')
      expect(closed.summary).toContain(`| Environments | ${created.properties.name} |`)
      expect(closed.summary).not.toContain('| Package |')
      expect(previews(emulator)).toEqual([])
      const deletions = emulator.traffic.filter(t => t.operation === 'deleteEnvironment')
      expect(deletions.map(t => t.path)).toEqual([
        `/api/v4/apps/${SEED.appId}/namespaces/${SEED.namespaceId}/environments/${created.id}`
      ])
      // Never force=true: it skips the checks and can leave cluster resources behind.
      expect(deletions.every(t => Object.keys(t.query).length === 0)).toBe(true)
      expect(emulator.state.environments.map(m => m.environment.id).sort()).toEqual(
        Object.values(SEED.environments)
          .map(e => e.id)
          .sort()
      )
    }))

  it('gives a reopened pull request a new id: the deleted one stays taken', () =>
    withEmulator({}, async emulator => {
      onDemand(emulator)
      expect((await preview(emulator, 7, 'opened', { revision: SEED.revisions[0] })).exitCode).toBe(0)
      const [first] = previews(emulator)
      expect((await preview(emulator, 7, 'closed')).exitCode).toBe(0)
      const reopened = await preview(emulator, 7, 'reopened', { revision: SEED.revisions[0] })
      expect(errorLines(reopened)).toEqual([])
      const [second] = previews(emulator)
      expect(second.id).not.toBe(first.id)
      expect(second.id).toMatch(/^p7[a-z0-9]{6}$/)
      expect(emulator.state.retiredEnvironmentIds).toContain(first.id)
    }))

  it('gives a second pull request its own environment beside the first', () =>
    withEmulator({}, async emulator => {
      onDemand(emulator)
      expect((await preview(emulator, 7, 'opened')).exitCode).toBe(0)
      expect((await preview(emulator, 8, 'opened')).exitCode).toBe(0)
      const both = previews(emulator)
      expect(both.map(e => e.properties.name.replace(/-[a-z0-9]+$/, '')).sort()).toEqual([
        'preview-pr7',
        'preview-pr8'
      ])
      expect((await preview(emulator, 7, 'closed')).exitCode).toBe(0)
      expect(previews(emulator).map(e => e.properties.name)).toEqual([
        both.find(e => e.properties.name.startsWith('preview-pr8-'))!.properties.name
      ])
    }))
})

describe('safety rules', () => {
  it('refuses a preview beyond previewLimit, listing the previews and their pull requests', () =>
    withEmulator({}, async emulator => {
      onDemand(emulator)
      expect((await preview(emulator, 7, 'opened', { previewLimit: '1' })).exitCode).toBe(0)
      const [first] = previews(emulator)
      const refused = await preview(emulator, 8, 'opened', { previewLimit: '1' })
      expect(refused.exitCode).toBe(1)
      expect(errorLines(refused)[0]).toContain(
        `Input 'previewLimit': this repository has 1 preview environments, the limit: "${first.properties.name}" (id ${first.id}) for pull request #7.`
      )
      expect(previews(emulator)).toHaveLength(1)
      // A later push to a pull request that has its preview is not a new one.
      expect((await preview(emulator, 7, 'synchronize', { previewLimit: '1' })).exitCode).toBe(0)
    }))

  it('refuses to delete an environment that looks like a preview but lacks the marker', () =>
    withEmulator({}, async emulator => {
      onDemand(emulator)
      expect((await preview(emulator, 9, 'opened')).exitCode).toBe(0)
      const [made] = previews(emulator)
      // Someone strips the marker, or made a look-alike by hand.
      made.annotations = made.annotations!.filter(a => a.key !== MARKER)
      const closed = await preview(emulator, 9, 'closed')
      expect(closed.exitCode).toBe(0)
      expect(closed.stdout).toMatch(
        new RegExp(
          `^::warning title=Preview not deleted::Not deleting environment "${made.properties.name}" \\(id ${made.id}\\): it looks like a preview but lacks this repository's preview marker`,
          'm'
        )
      )
      expect(envOf(emulator, made.id)).toBeDefined()
      expect(emulator.traffic.filter(t => t.method === 'DELETE')).toEqual([])
    }))

  it('refuses a marked preview of another repository', () =>
    withEmulator({}, async emulator => {
      onDemand(emulator)
      expect((await preview(emulator, 9, 'opened')).exitCode).toBe(0)
      const other = await preview(emulator, 9, 'closed', {}, { GITHUB_REPOSITORY: 'acme/other-app' })
      expect(other.exitCode).toBe(0)
      expect(previews(emulator)).toHaveLength(1)
      expect(emulator.traffic.filter(t => t.method === 'DELETE')).toEqual([])
    }))

  it('refuses a production template unless the user opts in by its name', () =>
    withEmulator({}, async emulator => {
      onDemand(emulator, SEED.environments.production.id)
      const refused = await preview(emulator, 7, 'opened', { previewFrom: 'production' })
      expect(refused.exitCode).toBe(1)
      expect(errorLines(refused)[0]).toMatch(
        /^Input 'previewFrom': environment "production" is a production environment\..*opt in with previewAllowProduction: production\./
      )
      expect(writes(emulator)).toEqual([])
      const wrongName = await preview(emulator, 7, 'opened', {
        previewFrom: 'production',
        previewAllowProduction: 'true'
      })
      expect(wrongName.exitCode).toBe(1)
      const allowed = await preview(emulator, 7, 'opened', {
        previewFrom: 'production',
        previewAllowProduction: 'production'
      })
      expect(errorLines(allowed)).toEqual([])
      expect(previews(emulator)[0].properties.production).toBe(false)
    }))

  it('refuses a template with a Dedicated plan before creating anything', () =>
    withEmulator({}, async emulator => {
      const refused = await preview(emulator, 7, 'opened')
      expect(refused.exitCode).toBe(1)
      expect(errorLines(refused)[0]).toContain(
        'environment "test" uses the Dedicated plan for service orders_db. A Dedicated plan serves one environment only, so previews need OnDemand plans'
      )
      expect(writes(emulator)).toEqual([])
    }))

  it('deletes what a failed creation left, and says so', () =>
    withEmulator({}, async emulator => {
      onDemand(emulator)
      emulator.control.injectJobFault({
        job: 'create',
        outcome: 'fail',
        message: 'Operator timed out',
        times: 1
      })
      const failed = await preview(emulator, 7, 'opened')
      expect(failed.exitCode).toBe(1)
      expect(errorLines(failed)[0]).toMatch(
        /^The creation job \S+ of preview environment "preview-pr7-\w+" \(id p7\w+\) failed: Operator timed out\. The half-made environment was deleted; nothing is left\./
      )
      expect(previews(emulator)).toEqual([])
      expect(writes(emulator).filter(w => w !== 'POST build')).toEqual([
        'POST createEnvironment',
        'DELETE deleteEnvironment'
      ])
    }))

  it('says exactly what is left when the clean-up of a failed creation fails too', () =>
    withEmulator({}, async emulator => {
      onDemand(emulator)
      emulator.control.injectJobFault({
        job: 'create',
        outcome: 'fail',
        message: 'Operator timed out',
        times: 1
      })
      emulator.control.injectJobFault({
        job: 'delete',
        outcome: 'fail',
        message: 'agent disconnected',
        times: 1
      })
      const failed = await preview(emulator, 7, 'opened')
      expect(failed.exitCode).toBe(1)
      const [made] = previews(emulator)
      expect(errorLines(failed)[0]).toContain(
        `The half-made environment "${made.properties.name}" (id ${made.id}, namespace ${SEED.namespaceId}) is left:`
      )
      expect(errorLines(failed)[0]).toContain('Remove it with preview: cleanup for this pull request')
    }))

  it('says that cluster resources may remain when a deletion job fails', () =>
    withEmulator({}, async emulator => {
      onDemand(emulator)
      expect((await preview(emulator, 7, 'opened')).exitCode).toBe(0)
      emulator.control.injectJobFault({
        job: 'delete',
        outcome: 'fail',
        message: 'agent disconnected',
        times: 1
      })
      const failed = await preview(emulator, 7, 'closed')
      expect(failed.exitCode).toBe(1)
      expect(errorLines(failed)[0]).toMatch(
        /failed: agent disconnected\. Cluster resources \(its database, files, ingress and service\) may remain in namespace/
      )
    }))

  it("prints nothing of the template's certificates, and copies them only when asked", () =>
    withEmulator({}, async emulator => {
      onDemand(emulator)
      const password = 'Q0VSVC1QQVNTLXRlbXBsYXRlLTk5'
      const key = 'S0VZLUJZVEVTLXRlbXBsYXRlLWtleS03Nw=='
      envOf(emulator, SEED.environments.test.id)!.network = {
        outgoingConnectionCertificate: [{ enabled: true, password, certificateType: 'pfx', key }]
      }
      const debug = { RUNNER_DEBUG: '1' }
      const plain = await preview(emulator, 7, 'opened', {}, debug)
      expect(plain.exitCode).toBe(0)
      const licensed = await preview(
        emulator,
        8,
        'opened',
        { previewCopyCertificates: 'true', subscriptionSecret: 'U1VCU0NSSVBUSU9OLXNlY3JldC00Mg==' },
        debug
      )
      expect(licensed.exitCode).toBe(0)
      for (const result of [plain, licensed]) {
        for (const secret of [password, key, 'U1VCU0NSSVBUSU9OLXNlY3JldC00Mg=='])
          expect(leaksOf(result, secret)).toEqual([])
      }
      const bodies = emulator.traffic
        .filter(t => t.operation === 'createEnvironment')
        .map(t => (t.body as { environment: Env }).environment)
      expect(bodies[0].network).toBeUndefined()
      expect(bodies[0].runtime).not.toHaveProperty('subscriptionSecret')
      expect(bodies[1].runtime?.subscriptionSecret).toBe('U1VCU0NSSVBUSU9OLXNlY3JldC00Mg==')
      expect(bodies[1].network?.outgoingConnectionCertificate).toEqual([
        { enabled: true, password, certificateType: 'pfx', key }
      ])
      // The summary says the runtime is licensed only when it is.
      expect(licensed.summary).not.toContain('runs unlicensed')
    }))

  it('refuses preview: deploy outside a pull_request event, before any request', () =>
    withEmulator({}, async emulator => {
      const result = await deploy(emulator, { environment: '', preview: 'deploy', previewFrom: 'test' })
      expect(result.exitCode).toBe(1)
      expect(errorLines(result)[0]).toMatch(
        /^Input 'preview' is deploy, which needs a pull_request event; this run is a push event/
      )
      expect(emulator.traffic).toEqual([])
    }))
})

describe('cancellation', () => {
  it('says which preview was being created, and how to remove it, when cancelled during the creation', () =>
    withEmulator({ durations: { otherMs: 120_000 } }, async emulator => {
      onDemand(emulator)
      const result = await deploy(
        emulator,
        { environment: '', preview: 'deploy', previewFrom: 'test' },
        { env: pullRequestEvent(7, 'opened'), signal: { name: 'SIGINT', afterMs: 2500 } }
      )
      expect(result.exitCode).not.toBe(0)
      expect(result.durationMs - result.signalledAtMs!).toBeLessThan(2000)
      const [message] = errorLines(result)
      expect(message).toContain('while in phase "preview"')
      expect(message).toMatch(/The create job \S+ was still running; check it with GET /)
      expect(message).toMatch(
        /The creation of preview environment "preview-pr7-\w+" \(id p7\w+\) was requested and may be in progress: once it ends, run preview: cleanup/
      )
    }))
})

interface GitHubCall {
  method: string
  path: string
  body: Record<string, unknown>
}

/** A local stand-in for GitHub's REST API: pull requests, issue comments and deployments, with state. */
async function fakeGitHub(options: { closed?: number[]; commentStatus?: number } = {}) {
  const calls: GitHubCall[] = []
  const comments: Array<{ id: number; body: string; issue: number }> = []
  const deployments: Array<{ id: number; environment: string }> = []
  const server: Server = createServer((req, res) => {
    let text = ''
    req.on('data', chunk => (text += chunk))
    req.on('end', () => {
      const url = new URL(req.url!, 'http://x')
      const body = text ? (JSON.parse(text) as Record<string, unknown>) : {}
      calls.push({ method: req.method!, path: url.pathname, body })
      const reply = (status: number, value: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' })
        res.end(JSON.stringify(value))
      }
      const issue = /\/issues\/(\d+)\/comments$/.exec(url.pathname)
      const comment = /\/issues\/comments\/(\d+)$/.exec(url.pathname)
      const pull = /\/pulls\/(\d+)$/.exec(url.pathname)
      if ((issue || comment) && options.commentStatus)
        return reply(options.commentStatus, { message: 'Resource not accessible by integration' })
      if (issue && req.method === 'GET')
        return reply(
          200,
          comments.filter(c => c.issue === Number(issue[1]))
        )
      if (issue && req.method === 'POST') {
        const created = { id: comments.length + 100, body: String(body.body), issue: Number(issue[1]) }
        comments.push(created)
        return reply(201, created)
      }
      if (comment && req.method === 'PATCH') {
        const found = comments.find(c => c.id === Number(comment[1]))!
        found.body = String(body.body)
        return reply(200, found)
      }
      if (pull)
        return reply(200, {
          number: Number(pull[1]),
          state: options.closed?.includes(Number(pull[1])) ? 'closed' : 'open'
        })
      if (url.pathname.endsWith('/deployments') && req.method === 'POST') {
        const created = { id: deployments.length + 4242, environment: String(body.environment) }
        deployments.push(created)
        return reply(201, created)
      }
      if (url.pathname.endsWith('/deployments') && req.method === 'GET')
        return reply(
          200,
          deployments.filter(d => d.environment === url.searchParams.get('environment'))
        )
      if (url.pathname.endsWith('/statuses')) return reply(201, { id: 1 })
      reply(404, { message: 'Not Found' })
    })
  })
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as { port: number }).port
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    comments,
    close: () => new Promise<void>(r => server.close(() => r()))
  }
}

describe('on GitHub', () => {
  it('keeps one pull-request comment, updated in place, and a Deployment with the URL, made inactive on close', async () => {
    const github = await fakeGitHub()
    try {
      await withEmulator({}, async emulator => {
        onDemand(emulator)
        const env = { GITHUB_API_URL: github.url }
        const inputs = { githubToken: 'ghs_preview_token_1' }
        const opened = await preview(emulator, 7, 'opened', inputs, env)
        expect(opened.exitCode).toBe(0)
        expect(github.comments).toHaveLength(1)
        const url = opened.outputs.appUrl
        expect(github.comments[0].body).toContain(`| App URL | [${url}](${url}) |`)
        expect(github.comments[0].body).toContain(`| Package | \`${opened.outputs.packageId}\` |`)
        expect(github.comments[0].body).toContain('| State | Ready |')
        const pushed = await preview(
          emulator,
          7,
          'synchronize',
          { ...inputs, revision: SEED.revisions[1] },
          env
        )
        expect(pushed.exitCode).toBe(0)
        expect(github.comments).toHaveLength(1)
        expect(github.comments[0].body).toContain(`| Package | \`${pushed.outputs.packageId}\` |`)
        expect(github.calls.filter(c => c.method === 'PATCH')).toHaveLength(1)
        const deployment = github.calls.find(c => c.path.endsWith('/deployments') && c.method === 'POST')!
        expect(deployment.body).toMatchObject({
          environment: 'preview-pr-7',
          ref: '0007abcdef0123456789abcdef0123456789abcd'
        })
        expect(github.calls.filter(c => c.path.endsWith('/statuses')).map(c => c.body.state)).toContain(
          'success'
        )
        expect(github.calls.find(c => c.body.state === 'success')!.body.environment_url).toBe(
          opened.outputs.appUrl
        )
        const closed = await preview(emulator, 7, 'closed', inputs, env)
        expect(closed.exitCode).toBe(0)
        expect(github.calls.filter(c => c.body.state === 'inactive')).toHaveLength(2)
        expect(github.comments[0].body).toMatch(/Deleted: preview-pr7-/)
      })
    } finally {
      await github.close()
    }
  })

  it('skips the comment with a notice when the token may not write to the pull request', async () => {
    const github = await fakeGitHub({ commentStatus: 403 })
    try {
      await withEmulator({}, async emulator => {
        onDemand(emulator)
        const result = await preview(
          emulator,
          7,
          'opened',
          { githubToken: 'ghs_x' },
          { GITHUB_API_URL: github.url }
        )
        expect(result.exitCode).toBe(0)
        expect(result.stdout).toMatch(
          /^::notice title=Preview comment skipped::Skipped the preview comment on pull request #7: .*pull-requests: write/m
        )
      })
    } finally {
      await github.close()
    }
  })
})

describe('the sweep', () => {
  it('deletes previews whose pull request is closed and those older than previewMaxAgeHours, and keeps the rest', async () => {
    const github = await fakeGitHub({ closed: [7] })
    try {
      await withEmulator({}, async emulator => {
        onDemand(emulator)
        for (const pr of [7, 8, 9]) expect((await preview(emulator, pr, 'opened')).exitCode).toBe(0)
        const byPr = (pr: number) =>
          previews(emulator).find(e => e.properties.name.startsWith(`preview-pr${pr}-`))!
        const old = byPr(9).annotations!.find(a => a.key === CREATED)!
        old.value = new Date(Date.now() - 100 * 3_600_000).toISOString()
        const kept = byPr(8)
        const swept = await deploy(
          emulator,
          { environment: '', preview: 'sweep', previewMaxAgeHours: '48', githubToken: 'ghs_sweep' },
          { env: { GITHUB_EVENT_NAME: 'schedule', GITHUB_API_URL: github.url } }
        )
        expect(errorLines(swept)).toEqual([])
        expect(swept.exitCode).toBe(0)
        expect(previews(emulator).map(e => e.id)).toEqual([kept.id])
        expect(swept.summary).toContain('### ✅ Mendix preview sweep done')
        expect(swept.stdout).toMatch(
          /Deleted "preview-pr7-\w+" \(id p7\w+\) of pull request #7: pull request #7 is closed\./
        )
        expect(swept.stdout).toMatch(
          /Deleted "preview-pr9-\w+" \(id p9\w+\) of pull request #9: created 100\.\d hours ago/
        )
        expect(swept.stdout).toMatch(/Kept "preview-pr8-\w+"/)
      })
    } finally {
      await github.close()
    }
  })

  it('sweeps by age alone without a githubToken, never touching the seeded environments', () =>
    withEmulator({}, async emulator => {
      onDemand(emulator)
      expect((await preview(emulator, 7, 'opened')).exitCode).toBe(0)
      const swept = await deploy(
        emulator,
        { environment: '', preview: 'sweep', previewMaxAgeHours: '0.0001' },
        { env: { GITHUB_EVENT_NAME: 'schedule' } }
      )
      expect(swept.exitCode).toBe(0)
      expect(swept.stdout).toContain(
        'Without githubToken the sweep cannot see which pull requests are closed'
      )
      expect(previews(emulator)).toEqual([])
      expect(emulator.state.environments).toHaveLength(3)
    }))
})
