/**
 * Every input of the action, declared once. The table drives the parsing (each row's `parse`), the check
 * that an input belongs to the target it is given for (`targets`), the masking of secrets (`secret`), the
 * settings' types (inputs.ts derives them from the rows), and action.yml's inputs, from which the README's
 * table is made: `npm run docs` writes both, and a test holds them to this table.
 *
 * To add an input: add a row here, use the new settings field where it matters, and run `npm run docs`.
 */
import {
  checkApiUrl,
  checkBoolean,
  checkCount,
  checkHealthPath,
  checkHours,
  checkInstances,
  checkNeedsRunningApp,
  checkNeedsWait,
  checkPackageFile,
  checkPreviewMode,
  checkStatus,
  checkText,
  checkTimeout,
  checkSecretWord,
  DEFAULT_API_URL,
  DEFAULT_MENDIX_CLOUD_API_URL,
  MODE,
  parseNameValues,
  parseVersion,
  quote,
  SUBDOMAIN,
  UUID
} from './input-checks.js'
import {
  DEFAULT_MXBUILD_URL,
  parseBuildMode,
  parseJavaHome,
  parseMprFile,
  parseMxBuildSha256,
  parseMxBuildUrl,
  parseRunnerFlag
} from './mxbuild/settings.js'
import { DEFAULT_REPOSITORY_API_URL } from './repository.js'
import { parseUnitTestsFlag, parseUnitTestsPassword, parseUnitTestsUrl } from './unit-tests/settings.js'
import type { VersionChoice } from './versions.js'

export type Target = 'private-cloud' | 'mendix-cloud'
export const TARGETS: readonly Target[] = ['private-cloud', 'mendix-cloud']

/** What the workflow run tells about itself, from the runner's GITHUB_* variables. */
export interface RunContext {
  repository: string
  sha: string
  ref: string
  runId: string
  runAttempt: string
  serverUrl: string
  workflow: string
  runNumber: string
}

/** What a row's `parse` gets besides its raw value. */
export interface ParseContext {
  target: Target
  run: RunContext
  /** Where a parser adds a problem: a sentence naming the input and what is allowed. */
  problems: string[]
  /** Another input's raw value, for a default taken from it. */
  input(name: string): string
}

type Parser<T> = (raw: string, context: ParseContext) => T

export interface InputRow {
  /** action.yml's description; the README shows it. */
  description: string
  /** The targets the input belongs to; given for another target, it is refused. Absent: both. */
  targets?: readonly Target[]
  /** action.yml's `required` (the runner does not enforce it; the parser does). */
  required?: boolean
  /** action.yml's default, passed by the runner when the input is not given. */
  default?: string
  /**
   * A secret: masked before anything runs, and redacted from everything the step writes. `true` masks each word
   * of a malformed value too (tokens and keys are single words); `'whole'` masks the value as given.
   */
  secret?: true | 'whole'
  /** One parser for every target, or one for each. */
  parse: Parser<unknown> | { [T in Target]: Parser<unknown> }
  /**
   * The names this input had before a rename. To rename an input, give its row the new name and list the old one
   * here: action.yml declares the old name with a `deprecationMessage` (the runner warns when a workflow uses it),
   * the step still reads it (INPUT_<OLD>) and warns naming both names, and giving both is an error. A workflow on
   * the same major version keeps working; the next major drops the old name.
   */
  formerNames?: readonly string[]
  /**
   * Set when the input itself is on its way out: action.yml's `deprecationMessage`, which the runner logs as a
   * warning when a workflow gives the input; the step warns with it too.
   */
  deprecationMessage?: string
}

/** The release tag's version: `v1.4.2` or `1.4.2`. */
export function versionFromRef(ref: string): string | undefined {
  return /^refs\/tags\/v?(\d+\.\d+\.\d+)$/.exec(ref)?.[1]
}

function text(name: string, value: string, max: number, c: ParseContext): string {
  checkText(name, value, max, c.problems)
  return value
}

function optionalText(name: string, value: string, max: number, c: ParseContext): string | undefined {
  if (value === '') return undefined
  return text(name, value, max, c)
}

function secretWord(name: string, value: string, example: string, c: ParseContext): string {
  checkSecretWord(name, value, example, c.problems)
  return value
}

