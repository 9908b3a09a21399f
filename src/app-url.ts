/**
 * The one policy for URLs of the deployed app, and the one definition of "this machine" (loopback) that every
 * URL rule of the action uses.
 *
 * The app URL comes from the service (the Private Cloud Deploy API's `environment.deployment.appUrl`, whose own
 * examples are plain http; the v1 API's `Url`), so it is data, checked before each use:
 * - the health check sends no credential (a GET, no Mendix header, no password): https or plain http;
 * - the unit tests send the UnitTesting password in the request body: https, or plain http on this machine;
 * - the job summary shows it as a link only when https, or http on this machine (the emulator).
 * For every use, a URL on this machine is called only when `apiUrl` is on this machine too (the emulator), so a
 * service cannot point the action at a port of the runner; a link-local address (169.254.0.0/16, fe80::/10, where
 * cloud metadata services answer) is never an app, so it is never called; and a URL with credentials, a query or
 * a fragment is no base URL to add a path to.
 *
 * The flows check the app URL the environment reports before the deploy (`appUrlProblems`), so a refusal changes
 * nothing; a URL refused after the deploy (it changed meanwhile) fails the step as `AppUrlRefusedError`, which is
 * not a VerificationError: the deploy is not at fault, so nothing is rolled back for it.
 *
 * The rules read host names, not DNS: a name that resolves to this machine is not caught, which is why a
 * credential never depends on them alone (the password needs https off this machine).
 */
import { BlockList, isIP } from 'node:net'

/**
 * 127.0.0.0/8 and ::1 (in any spelling the URL parser normalises, IPv4-mapped included), and the unspecified
 * addresses 0.0.0.0 and ::: connecting to those reaches this machine on Linux and macOS (and fails on Windows),
 * so they are this machine both for plain http (nothing crosses a network) and for the rule that keeps a service
 * from pointing the action at the runner's own ports.
 */
const THIS_MACHINE = new BlockList()
THIS_MACHINE.addSubnet('127.0.0.0', 8, 'ipv4')
THIS_MACHINE.addAddress('0.0.0.0', 'ipv4')
THIS_MACHINE.addAddress('::1', 'ipv6')
THIS_MACHINE.addAddress('::', 'ipv6')

/** Link-local: cloud metadata services answer at 169.254.169.254, and no app URL is link-local. */
const LINK_LOCAL = new BlockList()
LINK_LOCAL.addSubnet('169.254.0.0', 16, 'ipv4')
LINK_LOCAL.addSubnet('fe80::', 10, 'ipv6')

function inList(list: BlockList, hostname: string): boolean {
  const address = hostname.replace(/^\[(.*)\]$/, '$1')
  const family = isIP(address)
  return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4')
}

/** Whether the URL is on this machine: localhost, 127.0.0.0/8, ::1, 0.0.0.0 or ::. */
export function isLoopback(url: URL): boolean {
  const host = url.hostname.toLowerCase().replace(/\.$/, '')
  return host === 'localhost' || inList(THIS_MACHINE, host)
}

/** How the problems name this machine, for the rule "http only on this machine". */
export const THIS_MACHINE_NAMES = 'localhost, 127.0.0.0/8, ::1, 0.0.0.0'

/** What the action calls the app URL for; each use has its rule. */
export type AppUrlUse = 'health check' | 'unit tests'

/**
 * Why the action does not call `appUrl` (an app URL the service reported) for `use`, as the end of a sentence
 * ("The app URL … <reason>"); undefined when it may. `apiUrl` is the Mendix API the step talks to.
 */
