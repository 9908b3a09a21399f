/**
 * Renaming an input without breaking the workflows on the same major version: the table declares the old name
 * (`formerNames`), action.yml gets it with a `deprecationMessage`, the step still reads it and warns, and giving both
 * names is an error. No input is renamed yet, so these tests rename some in a copy of the table.
 */
import { jest } from '@jest/globals'
import { parse } from 'yaml'
import { renderActionInputs, renderTables } from '../scripts/action-docs.js'
import { InputError } from '../src/errors.js'
import { INPUT_NAMES, misspelledInputs } from '../src/input-names.js'
import { INPUTS, type InputRow } from '../src/input-table.js'
import { readInputs, readSettings, type PrivateCloudSettings, type RunContext } from '../src/inputs.js'
import { maskSecretInputs } from '../src/masking.js'

const run: RunContext = {
  repository: 'acme/orders-app',
  sha: '5e1f0c3a9b7d2e4f6a8c0b1d3e5f7a9c2b4d6e8f',
  ref: 'refs/heads/main',
  runId: '7712345678',
  runAttempt: '1',
  serverUrl: 'https://github.com',
  workflow: 'Deploy',
  runNumber: '42'
}

/** The table with `branch` once called `teamServerBranch`, `appId` once `app`, and `wait` once `waitForJobs`. */
const rows: Record<string, InputRow> = {
  ...INPUTS,
  branch: { ...INPUTS.branch, formerNames: ['teamServerBranch'] },
  appId: { ...INPUTS.appId, formerNames: ['app'] },
  wait: { ...INPUTS.wait, formerNames: ['waitForJobs'] },
  token: { ...INPUTS.token, formerNames: ['mendixToken'] },
  namespace: {
    ...INPUTS.namespace,
    deprecationMessage: 'Environment names are unique now; remove namespace.'
  }
}

const given = {
  token: 'pat-abc123',
  appId: '4b1ad3c2-7f0e-4d8a-9c55-2e6f1a8b9d70',
  revision: 'c41e7a9',
  environment: 'test'
}

/** What the runner passes: each input the workflow gives, and action.yml's default for every other one. */
function runnerInputs(workflow: Record<string, string>): (name: string) => string {
  return name => workflow[name] ?? rows[name]?.default ?? ''
}

function read(workflow: Record<string, string>) {
  const warnings: string[] = []
  const settings = readSettings(runnerInputs(workflow), run, {
    rows,
    warn: message => warnings.push(message)
  })
  return { settings: settings as PrivateCloudSettings, warnings }
}

function problemsOf(workflow: Record<string, string>): string[] {
  try {
    read(workflow)
  } catch (error) {
    if (error instanceof InputError) return error.problems
    throw error
  }
  throw new Error('expected an InputError')
}

describe('a renamed input', () => {
  it('is still read under its old name, with a warning naming the old and the new name', () => {
    const { settings, warnings } = read({ ...given, teamServerBranch: 'feature-x' })
    expect(settings.branch).toBe('feature-x')
    expect(warnings).toEqual([
      "Input 'teamServerBranch' was renamed 'branch': use 'branch' instead; 'teamServerBranch' is read only until the next major version."
    ])
  })

  it('reads the old name of an input without a default too', () => {
    const { appId, ...rest } = given
    const { settings, warnings } = read({ ...rest, app: appId })
    expect(settings.appId).toBe(appId)
    expect(warnings).toEqual([expect.stringContaining("Input 'app' was renamed 'appId'")])
  })

  it('is an error when given under both names, naming both', () => {
    expect(problemsOf({ ...given, app: '0c5f0a52-3c1d-4a8e-9b7f-1d2e3f4a5b6c' })).toEqual([
      "Input 'appId' is given twice, as 'appId' and as 'app' (its former name): give it once, as 'appId'."
    ])
    expect(problemsOf({ ...given, branch: 'develop', teamServerBranch: 'feature-x' })).toEqual([
      expect.stringMatching(/Input 'branch' is given twice, as 'branch' and as 'teamServerBranch'/)
    ])
  })

  it('takes the old name over the default the runner passes for the new one', () => {
    // The runner passes branch: main (action.yml's default) whenever the workflow does not give branch.
    expect(read({ ...given, teamServerBranch: 'main' }).settings.branch).toBe('main')
    expect(read({ ...given, teamServerBranch: 'develop' }).settings.branch).toBe('develop')
  })

  it('is read under its old name by the checks of other inputs too', () => {
    expect(problemsOf({ ...given, waitForJobs: 'false', rollbackOnFailure: 'true' })).toEqual([
      expect.stringContaining("Input 'rollbackOnFailure'")
    ])
    expect(read({ ...given, waitForJobs: 'false' }).settings.wait).toBe(false)
  })

  it('says nothing when only the new name is given', () => {
    const { settings, warnings } = read({ ...given, branch: 'develop' })
    expect(settings.branch).toBe('develop')
    expect(warnings).toEqual([])
  })

  it('is not taken for a misspelling, while a misspelt old name points to the new one', () => {
    expect(misspelledInputs({ INPUT_TEAMSERVERBRANCH: 'feature-x' }, rows)).toEqual([])
    expect(misspelledInputs({ INPUT_TEAM_SERVER_BRANCH: 'feature-x' }, rows)).toEqual([
      "Input 'team_server_branch' is not an input of this action: use 'branch' (the inputs are camelCase)."
    ])
  })

  it('works through readInputs, as the step reads its inputs', () => {
    const warnings: string[] = []
    const env = { INPUT_WAITFORJOBS: 'false' }
    const settings = readInputs(runnerInputs({ ...given, waitForJobs: 'false' }), env, run, {
      rows,
      warn: message => warnings.push(message)
    })
    expect(Array.isArray(settings)).toBe(false)
    expect((settings as PrivateCloudSettings).wait).toBe(false)
    expect(warnings).toHaveLength(1)
  })

  it('is masked under its old name when it is a secret', () => {
    const written: string[] = []
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
      written.push(String(chunk))
      return true
    })
    process.env.INPUT_MENDIXTOKEN = 'pat-under-the-old-name'
    try {
      maskSecretInputs(rows)
    } finally {
      delete process.env.INPUT_MENDIXTOKEN
      write.mockRestore()
    }
    expect(written.join('')).toContain('::add-mask::pat-under-the-old-name')
  })
})

