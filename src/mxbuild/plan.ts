/**
 * What a build in the runner (`build: runner`) works from, settled before any download or request
 * (preflight.ts), and what it hands on. Types only, so that the settings and the step's parts can name them
 * without importing the build itself.
 */
import type { Deadline } from '../deadline.js'
import type { PackageFile } from '../input-checks.js'

export interface RunnerBuildPlan {
  /** The app's .mpr file, absolute. */
  mprPath: string
  /** The Mendix version that saved it, four numbers (`_MetaData._ProductVersion`): the MxBuild to run. */
  mendixVersion: string
  /** The JDK MxBuild runs with, and its `bin/java`. */
  javaHome: string
  javaExe: string
  /** The workflow's repository, commit and run: what is built, for `--model-description` and the summary. */
  repository: string
  commit: string
  runId: string
  /** The branch or tag the workflow runs on, shown as the branch built. */
  refName: string
  /** Where the build's files go (the package, the errors file, the SBOM): under RUNNER_TEMP. */
  tempDir: string
}

/** The package MxBuild made, opened for the upload, and the SBOM beside it when one was asked for. */
export interface BuiltPackage {
  file: PackageFile
  sbomPath?: string
}

/** Gets MxBuild, runs it and opens its package; present in the step's parts only with `build: runner`. */
/** Builds in the runner; `modelVersion` is the package version the step chose (none: MxBuild's own). */
export type RunnerBuildHook = (deadline: Deadline, modelVersion?: string) => Promise<BuiltPackage>
