/** The log a person reads in the workflow run: through the runner's door (output.ts) in production, a recorder in tests. */
import * as out from './output.js'

export interface Logger {
  info(message: string): void
  warning(message: string, title?: string): void
  debug(message: string): void
  group<T>(name: string, fn: () => Promise<T>): Promise<T>
}

export const coreLogger: Logger = {
  info: message => out.info(message),
  warning: (message, title) => out.warning(message, { title }),
  debug: message => out.debug(message),
  group: (name, fn) => out.group(name, fn)
}

/** Seconds with one decimal, e.g. "12.3s". */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`
}
