/**
 * The checks behind the input table: each reads one raw input (trimmed, '' when absent), adds a problem that
 * names the input and what is allowed when it is wrong, and returns the value to use.
 */
import { closeSync, constants as fsConstants, fstatSync, lstatSync, openSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import { isLoopback, THIS_MACHINE_NAMES } from './app-url.js'
import { displayUrl } from './untrusted.js'
import { BUMPS, MAX_VERSION_LENGTH, type Bump, type VersionChoice } from './versions.js'

export const DEFAULT_API_URL = 'https://privatecloud.mendixcloud.com/api/v4'
export const DEFAULT_MENDIX_CLOUD_API_URL = 'https://deploy.mendix.com/api/1'
export const DEFAULT_TIMEOUT_MINUTES = 30
/** GitHub stops a job after 6 hours; waiting longer than that cannot help. */
export const MAX_TIMEOUT_MINUTES = 360

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
export const SUBDOMAIN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i
export const MODE = /^[A-Za-z0-9_-]{1,64}$/
export const VERSION = /^\d+\.\d+\.\d+$/
// eslint-disable-next-line no-control-regex -- control characters are exactly what this rejects
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/

/** A constant or environment variable to set. */
export interface NameValue {
  name: string
  value: string
  /** Masked in every log when true. */
  secret?: boolean
}

export function quote(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)
}

/** How a URL input is described in its problems. */
export interface UrlRules {
  name: string
  /** The sentence's example: "a URL such as …". */
  example?: string
  /** Added to the https rule, saying why it holds for this input. */
  why?: string
}

/** A URL input: https (http only on this machine), no credentials, query or fragment; no trailing slash. */
export function checkApiUrl(raw: string, problems: string[], rules: string | UrlRules = 'apiUrl'): string {
  const {
    name,
    example = `a URL such as ${DEFAULT_API_URL}`,
    why = ''
  } = typeof rules === 'string' ? { name: rules } : rules
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    problems.push(`Input '${name}' must be ${example}; got ${quote(displayUrl(raw))}.`)
    return raw
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url))) {
    problems.push(
      `Input '${name}' must use https (http is allowed only on this machine: ${THIS_MACHINE_NAMES})${why}; got ${quote(displayUrl(raw))}.`
    )
  }
  if (url.username || url.password || url.search || url.hash) {
    problems.push(
      `Input '${name}' must not contain credentials, a query or a fragment; got ${quote(url.origin + url.pathname)}.`
    )
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`
}

export function checkText(name: string, value: string, max: number, problems: string[]): void {
  if (value === '') problems.push(`Input '${name}' is required: give a value of 1 to ${max} characters.`)
  else if (value.length > max)
    problems.push(`Input '${name}' must be at most ${max} characters; got ${value.length}.`)
  else if (CONTROL_CHARACTERS.test(value))
    problems.push(`Input '${name}' must not contain control characters or line breaks.`)
}

/**
 * The version input: x.y.z, or patch, minor or major (the next version after the app's highest). Empty gives the
 * release tag's version (`tagVersion`), else undefined. A leading v is taken only from the run's own tag, as
 * `${{ github.ref_name }}` gives it there.
 */
export function parseVersion(
  raw: string,
  tagVersion: string | undefined,
  problems: string[]
): VersionChoice | undefined {
  if (raw === '') return tagVersion === undefined ? undefined : { fixed: tagVersion }
  if ((BUMPS as readonly string[]).includes(raw)) return { bump: raw as Bump }
  if (tagVersion !== undefined && raw === `v${tagVersion}`) return { fixed: tagVersion }
  if (VERSION.test(raw) && raw.length <= MAX_VERSION_LENGTH) return { fixed: raw }
  const forms = `have the form x.y.z (digits, at most ${MAX_VERSION_LENGTH} characters, e.g. 1.4.2) or be patch, minor or major (the next version after the highest of the app's packages)`
  problems.push(
    /^v\d+\.\d+\.\d+$/.test(raw)
      ? `Input 'version' must ${forms}; got ${quote(raw)}: a leading v is read only from the tag the workflow runs on (v1.4.2 gives 1.4.2 by itself there).`
      : `Input 'version' must ${forms}; got ${quote(raw)}.`
  )
  return undefined
}

export function checkTimeout(raw: string, problems: string[]): number {
  if (raw === '') return DEFAULT_TIMEOUT_MINUTES
  const value = Number(raw)
  if (!/^\d+(\.\d+)?$/.test(raw) || !(value > 0) || value > MAX_TIMEOUT_MINUTES) {
    problems.push(
      `Input 'timeoutMinutes' must be a number of minutes above 0 and at most ${MAX_TIMEOUT_MINUTES}; got ${quote(raw)}.`
    )
  }
  return value
}

export function checkBoolean(name: string, raw: string, fallback: boolean, problems: string[]): boolean {
  if (raw === '') return fallback
  if (/^(true|yes|on)$/i.test(raw)) return true
  if (/^(false|no|off)$/i.test(raw)) return false
  problems.push(`Input '${name}' must be true or false; got ${quote(raw)}.`)
  return fallback
}

/**
 * Parses `Name=value` (or `Name: value`) lines; blank lines and # comments are skipped. A line that starts
 * with `secret ` holds a value to mask in every log.
 */
export function parseNameValues(input: string, text: string, problems: string[]): NameValue[] {
  const items: NameValue[] = []
  text.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim()
    if (trimmed === '' || trimmed.startsWith('#')) return
    const secret = /^secret\s+/.test(trimmed)
    const match = /^([A-Za-z_][\w.-]*)\s*[=:]\s?(.*)$/.exec(trimmed.replace(/^secret\s+/, ''))
    if (!match) {
      problems.push(
        `Input '${input}' line ${index + 1} must have the form Name=value (or secret Name=value).`
      )
      return
    }
    items.push({ name: match[1], value: match[2], ...(secret ? { secret } : {}) })
  })
  return items
}

