/**
 * Preview environments per pull request, end to end (on GitHub, and the sweep): the bundled action (`node dist/index.js`)
 * against the emulator, with the pull_request event in GITHUB_EVENT_PATH as the runner writes it.
 */
import { SEED } from '../emulator/index.js'
import { deploy, errorLines, withEmulator } from './support/deploy-run.js'
import { CREATED, fakeGitHub, onDemand, preview, previews } from './support/preview-run.js'

describe('on GitHub', () => {
  it('keeps one pull-request comment, updated in place, and a Deployment with the URL, made inactive on close', async () => {
    const github = await fakeGitHub()
    try {
      await withEmulator({}, async emulator => {
        onDemand(emulator)
        const env = { GITHUB_API_URL: github.url }
        const inputs = { githubToken: 'ghs_preview_token_1' }
        const opened = await preview(emulator, 7, 'opened', inputs, env)
        expect(opened.exitCode).toBe(0)
        expect(github.comments).toHaveLength(1)
        const url = opened.outputs.appUrl
        expect(github.comments[0].body).toContain(`| App URL | [${url}](${url}) |`)
        expect(github.comments[0].body).toContain(`| Package | \`${opened.outputs.packageId}\` |`)
        expect(github.comments[0].body).toContain('| State | Ready |')
        const pushed = await preview(
          emulator,
          7,
          'synchronize',
          { ...inputs, revision: SEED.revisions[1] },
          env
        )
        expect(pushed.exitCode).toBe(0)
        expect(github.comments).toHaveLength(1)
        expect(github.comments[0].body).toContain(`| Package | \`${pushed.outputs.packageId}\` |`)
        expect(github.calls.filter(c => c.method === 'PATCH')).toHaveLength(1)
        const deployment = github.calls.find(c => c.path.endsWith('/deployments') && c.method === 'POST')!
        expect(deployment.body).toMatchObject({
          environment: 'preview-pr-7',
          ref: '0007abcdef0123456789abcdef0123456789abcd'
        })
        expect(github.calls.filter(c => c.path.endsWith('/statuses')).map(c => c.body.state)).toContain(
          'success'
        )
        expect(github.calls.find(c => c.body.state === 'success')!.body.environment_url).toBe(
          opened.outputs.appUrl
        )
        const closed = await preview(emulator, 7, 'closed', inputs, env)
        expect(closed.exitCode).toBe(0)
        expect(github.calls.filter(c => c.body.state === 'inactive')).toHaveLength(2)
        expect(github.comments[0].body).toMatch(/Deleted: preview-pr7-/)
      })
    } finally {
      await github.close()
    }
  })

  it('skips the comment with a notice when the token may not write to the pull request', async () => {
    const github = await fakeGitHub({ commentStatus: 403 })
    try {
      await withEmulator({}, async emulator => {
        onDemand(emulator)
        const result = await preview(
          emulator,
          7,
          'opened',
          { githubToken: 'ghs_x' },
          { GITHUB_API_URL: github.url }
        )
        expect(result.exitCode).toBe(0)
        expect(result.stdout).toMatch(
          /^::notice title=Preview comment skipped::Skipped the preview comment on pull request #7: .*pull-requests: write/m
        )
      })
    } finally {
      await github.close()
    }
  })
})

describe('the sweep', () => {
  it('deletes previews whose pull request is closed and those older than previewMaxAgeHours, and keeps the rest', async () => {
    const github = await fakeGitHub({ closed: [7] })
    try {
      await withEmulator({}, async emulator => {
        onDemand(emulator)
        for (const pr of [7, 8, 9]) expect((await preview(emulator, pr, 'opened')).exitCode).toBe(0)
        const byPr = (pr: number) =>
          previews(emulator).find(e => e.properties.name.startsWith(`preview-pr${pr}-`))!
        const old = byPr(9).annotations!.find(a => a.key === CREATED)!
        old.value = new Date(Date.now() - 100 * 3_600_000).toISOString()
        const kept = byPr(8)
        const swept = await deploy(
          emulator,
          { environment: '', preview: 'sweep', previewMaxAgeHours: '48', githubToken: 'ghs_sweep' },
          { env: { GITHUB_EVENT_NAME: 'schedule', GITHUB_API_URL: github.url } }
        )
        expect(errorLines(swept)).toEqual([])
        expect(swept.exitCode).toBe(0)
        expect(previews(emulator).map(e => e.id)).toEqual([kept.id])
        expect(swept.summary).toContain('### ✅ Mendix preview sweep done')
        expect(swept.stdout).toMatch(
          /Deleted "preview-pr7-\w+" \(id p7\w+\) of pull request #7: pull request #7 is closed\./
        )
        expect(swept.stdout).toMatch(
          /Deleted "preview-pr9-\w+" \(id p9\w+\) of pull request #9: created 100\.\d hours ago/
        )
        expect(swept.stdout).toMatch(/Kept "preview-pr8-\w+"/)
      })
    } finally {
      await github.close()
    }
  })

  it('sweeps by age alone without a githubToken, never touching the seeded environments', () =>
    withEmulator({}, async emulator => {
      onDemand(emulator)
      expect((await preview(emulator, 7, 'opened')).exitCode).toBe(0)
      const swept = await deploy(
        emulator,
        { environment: '', preview: 'sweep', previewMaxAgeHours: '0.0001' },
        { env: { GITHUB_EVENT_NAME: 'schedule' } }
      )
      expect(swept.exitCode).toBe(0)
      expect(swept.stdout).toContain(
        'Without githubToken the sweep cannot see which pull requests are closed'
      )
      expect(previews(emulator)).toEqual([])
      expect(emulator.state.environments).toHaveLength(3)
    }))
})
