/** The mistakes a new user makes with inputs, each answered with the fix, before any request. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { SEED } from '../emulator/index.js'
import { INPUT_NAMES, misspelledInputs } from '../src/input-names.js'
import { ROOT } from '../scripts/run-action.js'
import { deploy, errorLines, withEmulator } from './support/deploy-run.js'

describe('input names', () => {
  it('knows every input of action.yml, and no other', () => {
    const declared = Object.keys(
      (parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { inputs: object }).inputs
    )
    expect([...INPUT_NAMES].sort()).toEqual(declared.sort())
  })

  it('names the camelCase input for kebab-, snake- and upper-case spellings', () => {
    expect(misspelledInputs({ 'INPUT_APP-ID': 'x', INPUT_API_KEY: 'y', INPUT_DRY_RUN: 'true' })).toEqual([
      "Input 'app-id' is not an input of this action: use 'appId' (the inputs are camelCase).",
      "Input 'api_key' is not an input of this action: use 'apiKey' (the inputs are camelCase).",
      "Input 'dry_run' is not an input of this action: use 'dryRun' (the inputs are camelCase)."
    ])
  })

  it('says nothing when the right input is given too, or for the right spelling', () => {
    expect(misspelledInputs({ 'INPUT_APP-ID': 'x', INPUT_APPID: 'y', INPUT_TOKEN: 'z' })).toEqual([])
  })
})

describe('a new user’s mistakes, end to end', () => {
  it.each([
    [{ appId: '', 'app-id': SEED.appId }, "use 'appId'"],
    [{ appId: '', app_id: SEED.appId }, "use 'appId'"],
    [{ appId: '' }, "Input 'appId' is required"],
    [{ appId: 'orders-demo' }, 'set target: mendix-cloud']
  ])('%j: %s, before any request, in the log and the job summary', (inputs, fix) =>
    withEmulator({}, async emulator => {
      const result = await deploy(emulator, inputs as Record<string, string>)
      expect(result.exitCode).toBe(1)
      expect(errorLines(result).join('\n')).toContain(fix)
      expect(result.stdout).toMatch(/^::error title=Invalid input::/m)
      expect(result.files.summary).toContain('invalid input')
      expect(result.files.summary).toContain(fix)
      expect(emulator.traffic).toEqual([])
    })
  )
})
