/** The job summary a person reads on the run page: what happened, for success and for failure. */
import type { Settings } from './inputs.js'
import { seconds } from './logger.js'
import type { Progress } from './progress.js'

function escapeCell(value: string): string {
  return value.replace(/\|/g, '\\|').replace(/\n/g, ' ')
}

function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

export interface SummaryInput {
  settings: Settings
  progress: Progress
  environmentName?: string
  /** Set when the step failed. */
  error?: { phase: string; message: string; logTail?: string }
}

/** Markdown for GITHUB_STEP_SUMMARY. Holds ids, names and messages only: never the token. */
export function renderSummary({ settings, progress, environmentName, error }: SummaryInput): string {
  const o = progress.outputs
  const id = (value?: string) => (value ? `\`${value}\`` : '(none)')
  const cloud = settings.target === 'mendix-cloud'
  const rows: Array<[string, string]> = [
    ['Target', cloud ? 'Mendix Cloud' : 'Mendix for Private Cloud'],
    ['App', `\`${settings.appId}\``],
    [
      'Environment',
      environmentName ? `${environmentName} (\`${o.environmentId ?? '?'}\`)` : settings.environment
    ],
    ['Branch and revision', `\`${settings.branch}\` @ \`${settings.revision}\``],
    ['Version', settings.version ?? '(none)'],
    ['Package', o.reused === 'true' ? `${id(o.packageId)} (reused, no build)` : id(o.packageId)],
    ['Previous package', id(o.previousPackageId)],
    ...(cloud
      ? ([
          ['Backup (snapshot)', id(o.snapshotId)],
          ['Start job', id(o.startJobId)]
        ] as Array<[string, string]>)
      : ([
          ['Build job', id(o.buildJobId)],
          ['Deploy job', id(o.deployJobId)]
        ] as Array<[string, string]>)),
    ['App URL', o.appUrl ? `[${o.appUrl}](${o.appUrl})` : '(unknown)'],
    [cloud ? 'Environment status' : 'Container state', o.state ?? '(unknown)'],
    ...(o.rolledBack === 'true'
      ? ([['Rolled back to', id(o.previousPackageId)]] as Array<[string, string]>)
      : []),
    ...progress.phases.map(p => [`Time: ${p.name}`, seconds(p.ms)] as [string, string])
  ]
  const heading = error
    ? `### ❌ Mendix deploy failed while in phase "${error.phase}"`
    : '### ✅ Mendix deploy succeeded'
  const lines = [
    heading,
    '',
    '| | |',
    '|---|---|',
    ...rows.map(([k, v]) => `| ${k} | ${escapeCell(v)} |`),
    ''
  ]
  for (const section of progress.sections) {
    lines.push(`**${section.title}**`, '', '```diff', ...section.lines, '```', '')
  }
  if (error) {
    lines.push('**Error**', '', '```', error.message.split('\nLast lines of the build log:')[0], '```', '')
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
  return lines.join('\n')
}
