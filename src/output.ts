/**
 * The one door to the runner: every log line, annotation, output, state value and summary the action writes
 * goes through here, and so through redaction and neutralising (untrusted.ts). Other modules do not import
 * `@actions/core` (ESLint holds them to it), so no server text can reach the log raw.
 */
import * as core from '@actions/core'
import { neutralise, oneLine, redact, registerSecret } from './untrusted.js'

export interface AnnotationTitle {
  title?: string
}

/** The forms the runner was asked to mask already: a value read again is not announced again. */
const announced = new Set<string>()

function mask(form: string): void {
  if (announced.has(form)) return
  announced.add(form)
  core.setSecret(form)
}

/**
 * Registers a secret in every form it could be printed in: raw, JSON-escaped and URL-encoded (untrusted.ts), and
 * the same three of its base64 encoding (the Deploy API carries runtime secrets base64-encoded, and a server may
 * echo a value in the form it stores). Returns the forms, empty when the value is too short to redact.
 */
function registerForms(value: string): string[] {
  const forms = registerSecret(value)
  return forms.length ? [...forms, ...registerSecret(Buffer.from(value).toString('base64'))] : forms
}

/** Masks a secret in the runner's log and redacts it, in every form, from everything the action writes itself. */
export function setSecret(value: string): void {
  for (const form of registerForms(value)) mask(form)
  // A value too short to redact is still masked by the runner: the user marked it secret.
  if (value) mask(value)
}

/**
 * Masks a secret value read from a server (what a setting marked secret held before), in every form. Unlike
 * `setSecret`, a value too short to redact is left alone: masking "1" or "no" in the runner would blank out
 * ordinary text in the whole log, and the dry run masks such a value by its place, not by its text.
 */
export function setFoundSecret(value: string): void {
  for (const form of registerForms(value)) mask(form)
}

export const getInput = (name: string): string => core.getInput(name)

export const info = (message: string): void => core.info(neutralise(message))
export const debug = (message: string): void => core.debug(neutralise(message))

function properties(props?: AnnotationTitle): core.AnnotationProperties | undefined {
  return props?.title ? { title: oneLine(props.title) } : undefined
}

export const notice = (message: string, props?: AnnotationTitle): void =>
  core.notice(neutralise(message), properties(props))
export const warning = (message: string, props?: AnnotationTitle): void =>
  core.warning(neutralise(message), properties(props))
export const error = (message: string, props?: AnnotationTitle): void =>
  core.error(neutralise(message), properties(props))

export const group = <T>(name: string, fn: () => Promise<T>): Promise<T> => core.group(oneLine(name), fn)

/** Step outputs hold no secret; line breaks are allowed (the runner's file format quotes them). */
export const setOutput = (name: string, value: string): void => core.setOutput(name, redact(value))

/** Appends Markdown to the job summary; a write failure is only a debug line, never a failed step. */
export async function writeSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return
  try {
    await core.summary.addRaw(redact(markdown)).write()
  } catch (failure) {
    debug(`Could not write the job summary: ${String(failure)}`)
  }
}
