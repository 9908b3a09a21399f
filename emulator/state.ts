/**
 * The emulator's in-memory model of one Mendix app: its Team Server repository, its Private Cloud packages,
 * environments and jobs, and (under `cloud`) the same app on the classic Mendix Cloud with its packages,
 * environments, start jobs and backups.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
export type JsonObject = { [key: string]: Json }

/** An environment manifest as stored: whatever the client sent, unknown fields included. */
export type Manifest = JsonObject & { manifestVersion: string; environment: JsonObject & { id: string } }

export interface PackageRecord {
  id: string
  appId: string
  modelVersion: string
  runtimeVersion: string
  createdOn: string
  description?: string
  fileName: string
  fileSize: number
  expiryDate?: string
  branch?: string
  revision?: string
  buildLog: string
}

export type JobStatus = 'created' | 'running' | 'finished' | 'failed'
export type JobKind =
  'build' | 'upload' | 'delete-package' | 'deploy' | 'create-environment' | 'delete-environment'

export interface JobRecord {
  id: string
  kind: JobKind
  details: string
  createdAt: number
  /** When the job leaves `created` for `running`. */
  startsAt: number
  /** When the job ends; Infinity for a job that is stuck. */
  endsAt: number
  /** Set when the job will fail: the message the service gives. */
  failure?: string
  log: string[]
  /** Runs once when the job finishes successfully (creates the package, changes the manifest...). */
  onFinish?: () => void
  /** Runs once when the job fails. */
  onFail?: () => void
  packageId?: string
  settled: boolean
}

/** A commit as the App Repository API shows it. */
export interface Commit {
  /** A Git hash, or an SVN revision number as a string. */
  id: string
  author: { name: string; email: string }
  /** RFC 3339. */
  date: string
  message: string
  mendixVersion?: string
  relatedStories: Array<{ id: string }>
}

export interface Branch {
  /** As the App Repository API names it: Git `main`, `feature-x`; SVN `trunk`, `branches/feature-x`. */
  name: string
  /** Newest first, from the head down to the first commit of the repository. */
  commits: Commit[]
}

/** The app's Team Server repository: what the App Repository API serves and what builds check out. */
export interface Repository {
  type: 'git' | 'svn'
  url: string
  branches: Branch[]
}

/** What the next reads of one environment show instead of the truth (eventually consistent status). */
export interface ReadLag {
  /** The manifest as it was before the last PUT, shown while `staleReads` lasts. */
  stale?: Manifest
  staleReads: number
  /** How many of the next reads leave out `container.state`. */
  statelessReads: number
  /** The `container.state` before the last PUT, shown with the new manifest while `staleStateReads` lasts. */
  staleState?: string
  /** After the last deploy job finished: how many reads still show `staleState`, then how many `Processing`. */
  staleStateReads?: number
  rolloutReads?: number
  /** Epoch ms until which reads show `Processing`: the rollout's own time (Durations.rolloutMs). */
  rolloutUntil?: number
}

export interface EmulatorState {
  app: {
    appId: string
    appName: string
    repository: Repository
    failingRevisions: Record<string, string>
  }
  packages: PackageRecord[]
  environments: Manifest[]
  /** Runtime secrets from PUTs, kept apart: GET responses never carry them (Deploy API 4.14). */
  secrets: Record<string, JsonObject>
  jobs: Map<string, JobRecord>
  /** Reads that lag a manifest PUT, by environment id. */
  readLag: Record<string, ReadLag>
  /** How often each job was read, for the early-404 option. */
  jobReads: Map<string, number>
  cloud: CloudState
  // --- preview environments (preview-routes.ts) ---
  /** Ids of environments deleted or being deleted: the docs say such a name cannot be taken again. */
  retiredEnvironmentIds?: Set<string>
  // --- end preview environments ---
}

/** A branch by the name the App Repository API gives it. */
export function findBranch(state: EmulatorState, name: string): Branch | undefined {
  return state.app.repository.branches.find(b => b.name === name)
}