export function appUrlRefusal(appUrl: string, use: AppUrlUse, apiUrl: string): string | undefined {
  let url: URL
  try {
    url = new URL(appUrl)
  } catch {
    return 'is not a URL'
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'is neither https nor http'
  if (url.username || url.password) return 'carries credentials'
  if (url.search || url.hash) return 'has a query or a fragment, so it is no base URL to add a path to'
  if (isLoopback(url) && !isLoopback(new URL(apiUrl))) return 'is on this machine while the API is not'
  if (inList(LINK_LOCAL, url.hostname))
    return "is link-local (where cloud metadata answers), not an app's address"
  if (use === 'unit tests' && url.protocol === 'http:' && !isLoopback(url))
    return `is not https (plain http only on this machine: ${THIS_MACHINE_NAMES})`
  return undefined
}

/** The app URL as messages show it: origin and path, never credentials, a query or a fragment (or quoted). */
export function shownAppUrl(appUrl: string): string {
  if (!URL.canParse(appUrl)) return JSON.stringify(appUrl.length > 60 ? `${appUrl.slice(0, 57)}...` : appUrl)
  const url = new URL(appUrl)
  return url.protocol === 'https:' || url.protocol === 'http:'
    ? `${url.origin}${url.pathname}`
    : `${url.protocol}…`
}

/** What a step that calls the app needs to know: the inputs that call it, and where the API is. */
export interface AppUrlSettings {
  healthCheckPath?: string
  unitTests: boolean
  /** When given, the unit tests call it (checked as an input) and not the app URL. */
  unitTestsUrl?: string
  apiUrl: string
}

/**
 * Before the deploy: the problems with the app URL the environment reports now, one per input that would call
 * it, each naming the input and what to do. No app URL yet is no problem here: the deploy may bring one, and it
 * is checked again after the deploy.
 */
export function appUrlProblems(
  appUrl: string | undefined,
  environment: string,
  settings: AppUrlSettings
): string[] {
  if (appUrl === undefined || appUrl === '') return []
  const problems: string[] = []
  const reported = `environment "${environment}" reports the app URL ${shownAppUrl(appUrl)}, which`
  const health = settings.healthCheckPath ? appUrlRefusal(appUrl, 'health check', settings.apiUrl) : undefined
  if (health) {
    problems.push(
      `Input 'healthCheckPath': ${reported} ${health}, so the health check would not call it; nothing was deployed. Correct the environment's app URL in the Mendix Portal, or remove healthCheckPath.`
    )
  }
  const unitTests =
    settings.unitTests && !settings.unitTestsUrl
      ? appUrlRefusal(appUrl, 'unit tests', settings.apiUrl)
      : undefined
  if (unitTests) {
    problems.push(
      `Input 'unitTests': ${reported} ${unitTests}, so the unit test password would not be sent to it; nothing was deployed. Set unitTestsUrl to the app's https URL.`
    )
  }
  return problems
}

/**
 * The app URL was refused after the deploy (it changed since the check before it). Not a VerificationError: the
 * deploy itself is not in doubt, so it is not rolled back for this.
 */
export class AppUrlRefusedError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'AppUrlRefusedError'
  }
}

/** The URL the health check calls: the app URL plus `path`; throws AppUrlRefusedError when it may not. */
export function healthCheckUrl(appUrl: string | undefined, path: string, apiUrl: string): string {
  const after =
    'this is not a failed deploy, so nothing is rolled back. Check the app URL of the environment in the Mendix Portal.'
  if (!appUrl) {
    throw new AppUrlRefusedError(
      `After the deploy the environment reports no app URL, so the health check has nothing to call; ${after}`
    )
  }
  const refusal = appUrlRefusal(appUrl, 'health check', apiUrl)
  if (refusal) {
    throw new AppUrlRefusedError(
      `After the deploy the environment reports the app URL ${shownAppUrl(appUrl)}, which ${refusal}, so the health check does not call it; ${after}`
    )
  }
  return new URL(`${appUrl.replace(/\/+$/, '')}${path}`).toString()
}

/** Whether the summary may show the URL as a link: https anywhere, http only on this machine (the emulator). */
export function isLinkable(raw: string): boolean {
  if (!URL.canParse(raw)) return false
  const url = new URL(raw)
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url))
}
