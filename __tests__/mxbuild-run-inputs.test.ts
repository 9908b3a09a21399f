/**
 * Issue 25: the inputs of a build in the runner (their rows in src/input-table.ts) and the preflight
 * (src/mxbuild/preflight.ts) that checks, before any download or request, whose code the workspace holds, the JDK,
 * the app file and its Mendix version.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { InputError } from '../src/errors.js'
import { readSettings, type RunContext, type Settings } from '../src/inputs.js'
import { withBuildPlan } from '../src/mxbuild/on-demand.js'
import { planRunnerBuild } from '../src/mxbuild/preflight.js'
import { untrustedCodeReason } from '../src/mxbuild/untrusted-code.js'
import { makeMpr } from './support/mpr.js'

const run: RunContext = {
  repository: 'acme/orders-app',
  sha: '5e1f0c3a9b7d2e4f6a8c0b1d3e5f7a9c2b4d6e8f',
  ref: 'refs/heads/main',
  runId: '7712345678',
  runAttempt: '1',
  serverUrl: 'https://github.com',
  workflow: 'Deploy',
  runNumber: '42'
}

const PRIVATE_CLOUD: Record<string, string> = {
  token: 'pat-abc123',
  appId: '4b1ad3c2-7f0e-4d8a-9c55-2e6f1a8b9d70',
  environment: 'test',
  branch: 'main'
}
const MENDIX_CLOUD: Record<string, string> = {
  target: 'mendix-cloud',
  username: 'ops@example.com',
  apiKey: 'key-abc123',
  appId: 'orders-demo',
  environment: 'Production',
  branch: 'main'
}

function read(inputs: Record<string, string>): Settings | string[] {
  try {
    return readSettings(name => inputs[name] ?? '', run)
  } catch (error) {
    if (error instanceof InputError) return error.problems
    throw error
  }
}

const dirs: string[] = []
afterAll(() => dirs.forEach(dir => rmSync(dir, { recursive: true, force: true })))
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mxbuild-inputs-'))
  dirs.push(dir)
  return dir
}

describe('the inputs', () => {
  it('build defaults to service; runner is read with the inputs only it uses', () => {
    expect(read(PRIVATE_CLOUD)).toMatchObject({ build: 'service', sbom: false, allowUntrustedBuild: false })
    const s = read({
      ...PRIVATE_CLOUD,
      build: 'runner',
      mprFile: 'app/Orders.mpr',
      mxbuildUrl: 'https://mirror.example.com/mendix/',
      mxbuildSha256: 'AB'.repeat(32),
      javaHome: '/opt/jdk-21',
      sbom: 'true',
      allowUntrustedBuild: 'false'
    })
    expect(s).toMatchObject({
      build: 'runner',
      mprFile: 'app/Orders.mpr',
      mxbuildUrl: 'https://mirror.example.com/mendix',
      mxbuildSha256: 'ab'.repeat(32),
      javaHome: '/opt/jdk-21',
      sbom: true
    })
  })

  it('refuses each bad value, naming the input and what is allowed', () => {
    expect(read({ ...PRIVATE_CLOUD, build: 'local' })).toEqual([
      'Input \'build\' must be service or runner; got "local".'
    ])
    expect(
      read({ ...PRIVATE_CLOUD, build: 'runner', mxbuildUrl: 'http://mirror.example.com/mendix' })
    ).toEqual([
      'Input \'mxbuildUrl\' must use https (http is allowed only on this machine: localhost, 127.0.0.0/8, ::1, 0.0.0.0): MxBuild from it runs on this runner; got "http://mirror.example.com/mendix".'
    ])
    expect(
      read({ ...PRIVATE_CLOUD, build: 'runner', mxbuildUrl: 'http://127.0.0.1:8080/cdn' })
    ).toMatchObject({
      mxbuildUrl: 'http://127.0.0.1:8080/cdn'
    })
    expect(read({ ...PRIVATE_CLOUD, build: 'runner', mxbuildSha256: 'abc' })).toEqual([
      expect.stringMatching(
        /^Input 'mxbuildSha256' must be the SHA-256 of the MxBuild tarball, 64 hexadecimal digits/
      )
    ])
    expect(read({ ...PRIVATE_CLOUD, build: 'runner', sbom: 'maybe' })).toEqual([
      'Input \'sbom\' must be true or false; got "maybe".'
    ])
  })

  it('refuses packageFile and promoteFrom with a runner build: each names another package', () => {
    const file = join(tempDir(), 'app.mda')
    writeFileSync(file, 'PK')
    expect(read({ ...PRIVATE_CLOUD, build: 'runner', packageFile: file })).toEqual([
      "Inputs 'build' (runner) and 'packageFile' each say where the package comes from: build: runner builds it with MxBuild, packageFile uploads a package built elsewhere. Give one of them."
    ])
    expect(read({ ...MENDIX_CLOUD, build: 'runner', packageFile: file })).toEqual([
      expect.stringContaining("Inputs 'build' (runner) and 'packageFile'")
    ])
    expect(read({ ...PRIVATE_CLOUD, build: 'runner', promoteFrom: 'acceptance' })).toEqual([
      expect.stringContaining("Inputs 'build' (runner) and 'promoteFrom'")
    ])
    expect(read({ ...PRIVATE_CLOUD, build: 'runner', preview: 'sweep', environment: '' })).toEqual([
      "Input 'build' (runner) builds a package, and preview: sweep builds none: remove build from this step."
    ])
  })

  it('refuses the inputs of a runner build without build: runner, rather than ignore them', () => {
    expect(read({ ...PRIVATE_CLOUD, mprFile: 'Orders.mpr', sbom: 'true', javaHome: '/jdk' })).toEqual([
      "Input 'mprFile' is for a build in the runner (MxBuild): set build: runner, or remove mprFile.",
      "Input 'javaHome' is for a build in the runner (MxBuild): set build: runner, or remove javaHome.",
      "Input 'sbom' is for a build in the runner (MxBuild): set build: runner, or remove sbom."
    ])
  })

  it('a Mendix Cloud runner build needs no token: it asks the App Repository API nothing', () => {
    expect(read({ ...MENDIX_CLOUD })).toEqual([expect.stringContaining("Input 'revision' is latest")])
    expect(read({ ...MENDIX_CLOUD, build: 'runner' })).toMatchObject({ build: 'runner', token: undefined })
  })
})

describe('whose code the workspace holds', () => {
  function event(payload: unknown): string {
    const path = join(tempDir(), 'event.json')
    writeFileSync(path, JSON.stringify(payload))
    return path
  }
  const pr = (head: string | null) => ({
    pull_request: { number: 7, head: { repo: head === null ? null : { full_name: head } } }
  })

  it('trusts a push and a pull request from the repository itself', () => {
    const base = { GITHUB_REPOSITORY: 'acme/orders-app' }
    expect(
      untrustedCodeReason({ ...base, GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: event({}) })
    ).toBeUndefined()
    expect(
      untrustedCodeReason({
        ...base,
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: event(pr('Acme/Orders-App'))
      })
    ).toBeUndefined()
  })

  it('distrusts pull_request_target, a fork, an unknown head and an unreadable pull request event', () => {
    const base = { GITHUB_REPOSITORY: 'acme/orders-app' }
    expect(
      untrustedCodeReason({
        ...base,
        GITHUB_EVENT_NAME: 'pull_request_target',
        GITHUB_EVENT_PATH: event(pr('acme/orders-app'))
      })
    ).toMatch(/pull_request_target/)
    expect(
      untrustedCodeReason({
        ...base,
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: event(pr('mallory/orders-app'))
      })
    ).toBe("the pull request's code comes from the fork mallory/orders-app, not from acme/orders-app")
    expect(
      untrustedCodeReason({ ...base, GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event(pr(null)) })
    ).toMatch(/head repository is unknown/)
    expect(
      untrustedCodeReason({
        ...base,
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: join(tempDir(), 'none.json')
      })
    ).toMatch(/payload \(GITHUB_EVENT_PATH\) cannot be read/)
  })
})

describe('the preflight', () => {
  /** A workspace with the given files, a JDK with bin/java, and the runner's variables pointing at them. */
  function workspace(options: { apps?: Record<string, string | { version: string }>; jdk?: boolean } = {}) {
    const root = tempDir()
    const ws = join(root, 'ws')
    mkdirSync(ws)
    for (const [name, content] of Object.entries(
      options.apps ?? { 'Orders.mpr': { version: '10.24.0.73019' } }
    )) {
      if (typeof content === 'string') writeFileSync(join(ws, name), content)
      else makeMpr(ws, { ...content, name })
    }
    const jdk = join(root, 'jdk')
    if (options.jdk !== false) {
      mkdirSync(join(jdk, 'bin'), { recursive: true })
      writeFileSync(join(jdk, 'bin', 'java'), '')
    }
    const env: NodeJS.ProcessEnv = {
      GITHUB_WORKSPACE: ws,
      JAVA_HOME: jdk,
      RUNNER_TEMP: join(root, 'temp'),
      GITHUB_REPOSITORY: 'acme/orders-app',
      GITHUB_SHA: run.sha,
      GITHUB_RUN_ID: run.runId,
      GITHUB_REF: 'refs/heads/feature-x',
      GITHUB_EVENT_NAME: 'push'
    }
    return { ws, jdk, env, root }
  }

  const runnerSettings = (extra: Record<string, string> = {}) =>
    read({ ...PRIVATE_CLOUD, build: 'runner', ...extra }) as Settings

  it('plans the build: the one .mpr, its Mendix version, the JDK, the commit and the branch', async () => {
    const { ws, jdk, env, root } = workspace()
    await expect(planRunnerBuild(runnerSettings(), env)).resolves.toEqual({
      mprPath: join(ws, 'Orders.mpr'),
      mendixVersion: '10.24.0.73019',
      javaHome: jdk,
      javaExe: join(jdk, 'bin', 'java'),
      repository: 'acme/orders-app',
      commit: run.sha,
      runId: run.runId,
      refName: 'feature-x',
      tempDir: join(root, 'temp')
    })
  })

  it('leaves a service build alone, and passes refused inputs on', async () => {
    const { env } = workspace({ apps: {} })
    const service = read(PRIVATE_CLOUD) as Settings
    await expect(withBuildPlan(service, env)).resolves.toBe(service)
    await expect(withBuildPlan(['a problem'], env)).resolves.toEqual(['a problem'])
  })

  it('refuses no .mpr and several, listing what was found', async () => {
    const none = workspace({ apps: { 'README.md': '# app' } })
    await expect(withBuildPlan(runnerSettings(), none.env)).resolves.toEqual([
      expect.stringMatching(/holds no \*\.mpr file/)
    ])
    const two = workspace({
      apps: { 'A.mpr': { version: '10.24.0.73019' }, 'B.mpr': { version: '10.24.0.73019' } }
    })
    await expect(withBuildPlan(runnerSettings(), two.env)).resolves.toEqual([
      expect.stringMatching(/holds 2 \*\.mpr files \(A\.mpr, B\.mpr\): set 'mprFile'/)
    ])
    await expect(withBuildPlan(runnerSettings({ mprFile: 'B.mpr' }), two.env)).resolves.toMatchObject({
      runnerBuild: { mprPath: join(two.ws, 'B.mpr') }
    })
  })

  it('refuses a file that is not SQLite, a Git LFS pointer, and a version that is not four numbers', async () => {
    const text = workspace({ apps: { 'Orders.mpr': 'not a database' } })
    await expect(withBuildPlan(runnerSettings(), text.env)).resolves.toEqual([
      expect.stringMatching(/is not an SQLite database/)
    ])
    const lfs = workspace({
      apps: { 'Orders.mpr': 'version https://git-lfs.github.com/spec/v1\noid sha256:ab\n' }
    })
    await expect(withBuildPlan(runnerSettings(), lfs.env)).resolves.toEqual([
      expect.stringMatching(/Git LFS pointer/)
    ])
    const odd = workspace({ apps: { 'Orders.mpr': { version: '10.24.0' } } })
    await expect(withBuildPlan(runnerSettings(), odd.env)).resolves.toEqual([
      expect.stringMatching(/not a four-part version such as 10\.24\.0\.73019/)
    ])
    const old = workspace({ apps: { 'Orders.mpr': { version: '8.18.5.18651' } } })
    await expect(withBuildPlan(runnerSettings(), old.env)).resolves.toEqual([
      expect.stringMatching(/saved with Mendix 8\.18\.5\.18651; build: runner runs MxBuild's Linux binary/)
    ])
  })

  it('refuses no JDK, a JAVA_HOME that is no directory, and a javaHome without bin/java', async () => {
    const { env, root } = workspace({ jdk: false })
    await expect(withBuildPlan(runnerSettings(), { ...env, JAVA_HOME: undefined })).resolves.toEqual([
      expect.stringMatching(
        /^build: runner needs a JDK, and JAVA_HOME is not set: add an actions\/setup-java step/
      )
    ])
    await expect(withBuildPlan(runnerSettings(), env)).resolves.toEqual([
      `JAVA_HOME must be a JDK's directory; "${join(root, 'jdk')}" is not a directory.`
    ])
    mkdirSync(join(root, 'jre'))
    await expect(withBuildPlan(runnerSettings({ javaHome: join(root, 'jre') }), env)).resolves.toEqual([
      expect.stringMatching(
        /^Input 'javaHome' must be a JDK's directory, with bin\/java; .* has no bin\/java/
      )
    ])
  })

  it('refuses a fork on pull_request_target, naming the safe pattern, unless allowUntrustedBuild', async () => {
    const { env, root } = workspace()
    const eventPath = join(root, 'event.json')
    writeFileSync(
      eventPath,
      JSON.stringify({ pull_request: { head: { repo: { full_name: 'mallory/orders-app' } } } })
    )
    const prEnv = { ...env, GITHUB_EVENT_NAME: 'pull_request_target', GITHUB_EVENT_PATH: eventPath }
    const refused = (await withBuildPlan(runnerSettings(), prEnv)) as string[]
    expect(refused).toHaveLength(1)
    expect(refused[0]).toMatch(
      /^Input 'build' \(runner\) is refused: the workflow runs on pull_request_target/
    )
    expect(refused[0]).toMatch(/build without secrets in a pull_request workflow/)
    expect(refused[0]).toMatch(/deploy that file with packageFile from a workflow_run workflow/)
    expect(refused[0]).toMatch(/set allowUntrustedBuild: true\.$/)
    await expect(
      withBuildPlan(runnerSettings({ allowUntrustedBuild: 'true' }), prEnv)
    ).resolves.toMatchObject({
      runnerBuild: { mendixVersion: '10.24.0.73019' }
    })
  })

  it('reports every problem at once', async () => {
    const { env } = workspace({ apps: {}, jdk: false })
    const problems = (await withBuildPlan(runnerSettings(), {
      ...env,
      GITHUB_EVENT_NAME: 'pull_request_target'
    })) as string[]
    expect(problems.map(p => p.slice(0, 40))).toEqual([
      expect.stringContaining("Input 'build' (runner) is refused"),
      expect.stringContaining('JAVA_HOME must be'),
      expect.stringContaining("Input 'mprFile' is not set")
    ])
  })
})
