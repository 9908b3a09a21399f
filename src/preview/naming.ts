/**
 * How a preview environment is named and marked, and how the action recognises one it created.
 *
 * The Mendix docs (Deploying a Mendix App to a Private Cloud Cluster, "Creating an Environment";
 * https://docs.mendix.com/developerportal/deploy/private-cloud-deploy/) set the rules for an environment's
 * internal name: lowercase letters, digits and dashes, starting and ending with a letter or digit, not starting
 * with `mendix-` or `openshift-`; a name stays taken after its environment is deleted, and one still being
 * deleted cannot be taken again. The Deploy API 4.9.0 caps `environmentId` at 8 characters (4.14.0 at 32), so
 * ids here always fit 8. Each creation gets a fresh random part: an id is never reused.
 */
import { factsOf, type Manifest } from '../private-cloud/manifest.js'

/** The annotation that marks an environment as a preview this action created: `<owner>/<repo>#<pr>`. */
export const MARKER_KEY = 'preview.mendix-deploy-action.github.io/pull-request'
/** When the preview was created (ISO 8601), for the sweep's age rule. */
export const CREATED_KEY = 'preview.mendix-deploy-action.github.io/created'
/** Every preview id starts with this, and every preview name with NAME_PREFIX. */
export const ID_PREFIX = 'p'
export const NAME_PREFIX = 'preview-pr'
/** The Deploy API 4.9.0 limit on `environmentId`. */
export const MAX_ID_LENGTH = 8
/** The fewest random characters an id carries, so that two creations for one pull request differ. */
const MIN_RANDOM = 2
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789'
const RESERVED = /^(mendix|openshift)-/
const NAME_RULE = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/

/** Whether a name keeps the documented rules for an environment's internal name (and fits `max`). */
export function isValidEnvironmentName(name: string, max = MAX_ID_LENGTH): boolean {
  return name.length <= max && NAME_RULE.test(name) && !RESERVED.test(name)
}

/** A new id and name for a preview of pull request `pr`, different from every id in `taken`. */
export function newPreviewIdentity(
  pr: number,
  taken: ReadonlySet<string>,
  random: () => number
): { id: string; name: string } {
  // The PR number in decimal while it leaves room for the random part, in base 36 after that.
  const number =
    String(pr).length <= MAX_ID_LENGTH - ID_PREFIX.length - MIN_RANDOM ? String(pr) : pr.toString(36)
  const stem = `${ID_PREFIX}${number}`
  if (stem.length > MAX_ID_LENGTH - MIN_RANDOM)
    throw new Error(`Pull request number ${pr} is too large for a preview environment id.`)
  for (let attempt = 0; attempt < 100; attempt++) {
    let suffix = ''
    while (stem.length + suffix.length < MAX_ID_LENGTH)
      suffix += ALPHABET[Math.floor(random() * ALPHABET.length) % ALPHABET.length]
    const id = `${stem}${suffix}`
    if (!taken.has(id) && isValidEnvironmentName(id)) return { id, name: `${NAME_PREFIX}${pr}-${suffix}` }
  }
  throw new Error(`Could not find a free preview environment id for pull request ${pr}.`)
}

/** The annotations that mark a preview: which repository and pull request it belongs to, and when it was made. */
export function markerAnnotations(
  repository: string,
  pr: number,
  createdAt: Date
): Array<{ key: string; value: string; annotationType: 'Pod' }> {
  return [
    { key: MARKER_KEY, value: `${repository}#${pr}`, annotationType: 'Pod' },
    { key: CREATED_KEY, value: createdAt.toISOString(), annotationType: 'Pod' }
  ]
}

/** A preview environment as the action found it. */
export interface PreviewFacts {
  id: string
  name: string
  namespaceId: string
  pr: number
  createdAt?: number
  production?: boolean
}

function annotation(manifest: Manifest, key: string): string | undefined {
  const environment = (manifest as { environment?: { annotations?: unknown } }).environment
  const list = Array.isArray(environment?.annotations) ? environment.annotations : []
  const found = list.find(a => a && typeof a === 'object' && (a as { key?: unknown }).key === key) as
    { value?: unknown } | undefined
  return typeof found?.value === 'string' ? found.value : undefined
}

/** Whether an environment looks like a preview by its id or name (whether or not it carries the marker). */
export function looksLikePreview(manifest: Manifest): boolean {
  const facts = factsOf(manifest)
  return (facts.name ?? '').startsWith(NAME_PREFIX) || annotation(manifest, MARKER_KEY) !== undefined
}

/**
 * The preview this repository's action created, or undefined: the id prefix, the name prefix and the marker
 * annotation naming this repository must all be there, and it must not be production or the Studio target.
 * Nothing else is ever deleted.
 */
export function previewOf(manifest: Manifest, repository: string): PreviewFacts | undefined {
  const facts = factsOf(manifest)
  const marker = annotation(manifest, MARKER_KEY)
  const match = marker ? /^(.+)#(\d{1,9})$/.exec(marker) : null
  if (!match || match[1] !== repository) return undefined
  const pr = Number(match[2])
  if (!facts.id?.startsWith(ID_PREFIX) || !isValidEnvironmentName(facts.id)) return undefined
  if (!facts.name?.startsWith(`${NAME_PREFIX}${pr}-`)) return undefined
  if (!facts.namespaceId || facts.production !== false) return undefined
  const properties = (manifest as { environment?: { properties?: { defaultStudioTarget?: unknown } } })
    .environment?.properties
  if (properties?.defaultStudioTarget !== false) return undefined
  const created = Date.parse(annotation(manifest, CREATED_KEY) ?? '')
  return {
    id: facts.id,
    name: facts.name,
    namespaceId: facts.namespaceId,
    pr,
    ...(Number.isNaN(created) ? {} : { createdAt: created })
  }
}
