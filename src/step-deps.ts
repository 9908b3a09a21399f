/** What every flow and wait of a deploy is given: time, the log, the progress record, and the run's extras. */
import type { Clock } from './clock.js'
import type { Timeout } from './deadline.js'
import type { JobHistory } from './job-history.js'
import type { Logger } from './logger.js'
import type { RunnerBuildHook } from './mxbuild/plan.js'
import type { Progress } from './progress.js'
import type { UnitTestHook } from './unit-tests/run.js'
import type { PollSchedule } from './wait.js'

export interface StepDeps {
  clock: Clock
  /** `timeoutMinutes`, made once when the step starts: every job, wait and request takes its deadline from its one end. */
  timeout: Timeout
  log: Logger
  progress: Progress
  signal?: AbortSignal
  /** The plain poll schedule, replaced in tests. */
  schedule?: PollSchedule
  /** The run's job history, which predicts when a job ends (issue 14); none, and polls follow the plain schedule. */
  history?: JobHistory
  /** Runs the app's unit tests once it runs after the deploy; absent when `unitTests` is off. */
  unitTests?: UnitTestHook
  /** Builds the package with MxBuild on this runner; present only with `build: runner`. */
  runnerBuild?: RunnerBuildHook
}
