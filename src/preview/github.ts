/**
 * What a preview shows on GitHub: one pull-request comment, found again by a hidden marker and updated in
 * place; the preview's GitHub Deployment made inactive when the preview is deleted; and whether a pull request
 * is closed, for the sweep. A problem with GitHub's API never fails the preview: it is a notice or a warning.
 */
import { messageOf } from '../errors.js'
import { getOctokit } from '../octokit.js'
import type { Logger } from '../logger.js'
import { redact } from '../untrusted.js'

type Octokit = ReturnType<typeof getOctokit>

export interface PreviewGitHubContext {
  token: string
  /** GITHUB_API_URL, e.g. https://api.github.com or a GHES URL. */
  apiUrl: string
  repository: string
  /** Tells the comment of this app apart from another app's previews on the same pull request. */
  appId: string
}

/** How a notice reaches the log (output.ts in a run). */
export type Notice = (message: string, title: string) => void

function statusOf(error: unknown): number | undefined {
  return (error as { status?: number }).status
}

export class PreviewGitHub {
  private readonly octokit: Octokit
  private readonly owner: string
  private readonly repo: string

  constructor(
    private readonly context: PreviewGitHubContext,
    private readonly log: Logger,
    private readonly notice: Notice
  ) {
    this.octokit = getOctokit(context.token, { baseUrl: context.apiUrl })
    const [owner, repo] = context.repository.split('/')
    this.owner = owner
    this.repo = repo
  }

  /** The hidden line that finds this app's preview comment again. */
  get marker(): string {
    return `<!-- mendix-deploy-action preview ${this.context.appId} -->`
  }

  /** Creates the pull request's preview comment, or updates the one already there. */
  async upsertComment(pr: number, markdown: string): Promise<void> {
    const body = redact(`${this.marker}\n${markdown}`)
    try {
      const comments = await this.octokit.paginate(this.octokit.rest.issues.listComments, {
        owner: this.owner,
        repo: this.repo,
        issue_number: pr,
        per_page: 100
      })
      const mine = comments.find(c => typeof c.body === 'string' && c.body.startsWith(this.marker))
      if (mine) {
        await this.octokit.rest.issues.updateComment({
          owner: this.owner,
          repo: this.repo,
          comment_id: mine.id,
          body
        })
      } else {
        await this.octokit.rest.issues.createComment({
          owner: this.owner,
          repo: this.repo,
          issue_number: pr,
          body
        })
      }
    } catch (error) {
      const status = statusOf(error)
      if (status === 403 || status === 404) {
        this.notice(
          `Skipped the preview comment on pull request #${pr}: the token may not write to it (${status}). Grant permissions: pull-requests: write to show the preview's link there.`,
          'Preview comment skipped'
        )
      } else {
        this.log.warning(
          `Could not write the preview comment on pull request #${pr}: ${messageOf(error)}. The preview goes on.`,
          'Preview comment'
        )
      }
    }
  }

  /** Marks the GitHub Deployments of a deleted preview inactive, so GitHub stops linking to it. */
  async deactivate(environment: string): Promise<void> {
    try {
      const { data } = await this.octokit.rest.repos.listDeployments({
        owner: this.owner,
        repo: this.repo,
        environment,
        per_page: 10
      })
      for (const deployment of data) {
        await this.octokit.rest.repos.createDeploymentStatus({
          owner: this.owner,
          repo: this.repo,
          deployment_id: deployment.id,
          state: 'inactive'
        })
      }
    } catch (error) {
      this.log.warning(
        `Could not mark the GitHub deployments of ${environment} inactive: ${messageOf(error)}. Does the workflow grant permissions: deployments: write?`,
        'GitHub deployment'
      )
    }
  }

  /** Whether the pull request is closed; undefined when GitHub does not say. */
  async isClosed(pr: number): Promise<boolean | undefined> {
    try {
      const { data } = await this.octokit.rest.pulls.get({
        owner: this.owner,
        repo: this.repo,
        pull_number: pr
      })
      return data.state === 'closed'
    } catch (error) {
      this.log.warning(
        `Could not read pull request #${pr} on GitHub (${statusOf(error) ?? messageOf(error)}); judging its preview by age alone.`,
        'Pull request state'
      )
      return undefined
    }
  }
}
