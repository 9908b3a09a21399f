/**
 * The entry the runner starts. Besides running the step it is the safety net: a step must never end green
 * unless the flow ended through its own lines. If a promise is left pending (the event loop empties while the
 * flow still waits) or something throws outside the flow, the step fails with one line saying so.
 */
import { messageOf } from './errors.js'
import { run, unfinishedReport } from './main.js'
import * as out from './output.js'

function failUnfinished(reason: string): void {
  const leftovers = unfinishedReport()
  if (leftovers === undefined && process.exitCode !== undefined && process.exitCode !== 0) return
  out.error(
    `The step ended before the deploy finished (${reason}), so it is marked failed.\n${leftovers ?? ''}`.trim(),
    { title: 'Mendix deploy did not finish' }
  )
  process.exitCode = 1
}

process.on('unhandledRejection', error => {
  failUnfinished(`an unexpected error: ${messageOf(error)}`)
  process.exit(1)
})
process.on('uncaughtException', error => {
  failUnfinished(`an unexpected error: ${error.message}`)
  process.exit(1)
})
// Fires when nothing is left to do: if the flow has not finished by then, something it waited for never settled.
process.on('beforeExit', () => {
  if (unfinishedReport() !== undefined) failUnfinished('nothing was left running to finish it')
})

run().catch((error: unknown) => {
  failUnfinished(`an unexpected error: ${messageOf(error)}`)
})
