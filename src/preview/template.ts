/**
 * A preview's manifest, made from its template's. The Deploy API docs' own recipe for a new environment
 * (https://docs.mendix.com/apidocs-mxsdk/apidocs/private-cloud-deploy-api/, "create environment": copy an
 * existing environment's manifest and change its id, name, app URL and package) is followed, with rules that
 * keep a preview from acting as its template:
 * - copied: container resources, runtime settings (version, environment variables, custom settings),
 *   constants, scheduled events, log levels, `provider` and `services`;
 * - not copied: client certificates (they carry a key and a password) unless asked for, runtime secrets
 *   (admin and debugger passwords, the subscription secret: the `subscriptionSecret` input gives its own, which
 *   is sent base64-encoded, as the Deploy API 4.14 types `runtime.subscriptionSecret`),
 *   and the template's annotations and deployment strategy;
 * - dropped as read-only or state: `container.state`, `lastRunningInstanceCount`, `environmentPurpose`;
 * - never production, never the default Studio Pro target.
 */
import { InputError } from '../errors.js'
import type { NameValue } from '../input-checks.js'
import { factsOf, withDeployChanges, type Manifest } from '../private-cloud/manifest.js'
import { markerAnnotations } from './naming.js'

type JsonObject = { [key: string]: unknown }

function object(value: unknown): JsonObject {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : {}
}

function pick(source: JsonObject, keys: readonly string[]): JsonObject {
  return Object.fromEntries(keys.filter(key => key in source).map(key => [key, structuredClone(source[key])]))
}

/**
 * Deploy API 4.14 types the runtime secrets as base64 strings (`LS0t`, base64 of `---`, clears one):
 * https://docs.mendix.com/apidocs-mxsdk/apidocs/private-cloud-deploy-api/ (environment manifest, `runtime`).
 */
const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64')

/** Refuses a production template unless `allowed` repeats its name (or id): before anything is created. */
export function checkNotProduction(template: Manifest, allowed: string | undefined): void {
  const facts = factsOf(template)
  if (facts.production !== true) return
  if (allowed !== undefined && (allowed === facts.name || allowed === facts.id)) return
  throw new InputError([
    `Input 'previewFrom': environment "${facts.name ?? facts.id}" is a production environment. A preview copies its constants, so it would talk to production integrations. ` +
      `Name a test environment as previewFrom, or opt in with previewAllowProduction: ${facts.name ?? facts.id}.`
  ])
}

/** Refuses a template with a Dedicated service plan: such a plan serves one environment, so a copy cannot have it. */
export function checkOnDemandPlans(template: Manifest): void {
  const services = object(template.environment).services
  const dedicated = (Array.isArray(services) ? services : [])
    .map(object)
    .filter(service => service.plan === 'Dedicated')
    .map(service => String(service.name))
  if (dedicated.length === 0) return
  const facts = factsOf(template)
  throw new InputError([
    `Input 'previewFrom': environment "${facts.name ?? facts.id}" uses the Dedicated plan for service ${dedicated.join(', ')}. ` +
      'A Dedicated plan serves one environment only, so previews need OnDemand plans: name a template whose services all use OnDemand plans.'
  ])
}

/** The app URL of a preview: the template's, with its first host label replaced by the preview's name. */
export function previewAppUrl(templateUrl: string | undefined, name: string): string {
  try {
    const url = new URL(templateUrl ?? '')
    const [, ...rest] = url.hostname.split('.')
    url.hostname = rest.length ? [name, ...rest].join('.') : name
    return url.toString().replace(/\/$/, '')
  } catch {
    // No usable template URL: the operator gives the environment one.
    return ''
  }
}

export interface PreviewSpec {
  id: string
  name: string
  repository: string
  pr: number
  createdAt: Date
  copyCertificates: boolean
  /** The plain subscription secret, as the user gives it; the manifest carries it base64-encoded. */
  subscriptionSecret?: string
  constants: NameValue[]
  environmentVariables: NameValue[]
}

/** The create body: the template's manifest with the rules above. */
export function previewManifest(template: Manifest, spec: PreviewSpec): Manifest {
  const source = object(template.environment)
  const properties = object(source.properties)
  const deployment = object(source.deployment)
  const container = object(source.container)
  const runtime = object(source.runtime)
  const network = object(source.network)
  const environment: JsonObject = {
    id: spec.id,
    properties: {
      name: spec.name,
      production: false,
      defaultStudioTarget: false,
      secretsStoreEnabled: properties.secretsStoreEnabled === true,
      ...pick(properties, ['OverwriteProductTypePCLM'])
    },
    deployment: {
      appUrl: previewAppUrl(typeof deployment.appUrl === 'string' ? deployment.appUrl : undefined, spec.name),
      packageId: typeof deployment.packageId === 'string' ? deployment.packageId : '',
      ...pick(deployment, ['constants', 'scheduledEvents', 'appLogLevels'])
    },
    container: {
      // One instance is enough for a preview; the template's resources are kept.
      instances: 1,
      ...pick(container, ['coreResources'])
    },
    runtime: {
      ...pick(runtime, ['runtimeVersion', 'environmentVariables', 'customRuntimeSettings']),
      ...(spec.subscriptionSecret ? { subscriptionSecret: base64(spec.subscriptionSecret) } : {})
    },
    provider: structuredClone(source.provider),
    services: structuredClone(source.services),
    annotations: markerAnnotations(spec.repository, spec.pr, spec.createdAt),
    ...pick(source, ['runtimeMetricsConfiguration'])
  }
  if (spec.copyCertificates && Array.isArray(network.outgoingConnectionCertificate)) {
    environment.network = {
      outgoingConnectionCertificate: structuredClone(network.outgoingConnectionCertificate)
    }
  }
  const manifest: Manifest = {
    manifestVersion: typeof template.manifestVersion === 'string' ? template.manifestVersion : '2.0.0',
    environment
  }
  // The user's constants and environment variables, as for a deploy.
  return withDeployChanges(manifest, {
    packageId: String(object(environment.deployment).packageId),
    constants: spec.constants,
    environmentVariables: spec.environmentVariables
  })
}
