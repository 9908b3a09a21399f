/** The GitHub Deployment that records this deploy, when the user gives a githubToken (not on a dry run). */
import type { RunContext, Settings } from './inputs.js'
import type { Logger } from './logger.js'

export interface DeploymentRecord {
  start(): Promise<void>
  finish(outcome: 'success' | 'failure', appUrl?: string): Promise<void>
}

export async function deploymentRecordFor(
  settings: Settings,
  run: RunContext,
  log: Logger
): Promise<DeploymentRecord | undefined> {
  if (!settings.githubToken || settings.dryRun) return undefined
  // A preview records its own Deployment, per pull request (preview/target.ts).
  if (settings.target === 'private-cloud' && settings.preview) return undefined
  // Loaded only when asked for: Octokit and undici are most of the bundle and would slow every start.
  const { GitHubDeployment } = await import('./github-deployment.js')
  const deployment = new GitHubDeployment(
    {
      token: settings.githubToken,
      apiUrl: process.env.GITHUB_API_URL ?? 'https://api.github.com',
      repository: run.repository,
      sha: run.sha,
      runUrl: `${run.serverUrl}/${run.repository}/actions/runs/${run.runId}`,
      environment: settings.githubEnvironment,
      description: `Mendix ${settings.target} deploy of ${settings.branch}@${settings.revision}`
    },
    log
  )
  if (settings.wait) return deployment
  // With wait: false the step ends once the change is accepted, before anything shows that it runs: the
  // Deployment stays in progress rather than claim a success nobody saw.
  return {
    start: () => deployment.start(),
    finish: async (outcome, appUrl) => {
      if (outcome === 'failure') return deployment.finish(outcome, appUrl)
      log.info(
        'The GitHub Deployment stays in progress: with wait: false the deploy was accepted, not seen running.'
      )
    }
  }
}
