/**
 * What gets built: branch names in either spelling, sent as each build API expects them, and `revision: latest`
 * resolved to the branch head through the App Repository API, on both targets.
 */
import { SEED, type Emulator } from '../emulator/index.js'
import { deploy, errorLines, withEmulator, cloudInputs } from './support/deploy-run.js'

const GIT_FEATURE_HEAD = SEED.featureRevisions[SEED.featureRevisions.length - 1]
const MAIN_HEAD = SEED.revisions[SEED.revisions.length - 1]

const buildRequests = (emulator: Emulator) =>
  emulator.traffic.filter(t => t.operation === 'build' || t.operation === 'cloudBuild')

describe('Private Cloud', () => {
  it('builds the branch head when revision is latest (the default), and outputs it', () =>
    withEmulator({}, async emulator => {
      const result = await deploy(emulator, { revision: '' })
      expect(errorLines(result)).toEqual([])
      expect(result.exitCode).toBe(0)
      expect(result.outputs.revision).toBe(MAIN_HEAD)
      expect(buildRequests(emulator).map(t => t.body)).toEqual([
        expect.objectContaining({ branch: 'main', revision: MAIN_HEAD })
      ])
    }))

  it('builds a feature branch given in the SVN spelling under the name Git knows, at its head', () =>
    withEmulator({}, async emulator => {
      const result = await deploy(emulator, { branch: 'branches/feature-x', revision: 'latest' })
      expect(errorLines(result)).toEqual([])
      expect(result.exitCode).toBe(0)
      expect(result.outputs.revision).toBe(GIT_FEATURE_HEAD)
      expect(buildRequests(emulator).map(t => t.body)).toEqual([
        expect.objectContaining({ branch: 'feature-x', revision: GIT_FEATURE_HEAD })
      ])
    }))

  it('reuses the package of an earlier run of latest: the marker holds the resolved revision', () =>
    withEmulator({}, async emulator => {
      expect((await deploy(emulator, { revision: 'latest' })).exitCode).toBe(0)
      const again = await deploy(emulator, { revision: 'latest' })
      expect(again.exitCode).toBe(0)
      expect(again.outputs.reused).toBe('true')
      expect(buildRequests(emulator)).toHaveLength(1)
    }))

  it('fails an unknown branch before any build, listing the branches', () =>
    withEmulator({}, async emulator => {
      const result = await deploy(emulator, { branch: 'featur-x', revision: 'latest' })
      expect(result.exitCode).toBe(1)
      const [error] = errorLines(result)
      expect(error).toMatch(/Input 'branch'.*no branch "featur-x".*Its branches: .*main.*feature-x/s)
      expect(buildRequests(emulator)).toEqual([])
    }))

  it('builds an SVN feature branch at its head revision number', () =>
    withEmulator({ repository: 'svn' }, async emulator => {
      const result = await deploy(emulator, { branch: 'feature-x', revision: 'latest' })
      expect(errorLines(result)).toEqual([])
      expect(result.exitCode).toBe(0)
      expect(result.outputs.revision).toBe(SEED.svn.featureRevisions[SEED.svn.featureRevisions.length - 1])
      expect(buildRequests(emulator).map(t => t.body)).toEqual([
        expect.objectContaining({ branch: 'branches/feature-x' })
      ])
    }))
})

describe('Mendix Cloud', () => {
  it('sends a Git feature branch as branches/<name> to the v1 build and builds its head with a token', () =>
    withEmulator({}, async emulator => {
      const result = await deploy(
        emulator,
        cloudInputs(emulator, { branch: 'feature-x', revision: 'latest', token: emulator.token })
      )
      expect(errorLines(result)).toEqual([])
      expect(result.exitCode).toBe(0)
      expect(result.outputs.revision).toBe(GIT_FEATURE_HEAD)
      const [build] = buildRequests(emulator)
      expect(build.body).toEqual(
        expect.objectContaining({ Branch: 'branches/feature-x', Revision: GIT_FEATURE_HEAD })
      )
    }))

  it('sends the v1 spelling of a feature branch without a token, with the revision given', () =>
    withEmulator({}, async emulator => {
      const result = await deploy(
        emulator,
        cloudInputs(emulator, { branch: 'feature-x', revision: SEED.featureRevisions[0] })
      )
      expect(errorLines(result)).toEqual([])
      expect(result.exitCode).toBe(0)
      expect(buildRequests(emulator)[0].body).toEqual(
        expect.objectContaining({ Branch: 'branches/feature-x' })
      )
    }))

  it('asks for a token when revision is latest, before any request', () =>
    withEmulator({}, async emulator => {
      const result = await deploy(emulator, cloudInputs(emulator, { revision: '' }))
      expect(result.exitCode).toBe(1)
      expect(errorLines(result)[0]).toMatch(/revision.*latest.*needs input 'token'/)
      expect(emulator.traffic).toEqual([])
    }))
})
