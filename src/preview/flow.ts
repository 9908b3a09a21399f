/**
 * A preview environment per pull request on Private Cloud, as a person would run it by hand:
 * - deploy: find the pull request's preview, or create it from the template (after the checks that keep a
 *   preview from acting as its template, and the cap), then build and deploy to it with the ordinary deploy flow;
 * - cleanup: delete the pull request's preview and wait for the deletion job;
 * - sweep: delete the previews whose pull request is closed or that are older than the age limit.
 * Only environments that carry this repository's marker are ever deleted (naming.ts), and never with `force`.
 */
import type { Deadline } from '../deadline.js'
import { missingConstants } from '../deploy-steps.js'
import { CancelledError, InputError, JobError, messageOf } from '../errors.js'
import { ApiError } from '../http.js'
import type { PrivateCloudSettings, RunContext } from '../inputs.js'
import { seconds } from '../logger.js'
import { Phases } from '../phases.js'
import type { FlowDeps } from '../private-cloud/deps.js'
import { DEPLOY_SCOPES } from '../private-cloud/deploy-api.js'
import { resolveEnvironment } from '../private-cloud/environments.js'
import { PrivateCloudFlow } from '../private-cloud/flow.js'
import { JobWaiter } from '../private-cloud/job-waiter.js'
import { factsOf, knownConstants, type Manifest } from '../private-cloud/manifest.js'
import type { GitHubDeployment } from '../github-deployment.js'
import type { Outcome } from '../target.js'
import { codeCell, escapeCell, linkCell } from '../untrusted.js'
import type { PullRequestEvent } from './event.js'
import type { PreviewGitHub } from './github.js'
import { looksLikePreview, NAME_PREFIX, newPreviewIdentity, previewOf, type PreviewFacts } from './naming.js'
import { checkNotProduction, checkOnDemandPlans, previewManifest } from './template.js'

/** The licensing note for the summary, the comment and the README (Mendix docs, "Licensing Mendix for Private Cloud"). */
export const LICENSE_NOTE =
  'Without a subscription secret (input subscriptionSecret) or a license manager, the preview runs unlicensed: at most 6 concurrent users, and the runtime stops after 2 to 4 hours.'

export interface PreviewDeps extends FlowDeps {
  event: PullRequestEvent
  run: RunContext
  /** Random numbers in [0, 1), for the random part of new ids. */
  random: () => number
  /** GitHub's API, when a githubToken is given. */
  github?: PreviewGitHub
  /** The GitHub Deployment of a preview environment, when a githubToken is given. */
  deployment?: (environment: string, sha: string) => GitHubDeployment
}

/** The name of the GitHub environment (and Deployment) of a pull request's preview. */
export function gitHubEnvironmentOf(pr: number): string {
  return `preview-pr-${pr}`
}

/** The pull-request comment after a deploy: every value from the service escaped for Markdown and HTML. */
export function previewComment(shown: {
  preview: { name: string; id: string }
  packageId: string
  appUrl?: string
  state?: string
  licensed: boolean
}): string[] {
  return [
    '### Mendix preview of this pull request',
    '',
    '| | |',
    '|---|---|',
    `| Environment | ${escapeCell(shown.preview.name)} (${codeCell(shown.preview.id)}) |`,
    `| App URL | ${shown.appUrl ? linkCell(shown.appUrl) : '(unknown)'} |`,
    `| Package | ${codeCell(shown.packageId)} |`,
    `| State | ${escapeCell(shown.state ?? '(unknown)')} |`,
    '',
    ...(shown.licensed ? [] : [`_${LICENSE_NOTE}_`])
  ]
}

export class PreviewFlow {
  private readonly phases: Phases
  private readonly waiter: JobWaiter
  /** The ids of the previews this run deleted, for a failure or cancellation report. */
  private readonly deleted: string[] = []

  constructor(
    private readonly settings: PrivateCloudSettings,
    private readonly deps: PreviewDeps
  ) {
    this.phases = new Phases(deps)
    this.waiter = new JobWaiter(deps, settings)
  }

  run(): Promise<Outcome> {
    switch (this.settings.preview) {
      case 'deploy':
        return this.deploy()
      case 'cleanup':
        return this.cleanup()
      case 'sweep':
        return this.sweep()
      default:
        throw new Error('The preview flow runs only with the preview input set.')
    }
  }

  private deadline(): Deadline {
    return this.deps.timeout.deadline()
  }

