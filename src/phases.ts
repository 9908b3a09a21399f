/** The phases of a flow: each timed into the progress record, its detail folded into a log group. */
import type { Clock } from './clock.js'
import { seconds, type Logger } from './logger.js'
import type { Progress } from './progress.js'

export class Phases {
  constructor(private readonly deps: { clock: Clock; log: Logger; progress: Progress }) {}

  /** Runs one phase, timed, with its detail lines in a log group when it has a title. */
  async run<T>(name: string, title: string | undefined, fn: () => Promise<T>): Promise<T> {
    const { progress, clock, log } = this.deps
    progress.phase = name
    const started = clock.now()
    try {
      return title ? await log.group(title, fn) : await fn()
    } finally {
      progress.phases.push({ name, ms: clock.now() - started })
    }
  }

  /** How long the last phase took, for the line that follows it. */
  lastTime(): string {
    return seconds(this.deps.progress.phases.at(-1)?.ms ?? 0)
  }
}
