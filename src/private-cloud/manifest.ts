/** Reading and changing a Private Cloud environment manifest without losing any field of it. */
import type { NameValue } from '../inputs.js'

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

/** A copy of the manifest with one field of `environment.<section>` set and every other field as it was. */
function withField(
  manifest: Manifest,
  section: 'deployment' | 'container',
  field: string,
  value: unknown
): Manifest {
  const copy = structuredClone(manifest)
  const target = objectAt(objectAt(copy, 'environment'), section)
  if (!target)
    throw new Error(`The environment manifest has no environment.${section} object to set ${field} in.`)
  target[field] = value
  return copy
}

/** A copy of the manifest with `environment.deployment.packageId` set and every other field as it was. */
export function withPackageId(manifest: Manifest, packageId: string): Manifest {
  return withField(manifest, 'deployment', 'packageId', packageId)
}

/** What a deploy changes in a manifest: the package, and optionally constants, environment variables and instances. */
export interface DeployChanges {
  packageId: string
  constants?: NameValue[]
  environmentVariables?: NameValue[]
  /** `container.instances`; undefined keeps the count the environment has. */
  instances?: number
}

function arrayAt(parent: Record<string, unknown>, key: string): Array<Record<string, unknown>> {
  if (!Array.isArray(parent[key])) parent[key] = []
  return parent[key] as Array<Record<string, unknown>>
}

/** The names of the constants the manifest has. */
export function knownConstants(manifest: Manifest): string[] {
  const constants = objectAt(objectAt(manifest, 'environment'), 'deployment')?.constants
  return Array.isArray(constants) ? constants.map(c => String((c as { name?: unknown }).name)) : []
}

/** A copy of the manifest with the deploy's changes made and every other field as it was. */
export function withDeployChanges(manifest: Manifest, changes: DeployChanges): Manifest {
  const scaled = changes.instances === undefined ? manifest : withInstances(manifest, changes.instances)
  const copy = withPackageId(scaled, changes.packageId)
  const environment = objectAt(copy, 'environment')!
  const deployment = objectAt(environment, 'deployment')!
  for (const constant of changes.constants ?? []) {
    const target = arrayAt(deployment, 'constants').find(c => c.name === constant.name)
    if (target) target.value = constant.value
  }
  if (changes.environmentVariables?.length) {
    if (!objectAt(environment, 'runtime')) environment.runtime = {}
    const variables = arrayAt(objectAt(environment, 'runtime')!, 'environmentVariables')
    for (const variable of changes.environmentVariables) {
      const target = variables.find(v => v.name === variable.name)
      if (target) target.value = variable.value
      else variables.push({ name: variable.name, value: variable.value })
    }
  }
  return copy
}

/** Whether the manifest already holds every change (the package, constant and variable values). */
export function holdsChanges(manifest: Manifest, changes: DeployChanges): boolean {
  const expected = withDeployChanges(manifest, changes)
  return JSON.stringify(expected) === JSON.stringify(manifest)
}

/**
 * The rollback of a deploy: a copy of `current` with every field the deploy changes put back as it was in
 * `before` (the package, the instance count, the constants and environment variables the deploy set; a variable
 * the deploy added is removed), and every other field as it is now.
 */
export function withFieldsRestored(current: Manifest, before: Manifest, changes: DeployChanges): Manifest {
  const copy = structuredClone(current)
  const was = structuredClone(before)
  const deployment = objectAt(objectAt(copy, 'environment'), 'deployment')
  const container = objectAt(objectAt(copy, 'environment'), 'container')
  const oldDeployment = objectAt(objectAt(was, 'environment'), 'deployment')
  const oldContainer = objectAt(objectAt(was, 'environment'), 'container')
  if (!deployment || !container || !oldDeployment || !oldContainer) {
    throw new Error(
      'The environment manifest has no environment.deployment or environment.container to restore.'
    )
  }
  deployment.packageId = oldDeployment.packageId
  // A restart changes the count for a while too: the count from before is the one to have.
  if (oldContainer.instances !== undefined) container.instances = oldContainer.instances
  const oldConstants = Array.isArray(oldDeployment.constants) ? oldDeployment.constants : []
  for (const constant of changes.constants ?? []) {
    const target = arrayAt(deployment, 'constants').find(c => c.name === constant.name)
    const old = oldConstants.find(c => (c as { name?: unknown }).name === constant.name) as
      { value?: unknown } | undefined
    if (target && old) target.value = old.value
  }
  const runtime = objectAt(objectAt(copy, 'environment'), 'runtime')
  const oldRuntime = objectAt(objectAt(was, 'environment'), 'runtime')
  const oldVariables = Array.isArray(oldRuntime?.environmentVariables) ? oldRuntime.environmentVariables : []
  if (runtime && changes.environmentVariables?.length) {
    const variables = arrayAt(runtime, 'environmentVariables')
    for (const variable of changes.environmentVariables) {
      const index = variables.findIndex(v => v.name === variable.name)
      const old = oldVariables.find(v => (v as { name?: unknown }).name === variable.name) as
        { value?: unknown } | undefined
      if (index === -1) continue
      if (old) variables[index].value = old.value
      else variables.splice(index, 1)
    }
  }
  return copy
}

/** Whether `current` already has every field the deploy changes as it was in `before`. */
export function holdsFieldsOf(current: Manifest, before: Manifest, changes: DeployChanges): boolean {
  return JSON.stringify(withFieldsRestored(current, before, changes)) === JSON.stringify(current)
}

/** A copy with `environment.container.instances` set: 0 stops the app, N starts N instances. */
export function withInstances(manifest: Manifest, instances: number): Manifest {
  return withField(manifest, 'container', 'instances', instances)
}

/** An array item's place in a diff path: its `name` when that is a string (constants, variables), else its index. */
function itemKey(item: unknown, index: number): string {
  const name = (item as { name?: unknown } | null)?.name
  return typeof name === 'string' ? name : String(index)
}

function flatten(value: unknown, path: string, out: Map<string, string>): void {
  if (value && typeof value === 'object') {
    const entries = Array.isArray(value)
      ? value.map((v, i) => [itemKey(v, i), v] as const)
      : Object.entries(value)
    if (entries.length === 0) out.set(path, JSON.stringify(value))
    for (const [key, inner] of entries) flatten(inner, path ? `${path}.${key}` : key, out)
  } else out.set(path, JSON.stringify(value))
}

/** What a masked value reads as in a diff. */
export const MASKED = '***'

/**
 * A readable, colourless diff of two manifests: one `- path: old` / `+ path: new` pair per changed value.
 * Array items with a `name` are keyed by it, so a changed constant reads as `deployment.constants.X.value`.
 * A value at one of `secretPaths` (or within it) reads as `***` on both sides, whatever it was: masking by place,
 * not by text, also hides an old value nobody registered and one too short to search for.
 */
export function diffManifests(
  before: Manifest,
  after: Manifest,
  secretPaths: readonly string[] = []
): string[] {
  const a = new Map<string, string>()
  const b = new Map<string, string>()
  flatten(before, '', a)
  flatten(after, '', b)
  const secret = (path: string) => secretPaths.some(p => path === p || path.startsWith(`${p}.`))
  const shown = (path: string, value: string) => (secret(path) ? MASKED : value)
  const lines: string[] = []
  for (const path of new Set([...a.keys(), ...b.keys()])) {
    if (a.get(path) === b.get(path)) continue
    if (a.has(path)) lines.push(`- ${path}: ${shown(path, a.get(path)!)}`)
    if (b.has(path)) lines.push(`+ ${path}: ${shown(path, b.get(path)!)}`)
  }
  return lines
}
