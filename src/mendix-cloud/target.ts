/** The classic Mendix Cloud as a deploy target: the v1 Build and Deploy APIs (v2 for uploads and backups). */
import type { MendixCloudSettings } from '../inputs.js'
import type { TargetContext, TargetDefinition } from '../target.js'
import { checkServerId } from '../untrusted.js'
import { apiKeyCredentials, type MendixCloudApi } from './api.js'
import { MendixCloudFlow } from './flow.js'
import { SecretMaskingCloudApi } from './secret-settings.js'

function api(settings: MendixCloudSettings, context: TargetContext): MendixCloudApi {
  return new SecretMaskingCloudApi(
    context.http(apiKeyCredentials(settings.username, settings.apiKey)),
    settings.apiUrl,
    settings.appId,
    settings.constants
  )
}

export const mendixCloud: TargetDefinition<MendixCloudSettings> = {
  // The App Repository API knows the app by its ProjectId, which the v1 app record holds.
  repositoryAppId: async (settings, context, deadline) =>
    checkServerId('ProjectId', (await api(settings, context).getApp(deadline)).ProjectId),

  create(settings, context) {
    return new MendixCloudFlow(settings, { ...context, api: api(settings, context) })
  }
}
