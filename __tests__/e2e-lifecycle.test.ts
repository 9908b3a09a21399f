/** Beyond one deploy, after the manifest update: readiness, rollback, restart, retention, upload, health check. */
import { SEED } from '../emulator/index.js'
import { deploy, errorLines, withEmulator, stored, deploymentOf } from './support/deploy-run.js'

describe('readiness and rollback', () => {
  it('fails when the environment ends Failed, and rolls back to the previous package when asked', () =>
    withEmulator({ jobFaults: [{ job: 'deploy', outcome: 'unhealthy', times: 1 }] }, async emulator => {
      const before = structuredClone(stored(emulator, SEED.environments.test.id))
      const result = await deploy(emulator, { rollbackOnFailure: 'true' })
      expect(result.exitCode).toBe(1)
      const [error] = errorLines(result)
      expect(error).toContain('has container state Failed after the deploy')
      expect(error).toContain(`Rolled back: the environment runs package ${SEED.packages.released} again`)
      expect(result.outputs.rolledBack).toBe('true')
      // The manifest is as before, but for what the server changes itself.
      const after = structuredClone(stored(emulator, SEED.environments.test.id))
      expect(after).toEqual(before)
    }))

  it('without rollbackOnFailure, fails and leaves the new package in place, saying so', () =>
    withEmulator({ jobFaults: [{ job: 'deploy', outcome: 'unhealthy', times: 1 }] }, async emulator => {
      const result = await deploy(emulator)
      expect(result.exitCode).toBe(1)
      expect(errorLines(result)[0]).toContain('has container state Failed')
      expect(result.outputs.rolledBack).toBeUndefined()
      expect(deploymentOf(stored(emulator, SEED.environments.test.id)).packageId).toBe(
        result.outputs.packageId
      )
    }))
})

describe('restart and retention', () => {
  it('restarts with instances 0 and back', () =>
    withEmulator({}, async emulator => {
      const result = await deploy(emulator, { environment: 'production', restart: 'true' })
      expect(result.exitCode).toBe(0)
      const puts = emulator.traffic.filter(t => t.operation === 'putEnvironment')
      const instances = puts.map(
        p => (p.body as { environment: { container: { instances: number } } }).environment.container.instances
      )
      expect(instances).toEqual([2, 0, 2])
    }))

  it('deletes the oldest packages beyond keepPackages, never one an environment runs', () =>
    withEmulator({}, async emulator => {
      for (const [id, day] of [
        ['0a000000-0000-4000-8000-000000000001', '2026-01-01'],
        ['0a000000-0000-4000-8000-000000000002', '2026-02-01']
      ]) {
        emulator.state.packages.push({ ...emulator.state.packages[0], id, createdOn: `${day}T00:00:00.000Z` })
      }
      const result = await deploy(emulator, { keepPackages: '1' })
      expect(result.exitCode).toBe(0)
      const deleted = emulator.traffic
        .filter(t => t.operation === 'deletePackage')
        .map(t => t.path.split('/').pop())
      expect(deleted.sort()).toEqual([
        '0a000000-0000-4000-8000-000000000001',
        '0a000000-0000-4000-8000-000000000002'
      ])
      expect(result.outputs.deletedPackages).toBe('2')
      const inUse = emulator.state.environments.map(m => deploymentOf(m).packageId)
      for (const id of inUse) expect(deleted).not.toContain(id)
    }))
})

describe('upload', () => {
  it('uploads an .mda built elsewhere instead of building, streamed as multipart', () =>
    withEmulator({}, async emulator => {
      const { mkdtempSync, writeFileSync } = await import('node:fs')
      const { join } = await import('node:path')
      const { tmpdir } = await import('node:os')
      const dir = mkdtempSync(join(tmpdir(), 'mda-'))
      const file = join(dir, 'Orders_1.5.0.mda')
      writeFileSync(file, Buffer.alloc(3 * 1024 * 1024, 7))
      const result = await deploy(emulator, { packageFile: file })
      expect(result.exitCode).toBe(0)
      expect(emulator.traffic.some(t => t.operation === 'build')).toBe(false)
      const upload = emulator.traffic.find(t => t.operation === 'upload')!
      expect(upload.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/)
      expect(upload.body).toEqual({ multipartBytes: expect.any(Number) })
      const pkg = emulator.state.packages.find(p => p.id === result.outputs.packageId)!
      expect(pkg).toMatchObject({ fileName: 'Orders_1.5.0.mda', fileSize: 3 * 1024 * 1024 })
    }))

  it('rejects a missing or non-.mda file before any request', () =>
    withEmulator({}, async emulator => {
      const missing = await deploy(emulator, { packageFile: '/nowhere/app.mda' })
      expect(errorLines(missing)[0]).toContain("Input 'packageFile': no file at")
      const wrong = await deploy(emulator, { packageFile: '/etc/hostname' })
      expect(errorLines(wrong)[0]).toContain(
        "Input 'packageFile' must be a Mendix deployment package ending in .mda"
      )
      expect(emulator.traffic).toHaveLength(0)
    }))
})

describe('health check', () => {
  it('waits until the app answers the expected status', () =>
    withEmulator({}, async emulator => {
      emulator.control.serveApps()
      const result = await deploy(emulator, { healthCheckPath: '/health' })
      expect(result.exitCode).toBe(0)
      expect(result.stdout).toContain(
        `Health check ${emulator.url.replace('/api/v4', '')}/app/${SEED.environments.test.id}/health: 200`
      )
      const check = emulator.traffic.find(t => t.path.endsWith('/health'))!
      expect(check.headers.authorization).toBeUndefined()
    }))

  it('fails, and rolls back when asked, when the app never answers as expected', () =>
    withEmulator({}, async emulator => {
      emulator.control.serveApps()
      // The new package's app never answers; the old one does, once it runs again.
      emulator.control.setAppHealth(SEED.environments.test.id, 503, { unlessPackage: SEED.packages.released })
      const result = await deploy(emulator, {
        healthCheckPath: '/health',
        rollbackOnFailure: 'true',
        timeoutMinutes: '0.2'
      })
      expect(result.exitCode).toBe(1)
      const [error] = errorLines(result)
      expect(error).toMatch(
        /The app did not answer 200 at .*\/health within .*; the last answer was HTTP 503/
      )
      expect(error).toContain(`Rolled back: the environment runs package ${SEED.packages.released} again`)
      expect(error).toContain('verified Ready and healthy')
      expect(result.outputs.rolledBack).toBe('true')
      // The rollback was proven by a health check that reached the old package's app.
      const checks = emulator.traffic.filter(t => t.path.endsWith('/health'))
      expect(checks.at(-1)!.status).toBe(200)
    }))
})
