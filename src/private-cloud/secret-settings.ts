/**
 * What a Private Cloud manifest holds that must never be printed, and the Deploy API client that masks it as each
 * manifest is read, before anything can print it:
 * - the values of the constants and environment variables the inputs mark `secret` (what they held before the
 *   deploy; the new values are masked at input time);
 * - the runtime secrets and client certificates. Deploy API 4.14 says a manifest GET omits
 *   `runtime.subscriptionSecret`, `debuggerPassword` and `mxAdminPassword`, but 4.9's examples return them, and
 *   `network.outgoingConnectionCertificate[]` carries a password and a key
 *   (https://docs.mendix.com/apidocs-mxsdk/apidocs/private-cloud-deploy-api/).
 */
import type { Deadline } from '../deadline.js'
import type { MendixHttp } from '../http.js'
import type { NameValue } from '../input-checks.js'
import { maskFoundValues, secretNames } from '../masking.js'
import { DeployApi, type EnvironmentAddress } from './deploy-api.js'
import type { Manifest } from './manifest.js'

/** The settings a deploy writes into a manifest; those given as `secret Name=value` are secret. */
export interface ManifestSettings {
  constants: readonly NameValue[]
  environmentVariables: readonly NameValue[]
}

/** Where each kind of setting lives in a manifest: a list of `{name, value}` under `environment`. */
const PLACES = [
  { input: 'constants', section: 'deployment', list: 'constants' },
  { input: 'environmentVariables', section: 'runtime', list: 'environmentVariables' }
] as const

const RUNTIME_SECRETS = ['subscriptionSecret', 'debuggerPassword', 'mxAdminPassword'] as const

/** The value Deploy API 4.14 documents for clearing a runtime secret: base64 of `---`, no secret. */
const CLEARED = 'LS0t'

type JsonObject = Record<string, unknown>

function object(value: unknown): JsonObject {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : {}
}

function list(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.map(object) : []
}

/**
 * The paths of the secret settings' values as `diffManifests` names them (list items keyed by their name), e.g.
 * `environment.deployment.constants.Orders.ApiKey.value`.
 */
export function secretValuePaths(settings: ManifestSettings): string[] {
  return PLACES.flatMap(place =>
    [...secretNames(settings[place.input])].map(
      name => `environment.${place.section}.${place.list}.${name}.value`
    )
  )
}

/** The decoded text of a base64 value, when it is base64 of UTF-8 text. */
function decodedText(value: string): string | undefined {
  if (value === CLEARED || !/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.length % 4 !== 0) return undefined
  const text = Buffer.from(value, 'base64').toString('utf8')
  return Buffer.from(text, 'utf8').toString('base64') === value ? text : undefined
}

/**
 * Every value in the manifest that must not be printed: what the secret settings hold, the runtime secrets
 * (base64, and the text they encode) and the client certificates' passwords and keys.
 */
export function secretValuesIn(manifest: Manifest, settings: ManifestSettings): unknown[] {
  const environment = object(manifest.environment)
  const values: unknown[] = []
  for (const place of PLACES) {
    const names = secretNames(settings[place.input])
    for (const item of list(object(environment[place.section])[place.list]))
      if (typeof item.name === 'string' && names.has(item.name)) values.push(item.value)
  }
  const runtime = object(environment.runtime)
  for (const field of RUNTIME_SECRETS) {
    const value = runtime[field]
    if (typeof value !== 'string' || value === CLEARED) continue
    values.push(value, decodedText(value))
  }
  for (const certificate of list(object(environment.network).outgoingConnectionCertificate)) {
    const password = certificate.password
    values.push(password, certificate.key)
    if (typeof password === 'string') values.push(decodedText(password))
  }
  return values
}

/** The Deploy API client whose every manifest read masks the manifest's secrets before returning it. */
export class SecretMaskingDeployApi extends DeployApi {
  constructor(
    http: MendixHttp,
    appId: string,
    private readonly settings: ManifestSettings
  ) {
    super(http, appId)
  }

  override async listEnvironments(deadline: Deadline): Promise<Manifest[]> {
    const manifests = await super.listEnvironments(deadline)
    for (const manifest of manifests) maskFoundValues(secretValuesIn(manifest, this.settings))
    return manifests
  }

  override async getManifest(address: EnvironmentAddress, deadline: Deadline): Promise<Manifest> {
    const manifest = await super.getManifest(address, deadline)
    maskFoundValues(secretValuesIn(manifest, this.settings))
    return manifest
  }
}
