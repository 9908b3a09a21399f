/** The pull request a preview belongs to, from the event that started the workflow (GITHUB_EVENT_PATH). */
import { readFileSync } from 'node:fs'

export interface PullRequestEvent {
  /** GITHUB_EVENT_NAME, e.g. pull_request. */
  name: string
  /** The event's `action`, e.g. opened, synchronize, closed. */
  action?: string
  pr?: { number: number; headSha?: string; title?: string }
}

/** Reads the event file the runner writes; a missing or unreadable one is an event without a pull request. */
export function readEvent(env: NodeJS.ProcessEnv): PullRequestEvent {
  const name = env.GITHUB_EVENT_NAME ?? ''
  let payload: unknown
  try {
    payload = env.GITHUB_EVENT_PATH ? JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) : undefined
  } catch {
    return { name }
  }
  const body = (payload ?? {}) as {
    action?: unknown
    pull_request?: { number?: unknown; head?: { sha?: unknown }; title?: unknown }
  }
  const pr = body.pull_request
  const number = pr?.number
  return {
    name,
    ...(typeof body.action === 'string' ? { action: body.action } : {}),
    ...(typeof number === 'number' && Number.isSafeInteger(number) && number > 0
      ? {
          pr: {
            number,
            ...(typeof pr?.head?.sha === 'string' ? { headSha: pr.head.sha } : {}),
            ...(typeof pr?.title === 'string' ? { title: pr.title } : {})
          }
        }
      : {})
  }
}
