/** The one readiness rule (src/private-cloud/readiness.ts) and the rollback's restore of every field a deploy changed. */
import { RolloutJudge, settleWindowMs, SETTLE_WINDOW_MS } from '../src/private-cloud/readiness.js'
import {
  holdsFieldsOf,
  withDeployChanges,
  withFieldsRestored,
  type Manifest
} from '../src/private-cloud/manifest.js'

const OURS = 'new-package'
const read = (state: string | undefined, packageId = OURS) => ({ packageId, state })

describe('RolloutJudge', () => {
  it('does not end on a first Ready or Failed inside the settle window: it may describe the old pods', () => {
    for (const state of ['Ready', 'Failed']) {
      const judge = new RolloutJudge(OURS, 1000)
      expect(judge.judge(read(state), 10)).toEqual({ kind: 'wait' })
      expect(judge.judge(read(state), 500)).toEqual({ kind: 'wait' })
    }
  })

  it('ends on a terminal state once the rollout was seen under way', () => {
    const judge = new RolloutJudge(OURS, 1000)
    expect(judge.judge(read('Ready'), 10)).toEqual({ kind: 'wait' })
    expect(judge.judge(read('Processing'), 20)).toEqual({ kind: 'wait' })
    expect(judge.judge(read('Ready'), 30)).toEqual({ kind: 'ready' })
  })

  it('takes a change from one terminal state to the other as the rollout', () => {
    const judge = new RolloutJudge(OURS, 1000)
    expect(judge.judge(read('Ready'), 10)).toEqual({ kind: 'wait' })
    expect(judge.judge(read('Failed'), 20)).toEqual({ kind: 'failed' })
  })

  it('ends on a terminal state read after the settle window', () => {
    const judge = new RolloutJudge(OURS, 1000)
    expect(judge.judge(read('Ready'), 999)).toEqual({ kind: 'wait' })
    expect(judge.judge(read('Ready'), 1000)).toEqual({ kind: 'ready' })
  })

  it('counts the first terminal read when the step wrote nothing', () => {
    expect(new RolloutJudge(OURS, undefined).judge(read('Ready'), 0)).toEqual({ kind: 'ready' })
    expect(new RolloutJudge(OURS, undefined).judge(read('Processing'), 0)).toEqual({ kind: 'wait' })
  })

  it('waits out reads of another package until the window, then says another change won', () => {
    const judge = new RolloutJudge(OURS, 1000)
    expect(judge.judge(read('Ready', 'old'), 10)).toEqual({ kind: 'wait' })
    expect(judge.judge(read('Processing', 'other'), 2000)).toEqual({ kind: 'wait' })
    expect(judge.judge(read('Ready', 'other'), 2000)).toEqual({ kind: 'replaced', packageId: 'other' })
  })

  it('says when no read ever showed a state, after the window', () => {
    const judge = new RolloutJudge(OURS, 1000)
    expect(judge.judge(read(undefined), 10)).toEqual({ kind: 'wait' })
    expect(judge.judge(read(undefined), 1000)).toEqual({ kind: 'no-state' })
  })

  it('has a window of 30 s, at most a tenth of the budget', () => {
    expect(settleWindowMs(60 * 60_000)).toBe(SETTLE_WINDOW_MS)
    expect(settleWindowMs(30_000)).toBe(3000)
  })
})

function manifest(): Manifest {
  return {
    manifestVersion: '2.0.0',
    environment: {
      id: 'e',
      deployment: {
        packageId: 'old',
        appUrl: 'https://a',
        constants: [
          { name: 'M.A', value: 'a' },
          { name: 'M.B', value: 'b' }
        ]
      },
      container: { instances: 1, state: 'Ready' },
      runtime: { environmentVariables: [{ name: 'JAVA_TOOL_OPTIONS', value: '-Xmx512m' }] },
      unknown: { kept: true }
    }
  }
}

describe('withFieldsRestored', () => {
  const changes = {
    packageId: 'new',
    constants: [{ name: 'M.A', value: 'changed' }],
    environmentVariables: [
      { name: 'JAVA_TOOL_OPTIONS', value: '-Xmx1m' },
      { name: 'ADDED', value: '1' }
    ],
    instances: 3
  }

  it('puts back the package, the instances, the constants and variables the deploy set, and removes what it added', () => {
    const before = manifest()
    const deployed = withDeployChanges(before, changes)
    // Meanwhile someone else changed another field: it stays.
    ;(
      deployed.environment as { deployment: { constants: Array<{ value: string }> } }
    ).deployment.constants[1].value = 'theirs'
    const restored = withFieldsRestored(deployed, before, changes)
    const expected = manifest()
    ;(
      expected.environment as { deployment: { constants: Array<{ value: string }> } }
    ).deployment.constants[1].value = 'theirs'
    expect(restored).toEqual(expected)
    expect(holdsFieldsOf(restored, before, changes)).toBe(true)
    expect(holdsFieldsOf(deployed, before, changes)).toBe(false)
  })

  it('brings the instance count back after a restart, whatever the deploy asked', () => {
    const before = manifest()
    const restarted = withDeployChanges(before, { packageId: 'new' })
    ;(restarted.environment as { container: { instances: number } }).container.instances = 0
    const restored = withFieldsRestored(restarted, before, { packageId: 'new' })
    expect(restored).toEqual(before)
  })
})
