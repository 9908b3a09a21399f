/**
 * The error codes the Mendix Cloud docs list for each call the deploy makes, and what each means for it. An
 * answer with one of these codes is the service saying what happened, so it is reported as that failure, with
 * its meaning, and never as an unknown outcome. Sources: the Build API, Deploy API v1 and Backups API v2 pages
 * (https://docs.mendix.com/apidocs-mxsdk/apidocs/build-api/, …/deploy-api/, …/backups-api/); the Deploy API v2
 * upload lists no codes of its own, so it is read with the v1 upload's.
 */
import { ApiError } from '../http.js'
import { displayUrl } from '../untrusted.js'

/** The calls whose documented codes the deploy explains. */
export type CloudCall =
  | 'build'
  | 'stop'
  | 'transport'
  | 'setSettings'
  | 'start'
  | 'startStatus'
  | 'upload'
  | 'backupCreate'
  | 'backupGet'

const ENVIRONMENT_CODES: Record<string, string> = {
  '400 INVALID_PARAMETERS':
    'The request lacked the app or the environment: check the appId and environment inputs.',
  '400 INVALID_ENVIRONMENT':
    "The environment input is not Test, Acceptance, Production or the name of one of the app's flexible environments.",
  '404 ENVIRONMENT_NOT_FOUND':
    'The app has no environment of that name visible to this user: check the environment input.'
}

const APP_CODES: Record<string, string> = {
  '400 INVALID_APPID':
    "The appId input is not a valid app subdomain (the part before .mendixcloud.com, e.g. 'calc').",
  '404 APP_NOT_FOUND':
    'No app with that subdomain is visible to this user: check the appId input, and that the user is a member of the app.'
}

const BACKUP_CODES: Record<string, string> = {
  '400 INVALID_PARAMETERS': 'The request lacked the project or the environment id.',
  '400 NOT_SUPPORTED': 'Backups through the API exist only for apps on Mendix Cloud.',
  '403 NO_ACCESS':
    "The user lacks Access to Backups on this environment: ask the app's Technical Contact to grant it on the app's Environments > Permissions page.",
  '404 ENVIRONMENT_NOT_FOUND': 'The environment was not found by its EnvironmentId.',
  '404 NOT_FOUND': 'The snapshot was not found.',
  '500 SERVICE_UNAVAILABLE':
    'The backup service could not do it: try again later, or ask Mendix Support if it persists.'
}

/** What each documented start error means and what to do (Deploy API v1, "Get Start Environment Status"). */
const START_STATUS_CODES: Record<string, string> = {
  ...ENVIRONMENT_CODES,
  '500 DB_SYNC_FAILED':
    'The database could not be synchronised with the new model: read the app log in the Mendix Portal; a backup (backup: true) lets you restore the data.',
  '500 INVALID_DB_STRUCTURE':
    'The database is out of step with the model and autoSyncDb is false: set autoSyncDb: true (the default) to synchronise it at start.',
  '500 MISSING_CONSTANT':
    'The new model has constants without a value in this environment: give them with the constants input, or in the Portal (Environments > Model Options).',
  '500 INSECURE_ADMIN_PASSWORD':
    "A user with the administrator role has the password '1', which the Mendix Cloud refuses: change it in the model or the app before deploying.",
  '500 STARTUP_ACTION_FAILED':
    "The app's after-startup microflow failed: read the app log in the Mendix Portal.",
  '500 START_FAILED': 'The runtime did not start: read the app log in the Mendix Portal.',
  '500 ALREADY_LOCKED':
    'Another operation holds a lock on the environment: wait for it to finish and re-run.',
  '500 NO_PACKAGE':
    'The environment has no package set: the transport did not take effect; re-run the deploy.',
  '404 NO_SUCH_STARTJOB': 'The start job is gone: check the environment in the Mendix Portal.'
}