  private pullRequest(): { number: number; headSha?: string } {
    const { event } = this.deps
    if (!event.pr) {
      throw new InputError([
        `Input 'preview' is ${this.settings.preview}, which needs a pull_request event; this run is a ${event.name || 'unknown'} event. ` +
          'Run it on: pull_request (types opened, synchronize, reopened and closed), or use preview: sweep on a schedule.'
      ])
    }
    // A deploy on a closed pull request would bring back what the clean-up removed.
    if (this.settings.preview === 'deploy' && event.action === 'closed') {
      throw new InputError([
        `Input 'preview' is deploy, but pull request #${event.pr.number} was closed: use preview: cleanup on the closed event.`
      ])
    }
    return event.pr
  }

  /** This repository's previews, and the environments that look like previews but lack its marker. */
  private previews(manifests: Manifest[]): { ours: PreviewFacts[]; unmarked: Manifest[] } {
    const ours: PreviewFacts[] = []
    const unmarked: Manifest[] = []
    for (const manifest of manifests) {
      const preview = previewOf(manifest, this.deps.run.repository)
      if (preview) ours.push(preview)
      else if (looksLikePreview(manifest)) unmarked.push(manifest)
    }
    return { ours, unmarked }
  }

  private async deploy(): Promise<Outcome> {
    const { log, progress } = this.deps
    const pr = this.pullRequest()
    const s = this.settings
    const deployment = this.deps.deployment?.(gitHubEnvironmentOf(pr.number), pr.headSha ?? this.deps.run.sha)
    await deployment?.start()
    try {
      const preview = await this.phases.run(
        'preview',
        `Preview environment of pull request #${pr.number}`,
        () => this.findOrCreate(pr.number)
      )
      progress.output('environmentId', preview.id)
      progress.output('namespaceId', preview.namespaceId)
      const flow = new PrivateCloudFlow(
        { ...s, environment: preview.id, namespace: preview.namespaceId },
        this.deps
      )
      const result = await flow.run()
      await deployment?.finish('success', result.appUrl)
      const lines = [
        `Pull request #${pr.number}: environment "${preview.name}" (id ${preview.id}) runs package ${result.packageId}${result.appUrl ? ` at ${result.appUrl}` : ''}.`,
        ...(s.subscriptionSecret ? [] : [LICENSE_NOTE])
      ]
      progress.sections.push({ title: 'Preview environment', lines })
      if (!s.subscriptionSecret) log.info(LICENSE_NOTE)
      await this.comment(
        pr.number,
        previewComment({ preview, ...result, licensed: s.subscriptionSecret !== undefined })
      )
      return {
        packageId: result.packageId,
        environmentName: preview.name,
        appUrl: result.appUrl,
        title: `Mendix preview of pull request #${pr.number} deployed`
      }
    } catch (error) {
      // A cancelled step must end before the runner's kill: GitHub is not told.
      if (error instanceof CancelledError) throw error
      await deployment?.finish('failure')
      await this.comment(pr.number, [
        '### Mendix preview of this pull request',
        '',
        `The preview deploy failed: see the workflow run ${this.runUrl()}.`
      ])
      throw error
    }
  }

  private runUrl(): string {
    const { run } = this.deps
    return `${run.serverUrl}/${run.repository}/actions/runs/${run.runId}`
  }

  private async comment(pr: number, lines: string[]): Promise<void> {
    await this.deps.github?.upsertComment(pr, lines.join('\n'))
  }

