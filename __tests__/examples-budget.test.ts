/**
 * The step's `timeoutMinutes` is its whole budget, and the step can only say what it left when it ends itself:
 * in every example workflow (docs/examples and the README), the job's `timeout-minutes` leaves room for the
 * budgets of all the action's steps in it, with a margin for the other steps.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'

const ROOT = join(import.meta.dirname, '..')
/** Checkout, setup and the like, before and after the action's steps. */
const MARGIN_MINUTES = 5

function defaultBudget(): number {
  const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>
  }
  return Number(action.inputs.timeoutMinutes.default)
}

interface Workflow {
  jobs: Record<
    string,
    { 'timeout-minutes'?: number; steps?: Array<{ uses?: string; with?: Record<string, string> }> }
  >
}

function workflows(): Array<[string, Workflow]> {
  const dir = join(ROOT, 'docs', 'examples')
  const files = readdirSync(dir)
    .filter(f => f.endsWith('.yml'))
    .map(
      f => [`docs/examples/${f}`, parse(readFileSync(join(dir, f), 'utf8')) as Workflow] as [string, Workflow]
    )
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)]
    .map(m => m[1])
    .filter(text => /^jobs:/m.test(text))
    .map((text, i) => [`README.md workflow ${i + 1}`, parse(text) as Workflow] as [string, Workflow])
  return [...files, ...blocks]
}

it.each(workflows())(
  '%s: every job gives the action steps their budget, and room to end themselves',
  (_, workflow) => {
    const fallback = defaultBudget()
    for (const [name, job] of Object.entries(workflow.jobs)) {
      const steps = (job.steps ?? []).filter(s => /mendix-deploy-action|^\.\/?$/.test(s.uses ?? ''))
      if (steps.length === 0 || job['timeout-minutes'] === undefined) continue
      const budgets = steps.reduce((sum, s) => sum + Number(s.with?.timeoutMinutes ?? fallback), 0)
      // The job's name in the failure says which one to mend.
      expect({ job: name, fits: job['timeout-minutes'] - budgets >= MARGIN_MINUTES }).toEqual({
        job: name,
        fits: true
      })
    }
  }
)
