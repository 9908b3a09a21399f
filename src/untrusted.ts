/**
 * Text the action did not write itself (server answers, workspace file names, inputs) is data, never a command.
 * This module is the one place that makes such text safe to print or to put in the job summary:
 * - `neutralise`: no printed line can start a workflow command (`::name::`, or the older `##[name]`), and no
 *   control character (carriage return, escape sequences) reaches the log;
 * - `redact`: every registered secret, raw or JSON-escaped or URL-encoded, becomes `***`;
 * - `displayUrl`: a URL without its `user:password@`;
 * - the summary escapers: HTML and Markdown in table cells, `<pre>` blocks and links.
 */
import { isLinkable } from './app-url.js'

/** What a secret is replaced with. */
export const REDACTED = '***'

/** Secrets shorter than this are not searched for: one or two characters would blank out ordinary text. */
const MIN_SECRET_LENGTH = 3

const secrets = new Set<string>()

/**
 * Registers a secret for redaction; returns every form it is searched in (raw, JSON-escaped, URL-encoded), so
 * that the caller can ask the runner to mask them too.
 */
export function registerSecret(value: string): string[] {
  if (value.length < MIN_SECRET_LENGTH) return []
  const forms = new Set([value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)])
  for (const form of forms) secrets.add(form)
  return [...forms]
}

/** Forgets every secret (for tests). */
export function clearSecrets(): void {
  secrets.clear()
}

/** Replaces each registered secret, longest first so that a secret's parts cannot leave the rest readable. */
export function redact(text: string): string {
  let out = text
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED)
  }
  return out
}

/** A URL (or text holding URLs) with any `user:password@` taken out. */
export function displayUrl(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]*@/gi, '$1')
}

// C0 controls but tab and line feed, DEL, C1 controls, and the Unicode line and paragraph separators.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g
const ZERO_WIDTH_SPACE = '\u200b'

/**
 * Makes text safe to print: control characters are shown as `\uXXXX`, a line that would start a workflow
 * command (`::` after any blanks) gets a zero-width space between its colons, and `##[` anywhere is broken the
 * same way (the runner's older command form). Credentials in URLs and secrets are taken out first.
 */
export function neutralise(text: string): string {
  return redact(displayUrl(text))
    .replace(CONTROL, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .split('\n')
    .map(line =>
      line.replace(/^(\s*):(?=:)/, `$1:${ZERO_WIDTH_SPACE}`).replace(/#(?=#\[)/g, `#${ZERO_WIDTH_SPACE}`)
    )
    .join('\n')
}

/** One line of untrusted text, for a place where a line break would mislead (a status, a name). */
export function oneLine(text: string): string {
  return neutralise(text.replace(/\r\n|\r|\n/g, ' '))
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;'
}

/**
 * Text for inside `<pre>`: `&` and `<` escaped, so no tag or entity can start (a lone `>` is plain text, and
 * stays readable in `a -> b`). Markdown does not apply within an HTML block.
 */
export function escapeHtml(text: string): string {
  return redact(displayUrl(text)).replace(/[&<]/g, c => HTML_ESCAPES[c])
}

/**
 * Text for a Markdown table cell: HTML escaped, and the characters that start Markdown written as entities, so
 * `|` cannot split the row, no code span, emphasis or link can start, and no URL is auto-linked (`:`). Line
 * breaks become spaces.
 */
export function escapeCell(text: string): string {
  return redact(displayUrl(text))
    .replace(/[\r\n]+/g, ' ')
    .replace(/[&<>"']/g, c => HTML_ESCAPES[c])
    .replace(/[|`*_[\]\\~:]/g, c => `&#${c.charCodeAt(0)};`)
}

/** An id or other short value as code in a cell: a plain code span when that is safe, else escaped `<code>`. */
export function codeCell(value: string): string {
  const clean = redact(value)
  return /^[\w.@/+=,-]+$/.test(clean) ? `\`${clean}\`` : `<code>${escapeCell(clean)}</code>`
}

/** A link for a cell when app-url.ts allows one and the URL is plain; otherwise the escaped text. */
export function linkCell(raw: string): string {
  const href = displayUrl(raw)
  if (!isLinkable(href) || !/^[\w:/.~%?#=&+,;@-]+$/.test(href) || redact(href) !== href)
    return escapeCell(raw)
  return `[${href}](${href})`
}

/**
 * Ids the services hand out (packages, jobs, environments, snapshots) are UUIDs or Kubernetes-style names. One
 * that is not (a slash, a space, a line break, or absurdly long) is refused before it is used in a path, an
 * output or a message, since the action would otherwise pass on whatever a broken or hostile server says.
 */
const SERVER_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/

/** A well-formed id, or an error that names the field and what was wrong. */
export function checkServerId(field: string, value: unknown): string {
  if (typeof value === 'string' && SERVER_ID.test(value) && !value.includes('..')) return value
  const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeof value
  throw new MalformedIdError(
    `The service answered with a malformed ${field} (${oneLine(shown)}): an id must be 1 to 128 letters, digits, '.', '_', ':' or '-'. The action stops rather than use it.`
  )
}

export class MalformedIdError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'MalformedIdError'
  }
}