  /** The pull request's preview: the one it has, or a new one copied from the template. */
  private async findOrCreate(pr: number): Promise<PreviewFacts> {
    const { log } = this.deps
    const manifests = await this.deps.deploy.listEnvironments(this.deadline())
    const { ours } = this.previews(manifests)
    const existing = ours.filter(p => p.pr === pr).sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0))
    if (existing.length > 0) {
      const [preview] = existing
      log.info(
        `Pull request #${pr} has preview environment "${preview.name}" (id ${preview.id}); deploying to it`
      )
      return preview
    }
    return this.create(pr, manifests, ours)
  }

  /** Creates the preview after every check that can refuse it; on a failed creation, removes what it made. */
  private async create(pr: number, manifests: Manifest[], ours: PreviewFacts[]): Promise<PreviewFacts> {
    const { log, deploy, progress } = this.deps
    const s = this.settings
    const found = resolveEnvironment(manifests, s.previewFrom ?? '', s.namespace, 'previewFrom')
    const template = await deploy.getManifest(found, this.deadline())
    checkNotProduction(template, s.previewAllowProduction)
    checkOnDemandPlans(template)
    if (ours.length >= s.previewLimit) {
      const list = ours.map(p => `"${p.name}" (id ${p.id}) for pull request #${p.pr}`).join(', ')
      throw new InputError([
        `Input 'previewLimit': this repository has ${ours.length} preview environments, the limit: ${list}. ` +
          'Close or clean up one of those pull requests (preview: cleanup), or raise previewLimit.'
      ])
    }
    const missing = missingConstants(
      s.constants,
      knownConstants(template),
      `template environment "${found.name}"`
    )
    if (missing.names.length > 0) throw new InputError([missing.sentence])

    const taken = new Set(manifests.map(m => factsOf(m).id ?? ''))
    const { id, name } = newPreviewIdentity(pr, taken, this.deps.random)
    const manifest = previewManifest(template, {
      id,
      name,
      repository: this.deps.run.repository,
      pr,
      createdAt: new Date(this.deps.clock.now()),
      copyCertificates: s.previewCopyCertificates,
      subscriptionSecret: s.subscriptionSecret,
      constants: s.constants,
      environmentVariables: s.environmentVariables
    })
    const preview: PreviewFacts = { id, name, namespaceId: found.namespaceId, pr, production: false }
    log.info(
      `Creating preview environment "${name}" (id ${id}) from "${found.name}" in namespace ${found.namespaceId}`
    )
    progress.environmentNote =
      `The creation of preview environment "${name}" (id ${id}) was requested and may be in progress: ` +
      'once it ends, run preview: cleanup for this pull request (or a new push deploys to it).'
    let ref
    try {
      ref = await deploy.createEnvironment(manifest, this.deadline())
    } catch (error) {
      if (error instanceof ApiError && error.outcomeUnknown && error instanceof Error) {
        error.message +=
          ` The environment "${name}" (id ${id}) may have been created all the same: ` +
          're-run this workflow with preview: cleanup for this pull request, or delete it in the Mendix Portal.'
      }
      throw error
    }
    const started = this.deps.clock.now()
    const job = await this.waiter.wait('create', ref, DEPLOY_SCOPES.read)
    if (job.status !== 'finished' || job.error) {
      const reason = job.error?.message ?? `it ended as ${job.status}`
      throw new JobError(
        `The creation job ${ref.id} of preview environment "${name}" (id ${id}) failed: ${reason}. ${await this.removeFailed(preview)}`,
        ref.id
      )
    }
    progress.environmentNote = undefined
    log.info(`Created preview environment "${name}" in ${seconds(this.deps.clock.now() - started)}`)
    return preview
  }

  /** After a failed creation: deletes what was made, or says exactly what is left and how to remove it. */
  private async removeFailed(preview: PreviewFacts): Promise<string> {
    const manifests = await this.deps.deploy.listEnvironments(this.deadline())
    const made = manifests.find(m => factsOf(m).id === preview.id)
    if (!made) return 'Nothing was left behind: the environment does not exist.'
    try {
      await this.delete(preview)
      return 'The half-made environment was deleted; nothing is left.'
    } catch (error) {
      return (
        `The half-made environment "${preview.name}" (id ${preview.id}, namespace ${preview.namespaceId}) is left: ${messageOf(error)} ` +
        'Remove it with preview: cleanup for this pull request, or delete it in the Mendix Portal.'
      )
    }
  }

  /**
   * Deletes one preview and waits for the deletion job. Reads the environment again first and deletes it only
   * if it still carries this repository's marker; never sends `force=true`.
   */
  private async delete(preview: PreviewFacts): Promise<void> {
    const { deploy, log, progress } = this.deps
    const address = { namespaceId: preview.namespaceId, environmentId: preview.id }
    const current = await deploy.getManifest(address, this.deadline())
    const checked = previewOf(current, this.deps.run.repository)
    if (!checked || checked.id !== preview.id) {
      throw new Error(
        `Refusing to delete environment ${preview.id}: it no longer carries this repository's preview marker.`
      )
    }
    const done = this.deleted.length ? ` Deleted before: ${this.deleted.join(', ')}.` : ''
    progress.environmentNote = `The deletion of environment ${preview.id} was requested and may be in progress: check it in the Mendix Portal.${done}`
    const ref = await deploy.deleteEnvironment(address, this.deadline())
    log.info(`Deleting preview environment "${preview.name}" (id ${preview.id}): job ${ref.id}`)
    const job = await this.waiter.wait('delete', ref, DEPLOY_SCOPES.read)
    if (job.status !== 'finished' || job.error) {
      progress.environmentNote = `The deletion of environment ${preview.id} failed.${done}`
      throw new JobError(
        `The deletion job ${ref.id} of preview environment "${preview.name}" (id ${preview.id}) failed: ${job.error?.message ?? `it ended as ${job.status}`}. ` +
          `Cluster resources (its database, files, ingress and service) may remain in namespace ${preview.namespaceId} even if the environment has left the Mendix Portal: ` +
          'check the namespace with your cluster administrator, and retry with preview: cleanup.',
        ref.id
      )
    }
    this.deleted.push(preview.id)
    progress.environmentNote = `Deleted environments: ${this.deleted.join(', ')}.`
    log.info(`Deleted preview environment "${preview.name}" (id ${preview.id})`)
  }

  /** Warns about environments that look like previews but lack the marker: they are never deleted. */
  private refuseUnmarked(unmarked: Manifest[]): string[] {
    return unmarked.map(manifest => {
      const facts = factsOf(manifest)
      const line = `Not deleting environment "${facts.name ?? '?'}" (id ${facts.id ?? '?'}): it looks like a preview but lacks this repository's preview marker, so this action did not create it. Delete it by hand if it is no longer needed.`
      this.deps.log.warning(line, 'Preview not deleted')
      return line
    })
  }

  private async cleanup(): Promise<Outcome> {
    const { progress } = this.deps
    const pr = this.pullRequest().number
    const manifests = await this.deps.deploy.listEnvironments(this.deadline())
    const { ours, unmarked } = this.previews(manifests)
    const mine = ours.filter(p => p.pr === pr)
    const refused = this.refuseUnmarked(
      unmarked.filter(m => (factsOf(m).name ?? '').startsWith(`${NAME_PREFIX}${pr}-`))
    )
    const lines: string[] = []
    for (const preview of mine) {
      progress.output('environmentId', preview.id)
      await this.phases.run('cleanup', `Delete preview environment "${preview.name}"`, () =>
        this.delete(preview)
      )
      lines.push(`Deleted "${preview.name}" (id ${preview.id}) of pull request #${pr}.`)
    }
    if (mine.length === 0) {
      lines.push(`Pull request #${pr} has no preview environment; nothing to delete.`)
      this.deps.log.info(lines[0])
    }
    progress.sections.push({ title: 'Preview clean-up', lines: [...lines, ...refused] })
    await this.deps.github?.deactivate(gitHubEnvironmentOf(pr))
    if (mine.length > 0)
      await this.comment(pr, [
        '### Mendix preview of this pull request',
        '',
        `Deleted: ${mine.map(p => `${escapeCell(p.name)} (${codeCell(p.id)})`).join(', ')}.`
      ])
    return {
      packageId: '',
      environmentName: mine.map(p => p.name).join(', ') || '(none)',
      title: `Mendix preview of pull request #${pr} cleaned up`
    }
  }

  private async sweep(): Promise<Outcome> {
    const { log, clock, progress, github } = this.deps
    const manifests = await this.deps.deploy.listEnvironments(this.deadline())
    const { ours, unmarked } = this.previews(manifests)
    const refused = this.refuseUnmarked(unmarked)
    if (!github)
      log.info(
        'Without githubToken the sweep cannot see which pull requests are closed: it deletes by age only.'
      )
    const maxAgeMs = this.settings.previewMaxAgeHours * 3_600_000
    const lines: string[] = []
    const failures: string[] = []
    for (const preview of ours) {
      const ageMs = preview.createdAt === undefined ? undefined : clock.now() - preview.createdAt
      const reason =
        ageMs !== undefined && ageMs > maxAgeMs
          ? `created ${(ageMs / 3_600_000).toFixed(1)} hours ago, over previewMaxAgeHours ${this.settings.previewMaxAgeHours}`
          : (await github?.isClosed(preview.pr))
            ? `pull request #${preview.pr} is closed`
            : undefined
      if (!reason) {
        lines.push(`Kept "${preview.name}" (id ${preview.id}) of pull request #${preview.pr}.`)
        continue
      }
      try {
        await this.phases.run('sweep', `Delete preview environment "${preview.name}" (${reason})`, () =>
          this.delete(preview)
        )
        lines.push(`Deleted "${preview.name}" (id ${preview.id}) of pull request #${preview.pr}: ${reason}.`)
        await github?.deactivate(gitHubEnvironmentOf(preview.pr))
      } catch (error) {
        failures.push(messageOf(error))
      }
    }
    if (ours.length === 0) lines.push('No preview environments of this repository.')
    lines.forEach(line => log.info(line))
    progress.sections.push({ title: 'Preview sweep', lines: [...lines, ...refused] })
    if (failures.length > 0) throw new JobError(failures.join('\n'), '')
    return {
      packageId: '',
      environmentName: this.deleted.join(', ') || '(none deleted)',
      title: 'Mendix preview sweep done'
    }
  }
}
