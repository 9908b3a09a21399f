/**
 * The names inputs are given under. An input renamed in the table (a row's `formerNames`) is still read under its
 * old name until the next major version, with a warning. Inputs given under a spelling the action does not read at
 * all are refused: the runner passes every `with:` key as INPUT_<KEY>, known or not, and only warns about unknown
 * ones; most deploy actions use kebab- or snake-case, so `app-id` or `app_id` is the usual slip, and it would
 * otherwise surface as "appId is required".
 */
import { INPUTS, type InputRow } from './input-table.js'

type Rows = Readonly<Record<string, InputRow>>

/** Every name action.yml declares, in the order of the table: each input, then its former names. */
export function declaredNames(rows: Rows = INPUTS): string[] {
  return Object.entries(rows).flatMap(([name, row]) => [name, ...(row.formerNames ?? [])])
}

/** Every input of the action, under every name it is read by. */
export const INPUT_NAMES = declaredNames()

/** action.yml's `deprecationMessage` for a former name; the runner logs it when a workflow gives that name. */
export function formerNameMessage(former: string, name: string): string {
  return `Use '${name}' instead: '${former}' was renamed '${name}' and is read only until the next major version.`
}

/**
 * Reads the raw inputs under their current names. An input given under a former name is read as the current one,
 * with a warning naming both names; given under two of its names, it is a problem. An input the table marks with
 * `deprecationMessage` warns when given.
 */
export function currentInputs(
  getInput: (name: string) => string,
  problems: string[],
  warn: (message: string) => void,
  rows: Rows = INPUTS
): (name: string) => string {
  const values = new Map<string, string>()
  for (const [name, row] of Object.entries(rows)) {
    let value = getInput(name)
    // The runner passes action.yml's default for an input the workflow does not give, so a value equal to the
    // default does not say the workflow gave the input under its current name.
    let givenAs = value !== '' && value !== row.default ? name : undefined
    for (const former of row.formerNames ?? []) {
      const formerValue = getInput(former)
      if (formerValue === '') continue
      if (givenAs) {
        problems.push(
          `Input '${name}' is given twice, as '${givenAs}' and as '${former}' (its former name): give it once, as '${name}'.`
        )
        continue
      }
      warn(
        `Input '${former}' was renamed '${name}': use '${name}' instead; '${former}' is read only until the next major version.`
      )
      value = formerValue
      givenAs = former
    }
    if (row.deprecationMessage && givenAs) warn(`Input '${name}' is deprecated: ${row.deprecationMessage}`)
    values.set(name, value)
  }
  return name => values.get(name) ?? getInput(name)
}

const squash = (name: string): string => name.replace(/[-_\s]/g, '').toLowerCase()

/** The runner's variable for an input: INPUT_ and the name in capitals, spaces as underscores. */
const variableOf = (name: string): string => `INPUT_${name.replace(/ /g, '_').toUpperCase()}`

/**
 * Inputs given under another spelling of a known name (app-id, app_id, APP_ID...), while the known one is empty:
 * one problem each, naming the input to use (the current name, also for a misspelt former name).
 */
export function misspelledInputs(env: NodeJS.ProcessEnv, rows: Rows = INPUTS): string[] {
  const known = new Map(
    Object.entries(rows).flatMap(([name, row]) =>
      [name, ...(row.formerNames ?? [])].map(spelling => [squash(spelling), name] as const)
    )
  )
  const declared = new Set(declaredNames(rows).map(variableOf))
  const problems: string[] = []
  for (const [variable, value] of Object.entries(env)) {
    if (!variable.startsWith('INPUT_') || !value || declared.has(variable)) continue
    const given = variable.slice('INPUT_'.length)
    const meant = known.get(squash(given))
    if (!meant || env[variableOf(meant)]) continue
    problems.push(
      `Input '${given.toLowerCase()}' is not an input of this action: use '${meant}' (the inputs are camelCase).`
    )
  }
  return problems
}
