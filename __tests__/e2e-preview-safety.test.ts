/**
 * Preview environments per pull request, end to end (the safety rules): the bundled action (`node dist/index.js`)
 * against the emulator, with the pull_request event in GITHUB_EVENT_PATH as the runner writes it.
 */
import { SEED } from '../emulator/index.js'
import { deploy, errorLines, leaksOf, withEmulator } from './support/deploy-run.js'
import { Env, MARKER, envOf, onDemand, preview, previews, writes } from './support/preview-run.js'

describe('safety rules', () => {
  it('refuses a preview beyond previewLimit, listing the previews and their pull requests', () =>
    withEmulator({}, async emulator => {
      onDemand(emulator)
      expect((await preview(emulator, 7, 'opened', { previewLimit: '1' })).exitCode).toBe(0)
      const [first] = previews(emulator)
      const refused = await preview(emulator, 8, 'opened', { previewLimit: '1' })
      expect(refused.exitCode).toBe(1)
      expect(errorLines(refused)[0]).toContain(
        `Input 'previewLimit': this repository has 1 preview environments, the limit: "${first.properties.name}" (id ${first.id}) for pull request #7.`
      )
      expect(previews(emulator)).toHaveLength(1)
      // A later push to a pull request that has its preview is not a new one.
      expect((await preview(emulator, 7, 'synchronize', { previewLimit: '1' })).exitCode).toBe(0)
    }))

  it('refuses to delete an environment that looks like a preview but lacks the marker', () =>
    withEmulator({}, async emulator => {
      onDemand(emulator)
      expect((await preview(emulator, 9, 'opened')).exitCode).toBe(0)
      const [made] = previews(emulator)
      // Someone strips the marker, or made a look-alike by hand.
      made.annotations = made.annotations!.filter(a => a.key !== MARKER)
      const closed = await preview(emulator, 9, 'closed')
      expect(closed.exitCode).toBe(0)
      expect(closed.stdout).toMatch(
        new RegExp(
          `^::warning title=Preview not deleted::Not deleting environment "${made.properties.name}" \\(id ${made.id}\\): it looks like a preview but lacks this repository's preview marker`,
          'm'
        )
      )
      expect(envOf(emulator, made.id)).toBeDefined()
      expect(emulator.traffic.filter(t => t.method === 'DELETE')).toEqual([])
    }))

  it('refuses a marked preview of another repository', () =>
    withEmulator({}, async emulator => {
      onDemand(emulator)
      expect((await preview(emulator, 9, 'opened')).exitCode).toBe(0)
      const other = await preview(emulator, 9, 'closed', {}, { GITHUB_REPOSITORY: 'acme/other-app' })
      expect(other.exitCode).toBe(0)
      expect(previews(emulator)).toHaveLength(1)
      expect(emulator.traffic.filter(t => t.method === 'DELETE')).toEqual([])
    }))

  it('refuses a production template unless the user opts in by its name', () =>
    withEmulator({}, async emulator => {
      onDemand(emulator, SEED.environments.production.id)
      const refused = await preview(emulator, 7, 'opened', { previewFrom: 'production' })
      expect(refused.exitCode).toBe(1)
      expect(errorLines(refused)[0]).toMatch(
        /^Input 'previewFrom': environment "production" is a production environment\..*opt in with previewAllowProduction: production\./
      )
      expect(writes(emulator)).toEqual([])
      const wrongName = await preview(emulator, 7, 'opened', {
        previewFrom: 'production',
        previewAllowProduction: 'true'
      })
      expect(wrongName.exitCode).toBe(1)
      const allowed = await preview(emulator, 7, 'opened', {
        previewFrom: 'production',
        previewAllowProduction: 'production'
      })
      expect(errorLines(allowed)).toEqual([])
      expect(previews(emulator)[0].properties.production).toBe(false)
    }))

  it('refuses a template with a Dedicated plan before creating anything', () =>
    withEmulator({}, async emulator => {
      const refused = await preview(emulator, 7, 'opened')
      expect(refused.exitCode).toBe(1)
      expect(errorLines(refused)[0]).toContain(
        'environment "test" uses the Dedicated plan for service orders_db. A Dedicated plan serves one environment only, so previews need OnDemand plans'
      )
      expect(writes(emulator)).toEqual([])
    }))

  it('deletes what a failed creation left, and says so', () =>
    withEmulator({}, async emulator => {
      onDemand(emulator)
      emulator.control.injectJobFault({
        job: 'create',
        outcome: 'fail',
        message: 'Operator timed out',
        times: 1
      })
      const failed = await preview(emulator, 7, 'opened')
      expect(failed.exitCode).toBe(1)
      expect(errorLines(failed)[0]).toMatch(
        /^The creation job \S+ of preview environment "preview-pr7-\w+" \(id p7\w+\) failed: Operator timed out\. The half-made environment was deleted; nothing is left\./
      )
      expect(previews(emulator)).toEqual([])
      expect(writes(emulator).filter(w => w !== 'POST build')).toEqual([
        'POST createEnvironment',
        'DELETE deleteEnvironment'
      ])
    }))

  it('says exactly what is left when the clean-up of a failed creation fails too', () =>
    withEmulator({}, async emulator => {
      onDemand(emulator)
      emulator.control.injectJobFault({
        job: 'create',
        outcome: 'fail',
        message: 'Operator timed out',
        times: 1
      })
      emulator.control.injectJobFault({
        job: 'delete',
        outcome: 'fail',
        message: 'agent disconnected',
        times: 1
      })
      const failed = await preview(emulator, 7, 'opened')
      expect(failed.exitCode).toBe(1)
      const [made] = previews(emulator)
      expect(errorLines(failed)[0]).toContain(
        `The half-made environment "${made.properties.name}" (id ${made.id}, namespace ${SEED.namespaceId}) is left:`
      )
      expect(errorLines(failed)[0]).toContain('Remove it with preview: cleanup for this pull request')
    }))

  it('says that cluster resources may remain when a deletion job fails', () =>
    withEmulator({}, async emulator => {
      onDemand(emulator)
      expect((await preview(emulator, 7, 'opened')).exitCode).toBe(0)
      emulator.control.injectJobFault({
        job: 'delete',
        outcome: 'fail',
        message: 'agent disconnected',
        times: 1
      })
      const failed = await preview(emulator, 7, 'closed')
      expect(failed.exitCode).toBe(1)
      expect(errorLines(failed)[0]).toMatch(
        /failed: agent disconnected\. Cluster resources \(its database, files, ingress and service\) may remain in namespace/
      )
    }))

  it("prints nothing of the template's certificates, and copies them only when asked", () =>
    withEmulator({}, async emulator => {
      onDemand(emulator)
      const password = 'Q0VSVC1QQVNTLXRlbXBsYXRlLTk5'
      const key = 'S0VZLUJZVEVTLXRlbXBsYXRlLWtleS03Nw=='
      envOf(emulator, SEED.environments.test.id)!.network = {
        outgoingConnectionCertificate: [{ enabled: true, password, certificateType: 'pfx', key }]
      }
      const debug = { RUNNER_DEBUG: '1' }
      const plain = await preview(emulator, 7, 'opened', {}, debug)
      expect(plain.exitCode).toBe(0)
      const licensed = await preview(
        emulator,
        8,
        'opened',
        { previewCopyCertificates: 'true', subscriptionSecret: 'SUBSCRIPTION-secret-42' },
        debug
      )
      expect(licensed.exitCode).toBe(0)
      for (const result of [plain, licensed]) {
        for (const secret of [password, key, 'SUBSCRIPTION-secret-42', 'U1VCU0NSSVBUSU9OLXNlY3JldC00Mg=='])
          expect(leaksOf(result, secret)).toEqual([])
      }
      const bodies = emulator.traffic
        .filter(t => t.operation === 'createEnvironment')
        .map(t => (t.body as { environment: Env }).environment)
      expect(bodies[0].network).toBeUndefined()
      expect(bodies[0].runtime).not.toHaveProperty('subscriptionSecret')
      expect(bodies[1].runtime?.subscriptionSecret).toBe('U1VCU0NSSVBUSU9OLXNlY3JldC00Mg==')
      expect(bodies[1].network?.outgoingConnectionCertificate).toEqual([
        { enabled: true, password, certificateType: 'pfx', key }
      ])
      // The summary says the runtime is licensed only when it is.
      expect(licensed.summary).not.toContain('runs unlicensed')
    }))

  it('refuses preview: deploy outside a pull_request event, before any request', () =>
    withEmulator({}, async emulator => {
      const result = await deploy(emulator, { environment: '', preview: 'deploy', previewFrom: 'test' })
      expect(result.exitCode).toBe(1)
      expect(errorLines(result)[0]).toMatch(
        /^Input 'preview' is deploy, which needs a pull_request event; this run is a push event/
      )
      expect(emulator.traffic).toEqual([])
    }))
})
