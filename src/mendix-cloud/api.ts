/**
 * The classic Mendix Cloud: Build API v1, Deploy API v1 and v2 (package upload), and Backups API v2 (API-key
 * auth). Requests only; no logging, no waiting. Mendix publishes no OpenAPI file for these; shapes follow the
 * prose of the Build API, Deploy API and Backups API pages (https://docs.mendix.com/apidocs-mxsdk/apidocs/).
 */
import type { Deadline } from '../deadline.js'
import {
  ApiError,
  type ApiResponse,
  type Credentials,
  type MendixHttp,
  type RequestOptions
} from '../http.js'
import type { PackageFile } from '../inputs.js'
import { checkServerId, displayUrl } from '../untrusted.js'
import { explained, type CloudCall } from './service-codes.js'

/** The Mendix-Username and Mendix-ApiKey headers, and what to tell a person when they are refused. */
export function apiKeyCredentials(username: string, apiKey: string): Credentials {
  return {
    headers: { 'Mendix-Username': username, 'Mendix-ApiKey': apiKey },
    // The v1 docs ask for this header on every call but the upload.
    defaultHeaders: { 'Content-Type': 'application/json' },
    unauthorized:
      'The username and API key were not accepted: check the username input and that the secret holds a valid API key (Mendix Profile > API Keys).',
    forbidden: permission =>
      `The user lacks the permission this needs (${permission}): ask the app's Technical Contact to grant it on the app's Environments > Permissions page.`
  }
}

export const RIGHTS = {
  api: 'API Rights',
  transport: 'API Rights and Transport Rights',
  backups: 'API Rights and Access to Backups'
}

export interface CloudApp {
  ProjectId: string
  Url?: string
  Name?: string
}

export interface CloudEnvironment {
  Status: string
  EnvironmentId?: string
  Mode: string
  Url?: string
  ModelVersion?: string
}

export interface CloudPackage {
  PackageId: string
  Status: string
  Description?: string
  Version?: string
}

export interface Snapshot {
  snapshot_id: string
  state: string
  status_message?: string
  comment?: string
}

export interface CloudSettingsDocument {
  Constants?: Array<{ Name: string; Value: string; [key: string]: unknown }>
  [key: string]: unknown
}

/** What the v2 upload answers: the new package, and the job that processes it. */
export interface CloudUpload {
  packageId: string
  jobId: string
}

export class MendixCloudApi {
  private readonly v2Base: string

  constructor(
    private readonly http: MendixHttp,
    private readonly apiUrl: string,
    private readonly appId: string
  ) {
    // Backups and the package upload live beside the v1 API on the same host, under /api/v2.
    this.v2Base = /\/api\/1$/.test(apiUrl)
      ? apiUrl.replace(/\/api\/1$/, '/api/v2')
      : `${new URL(apiUrl).origin}/api/v2`
  }

  private get app(): string {
    return `/apps/${encodeURIComponent(this.appId)}`
  }

  private env(mode: string): string {
    return `${this.app}/environments/${encodeURIComponent(mode)}`
  }

  private snapshots(projectId: string, environmentId: string): string {
    return `${this.v2Base}/apps/${encodeURIComponent(projectId)}/environments/${encodeURIComponent(environmentId)}/snapshots`
  }

  private async get<T>(
    path: string,
    action: string,
    permission = RIGHTS.api,
    deadline: Deadline,
    call?: CloudCall
  ): Promise<T> {
    const response = await this.send<T>(call, {
      method: 'GET',
      path,
      retry: 'safe',
      action,
      scope: permission,
      deadline
    })
    return response.body
  }

  /** Sends a request; an answer with a code the docs list for `call` fails as that code, with its meaning. */
  private async send<T>(call: CloudCall | undefined, options: RequestOptions): Promise<ApiResponse<T>> {
    try {
      return await this.http.request<T>(options)
    } catch (error) {
      throw call ? explained(call, options.action, error) : error
    }
  }

  getApp(deadline: Deadline): Promise<CloudApp> {
    return this.get(this.app, `read app ${this.appId}`, RIGHTS.api, deadline)
  }

  getEnvironment(mode: string, deadline: Deadline): Promise<CloudEnvironment> {
    return this.get(this.env(mode), `read the ${mode} environment`, RIGHTS.api, deadline)
  }

