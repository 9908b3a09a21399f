/** Reading and changing a Private Cloud environment manifest without losing any field of it. */

/** A manifest exactly as the Deploy API returned it: fields this action does not know are kept. */
export type Manifest = { [key: string]: unknown }

function objectAt(value: unknown, key: string): { [key: string]: unknown } | undefined {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const inner = (value as Record<string, unknown>)[key]
    if (inner && typeof inner === 'object' && !Array.isArray(inner)) return inner as Record<string, unknown>
  }
  return undefined
}

function stringAt(value: unknown, key: string): string | undefined {
  const inner = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined
  return typeof inner === 'string' ? inner : undefined
}

/** The fields of a manifest the action reads, each possibly missing in an odd answer. */
export interface ManifestFacts {
  id?: string
  name?: string
  production?: boolean
  namespaceId?: string
  namespace?: string
  packageId?: string
  appUrl?: string
  state?: string
  instances?: number
}

export function factsOf(manifest: Manifest): ManifestFacts {
  const environment = objectAt(manifest, 'environment')
  const properties = objectAt(environment, 'properties')
  const provider = objectAt(environment, 'provider')
  const deployment = objectAt(environment, 'deployment')
  const container = objectAt(environment, 'container')
  return {
    id: stringAt(environment, 'id'),
    name: stringAt(properties, 'name'),
    production: typeof properties?.production === 'boolean' ? properties.production : undefined,
    namespaceId: stringAt(provider, 'namespaceId'),
    namespace: stringAt(provider, 'namespace'),
    packageId: stringAt(deployment, 'packageId'),
    appUrl: stringAt(deployment, 'appUrl'),
    state: stringAt(container, 'state'),
    instances: typeof container?.instances === 'number' ? container.instances : undefined
  }
}

/** A copy of the manifest with `environment.deployment.packageId` set and every other field as it was. */
export function withPackageId(manifest: Manifest, packageId: string): Manifest {
  const copy = structuredClone(manifest)
  const deployment = objectAt(objectAt(copy, 'environment'), 'deployment')
  if (!deployment)
    throw new Error('The environment manifest has no environment.deployment object to set the package in.')
  deployment.packageId = packageId
  return copy
}
