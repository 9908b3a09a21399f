/**
 * Generated docs, so they cannot drift: action.yml's inputs from the input table (src/input-table.ts), and the
 * README's input and output tables from action.yml. `npm run docs` rewrites them in place; tests fail when
 * action.yml and the table, or the README and action.yml, disagree.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse, stringify } from 'yaml'
import { declaredNames, formerNameMessage } from '../src/input-names.js'
import { INPUTS, type InputRow } from '../src/input-table.js'
import { ROOT } from './run-action.js'

interface ActionYml {
  inputs: Record<
    string,
    { description: string; required?: boolean; default?: string; deprecationMessage?: string }
  >
  outputs: Record<string, { description: string }>
}

function cell(text: string): string {
  return text
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ')
    .trim()
}

/**
 * The Default column. An input of one target only cannot have an action.yml `default` (the runner would pass it on
 * the other target too, where it is refused), so its default is written at the end of its description as
 * `Default X.` and shown here with the target its description names.
 */
function defaultCell(input: { description: string; default?: string }): string {
  if (input.default !== undefined) return `\`${input.default}\``
  const stated = /Default (\S+)\.$/.exec(input.description.trim())?.[1]
  if (!stated) return ''
  const target = /^(private-cloud|mendix-cloud) - /.exec(input.description)?.[1]
  return target ? `\`${stated}\` (${target})` : `\`${stated}\``
}

/** An input's description, led by its deprecation when it has one, so a reader of the table sees it first. */
function describe(input: { description: string; deprecationMessage?: string }): string {
  return input.deprecationMessage
    ? `**Deprecated**: ${input.deprecationMessage} ${input.description}`
    : input.description
}

export function renderTables(actionYml: string): { inputs: string; outputs: string } {
  const action = parse(actionYml) as ActionYml
  const inputs = [
    '| Input | Required | Default | Description |',
    '|---|---|---|---|',
    ...Object.entries(action.inputs).map(
      ([name, i]) =>
        `| \`${name}\` | ${i.required ? 'yes' : 'no'} | ${defaultCell(i)} | ${cell(describe(i))} |`
    )
  ].join('\n')
  const outputs = [
    '| Output | Description |',
    '|---|---|',
    ...Object.entries(action.outputs).map(([name, o]) => `| \`${name}\` | ${cell(o.description)} |`)
  ].join('\n')
  return { inputs, outputs }
}

/** The text between `<!-- NAME:start -->` and `<!-- NAME:end -->`. */
export function section(readme: string, name: string): string {
  const match = new RegExp(`<!-- ${name}:start -->\\n([\\s\\S]*?)\\n?<!-- ${name}:end -->`).exec(readme)
  if (!match) throw new Error(`README.md has no ${name} section`)
  return match[1]
}

function replaceSection(readme: string, name: string, body: string): string {
  section(readme, name)
  return readme.replace(
    new RegExp(`(<!-- ${name}:start -->\\n)[\\s\\S]*?\\n?(<!-- ${name}:end -->)`),
    (_, start: string, end: string) => `${start}${body}\n${end}`
  )
}

interface ActionInput {
  description: string
  required: boolean
  default?: string
  deprecationMessage?: string
}

/** An input id as action.yml allows it: a letter or `_`, then letters, digits, `-` or `_`. */
const INPUT_ID = /^[A-Za-z_][A-Za-z0-9_-]*$/

/**
 * Refuses a table whose names action.yml cannot declare or the step cannot tell apart: ids action.yml does not
 * allow, two names the runner passes as the same INPUT_<NAME> variable, or two inputs whose names differ only in
 * case, `-` or `_` (the misspelling check could not say which one was meant). A former name may be such a variant
 * of its own input's name (`app-id` renamed `appId`).
 */
function checkNames(rows: Readonly<Record<string, InputRow>>): void {
  const bad = declaredNames(rows).filter(name => !INPUT_ID.test(name))
  if (bad.length) throw new Error(`Input names action.yml does not allow: ${bad.join(', ')}`)
  const variables = new Map<string, string>()
  const spellings = new Map<string, { input: string; described: string }>()
  const nameOf = (name: string, input: string): string =>
    name === input ? `input '${name}'` : `'${name}' (a former name of ${input})`
  for (const [input, row] of Object.entries(rows)) {
    for (const name of [input, ...(row.formerNames ?? [])]) {
      const variable = `INPUT_${name.toUpperCase()}`
      const other = variables.get(variable)
      if (other !== undefined)
        throw new Error(`${other} and ${nameOf(name, input)} are both passed as ${variable}`)
      variables.set(variable, nameOf(name, input))
      const spelling = name.replace(/[-_]/g, '').toLowerCase()
      const owner = spellings.get(spelling)
      if (owner !== undefined && owner.input !== input)
        throw new Error(`${owner.described} and ${nameOf(name, input)} differ only in case, '-' or '_'`)
      spellings.set(spelling, { input, described: nameOf(name, input) })
    }
  }
}

/**
 * action.yml's `inputs:` block, from the input table. A renamed input's former names follow it, each with a
 * `deprecationMessage` pointing to the current name.
 */
export function renderActionInputs(rows: Readonly<Record<string, InputRow>> = INPUTS): string {
  checkNames(rows)
  const inputs: Record<string, ActionInput> = {}
  for (const [name, row] of Object.entries(rows)) {
    inputs[name] = {
      description: row.description,
      required: row.required ?? false,
      ...(row.default !== undefined ? { default: row.default } : {}),
      ...(row.deprecationMessage ? { deprecationMessage: row.deprecationMessage } : {})
    }
    for (const former of row.formerNames ?? []) {
      inputs[former] = {
        description: `The former name of ${name}; see ${name}.`,
        required: false,
        deprecationMessage: formerNameMessage(former, name)
      }
    }
  }
  // Single quotes, as Prettier writes YAML, so the generated file passes the format check as it is.
  return stringify({ inputs }, { lineWidth: 0, singleQuote: true })
}

/** action.yml with its inputs block made from the input table; everything else stays as written. */
export function withTableInputs(actionYml: string): string {
  const start = actionYml.indexOf('\ninputs:\n')
  const end = actionYml.indexOf('\noutputs:\n')
  if (start < 0 || end < start) throw new Error('action.yml has no inputs block followed by outputs')
  return `${actionYml.slice(0, start + 1)}${renderActionInputs()}${actionYml.slice(end)}`
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const actionPath = join(ROOT, 'action.yml')
  writeFileSync(actionPath, withTableInputs(readFileSync(actionPath, 'utf8')))
  const tables = renderTables(readFileSync(join(ROOT, 'action.yml'), 'utf8'))
  const path = join(ROOT, 'README.md')
  let readme = readFileSync(path, 'utf8')
  readme = replaceSection(readme, 'inputs', tables.inputs)
  readme = replaceSection(readme, 'outputs', tables.outputs)
  writeFileSync(path, readme)
  console.log('action.yml inputs and README.md tables updated')
}
