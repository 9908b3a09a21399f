/** Starts an emulator and runs the bundled action against it, as end-to-end tests need again and again. */
import { SEED, startEmulator, type Emulator, type EmulatorOptions } from '../../emulator/index.js'
import { runAction, type RunOptions, type RunResult } from '../../scripts/run-action.js'
import type { Manifest } from '../../emulator/state.js'

export const HEAD = SEED.revisions[SEED.revisions.length - 1]

/** Inputs for a deploy of the head revision to the test environment of the seeded app. */
export function defaultInputs(emulator: Emulator): Record<string, string> {
  return {
    token: emulator.token,
    appId: SEED.appId,
    branch: SEED.branch,
    revision: HEAD,
    environment: SEED.environments.test.name,
    apiUrl: emulator.url,
    repositoryApiUrl: emulator.repositoryUrl
  }
}

/** Inputs for target mendix-cloud, against the emulator's v1 API, on top of the defaults above. */
export function cloudInputs(emulator: Emulator, extra: Record<string, string> = {}): Record<string, string> {
  return {
    target: 'mendix-cloud',
    token: '',
    username: SEED.cloud.username,
    apiKey: SEED.cloud.apiKey,
    appId: SEED.cloud.appId,
    environment: 'Production',
    apiUrl: emulator.cloudUrl,
    ...extra
  }
}

/**
 * Short jobs keep end-to-end runs to seconds; each job still moves created -> running -> finished. The action
 * polls at most every 0.5 s, so longer jobs would only add waiting: a build ends by about its first poll.
 */
/**
 * The Mendix Cloud calls that change something, in order: the shared ones plus `also` (e.g. cloudUpload,
 * backupCreate). A transport sent within moments of the build's end is refused with 503 (the MDA is still being
 * processed) and changes nothing; whether one is refused depends on the machine's speed, so refused ones are left
 * out, and runs of transports and of start-status polls count once.
 */
export function cloudChanges(emulator: Emulator, also: string[] = []): string[] {
  const wanted = new Set([
    'cloudBuild',
    ...also,
    'cloudStop',
    'cloudTransport',
    'cloudSetSettings',
    'cloudStart',
    'cloudStartStatus'
  ])
  return emulator.traffic
    .filter(t => !(t.operation === 'cloudTransport' && t.status === 503))
    .map(t => t.operation as string)
    .filter(op => wanted.has(op))
    .filter((op, i, all) => !['cloudStartStatus', 'cloudTransport'].includes(op) || all[i - 1] !== op)
}

/** The emulated Mendix Cloud Production environment. */
export function cloudProduction(emulator: Emulator) {
  return emulator.state.cloud.environments.find(e => e.Mode === 'Production')!
}

/** An environment's manifest as the emulator holds it now. */
export function stored(emulator: Emulator, id: string): Manifest {
  return emulator.state.environments.find(m => m.environment.id === id)!
}

/** The deployment part of a manifest: the package and the constants. */
export function deploymentOf(manifest: Manifest) {
  return manifest.environment.deployment as {
    packageId: string
    constants: Array<{ name: string; value: string }>
  }
}

export const QUICK_JOBS = { buildMs: 500, deployMs: 300, otherMs: 100 }

export async function withEmulator<T>(
  options: EmulatorOptions,
  fn: (emulator: Emulator) => Promise<T>
): Promise<T> {
  const emulator = await startEmulator({ durations: QUICK_JOBS, ...options })
  try {
    return await fn(emulator)
  } finally {
    await emulator.close()
  }
}

export async function deploy(
  emulator: Emulator,
  inputs: Record<string, string> = {},
  options: Omit<RunOptions, 'inputs'> = {}
): Promise<RunResult> {
  return runAction({ ...options, inputs: { ...defaultInputs(emulator), ...inputs } })
}

/** The error lines (`::error::`) the action printed, decoded. */
export function errorLines(result: RunResult): string[] {
  return result.stdout
    .split('\n')
    .filter(line => line.startsWith('::error'))
    .map(line =>
      line
        .replace(/^::error[^:]*::/, '')
        .replace(/%0A/g, '\n')
        .replace(/%25/g, '%')
    )
}

/** A distinctive token for secret scans: it must appear nowhere the action prints or writes. */
export const SECRET_TOKEN = 'mxpat-S3CR3T-c0ffee-7f3a9c5e21'

/**
 * Every place the token could leak: stdout, stderr, the output, summary and state files. The one exception is
 * the runner's own `::add-mask::` command, which the runner consumes and never shows: it is how masking works.
 */
export function leaksOf(result: RunResult, secret: string): string[] {
  const places = {
    stdout: result.stdout
      .split('\n')
      .filter(line => !line.startsWith('::add-mask::'))
      .join('\n'),
    stderr: result.stderr,
    outputs: result.files.output,
    summary: result.files.summary,
    state: result.files.state
  }
  return Object.entries(places)
    .filter(([, text]) => text.includes(secret))
    .map(([place]) => place)
}
