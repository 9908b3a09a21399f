/**
 * The contract every deploy target keeps: given checked settings and the step's shared parts, it deploys and
 * returns what it did. A new target is one module that exports a `TargetDefinition` and one row in targets.ts.
 */
import type { Clock } from './clock.js'
import type { Credentials, MendixHttp, Transport } from './http.js'
import type { Settings } from './inputs.js'
import type { Logger } from './logger.js'
import type { Progress } from './progress.js'
import type { UnitTestHook } from './unit-tests/run.js'

/** What a finished deploy (or dry run) did, for the summary and the GitHub Deployment. */
export interface Outcome {
  packageId: string
  /** The environment's name as the service shows it. */
  environmentName: string
  appUrl?: string
}

export interface DeployTarget {
  run(): Promise<Outcome>
}

/** What the step gives every target: one HTTP layer, time, the log, the progress record and the cancel signal. */
export interface TargetContext {
  /** A Mendix API client with these credentials, on the settings' apiUrl unless another base is given. */
  http(credentials: Credentials, baseUrl?: string): MendixHttp
  /** Plain HTTP for the app itself (health check): no credentials are added to it. */
  transport: Transport
  clock: Clock
  log: Logger
  progress: Progress
  signal: AbortSignal
  /** Runs the app's unit tests once it runs after the deploy; absent when `unitTests` is off. */
  unitTests?: UnitTestHook
}

export interface TargetDefinition<S extends Settings> {
  /** The app's id in the App Repository API, for branch names and `revision: latest`. */
  repositoryAppId(settings: S, context: TargetContext, deadline: number): Promise<string>
  /** The deploy, for settings whose branch and revision are settled. */
  create(settings: S, context: TargetContext): DeployTarget
}
