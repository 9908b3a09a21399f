/**
 * Issue 25, end to end through dist/index.js: a cancel (the runner's SIGTERM) and the step's deadline during a
 * build in the runner end MxBuild and the process it started (as MxBuild starts Java) within 10 s, and nothing is
 * uploaded. The emulated MxBuild of a slow app prints both process ids; MxBuild runs in a process group of its
 * own, so only the action can end it: the runner's signal reaches the action alone.
 */
import { deploy, errorLines, withEmulator } from './support/deploy-run.js'
import {
  makeRunner,
  mxbuildPids,
  runnerInputs,
  running,
  writes,
  type Runner
} from './support/runner-build.js'

let runner: Runner
beforeEach(() => (runner = makeRunner({ slowMs: 120_000 })))
afterEach(() => runner.dispose())

/** Waits until none of `pids` runs, for at most `ms`; returns those still running. */
async function gone(pids: number[], ms: number): Promise<number[]> {
  const until = Date.now() + ms
  while (pids.some(running) && Date.now() < until) await new Promise(resolve => setTimeout(resolve, 100))
  return pids.filter(running)
}

describe('a build in the runner that is stopped', () => {
  it('a cancel (SIGTERM) ends MxBuild and its child within 10 s, and nothing is uploaded', () =>
    withEmulator({}, async emulator => {
      let action = 0
      let pids: number[] = []
      let signalledAt = 0
      const result = await deploy(emulator, runnerInputs(emulator), {
        env: runner.env,
        timeoutMs: 60_000,
        onSpawn: pid => (action = pid),
        onLine: line => {
          const found = mxbuildPids(line)
          if (!found || pids.length) return
          pids = found
          signalledAt = Date.now()
          process.kill(action, 'SIGTERM')
        }
      })
      expect(pids).toHaveLength(2)
      expect(Date.now() - signalledAt).toBeLessThan(10_000)
      expect(await gone(pids, 10_000 - (Date.now() - signalledAt))).toEqual([])
      expect(result.exitCode).toBe(1)
      expect(errorLines(result)[0]).toMatch(/^Cancelled \(SIGTERM\) while in phase "build"/)
      expect(result.summary).toContain('### ⛔ Mendix deploy cancelled (SIGTERM) while in phase "build"')
      expect(writes(emulator)).toEqual([])
    }))

  it("the step's deadline ends MxBuild and its child within 10 s, with an error naming timeoutMinutes", () =>
    withEmulator({}, async emulator => {
      let pids: number[] = []
      let spawnedAt = 0
      const timeoutMinutes = 0.1
      const result = await deploy(
        emulator,
        runnerInputs(emulator, { timeoutMinutes: String(timeoutMinutes) }),
        {
          env: runner.env,
          timeoutMs: 60_000,
          onSpawn: (_pid, at) => (spawnedAt = at),
          onLine: line => (pids = pids.length ? pids : (mxbuildPids(line) ?? []))
        }
      )
      const deadline = spawnedAt + timeoutMinutes * 60_000
      expect(pids).toHaveLength(2)
      expect(Date.now() - deadline).toBeLessThan(10_000)
      expect(await gone(pids, deadline + 10_000 - Date.now())).toEqual([])
      expect(result.exitCode).toBe(1)
      expect(errorLines(result)[0]).toMatch(
        /^MxBuild 10\.24\.0\.73019 did not finish before the step's deadline \(timeoutMinutes\); it was ended with all its processes, and nothing was uploaded\./
      )
      expect(writes(emulator)).toEqual([])
    }))
})
