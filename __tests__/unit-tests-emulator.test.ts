/** Issue 16: the emulated apps serve the UnitTesting module's remote API as the module does. */
import { startEmulator, type Emulator, type EmulatorOptions } from '../emulator/index.js'
import { DEMO_UNIT_TEST_PASSWORD } from '../emulator/unit-test-routes.js'

const APP = 'q8g3ns76'

async function withApp(
  options: EmulatorOptions,
  fn: (emulator: Emulator, clock: { ms: number }) => Promise<void>
) {
  const clock = { ms: Date.parse('2026-11-22T10:00:00Z') }
  const emulator = await startEmulator({ ...options, now: () => clock.ms })
  try {
    await fn(emulator, clock)
  } finally {
    await emulator.close()
  }
}

async function call(
  emulator: Emulator,
  path: string,
  body: unknown = { password: DEMO_UNIT_TEST_PASSWORD },
  method = 'POST',
  app = APP
) {
  const response = await fetch(`http://127.0.0.1:${emulator.port}/app/${app}/unittests/${path}`, {
    method,
    ...(method === 'POST' ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {})
  })
  const text = await response.text()
  return { status: response.status, text, json: () => JSON.parse(text) as Record<string, unknown> }
}

describe('the emulated UnitTesting remote API', () => {
  it('answers as the module does: password check, methods, paths, a status only after a start', () =>
    withApp({}, async emulator => {
      expect(await call(emulator, 'status', undefined, 'GET')).toMatchObject({ status: 405 })
      expect(await call(emulator, 'other')).toMatchObject({ status: 404 })
      expect(await call(emulator, 'start', {})).toMatchObject({ status: 400 })
      expect(await call(emulator, 'start', 'not json')).toMatchObject({ status: 400 })
      expect(await call(emulator, 'start', { password: 'wrong' })).toMatchObject({
        status: 401,
        text: 'Invalid password provided'
      })
      expect(await call(emulator, 'status')).toMatchObject({
        status: 400,
        text: 'No testrun was started yet'
      })
    }))

  it('runs the tests over its duration: counts grow, failures show as they finish, then it completes', () =>
    withApp(
      {
        unitTests: {
          durationMs: 4000,
          tests: [
            { name: 'A.T1' },
            { name: 'A.T2', error: 'boom', step: 'Assert' },
            { name: 'B.T3' },
            { name: 'B.T4' }
          ]
        }
      },
      async (emulator, clock) => {
        expect(await call(emulator, 'start')).toMatchObject({ status: 204, text: '' })
        expect((await call(emulator, 'status')).json()).toEqual({
          completed: false,
          runtime: -1,
          tests: 0,
          failures: 0,
          failed_tests: []
        })
        clock.ms += 2000
        expect((await call(emulator, 'status')).json()).toMatchObject({
          completed: false,
          tests: 2,
          failures: 1,
          failed_tests: [{ name: 'A.T2', error: 'boom', step: 'Assert' }]
        })
        expect(await call(emulator, 'start')).toMatchObject({
          status: 400,
          text: 'Cannot start a test run while another test run is still running'
        })
        clock.ms += 2000
        expect((await call(emulator, 'status')).json()).toMatchObject({
          completed: true,
          runtime: 4000,
          tests: 4,
          failures: 1
        })
        // A completed run may be followed by another.
        expect(await call(emulator, 'start')).toMatchObject({ status: 204 })
      }
    ))

  it('keeps each app to its own settings, and records no password', () =>
    withApp({}, async emulator => {
      emulator.control.setUnitTests('other-app', { password: 'other-password' })
      expect(
        await call(emulator, 'start', { password: 'other-password' }, 'POST', 'other-app')
      ).toMatchObject({
        status: 204
      })
      expect(await call(emulator, 'start', { password: 'other-password' })).toMatchObject({ status: 401 })
      expect(JSON.stringify(emulator.traffic)).not.toContain('other-password')
      expect(emulator.traffic[0].body).toEqual({ password: '[redacted]' })
    }))

  it('has faults: no module (404 everywhere), a run that never completes, slow answers', () =>
    withApp({}, async (emulator, clock) => {
      emulator.control.setUnitTests('bare', { module: false })
      expect(await call(emulator, 'start', undefined, 'POST', 'bare')).toMatchObject({ status: 404 })
      expect(await call(emulator, 'status', undefined, 'POST', 'bare')).toMatchObject({ status: 404 })

      emulator.control.setUnitTests(APP, { neverCompletes: true })
      await call(emulator, 'start')
      clock.ms += 3_600_000
      expect((await call(emulator, 'status')).json()).toMatchObject({
        completed: false,
        runtime: -1,
        tests: 4
      })

      emulator.control.setUnitTests(APP, { slowMs: 400 })
      const sent = Date.now()
      expect(await call(emulator, 'status')).toMatchObject({ status: 200 })
      // The delay is the fault itself, so its floor is what is checked, not a speed.
      expect(Date.now() - sent).toBeGreaterThanOrEqual(390)
    }))
})