/** By call, `<HTTP status> <code>` as the docs' error tables list them -> what it means and what to do. */
const CODES: Record<CloudCall, Record<string, string>> = {
  build: {
    ...APP_CODES,
    '400 INVALID_PARAMETERS':
      'The Build API found the branch, revision or version missing: check the branch and revision inputs.',
    '400 INVALID_VERSION': 'The Version is not major.minor.patch (like 2.3.5): check the version input.',
    '500 BUILD_FAILED':
      "The build server could not build this revision: check that it builds in Studio Pro, and read the build output among the app's deployment packages in the Mendix Portal."
  },
  stop: {
    ...ENVIRONMENT_CODES,
    '500 STOP_FAILED':
      "The Mendix Cloud could not stop the app: read the app log in the Mendix Portal, and stop it from the environment's page there if it must be stopped."
  },
  transport: {
    ...ENVIRONMENT_CODES,
    '400 INVALID_RUNTIME_VERSION':
      "The package's Mendix version is not supported on this environment (Mendix Cloud v4 needs Mendix 6 or newer).",
    '403 NO_ACCESS':
      "The user has no access to this environment: ask the app's Technical Contact for API Rights and Transport Rights on it (Environments > Permissions).",
    '403 TRANSPORT_NOT_ALLOWED':
      "The user may not transport to this environment: ask the app's Technical Contact for Transport Rights on it (Environments > Permissions).",
    '403 APP_IS_RUNNING':
      'The environment was running or starting: a package can be transported only to a stopped environment.',
    '404 PACKAGE_NOT_FOUND':
      "The package does not exist, or its build failed: check the app's deployment packages.",
    '500 PACKAGE_PARSE_FAILED': 'The service could not read the package file: build or upload it again.'
  },
  setSettings: {
    ...ENVIRONMENT_CODES,
    '400 CONSTANT_NOT_FOUND': 'The environment has no constant of that name: check the constants input.',
    '400 CUSTOM_SETTING_NOT_SUPPORTED': 'The environment does not support that custom setting.',
    '400 SCHEDULED_EVENT_NOT_FOUND': 'The environment has no scheduled event of that name.',
    '500 INVALID_SCHEDULED_EVENT_PARAMETER': 'A scheduled event can be only Enabled or Disabled.'
  },
  start: {
    ...APP_CODES,
    '500 NO_MDA_HAS_BEEN_DEPLOYED':
      'The environment has no package: the transport did not take effect; re-run the deploy.',
    '500 APP_ALREADY_HAS_A_STARTING_JOB':
      'A start of this environment is already running (perhaps from the Portal): wait for it and check the environment.'
  },
  startStatus: START_STATUS_CODES,
  upload: {
    ...APP_CODES,
    '500 UPLOAD_COPY_FAILED': 'The service could not store the package: upload it again.',
    '500 INVALID_PACKAGE':
      'The service could not process the file as a deployment package: check that it is an .mda built by MxBuild or Studio Pro.'
  },
  backupCreate: {
    ...BACKUP_CODES,
    '400 ENVIRONMENT_BUSY': 'The environment is busy with another operation: try again later.',
    '400 INVALID_STATE': 'A maintenance action is in progress on the environment: wait until it has finished.'
  },
  backupGet: BACKUP_CODES
}

/** What a documented status and code of a call mean, or undefined for an answer the docs do not list there. */
export function meaningOf(call: CloudCall, status: number, code: string): string | undefined {
  return CODES[call][`${status} ${code}`]
}

/** One sentence on what to do, for a failed start's status and code; a general one for codes the docs do not list. */
export function startAdvice(status: number, code: string | undefined): string {
  return (code && meaningOf('startStatus', status, code)) || 'Read the app log in the Mendix Portal.'
}

/** A documented error code in an answer: the service said what happened, so the outcome is known. */
export class KnownFailure extends ApiError {
  /** The service's own words, without the code: "Build job failed". */
  readonly said: string

  constructor(
    error: ApiError & { status: number; serviceCode: string },
    action: string,
    /** What the code means for the deploy, and what to do. */
    readonly meaning: string
  ) {
    const said = (error.serviceMessage ?? '').replace(`${error.serviceCode}: `, '').replace(/\.$/, '')
    super(
      `Could not ${action}: ${error.method} ${displayUrl(error.url)} answered ${error.status} ${error.serviceCode}${said ? ` (${said})` : ''}. ${meaning}`,
      {
        method: error.method,
        url: error.url,
        status: error.status,
        outcomeUnknown: false,
        serviceMessage: error.serviceMessage,
        notActed: error.notActed,
        retryAfterMs: error.retryAfterMs,
        serviceCode: error.serviceCode
      }
    )
    this.name = 'KnownFailure'
    this.said = said
  }
}

/** The error of a call, as a KnownFailure when its answer carries a code the docs list for that call. */
export function explained(call: CloudCall, action: string, error: unknown): unknown {
  if (!(error instanceof ApiError) || error.status === undefined || error.serviceCode === undefined)
    return error
  const meaning = meaningOf(call, error.status, error.serviceCode)
  if (!meaning) return error
  return new KnownFailure(error as ApiError & { status: number; serviceCode: string }, action, meaning)
}
