// The release's checks and its one change, run by .github/workflows/release.yml on a published release vX.Y.Z
// (docs/releasing.md):
//   node scripts/release.mjs check vX.Y.Z [--build "<command>"]
//     HEAD is the tag's commit; package.json (and package-lock.json) say X.Y.Z; CHANGELOG.md has a `## X.Y.Z` or
//     `## [X.Y.Z]` section with text in it; and dist/ is the bundle of the tag's src/: the build (default
//     `npm run --silent package`, as .ci/run does it) leaves dist/ as committed. Every problem is listed at once.
//   node scripts/release.mjs move-tags vX.Y.Z [--prerelease true|false] [--remote origin]
//     Force-pushes the lightweight tags vX and vX.Y to the tag's commit, the tags users pin. A tag moves only
//     forward: vX.Y.Z moves vX unless the remote has a newer vX.*.*, and vX.Y unless it has a newer vX.Y.*; a
//     prerelease moves neither. Both move or neither (an atomic push).
// Plain Node and git, no dependencies: the job that moves the tags installs nothing.
import { execFileSync, spawnSync } from 'node:child_process'
import { appendFileSync, existsSync, readFileSync } from 'node:fs'

const RELEASE_TAG = /^v(\d+)\.(\d+)\.(\d+)$/

function git(...args) {
  return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim()
}

/** What a failed git command said, on one line (an annotation is one line). */
function oneLine(error) {
  return String(error.stderr || error.message)
    .trim()
    .replace(/\s+/g, ' ')
}

function fail(problems) {
  const annotate = process.env.GITHUB_ACTIONS === 'true'
  for (const problem of problems)
    console.error(annotate ? `::error title=Release check::${problem}` : `error: ${problem}`)
  process.exit(1)
}

function summary(line) {
  console.log(line)
  if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, `${line}\n`)
}

function parseTag(tag) {
  const match = RELEASE_TAG.exec(tag ?? '')
  if (!match) fail([`The release tag must have the form vX.Y.Z, e.g. v1.4.2; got '${tag ?? ''}'.`])
  return { tag, version: tag.slice(1), parts: match.slice(1).map(Number) }
}

/** The tag's commit, which must be what is checked out: the checks read the working tree. */
function tagCommit(tag) {
  let commit
  try {
    commit = git('rev-parse', '--verify', '--quiet', `refs/tags/${tag}^{commit}`)
  } catch {
    fail([`There is no tag ${tag} here: fetch it (git fetch origin tag ${tag}) and check it out.`])
  }
  const head = git('rev-parse', 'HEAD')
  if (head !== commit)
    fail([
      `HEAD is ${head.slice(0, 12)}, not ${tag} (${commit.slice(0, 12)}): check out the tag first (git checkout ${tag}).`
    ])
  return commit
}

function versionProblems(version) {
  const problems = []
  const read = file => JSON.parse(readFileSync(file, 'utf8'))
  const manifest = read('package.json').version
  if (manifest !== version)
    problems.push(
      `package.json has version ${manifest}, not ${version}: set it with npm version ${version} --no-git-tag-version.`
    )
  if (existsSync('package-lock.json')) {
    const lock = read('package-lock.json')
    const locked = [lock.version, lock.packages?.['']?.version].filter(found => found !== undefined)
    if (locked.some(found => found !== version))
      problems.push(
        `package-lock.json has version ${locked.join(' and ')}, not ${version}: set it with npm version ${version} --no-git-tag-version.`
      )
  }
  return problems
}

function changelogProblems(version) {
  if (!existsSync('CHANGELOG.md')) return ['There is no CHANGELOG.md.']
  const lines = readFileSync('CHANGELOG.md', 'utf8').split('\n')
  const heading = new RegExp(`^## \\[?${version.replace(/\./g, '\\.')}\\]?(?![\\w.])`)
  const start = lines.findIndex(line => heading.test(line))
  if (start < 0)
    return [
      `CHANGELOG.md has no section for ${version}: rename its '## Unreleased' heading to '## ${version}'.`
    ]
  const end = lines.findIndex((line, index) => index > start && line.startsWith('## '))
  const body = lines.slice(start + 1, end < 0 ? undefined : end)
  return body.some(line => line.trim() !== '')
    ? []
    : [`CHANGELOG.md's section for ${version} is empty: say what changed.`]
}

