/**
 * The app's own health check after a deploy: GET <appUrl><path> until it answers the expected status.
 * It goes to the app, not the Mendix API, so it carries no credentials.
 */
import type { Clock } from './clock.js'
import type { Deadline } from './deadline.js'
import { VerificationError, messageOf } from './errors.js'
import { REQUEST_TIMEOUT_MS, type Transport } from './transport.js'
import { isLoopbackHost } from './untrusted.js'
import { seconds, type Logger } from './logger.js'
import { waitUntil } from './wait.js'

/** Only the status matters; a body is read (to keep the connection usable) up to this size, then cut. */
const HEALTH_BODY_BYTES = 64 * 1024

function isLoopback(url: URL): boolean {
  return isLoopbackHost(url.hostname) || /^127\./.test(url.hostname) || url.hostname === '0.0.0.0'
}

/**
 * The URL to check, or an error when the app URL is not one a CI job should call: https, or http on loopback.
 * The app URL comes from the server, so a loopback one is accepted only when the API itself is on loopback
 * (the emulator): a real service must not point the check at a port of the runner.
 */
export function healthUrl(appUrl: string, path: string, apiUrl: string): string {
  let url: URL
  try {
    url = new URL(`${appUrl.replace(/\/$/, '')}${path}`)
  } catch {
    throw new VerificationError(
      'The environment reports an app URL that is not a URL, so the health check cannot call it.'
    )
  }
  if (url.username || url.password) {
    throw new VerificationError('The app URL carries credentials, so the health check does not call it.')
  }
  if (isLoopback(url) && !isLoopback(new URL(apiUrl))) {
    throw new VerificationError(
      `The app URL ${url.origin} is on this machine while the API is not, so the health check does not call it.`
    )
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url))) {
    throw new VerificationError(
      `The app URL ${url.origin} is not https, so the health check does not call it.`
    )
  }
  return url.toString()
}

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
