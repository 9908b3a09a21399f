/** The job summary a person reads on the run page: what happened, for success and for failure. */
import type { Settings } from './inputs.js'
import { seconds } from './logger.js'
import type { Progress } from './progress.js'
import { codeCell, escapeCell, escapeHtml, linkCell } from './untrusted.js'
import { describeVersion } from './versions.js'

/** A cell already made safe (escaped text, a code span or a link), as opposed to raw text. */
type Cell = { safe: string }
const safe = (markdown: string): Cell => ({ safe: markdown })

export interface SummaryInput {
  settings: Settings
  progress: Progress
  environmentName?: string
  /** The heading of a successful run that was not a deploy. */
  title?: string
  /** Set when the step failed. */
  error?: { phase: string; message: string; logTail?: string }
  /** Set when the runner cancelled the step: the signal, and the phase it was in. */
  cancelled?: { signal: string; phase: string }
}

/** The job summary when the inputs were refused, before any request. */
export function renderInputErrors(problems: string[]): string {
  return [
    '### ❌ Mendix deploy not started: invalid input',
    '',
    'Nothing was sent to Mendix. Fix these inputs in the workflow file:',
    '',
    '<pre>',
    ...problems.map(problem => escapeHtml(`- ${problem}`)),
    '</pre>',
    ''
  ].join('\n')
}

/** Markdown for GITHUB_STEP_SUMMARY. Holds ids, names and messages only: never the token. */
export function renderSummary({
  settings,
  progress,
  environmentName,
  title,
  error,
  cancelled
}: SummaryInput): string {
  const o = progress.outputs
  const id = (value?: string): Cell => safe(value ? codeCell(value) : '(none)')
  const text = (value: string): Cell => safe(escapeCell(value))
  const cloud = settings.target === 'mendix-cloud'
  const rows: Array<[string, Cell]> = [
    ['Target', text(cloud ? 'Mendix Cloud' : 'Mendix for Private Cloud')],
    ['App', id(settings.appId)],
    [
      'Environment',
      environmentName
        ? safe(`${escapeCell(environmentName)} (${codeCell(o.environmentId ?? '?')})`)
        : text(settings.environment)
    ],
    ['Branch and revision', safe(`${codeCell(settings.branch)} @ ${codeCell(settings.revision)}`)],
    ['Version', text(describeVersion(settings.version, o))],
    ['Package', o.reused === 'true' ? safe(`${id(o.packageId).safe} (reused, no build)`) : id(o.packageId)],
    ['Previous package', id(o.previousPackageId)],
    ...(cloud
      ? ([
          ['Backup (snapshot)', id(o.snapshotId)],
          ['Start job', id(o.startJobId)]
        ] as Array<[string, Cell]>)
      : ([
          ['Build job', id(o.buildJobId)],
          ['Deploy job', id(o.deployJobId)]
        ] as Array<[string, Cell]>)),
    ['App URL', o.appUrl ? safe(linkCell(o.appUrl)) : text('(unknown)')],
    [cloud ? 'Environment status' : 'Container state', text(o.state ?? '(unknown)')],
    ...(o.rolledBack === 'true'
      ? ([['Rolled back to', id(o.previousPackageId)]] as Array<[string, Cell]>)
      : []),
    ...progress.phases.map(p => [`Time: ${p.name}`, text(seconds(p.ms))] as [string, Cell])
  ]
  // A run that deployed nothing (a preview's clean-up or sweep) shows what it worked on, not empty deploy rows.
  const deployedNothing = !error && !cancelled && title !== undefined && o.packageId === undefined
  if (deployedNothing) {
    rows.splice(2, rows.length - 2, ['Environments', text(environmentName ?? '(none)')])
    rows.push(...progress.phases.map(p => [`Time: ${p.name}`, text(seconds(p.ms))] as [string, Cell]))
  }
  const heading = cancelled
    ? `### ⛔ Mendix deploy cancelled (${escapeCell(cancelled.signal)}) while in phase "${escapeCell(cancelled.phase)}"`
    : error
      ? `### ❌ Mendix deploy failed while in phase "${escapeCell(error.phase)}"`
      : title
        ? `### ✅ ${escapeCell(title)}`
        : settings.dryRun
          ? '### ✅ Mendix dry run: nothing was built or changed'
          : '### ✅ Mendix deploy succeeded'
  const lines = [heading, '', '| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v.safe} |`), '']
  for (const section of progress.sections) {
    lines.push(
      `**${escapeCell(section.title)}**`,
      '',
      '<pre>',
      ...section.lines.map(escapeHtml),
      '</pre>',
      ''
    )
  }
  if (error) {
    lines.push(
      '**Error**',
      '',
      '<pre>',
      escapeHtml(error.message.split('\nLast lines of the build log:')[0]),
      '</pre>',
      ''
    )
    if (error.logTail) {
      lines.push(
        '<details><summary>Build log (last lines)</summary>',
        '',
        '<pre>',
        escapeHtml(error.logTail),
        '</pre>',
        '',
        '</details>',
        ''
      )
    }
  }
  // A step that stopped short says what it left: jobs still running, and the state of the environment.
  if (error || cancelled) {
    lines.push('**What was left**', '', '<pre>', ...progress.leftBehind().map(escapeHtml), '</pre>', '')
  }
  return lines.join('\n')
}
