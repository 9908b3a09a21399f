/**
 * The build in the runner (`build: runner`), as the flows use it: get MxBuild for the app's Mendix version
 * (download.ts: the CDN or a mirror, cached in the runner's tool cache), run it (run.ts), and open the package it
 * wrote for the upload both targets already have. The flows call it where a service build would run, after the
 * environment is found and before anything is uploaded or changed.
 */
import { mkdirSync, mkdtempSync, statSync } from 'node:fs'
import { basename, extname, join, relative } from 'node:path'
import type { Deadline } from '../deadline.js'
import { checkPackageFile } from '../input-checks.js'
import type { Settings } from '../inputs.js'
import { Phases } from '../phases.js'
import type { StepDeps } from '../step-deps.js'
import { runnerProblemReporter, type ProblemReporter } from './model-problems.js'
import type { BuiltPackage, RunnerBuildPlan } from './plan.js'
import { MxBuildError, runMxBuild } from './run.js'

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false
}

/** The package's file name, as the Portal will list it: the app's name and the version (or the commit). */
export function packageNameOf(plan: RunnerBuildPlan, modelVersion: string | undefined): string {
  const app =
    basename(plan.mprPath, extname(plan.mprPath))
      .replace(/[^\w.-]+/g, '_')
      .slice(0, 80) || 'app'
  const suffix = (modelVersion ?? plan.commit.slice(0, 7)).replace(/[^\w.-]+/g, '_')
  return `${app}${suffix ? `_${suffix}` : ''}.mda`
}

/** What `--model-description` says: the repository and commit built, and the workflow run that built it. */
export function modelDescriptionOf(plan: RunnerBuildPlan): string {
  return `${plan.repository}@${plan.commit || 'unknown'} run ${plan.runId}`
}

/**
 * Gets MxBuild of the app's version, runs it and opens the package it wrote; with `sbom`, the SBOM's path is the
 * output sbomPath. Throws what MxBuild's failure means, after reporting model problems.
 */
export async function buildInRunner(
  settings: Settings,
  deps: StepDeps,
  deadline: Deadline,
  reporter: ProblemReporter = runnerProblemReporter(),
  /** The package version the flow chose (versions.ts), for --model-version; none keeps MxBuild's own. */
  modelVersion?: string
): Promise<BuiltPackage> {
  const plan = settings.runnerBuild
  if (!plan) throw new Error('build: runner has no plan: the preflight did not run.')
  const { log, progress, signal } = deps
  const phases = new Phases(deps)
  const version = plan.mendixVersion
  // Loaded only here: no other run needs the download's code.
  const { executablePath, obtainMxBuild } = await import('./download.js')
  const tool = await phases.run('download', `Get MxBuild ${version}`, () =>
    obtainMxBuild(version, {
      baseUrl: settings.mxbuildUrl,
      sha256: settings.mxbuildSha256,
      log,
      deadline,
      signal
    })
  )
  log.info(
    tool.cached
      ? `MxBuild ${version} was in the runner's tool cache (${tool.dir}): nothing downloaded`
      : `MxBuild ${version} downloaded from ${tool.url} in ${phases.lastTime()}`
  )
  const executable = executablePath(tool.dir)
  if (!isFile(executable)) {
    throw new MxBuildError(
      `MxBuild ${version} (${tool.url}) has no ${relative(tool.dir, executable)}: the action runs MxBuild's Linux binary, which Mendix ships from 9.22 and 10 on (older versions ran mxbuild.exe with Mono).`,
      null
    )
  }
  const parent = join(plan.tempDir, 'mendix-deploy-action')
  mkdirSync(parent, { recursive: true })
  const dir = mkdtempSync(join(parent, 'mxbuild-'))
  const name = packageNameOf(plan, modelVersion)
  const app = basename(plan.mprPath)
  const built = await phases.run('build', `Build ${app} with MxBuild ${version}`, () =>
    runMxBuild(
      {
        executable,
        mendixVersion: version,
        javaHome: plan.javaHome,
        javaExe: plan.javaExe,
        mprPath: plan.mprPath,
        mdaPath: join(dir, name),
        errorsPath: join(dir, 'errors.json'),
        ...(settings.sbom ? { sbomPath: join(dir, 'sbom.json') } : {}),
        ...(modelVersion ? { modelVersion } : {}),
        modelDescription: modelDescriptionOf(plan)
      },
      { log, deadline, signal, reporter }
    )
  )
  log.info(`Built ${name} from ${app} with MxBuild ${version} in ${phases.lastTime()}`)
  // An SBOM asked for and not written fails the step before the upload: a later step would keep nothing.
  if (built.sbomPath && !isFile(built.sbomPath))
    throw new MxBuildError(
      `MxBuild ${version} succeeded but wrote no SBOM at ${built.sbomPath}; nothing was uploaded.`,
      0
    )
  const problems: string[] = []
  const file = checkPackageFile(built.mdaPath, problems)
  if (!file) throw new MxBuildError(`MxBuild's package cannot be opened: ${problems.join(' ')}`, 0)
  progress.output('sbomPath', built.sbomPath)
  progress.sections.push({
    title: 'Built in the runner',
    lines: [
      `${app}, Mendix ${version}, ${plan.repository}@${plan.commit || 'unknown'}`,
      `${name}: ${file.size} bytes`,
      ...(built.sbomPath ? [`SBOM: ${built.sbomPath}`] : [])
    ]
  })
  return { file, ...(built.sbomPath ? { sbomPath: built.sbomPath } : {}) }
}
