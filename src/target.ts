/**
 * The contract every deploy target keeps: given checked settings and the step's shared parts, it deploys and
 * returns what it did. A new target is one module that exports a `TargetDefinition` and one row in targets.ts.
 */
import type { Deadline } from './deadline.js'
import type { Credentials, MendixHttp, Transport } from './http.js'
import type { Settings } from './inputs.js'
import type { StepDeps } from './step-deps.js'

/** What a finished deploy (or dry run) did, for the summary and the GitHub Deployment. */
export interface Outcome {
  packageId: string
  /** The environment's name as the service shows it. */
  environmentName: string
  appUrl?: string
  /** The summary's heading, when the run did something other than a deploy (a preview's clean-up). */
  title?: string
}

export interface DeployTarget {
  run(): Promise<Outcome>
}

/** What the step gives every target: one HTTP layer, the step's shared parts, and the cancel signal. */
export interface TargetContext extends StepDeps {
  /** A Mendix API client with these credentials, on the settings' apiUrl unless another base is given. */
  http(credentials: Credentials, baseUrl?: string): MendixHttp
  /** Plain HTTP for the app itself (health check, unit tests): no credentials are added to it. */
  transport: Transport
  signal: AbortSignal
}

export interface TargetDefinition<S extends Settings> {
  /** The app's id in the App Repository API, for branch names and `revision: latest`. */
  repositoryAppId(settings: S, context: TargetContext, deadline: Deadline): Promise<string>
  /** Whether the branch and revision must be settled first; default yes. */
  needsSource?(settings: S): boolean
  /** The deploy, for settings whose branch and revision are settled. */
  create(settings: S, context: TargetContext): DeployTarget
}
