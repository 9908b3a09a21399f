/**
 * Preview environments per pull request, end to end (open, push, close and cancel): the bundled action (`node dist/index.js`)
 * against the emulator, with the pull_request event in GITHUB_EVENT_PATH as the runner writes it.
 */
import { SEED } from '../emulator/index.js'
import { deploy, errorLines, withEmulator } from './support/deploy-run.js'
import { deploysTo, envOf, onDemand, preview, previews, pullRequestEvent } from './support/preview-run.js'

describe('one pull request: open, push, close', () => {
  it('creates one environment, deploys twice to it, deletes it, and leaves nothing behind', () =>
    withEmulator({}, async emulator => {
      onDemand(emulator)
      const opened = await preview(emulator, 7, 'opened')
      expect(errorLines(opened)).toEqual([])
      expect(opened.exitCode).toBe(0)
      const [created] = previews(emulator)
      expect(previews(emulator)).toHaveLength(1)
      expect(created.id).toMatch(/^p7[a-z0-9]{6}$/)
      expect(created.properties).toMatchObject({ production: false, defaultStudioTarget: false })
      expect(created.properties.name).toMatch(/^preview-pr7-[a-z0-9]{6}$/)
      expect(opened.outputs).toMatchObject({
        environmentId: created.id,
        appUrl: created.deployment.appUrl,
        packageId: created.deployment.packageId,
        state: 'Ready'
      })
      expect(opened.summary).toContain('### ✅ Mendix preview of pull request #7 deployed')
      expect(opened.summary).toContain('runs unlicensed: at most 6 concurrent users')

      const pushed = await preview(emulator, 7, 'synchronize', { revision: SEED.revisions[1] })
      expect(pushed.exitCode).toBe(0)
      expect(previews(emulator)).toHaveLength(1)
      expect(pushed.outputs.environmentId).toBe(created.id)
      expect(pushed.outputs.packageId).not.toBe(opened.outputs.packageId)
      expect(envOf(emulator, created.id)!.deployment.packageId).toBe(pushed.outputs.packageId)
      expect(emulator.traffic.filter(t => t.operation === 'createEnvironment')).toHaveLength(1)
      expect(deploysTo(emulator, created.id)).toBe(2)

      const before = emulator.traffic.length
      const closed = await preview(emulator, 7, 'closed')
      expect(closed.exitCode).toBe(0)
      // A clean-up builds nothing, so it asks nothing of the App Repository or Build API.
      expect(new Set(emulator.traffic.slice(before).map(t => t.operation))).toEqual(
        new Set(['listEnvironments', 'getEnvironment', 'deleteEnvironment', 'getJob'])
      )
      expect(closed.summary).toContain('### ✅ Mendix preview of pull request #7 cleaned up')
      expect(closed.summary).toContain(`| Environments | ${created.properties.name} |`)
      expect(closed.summary).not.toContain('| Package |')
      expect(previews(emulator)).toEqual([])
      const deletions = emulator.traffic.filter(t => t.operation === 'deleteEnvironment')
      expect(deletions.map(t => t.path)).toEqual([
        `/api/v4/apps/${SEED.appId}/namespaces/${SEED.namespaceId}/environments/${created.id}`
      ])
      // Never force=true: it skips the checks and can leave cluster resources behind.
      expect(deletions.every(t => Object.keys(t.query).length === 0)).toBe(true)
      expect(emulator.state.environments.map(m => m.environment.id).sort()).toEqual(
        Object.values(SEED.environments)
          .map(e => e.id)
          .sort()
      )
    }))

  it('gives a reopened pull request a new id: the deleted one stays taken', () =>
    withEmulator({}, async emulator => {
      onDemand(emulator)
      expect((await preview(emulator, 7, 'opened', { revision: SEED.revisions[0] })).exitCode).toBe(0)
      const [first] = previews(emulator)
      expect((await preview(emulator, 7, 'closed')).exitCode).toBe(0)
      const reopened = await preview(emulator, 7, 'reopened', { revision: SEED.revisions[0] })
      expect(errorLines(reopened)).toEqual([])
      const [second] = previews(emulator)
      expect(second.id).not.toBe(first.id)
      expect(second.id).toMatch(/^p7[a-z0-9]{6}$/)
      expect(emulator.state.retiredEnvironmentIds).toContain(first.id)
    }))

  it('gives a second pull request its own environment beside the first', () =>
    withEmulator({}, async emulator => {
      onDemand(emulator)
      expect((await preview(emulator, 7, 'opened')).exitCode).toBe(0)
      expect((await preview(emulator, 8, 'opened')).exitCode).toBe(0)
      const both = previews(emulator)
      expect(both.map(e => e.properties.name.replace(/-[a-z0-9]+$/, '')).sort()).toEqual([
        'preview-pr7',
        'preview-pr8'
      ])
      expect((await preview(emulator, 7, 'closed')).exitCode).toBe(0)
      expect(previews(emulator).map(e => e.properties.name)).toEqual([
        both.find(e => e.properties.name.startsWith('preview-pr8-'))!.properties.name
      ])
    }))
})

describe('cancellation', () => {
  it('says which preview was being created, and how to remove it, when cancelled during the creation', () =>
    withEmulator({ durations: { otherMs: 120_000 } }, async emulator => {
      onDemand(emulator)
      const result = await deploy(
        emulator,
        { environment: '', preview: 'deploy', previewFrom: 'test' },
        { env: pullRequestEvent(7, 'opened'), signal: { name: 'SIGINT', afterLine: /Create job is/ } }
      )
      expect(result.exitCode).not.toBe(0)
      expect(result.durationMs - result.signalledAtMs!).toBeLessThan(2000)
      const [message] = errorLines(result)
      expect(message).toContain('while in phase "preview"')
      expect(message).toMatch(/The create job \S+ was still running; check it with GET /)
      expect(message).toMatch(
        /The creation of preview environment "preview-pr7-\w+" \(id p7\w+\) was requested and may be in progress: once it ends, run preview: cleanup/
      )
    }))
})
