/**
 * `npm run emulator -- --port 0`: serves the emulator until SIGINT/SIGTERM. The first line on stdout is one
 * JSON object with everything a demo run needs (URL, token, app, environment, a branch and revision that build).
 */
import { parseArgs } from 'node:util'
import { startEmulator, type FaultRule, type JobFaultRule } from './index.js'

const HELP = `Usage: npm run emulator -- [options]
  --port <n>             port on 127.0.0.1 (0 picks a free one; default 0)
  --build-seconds <s>    how long a build job takes (default 3)
  --deploy-seconds <s>   how long a manifest update job takes (default 2)
  --fault <json>         a fault rule, e.g. '{"operation":"getJob","fault":{"kind":"status","status":503},"times":2}'
  --fail-build           the next build job fails      --stuck-build    the next build job never ends
  --fail-deploy          the next deploy job fails     --stuck-deploy   the next deploy job never ends`

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
      help: { type: 'boolean' }
    }
  })
  if (values.help) {
    console.log(HELP)
    return
  }
  const jobFaults: JobFaultRule[] = []
  if (values['fail-build']) jobFaults.push({ job: 'build', outcome: 'fail', times: 1 })
  if (values['stuck-build']) jobFaults.push({ job: 'build', outcome: 'stuck', times: 1 })
  if (values['fail-deploy']) jobFaults.push({ job: 'deploy', outcome: 'fail', times: 1 })
  if (values['stuck-deploy']) jobFaults.push({ job: 'deploy', outcome: 'stuck', times: 1 })
  const emulator = await startEmulator({
    port: Number(values.port),
    durations: {
      buildMs: seconds(values['build-seconds'], '--build-seconds'),
      deployMs: seconds(values['deploy-seconds'], '--deploy-seconds')
    },
    faults: (values.fault ?? []).map(text => JSON.parse(text) as FaultRule),
    jobFaults
  })
  const { seed } = emulator
  const environment = seed.environments.test
  console.log(
    JSON.stringify({
      url: emulator.url,
      token: emulator.token,
      appId: seed.appId,
      environment: {
        id: environment.id,
        name: environment.name,
        namespaceId: seed.namespaceId,
        namespace: seed.namespace
      },
      branch: seed.branch,
      revision: seed.revisions[seed.revisions.length - 1],
      mendixCloud: {
        url: emulator.cloudUrl,
        username: seed.cloud.username,
        apiKey: seed.cloud.apiKey,
        appId: seed.cloud.appId,
        environment: 'Acceptance'
      }
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
