/**
 * The action against the other documented ways the real Private Cloud services behave: job Locations it must not
 * trust, reads that lag a write, a status without a container state, and a brand-new job that is not found yet.
 */
import { SEED } from '../emulator/index.js'
import { deploy, errorLines, withEmulator } from './support/deploy-run.js'

const testEnv = SEED.environments.test.id

describe('job Location', () => {
  it.each(['path', 'v3'] as const)('deploys when the 202s carry a %s Location, polling /jobs/{id}', style =>
    withEmulator({ locationStyle: style }, async emulator => {
      const result = await deploy(emulator)
      expect(errorLines(result)).toEqual([])
      expect(result.exitCode).toBe(0)
      expect(result.outputs.state).toBe('Ready')
      const polls = emulator.traffic.filter(t => t.method === 'GET' && /\/jobs\//.test(t.path))
      expect(polls.length).toBeGreaterThan(0)
      for (const poll of polls) expect(poll.path).toMatch(/^\/api\/v4\/jobs\/[0-9a-f-]{36}/)
      expect(emulator.traffic.filter(t => t.status === 404)).toEqual([])
    })
  )

  it('waits out 404s on the first polls of a brand-new job', () =>
    withEmulator({ jobPollNotFound: 2 }, async emulator => {
      const result = await deploy(emulator)
      expect(result.exitCode).toBe(0)
      expect(emulator.traffic.filter(t => t.status === 404).length).toBeGreaterThanOrEqual(2)
    }))
})

describe('reads that lag the manifest write', () => {
  it('ends Ready with the new package although the first reads show the old one and a stale Failed', () =>
    withEmulator({ initialState: { [testEnv]: 'Failed' }, laggingReads: 3 }, async emulator => {
      const result = await deploy(emulator, { rollbackOnFailure: 'true' })
      expect(errorLines(result)).toEqual([])
      expect(result.exitCode).toBe(0)
      expect(result.outputs.state).toBe('Ready')
      expect(result.outputs.rolledBack).not.toBe('true')
      const manifest = emulator.state.environments.find(m => m.environment.id === testEnv) as unknown as {
        environment: { deployment: { packageId: string } }
      }
      expect(manifest.environment.deployment.packageId).toBe(result.outputs.packageId)
      expect(emulator.traffic.filter(t => t.method === 'PUT')).toHaveLength(1)
    }))

  it('is not ended early by a stale Ready of the old package', () =>
    withEmulator({ laggingReads: 2 }, async emulator => {
      const result = await deploy(emulator)
      expect(result.exitCode).toBe(0)
      expect(result.stdout).toContain(`runs package ${result.outputs.packageId}; state Ready`)
    }))

  it('waits for a container state that is missing from the first reads', () =>
    withEmulator({ omitState: 2 }, async emulator => {
      const result = await deploy(emulator)
      expect(result.exitCode).toBe(0)
      expect(result.outputs.state).toBe('Ready')
    }))
})

describe('error details', () => {
  it('shows the reason the Private Cloud error body gives in invalid-params', () =>
    withEmulator({ validationMessage: 'generic' }, async emulator => {
      const result = await deploy(emulator, { token: 'expired-token' })
      expect(result.exitCode).toBe(1)
      // The message says only 'Unauthorized'; the reason lives in invalid-params, and the user must see it.
      expect(errorLines(result)[0]).toContain(
        'answered 401: Unauthorized (Authentication: Missing or invalid Authorization header).'
      )
      expect(emulator.traffic[0]).toMatchObject({ status: 401 })
    }))
})
