/**
 * The app's own health check after a deploy: GET <appUrl><path> until it answers the expected status.
 * It goes to the app, not the Mendix API, so it carries no credentials; which URLs it may call is app-url.ts's
 * `healthCheckUrl`.
 */
import type { Clock } from './clock.js'
import type { Deadline } from './deadline.js'
import { VerificationError, messageOf } from './errors.js'
import { REQUEST_TIMEOUT_MS, type Transport } from './transport.js'
import { seconds, type Logger } from './logger.js'
import { waitUntil } from './wait.js'

/** Only the status matters; a body is read (to keep the connection usable) up to this size, then cut. */
const HEALTH_BODY_BYTES = 64 * 1024

/** Polls `url` until it answers `expectedStatus`; a VerificationError (a failed deploy) at the deadline. */
export async function waitForHealth(
  url: string,
  expectedStatus: number,
  deps: { transport: Transport; clock: Clock; log: Logger; signal?: AbortSignal; deadline: Deadline }
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
        const response = await transport.send(
          'GET',
          url,
          undefined,
          { Accept: '*/*' },
          {
            timeoutMs: Math.min(REQUEST_TIMEOUT_MS, Math.max(1000, deadline.remainingMs())),
            maxBytes: HEALTH_BODY_BYTES,
            oversize: 'tail',
            signal
          }
        )
        last = `HTTP ${response.status}`
        return response.status === expectedStatus
          ? { done: true, value: response.status }
          : { done: false, status: last }
      } catch (error) {
        last = messageOf(error)
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
