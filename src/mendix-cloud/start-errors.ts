/** What to do about each documented reason a Mendix Cloud start fails (Deploy API v1, "Get Start Environment Status"). */
const ADVICE: Record<string, string> = {
  DB_SYNC_FAILED:
    'The database could not be synchronised with the new model: read the app log in the Mendix Portal; a backup (backup: true) lets you restore the data.',
  INVALID_DB_STRUCTURE:
    'The database is out of step with the model and autoSyncDb is false: set autoSyncDb: true (the default) to synchronise it at start.',
  MISSING_CONSTANT:
    'The new model has constants without a value in this environment: give them with the constants input, or in the Portal (Environments > Model Options).',
  INSECURE_ADMIN_PASSWORD:
    "A user with the administrator role has the password '1', which the Mendix Cloud refuses: change it in the model or the app before deploying.",
  STARTUP_ACTION_FAILED: "The app's after-startup microflow failed: read the app log in the Mendix Portal.",
  START_FAILED: 'The runtime did not start: read the app log in the Mendix Portal.',
  ALREADY_LOCKED: 'Another operation holds a lock on the environment: wait for it to finish and re-run.',
  NO_PACKAGE: 'The environment has no package set: the transport did not take effect; re-run the deploy.',
  NO_MDA_HAS_BEEN_DEPLOYED:
    'The environment has no package: the transport did not take effect; re-run the deploy.',
  APP_ALREADY_HAS_A_STARTING_JOB:
    'A start of this environment is already running (perhaps from the Portal): wait for it and check the environment.',
  NO_SUCH_STARTJOB: 'The start job is gone: check the environment in the Mendix Portal.'
}

/** One sentence on what to do, for a start error code; a general one for codes the docs do not list. */
export function startAdvice(code: string | undefined): string {
  return (code && ADVICE[code]) ?? 'Read the app log in the Mendix Portal.'
}
