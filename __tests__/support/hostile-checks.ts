/**
 * What a hostile answer must not achieve, read off what the action printed and wrote: workflow commands it did
 * not mean to send, raw HTML or broken Markdown in the job summary, memory it should not have used.
 */
import { readFileSync } from 'node:fs'

/** The workflow commands the action itself sends (through @actions/core). */
const OWN_COMMANDS = new Set(['error', 'warning', 'notice', 'debug', 'add-mask', 'group', 'endgroup'])

export interface CommandScan {
  /** Lines the runner would take as commands that the action did not send: a server injected them. */
  injected: string[]
  /** The action's own commands the runner would carry out, e.g. `::error title=...::...`. */
  processed: string[]
}

/**
 * Reads stdout as the runner does: a line ends at \n or \r, leading whitespace is skipped, `::name ...::data`
 * is a command, `##[name]` is one anywhere in any other line (the runner's legacy form), and
 * `::stop-commands::<token>` turns commands off until `::<token>::`. A stop with one of `injectedTokens`, a command the action never sends, or one whose data
 * begins with `pwned` counts as injected; the action's own stop-commands (any other token) are honoured.
 */
export function scanCommands(stdout: string, injectedTokens: string[] = ['abc']): CommandScan {
  const injected: string[] = []
  const processed: string[] = []
  let stoppedUntil: string | undefined
  for (const line of stdout.split(/\r\n|\r|\n/)) {
    const text = line.trimStart()
    if (stoppedUntil !== undefined) {
      if (text === `::${stoppedUntil}::`) stoppedUntil = undefined
      continue
    }
    const command = /^::([A-Za-z-]+)(?: [^:]*)?::(.*)$/.exec(text)
    if (!command) {
      if (text.includes('##[')) injected.push(line)
      continue
    }
    const name = command[1].toLowerCase()
    const data = command[2]
    if (name === 'stop-commands') {
      if (data === '' || injectedTokens.includes(data)) injected.push(line)
      else stoppedUntil = data
    } else if (!OWN_COMMANDS.has(name) || data.startsWith('pwned')) injected.push(line)
    else processed.push(text)
  }
  return { injected, processed }
}

/** Lines of Markdown outside fenced code blocks and `<pre>` blocks, and whether a fence was left open. */
export function outsideCode(markdown: string): { lines: string[]; unclosed: boolean } {
  const lines: string[] = []
  let fence: { char: string; length: number } | undefined
  let pre = false
  for (const line of markdown.split('\n')) {
    if (pre) {
      if (/<\/pre>/i.test(line)) pre = false
      continue
    }
    if (fence) {
      const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line)
      if (close && close[1][0] === fence.char && close[1].length >= fence.length) fence = undefined
      continue
    }
    const open = /^ {0,3}(`{3,}|~{3,})/.exec(line)
    if (open) {
      fence = { char: open[1][0], length: open[1].length }
      continue
    }
    if (/^ {0,3}<pre[\s>]/i.test(line)) {
      pre = !/<\/pre>/i.test(line)
      continue
    }
    lines.push(line)
  }
  return { lines, unclosed: fence !== undefined || pre }
}

function unescapedCount(text: string, char: string): number {
  let count = 0
  for (let i = 0; i < text.length; i++) if (text[i] === char && text[i - 1] !== '\\') count++
  return count
}

/**
 * What in a job summary lets server text act as HTML or Markdown: raw `<img`/`<script`, a `javascript:` link,
 * a table row with more or fewer than two cells or with an unpaired backtick, a line that breaks into the table,
 * a fence left open.
 */
export function summaryProblems(summary: string): string[] {
  const problems: string[] = []
  if (/<(img|script|iframe|svg)\b/i.test(summary)) problems.push('raw HTML element')
  if (/\]\(\s*<?\s*javascript:|href\s*=\s*["']?\s*javascript:|<javascript:/i.test(summary))
    problems.push('javascript: link')
  const lines = summary.split('\n')
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== '|---|---|') continue
    for (let j = i + 1; j < lines.length && lines[j].trim() !== ''; j++) {
      const row = lines[j]
      if (!row.startsWith('|') || !row.endsWith('|')) problems.push(`a line breaks into the table: ${row}`)
      else if (unescapedCount(row, '|') !== 3) problems.push(`a table row without exactly two cells: ${row}`)
      else if (unescapedCount(row, '`') % 2 !== 0)
        problems.push(`a table row with an unpaired backtick: ${row}`)
    }
  }
  if (outsideCode(summary).unclosed) problems.push('a code block left open')
  return problems
}

/** Samples a process's peak resident memory (VmHWM in /proc/<pid>/status) while it runs. */
export function peakMemory(): { onSpawn: (pid: number) => void; peakMb: () => number } {
  let peakKb = 0
  let timer: NodeJS.Timeout | undefined
  const sample = (pid: number): void => {
    try {
      const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
      if (match) peakKb = Math.max(peakKb, Number(match[1]))
    } catch {
      clearInterval(timer)
    }
  }
  return {
    onSpawn: pid => {
      sample(pid)
      timer = setInterval(() => sample(pid), 25)
    },
    peakMb: () => {
      clearInterval(timer)
      return Math.round(peakKb / 1024)
    }
  }
}
