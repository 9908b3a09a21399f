/**
 * Generated docs, so they cannot drift: action.yml's inputs from the input table (src/input-table.ts), and the
 * README's input and output tables from action.yml. `npm run docs` rewrites them in place; tests fail when
 * action.yml and the table, or the README and action.yml, disagree.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse, stringify } from 'yaml'
import { INPUTS, type InputRow } from '../src/input-table.js'
import { ROOT } from './run-action.js'

interface ActionYml {
  inputs: Record<string, { description: string; required?: boolean; default?: string }>
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

export function renderTables(actionYml: string): { inputs: string; outputs: string } {
  const action = parse(actionYml) as ActionYml
  const inputs = [
    '| Input | Required | Default | Description |',
    '|---|---|---|---|',
    ...Object.entries(action.inputs).map(
      ([name, i]) =>
        `| \`${name}\` | ${i.required ? 'yes' : 'no'} | ${defaultCell(i)} | ${cell(i.description)} |`
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

/** action.yml's `inputs:` block, from the input table. */
export function renderActionInputs(): string {
  const inputs = Object.fromEntries(
    Object.entries(INPUTS as Record<string, InputRow>).map(([name, row]) => [
      name,
      {
        description: row.description,
        required: row.required ?? false,
        ...(row.default !== undefined ? { default: row.default } : {})
      }
    ])
  )
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
