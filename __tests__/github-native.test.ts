/** What a person sees in GitHub's UI: the job summary, annotations with titles, and GitHub Deployments. */
import { createServer, type Server } from 'node:http'
import { SEED } from '../emulator/index.js'
import { deploy, HEAD, withEmulator } from './support/deploy-run.js'
import { forwardProxy } from './support/forward-proxy.js'

interface GitHubCall {
  method: string
  path: string
  body: Record<string, unknown>
  authorization?: string
}

/** A local stand-in for the GitHub REST API that records the Deployments calls. */
async function gitHubRecorder(
  failWith?: number
): Promise<{ url: string; calls: GitHubCall[]; close(): Promise<void> }> {
  const calls: GitHubCall[] = []
  const server: Server = createServer((req, res) => {
    let text = ''
    req.on('data', chunk => (text += chunk))
    req.on('end', () => {
      calls.push({
        method: req.method!,
        path: req.url!,
        body: text ? JSON.parse(text) : {},
        authorization: req.headers.authorization
      })
      res.setHeader('Content-Type', 'application/json')
      res.statusCode = failWith ?? 201
      const body = failWith
        ? { message: 'Resource not accessible by integration' }
        : req.url!.endsWith('/deployments')
          ? { id: 4242 }
          : { id: 1 }
      res.end(JSON.stringify(body))
    })
  })
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as { port: number }).port
  return { url: `http://127.0.0.1:${port}`, calls, close: () => new Promise(r => server.close(() => r())) }
}

