/**
 * GitHub Deployments for the Mendix environment: a deployment when the deploy starts, `in_progress`, then
 * `success` with the app URL or `failure`. A problem with GitHub's API never fails the Mendix deploy: it is
 * reported as a warning.
 */
import { messageOf } from './errors.js'
import { getOctokit } from './octokit.js'
import type { Logger } from './logger.js'

export interface DeploymentContext {
  token: string
  /** GITHUB_API_URL, e.g. https://api.github.com or a GHES URL. */
  apiUrl: string
  repository: string
  /** The commit being deployed (GITHUB_SHA). */
  sha: string
  /** The run page, the deployment's log_url. */
  runUrl: string
  environment: string
  description: string
}

type Octokit = ReturnType<typeof getOctokit>

export class GitHubDeployment {
  private octokit: Octokit
  private id?: number
  private readonly owner: string
  private readonly repo: string

  constructor(
    private readonly context: DeploymentContext,
    private readonly log: Logger
  ) {
    this.octokit = getOctokit(context.token, { baseUrl: context.apiUrl })
    const [owner, repo] = context.repository.split('/')
    this.owner = owner
    this.repo = repo
  }

  private async attempt(what: string, fn: () => Promise<void>): Promise<void> {
    try {
      await fn()
    } catch (error) {
      const status = (error as { status?: number }).status
      const hint =
        status === 403 || status === 404 ? ' Does the workflow grant permissions: deployments: write?' : ''
      this.log.warning(
        `Could not ${what} on GitHub: ${messageOf(error)}.${hint} The Mendix deploy goes on.`,
        'GitHub deployment'
      )
    }
  }

  /** Creates the deployment and marks it in progress. */
  async start(): Promise<void> {
    await this.attempt('create the deployment', async () => {
      const created = await this.octokit.rest.repos.createDeployment({
        owner: this.owner,
        repo: this.repo,
        ref: this.context.sha,
        environment: this.context.environment,
        description: this.context.description,
        auto_merge: false,
        required_contexts: []
      })
      if (!('id' in created.data)) throw new Error(created.data.message ?? 'no deployment id in the answer')
      this.id = created.data.id
      await this.status('in_progress')
    })
  }

  /** Marks the deployment `success` (older ones of the environment become inactive) or `failure`. */
  async finish(outcome: 'success' | 'failure', appUrl?: string): Promise<void> {
    if (this.id === undefined) return
    await this.attempt(`mark the deployment ${outcome}`, () => this.status(outcome, appUrl))
  }

  private async status(state: 'in_progress' | 'success' | 'failure', appUrl?: string): Promise<void> {
    await this.octokit.rest.repos.createDeploymentStatus({
      owner: this.owner,
      repo: this.repo,
      deployment_id: this.id!,
      state,
      log_url: this.context.runUrl,
      ...(appUrl ? { environment_url: appUrl } : {}),
      auto_inactive: true
    })
  }
}