describe('a deprecated input', () => {
  it('warns with its message when given, and not otherwise', () => {
    expect(read({ ...given, namespace: 'orders' }).warnings).toEqual([
      "Input 'namespace' is deprecated: Environment names are unique now; remove namespace."
    ])
    expect(read(given).warnings).toEqual([])
  })
})

describe("action.yml's inputs, generated from the table", () => {
  const inputs = (parse(renderActionInputs(rows)) as { inputs: Record<string, Record<string, unknown>> })
    .inputs

  it('declares the old name right after the new one, with a deprecationMessage naming both', () => {
    const names = Object.keys(inputs)
    expect(names.indexOf('teamServerBranch')).toBe(names.indexOf('branch') + 1)
    expect(inputs.teamServerBranch).toEqual({
      description: 'The former name of branch; see branch.',
      required: false,
      deprecationMessage:
        "Use 'branch' instead: 'teamServerBranch' was renamed 'branch' and is read only until the next major version."
    })
    // No default under the old name: the runner would pass it, and the step could not tell it was not given.
    expect(inputs.teamServerBranch).not.toHaveProperty('default')
    expect(inputs.branch).toMatchObject({ default: 'main' })
    expect(inputs.branch).not.toHaveProperty('deprecationMessage')
  })

  it("copies a deprecated input's message, and the README table leads with it", () => {
    expect(inputs.namespace.deprecationMessage).toBe('Environment names are unique now; remove namespace.')
    const table = renderTables(`${renderActionInputs(rows)}outputs: {}\n`).inputs
    expect(table).toContain(
      '| `namespace` | no |  | **Deprecated**: Environment names are unique now; remove namespace. private-cloud - '
    )
    expect(table).toContain("| `teamServerBranch` | no |  | **Deprecated**: Use 'branch' instead")
  })

  it('refuses an old name the runner or the misspelling check could not tell from another input', () => {
    expect(() =>
      renderActionInputs({ ...rows, branch: { ...INPUTS.branch, formerNames: ['appId'] } })
    ).toThrow("input 'appId' and 'appId' (a former name of branch) are both passed as INPUT_APPID")
    expect(() =>
      renderActionInputs({ ...rows, branch: { ...INPUTS.branch, formerNames: ['app_id'] } })
    ).toThrow("input 'appId' and 'app_id' (a former name of branch) differ only in case, '-' or '_'")
    expect(() =>
      renderActionInputs({ ...rows, branch: { ...INPUTS.branch, formerNames: ['team branch'] } })
    ).toThrow('Input names action.yml does not allow: team branch')
    // A kebab-case name renamed to its camelCase form is fine: it is the same input.
    expect(() =>
      renderActionInputs({ ...INPUTS, appId: { ...INPUTS.appId, formerNames: ['app-id'] } })
    ).not.toThrow()
  })

  it('lists in INPUT_NAMES every name the real action.yml declares (none renamed yet)', () => {
    expect(INPUT_NAMES).toEqual(Object.keys(INPUTS))
  })
})