describe('job summary', () => {
  it('tells what happened after a successful deploy', () =>
    withEmulator({}, async emulator => {
      const result = await deploy(emulator, {}, { env: { GITHUB_REF: 'refs/tags/v2.1.0' } })
      expect(result.exitCode).toBe(0)
      const { summary, outputs } = result
      expect(summary).toContain('### ✅ Mendix deploy succeeded')
      for (const expected of [
        `| App | \`${SEED.appId}\` |`,
        `| Environment | test (\`${SEED.environments.test.id}\`) |`,
        `| Branch and revision | \`main\` @ \`${HEAD}\` |`,
        '| Version | 2.1.0 |',
        `| Package | \`${outputs.packageId}\` |`,
        `| Previous package | \`${SEED.packages.released}\` |`,
        `| Build job | \`${outputs.buildJobId}\` |`,
        `| Deploy job | \`${outputs.deployJobId}\` |`,
        '| App URL | [https://test-orders.apps.example.com](https://test-orders.apps.example.com) |'
      ]) {
        expect(summary).toContain(expected)
      }
      expect(summary).toMatch(/\| Time: build \| \d+\.\ds \|/)
      expect(summary).toMatch(/\| Time: deploy \| \d+\.\ds \|/)
      expect(summary).not.toContain(emulator.token)
    }))

  it('tells the failing phase, the error and the build log tail after a failed build', () =>
    withEmulator({}, async emulator => {
      const result = await deploy(emulator, { revision: SEED.brokenRevision })
      expect(result.exitCode).toBe(1)
      expect(result.summary).toContain('### ❌ Mendix deploy failed while in phase "build"')
      expect(result.summary).toContain(`The build of main@${SEED.brokenRevision} failed`)
      expect(result.summary).toContain('<details><summary>Build log (last lines)</summary>')
      expect(result.summary).toContain(
        'CE1613: The selected attribute &#39;Orders.Order.Total&#39;'.replace(/&#39;/g, "'")
      )
      expect(result.summary).not.toContain(emulator.token)
    }))
})

describe('annotations', () => {
  it('gives errors and warnings a title', () =>
    withEmulator({}, async emulator => {
      const result = await deploy(emulator, { branch: 'Main line' })
      expect(result.stdout).toMatch(
        /^::warning title=Branch name::branch 'Main line' is what Studio Pro shows/m
      )
      // A branch the repository does not know fails before any build, as invalid input, listing the branches.
      expect(result.stdout).toMatch(/^::error title=Invalid input::Input 'branch'.*no branch "Main line"/m)
      const failed = await deploy(emulator, { revision: SEED.brokenRevision })
      expect(failed.stdout).toMatch(/^::error title=Mendix deploy failed \(build\)::The build of main@/m)
      const bad = await deploy(emulator, { appId: 'nope' })
      expect(bad.stdout).toMatch(/^::error title=Invalid input::Input 'appId'/m)
    }))

  it('notes a revision that is the workflow commit rather than a Team Server revision', () =>
    withEmulator({}, async emulator => {
      const result = await deploy(emulator, {}, { env: { GITHUB_SHA: HEAD } })
      expect(result.exitCode).toBe(0)
      expect(result.stdout).toMatch(/^::notice title=Revision::revision is this workflow's own commit/m)
    }))
})

describe('GitHub Deployments', () => {
  it('creates a deployment, then in_progress, then success with the app URL and the run link', async () => {
    const github = await gitHubRecorder()
    try {
      await withEmulator({}, async emulator => {
        const result = await deploy(
          emulator,
          { githubToken: 'ghs_recorder_token_123' },
          { env: { GITHUB_API_URL: github.url } }
        )
        expect(result.exitCode).toBe(0)
        expect(github.calls.map(c => `${c.method} ${c.path}`)).toEqual([
          'POST /repos/acme/orders-app/deployments',
          'POST /repos/acme/orders-app/deployments/4242/statuses',
          'POST /repos/acme/orders-app/deployments/4242/statuses'
        ])
        expect(github.calls[0].body).toMatchObject({
          ref: '5e1f0c3a9b7d2e4f6a8c0b1d3e5f7a9c2b4d6e8f',
          environment: 'test',
          required_contexts: []
        })
        expect(github.calls[1].body).toMatchObject({ state: 'in_progress' })
        expect(github.calls[2].body).toEqual({
          state: 'success',
          environment_url: 'https://test-orders.apps.example.com',
          log_url: 'https://github.com/acme/orders-app/actions/runs/7712345678',
          auto_inactive: true
        })
        expect(github.calls[0].authorization).toBe('token ghs_recorder_token_123')
        expect(
          result.stdout
            .split('\n')
            .filter(l => !l.startsWith('::add-mask::'))
            .join('\n')
        ).not.toContain('ghs_recorder_token_123')
      })
    } finally {
      await github.close()
    }
  })

  it('leaves the deployment in progress with wait: false: the change was accepted, not seen running', async () => {
    const github = await gitHubRecorder()
    try {
      await withEmulator({}, async emulator => {
        const result = await deploy(
          emulator,
          { githubToken: 'ghs_recorder_token_123', wait: 'false' },
          { env: { GITHUB_API_URL: github.url } }
        )
        expect(result.exitCode).toBe(0)
        expect(github.calls.map(c => c.body)).toEqual([
          expect.objectContaining({ environment: 'test' }),
          expect.objectContaining({ state: 'in_progress' })
        ])
        expect(result.stdout).toContain('The GitHub Deployment stays in progress')
      })
    } finally {
      await github.close()
    }
  })

  // Octokit fetches with undici, which the bundle loads only for runs that talk to GitHub
  // (src/undici-on-demand.ts): this holds that a proxied fetch still finds it.
  it('records the deployment through the runner proxy (http_proxy), as a self-hosted runner behind one needs', async () => {
    const github = await gitHubRecorder()
    const proxy = await forwardProxy(github.url)
    try {
      await withEmulator({}, async emulator => {
        const result = await deploy(
          emulator,
          { githubToken: 'ghs_recorder_token_123' },
          // A name only the proxy can reach: a loopback address would bypass the proxy.
          { env: { GITHUB_API_URL: 'http://github.behind-proxy.test', http_proxy: proxy.url } }
        )
        expect({ exit: result.exitCode, warnings: result.stdout.match(/^::warning.*$/gm) }).toEqual({
          exit: 0,
          warnings: null
        })
        expect(github.calls.map(c => `${c.method} ${c.path}`)).toEqual([
          'POST /repos/acme/orders-app/deployments',
          'POST /repos/acme/orders-app/deployments/4242/statuses',
          'POST /repos/acme/orders-app/deployments/4242/statuses'
        ])
        expect(proxy.asked.length).toBeGreaterThan(0)
        for (const line of proxy.asked) expect(line).toMatch(/github\.behind-proxy\.test/)
      })
    } finally {
      await proxy.close()
      await github.close()
    }
  })

  it('marks the deployment failure when the deploy fails', async () => {
    const github = await gitHubRecorder()
    try {
      await withEmulator({}, async emulator => {
        await deploy(
          emulator,
          { githubToken: 'ghs_x', revision: SEED.brokenRevision, githubEnvironment: 'Test (Mendix)' },
          { env: { GITHUB_API_URL: github.url } }
        )
        expect(github.calls[0].body.environment).toBe('Test (Mendix)')
        expect(github.calls.at(-1)!.body).toMatchObject({ state: 'failure' })
      })
    } finally {
      await github.close()
    }
  })

  it('warns but still deploys when GitHub refuses', async () => {
    const github = await gitHubRecorder(403)
    try {
      await withEmulator({}, async emulator => {
        const result = await deploy(
          emulator,
          { githubToken: 'ghs_x' },
          { env: { GITHUB_API_URL: github.url } }
        )
        expect(result.exitCode).toBe(0)
        expect(result.stdout).toMatch(
          /^::warning title=GitHub deployment::Could not create the deployment on GitHub: .*deployments: write/m
        )
      })
    } finally {
      await github.close()
    }
  })
})
