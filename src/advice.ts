/** Warnings and notices about inputs that are valid but probably not what the user meant. */
import type { RunContext, Settings } from './inputs.js'

export interface Advice {
  level: 'warning' | 'notice'
  title: string
  message: string
}

export function adviseOn(settings: Settings, run: RunContext): Advice[] {
  const advice: Advice[] = []
  if (/^main ?line$/i.test(settings.branch)) {
    advice.push({
      level: 'warning',
      title: 'Branch name',
      message: `branch '${settings.branch}' is what Studio Pro shows; the Build API calls the main line 'main' (Git) or 'trunk' (SVN).`
    })
  }
  if (run.sha && settings.revision === run.sha) {
    advice.push({
      level: 'notice',
      title: 'Revision',
      message:
        "revision is this workflow's own commit (github.sha). That is right only when the app's Team Server history is this repository's; otherwise give the Team Server revision."
    })
  }
  if (/\/api\/v[0-3]$/.test(settings.apiUrl) && settings.target === 'private-cloud') {
    advice.push({
      level: 'warning',
      title: 'Deprecated API version',
      message: `apiUrl ${settings.apiUrl} points at an older API version; the Private Cloud APIs this action speaks are /api/v4.`
    })
  }
  return advice
}
