/**
 * `npm run emulator -- --port 0`: serves the emulator until SIGINT/SIGTERM. The first line on stdout is one
 * JSON object with everything a demo run needs (URL, token, app, environment, a branch and revision that build),
 * and what the action's other capabilities need: the environment's app URL, which answers a health check, the
 * password of the apps' UnitTesting remote API (made for this run), and a template environment a preview can copy.
 */
import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import { startEmulator, type FaultRule, type JobFaultRule } from './index.js'
import { addPreviewTemplate, PREVIEW_TEMPLATE } from './seed.js'

const HELP = `Usage: npm run emulator -- [options]
  --port <n>             port on 127.0.0.1 (0 picks a free one; default 0)
  --build-seconds <s>    how long a build job takes (default 3)
  --deploy-seconds <s>   how long a manifest update job takes (default 2)
  --fault <json>         a fault rule, e.g. '{"operation":"getJob","fault":{"kind":"status","status":503},"times":2}'
  --fail-build           the next build job fails      --stuck-build    the next build job never ends
  --fail-deploy          the next deploy job fails     --stuck-deploy   the next deploy job never ends
  --unhealthy-deploy     the next deploy job finishes, but its app crashes (container Failed): try rollbackOnFailure
  --repository <type>    git (default) or svn: the Team Server repository the App Repository API serves
  --location-style <s>   Location of Private Cloud jobs: absolute (default), path, or v3 (the docs' example)
  --lagging-reads <n>    after a manifest PUT, the next n reads of the environment still show it as before

Every environment's app answers at its appUrl (GET: a health check, 200 while the environment is Ready), with the
UnitTesting remote API at <appUrl>/unittests/ and the password printed as unitTests.password (made for this run,
for the local emulator only). previewTemplate names an environment with OnDemand plans for previewFrom.`

function seconds(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isFinite(n) || n < 0) throw new Error(`${flag} must be a number of seconds, got '${value}'`)
  return n * 1000
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      'build-seconds': { type: 'string' },
      'deploy-seconds': { type: 'string' },
      fault: { type: 'string', multiple: true },
      'fail-build': { type: 'boolean' },
      'stuck-build': { type: 'boolean' },
      'fail-deploy': { type: 'boolean' },
      'stuck-deploy': { type: 'boolean' },
      'unhealthy-deploy': { type: 'boolean' },
      repository: { type: 'string', default: 'git' },
      'location-style': { type: 'string', default: 'absolute' },
      'lagging-reads': { type: 'string', default: '0' },
      help: { type: 'boolean' }
    }
  })
  if (values.help) {
    console.log(HELP)
    return
  }
  const repository = values.repository
  if (repository !== 'git' && repository !== 'svn')
    throw new Error(`--repository must be git or svn, got '${repository}'`)
  const locationStyle = values['location-style']
  if (locationStyle !== 'absolute' && locationStyle !== 'path' && locationStyle !== 'v3') {
    throw new Error(`--location-style must be absolute, path or v3, got '${locationStyle}'`)
  }
  const laggingReads = Number(values['lagging-reads'])
  if (!Number.isInteger(laggingReads) || laggingReads < 0) {
    throw new Error(`--lagging-reads must be a whole number, got '${values['lagging-reads']}'`)
  }
  const jobFaults: JobFaultRule[] = []
  if (values['fail-build']) jobFaults.push({ job: 'build', outcome: 'fail', times: 1 })
  if (values['stuck-build']) jobFaults.push({ job: 'build', outcome: 'stuck', times: 1 })
  if (values['fail-deploy']) jobFaults.push({ job: 'deploy', outcome: 'fail', times: 1 })
  if (values['stuck-deploy']) jobFaults.push({ job: 'deploy', outcome: 'stuck', times: 1 })
  if (values['unhealthy-deploy']) jobFaults.push({ job: 'deploy', outcome: 'unhealthy', times: 1 })
  // Made per run, so a password printed here opens nothing but this emulator's apps.
  const unitTestsPassword = `local-${randomBytes(12).toString('base64url')}`
  const emulator = await startEmulator({
    port: Number(values.port),
    durations: {
      buildMs: seconds(values['build-seconds'], '--build-seconds'),
      deployMs: seconds(values['deploy-seconds'], '--deploy-seconds')
    },
    faults: (values.fault ?? []).map(text => JSON.parse(text) as FaultRule),
    jobFaults,
    repository,
    locationStyle,
    laggingReads,
    unitTests: { password: unitTestsPassword }
  })
  const { seed } = emulator
  const environment = seed.environments.test
  addPreviewTemplate(emulator.state)
  // After the template is added, so its app answers too.
  emulator.control.serveApps()
  const origin = new URL(emulator.url).origin
  console.log(
    JSON.stringify({
      url: emulator.url,
      token: emulator.token,
      appId: seed.appId,
      environment: {
        id: environment.id,
        name: environment.name,
        namespaceId: seed.namespaceId,
        namespace: seed.namespace,
        appUrl: `${origin}/app/${environment.id}`
      },
      branch: repository === 'git' ? seed.branch : seed.svn.mainBranch,
      revision: repository === 'git' ? seed.revisions[seed.revisions.length - 1] : seed.svn.revisions.at(-1),
      repositoryUrl: emulator.repositoryUrl,
      mendixCloud: {
        url: emulator.cloudUrl,
        username: seed.cloud.username,
        apiKey: seed.cloud.apiKey,
        appId: seed.cloud.appId,
        projectId: seed.cloud.projectId,
        environment: 'Acceptance',
        unitTestsUrl: `${origin}/app/${seed.cloud.environments.Acceptance}`
      },
      unitTests: {
        password: unitTestsPassword,
        note: 'For the local emulator only: made for this run; every emulated app takes it as UnitTesting.RemoteApiPassword.'
      },
      previewTemplate: PREVIEW_TEMPLATE
    })
  )
  const stop = (): void => {
    void emulator.close().then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch(error => {
  console.error(`emulator: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})
