/** Finds the environment the user named (by id or display name, optionally by namespace) in the app's list. */
import { InputError } from '../errors.js'
import type { EnvironmentAddress } from './deploy-api.js'
import { factsOf, type Manifest, type ManifestFacts } from './manifest.js'

export interface ResolvedEnvironment extends EnvironmentAddress {
  name: string
  facts: ManifestFacts
}

function describe(facts: ManifestFacts): string {
  return `"${facts.name ?? '?'}" (id ${facts.id ?? '?'}, namespace ${facts.namespace ?? facts.namespaceId ?? '?'})`
}

/** Picks exactly one environment or throws an InputError that lists the ones that exist. */
export function resolveEnvironment(
  manifests: Manifest[],
  wanted: string,
  namespace?: string,
  input = 'environment'
): ResolvedEnvironment {
  const all = manifests.map(factsOf)
  const inNamespace = namespace
    ? all.filter(f => f.namespaceId === namespace || f.namespace === namespace)
    : all
  let matches = inNamespace.filter(f => f.id === wanted)
  if (matches.length === 0) matches = inNamespace.filter(f => f.name === wanted)
  if (matches.length === 0) matches = inNamespace.filter(f => f.name?.toLowerCase() === wanted.toLowerCase())

  const known = all.length ? all.map(describe).join(', ') : 'none (is the token of a member of this app?)'
  if (matches.length === 0) {
    const where = namespace ? ` in namespace '${namespace}'` : ''
    throw new InputError([
      `Input '${input}': no environment with id or name '${wanted}'${where}. The app's environments: ${known}.`
    ])
  }
  if (matches.length > 1) {
    throw new InputError([
      `Input '${input}': '${wanted}' matches ${matches.length} environments: ${matches.map(describe).join(', ')}. ` +
        "Give the environment's id, or set the 'namespace' input."
    ])
  }
  const [facts] = matches
  if (!facts.id || !facts.namespaceId) {
    throw new Error(
      `The environment ${describe(facts)} has no id or namespace id in its manifest, so it cannot be updated.`
    )
  }
  return { environmentId: facts.id, namespaceId: facts.namespaceId, name: facts.name ?? facts.id, facts }
}
