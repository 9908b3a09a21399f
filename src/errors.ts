/** Error types the action reports to the user: each says what was being done and what to do about it. */

/** The message of anything thrown: an Error's message, or the value as text. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** One or more inputs are invalid; raised before any request is made. */
export class InputError extends Error {
  constructor(readonly problems: string[]) {
    super(
      problems.length === 1 ? problems[0] : `Invalid inputs:\n${problems.map(p => `  - ${p}`).join('\n')}`
    )
    this.name = 'InputError'
  }
}

/** The step was cancelled (SIGINT/SIGTERM from the runner) while it waited or sent a request. */
export class CancelledError extends Error {
  constructor(message = 'The step was cancelled.') {
    super(message)
    this.name = 'CancelledError'
  }
}

/** A Mendix job ended in failure, or the wait for it ran past its deadline. */
export class JobError extends Error {
  constructor(
    message: string,
    readonly jobId: string,
    /** Last lines of the build log, when there is one. */
    readonly logTail?: string
  ) {
    super(message)
    this.name = 'JobError'
  }
}

/** Something the action checks after the fact did not hold (e.g. the manifest no longer has our package). */
export class VerificationError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'VerificationError'
  }
}