  /** Starts a build; sent once, since a second POST would start a second build. */
  async startBuild(
    body: { Branch: string; Revision: string; Version: string; Description: string },
    deadline: Deadline
  ): Promise<string> {
    const path = `${this.app}/packages`
    const action = `start the build of ${body.Branch}@${body.Revision}`
    const response = await this.send<{ PackageId?: unknown }>('build', {
      method: 'POST',
      path,
      body,
      retry: 'once',
      action,
      scope: RIGHTS.api,
      deadline
    })
    if (typeof response.body?.PackageId !== 'string' || response.body.PackageId === '') {
      throw new ApiError(
        `Could not ${action}: POST ${path} answered ${response.status} without a PackageId.`,
        { method: 'POST', url: path, status: response.status, outcomeUnknown: true }
      )
    }
    return response.body.PackageId
  }

  getPackage(packageId: string, deadline: Deadline): Promise<CloudPackage> {
    return this.get(
      `${this.app}/packages/${encodeURIComponent(packageId)}`,
      `check package ${packageId}`,
      RIGHTS.api,
      deadline
    )
  }

  async listPackages(deadline: Deadline): Promise<CloudPackage[]> {
    const list = await this.get<unknown>(
      `${this.app}/packages`,
      'list the deployment packages',
      RIGHTS.api,
      deadline
    )
    return Array.isArray(list) ? (list as CloudPackage[]) : []
  }

  /** The package the environment runs, or undefined when it has none. */
  async environmentPackage(mode: string, deadline: Deadline): Promise<CloudPackage | undefined> {
    try {
      return await this.get<CloudPackage>(
        `${this.env(mode)}/package`,
        `read the package of the ${mode} environment`,
        RIGHTS.api,
        deadline
      )
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return undefined
      throw error
    }
  }

  /** Stopping a stopped environment changes nothing, so the request may be retried. */
  async stop(mode: string, deadline: Deadline): Promise<void> {
    await this.send('stop', {
      method: 'POST',
      path: `${this.env(mode)}/stop`,
      retry: 'safe',
      action: `stop the ${mode} environment`,
      scope: RIGHTS.transport,
      deadline
    })
  }

  /** Transporting the same package twice changes nothing, so the request may be retried. */
  async transport(mode: string, packageId: string, deadline: Deadline): Promise<void> {
    await this.send('transport', {
      method: 'POST',
      path: `${this.env(mode)}/transport`,
      body: { PackageId: packageId },
      retry: 'safe',
      action: `transport package ${packageId} to the ${mode} environment`,
      scope: RIGHTS.transport,
      deadline
    })
  }

  getSettings(mode: string, deadline: Deadline): Promise<CloudSettingsDocument> {
    return this.get(
      `${this.env(mode)}/settings`,
      `read the settings of the ${mode} environment`,
      RIGHTS.api,
      deadline
    )
  }

  async setSettings(mode: string, settings: CloudSettingsDocument, deadline: Deadline): Promise<void> {
    await this.send('setSettings', {
      method: 'POST',
      path: `${this.env(mode)}/settings`,
      body: settings,
      retry: 'safe',
      action: `change the settings of the ${mode} environment`,
      scope: RIGHTS.transport,
      deadline
    })
  }

  /** Starts the environment: the start job's id, or `already-started` when the app runs already. */
  async start(mode: string, autoSyncDb: boolean, deadline: Deadline): Promise<string> {
    const path = `${this.env(mode)}/start`
    const action = `start the ${mode} environment`
    try {
      const response = await this.http.request<{ JobId?: unknown; errorCode?: unknown }>({
        method: 'POST',
        path,
        body: { AutoSyncDb: autoSyncDb },
        retry: 'once',
        action,
        scope: RIGHTS.transport,
        deadline
      })
      // The current docs answer a running app with 200 and ALREADY_STARTED; older ones with a 500 (below).
      if (response.body?.errorCode === 'ALREADY_STARTED') return 'already-started'
      if (typeof response.body?.JobId !== 'string') {
        throw new ApiError(
          `Could not start the ${mode} environment: POST ${path} answered without a JobId.`,
          { method: 'POST', url: path, status: response.status, outcomeUnknown: true }
        )
      }
      return response.body.JobId
    } catch (error) {
      if (error instanceof ApiError && error.serviceCode === 'ALREADY_STARTED') return 'already-started'
      throw explained('start', action, error)
    }
  }

