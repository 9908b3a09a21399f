/** The log a person reads in the workflow run; the runner's @actions/core in production, a recorder in tests. */
import * as core from '@actions/core'

export interface Logger {
  info(message: string): void
  warning(message: string, title?: string): void
  debug(message: string): void
  group<T>(name: string, fn: () => Promise<T>): Promise<T>
}

export const coreLogger: Logger = {
  info: message => core.info(message),
  warning: (message, title) => core.warning(message, title ? { title } : undefined),
  debug: message => core.debug(message),
  group: (name, fn) => core.group(name, fn)
}

/** Seconds with one decimal, e.g. "12.3s". */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`
}
