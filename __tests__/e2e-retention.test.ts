/**
 * Package retention (`keepPackages`) end to end: its failures are warnings on a green step, its deletions are
 * awaited and only finished ones are counted, and a package newer than the deployed one is never deleted.
 */
import type { Emulator } from '../emulator/index.js'
import type { PackageRecord } from '../emulator/state.js'
import type { RunResult } from '../scripts/run-action.js'
import { deploy, errorLines, withEmulator } from './support/deploy-run.js'

/** Three packages older than anything the run builds, none in use: what `keepPackages: '1'` deletes. */
const OLD = [
  ['0a000000-0000-4000-8000-000000000003', '2026-03-01'],
  ['0a000000-0000-4000-8000-000000000002', '2026-02-01'],
  ['0a000000-0000-4000-8000-000000000001', '2026-01-01']
].map(([id, day]) => ({ id, createdOn: `${day}T00:00:00.000Z` }))

function addPackage(emulator: Emulator, pkg: { id: string; createdOn: string }): void {
  const template: PackageRecord = emulator.state.packages[0]
  emulator.state.packages.push({ ...template, ...pkg, fileName: `Main-${pkg.id}.mda` })
}

function seedOld(emulator: Emulator): void {
  OLD.forEach(pkg => addPackage(emulator, pkg))
}

/** The package ids the action sent a DELETE for, in order. */
function deleteRequests(emulator: Emulator): string[] {
  return emulator.traffic.filter(t => t.operation === 'deletePackage').map(t => t.path.split('/').pop()!)
}

function stillThere(emulator: Emulator, id: string): boolean {
  return emulator.state.packages.some(p => p.id === id)
}

/** The warning lines (`::warning`) the action printed, decoded. */
function warningLines(result: RunResult): string[] {
  return result.stdout
    .split('\n')
    .filter(line => line.startsWith('::warning'))
    .map(line =>
      line
        .replace(/^::warning[^:]*::/, '')
        .replace(/%0A/g, '\n')
        .replace(/%25/g, '%')
    )
}

/** The job summary's retention section, as plain text. */
function retentionSection(result: RunResult): string {
  const at = result.summary.indexOf('Package retention')
  return at < 0 ? '' : result.summary.slice(at, result.summary.indexOf('</pre>', at))
}