/** A package to upload: the descriptor it was opened with, and the size measured on that descriptor. */
export interface PackageFile {
  path: string
  fd: number
  size: number
  name: string
}

/**
 * An existing regular .mda file, resolved against the workspace (the step's working directory). A symlink or a
 * special file is refused (a link to /proc/self/environ would stream the runner's environment), and the file is
 * opened here, once, so the size checked is the size of what is sent.
 */
export function checkPackageFile(raw: string, problems: string[]): PackageFile | undefined {
  if (raw === '') return undefined
  const path = resolve(raw)
  const name = basename(path)
  if (!/\.mda$/i.test(path)) {
    problems.push(
      `Input 'packageFile' must be a Mendix deployment package ending in .mda; got ${quote(raw)}.`
    )
    return undefined
  }
  // eslint-disable-next-line no-control-regex
  if (/["\r\n]|[\u0000-\u001f\u007f]/.test(name)) {
    problems.push(
      `Input 'packageFile' must name a file without quotes, line breaks or control characters; rename the file.`
    )
    return undefined
  }
  let fd: number | undefined
  try {
    if (lstatSync(path).isSymbolicLink()) {
      problems.push(
        `Input 'packageFile' must be a regular file, not a symbolic link: ${quote(path)}. Give the path of the .mda itself.`
      )
      return undefined
    }
    fd = openSync(path, fsConstants.O_RDONLY | (fsConstants.O_NOFOLLOW ?? 0))
    const stat = fstatSync(fd)
    if (!stat.isFile()) {
      closeSync(fd)
      problems.push(`Input 'packageFile' must be a regular file; ${quote(path)} is not one.`)
      return undefined
    }
    return { path, fd, size: stat.size, name }
  } catch {
    if (fd !== undefined) closeSync(fd)
    problems.push(
      `Input 'packageFile': no file at ${quote(path)}; build it first (e.g. with mxbuild) or fix the path.`
    )
    return undefined
  }
}

/** Whether a path climbs out with `..` or `.` segments, also when they are percent-encoded (`%2e%2e`). */
function hasDotSegment(path: string): boolean {
  let decoded = path
  // Decoded until stable, so that double encoding (%252e) is caught too.
  for (let i = 0; i < 3; i++) {
    try {
      const next = decodeURIComponent(decoded)
      if (next === decoded) break
      decoded = next
    } catch {
      return true
    }
  }
  return (
    decoded.split(/[/\\?#]/).some(segment => segment === '..' || segment === '.') || decoded.includes('..')
  )
}

export function checkHealthPath(raw: string, problems: string[]): string | undefined {
  if (raw === '') return undefined
  if (!/^\/[^\s]*$/.test(raw) || hasDotSegment(raw)) {
    problems.push(`Input 'healthCheckPath' must be a path starting with /, e.g. /health; got ${quote(raw)}.`)
  }
  return raw
}

export function checkStatus(raw: string, problems: string[]): number {
  if (raw === '') return 200
  if (!/^[1-5]\d\d$/.test(raw))
    problems.push(`Input 'healthCheckStatus' must be an HTTP status such as 200; got ${quote(raw)}.`)
  return Number(raw)
}

export function checkCount(name: string, raw: string, problems: string[]): number | undefined {
  if (raw === '') return undefined
  const value = Number(raw)
  if (!/^\d+$/.test(raw) || value < 1 || value > 1000) {
    problems.push(`Input '${name}' must be a whole number from 1 to 1000; got ${quote(raw)}.`)
  }
  return value
}

/** The Deploy API's range for `container.instances`: 0 (the app stopped) to 10. */
export const MAX_INSTANCES = 10

/**
 * The `instances` row: a whole number from 0 to 10, as the Deploy API's `container.instances`. 0 deploys the
 * package with the app stopped (no instances run it), which is what the API means by 0.
 */
export function checkInstances(raw: string, problems: string[]): number | undefined {
  if (raw === '') return undefined
  const value = Number(raw)
  if (!/^\d+$/.test(raw) || value > MAX_INSTANCES) {
    problems.push(
      `Input 'instances' must be a whole number from 0 to ${MAX_INSTANCES} (the Deploy API's container.instances; 0 deploys the package with the app stopped); got ${quote(raw)}.`
    )
  }
  return value
}

const IS_FALSE = /^(false|no|off)$/i

/**
 * An option that acts once the deploy has finished (`what`) is refused with `wait: false`, which ends the step as
 * soon as the deploy is accepted: it would be skipped without a word while the step ended green.
 */
export function checkNeedsWait(
  name: string,
  used: boolean,
  waitInput: string,
  what: string,
  problems: string[]
): void {
  if (used && IS_FALSE.test(waitInput)) {
    problems.push(
      `Input '${name}' needs wait: true: with wait: false the step ends once the deploy is accepted, before ${what}. Remove ${name}, or set wait: true.`
    )
  }
}

/** An option that needs the app running is refused with `instances: 0`, which deploys the package stopped. */
export function checkNeedsRunningApp(
  name: string,
  used: boolean,
  instancesInput: string,
  problems: string[]
): void {
  if (used && /^0+$/.test(instancesInput)) {
    problems.push(
      `Input '${name}' needs the app running, but instances: 0 deploys the package with the app stopped. Remove ${name}, or set instances to 1 or more.`
    )
  }
}

export function checkSecretWord(name: string, value: string, example: string, problems: string[]): void {
  if (value === '') problems.push(`Input '${name}' is required for this target, e.g. ${name}: ${example}.`)
  // Say nothing about a secret's content, even when malformed.
  else if (/\s/.test(value)) {
    problems.push(
      `Input '${name}' must be a single word with no spaces or line breaks: check the secret's value.`
    )
  }
}

/** The values of the `preview` input: what to do with pull-request preview environments. */
export const PREVIEW_MODES = ['deploy', 'cleanup', 'sweep'] as const
export type PreviewMode = (typeof PREVIEW_MODES)[number]

export function checkPreviewMode(raw: string, problems: string[]): PreviewMode | undefined {
  if (raw === '') return undefined
  if (!(PREVIEW_MODES as readonly string[]).includes(raw)) {
    problems.push(`Input 'preview' must be ${PREVIEW_MODES.join(', ')} or empty; got ${quote(raw)}.`)
    return undefined
  }
  return raw as PreviewMode
}

export function checkHours(name: string, raw: string, fallback: number, problems: string[]): number {
  if (raw === '') return fallback
  const value = Number(raw)
  if (!/^\d+(\.\d+)?$/.test(raw) || !(value > 0) || value > 24 * 365) {
    problems.push(`Input '${name}' must be a number of hours above 0 and at most 8760; got ${quote(raw)}.`)
  }
  return value
}
