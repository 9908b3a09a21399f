/**
 * The release workflow's checks and tag moves (scripts/release.mjs), run as the workflow runs them, in a scratch
 * repository with a bare "origin": a published tag, its package.json, CHANGELOG.md and dist/, and the tags users pin.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { ROOT } from '../scripts/run-action.js'

const SCRIPT = join(ROOT, 'scripts', 'release.mjs')

let scratch: string
let work: string
let remote: string
let summaryFile: string

/** git without this machine's or this user's settings, with a fixed author. */
const gitEnv = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Release Test',
  GIT_AUTHOR_EMAIL: 'release@example.com',
  GIT_COMMITTER_NAME: 'Release Test',
  GIT_COMMITTER_EMAIL: 'release@example.com'
}

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: work, env: gitEnv, encoding: 'utf8', stdio: 'pipe' }).trim()
}

function write(path: string, text: string): void {
  mkdirSync(join(work, path, '..'), { recursive: true })
  writeFileSync(join(work, path), text)
}

/** The "bundler": dist/index.js is src/index.js under a banner, so a change to src/ alone leaves dist/ stale. */
const BUILD = "mkdir -p dist && { echo '// bundled'; cat src/index.js; } > dist/index.js"

function build(): void {
  execFileSync('sh', ['-c', BUILD], { cwd: work })
}

function setVersion(version: string, lockVersion = version): void {
  write('package.json', `${JSON.stringify({ name: 'mendix-deploy-action', version }, null, 2)}\n`)
  write(
    'package-lock.json',
    `${JSON.stringify({ name: 'mendix-deploy-action', version: lockVersion, lockfileVersion: 3, packages: { '': { version: lockVersion } } }, null, 2)}\n`
  )
}

/** Commits what is in the work tree, tags it, and pushes both, as publishing a release on GitHub does. */
function release(tag: string, { annotated = false } = {}): string {
  git('add', '-A')
  git('commit', '-q', '--allow-empty', '-m', `Release ${tag}`)
  if (annotated) git('tag', '-a', tag, '-m', tag)
  else git('tag', tag)
  git('push', '-q', 'origin', 'main', tag)
  return git('rev-parse', 'HEAD')
}

/** A correct release: version, a changelog section, and dist/ built from src/. */
function prepare(version: string, source = `export const version = '${version}'\n`): void {
  setVersion(version)
  const changelog = readFileSync(join(work, 'CHANGELOG.md'), 'utf8')
  write(
    'CHANGELOG.md',
    changelog.replace('# Changelog\n', `# Changelog\n\n## ${version}\n\n- Changes of ${version}.\n`)
  )
  write('src/index.js', source)
  build()
}

function script(...args: string[]) {
  const result = spawnSync(process.execPath, [SCRIPT, ...args], {
    cwd: work,
    env: { ...gitEnv, GITHUB_ACTIONS: '', GITHUB_STEP_SUMMARY: summaryFile },
    encoding: 'utf8'
  })
  return {
    exitCode: result.status,
    stdout: result.stdout,
    errors: result.stderr.trim().split('\n').filter(Boolean)
  }
}

const check = (tag: string) => script('check', tag, '--build', BUILD)

/** Where the remote's tag points, or undefined. */
function remoteTag(name: string): string | undefined {
  const line = git('ls-remote', '--tags', 'origin', `refs/tags/${name}`)
  return line ? line.split('\t')[0] : undefined
}

/** A scratch repository for each test: a work tree at a first release's content, and a bare origin. */
function withScratchRepository(): void {
  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'release-test-'))
    remote = join(scratch, 'origin.git')
    work = join(scratch, 'work')
    summaryFile = join(scratch, 'summary.md')
    execFileSync('git', ['init', '-q', '--bare', remote], { env: gitEnv })
    mkdirSync(work)
    git('init', '-q', '-b', 'main')
    git('remote', 'add', 'origin', remote)
    write('CHANGELOG.md', '# Changelog\n')
    prepare('1.4.2')
  })

  afterEach(() => rmSync(scratch, { recursive: true, force: true }))
}

