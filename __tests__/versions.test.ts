/** Issue 26: the next patch, minor or major version after the app's highest, and the version input. */
import { ApiError } from '../src/http.js'
import { parseVersion } from '../src/input-checks.js'
import { readSettings, type RunContext } from '../src/inputs.js'
import type { Logger } from '../src/logger.js'
import {
  bumpVersion,
  compareVersions,
  describeVersion,
  highestVersion,
  plannedVersion,
  sharedVersionWarning,
  startVersionedBuild,
  nextVersion,
  numberedByRunId,
  runIdVersion,
  startWithNextVersion,
  versionCore,
  versionWords,
  type VersionedPackage
} from '../src/versions.js'

const pkg = (id: string, version?: string, description?: string): VersionedPackage => ({
  id,
  version,
  description
})

function recordingLog(): Logger & { infos: string[]; warnings: string[] } {
  const infos: string[] = []
  const warnings: string[] = []
  return {
    infos,
    warnings,
    info: message => infos.push(message),
    warning: message => warnings.push(message),
    debug: () => undefined,
    group: (_name, fn) => fn()
  }
}

describe('bumping', () => {
  it.each([
    ['patch', '1.4.11'],
    ['minor', '1.5.0'],
    ['major', '2.0.0']
  ] as const)('%s after 1.4.2 and 1.4.10 gives %s', (part, expected) => {
    expect(nextVersion(part, [pkg('a', '1.4.2'), pkg('b', '1.4.10')])).toMatchObject({
      version: expected,
      previous: '1.4.10'
    })
  })

  it('orders by numbers, not by text, and counts only the first three numbers', () => {
    expect(compareVersions('1.4.10', '1.4.2')).toBe(1)
    expect(compareVersions('1.10.0', '1.9.99')).toBe(1)
    expect(compareVersions('2.0.0', '2.0.0')).toBe(0)
    // Private Cloud's modelVersion carries a build number: 1.4.2.900 is version 1.4.2.
    const highest = highestVersion([pkg('a', '1.4.2.900'), pkg('b', '1.4.10.3'), pkg('c', '1.3.0.623')])
    expect(highest).toMatchObject({ version: '1.4.10', packageId: 'b' })
    expect(bumpVersion('1.4.10', 'patch')).toBe('1.4.11')
    expect(bumpVersion('9.9.9', 'minor')).toBe('9.10.0')
  })

  it('gives 1.0.0 for every part when no package has a version', () => {
    for (const part of ['patch', 'minor', 'major'] as const) {
      expect(nextVersion(part, [])).toMatchObject({ version: '1.0.0', previous: undefined })
      expect(nextVersion(part, [pkg('a'), pkg('b', '')])).toMatchObject({ version: '1.0.0' })
    }
  })

  it('keeps numbers past 2^53 exact, and drops leading zeros', () => {
    expect(bumpVersion('1.2.9007199254740993', 'patch')).toBe('1.2.9007199254740994')
    expect(versionCore('01.02.003.4')).toBe('1.2.3')
  })

  it.each(['1.3', 'v1.3.0', '1.3.0-beta', 'Main-1.3.0.623', '1.3.0.4.5', 'latest'])(
    'leaves out %j, which does not read as x.y.z',
    version => {
      expect(versionCore(version)).toBeUndefined()
      const highest = highestVersion([pkg('odd', version), pkg('ok', '1.4.2')])
      expect(highest).toMatchObject({ version: '1.4.2', unreadable: [pkg('odd', version)] })
    }
  )
})

describe('run-id versions of earlier releases', () => {
  it('are the run id split in two and the attempt', () => {
    expect(runIdVersion('18234567890', '2')).toBe('18.234567890.2')
    expect(runIdVersion('18000000005', '3')).toBe('18.5.3')
    expect(runIdVersion('x', 'y')).toBe('0.0.1')
  })

  it('are left out only when the description carries the run marker they were made from', () => {
    const old = pkg(
      'old',
      '18.234567890.2',
      'Built by ... [gh-run acme/orders#18234567890.2] [build main@abc]'
    )
    const real = pkg('real', '18.234567890.2', 'A release someone numbered so')
    expect([numberedByRunId(old), numberedByRunId(real)]).toEqual([true, false])
    expect(nextVersion('patch', [old, pkg('a', '1.4.10')])).toMatchObject({
      version: '1.4.11',
      byRunId: [old]
    })
    expect(nextVersion('patch', [real, pkg('a', '1.4.10')]).version).toBe('18.234567890.3')
  })
})

