/**
 * What the preview environment suites share: pull_request event files as the runner writes them, the preview
 * run itself, views of the emulator's environments, and a local stand-in for GitHub's REST API.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SEED, type Emulator } from '../../emulator/index.js'
import type { RunResult } from '../../scripts/run-action.js'
import { deploy } from './deploy-run.js'

export const REPOSITORY = 'acme/orders-app'
export const MARKER = 'preview.mendix-deploy-action.github.io/pull-request'
export const CREATED = 'preview.mendix-deploy-action.github.io/created'

let eventDir: string
beforeAll(() => {
  eventDir = mkdtempSync(join(tmpdir(), 'preview-events-'))
})
afterAll(() => rmSync(eventDir, { recursive: true, force: true }))

/** The event file of a pull_request event, as the runner writes it. */
export function pullRequestEvent(pr: number, action: string): Record<string, string> {
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

export type Env = {
  id: string
  properties: { name: string; production: boolean; defaultStudioTarget: boolean }
  services: Array<{ name: string; plan: string }>
  annotations?: Array<{ key: string; value: string }>
  network?: { outgoingConnectionCertificate?: unknown[] }
  runtime?: Record<string, unknown>
  container: Record<string, unknown>
  deployment: { packageId: string; appUrl: string }
}
export const envOf = (emulator: Emulator, id: string) =>
  emulator.state.environments.find(m => m.environment.id === id)?.environment as unknown as Env | undefined

/** Gives a seeded environment OnDemand plans, so it can serve as a template. */
export function onDemand(emulator: Emulator, id: string = SEED.environments.test.id): void {
  for (const service of envOf(emulator, id)!.services) service.plan = 'OnDemand'
}

export function previews(emulator: Emulator): Env[] {
  return emulator.state.environments
    .map(m => m.environment as unknown as Env)
    .filter(e => e.annotations?.some(a => a.key === MARKER))
}

export async function preview(
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

export const writes = (emulator: Emulator) =>
  emulator.traffic.filter(t => t.method !== 'GET').map(t => `${t.method} ${t.operation}`)

export function deploysTo(emulator: Emulator, id: string): number {
  return emulator.traffic.filter(t => t.method === 'PUT' && t.path.endsWith(`/environments/${id}`)).length
}

export interface GitHubCall {
  method: string
  path: string
  body: Record<string, unknown>
}

/** A local stand-in for GitHub's REST API: pull requests, issue comments and deployments, with state. */
export async function fakeGitHub(options: { closed?: number[]; commentStatus?: number } = {}) {
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
