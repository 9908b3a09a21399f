/**
 * Issue 25, end to end through dist/index.js: a build in the runner that fails uploads and changes nothing. Model
 * errors (exit code 3) give one annotation per problem and a table in the job summary; exit codes 1 and 2 say what
 * they mean; a fork's code is not built; and each bad input is refused before any download or request.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { SEED } from '../emulator/index.js'
import type { MprOptions } from './support/mpr.js'
import { cloudInputs, deploy, deploymentOf, errorLines, stored, withEmulator } from './support/deploy-run.js'
import {
  annotations,
  downloads,
  makeRunner,
  runnerInputs,
  writes,
  type Runner
} from './support/runner-build.js'

const runners: Runner[] = []
afterEach(() => runners.splice(0).forEach(runner => runner.dispose()))
function runnerWith(app: Partial<MprOptions> | null = {}): Runner {
  const runner = makeRunner(app)
  runners.push(runner)
  return runner
}

const TEST = SEED.environments.test

describe('model errors (exit code 3)', () => {
  const broken: MprOptions['broken'] = [
    {
      name: 'CW0001',
      severity: 'Warning',
      message: 'Variable "Unused" is never used.',
      module: 'Orders',
      document: 'ACT_Order_Save',
      element: 'Create variable'
    },
    {
      name: 'CE0463',
      severity: 'Error',
      // A line of the app's text that would be a workflow command if printed raw.
      message: 'The widget definition | <b>changed</b>.\n::error::injected by the model',
      module: 'Orders',
      document: 'Order_Overview',
      element: 'Data grid'
    },
    {
      name: 'CE1613',
      severity: 'Error',
      message: 'The selected attribute no longer exists.',
      module: 'Crm',
      document: 'Customer_Edit',
      element: 'Text box'
    },
    { name: null, severity: 'Deprecation', message: 'A deprecated Java API is used.', module: 'Orders' }
  ]

  it.each([
    ['private-cloud', (e: Parameters<typeof runnerInputs>[0]) => runnerInputs(e)],
    ['mendix-cloud', (e: Parameters<typeof runnerInputs>[0]) => cloudInputs(e, runnerInputs(e))]
  ])('%s: fail before any upload, one annotation per problem, a table in the summary', (target, inputs) =>
    withEmulator({}, async emulator => {
      const runner = runnerWith({ broken })
      const before =
        target === 'private-cloud' ? deploymentOf(stored(emulator, TEST.id)).packageId : undefined
      const result = await deploy(emulator, inputs(emulator), { env: runner.env })
      expect(result.exitCode).toBe(1)
      expect(writes(emulator)).toEqual([])
      if (before) expect(deploymentOf(stored(emulator, TEST.id)).packageId).toBe(before)

      expect(annotations(result, 'error').filter(a => a.title.startsWith('Model error'))).toEqual([
        {
          title: 'Model error in Orders.Order_Overview',
          message:
            'CE0463: The widget definition | <b>changed</b>.\n:\u200b:error::injected by the model (element: Data grid)'
        },
        {
          title: 'Model error in Crm.Customer_Edit',
          message: 'CE1613: The selected attribute no longer exists. (element: Text box)'
        }
      ])
      expect(annotations(result, 'warning')).toEqual([
        {
          title: 'Model warning in Orders.ACT_Order_Save',
          message: 'CW0001: Variable "Unused" is never used. (element: Create variable)'
        }
      ])
      expect(annotations(result, 'notice')).toEqual([
        { title: 'Deprecation in Orders', message: 'A deprecated Java API is used.' }
      ])
      // The step's own error says what happened and that nothing was uploaded.
      expect(errorLines(result).at(-1)).toMatch(
        /^The app Orders\.mpr failed to build: its model has 2 errors, 1 warning, 1 deprecation \(MxBuild exit code 3\)\. Nothing was uploaded\./
      )
      // No line of the app's text became a workflow command.
      expect(result.stdout.split('\n').filter(line => line.startsWith('::error::injected'))).toEqual([])

      const summary = result.summary.split('\n')
      expect(summary[0]).toBe(
        '### ❌ MxBuild: Orders.mpr failed to build (2 errors, 1 warning, 1 deprecation)'
      )
      expect(summary.slice(2, 8)).toEqual([
        '| Severity | Code | Message | Module | Document | Element |',
        '|---|---|---|---|---|---|',
        '| Error | `CE0463` | The widget definition &#124; &lt;b&gt;changed&lt;/b&gt;. &#58;&#58;error&#58;&#58;injected by the model | Orders | Order&#95;Overview | Data grid |',
        '| Error | `CE1613` | The selected attribute no longer exists. | Crm | Customer&#95;Edit | Text box |',
        '| Warning | `CW0001` | Variable &quot;Unused&quot; is never used. | Orders | ACT&#95;Order&#95;Save | Create variable |',
        '| Deprecation |  | A deprecated Java API is used. | Orders |  |  |'
      ])
      expect(result.summary).toContain('### ❌ Mendix deploy failed while in phase "build"')
    })
  )
})

describe('exit codes 1 and 2', () => {
  it('1: an internal error of MxBuild, not the model; its last lines in the summary; nothing uploaded', () =>
    withEmulator({}, async emulator => {
      const runner = runnerWith({ internalError: 'Out of cheese' })
      const result = await deploy(emulator, runnerInputs(emulator), { env: runner.env })
      expect(result.exitCode).toBe(1)
      expect(errorLines(result)[0]).toMatch(
        /^MxBuild 10\.24\.0\.73019 stopped with an internal error \(exit code 1\): a fault in MxBuild or in what it runs on, not an error in the app's model\./
      )
      expect(result.summary).toContain('<details><summary>Build log (last lines)</summary>')
      expect(result.summary).toContain('An internal error occurred: Out of cheese')
      expect(writes(emulator)).toEqual([])
    }))

  it('2: MxBuild refused an option it does not know (as an older one would --generate-sbom); nothing uploaded', () =>
    withEmulator({}, async emulator => {
      const runner = runnerWith()
      const result = await deploy(emulator, runnerInputs(emulator, { sbom: 'true' }), {
        env: { ...runner.env, MXBUILD_EMULATE_UNKNOWN_OPTIONS: 'generate-sbom' }
      })
      expect(result.exitCode).toBe(1)
      expect(errorLines(result)[0]).toMatch(
        /^MxBuild 10\.24\.0\.73019 refused its command-line options \(exit code 2\): --java-home=.* --generate-sbom --sbom-output-path=/
      )
      expect(errorLines(result)[0]).toContain('Unknown option: --generate-sbom')
      expect(writes(emulator)).toEqual([])
    }))
})

describe('code from a fork is not built with the secrets at hand', () => {
  function event(runner: Runner, payload: unknown): string {
    const path = join(runner.root, 'event.json')
    writeFileSync(path, JSON.stringify(payload))
    return path
  }
  const forkPr = { pull_request: { number: 12, head: { repo: { full_name: 'mallory/orders-app' } } } }

  it.each([
    ['pull_request_target', 'the workflow runs on pull_request_target'],
    ['pull_request', "the pull request's code comes from the fork mallory/orders-app"]
  ])('on %s from a fork: refused before anything is sent, naming the safe pattern', (name, reason) =>
    withEmulator({}, async emulator => {
      const runner = runnerWith()
      const result = await deploy(emulator, runnerInputs(emulator), {
        env: { ...runner.env, GITHUB_EVENT_NAME: name, GITHUB_EVENT_PATH: event(runner, forkPr) }
      })
      expect(result.exitCode).toBe(1)
      const [error] = errorLines(result)
      expect(error).toContain(`Input 'build' (runner) is refused: ${reason}`)
      expect(error).toContain('build without secrets in a pull_request workflow')
      expect(error).toContain('from a workflow_run workflow')
      expect(error).toContain('set allowUntrustedBuild: true')
      expect(emulator.traffic).toEqual([])
    })
  )

  it('builds all the same with allowUntrustedBuild: true', () =>
    withEmulator({}, async emulator => {
      const runner = runnerWith()
      const result = await deploy(emulator, runnerInputs(emulator, { allowUntrustedBuild: 'true' }), {
        env: {
          ...runner.env,
          GITHUB_EVENT_NAME: 'pull_request_target',
          GITHUB_EVENT_PATH: event(runner, forkPr)
        }
      })
      expect({ exit: result.exitCode, errors: errorLines(result) }).toEqual({ exit: 0, errors: [] })
      expect(deploymentOf(stored(emulator, TEST.id)).packageId).toBe(result.outputs.packageId)
    }))
})

describe('bad input: a clear error before any download or request', () => {
  const cases: Array<
    [
      string,
      (r: Runner) => Record<string, string>,
      Record<string, string>,
      RegExp,
      (Partial<MprOptions> | null)?
    ]
  > = [
    ['no .mpr in the workspace', () => ({}), {}, /workspace root .* holds no \*\.mpr file/, null],
    [
      'several .mpr files',
      r => {
        writeFileSync(join(r.workspace, 'Other.mpr'), '')
        return {}
      },
      {},
      /holds 2 \*\.mpr files \(Orders\.mpr, Other\.mpr\): set 'mprFile'/
    ],
    [
      'an app file that is not SQLite',
      r => {
        writeFileSync(join(r.workspace, 'Orders.mpr'), 'version https://git-lfs.github.com/spec/v1\n')
        return {}
      },
      {},
      /is a Git LFS pointer, not the app file/
    ],
    ['an app file without _MetaData', () => ({}), {}, /has no _MetaData table/, { metadata: false }],
    [
      'a version that is not four numbers',
      () => ({}),
      {},
      /not a four-part version such as 10\.24\.0\.73019/,
      { version: '10.24.0' }
    ],
    [
      'no JDK',
      () => ({ JAVA_HOME: '' }),
      {},
      /needs a JDK, and JAVA_HOME is not set: add an actions\/setup-java step/
    ],
    [
      'a javaHome without bin/java',
      r => {
        mkdirSync(join(r.root, 'jre'))
        return {}
      },
      { javaHome: 'JRE' },
      /Input 'javaHome' must be a JDK's directory, with bin\/java/
    ],
    [
      'an http mirror off this machine',
      () => ({}),
      { mxbuildUrl: 'http://mirror.example.com/mendix' },
      /Input 'mxbuildUrl' must use https/
    ],
    [
      'packageFile with build: runner',
      () => ({}),
      { packageFile: 'MDA' },
      /Inputs 'build' \(runner\) and 'packageFile' each say where the package comes from/
    ]
  ]

  it.each(cases)('%s', (_name, prepare, extra, error, app = {}) =>
    withEmulator({}, async emulator => {
      const runner = runnerWith(app)
      const env = { ...runner.env, ...prepare(runner) }
      const mda = join(runner.root, 'App.mda')
      writeFileSync(mda, 'PK')
      const inputs = Object.fromEntries(
        Object.entries(extra).map(([k, v]) => [
          k,
          v === 'MDA' ? mda : v === 'JRE' ? join(runner.root, 'jre') : v
        ])
      )
      const result = await deploy(emulator, runnerInputs(emulator, inputs), { env })
      expect(result.exitCode).toBe(1)
      expect(errorLines(result)).toEqual([expect.stringMatching(error)])
      expect(result.summary).toContain('Mendix deploy not started: invalid input')
      expect(emulator.traffic).toEqual([])
    })
  )

  it('an archive whose entries escape its folder is refused before anything is extracted or uploaded', () =>
    withEmulator({}, async emulator => {
      const runner = runnerWith()
      const result = await deploy(
        emulator,
        runnerInputs(emulator, { mxbuildUrl: `http://127.0.0.1:${emulator.port}/mirror/escape-dotdot` }),
        { env: runner.env }
      )
      expect(result.exitCode).toBe(1)
      expect(downloads(emulator)).toEqual(['/mirror/escape-dotdot/mxbuild-10.24.0.73019.tar.gz'])
      expect(errorLines(result)[0]).toMatch(/escape|outside/i)
      expect(writes(emulator)).toEqual([])
    }))
})
