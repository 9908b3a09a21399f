/**
 * `npm run demo`: starts the local emulator and runs the action against it exactly as a runner would,
 * printing the step's log the way the Actions UI shows it, then its outputs and job summary.
 * Options: --target private-cloud|mendix-cloud, --build-seconds <s> (default 8), --deploy-seconds <s> (default 4),
 * --debug (show debug lines).
 */
import { parseArgs } from 'node:util'
import { startEmulator } from '../emulator/index.js'
import { runAction } from './run-action.js'

let inGroup = false

/** Renders a workflow command line as the Actions log shows it (groups indented); undefined hides it. */
function asLogLine(line: string, debug: boolean): string | undefined {
  const command = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(line)
  const indent = inGroup ? '  ' : ''
  if (!command) return `${indent}${line}`
  const [, name, text] = command
  const message = text.replace(/%0A/g, '\n').replace(/%0D/g, '').replace(/%25/g, '%')
  switch (name) {
    case 'group':
      inGroup = true
      return `▼ ${message}`
    case 'endgroup':
      inGroup = false
      return undefined
    case 'error':
      return `Error: ${message}`
    case 'warning':
      return `${indent}Warning: ${message}`
    case 'notice':
      return `${indent}Notice: ${message}`
    case 'debug':
      return debug ? `${indent}##[debug]${message}` : undefined
    default:
      return undefined
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'build-seconds': { type: 'string', default: '8' },
      'deploy-seconds': { type: 'string', default: '4' },
      debug: { type: 'boolean', default: false },
      target: { type: 'string', default: 'private-cloud' }
    }
  })
  if (values.target !== 'private-cloud' && values.target !== 'mendix-cloud') {
    throw new Error(`--target must be private-cloud or mendix-cloud, got ${values.target}`)
  }
  const emulator = await startEmulator({
    durations: {
      buildMs: Number(values['build-seconds']) * 1000,
      deployMs: Number(values['deploy-seconds']) * 1000
    }
  })
  const { seed } = emulator
  const revision = seed.revisions[seed.revisions.length - 1]
  console.log(
    `Local Mendix API emulator at ${values.target === 'mendix-cloud' ? emulator.cloudUrl : emulator.url}`
  )
  console.log('Running the step as the runner does: node dist/index.js with these inputs:')
  const inputs: Record<string, string> =
    values.target === 'mendix-cloud'
      ? {
          target: 'mendix-cloud',
          username: seed.cloud.username,
          apiKey: seed.cloud.apiKey,
          appId: seed.cloud.appId,
          branch: seed.branch,
          revision,
          environment: 'Production',
          backup: 'true',
          apiUrl: emulator.cloudUrl
        }
      : {
          token: emulator.token,
          appId: seed.appId,
          branch: seed.branch,
          revision,
          environment: seed.environments.test.name,
          apiUrl: emulator.url
        }
  for (const [name, value] of Object.entries(inputs))
    console.log(`  ${name}: ${name === 'token' || name === 'apiKey' ? '***' : value}`)
  console.log('─'.repeat(72))
  const result = await runAction({
    inputs,
    env: values.debug ? { RUNNER_DEBUG: '1' } : {},
    onLine: line => {
      const shown = asLogLine(line, values.debug ?? false)
      if (shown !== undefined) console.log(shown)
    }
  })
  console.log('─'.repeat(72))
  console.log(
    `Step ${result.exitCode === 0 ? 'succeeded' : `failed (exit code ${result.exitCode})`} in ${(result.durationMs / 1000).toFixed(1)}s`
  )
  console.log('Outputs:')
  for (const [name, value] of Object.entries(result.outputs)) console.log(`  ${name} = ${value}`)
  console.log(`Requests the emulator served: ${emulator.traffic.length}`)
  console.log('\nJob summary (GITHUB_STEP_SUMMARY):\n')
  console.log(result.summary)
  await emulator.close()
  process.exitCode = result.exitCode ?? 1
}

main().catch(error => {
  console.error(error)
  process.exit(1)
})