/**
 * Finds a revision in a branch's history. A Git hash may be abbreviated to 7 characters or more (the v1 Build API
 * docs accept "the short commit hash or the full commit hash"); an SVN revision must match exactly.
 */
export function resolveRevision(state: EmulatorState, branch: Branch, wanted: string): string | undefined {
  const git = state.app.repository.type === 'git'
  return branch.commits
    .map(c => c.id)
    .find(id => id === wanted || (git && wanted.length >= 7 && id.startsWith(wanted)))
}

/** A job's status at a moment, settling it (running its effect) the first time it is seen ended. */
export function jobStatusAt(job: JobRecord, now: number): JobStatus {
  if (now < job.startsAt) return 'created'
  if (now < job.endsAt) return 'running'
  if (!job.settled) {
    job.settled = true
    if (job.failure === undefined) job.onFinish?.()
    else job.onFail?.()
  }
  return job.failure === undefined ? 'finished' : 'failed'
}

/** Settles every job whose time has come, so reads of packages and manifests see their effects. */
export function settleJobs(state: EmulatorState, now: number): void {
  for (const job of state.jobs.values()) jobStatusAt(job, now)
}

export function findEnvironment(state: EmulatorState, environmentId: string): Manifest | undefined {
  return state.environments.find(m => m.environment.id === environmentId)
}

/** The namespace id of a manifest, read defensively: clients may send odd shapes. */
export function namespaceIdOf(manifest: Manifest): string | undefined {
  const provider = manifest.environment.provider
  if (provider && typeof provider === 'object' && !Array.isArray(provider)) {
    const id = provider.namespaceId
    return typeof id === 'string' ? id : undefined
  }
  return undefined
}

/** The classic Mendix Cloud (v1 Build and Deploy APIs, v2 Backups API): one app by subdomain. */
export interface CloudPackage {
  PackageId: string
  Name: string
  Description: string
  Version: string
  Creator: string
  CreationDate: number
  Size: number
  /** When the build or upload ends (epoch ms); until then the package is Queued, then Building or Uploading. */
  readyAt: number
  /** Set when the build fails. */
  failure?: string
  /** How the package came to be: a build (the default) or a v2 upload. */
  source?: 'build' | 'upload'
  /** How often the package was read, for the early-404 option. */
  reads?: number
}

export interface CloudConstant {
  Name: string
  DataType: string
  Value: string
  DeployedValue: string
  /** Internal: a constant new in the transported package that has no value yet; a start fails MISSING_CONSTANT. */
  missing?: boolean
}

export interface CloudSettings {
  Constants: CloudConstant[]
  CustomSettings: Array<{ Name: string; Value: string }>
  ScheduledEvents: Array<{ Name: string; Value: string; DeployedValue: string }>
}

export interface CloudEnvironment {
  Mode: string
  EnvironmentId: string
  Status: 'Empty' | 'Stopped' | 'Running'
  Url: string
  ModelVersion: string
  MendixVersion: string
  Production: boolean
  packageId?: string
  /** The model version the database was last synchronised to, at a successful start. */
  databaseModelVersion: string
  settings: CloudSettings
}

export interface StartJob {
  id: string
  mode: string
  endsAt: number
  failure?: { code: string; message: string }
  settled: boolean
}

/** A Deploy API v2 job: the upload of a package. */
export interface UploadJob {
  id: string
  packageId: string
  createdAt: number
  endsAt: number
  failure?: string
}

export interface Snapshot {
  snapshot_id: string
  environmentId: string
  comment: string
  createdAt: number
  endsAt: number
  failure?: string
}

export interface CloudState {
  appId: string
  projectId: string
  name: string
  /** Username -> API key and rights. */
  users: Record<string, CloudUser>
  packages: CloudPackage[]
  environments: CloudEnvironment[]
  startJobs: Map<string, StartJob>
  uploadJobs: Map<string, UploadJob>
  snapshots: Snapshot[]
}

export interface CloudUser {
  apiKey: string
  /** API Rights: needed for every call. */
  api: boolean
  /** Transport Rights: needed to stop, transport and start. */
  transport: boolean
  /** Access to Backups. */
  backups: boolean
}