describe('release check', () => {
  withScratchRepository()

  it('passes a release whose version, changelog and bundle agree with its tag', () => {
    release('v1.4.2')
    const result = check('v1.4.2')
    expect(result.errors).toEqual([])
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain('v1.4.2: package.json, CHANGELOG.md and dist/ agree with the tag.')
    expect(readFileSync(summaryFile, 'utf8')).toContain('agree with the tag')
  })

  it('refuses a tag whose dist/ is not the bundle of its src/', () => {
    release('v1.4.2')
    prepare('1.4.3')
    write('src/index.js', "export const version = 'changed after the build'\n")
    release('v1.4.3')
    const result = check('v1.4.3')
    expect(result.exitCode).toBe(1)
    expect(result.errors).toEqual([
      "error: dist/ is not the bundle of this tag's src/: a fresh build changes dist/index.js. Run npm run package, commit dist/, and release that commit as a new version."
    ])
  })

  it('refuses a tag without a committed dist/, and a build that fails', () => {
    rmSync(join(work, 'dist'), { recursive: true })
    release('v1.4.2')
    expect(check('v1.4.2').errors).toEqual([expect.stringContaining('a fresh build changes dist/index.js')])
    const failing = script('check', 'v1.4.2', '--build', 'exit 3')
    expect(failing.errors).toEqual([
      'error: The build (exit 3) failed with exit code 3: see its output above.'
    ])
  })

  it('refuses a package.json or package-lock.json that does not say the tag’s version', () => {
    setVersion('1.4.1')
    release('v1.4.2')
    expect(check('v1.4.2').errors).toEqual([
      'error: package.json has version 1.4.1, not 1.4.2: set it with npm version 1.4.2 --no-git-tag-version.',
      'error: package-lock.json has version 1.4.1 and 1.4.1, not 1.4.2: set it with npm version 1.4.2 --no-git-tag-version.'
    ])
  })

  it('accepts ## X.Y.Z and ## [X.Y.Z] - date sections, and nothing else', () => {
    write('CHANGELOG.md', '# Changelog\n\n## [1.4.2] - 2026-09-10\n\n### Fixed\n\n- A fix.\n')
    release('v1.4.2')
    expect(check('v1.4.2').exitCode).toBe(0)
    for (const [changelog, problem] of [
      [
        '# Changelog\n\n## Unreleased\n\n- A fix.\n',
        "CHANGELOG.md has no section for 1.4.2: rename its '## Unreleased' heading to '## 1.4.2'."
      ],
      ['# Changelog\n\n## 1.4.20\n\n- A fix.\n', 'CHANGELOG.md has no section for 1.4.2'],
      [
        '# Changelog\n\n## 1.4.2\n\n## 1.4.1\n\n- A fix.\n',
        "CHANGELOG.md's section for 1.4.2 is empty: say what changed."
      ]
    ]) {
      write('CHANGELOG.md', changelog)
      git('commit', '-q', '-am', 'changelog')
      git('tag', '-f', 'v1.4.2')
      expect(check('v1.4.2').errors).toEqual([expect.stringContaining(problem)])
    }
  })

  it('lists every problem at once', () => {
    setVersion('1.4.1', '1.4.2')
    write('CHANGELOG.md', '# Changelog\n')
    write('src/index.js', 'export const stale = true\n')
    release('v1.4.2')
    const result = check('v1.4.2')
    expect(result.exitCode).toBe(1)
    expect(result.errors.map(line => line.split(':')[1].trim())).toEqual([
      'package.json has version 1.4.1, not 1.4.2',
      'CHANGELOG.md has no section for 1.4.2',
      "dist/ is not the bundle of this tag's src/"
    ])
  })

  it('refuses a tag that is not vX.Y.Z, and a checkout that is not the tag', () => {
    release('v1.4.2')
    expect(check('release-1.4.2').errors).toEqual([
      "error: The release tag must have the form vX.Y.Z, e.g. v1.4.2; got 'release-1.4.2'."
    ])
    expect(check('v1.4.3').errors).toEqual([expect.stringContaining('There is no tag v1.4.3 here')])
    git('commit', '-q', '--allow-empty', '-m', 'after the release')
    expect(check('v1.4.2').errors).toEqual([
      expect.stringMatching(/^error: HEAD is \w{12}, not v1\.4\.2 \(\w{12}\): check out the tag first/)
    ])
  })

  it('annotates each problem on the run when it runs in GitHub Actions', () => {
    setVersion('1.4.1')
    release('v1.4.2')
    const result = spawnSync(process.execPath, [SCRIPT, 'check', 'v1.4.2', '--build', BUILD], {
      cwd: work,
      env: { ...gitEnv, GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: '' },
      encoding: 'utf8'
    })
    expect(result.stderr).toContain('::error title=Release check::package.json has version 1.4.1, not 1.4.2')
  })
})