function environmentName(raw: string, c: ParseContext): string {
  // A preview's environment is chosen per pull request, not named.
  if (c.input('preview') !== '') {
    if (raw !== '')
      c.problems.push(
        `Input 'environment' is not used with preview: each pull request gets its own environment, copied from previewFrom; remove it.`
      )
    return raw
  }
  checkText('environment', raw, 100, c.problems)
  if (raw.includes('/') || raw.includes('\\') || raw.includes('..')) {
    c.problems.push(
      `Input 'environment' must be an environment id or name without '/', '\\' or '..'; got ${quote(raw)}.`
    )
  }
  return raw
}

function environmentMode(raw: string, c: ParseContext): string {
  environmentName(raw, c)
  if (raw !== '' && !MODE.test(raw)) {
    c.problems.push(
      `Input 'environment' must be Test, Acceptance, Production or a flexible environment's name for target mendix-cloud; got ${quote(raw)}.`
    )
  }
  return raw
}

function privateCloudAppId(raw: string, c: ParseContext): string {
  if (raw === '') {
    c.problems.push(
      "Input 'appId' is required: the app's UUID, shown as App ID on the app's General Settings in the Mendix Portal."
    )
  } else if (SUBDOMAIN.test(raw) && !UUID.test(raw)) {
    c.problems.push(
      `Input 'appId' must be the app's UUID for target private-cloud; ${quote(raw)} looks like a Mendix Cloud subdomain: for an app on the classic Mendix Cloud, set target: mendix-cloud.`
    )
  } else if (!UUID.test(raw)) {
    c.problems.push(
      `Input 'appId' must be the app's UUID (App ID in the Mendix Portal), e.g. 4b1ad3c2-7f0e-4d8a-9c55-2e6f1a8b9d70; got ${quote(raw)}.`
    )
  }
  return raw.toLowerCase()
}

function mendixCloudAppId(raw: string, c: ParseContext): string {
  if (raw === '') {
    c.problems.push(
      "Input 'appId' is required for target mendix-cloud: the app's subdomain, e.g. orders-demo."
    )
  } else if (!SUBDOMAIN.test(raw)) {
    c.problems.push(
      `Input 'appId' must be the app's subdomain for target mendix-cloud, e.g. orders-demo; got ${quote(raw)}.`
    )
  }
  return raw.toLowerCase()
}

