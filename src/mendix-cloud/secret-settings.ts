/**
 * The Mendix Cloud API client whose every settings read masks what the constants marked `secret` hold, before
 * anything can print it: their values before the deploy (the new ones are masked at input time). The v1
 * settings answer (`GET /apps/{appId}/environments/{mode}/settings`,
 * https://docs.mendix.com/apidocs-mxsdk/apidocs/deploy-api/) gives each constant its `Value` and, beside it, the
 * `DeployedValue` the running app has: every field but the name and the type is masked.
 */
import type { Deadline } from '../deadline.js'
import type { MendixHttp } from '../http.js'
import type { NameValue } from '../input-checks.js'
import { maskFoundValues, secretNames } from '../masking.js'
import { MendixCloudApi, type CloudSettingsDocument } from './api.js'

/** The fields of a constant that say what it is, not what it holds. */
const DESCRIPTIVE = new Set(['Name', 'DataType'])

/** What the settings hold for the constants marked secret. */
export function secretConstantValues(
  settings: CloudSettingsDocument,
  constants: readonly NameValue[]
): unknown[] {
  const names = secretNames(constants)
  return (Array.isArray(settings.Constants) ? settings.Constants : [])
    .filter(constant => names.has(constant?.Name))
    .flatMap(constant =>
      Object.entries(constant)
        .filter(([key]) => !DESCRIPTIVE.has(key))
        .map(([, v]) => v)
    )
}

export class SecretMaskingCloudApi extends MendixCloudApi {
  constructor(
    http: MendixHttp,
    apiUrl: string,
    appId: string,
    private readonly constants: readonly NameValue[]
  ) {
    super(http, apiUrl, appId)
  }

  override async getSettings(mode: string, deadline: Deadline): Promise<CloudSettingsDocument> {
    const settings = await super.getSettings(mode, deadline)
    maskFoundValues(secretConstantValues(settings, this.constants))
    return settings
  }
}