/** dist/ as a fresh build leaves it, compared with the commit: the check .ci/run makes on every change. */
function bundleProblems(build) {
  const built = spawnSync(build, { shell: true, stdio: ['ignore', 'inherit', 'inherit'] })
  if (built.status !== 0)
    return [`The build (${build}) failed with exit code ${built.status}: see its output above.`]
  // Not trimmed: each porcelain line starts with two status columns, the first of which may be a space.
  const changed = execFileSync('git', ['status', '--porcelain', '--untracked-files=all', '--', 'dist'], {
    encoding: 'utf8'
  })
  const files = changed
    .split('\n')
    .filter(Boolean)
    .map(line => line.slice(3))
  if (!files.length) return []
  return [
    `dist/ is not the bundle of this tag's src/: a fresh build changes ${files.join(', ')}. Run npm run package, commit dist/, and release that commit as a new version.`
  ]
}

function option(args, name, fallback) {
  const index = args.indexOf(name)
  return index < 0 ? fallback : args[index + 1]
}

function check(args) {
  const { tag, version } = parseTag(args[0])
  tagCommit(tag)
  const problems = [...versionProblems(version), ...changelogProblems(version)]
  problems.push(...bundleProblems(option(args, '--build', 'npm run --silent package')))
  if (problems.length) fail(problems)
  summary(`${tag}: package.json, CHANGELOG.md and dist/ agree with the tag.`)
}

const newer = (a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]

/** The moving tags this release takes over: the newest release of its major (vX) and of its minor (vX.Y). */
function tagsToMove(parts, remote) {
  let listed
  try {
    listed = git('ls-remote', '--tags', '--refs', remote)
  } catch (error) {
    fail([`Could not list the tags of ${remote}: ${oneLine(error)}.`])
  }
  const released = listed
    .split('\n')
    .map(line => RELEASE_TAG.exec(line.split('refs/tags/')[1] ?? ''))
    .filter(Boolean)
    .map(match => match.slice(1).map(Number))
  const [major, minor] = parts
  const beaten = within => released.some(other => within(other) && newer(other, parts) > 0)
  return [
    ...(beaten(other => other[0] === major) ? [] : [`v${major}`]),
    ...(beaten(other => other[0] === major && other[1] === minor) ? [] : [`v${major}.${minor}`])
  ]
}

function moveTags(args) {
  const { tag, parts } = parseTag(args[0])
  const commit = tagCommit(tag)
  if (option(args, '--prerelease', 'false') === 'true') {
    summary(`${tag} is a prerelease: the tags users pin stay where they are.`)
    return
  }
  const remote = option(args, '--remote', 'origin')
  const moving = tagsToMove(parts, remote)
  if (!moving.length) {
    summary(`${remote} has newer releases than ${tag}: no tag moves.`)
    return
  }
  try {
    git('push', '--atomic', '--force', remote, ...moving.map(name => `${commit}:refs/tags/${name}`))
  } catch (error) {
    const said = oneLine(error)
    // GitHub refuses the workflow token a push that makes a change to .github/workflows/ reachable from a ref it
    // did not reach before; a maintainer's own credentials may push it.
    const byHand = /workflows?` permission|without `workflows`/.test(said)
      ? ` From a clone at ${tag}, with your own credentials: node scripts/release.mjs move-tags ${tag}`
      : ''
    fail([`Could not move ${moving.join(' and ')} to ${tag}: ${said}.${byHand}`])
  }
  summary(`Moved ${moving.join(' and ')} to ${tag} (${commit.slice(0, 12)}).`)
}

const [command, ...rest] = process.argv.slice(2)
if (command === 'check') check(rest)
else if (command === 'move-tags') moveTags(rest)
else fail([`Usage: node scripts/release.mjs check|move-tags vX.Y.Z [options]; got '${command ?? ''}'.`])
