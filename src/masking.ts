/**
 * Secrets are masked before anything can print them: the secret inputs first, then the new values of settings
 * marked secret, then (as each answer is read) the values those settings held before. Every form is masked: raw,
 * JSON-escaped, URL-encoded and base64 (output.ts).
 */
import { INPUTS, type InputRow } from './input-table.js'
import type { NameValue } from './input-checks.js'
import type { Settings } from './inputs.js'
import * as out from './output.js'

/**
 * Masks the secret inputs (the rows the input table marks `secret`) before anything else runs, even when they
 * turn out to be malformed.
 */
export function maskSecretInputs(rows: Readonly<Record<string, InputRow>> = INPUTS): void {
  for (const [name, row] of Object.entries(rows).filter(([, candidate]) => candidate.secret)) {
    // A secret given under a former name (the input was renamed) is masked the same way.
    for (const raw of [name, ...(row.formerNames ?? [])].map(input => out.getInput(input))) {
      if (!raw) continue
      out.setSecret(raw)
      if (row.secret === 'whole') continue
      // A malformed token or key with spaces or line breaks is masked piece by piece too, so no part of it shows.
      const pieces = raw.split(/\s+/).filter(Boolean)
      if (pieces.length > 1) pieces.forEach(piece => out.setSecret(piece))
    }
  }
  // A password in apiUrl is refused as input, but it must not show in the refusal either.
  const password = /^[a-z][a-z0-9+.-]*:\/\/[^/@\s]*:([^/@\s]+)@/i.exec(out.getInput('apiUrl'))?.[1]
  if (password) {
    out.setSecret(password)
    try {
      out.setSecret(decodeURIComponent(password))
    } catch {
      // Not percent-encoded: the raw form is masked already.
    }
  }
}

/** Masks the values of constants and environment variables given as `secret Name=value`. */
export function maskSecretValues(settings: Settings): void {
  const items = [
    ...settings.constants,
    ...(settings.target === 'private-cloud' ? settings.environmentVariables : [])
  ]
  for (const item of items) if (item.secret && item.value) out.setSecret(item.value)
}

/** The names of the settings given as `secret Name=value`. */
export function secretNames(items: readonly NameValue[]): Set<string> {
  return new Set(items.filter(item => item.secret).map(item => item.name))
}

/**
 * Masks values a server answered with for settings marked secret (their values before the deploy), every string
 * within them included, as soon as the answer is read: a later error that echoes one cannot print it.
 */
export function maskFoundValues(values: readonly unknown[]): void {
  for (const value of values) {
    if (typeof value === 'string') out.setFoundSecret(value)
    else if (typeof value === 'number') out.setFoundSecret(String(value))
    else if (value && typeof value === 'object') maskFoundValues(Object.values(value))
  }
}
