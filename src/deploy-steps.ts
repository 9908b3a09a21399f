/**
 * Steps both targets take the same way. Each target passes in its own API calls; the rule and the words a
 * person reads live here once: recovery when the build request's outcome is unknown, reuse of an earlier
 * package, the check for constants the environment does not have, and the rollback after a failed deploy.
 */
import { JobError, messageOf } from './errors.js'
import type { ApiError } from './http.js'
import type { Logger } from './logger.js'
import type { Progress } from './progress.js'

/**
 * The build request got no clear answer, so a build may have started. Looks for the package by the run's
 * marker (`find` returns its id); when none is found, fails without sending the request again: a re-run must
 * not build twice.
 */
export async function recoverUnknownBuild(
  cause: ApiError,
  marker: string,
  find: () => Promise<string | undefined>,
  log: Logger
): Promise<string> {
  log.warning(
    `${cause.message} Looking for a package this run built, by its marker ${marker}.`,
    'Build request outcome unknown'
  )
  const found = await find().catch(() => undefined)
  if (found) {
    log.info(`Found package ${found} built by this run; using it`)
    return found
  }
  throw new JobError(
    `${cause.message} A build may have started all the same and could not be found yet. ` +
      `Before re-running, look in the Mendix Portal (the app's deployment packages) for a package whose description contains "${marker}"; ` +
      'not sending the request again, so that this run does not build twice.',
    ''
  )
}

/** Records and says that an earlier package built from the same source is deployed instead of a new build. */
export function announceReuse(
  packageId: string,
  source: { branch: string; revision: string },
  deps: { progress: Progress; log: Logger }
): void {
  deps.progress.output('packageId', packageId)
  deps.progress.output('reused', 'true')
  deps.log.info(
    `Reusing package ${packageId}, built earlier from ${source.branch}@${source.revision}; nothing is built`
  )
}

/**
 * The names in `wanted` that `known` lacks, and the sentence for them: a deploy sets constants, it cannot add
 * them, so a name the environment does not have is a typo or belongs to another package.
 */
export function missingConstants(
  wanted: ReadonlyArray<{ name: string }>,
  known: readonly string[],
  where: string,
  consequence = 'a deploy can set constants, not add them'
): { names: string[]; sentence: string } {
  const names = wanted.map(c => c.name).filter(name => !known.includes(name))
  return {
    names,
    sentence:
      `Input 'constants': ${names.join(', ')} not found in ${where}; ${consequence}. ` +
      `Its constants: ${known.join(', ') || '(none)'}.`
  }
}

/** What a rollback achieved, as a sentence to add to the failure. */
export interface RollbackOutcome {
  ok: boolean
  sentence: string
}

/**
 * Runs a step whose failure counts as a failed deploy. When `counts` says the error is such a failure and a
 * rollback is possible, puts the previous package back first and adds the outcome to the error's message.
 */
export async function withRollback<T>(
  step: () => Promise<T>,
  counts: (error: unknown) => error is Error,
  rollback: (() => Promise<RollbackOutcome>) | undefined
): Promise<T> {
  try {
    return await step()
  } catch (error) {
    if (!rollback || !counts(error)) throw error
    const outcome = await rollback()
    error.message = `${error.message} ${outcome.sentence}`
    throw error
  }
}

/** The sentence for a rollback that failed too. */
export function failedRollback(previousPackageId: string, error: unknown): RollbackOutcome {
  return {
    ok: false,
    sentence: `The rollback to package ${previousPackageId} failed too: ${messageOf(error)}`
  }
}
