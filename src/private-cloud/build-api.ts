/** Mendix for Private Cloud Build API v4: start a build, read packages. Requests only; no logging, no waiting. */
import type { Deadline } from '../deadline.js'
import type { MendixHttp } from '../http.js'
import { jobFromAccepted, requestJob, type JobRef } from './jobs.js'

export const BUILD_SCOPES = {
  /** Building a package needs both (Build API docs, "Build package"). */
  build: 'mx:privatecloud-build:write and mx:modelrepository:write',
  read: 'mx:privatecloud-build:read'
}

export interface BuildRequest {
  branch: string
  /** Always a string, SVN numbers included. */
  revision: string
  version?: string
  description?: string
}

export interface PackageSummary {
  id: string
  description?: string
  createdOn?: string
  expiryDate?: string
  modelVersion?: string
  fileName?: string
}

/** The Build API's page size limit. */
export const MAX_PAGE = 50

/** One package as GET /apps/{appId}/packages/{packageId} shows it, with its build log when asked for. */
export interface PackageDetail {
  createdOn?: unknown
  buildLog?: unknown
}

export class BuildApi {
  /** The packages the last full listing (allPackages) showed, so that one run need not list them twice. */
  private listed?: PackageSummary[]

  constructor(
    private readonly http: MendixHttp,
    private readonly appId: string
  ) {}

  private get appPath(): string {
    return `/apps/${encodeURIComponent(this.appId)}`
  }

  /** Starts a build; sent once, since a second POST would start a second build. */
  async startBuild(request: BuildRequest, deadline: Deadline): Promise<JobRef> {
    const path = `${this.appPath}/packages/build`
    const action = `start the build of ${request.branch}@${request.revision}`
    return requestJob(this.http, {
      method: 'POST',
      path,
      body: request,
      retry: 'once',
      action,
      scope: BUILD_SCOPES.build,
      deadline
    })
  }

  /** One page of packages (the API has no total: a page shorter than `limit` is the last). */
  async listPackages(offset: number, limit = MAX_PAGE, deadline: Deadline): Promise<PackageSummary[]> {
    const response = await this.http.request<{ packages?: PackageSummary[] }>({
      method: 'GET',
      path: `${this.appPath}/packages?offset=${offset}&limit=${limit}`,
      retry: 'safe',
      action: 'list the deployment packages',
      scope: BUILD_SCOPES.read,
      deadline
    })
    return Array.isArray(response.body?.packages) ? response.body.packages : []
  }

  /** Uploads an .mda, streamed; the answer is the upload job, which ends with the package id. */
  async uploadPackage(file: { fd: number; size: number; name: string }, deadline: Deadline): Promise<JobRef> {
    const path = `${this.appPath}/packages`
    const action = `upload ${file.name}`
    const response = await this.http.upload<unknown>(
      { path, action, scope: 'mx:privatecloud-build:write', deadline },
      {
        fd: file.fd,
        size: file.size,
        fields: { fileName: file.name },
        fileField: 'file',
        fileName: file.name
      }
    )
    return jobFromAccepted(response, 'POST', path, action)
  }

  /** Every package of the app, all pages. */
  async allPackages(deadline: Deadline): Promise<PackageSummary[]> {
    const all: PackageSummary[] = []
    for (let offset = 0; ; offset += MAX_PAGE) {
      const page = await this.listPackages(offset, MAX_PAGE, deadline)
      all.push(...page)
      if (page.length < MAX_PAGE) return (this.listed = all)
    }
  }

  /**
   * The app's newest package: from the full listing this client already made in the run (the reuse check), or
   * else the first of a one-package page (the Build API lists the newest first, as the emulator does).
   */
  async newestPackage(deadline: Deadline): Promise<PackageSummary | undefined> {
    const byAge = (a: PackageSummary, b: PackageSummary) =>
      (b.createdOn ?? '').localeCompare(a.createdOn ?? '')
    if (this.listed) return [...this.listed].sort(byAge)[0]
    return (await this.listPackages(0, 1, deadline))[0]
  }

  /** One package, with its build log when `log` is set. */
  async getPackage(
    packageId: string,
    options: { log?: boolean } = {},
    deadline: Deadline
  ): Promise<PackageDetail> {
    const response = await this.http.request<{ package?: PackageDetail }>({
      method: 'GET',
      path: `${this.appPath}/packages/${encodeURIComponent(packageId)}${options.log ? '?log=true' : ''}`,
      retry: 'safe',
      action: `read package ${packageId}${options.log ? ' and its build log' : ''}`,
      scope: BUILD_SCOPES.read,
      deadline
    })
    return response.body?.package ?? {}
  }

  /** The newest unexpired package whose description contains `marker`. */
  async findPackageByMarker(
    marker: string,
    deadline: Deadline,
    now = Date.now()
  ): Promise<PackageSummary | undefined> {
    const matches = (await this.allPackages(deadline)).filter(
      p =>
        typeof p.description === 'string' &&
        p.description.includes(marker) &&
        !(p.expiryDate && Date.parse(p.expiryDate) <= now)
    )
    return matches.sort((a, b) => (b.createdOn ?? '').localeCompare(a.createdOn ?? ''))[0]
  }

  /** Deletes a package; the answer is the delete job. */
  async deletePackage(packageId: string, deadline: Deadline): Promise<JobRef> {
    const path = `${this.appPath}/packages/${encodeURIComponent(packageId)}`
    const action = `delete package ${packageId}`
    return requestJob(this.http, {
      method: 'DELETE',
      path,
      retry: 'once',
      action,
      scope: 'mx:privatecloud-build:write',
      deadline
    })
  }
}
