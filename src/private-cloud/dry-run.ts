/**
 * The Private Cloud dry run: the manifest diff the deploy would apply, in the log and the job summary, with
 * nothing built or changed. The values of settings marked `secret` read `***` on both sides of the diff (the
 * old value included: the README runs a dry run on every pull request), and the old ones are masked besides,
 * as every manifest read does (secret-settings.ts).
 */
import type { FlowDeps } from './deps.js'
import type { EnvironmentHandle, ManifestChange } from './environment-handle.js'
import { diffManifests, factsOf } from './manifest.js'
import { secretValuePaths, type ManifestSettings } from './secret-settings.js'

/** Reads the manifest and shows what `change` would make of it; changes nothing. */
export async function showDryRun(
  handle: EnvironmentHandle,
  change: ManifestChange,
  settings: ManifestSettings,
  deps: Pick<FlowDeps, 'log' | 'progress'>
): Promise<void> {
  const { log, progress } = deps
  const manifest = await handle.read()
  progress.output('previousPackageId', factsOf(manifest).packageId)
  const diff = diffManifests(manifest, change.apply(manifest), secretValuePaths(settings))
  const lines = diff.length
    ? diff
    : ['(no change: the environment already has this package and these settings)']
  lines.forEach(line => log.info(line))
  progress.sections.push({ title: `Dry run: the manifest changes for "${handle.name}"`, lines })
  log.info('Dry run: nothing was built, and nothing was changed.')
}
