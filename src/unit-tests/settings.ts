/**
 * The three inputs of the unit test step (issue 16): `unitTests`, `unitTestsPassword` and `unitTestsUrl`, read and
 * checked like every other input, each problem naming the input and what it allows.
 *
 * The UnitTesting module (Mendix Marketplace, https://docs.mendix.com/appstore/modules/unit-testing/) serves a
 * remote API on the running app when the constants `UnitTesting.RemoteApiEnabled` and
 * `UnitTesting.RemoteApiPassword` are set; the password is the only thing that guards it.
 */
import { checkApiUrl, checkNeedsWait, quote } from '../input-checks.js'

/** What the unit test step needs, checked. */
export interface UnitTestSettings {
  /** Run the app's unit tests after the deploy (and the health check). */
  enabled: boolean
  /** The value of `UnitTesting.RemoteApiPassword`: a secret, masked the moment the step starts. */
  password: string
  /** The app's base URL for the remote API, when not the environment's app URL; no trailing slash. */
  url?: string
}

// eslint-disable-next-line no-control-regex -- control characters are exactly what this rejects
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/

/** The `unitTestsUrl` row: https (or http on this machine), no credentials, query or fragment. */
export function parseUnitTestsUrl(raw: string, problems: string[]): string | undefined {
  if (raw === '') return undefined
  const url = checkApiUrl(raw, problems, {
    name: 'unitTestsUrl',
    example: "the app's URL, e.g. https://orders-test.mendixcloud.com",
    // The password travels in the request body: never in clear over a network.
    why: ', since the unit test password is sent to it'
  })
  // A URL that does not parse is no URL to use; one that breaks another rule fails the inputs anyway.
  return URL.canParse(raw) ? url : undefined
}

/** The `unitTests` row: true or false (default false); on, it needs `wait: true`. */
export function parseUnitTestsFlag(raw: string, problems: string[], waitInput = ''): boolean {
  let enabled = false
  if (/^(true|yes|on)$/i.test(raw)) enabled = true
  else if (raw !== '' && !/^(false|no|off)$/i.test(raw))
    problems.push(`Input 'unitTests' must be true or false; got ${quote(raw)}.`)
  checkNeedsWait('unitTests', enabled, waitInput, 'the unit tests', problems)
  return enabled
}

/**
 * The `unitTestsPassword` row: required when the step is on. Given while `unitTests` is off, it is accepted and
 * unused, so that a workflow can switch the step with an expression and keep the rest.
 */
export function parseUnitTestsPassword(raw: string, problems: string[], enabled: boolean): string {
  if (!enabled) return raw
  // Say nothing about the password's content, even when it is refused.
  if (raw === '') {
    problems.push(
      "Input 'unitTestsPassword' is required with unitTests: true: the value of the app's constant UnitTesting.RemoteApiPassword, from a secret, e.g. unitTestsPassword: ${{ secrets.MENDIX_UNIT_TESTS_PASSWORD }}."
    )
  } else if (CONTROL_CHARACTERS.test(raw)) {
    problems.push(
      "Input 'unitTestsPassword' must not contain line breaks or control characters: check the secret's value."
    )
  }
  return raw
}

/** The three inputs read together, as the step uses them; each problem names its input. */
export function readUnitTestSettings(
  getInput: (name: string) => string,
  problems: string[]
): UnitTestSettings {
  const enabled = parseUnitTestsFlag(getInput('unitTests'), problems, getInput('wait'))
  const password = parseUnitTestsPassword(getInput('unitTestsPassword'), problems, enabled)
  const url = parseUnitTestsUrl(getInput('unitTestsUrl'), problems)
  return { enabled, password, url }
}
