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

/** Masks a secret in the runner's log and redacts it from everything the action writes itself. */
export function setSecret(value: string): void {
  for (const form of registerSecret(value)) core.setSecret(form)
  // A value too short to redact is still masked by the runner.
  if (value) core.setSecret(value)
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
