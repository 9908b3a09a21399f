/**
 * The checks behind the inputs of a build in the runner (`build: runner` and the inputs only it uses), for the
 * rows of input-table.ts. Each adds a problem naming the input and what is allowed; files and the JDK are looked
 * at later, in preflight.ts, still before any download or request.
 */
import { checkApiUrl, checkBoolean, checkText, quote } from '../input-checks.js'

/** Where the package is built: by Mendix's build service from Team Server, or by MxBuild on this runner. */
export const BUILD_MODES = ['service', 'runner'] as const
export type BuildMode = (typeof BUILD_MODES)[number]

/**
 * The documented download location of MxBuild (refguide "MxBuild": `https://cdn.mendix.com/runtime/mxbuild-
 * {mxversion}.tar.gz`); a mirror keeps the same file names below its own base URL.
 */
export const DEFAULT_MXBUILD_URL = 'https://cdn.mendix.com/runtime'

/** What the row parsers of these inputs are given: the problems list, and the other inputs' raw values. */
export interface RunnerInputContext {
  target: string
  problems: string[]
  input(name: string): string
}

const runner = (c: RunnerInputContext): boolean => c.input('build') === 'runner'

/**
 * The `build` input. A build in the runner makes the package itself, so the inputs that name another package
 * (packageFile, promoteFrom) and the preview runs that build nothing (cleanup, sweep) are refused with it.
 */
export function parseBuildMode(raw: string, c: RunnerInputContext): BuildMode {
  const mode = raw === '' ? 'service' : raw
  if (!(BUILD_MODES as readonly string[]).includes(mode)) {
    c.problems.push(`Input 'build' must be ${BUILD_MODES.join(' or ')}; got ${quote(raw)}.`)
    return 'service'
  }
  if (mode !== 'runner') return 'service'
  const others: Array<[string, string]> = [['packageFile', 'uploads a package built elsewhere']]
  if (c.target === 'private-cloud')
    others.push(['promoteFrom', 'deploys the package another environment runs'])
  for (const [name, what] of others) {
    if (c.input(name) !== '')
      c.problems.push(
        `Inputs 'build' (runner) and '${name}' each say where the package comes from: build: runner builds it with MxBuild, ${name} ${what}. Give one of them.`
      )
  }
  const preview = c.target === 'private-cloud' ? c.input('preview') : ''
  if (preview === 'cleanup' || preview === 'sweep')
    c.problems.push(
      `Input 'build' (runner) builds a package, and preview: ${preview} builds none: remove build from this step.`
    )
  return 'runner'
}

/** An input that only a build in the runner reads is refused without one: it would be ignored without a word. */
function runnerOnly(name: string, given: boolean, c: RunnerInputContext): void {
  if (given && !runner(c))
    c.problems.push(
      `Input '${name}' is for a build in the runner (MxBuild): set build: runner, or remove ${name}.`
    )
}

/** `mprFile`: the app file, relative to the workspace; empty looks for the one .mpr there. */
export function parseMprFile(raw: string, c: RunnerInputContext): string | undefined {
  runnerOnly('mprFile', raw !== '', c)
  if (raw === '') return undefined
  checkText('mprFile', raw, 500, c.problems)
  return raw
}

/** `mxbuildUrl`: a mirror of the CDN's folder; https, because what it serves runs on this runner. */
export function parseMxBuildUrl(raw: string, c: RunnerInputContext): string | undefined {
  runnerOnly('mxbuildUrl', raw !== '', c)
  if (raw === '') return undefined
  return checkApiUrl(raw, c.problems, {
    name: 'mxbuildUrl',
    example: `a base URL such as ${DEFAULT_MXBUILD_URL}, below which mxbuild-<version>.tar.gz is found`,
    why: ': MxBuild from it runs on this runner'
  })
}

/** `mxbuildSha256`: the tarball's SHA-256, 64 hexadecimal digits (Mendix publishes none to compare with). */
export function parseMxBuildSha256(raw: string, c: RunnerInputContext): string | undefined {
  runnerOnly('mxbuildSha256', raw !== '', c)
  if (raw === '') return undefined
  if (!/^[0-9a-f]{64}$/i.test(raw)) {
    c.problems.push(
      `Input 'mxbuildSha256' must be the SHA-256 of the MxBuild tarball, 64 hexadecimal digits (e.g. the output of sha256sum); got ${quote(raw)}.`
    )
  }
  return raw.toLowerCase()
}

/** `javaHome`: the JDK directory; empty takes JAVA_HOME (checked in preflight.ts, with the file system). */
export function parseJavaHome(raw: string, c: RunnerInputContext): string | undefined {
  runnerOnly('javaHome', raw !== '', c)
  if (raw === '') return undefined
  checkText('javaHome', raw, 500, c.problems)
  return raw
}

/** A true/false input of the build in the runner (`sbom`, `allowUntrustedBuild`); default false. */
export function parseRunnerFlag(name: string, raw: string, c: RunnerInputContext): boolean {
  const on = checkBoolean(name, raw, false, c.problems)
  runnerOnly(name, on, c)
  return on
}
