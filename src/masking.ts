/** Secrets are masked before anything can print them: the secret inputs first, then secret constant values. */
import { INPUTS, type InputRow } from './input-table.js'
import type { Settings } from './inputs.js'
import * as out from './output.js'

/** The inputs that hold a secret, as the input table marks them. */
const SECRET_ROWS = Object.entries(INPUTS as Record<string, InputRow>).filter(([, row]) => row.secret)

/** Masks the secret inputs before anything else runs, even when they turn out to be malformed. */
export function maskSecretInputs(): void {
  for (const [name, row] of SECRET_ROWS) {
    const raw = out.getInput(name)
    if (!raw) continue
    out.setSecret(raw)
    if (row.secret === 'whole') continue
    // A malformed token or key with spaces or line breaks is masked piece by piece too, so no part of it shows.
    const pieces = raw.split(/\s+/).filter(Boolean)
    if (pieces.length > 1) pieces.forEach(piece => out.setSecret(piece))
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
