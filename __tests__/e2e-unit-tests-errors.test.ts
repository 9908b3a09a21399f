/**
 * Issue 16, what goes wrong: the bundled action against the emulated UnitTesting remote API when the password is
 * wrong, the module is missing, a run never completes or is already going on, the app cannot be reached, or an
 * input is refused; and the password in no byte the action writes.
 */
import { createServer } from 'node:net'
import { errorLines, withEmulator } from './support/deploy-run.js'
import {
  PASSWORD,
  TEST_ENV,
  packageOf,
  passwordLeaks,
  run,
  unitTestCalls,
  withRunnerTemp
} from './support/unit-tests-run.js'

describe('unit tests after a Private Cloud deploy: what goes wrong', () => {
  it('says the password was refused, and rolls nothing back for it', () =>
    withRunnerTemp(temp =>
      withEmulator({ unitTests: { password: 'another-password' } }, async emulator => {
        emulator.control.serveApps()
        const result = await run(emulator, { rollbackOnFailure: 'true' }, temp)
        expect(result.exitCode).toBe(1)
        const failure = errorLines(result).at(-1)!
        expect(failure).toContain('The app refused the unit test password')
        expect(failure).toContain('answered 401: Invalid password provided')
        expect(failure).toContain('UnitTesting.RemoteApiPassword')
        expect(result.outputs.rolledBack).toBeUndefined()
        expect(result.outputs.testsRun).toBeUndefined()
        expect(packageOf(emulator, TEST_ENV)).toBe(result.outputs.packageId)
        expect(unitTestCalls(emulator)).toHaveLength(1)
        expect(passwordLeaks(result)).toEqual([])
      })
    ))

  it('says the app has no UnitTesting module when the remote API is not there', () =>
    withRunnerTemp(temp =>
      withEmulator({ unitTests: { module: false } }, async emulator => {
        emulator.control.serveApps()
        const result = await run(emulator, {}, temp)
        expect(result.exitCode).toBe(1)
        const failure = errorLines(result).at(-1)!
        expect(failure).toContain(
          `The app has no unit test remote API at http://127.0.0.1:${emulator.port}/app/${TEST_ENV}/unittests/`
        )
        expect(failure).toContain('answered 404')
        expect(failure).toContain('UnitTesting.RemoteApiEnabled')
        expect(passwordLeaks(result)).toEqual([])
      })
    ))

  it('stops waiting for a run that never completes at the deadline, saying how far it got', () =>
    withRunnerTemp(temp =>
      withEmulator(
        { unitTests: { password: PASSWORD, neverCompletes: true, durationMs: 500 } },
        async emulator => {
          emulator.control.serveApps()
          // The budget is the whole step's: the build and the deploy take their part of it first.
          const result = await run(emulator, { timeoutMinutes: '0.2' }, temp)
          expect(result.exitCode).toBe(1)
          const failure = errorLines(result).at(-1)!
          expect(failure).toMatch(
            /The unit test run at \S+ had not completed after [\d.]+s, at the deadline \(timeoutMinutes: 0\.2\); it was running, 4 test\(s\) done, 0 failed so far\./
          )
          expect(result.outputs.testsRun).toBeUndefined()
          expect(unitTestCalls(emulator).filter(t => t.path.endsWith('/status')).length).toBeGreaterThan(1)
          expect(passwordLeaks(result)).toEqual([])
        }
      )
    ))

  it('says a run is already in progress when the app refuses to start another', () =>
    withRunnerTemp(temp =>
      withEmulator({ unitTests: { password: PASSWORD, durationMs: 600_000 } }, async emulator => {
        emulator.control.serveApps()
        const started = await fetch(`http://127.0.0.1:${emulator.port}/app/${TEST_ENV}/unittests/start`, {
          method: 'POST',
          body: JSON.stringify({ password: PASSWORD })
        })
        expect(started.status).toBe(204)
        const result = await run(emulator, {}, temp)
        expect(result.exitCode).toBe(1)
        expect(errorLines(result).at(-1)).toContain('A unit test run is already in progress in the app')
        expect(passwordLeaks(result)).toEqual([])
      })
    ))

  it('says the app cannot be reached at unitTestsUrl', () =>
    withRunnerTemp(async temp => {
      // A port that was free a moment ago: nothing listens there.
      const port = await new Promise<number>(resolve => {
        const server = createServer().listen(0, '127.0.0.1', () => {
          const { port } = server.address() as { port: number }
          server.close(() => resolve(port))
        })
      })
      await withEmulator({}, async emulator => {
        const result = await run(emulator, { unitTestsUrl: `http://127.0.0.1:${port}/` }, temp)
        expect(result.exitCode).toBe(1)
        expect(errorLines(result).at(-1)).toContain(
          `Could not reach the app: POST http://127.0.0.1:${port}/unittests/start got no answer`
        )
        expect(passwordLeaks(result)).toEqual([])
      })
    }))

  it.each([
    [{ unitTestsPassword: '' }, "Input 'unitTestsPassword' is required with unitTests: true"],
    [{ unitTestsUrl: 'http://orders-test.example.com' }, "Input 'unitTestsUrl' must use https"],
    [{ wait: 'false' }, "Input 'unitTests' needs wait: true"],
    [{ unitTests: 'maybe' }, "Input 'unitTests' must be true or false"]
  ])('refuses %o before any request', (inputs, message) =>
    withRunnerTemp(temp =>
      withEmulator({}, async emulator => {
        const result = await run(emulator, inputs, temp)
        expect(result.exitCode).toBe(1)
        expect(errorLines(result).join('\n')).toContain(message)
        expect(emulator.traffic).toEqual([])
        expect(passwordLeaks(result)).toEqual([])
      })
    )
  )
})