describe('the version input', () => {
  const accepted =
    'have the form x.y.z (digits, at most 20 characters, e.g. 1.4.2) or be patch, minor or major'

  it.each([
    ['patch', undefined, { bump: 'patch' }],
    ['minor', undefined, { bump: 'minor' }],
    ['major', undefined, { bump: 'major' }],
    ['1.4.2', undefined, { fixed: '1.4.2' }],
    ['', '1.4.2', { fixed: '1.4.2' }],
    ['', undefined, undefined],
    ['v1.4.2', '1.4.2', { fixed: '1.4.2' }],
    ['patch', '1.4.2', { bump: 'patch' }]
  ])('reads %j (tag version %j)', (raw, tag, expected) => {
    const problems: string[] = []
    expect(parseVersion(raw, tag, problems)).toEqual(expected)
    expect(problems).toEqual([])
  })

  it.each([
    ['1.2', undefined],
    ['v1.2.3', undefined],
    ['v1.2.3', '1.4.2'],
    ['1.2.3.4', undefined],
    ['latest', undefined],
    ['Patch', undefined],
    ['1.2.3'.padEnd(21, '0'), undefined]
  ])('refuses %j (tag version %j), naming the accepted forms', (raw, tag) => {
    const problems: string[] = []
    parseVersion(raw, tag, problems)
    expect(problems).toHaveLength(1)
    expect(problems[0]).toContain(`Input 'version' must ${accepted}`)
    expect(problems[0]).toContain(`got ${JSON.stringify(raw)}`)
  })

  it('says why a leading v is refused outside the tag', () => {
    const problems: string[] = []
    parseVersion('v1.2.3', undefined, problems)
    expect(problems[0]).toMatch(/a leading v is read only from the tag the workflow runs on/)
  })

  const run: RunContext = {
    repository: 'acme/orders-app',
    sha: '5e1f0c3',
    ref: 'refs/heads/main',
    runId: '7712345678',
    runAttempt: '2',
    serverUrl: 'https://github.com',
    workflow: 'Deploy',
    runNumber: '1'
  }
  const read = (inputs: Record<string, string>, context: RunContext = run) =>
    readSettings(name => inputs[name] ?? '', context, { warn: () => undefined })
  const privateCloud = {
    token: 't',
    appId: '4b1ad3c2-7f0e-4d8a-9c55-2e6f1a8b9d70',
    branch: 'main',
    revision: 'c41e7a9',
    environment: 'test'
  }
  const mendixCloud = {
    target: 'mendix-cloud',
    username: 'u@example.com',
    apiKey: 'k',
    appId: 'orders-demo',
    branch: 'main',
    revision: 'c41e7a9',
    environment: 'Production'
  }

  it('defaults: the tag on both targets; else none on private-cloud and patch on mendix-cloud', () => {
    const tag = { ...run, ref: 'refs/tags/v2.1.0' }
    expect(read(privateCloud).version).toBeUndefined()
    expect(read(privateCloud, tag).version).toEqual({ fixed: '2.1.0' })
    expect(read(mendixCloud).version).toEqual({ bump: 'patch' })
    expect(read(mendixCloud, tag).version).toEqual({ fixed: '2.1.0' })
  })

  it('keeps an automatic version out of the reuse marker, and a fixed one in it', () => {
    expect(read({ ...privateCloud, version: 'minor' }).buildIdentity).toBe('[build main@c41e7a9]')
    expect(read({ ...mendixCloud, version: 'major' }).buildIdentity).toBe('[build main@c41e7a9]')
    expect(read({ ...mendixCloud, version: '3.0.0' }).buildIdentity).toBe('[build main@c41e7a9 v3.0.0]')
  })
})

