/** Mendix for Private Cloud as a deploy target: the Build and Deploy APIs with a PAT. */
import { patCredentials } from '../http.js'
import type { PrivateCloudSettings } from '../inputs.js'
import type { TargetDefinition } from '../target.js'
import { BuildApi } from './build-api.js'
import { PrivateCloudFlow } from './flow.js'
import { JobsClient } from './jobs.js'
import { SecretMaskingDeployApi } from './secret-settings.js'

export const privateCloud: TargetDefinition<PrivateCloudSettings> = {
  // The Private Cloud app id is the App Repository API's app id too.
  repositoryAppId: settings => Promise.resolve(settings.appId),

  create(settings, context) {
    const client = context.http(patCredentials(settings.token))
    const flow = new PrivateCloudFlow(settings, {
      ...context,
      build: new BuildApi(client, settings.appId),
      deploy: new SecretMaskingDeployApi(client, settings.appId, settings),
      jobs: new JobsClient(client)
    })
    return {
      run: async () => {
        const result = await flow.run()
        return {
          packageId: result.packageId,
          environmentName: result.environment.name,
          appUrl: result.appUrl
        }
      }
    }
  }
}
