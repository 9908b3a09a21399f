/** Mendix for Private Cloud Deploy API v4: environments and their manifests. Requests only. */
import type { Deadline } from '../deadline.js'
import type { MendixHttp } from '../http.js'
import { requestJob, type JobRef } from './jobs.js'
import type { Manifest } from './manifest.js'

export const DEPLOY_SCOPES = { read: 'mx:deployment:read', write: 'mx:deployment:write' }

/** The environments list has no pagination object; a page shorter than this is the last. */
const ENVIRONMENT_PAGE = 20
/** A bound on paging, in case a service keeps answering full pages. */
const MAX_ENVIRONMENT_PAGES = 50

export interface EnvironmentAddress {
  namespaceId: string
  environmentId: string
}

export class DeployApi {
  constructor(
    private readonly http: MendixHttp,
    private readonly appId: string
  ) {}

  private get appPath(): string {
    return `/apps/${encodeURIComponent(this.appId)}`
  }

  private manifestPath(address: EnvironmentAddress): string {
    return `${this.appPath}/namespaces/${encodeURIComponent(address.namespaceId)}/environments/${encodeURIComponent(address.environmentId)}`
  }

  /** Every environment manifest of the app. */
  async listEnvironments(deadline: Deadline): Promise<Manifest[]> {
    const all: Manifest[] = []
    for (let page = 0; page < MAX_ENVIRONMENT_PAGES; page++) {
      const response = await this.http.request<{ environments?: Manifest[] }>({
        method: 'GET',
        path: `${this.appPath}/environments?offset=${page * ENVIRONMENT_PAGE}&limit=${ENVIRONMENT_PAGE}`,
        retry: 'safe',
        action: 'list the environments of the app',
        scope: DEPLOY_SCOPES.read,
        deadline
      })
      const items = Array.isArray(response.body?.environments) ? response.body.environments : []
      all.push(...items)
      if (items.length < ENVIRONMENT_PAGE) break
    }
    return all
  }

  async getManifest(address: EnvironmentAddress, deadline: Deadline): Promise<Manifest> {
    const response = await this.http.request<Manifest>({
      method: 'GET',
      path: this.manifestPath(address),
      retry: 'safe',
      action: `read the manifest of environment ${address.environmentId}`,
      scope: DEPLOY_SCOPES.read,
      deadline
    })
    if (!response.body || typeof response.body !== 'object' || Array.isArray(response.body)) {
      throw new Error(
        `Could not read the manifest of environment ${address.environmentId}: the answer is not a JSON object.`
      )
    }
    return response.body
  }

  /** Sends the whole manifest back, once: the caller reads it again before any second try. */
  async putManifest(address: EnvironmentAddress, manifest: Manifest, deadline: Deadline): Promise<JobRef> {
    const path = this.manifestPath(address)
    const action = `update the manifest of environment ${address.environmentId}`
    return requestJob(this.http, {
      method: 'PUT',
      path,
      body: manifest,
      retry: 'never',
      action,
      scope: DEPLOY_SCOPES.write,
      deadline
    })
  }
  /**
   * Creates an environment from a full manifest whose `environment.id` the caller chose (Deploy API
   * `POST /apps/{appId}/environments`); the answer is the creation job. Sent once: a second POST could create
   * a second environment.
   */
  async createEnvironment(manifest: Manifest, deadline: Deadline): Promise<JobRef> {
    const path = `${this.appPath}/environments`
    const id = String((manifest.environment as { id?: unknown } | undefined)?.id)
    const action = `create environment ${id}`
    return requestJob(this.http, {
      method: 'POST',
      path,
      body: manifest,
      retry: 'once',
      action,
      scope: DEPLOY_SCOPES.write,
      deadline
    })
  }

  /**
   * Deletes an environment (`DELETE .../namespaces/{namespaceId}/environments/{environmentId}`); the answer is
   * the deletion job. Never with `force=true`: that skips the checks and can leave cluster resources behind.
   */
  async deleteEnvironment(address: EnvironmentAddress, deadline: Deadline): Promise<JobRef> {
    const path = this.manifestPath(address)
    const action = `delete environment ${address.environmentId}`
    return requestJob(this.http, {
      method: 'DELETE',
      path,
      retry: 'once',
      action,
      scope: DEPLOY_SCOPES.write,
      deadline
    })
  }
}
