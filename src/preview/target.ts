/**
 * Preview environments per pull request, on the target contract: a capability beside the Private Cloud deploy
 * (deploy.ts picks it when the `preview` input is set), built from the same API clients, job waiter and flow.
 */
import { randomInt } from 'node:crypto'
import { patCredentials } from '../http.js'
import { runContextFromEnv, type PrivateCloudSettings } from '../inputs.js'
import * as out from '../output.js'
import { BuildApi } from '../private-cloud/build-api.js'
import { JobsClient } from '../private-cloud/jobs.js'
import { SecretMaskingDeployApi } from '../private-cloud/secret-settings.js'
import { privateCloud } from '../private-cloud/target.js'
import type { TargetDefinition } from '../target.js'
import { readEvent } from './event.js'
import { PreviewFlow, type PreviewDeps } from './flow.js'

/** GitHub's side of a preview (comment, Deployment), loaded only with a githubToken: Octokit and undici are most of the bundle. */
async function gitHubParts(
  settings: PrivateCloudSettings,
  run: ReturnType<typeof runContextFromEnv>,
  log: PreviewDeps['log']
): Promise<Pick<PreviewDeps, 'github' | 'deployment'>> {
  if (!settings.githubToken) return {}
  const [{ PreviewGitHub }, { GitHubDeployment }] = await Promise.all([
    import('./github.js'),
    import('../github-deployment.js')
  ])
  const apiUrl = process.env.GITHUB_API_URL ?? 'https://api.github.com'
  const token = settings.githubToken
  return {
    github: new PreviewGitHub(
      { token, apiUrl, repository: run.repository, appId: settings.appId },
      log,
      (m, title) => out.notice(m, { title })
    ),
    deployment: (environment, sha) =>
      new GitHubDeployment(
        {
          token,
          apiUrl,
          repository: run.repository,
          sha,
          runUrl: `${run.serverUrl}/${run.repository}/actions/runs/${run.runId}`,
          environment,
          description: `Mendix preview of ${settings.branch}@${settings.revision}`
        },
        log
      )
  }
}

export const preview: TargetDefinition<PrivateCloudSettings> = {
  repositoryAppId: (...args) => privateCloud.repositoryAppId(...args),
  // Only a preview deploy builds; clean-up and sweep delete environments and need no branch or revision.
  needsSource: settings => settings.preview === 'deploy',

  create(settings, context) {
    const client = context.http(patCredentials(settings.token))
    const run = runContextFromEnv(process.env)
    return {
      run: async () => {
        const flow = new PreviewFlow(settings, {
          ...context,
          build: new BuildApi(client, settings.appId),
          deploy: new SecretMaskingDeployApi(client, settings.appId, settings),
          jobs: new JobsClient(client),
          event: readEvent(process.env),
          run,
          random: () => randomInt(0, 1_000_000) / 1_000_000,
          ...(await gitHubParts(settings, run, context.log))
        })
        return flow.run()
      }
    }
  }
}
