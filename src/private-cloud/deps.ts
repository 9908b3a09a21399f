/** What the Private Cloud flow and its parts are given: the two APIs, the jobs client, time, log and progress. */
import type { Transport } from '../http.js'
import type { BuildApi } from './build-api.js'
import type { DeployApi } from './deploy-api.js'
import type { JobWaiterDeps } from './job-waiter.js'

export interface FlowDeps extends JobWaiterDeps {
  /** Plain HTTP for the app's own health check (no credentials are added to it). */
  transport?: Transport
  build: BuildApi
  deploy: DeployApi
}
