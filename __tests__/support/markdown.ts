/**
 * What the docs tests read from Markdown as GitHub renders it: fenced code blocks, headings and their anchors, and
 * relative links. Lines inside a fence are code, never headings or links (a `# comment` in YAML is not a heading).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { ROOT } from '../../scripts/run-action.js'

interface Line {
  text: string
  /** The info string of the fence the line is in; undefined outside a fence. */
  fence?: string
}

function linesOf(markdown: string): Line[] {
  const lines: Line[] = []
  let fence: string | undefined
  for (const text of markdown.split('\n')) {
    const marker = /^\s*```(\S*)/.exec(text)
    if (marker) {
      fence = fence === undefined ? marker[1] : undefined
      continue
    }
    lines.push({ text, fence })
  }
  return lines
}

/** The contents of every fenced block with this info string (e.g. `yaml`). */
export function fencedBlocks(markdown: string, info: string): string[] {
  const blocks: string[] = []
  let open: { info: string; lines: string[] } | undefined
  for (const text of markdown.split('\n')) {
    const marker = /^\s*```(\S*)/.exec(text)
    if (marker && !open) open = { info: marker[1], lines: [] }
    else if (marker && open) {
      if (open.info === info) blocks.push(`${open.lines.join('\n')}\n`)
      open = undefined
    } else open?.lines.push(text)
  }
  return blocks
}

/** The text GitHub shows for inline Markdown: links become their text, code spans lose their backticks. */
function plain(text: string): string {
  return text.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/`/g, '')
}

/** The anchors GitHub gives the headings (github-slugger: lower case, punctuation dropped, spaces to dashes). */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>()
  const seen = new Map<string, number>()
  for (const { text, fence } of linesOf(markdown)) {
    const heading = fence === undefined ? /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(text) : null
    if (!heading) continue
    const slug = plain(heading[1])
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
      .replace(/ /g, '-')
    const count = seen.get(slug) ?? 0
    seen.set(slug, count + 1)
    anchors.add(count === 0 ? slug : `${slug}-${count}`)
  }
  return anchors
}

/** The `##` headings, in order. */
export function sectionHeadings(markdown: string): string[] {
  return linesOf(markdown)
    .filter(line => line.fence === undefined && line.text.startsWith('## '))
    .map(line => line.text.slice(3).trim())
}

/** Every link outside code that leads into this repository: its path (relative to the file) and anchor. */
export function relativeLinks(markdown: string): Array<{ path: string; anchor?: string }> {
  const links: Array<{ path: string; anchor?: string }> = []
  for (const { text, fence } of linesOf(markdown)) {
    if (fence !== undefined) continue
    const outsideCode = text.replace(/`[^`]*`/g, '')
    for (const [, target] of outsideCode.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z][a-z+.-]*:/i.test(target)) continue
      const [path, anchor] = target.split('#')
      links.push({ path, anchor: anchor || undefined })
    }
  }
  return links
}

/** The whole workflows the README shows (fenced YAML with `on:` and `jobs:`), for users to copy. */
export function readmeWorkflows(): Array<{ name: string; text: string }> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  return fencedBlocks(readme, 'yaml')
    .map(text => ({ text, parsed: parse(text) as { name?: string; on?: unknown; jobs?: unknown } | null }))
    .filter(block => block.parsed?.on !== undefined && block.parsed.jobs !== undefined)
    .map(block => ({ name: `README.md: ${block.parsed!.name}`, text: block.text }))
}
