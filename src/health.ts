/**
 * The app's own health check after a deploy: GET <appUrl><path> until it answers the expected status.
 * It goes to the app, not the Mendix API, so it carries no credentials.
 */
import type { Clock } from './clock.js'
import { VerificationError } from './errors.js'
import type { Transport } from './http.js'
import { seconds, type Logger } from './logger.js'
import { waitUntil } from './wait.js'

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])

/** The URL to check, or an error when the app URL is not one a CI job should call (https, or http on loopback). */
export function healthUrl(appUrl: string, path: string): string {
  const url = new URL(`${appUrl.replace(/\/$/, '')}${path}`)
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    throw new VerificationError(`The app URL ${appUrl} is not https, so the health check does not call it.`)
  }
  return url.toString()
}

export async function waitForHealth(
  url: string,
  expectedStatus: number,
  deps: { transport: Transport; clock: Clock; log: Logger; signal?: AbortSignal; deadline: number }
): Promise<void> {
  const { transport, clock, log, signal, deadline } = deps
  let last = 'no answer yet'
  await waitUntil<number>({
    clock,
    signal,
    deadline,
    // A starting app refuses connections or answers 502/503 for a while: every failure is waited out.
    isTransient: () => true,
    maxConsecutiveErrors: Number.MAX_SAFE_INTEGER,
    poll: async () => {
      try {
        const response = await transport.send('GET', url, undefined, { Accept: '*/*' })
        last = `HTTP ${response.status}`
        return response.status === expectedStatus
          ? { done: true, value: response.status }
          : { done: false, status: last }
      } catch (error) {
        last = error instanceof Error ? error.message : String(error)
        throw error
      }
    },
    onStatus: (status, elapsed) => log.info(`Health check ${url}: ${status} (after ${seconds(elapsed)})`),
    onTimeout: (_status, elapsed) =>
      new VerificationError(
        `The app did not answer ${expectedStatus} at ${url} within ${seconds(elapsed)}; the last answer was ${last}. Check the app's logs.`
      )
  })
  log.info(`Health check ${url}: ${expectedStatus}`)
}