describe('moving the tags users pin', () => {
  withScratchRepository()

  it('moves vX and vX.Y to the first release of a major', () => {
    const commit = release('v1.4.2', { annotated: true })
    const result = script('move-tags', 'v1.4.2')
    expect(result.errors).toEqual([])
    expect(result.stdout).toContain(`Moved v1 and v1.4 to v1.4.2 (${commit.slice(0, 12)}).`)
    expect(remoteTag('v1')).toBe(commit)
    expect(remoteTag('v1.4')).toBe(commit)
    // Lightweight: the moving tags name the commit itself, whatever kind of tag the release has.
    expect(git('cat-file', '-t', commit)).toBe('commit')
  })

  it('moves them forward with each release, but never back to a patch of an older minor', () => {
    release('v1.4.2')
    script('move-tags', 'v1.4.2')
    prepare('1.5.0')
    const minor = release('v1.5.0')
    expect(script('move-tags', 'v1.5.0').stdout).toContain('Moved v1 and v1.5 to v1.5.0')
    git('checkout', '-q', 'v1.4.2')
    git('checkout', '-q', '-b', 'release-1.4')
    prepare('1.4.3')
    git('add', '-A')
    git('commit', '-q', '-m', 'Release v1.4.3')
    git('tag', 'v1.4.3')
    git('push', '-q', 'origin', 'v1.4.3')
    const patch = git('rev-parse', 'HEAD')
    expect(script('move-tags', 'v1.4.3').stdout).toContain('Moved v1.4 to v1.4.3')
    expect(remoteTag('v1.4')).toBe(patch)
    expect(remoteTag('v1')).toBe(minor)
  })

  it('starts a new major without touching the old one', () => {
    const one = release('v1.4.2')
    script('move-tags', 'v1.4.2')
    prepare('2.0.0')
    const two = release('v2.0.0')
    expect(script('move-tags', 'v2.0.0').stdout).toContain('Moved v2 and v2.0 to v2.0.0')
    expect(remoteTag('v2')).toBe(two)
    expect(remoteTag('v1')).toBe(one)
  })

  it('moves nothing for a prerelease, or when the remote has newer releases', () => {
    release('v1.4.2')
    expect(script('move-tags', 'v1.4.2', '--prerelease', 'true').stdout).toContain(
      'v1.4.2 is a prerelease: the tags users pin stay where they are.'
    )
    expect(remoteTag('v1')).toBeUndefined()
    git('tag', 'v1.4.9')
    git('push', '-q', 'origin', 'v1.4.9')
    expect(script('move-tags', 'v1.4.2').stdout).toContain(
      'origin has newer releases than v1.4.2: no tag moves.'
    )
  })

  it('says what the remote refused, and how to move the tags by hand when GitHub refuses the workflow token', () => {
    release('v1.4.2')
    // The refusal GitHub gives the workflow token when the move makes a change to .github/workflows/ reachable.
    const hook = join(remote, 'hooks', 'pre-receive')
    writeFileSync(
      hook,
      "#!/bin/sh\necho 'refusing to allow a GitHub App to create or update workflow `.github/workflows/ci.yml` without `workflows` permission' >&2\nexit 1\n"
    )
    chmodSync(hook, 0o755)
    const result = script('move-tags', 'v1.4.2')
    expect(result.exitCode).toBe(1)
    expect(result.errors).toHaveLength(1)
    expect(result.errors[0]).toMatch(
      /^error: Could not move v1 and v1\.4 to v1\.4\.2: .*refusing to allow a GitHub App/
    )
    expect(result.errors[0]).toContain(
      'From a clone at v1.4.2, with your own credentials: node scripts/release.mjs move-tags v1.4.2'
    )
    expect(remoteTag('v1')).toBeUndefined()
    git('remote', 'set-url', 'origin', join(scratch, 'missing.git'))
    expect(script('move-tags', 'v1.4.2').errors[0]).toMatch(/^error: Could not list the tags of origin: /)
  })
})

describe('.github/workflows/release.yml', () => {
  const text = readFileSync(join(ROOT, '.github', 'workflows', 'release.yml'), 'utf8')
  const workflow = parse(text) as {
    on: { release: { types: string[] } }
    permissions: Record<string, string>
    jobs: Record<
      string,
      { needs?: string; permissions?: Record<string, string>; steps: Array<{ uses?: string; run?: string }> }
    >
  }

  it('runs on a published release, checks it, then moves the tags', () => {
    expect(workflow.on.release.types).toEqual(['published'])
    const runs = Object.values(workflow.jobs).flatMap(job => job.steps.map(step => step.run ?? ''))
    expect(runs).toContain('node scripts/release.mjs check "$TAG"')
    expect(workflow.jobs['move-tags'].needs).toBe('check')
    expect(workflow.jobs['move-tags'].steps.at(-1)?.run).toBe(
      'node scripts/release.mjs move-tags "$TAG" --prerelease "$PRERELEASE"'
    )
  })

  it('checks dist/ with the build .ci/run uses', () => {
    expect(readFileSync(join(ROOT, '.ci', 'run'), 'utf8')).toContain('npm run --silent package')
    expect(readFileSync(SCRIPT, 'utf8')).toContain("'npm run --silent package'")
  })

  it('gives write access only to the job that moves the tags, which installs nothing', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' })
    const writers = Object.entries(workflow.jobs).filter(([, job]) => job.permissions?.contents === 'write')
    expect(writers.map(([name]) => name)).toEqual(['move-tags'])
    expect(workflow.jobs['move-tags'].steps.some(step => /\bnpm\b/.test(step.run ?? ''))).toBe(false)
  })

  it('pins every action to a commit, with its version beside it', () => {
    const uses = Object.values(workflow.jobs).flatMap(job => job.steps.flatMap(step => step.uses ?? []))
    expect(uses.length).toBeGreaterThan(0)
    for (const action of uses) {
      expect(action).toMatch(/^[\w-]+\/[\w-]+@[0-9a-f]{40}$/)
      expect(text).toMatch(new RegExp(`uses: ${action} # v\\d+\\.\\d+\\.\\d+\\n`))
    }
  })
})