describe('startWithNextVersion', () => {
  const taken = () =>
    new ApiError('Could not start the build: POST /packages answered 400 VERSION_ALREADY_EXISTS.', {
      method: 'POST',
      url: '/packages',
      status: 400,
      outcomeUnknown: false,
      serviceCode: 'VERSION_ALREADY_EXISTS'
    })

  it('sends the next version, read just before the request', async () => {
    const log = recordingLog()
    const sent: string[] = []
    const result = await startWithNextVersion({
      part: 'patch',
      list: async () => [pkg('a', '1.4.2'), pkg('b', '1.4.10')],
      start: async version => (sent.push(version), 'PKG'),
      log
    })
    expect(result).toEqual({ version: '1.4.11', previous: '1.4.10', started: 'PKG' })
    expect(sent).toEqual(['1.4.11'])
    expect(log.infos).toContain(
      "Version 1.4.11: the next patch version after 1.4.10, the highest of the app's 2 package(s)."
    )
    expect(log.warnings).toEqual([])
  })

  it('takes the next one and tries once more when another run took the version meanwhile', async () => {
    const log = recordingLog()
    const packages = [pkg('a', '1.4.10')]
    const sent: string[] = []
    const result = await startWithNextVersion({
      part: 'minor',
      list: async () => [...packages],
      start: async version => {
        sent.push(version)
        if (sent.length === 1) {
          packages.push(pkg('other', version))
          throw taken()
        }
        return 'PKG'
      },
      log
    })
    expect(sent).toEqual(['1.5.0', '1.6.0'])
    expect(result).toMatchObject({ version: '1.6.0', previous: '1.5.0' })
    expect(log.warnings).toEqual([
      'Version 1.5.0 was taken meanwhile, by another build of this app (two runs at once?): the build request was refused (400 VERSION_ALREADY_EXISTS). Building as 1.6.0 instead.'
    ])
  })

  it('tries once more only: a second refusal is the error', async () => {
    const packages = [pkg('a', '1.4.10')]
    let sent = 0
    const error = await startWithNextVersion({
      part: 'patch',
      list: async () => [...packages],
      start: async version => {
        sent++
        packages.push(pkg(`other-${sent}`, version))
        throw taken()
      },
      log: recordingLog()
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(sent).toBe(2)
  })

  it('passes on a refusal of another kind, when the version is still free, without a second request', async () => {
    let sent = 0
    const refused = new ApiError('400 INVALID_PARAMETERS', {
      method: 'POST',
      url: '/packages',
      status: 400,
      outcomeUnknown: false
    })
    const error = await startWithNextVersion({
      part: 'patch',
      list: async () => [pkg('a', '1.4.10')],
      start: async () => {
        sent++
        throw refused
      },
      log: recordingLog()
    }).catch((e: unknown) => e)
    expect([error, sent]).toEqual([refused, 1])
  })

  it('passes on an answer that may have started a build, without reading or sending again', async () => {
    let lists = 0
    const unknown = new ApiError('no answer', { method: 'POST', url: '/packages', outcomeUnknown: true })
    const error = await startWithNextVersion({
      part: 'patch',
      list: async () => (lists++, []),
      start: async () => {
        throw unknown
      },
      log: recordingLog()
    }).catch((e: unknown) => e)
    expect([error, lists]).toEqual([unknown, 1])
  })

  it('warns once, naming the packages whose version it could not read, and says what it left out', async () => {
    const log = recordingLog()
    await startWithNextVersion({
      part: 'patch',
      list: async () => [
        pkg('p-odd', 'Main-9.9.9'),
        pkg('p-run', '7.712345678.1', '[gh-run acme/orders-app#7712345678.1]'),
        pkg('p-ok', '1.4.10')
      ],
      start: async () => 'PKG',
      log
    })
    expect(log.warnings).toEqual([
      'Left out of the version numbering, since their versions do not read as x.y.z: package p-odd ("Main-9.9.9").'
    ])
    expect(log.infos).toContain(
      'Left out 1 package(s) numbered by run id by earlier releases of this action, e.g. 7.712345678.1.'
    )
  })

  it('refuses a next version longer than a package version may be, before any request', async () => {
    let sent = 0
    const error = await startWithNextVersion({
      part: 'patch',
      list: async () => [pkg('a', '1.2.99999999999999999')],
      start: async () => (sent++, 'PKG'),
      log: recordingLog()
    }).catch((e: unknown) => e as Error)
    expect(sent).toBe(0)
    expect((error as Error).message).toMatch(
      /would be 1\.2\.100000000000000000, longer than the 20 characters/
    )
  })
})

describe('the job summary', () => {
  it('shows the version beside the highest one before it', () => {
    expect(describeVersion({ bump: 'patch' }, { version: '1.4.11', previousVersion: '1.4.10' })).toBe(
      '1.4.11 (patch after 1.4.10)'
    )
    expect(describeVersion({ bump: 'major' }, { version: '1.0.0' })).toBe(
      '1.0.0 (the first, as no package had a version)'
    )
    expect(describeVersion({ bump: 'patch' }, { version: '1.4.11', reused: 'true' })).toBe('1.4.11')
    expect(describeVersion({ bump: 'minor' }, {})).toBe('the next minor version (no build started)')
    expect(describeVersion({ fixed: '2.0.0' }, {})).toBe('2.0.0')
    expect(describeVersion(undefined, {})).toBe('(none)')
  })
})

describe('startVersionedBuild', () => {
  function outputs() {
    const set: Record<string, string | undefined> = {}
    return { set, output: (name: string, value: string | undefined) => (set[name] = value) }
  }

  it('sends a fixed version as it is, without reading the packages', async () => {
    const progress = outputs()
    let lists = 0
    const result = await startVersionedBuild({
      choice: { fixed: '2.0.0' },
      list: async () => (lists++, []),
      start: async version => `built ${version}`,
      log: recordingLog(),
      progress
    })
    expect([result, lists, progress.set]).toEqual([
      { started: 'built 2.0.0', version: '2.0.0' },
      0,
      { version: '2.0.0' }
    ])
  })

  it('sends no version when none is asked for (Private Cloud)', async () => {
    const progress = outputs()
    const result = await startVersionedBuild({
      choice: undefined,
      list: async () => [],
      start: async version => `built ${version}`,
      log: recordingLog(),
      progress
    })
    expect([result.started, progress.set.version]).toEqual(['built undefined', undefined])
  })

  it('outputs the automatic version and the highest before it once the request is accepted', async () => {
    const progress = outputs()
    await startVersionedBuild({
      choice: { bump: 'major' },
      list: async () => [pkg('a', '1.4.10')],
      start: async () => 'PKG',
      log: recordingLog(),
      progress
    })
    expect(progress.set).toEqual({ version: '2.0.0', previousVersion: '1.4.10' })
  })

  it('outputs nothing when the request fails', async () => {
    const progress = outputs()
    await expect(
      startVersionedBuild({
        choice: { bump: 'patch' },
        list: async () => [],
        start: async () => {
          throw new Error('down')
        },
        log: recordingLog(),
        progress
      })
    ).rejects.toThrow('down')
    expect(progress.set).toEqual({})
  })
})

describe('words for the log, the dry run and the warnings', () => {
  it('names the version a build gets', async () => {
    expect(versionWords({ fixed: '1.2.3' })).toBe('version 1.2.3')
    expect(versionWords({ bump: 'minor' })).toBe('the next minor version')
    expect(versionWords(undefined)).toBeUndefined()
    const list = async () => [pkg('a', '1.4.10')]
    expect(await plannedVersion({ bump: 'patch' }, list)).toBe(
      '1.4.11 (patch after 1.4.10; read again just before a real build)'
    )
    expect(await plannedVersion({ bump: 'patch' }, async () => [])).toBe(
      '1.0.0 (the first; read again just before a real build)'
    )
    expect(await plannedVersion({ fixed: '3.0.0' }, list)).toBe('3.0.0')
  })

  it('names the other packages that carry the same version', () => {
    const packages = [pkg('mine', '1.4.11.7'), pkg('theirs', '1.4.11.6'), pkg('old', '1.4.10.5')]
    expect(sharedVersionWarning('1.4.11', 'mine', packages)).toMatch(
      /^Package theirs has version 1\.4\.11 too: /
    )
    expect(sharedVersionWarning('1.4.10', 'old', packages)).toBeUndefined()
  })
})