export const INPUTS = {
  target: {
    description:
      'Where the app runs - private-cloud (Mendix for Private Cloud, v4 APIs) or mendix-cloud (the classic Mendix Cloud, v1 APIs).',
    default: 'private-cloud',
    parse: (raw): Target => (raw || 'private-cloud') as Target
  },
  token: {
    description:
      'Mendix personal access token (PAT); pass it from a secret. private-cloud (required) - scopes mx:privatecloud-build:write, mx:modelrepository:write and mx:deployment:write, plus mx:modelrepository:repo:read for revision latest and branch checks. mendix-cloud (optional) - scope mx:modelrepository:repo:read, needed for revision latest and used to check the branch name.',
    secret: true,
    parse: {
      'private-cloud': (raw, c) => secretWord('token', raw, '${{ secrets.MENDIX_TOKEN }}', c),
      'mendix-cloud': (raw, c) =>
        raw === '' ? undefined : secretWord('token', raw, '${{ secrets.MENDIX_TOKEN }}', c)
    }
  },
  username: {
    description: 'mendix-cloud - the Mendix login the API key belongs to.',
    targets: ['mendix-cloud'],
    parse: (raw, c) => {
      if (raw === '' || /\s/.test(raw))
        c.problems.push(
          "Input 'username' is required for target mendix-cloud: the Mendix login the API key belongs to."
        )
      return raw
    }
  },
  apiKey: {
    description: "mendix-cloud - the user's Mendix API key (sent as Mendix-ApiKey). Pass it from a secret.",
    targets: ['mendix-cloud'],
    secret: true,
    parse: (raw, c) => secretWord('apiKey', raw, '${{ secrets.MENDIX_API_KEY }}', c)
  },
  appId: {
    description:
      "private-cloud - the app's ID (a UUID, App ID in the Mendix Portal). mendix-cloud - the app's subdomain, e.g. orders-demo.",
    required: true,
    parse: { 'private-cloud': privateCloudAppId, 'mendix-cloud': mendixCloudAppId }
  },
  branch: {
    description:
      'The Team Server branch to build, e.g. main (Git) or trunk (SVN), feature-x or branches/feature-x; either spelling is accepted and sent in the form each build API expects. 1 to 200 characters.',
    default: 'main',
    parse: (raw, c) => text('branch', raw, 200, c)
  },
  revision: {
    description:
      'The Team Server revision to build (a Git hash or an SVN number, 1 to 50 characters), or latest for the branch head, looked up in the App Repository API. Use github.sha only when the GitHub repository mirrors the Team Server one.',
    default: 'latest',
    parse: (raw, c) => {
      // Empty means `latest`: the branch head, looked up in the App Repository API before the build.
      const revision = raw === '' || /^latest$/i.test(raw) ? 'latest' : raw
      return text('revision', revision, 50, c)
    }
  },
  environment: {
    description:
      "Required, except with preview. private-cloud - the environment's internal id (e.g. q8g3ns76) or display name (e.g. test). mendix-cloud - the mode, Test, Acceptance, Production or a flexible environment's name.",
    parse: { 'private-cloud': environmentName, 'mendix-cloud': environmentMode }
  },
  namespace: {
    description:
      'private-cloud - the namespace (id or name) of the environment, when its name alone is ambiguous.',
    targets: ['private-cloud'],
    parse: (raw, c) => optionalText('namespace', raw, 100, c)
  },
  reuse: {
    description:
      'Deploy a package built earlier from the same branch, revision and version instead of building again (a re-run costs seconds). Default true.',
    parse: (raw, c) => checkBoolean('reuse', raw, true, c.problems)
  },
  packageFile: {
    description:
      'Path to an .mda built elsewhere (e.g. with mxbuild) to upload and deploy instead of building; streamed, never read into memory whole. private-cloud - through the Build API upload. mendix-cloud - through the Deploy API v2 upload (at most 1 GB), then transported.',
    parse: (raw, c) => checkPackageFile(raw, c.problems)
  },
  build: {
    description:
      'Where the package is built - service (Mendix builds it from Team Server - the Build API) or runner (MxBuild builds it on this runner from the app in the workspace, for an app kept in your own Git; the package is then uploaded and deployed as with packageFile). runner needs a JDK (actions/setup-java) and is refused on pull_request_target and for code from a fork unless allowUntrustedBuild is true. Outputs mendixVersion and, with sbom, sbomPath.',
    default: 'service',
    parse: (raw, c) => parseBuildMode(raw, c)
  },
  mprFile: {
    description:
      "build runner - the app's .mpr file, relative to the workspace. Default - the one .mpr file in the workspace (none or several is an error that lists what was found).",
    parse: (raw, c) => parseMprFile(raw, c)
  },
  mxbuildUrl: {
    description: `build runner - the base URL MxBuild is downloaded from, for a mirror (an air-gapped or proxy-restricted runner); it must serve mxbuild-<version>.tar.gz as the Mendix CDN does. https only; http is allowed on this machine (localhost, 127.0.0.0/8, ::1, 0.0.0.0). Default ${DEFAULT_MXBUILD_URL}.`,
    parse: (raw, c) => parseMxBuildUrl(raw, c)
  },
  mxbuildSha256: {
    description:
      'build runner - the SHA-256 the MxBuild tarball must have (64 hexadecimal digits); a download that differs is refused before it is extracted. Mendix publishes no checksums, so take it from a download you trust; it pins one Mendix version. Without it the tarball is checked by nothing but https.',
    parse: (raw, c) => parseMxBuildSha256(raw, c)
  },
  javaHome: {
    description:
      'build runner - the JDK MxBuild runs with, a directory with bin/java. Default $JAVA_HOME, as actions/setup-java sets it. The Mendix version decides which Java it needs (for example 21 from Mendix 10.11).',
    parse: (raw, c) => parseJavaHome(raw, c)
  },
  sbom: {
    description:
      'build runner - also write a CycloneDX SBOM of the app (MxBuild --generate-sbom); its path, under RUNNER_TEMP, is the output sbomPath, for actions/upload-artifact or a dependency submission. Default false.',
    parse: (raw, c) => parseRunnerFlag('sbom', raw, c)
  },
  allowUntrustedBuild: {
    description:
      "build runner - build on pull_request_target, or code from a fork, all the same. Building runs the app's own build code (Java compilation, Gradle) on a runner that holds your Mendix credentials; leave it false unless you trust every author whose code this step can build. Default false.",
    parse: (raw, c) => parseRunnerFlag('allowUntrustedBuild', raw, c)
  },
  promoteFrom: {
    description:
      'private-cloud - deploy the package that this environment (id or name) runs now, without building - the test, acceptance, production path.',
    targets: ['private-cloud'],
    parse: (raw, c) => optionalText('promoteFrom', raw, 100, c)
  },
  environmentVariables: {
    description:
      'private-cloud - environment variables to set in the same manifest update, one NAME=value per line; start a line with "secret " to mask its value.',
    targets: ['private-cloud'],
    parse: (raw, c) => parseNameValues('environmentVariables', raw, c.problems)
  },
  rollbackOnFailure: {
    description:
      'Put back what the deploy changed, and check it, when the deploy fails - private-cloud - a failure of the deploy job, readiness, the restart, the health check or the unit tests puts back the package, constants, environment variables and instances; mendix-cloud - any failure after the stop (the transport, the constants, the start, the check after it, the unit tests) puts back the package and the constants, and starts the app again only if it was running before. rolledBack is true only once that is verified. Needs wait true (refused with wait false, which does not see the outcome). Default false.',
    parse: (raw, c) => {
      const on = checkBoolean('rollbackOnFailure', raw, false, c.problems)
      checkNeedsWait('rollbackOnFailure', on, c.input('wait'), "the deploy's outcome is known", c.problems)
      return on
    }
  },
  dryRun: {
    description:
      'Resolve everything and show what the deploy would change (private-cloud - the manifest diff; mendix-cloud - the steps and constant values); build nothing, change nothing. Default false.',
    parse: (raw, c) => checkBoolean('dryRun', raw, false, c.problems)
  },
  restart: {
    description:
      'private-cloud - after the deploy, restart the app (instances to 0, then back). Needs wait true and a running app (refused with wait false or instances 0). Default false.',
    targets: ['private-cloud'],
    parse: (raw, c) => {
      const on = checkBoolean('restart', raw, false, c.problems)
      checkNeedsWait('restart', on, c.input('wait'), 'it would restart the app', c.problems)
      return on
    }
  },
  instances: {
    description:
      'private-cloud - the number of instances the environment runs after the deploy, 0 to 10, set in the same manifest update as the package (container.instances). 0 deploys the package with the app stopped, so healthCheckPath, unitTests and restart are refused with it. Empty keeps the count it has.',
    targets: ['private-cloud'],
    parse: (raw, c) => {
      const instances = checkInstances(raw, c.problems)
      const needsRunning: Array<[string, boolean]> = [
        ['healthCheckPath', c.input('healthCheckPath') !== ''],
        ['unitTests', parseUnitTestsFlag(c.input('unitTests'), [])],
        ['restart', checkBoolean('restart', c.input('restart'), false, [])]
      ]
      for (const [name, used] of needsRunning) checkNeedsRunningApp(name, used, raw, c.problems)
      return instances
    }
  },
  keepPackages: {
    description:
      "private-cloud - after a successful deploy, delete the app's oldest packages beyond this many and wait for each deletion; never the deployed package, one an environment runs, or one created after the deployed package (another run may deploy it). A deletion that fails is a warning, not a failed step. Needs wait true (refused with wait false).",
    targets: ['private-cloud'],
    parse: (raw, c) => {
      const keep = checkCount('keepPackages', raw, c.problems)
      checkNeedsWait(
        'keepPackages',
        keep !== undefined,
        c.input('wait'),
        'old packages would be deleted',
        c.problems
      )
      return keep
    }
  },
  healthCheckPath: {
    description:
      'private-cloud - after the environment is Ready, GET the app URL plus this path (e.g. /health) until it answers healthCheckStatus; a failure counts as a failed deploy (and rolls back with rollbackOnFailure). The check sends no credential, so the app URL may be https or plain http; an app URL on this machine (unless apiUrl is too), with credentials or link-local is refused before the deploy, naming this input. Needs wait true and a running app (refused with wait false or instances 0).',
    targets: ['private-cloud'],
    parse: (raw, c) => {
      const path = checkHealthPath(raw, c.problems)
      checkNeedsWait('healthCheckPath', path !== undefined, c.input('wait'), 'the health check', c.problems)
      return path
    }
  },
  healthCheckStatus: {
    description: 'private-cloud - the HTTP status the health check expects. Default 200.',
    targets: ['private-cloud'],
    parse: (raw, c) => checkStatus(raw, c.problems)
  },
  preview: {
    description:
      "private-cloud - a preview environment per pull request - deploy (on pull_request opened, synchronize, reopened - create the PR's environment from previewFrom if it has none, then build and deploy to it), cleanup (on pull_request closed - delete the PR's environment) or sweep (on a schedule - delete previews whose PR is closed or older than previewMaxAgeHours). Empty - an ordinary deploy to environment. preview - deploy needs wait true.",
    targets: ['private-cloud'],
    parse: (raw, c) => {
      const mode = checkPreviewMode(raw, c.problems)
      checkNeedsWait(
        'preview',
        mode === 'deploy',
        c.input('wait'),
        'the preview is seen running and its pull request told so',
        c.problems
      )
      return mode
    }
  },
  previewFrom: {
    description:
      'private-cloud - the template environment (id or name) a preview is copied from - its resources, runtime settings, constants, scheduled events, provider and services. Needed for preview - deploy; it must not be a production environment (see previewAllowProduction) and must use OnDemand service plans.',
    targets: ['private-cloud'],
    parse: (raw, c) => optionalText('previewFrom', raw, 100, c)
  },
  previewAllowProduction: {
    description:
      "private-cloud - the name of a production environment that previewFrom may name anyway. A preview copies the template's constants, so one copied from production talks to production integrations; opt in only by repeating that environment's name here.",
    targets: ['private-cloud'],
    parse: (raw, c) => optionalText('previewAllowProduction', raw, 100, c)
  },
  previewCopyCertificates: {
    description:
      "private-cloud - copy the template's client certificates (network.outgoingConnectionCertificate, with their keys and passwords) into a preview. Default false.",
    targets: ['private-cloud'],
    parse: (raw, c) => checkBoolean('previewCopyCertificates', raw, false, c.problems)
  },
  previewLimit: {
    description:
      'private-cloud - how many preview environments this repository may have at once; creating one more fails, listing the previews and their pull requests. Default 5.',
    targets: ['private-cloud'],
    parse: (raw, c) => checkCount('previewLimit', raw, c.problems) ?? 5
  },
  previewMaxAgeHours: {
    description:
      'private-cloud - preview - sweep deletes previews created longer ago than this many hours, whatever their pull request. Default 72.',
    targets: ['private-cloud'],
    parse: (raw, c) => checkHours('previewMaxAgeHours', raw, 72, c.problems)
  },
  subscriptionSecret: {
    description:
      'private-cloud - the runtime license (subscription secret) to give a new preview environment, as Mendix gives it (plain text, not base64: the action base64-encodes it, as the Deploy API expects); pass it from a secret. Both forms are masked. Without it (or a license manager) a preview runs unlicensed - at most 6 concurrent users, and it stops after 2 to 4 hours.',
    targets: ['private-cloud'],
    secret: true,
    parse: (raw, c): string | undefined => {
      if (/\s/.test(raw))
        c.problems.push("Input 'subscriptionSecret' must be a single word: check the secret's value.")
      return raw || undefined
    }
  },
  backup: {
    description:
      'mendix-cloud - take a backup (snapshot) before stopping the environment; a failed backup stops the deploy before anything changes. Default false.',
    targets: ['mendix-cloud'],
    parse: (raw, c) => checkBoolean('backup', raw, false, c.problems)
  },
  autoSyncDb: {
    description: 'mendix-cloud - synchronise the database with the model when the app starts. Default true.',
    targets: ['mendix-cloud'],
    parse: (raw, c) => checkBoolean('autoSyncDb', raw, true, c.problems)
  },
  constants: {
    description:
      'Constant values to set with the deploy, one Module.Constant=value per line; start a line with "secret " to mask its value. Unknown names fail the step - private-cloud before anything is built; mendix-cloud after the transport (a new package may bring new constants) and before the start, with an error saying the environment is stopped and how to start it.',
    parse: (raw, c) => parseNameValues('constants', raw, c.problems)
  },
  version: {
    description:
      "Package version: x.y.z, or patch, minor or major - the next version after the highest among the app's packages (their first three numbers; 1.4.10 gives 1.4.11, 1.5.0 or 2.0.0; 1.0.0 when none has one yet), read just before the build. Defaults to the tag's version when the workflow runs on a tag such as v1.4.2; otherwise private-cloud builds without a version and mendix-cloud, which needs one (it becomes a Team Server tag), takes patch. A given or tag version is part of the reuse marker [build <branch>@<revision> v<version>]; an automatic one is not, so a re-run reuses its package. Output version.",
    parse: {
      'private-cloud': (raw, c) => parseVersion(raw, versionFromRef(c.run.ref), c.problems),
      'mendix-cloud': (raw, c): VersionChoice =>
        parseVersion(raw, versionFromRef(c.run.ref), c.problems) ?? { bump: 'patch' }
    }
  },
  description: {
    description: 'Package description. Defaults to the repository, commit and workflow run that built it.',
    parse: (raw, c) => {
      const shortSha = c.run.sha.slice(0, 7)
      return (
        raw ||
        `Built by GitHub Actions from ${c.run.repository}${shortSha ? `@${shortSha}` : ''}, ` +
          `run ${c.run.serverUrl}/${c.run.repository}/actions/runs/${c.run.runId}`
      )
    }
  },
  apiUrl: {
    description:
      'Base URL of the API - https://privatecloud.mendixcloud.com/api/v4 for private-cloud, https://deploy.mendix.com/api/1 for mendix-cloud. https only; http is allowed on this machine (localhost, 127.0.0.0/8, ::1, 0.0.0.0), for a local emulator.',
    parse: (raw, c) =>
      checkApiUrl(
        raw || (c.target === 'private-cloud' ? DEFAULT_API_URL : DEFAULT_MENDIX_CLOUD_API_URL),
        c.problems
      )
  },
  repositoryApiUrl: {
    description:
      'The App Repository API, for branch names and revision latest. Change it only for a local emulator.',
    default: 'https://repository.api.mendix.com/v1',
    parse: (raw, c) => checkApiUrl(raw || DEFAULT_REPOSITORY_API_URL, c.problems, 'repositoryApiUrl')
  },
  githubToken: {
    description:
      'Optional. A token with deployments write permission (e.g. github.token with permissions - deployments - write); when given, the deploy is recorded as a GitHub Deployment with its status and the app URL.',
    secret: true,
    parse: (raw, c): string | undefined => {
      if (/\s/.test(raw))
        c.problems.push("Input 'githubToken' must be a single word: check the token's value.")
      return raw || undefined
    }
  },
  githubEnvironment: {
    description: 'The GitHub environment name for the GitHub Deployment. Defaults to the environment input.',
    parse: (raw, c) => raw || c.input('environment')
  },
  unitTests: {
    description:
      "After the deploy, once the app runs (and answers the health check), run its unit tests through the UnitTesting module's remote API and wait for them within timeoutMinutes. Failed tests fail the step, and count as a failed deploy for rollbackOnFailure. Needs the UnitTesting module with the constants UnitTesting.RemoteApiEnabled true and UnitTesting.RemoteApiPassword set, and the request handler /unittests/ allowed. Default false.",
    parse: (raw, c) => parseUnitTestsFlag(raw, c.problems, c.input('wait'))
  },
  unitTestsPassword: {
    description:
      "The value of the app's constant UnitTesting.RemoteApiPassword, required with unitTests. Pass it from a secret; it is masked and sent only to the app, over https (or http on this machine), never with Mendix credentials.",
    // Masked whole, not word by word: a password may hold spaces, and its words are ordinary ones.
    secret: 'whole',
    parse: (raw, c) => parseUnitTestsPassword(raw, c.problems, parseUnitTestsFlag(c.input('unitTests'), []))
  },
  unitTestsUrl: {
    description:
      "The app URL to call the unit test remote API at (POST <url>/unittests/start and /unittests/status), when not the environment's app URL. https only, since the password is sent to it; http is allowed only on this machine (localhost, 127.0.0.0/8, ::1, 0.0.0.0). Without it, an environment's app URL that is not https is refused before the deploy.",
    parse: (raw, c) => parseUnitTestsUrl(raw, c.problems)
  },
  timeoutMinutes: {
    description:
      "The whole step's time budget, in minutes, above 0 and at most 360: every build, deploy, readiness and health wait draws from it. With rollbackOnFailure a quarter of it is kept back for the rollback. Set it below the job's timeout-minutes, so the step can end itself and say what it left.",
    default: '45',
    parse: (raw, c) => checkTimeout(raw, c.problems)
  },
  wait: {
    description:
      'When false, the step returns once the deploy job (mendix-cloud - the start) is accepted instead of waiting for it to finish; the options that act after it (rollbackOnFailure, restart, keepPackages, healthCheckPath, unitTests) are then refused, before any request.',
    default: 'true',
    parse: (raw, c) => checkBoolean('wait', raw, true, c.problems)
  }
} satisfies Record<string, InputRow>
