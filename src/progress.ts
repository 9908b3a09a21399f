/** What the step has done so far: outputs set, jobs under way, whether the environment was changed. */
import { checkServerId } from './untrusted.js'

export interface RunningJob {
  kind: string
  id: string
  /** Where a person can check it. */
  url: string
}

/** Outputs that carry a service's id. */
const ID_OUTPUTS = new Set([
  'packageId',
  'previousPackageId',
  'buildJobId',
  'deployJobId',
  'environmentId',
  'namespaceId',
  'snapshotId',
  'startJobId'
])

export type OutputSink = (name: string, value: string) => void

/** Tracks the step's progress so that a failure or a cancellation can say exactly what was left behind. */
export class Progress {
  readonly outputs: Record<string, string> = {}
  readonly runningJobs = new Map<string, RunningJob>()
  /** `no` until a change (manifest PUT, stop) is sent, `maybe` once sent, `yes` once it took effect. */
  environmentChanged: 'no' | 'maybe' | 'yes' = 'no'
  /**
   * What the environment was left in, said instead of the sentence about environmentChanged by a flow that knows
   * it exactly and keeps it up to date as each step lands (the Mendix Cloud flow: stopped, and how to start it;
   * a preview's deletion). A failure, the deadline and a cancel all print it, and the job summary shows it.
   */
  environmentNote?: string
  readonly phases: Array<{ name: string; ms: number }> = []
  /** Extra sections for the job summary, e.g. a dry run's manifest diff. */
  readonly sections: Array<{ title: string; lines: string[] }> = []
  phase = 'starting'

  constructor(private readonly sink: OutputSink) {}

  /** Sets a step output at once, so it stays available even if a later phase fails. */
  output(name: string, value: string | undefined): void {
    if (value === undefined || value === '') return
    // Ids come from the service; a malformed one never becomes an output (it would flow into later steps).
    if (ID_OUTPUTS.has(name)) checkServerId(name, value)
    this.outputs[name] = value
    this.sink(name, value)
  }

  jobStarted(job: RunningJob): void {
    this.runningJobs.set(job.id, job)
  }

  jobEnded(id: string): void {
    this.runningJobs.delete(id)
  }

  /** What a cancelled or failed step leaves behind: each job still running, then the environment's state. */
  leftBehind(): string[] {
    const lines: string[] = []
    for (const job of this.runningJobs.values()) {
      lines.push(`The ${job.kind} job ${job.id} was still running; check it with GET ${job.url}`)
    }
    lines.push(
      this.environmentNote ??
        {
          no: 'The environment was not changed.',
          maybe:
            'A change to the environment was sent and may be in progress: check the environment in the Mendix Portal.',
          yes: 'The environment was changed to the new package.'
        }[this.environmentChanged]
    )
    return lines
  }

  /** One paragraph for a cancelled or failed step: what is still running, what was set, what was changed. */
  describeLeftovers(): string {
    const left = this.leftBehind()
    const set = Object.entries(this.outputs).map(([k, v]) => `${k}=${v}`)
    const outputs = set.length ? `Outputs set: ${set.join(', ')}.` : 'No outputs were set.'
    return [...left.slice(0, -1), outputs, ...left.slice(-1)].join('\n')
  }
}