describe('keepPackages', () => {
  it('warns about a failed delete job, stays green, and counts only the deletions that finished', () =>
    withEmulator(
      {
        jobFaults: [{ job: 'delete-package', outcome: 'fail', message: 'Storage backend refused.', times: 1 }]
      },
      async emulator => {
        seedOld(emulator)
        const result = await deploy(emulator, { keepPackages: '1' })
        expect(errorLines(result)).toEqual([])
        expect(result.exitCode).toBe(0)
        expect(deleteRequests(emulator)).toEqual(OLD.map(p => p.id))
        // The first delete job failed: its package is still there and is not counted.
        const [failed, ...deleted] = OLD.map(p => p.id)
        expect(stillThere(emulator, failed)).toBe(true)
        for (const id of deleted) expect(stillThere(emulator, id)).toBe(false)
        expect(result.outputs.deletedPackages).toBe('2')
        const warnings = warningLines(result)
        expect(warnings).toHaveLength(1)
        expect(warnings[0]).toMatch(
          new RegExp(
            `^Package ${failed} \\(created 2026-03-01.*\\) was not deleted: its delete job \\S+ failed: Storage backend refused\\.$`
          )
        )
        expect(result.stdout).toContain('Retention: deleted 2 package(s), 1 not deleted')
        const section = retentionSection(result)
        expect(section).toContain('Deleted (2):')
        for (const id of deleted) expect(section).toContain(id)
        expect(section).toContain(
          `Not deleted (1):\n  ${failed} (created 2026-03-01T00:00:00.000Z): its delete job`
        )
        expect(result.summary).toContain('### ✅ Mendix deploy succeeded')
      }
    ))

  it('warns about refused delete requests (a 500, a 403) and deletes the rest', () =>
    withEmulator(
      {
        faults: [{ operation: 'deletePackage', fault: { kind: 'status', status: 500 }, times: 1 }],
        jobFaults: [
          {
            job: 'delete-package',
            outcome: 'refuse',
            status: 403,
            message: 'Forbidden: the token lacks mx:privatecloud-build:write',
            times: 1
          }
        ]
      },
      async emulator => {
        seedOld(emulator)
        const result = await deploy(emulator, { keepPackages: '1' })
        expect(errorLines(result)).toEqual([])
        expect(result.exitCode).toBe(0)
        const [first, second, third] = OLD.map(p => p.id)
        expect(deleteRequests(emulator)).toEqual([first, second, third])
        expect(result.outputs.deletedPackages).toBe('1')
        expect([first, second, third].map(id => stillThere(emulator, id))).toEqual([true, true, false])
        const warnings = warningLines(result)
        expect(warnings).toHaveLength(2)
        expect(warnings[0]).toMatch(new RegExp(`^Package ${first} .* was not deleted: .*\\b500\\b`))
        // A 500 on the DELETE leaves its outcome unknown; the warning says so.
        expect(warnings[0]).toContain('The service may have acted on it')
        expect(warnings[1]).toMatch(new RegExp(`^Package ${second} .* was not deleted: .*\\b403\\b`))
        expect(warnings[1]).toContain('the token lacks mx:privatecloud-build:write')
        expect(result.stdout).toContain('Retention: deleted 1 package(s), 2 not deleted')
      }
    ))

  it('waits for each deletion: the delete job had finished before the step ended', () =>
    withEmulator(
      { jobFaults: [{ job: 'delete-package', outcome: 'slow', durationMs: 2500, times: 1 }] },
      async emulator => {
        addPackage(emulator, OLD[0])
        const result = await deploy(emulator, { keepPackages: '1' })
        const stepEnded = Date.now()
        expect(result.exitCode).toBe(0)
        const jobs = [...emulator.state.jobs.values()].filter(j => j.kind === 'delete-package')
        expect(jobs).toHaveLength(1)
        // The action's own poll saw the job end (settling it), and the step ended after that.
        expect(jobs[0].settled).toBe(true)
        expect(jobs[0].endsAt).toBeLessThanOrEqual(stepEnded)
        expect(stillThere(emulator, OLD[0].id)).toBe(false)
        expect(result.stdout).toMatch(/Delete job is (created|running)/)
        expect(result.outputs.deletedPackages).toBe('1')
      }
    ))

  it('never deletes a package created after the deployed one (another run built it, not yet deployed)', () =>
    withEmulator(
      // The retention's environment list (the second one: the first finds the environment) is answered late, so
      // the test can add packages in between, as parallel jobs that finish their builds then would.
      {
        faults: [{ operation: 'listEnvironments', fault: { kind: 'slow', delayMs: 1500 }, skip: 1, times: 1 }]
      },
      async emulator => {
        addPackage(emulator, OLD[0])
        const parallel = ['0b000000-0000-4000-8000-000000000001', '0b000000-0000-4000-8000-000000000002']
        let added = false
        const result = await deploy(
          emulator,
          { keepPackages: '1' },
          {
            onLine: line => {
              if (added || !line.includes('Keep the newest 1 packages')) return
              added = true
              const now = Date.now()
              parallel.forEach((id, i) =>
                addPackage(emulator, { id, createdOn: new Date(now + i).toISOString() })
              )
            }
          }
        )
        expect(added).toBe(true)
        expect(result.exitCode).toBe(0)
        const built = emulator.state.packages.find(p => p.id === result.outputs.packageId)!
        for (const id of parallel) {
          expect(emulator.state.packages.find(p => p.id === id)!.createdOn > built.createdOn).toBe(true)
          expect(stillThere(emulator, id)).toBe(true)
        }
        expect(deleteRequests(emulator)).toEqual([OLD[0].id])
        expect(result.outputs.deletedPackages).toBe('1')
        // The newest is kept as one of the newest 1; the other only because it is newer than ours.
        expect(result.stdout).toContain(
          `Keeping 1 package(s) beyond the newest 1 that are not older than package ${built.id}, which this run deployed (another run may deploy them): ${parallel[0]}`
        )
        expect(retentionSection(result)).toContain(
          `Kept, not older than the package this run deployed (1):\n  ${parallel[0]}`
        )
      }
    ))

  it('gives up on a deletion at the step deadline with a warning, and the step stays green', () =>
    withEmulator({ jobFaults: [{ job: 'delete-package', outcome: 'stuck', times: 1 }] }, async emulator => {
      addPackage(emulator, OLD[0])
      const result = await deploy(emulator, { keepPackages: '1', timeoutMinutes: '0.15' })
      expect(result.exitCode).toBe(0)
      expect(result.outputs.deletedPackages).toBe('0')
      const warnings = warningLines(result)
      expect(warnings).toHaveLength(1)
      expect(warnings[0]).toMatch(
        new RegExp(`^Package ${OLD[0].id} .* was not deleted: Gave up waiting for the delete job \\S+ after`)
      )
      expect(stillThere(emulator, OLD[0].id)).toBe(true)
    }))

  it('is still cancelled by the runner while it waits for a deletion', () =>
    withEmulator({ jobFaults: [{ job: 'delete-package', outcome: 'stuck', times: 1 }] }, async emulator => {
      addPackage(emulator, OLD[0])
      let pid: number | undefined
      let signalled = false
      const result = await deploy(
        emulator,
        { keepPackages: '1' },
        {
          onSpawn: id => (pid = id),
          onLine: line => {
            if (signalled || pid === undefined || !/Delete job is (created|running)/.test(line)) return
            signalled = true
            process.kill(pid, 'SIGINT')
          }
        }
      )
      expect(signalled).toBe(true)
      expect(result.exitCode).not.toBe(0)
      expect(result.exitCode).not.toBeNull()
      const [message] = errorLines(result)
      expect(message).toContain('Cancelled (SIGINT) while in phase "retention"')
      expect(message).toMatch(/The delete job \S+ was still running/)
    }))
})
