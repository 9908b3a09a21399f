/**
 * action.yml as the GitHub Marketplace's publish form reads it: a listing it would refuse fails here, on main,
 * before a release tag freezes it (the form checks the action.yml of the tag being published).
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { ROOT } from '../scripts/run-action.js'
import {
  BRANDING_COLORS,
  BRANDING_ICONS,
  DESCRIPTION_LIMIT,
  MARKETPLACE_CATEGORIES,
  METADATA_ID
} from './support/marketplace-rules.js'

interface ActionYml {
  name?: unknown
  description?: unknown
  branding?: { icon?: unknown; color?: unknown }
  inputs?: Record<string, { description?: unknown; deprecationMessage?: unknown }>
  outputs?: Record<string, { description?: unknown }>
  runs?: { using?: unknown; main?: unknown }
}

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionYml

const isText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== ''

describe('the Marketplace listing (action.yml)', () => {
  it('has a description shorter than 125 characters, on one line', () => {
    expect(isText(action.description)).toBe(true)
    const description = action.description as string
    expect(description.length).toBeLessThan(DESCRIPTION_LIMIT)
    expect(description).not.toMatch(/\n/)
  })

  it('keeps in the description what the action does and for which targets', () => {
    expect(action.description).toMatch(/\bbuild\b/i)
    expect(action.description).toMatch(/\bdeploy\b/i)
    expect(action.description).toContain('Mendix for Private Cloud')
    expect(action.description).toContain('Mendix Cloud')
  })

  it('has a name that can be unique: short, several words, no category and no GitHub feature', () => {
    expect(isText(action.name)).toBe(true)
    const name = action.name as string
    expect(name).toBe(name.trim())
    // Not a documented limit: ours, so the name shows whole in the Actions tab and on the Marketplace card.
    expect(name.length).toBeLessThanOrEqual(50)
    // A user or organization login is one word (letters, digits and '-'), so a name with a space matches none.
    expect(name).toMatch(/\S \S/)
    expect(MARKETPLACE_CATEGORIES.map(category => category.toLowerCase())).not.toContain(name.toLowerCase())
    // GitHub reserves the names of its features; a name that starts with GitHub reads as one of them.
    expect(name).not.toMatch(/^github\b/i)
  })

  it('has branding with an icon and a color the Marketplace shows', () => {
    expect(BRANDING_ICONS.has(action.branding?.icon as string)).toBe(true)
    expect(BRANDING_COLORS).toContain(action.branding?.color)
  })

  it('describes every input and output, under ids the metadata syntax allows', () => {
    const entries = [
      ...Object.entries(action.inputs ?? {}).map(([id, input]) => [`input ${id}`, id, input] as const),
      ...Object.entries(action.outputs ?? {}).map(([id, output]) => [`output ${id}`, id, output] as const)
    ]
    expect(entries.length).toBeGreaterThan(10)
    const undescribed = entries.filter(([, , entry]) => !isText(entry.description)).map(([what]) => what)
    expect(undescribed).toEqual([])
    expect(entries.filter(([, id]) => !METADATA_ID.test(id)).map(([what]) => what)).toEqual([])
  })

  it('gives every deprecated input a message to show', () => {
    const empty = Object.entries(action.inputs ?? {}).filter(
      ([, input]) => 'deprecationMessage' in input && !isText(input.deprecationMessage)
    )
    expect(empty.map(([id]) => id)).toEqual([])
  })

  it('runs on node24 from the committed bundle', () => {
    expect(action.runs?.using).toBe('node24')
    expect(existsSync(join(ROOT, action.runs?.main as string))).toBe(true)
  })
})

describe('the branding rules themselves', () => {
  it('refuses icons GitHub omits, and colors it does not offer', () => {
    for (const icon of ['coffee', 'github', 'key', 'x-octagon']) expect(BRANDING_ICONS.has(icon)).toBe(false)
    expect(BRANDING_ICONS.size).toBe(257)
    expect(BRANDING_COLORS).not.toContain('gray')
  })
})