  /**
   * `Starting` or `Started`; a failed start is an ApiError carrying the documented code. ALREADY_STARTED (the
   * docs list it as a 500 here; a 200 like the start's own is read the same way) means the app runs: `Started`.
   */
  async startStatus(mode: string, jobId: string, deadline: Deadline): Promise<string> {
    let body: { Status?: unknown; errorCode?: unknown }
    try {
      body = await this.get(
        `${this.env(mode)}/start/${encodeURIComponent(jobId)}`,
        `check start job ${jobId}`,
        RIGHTS.api,
        deadline
      )
    } catch (error) {
      if (error instanceof ApiError && error.serviceCode === 'ALREADY_STARTED') return 'Started'
      throw error
    }
    if (body?.errorCode === 'ALREADY_STARTED') return 'Started'
    return typeof body?.Status === 'string' ? body.Status : 'unknown'
  }

  startJobUrl(mode: string, jobId: string): string {
    return `${this.apiUrl}${this.env(mode)}/start/${jobId}`
  }

  /** The environment's Deploy API v1 URL, without credentials: `<it>/start` starts it, `<it>/transport` transports. */
  environmentUrl(mode: string): string {
    return displayUrl(`${this.apiUrl}${this.env(mode)}`)
  }

  /**
   * Uploads an .mda through the Deploy API v2, streamed from its open descriptor, the file in the part `file`
   * (the docs' curl example). Sent once: a second POST would add a second package.
   */
  async uploadPackage(file: PackageFile, deadline: Deadline): Promise<CloudUpload> {
    const path = `${this.v2Base}${this.app}/packages/upload?name=${encodeURIComponent(file.name)}`
    const action = `upload ${file.name}`
    let response: ApiResponse<{ PackageId?: unknown; JobId?: unknown }>
    try {
      response = await this.http.upload(
        { path, action, scope: RIGHTS.transport, deadline },
        { fd: file.fd, size: file.size, fields: {}, fileField: 'file', fileName: file.name }
      )
    } catch (error) {
      throw explained('upload', action, error)
    }
    const { PackageId, JobId } = response.body ?? {}
    if (typeof PackageId !== 'string' || typeof JobId !== 'string' || !PackageId || !JobId) {
      throw new ApiError(
        `Could not ${action}: POST ${path} answered ${response.status} without a PackageId and JobId.`,
        { method: 'POST', url: path, status: response.status, outcomeUnknown: true }
      )
    }
    return { packageId: checkServerId('PackageId', PackageId), jobId: checkServerId('JobId', JobId) }
  }

  /** The status of a v2 job: `Queued`, `Running`, `Completed` or `Failed`. */
  async uploadJobStatus(jobId: string, deadline: Deadline): Promise<string> {
    const body = await this.get<{ Status?: unknown }>(
      this.uploadJobUrl(jobId),
      `check upload job ${jobId}`,
      RIGHTS.api,
      deadline
    )
    return typeof body?.Status === 'string' ? body.Status : 'unknown'
  }

  /** Where a person can check an upload job. */
  uploadJobUrl(jobId: string): string {
    return `${this.v2Base}${this.app}/jobs/${encodeURIComponent(jobId)}`
  }

  /** Asks for a backup; sent once, since a second POST would take a second backup. */
  async createSnapshot(
    projectId: string,
    environmentId: string,
    comment: string,
    deadline: Deadline
  ): Promise<Snapshot> {
    const path = this.snapshots(projectId, environmentId)
    const response = await this.send<Snapshot>('backupCreate', {
      method: 'POST',
      path,
      body: { comment },
      retry: 'once',
      action: 'start a backup (snapshot) of the environment',
      scope: RIGHTS.backups,
      deadline
    })
    if (typeof response.body?.snapshot_id !== 'string') {
      throw new ApiError(`Could not start a backup: POST ${path} answered without a snapshot_id.`, {
        method: 'POST',
        url: path,
        status: response.status,
        outcomeUnknown: true
      })
    }
    return response.body
  }

  getSnapshot(
    projectId: string,
    environmentId: string,
    snapshotId: string,
    deadline: Deadline
  ): Promise<Snapshot> {
    return this.get(
      `${this.snapshots(projectId, environmentId)}/${encodeURIComponent(snapshotId)}`,
      `check backup ${snapshotId}`,
      RIGHTS.backups,
      deadline,
      'backupGet'
    )
  }

  async listSnapshots(projectId: string, environmentId: string, deadline: Deadline): Promise<Snapshot[]> {
    const body = await this.get<{ snapshots?: Snapshot[] }>(
      `${this.snapshots(projectId, environmentId)}?offset=0&limit=20`,
      'list the backups',
      RIGHTS.backups,
      deadline
    )
    return Array.isArray(body?.snapshots) ? body.snapshots : []
  }
}
