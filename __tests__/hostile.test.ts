/**
 * The bundled action against hostile servers on 127.0.0.1 (issue 11): a broken or malicious Mendix answer must
 * not fake success, outlast the deadline, exhaust memory, inject workflow commands or HTML, or print a secret.
 * Each test runs dist/index.js as the runner does, behind a proxy that spoils chosen answers of a real emulator.
 */
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ALL_SCOPES, SEED, type Emulator, type EmulatorOptions } from '../emulator/index.js'
import { runAction, type RunOptions, type RunResult } from '../scripts/run-action.js'
import { errorLines, HEAD, leaksOf, SECRET_TOKEN, withEmulator } from './support/deploy-run.js'
import { outsideCode, peakMemory, scanCommands, summaryProblems } from './support/hostile-checks.js'
import {
  withHostile,
  type HostileRule,
  type HostileServer,
  type JsonObject
} from './support/hostile-server.js'

type Target = 'private-cloud' | 'mendix-cloud'

const V4_APP = '^/api/v4/apps/[^/]+'
const ENV_LIST = new RegExp(`${V4_APP}/environments\\?`)
const MANIFEST = new RegExp(`${V4_APP}/namespaces/[^/]+/environments/[^/?]+$`)
const BUILD = new RegExp(`${V4_APP}/packages/build$`)
const JOB = /^\/api\/v4\/jobs\/[^/?]+/
const JOB_LOG = /^\/api\/v4\/jobs\/[^/?]+\?(.*&)?log=true/
const APP = /^\/app\//
const CLOUD_APP = /^\/api\/1\/apps\/orders-demo\/?$/
const CLOUD_ENV = /^\/api\/1\/apps\/orders-demo\/environments\/Production\/?$/
const CLOUD_BUILD = /^\/api\/1\/apps\/orders-demo\/packages\/?$/
const CLOUD_START = /^\/api\/1\/apps\/orders-demo\/environments\/Production\/start\/?$/
const SNAPSHOTS = /^\/api\/v2\/apps\/[^/]+\/environments\/[^/]+\/snapshots\/?$/
const SNAPSHOT = /^\/api\/v2\/apps\/[^/]+\/environments\/[^/]+\/snapshots\/[^/?]+/

/** Every way a line of server text could start a workflow command, in one value. */
const PAYLOAD = 'x\n::warning::pwned\r::stop-commands::abc\n::set-output name=a::b\n  ##[error]x'

interface Api {
  emulator: Emulator
  url: string
  cloudUrl: string
}

function direct(emulator: Emulator): Api {
  return { emulator, url: emulator.url, cloudUrl: emulator.cloudUrl }
}

/** A deploy of the head revision: to `test` on Private Cloud, to Production on Mendix Cloud; 12 s per wait. */
function inputsFor(target: Target, api: Api, extra: Record<string, string> = {}): Record<string, string> {
  const common = { branch: SEED.branch, revision: HEAD, timeoutMinutes: '0.2' }
  if (target === 'private-cloud') {
    return {
      ...common,
      token: api.emulator.token,
      appId: SEED.appId,
      environment: SEED.environments.test.name,
      apiUrl: api.url,
      ...extra
    }
  }
  return {
    ...common,
    target: 'mendix-cloud',
    username: SEED.cloud.username,
    apiKey: SEED.cloud.apiKey,
    appId: SEED.cloud.appId,
    environment: 'Production',
    apiUrl: api.cloudUrl,
    ...extra
  }
}

function run(inputs: Record<string, string>, options: Omit<RunOptions, 'inputs'> = {}): Promise<RunResult> {
  return runAction({ timeoutMs: 60_000, ...options, inputs })
}

/** Exit code and number of `::error` lines, to compare with { exit: 1, errors: 1 }: failed, with one clear line. */
function outcome(result: RunResult): { exit: number | null; errors: number } {
  return { exit: result.exitCode, errors: errorLines(result).filter(line => line.trim() !== '').length }
}

/** The first line of the first error: where the action says what went wrong. */
function firstLine(result: RunResult): string {
  return (errorLines(result)[0] ?? '').split('\n')[0]
}

/** Every rule of the proxy spoiled at least one answer: the test reached the hostile path it is about. */
function expectAllSpoiled(hostile: HostileServer): void {
  expect(hostile.spoiled.map(n => n > 0)).toEqual(hostile.spoiled.map(() => true))
}

interface Case {
  target: Target
  rules: HostileRule[]
  inputs?: Record<string, string>
  emulator?: EmulatorOptions
  /** Called before the run, e.g. to serve the apps for a health check. */
  prepare?: (hostile: HostileServer) => void
}

function runCase(c: Case, options: Omit<RunOptions, 'inputs'> = {}): Promise<[RunResult, HostileServer]> {
  return withHostile(
    c.rules,
    async hostile => {
      c.prepare?.(hostile)
      const result = await run(inputsFor(c.target, hostile, c.inputs), options)
      return [result, hostile]
    },
    c.emulator
  )
}

function withPayloadAt(key: string, when: (body: JsonObject) => boolean, value = PAYLOAD) {
  return (body: JsonObject) => {
    if (when(body)) body[key] = value
  }
}

describe('hostile servers', () => {
  // The slow ones first: concurrent tests start in order, five at a time.

  it.concurrent(
    '2. a server that drips headers or a body at 1 byte/s cannot hold the step past timeoutMinutes + 30 s',
    async () => {
      const scenarios: Array<[Target, 'headers' | 'body', RegExp]> = [
        ['private-cloud', 'headers', ENV_LIST],
        ['private-cloud', 'body', ENV_LIST],
        ['mendix-cloud', 'headers', CLOUD_APP],
        ['mendix-cloud', 'body', CLOUD_APP]
      ]
      const seen = await Promise.all(
        scenarios.map(async ([target, part, path]) => {
          const [result] = await runCase(
            { target, rules: [{ method: 'GET', path, act: { kind: 'drip', part } }] },
            { timeoutMs: 60_000 }
          )
          return { scenario: `${target} ${part}`, exit: result.exitCode, seconds: result.durationMs / 1000 }
        })
      )
      // The figures, for the record: how long each drip held the step.
      console.log(`drip at 1 byte/s, timeoutMinutes 0.2: ${JSON.stringify(seen)}`)
      // timeoutMinutes 0.2 is 12 s; the promise is at most 30 s more.
      expect(seen.filter(s => !(s.exit === 1 && s.seconds < 45))).toEqual([])
    },
    90_000
  )

  it.concurrent(
    '3. a 300 MB answer is refused within 30 s, naming the limit, with peak RSS under 100 MB',
    async () => {
      const seen = await Promise.all(
        (
          [
            ['private-cloud', ENV_LIST],
            ['mendix-cloud', CLOUD_APP]
          ] as Array<[Target, RegExp]>
        ).map(async ([target, path]) => {
          const memory = peakMemory()
          const [result] = await runCase(
            {
              target,
              rules: [{ method: 'GET', path, act: { kind: 'huge', bytes: 300 * 1024 * 1024 } }],
              inputs: { timeoutMinutes: '0.5' }
            },
            { timeoutMs: 40_000, onSpawn: memory.onSpawn }
          )
          return {
            target,
            exit: result.exitCode,
            seconds: result.durationMs / 1000,
            peakMb: memory.peakMb(),
            error: firstLine(result)
          }
        })
      )
      console.log(`300 MB answer: ${JSON.stringify(seen)}`)
      expect(
        seen.filter(
          s => !(s.exit === 1 && s.seconds < 30 && s.peakMb < 100 && /limit|too large|MB/i.test(s.error))
        )
      ).toEqual([])
    },
    60_000
  )

  it.concurrent(
    '3. an endless chunked answer fails the step (exit 1), never exit 0, even when the server gives up',
    async () => {
      const seen = await Promise.all(
        (
          [
            ['private-cloud', ENV_LIST],
            ['mendix-cloud', CLOUD_ENV]
          ] as Array<[Target, RegExp]>
        ).map(async ([target, path]) => {
          const memory = peakMemory()
          const [result] = await runCase(
            { target, rules: [{ method: 'GET', path, act: { kind: 'endless', forMs: 15_000 } }] },
            { timeoutMs: 40_000, onSpawn: memory.onSpawn }
          )
          return { target, ...outcome(result), seconds: result.durationMs / 1000, peakMb: memory.peakMb() }
        })
      )
      expect(seen.filter(s => s.exit !== 1 || s.errors !== 1)).toEqual([])
    },
    60_000
  )

  const cuts: Array<[string, Case]> = [
    [
      'the environment list',
      { target: 'private-cloud', rules: [{ method: 'GET', path: ENV_LIST, act: { kind: 'cut' } }] }
    ],
    ['a job poll', { target: 'private-cloud', rules: [{ method: 'GET', path: JOB, act: { kind: 'cut' } }] }],
    [
      'the build POST',
      {
        target: 'private-cloud',
        rules: [{ method: 'POST', path: BUILD, forward: false, act: { kind: 'cut', status: 202 } }]
      }
    ],
    [
      'the manifest PUT',
      {
        target: 'private-cloud',
        rules: [{ method: 'PUT', path: MANIFEST, forward: false, act: { kind: 'cut', status: 202 } }]
      }
    ],
    [
      'the health check',
      {
        target: 'private-cloud',
        rules: [{ method: 'GET', path: APP, act: { kind: 'cut' } }],
        inputs: { healthCheckPath: '/health', timeoutMinutes: '0.1' },
        prepare: hostile => hostile.serveApps()
      }
    ],
    [
      'Mendix Cloud: the app',
      { target: 'mendix-cloud', rules: [{ method: 'GET', path: CLOUD_APP, act: { kind: 'cut' } }] }
    ],
    [
      'Mendix Cloud: the start',
      {
        target: 'mendix-cloud',
        rules: [
          {
            method: 'POST',
            path: CLOUD_START,
            forward: false,
            act: { kind: 'cut', body: '{"JobId":"6a8c0e2f-4b6d-4f8a-9c1e-3b5d7f9a1c3e"}' }
          }
        ]
      }
    ]
  ]

  it.concurrent.each(cuts)(
    '1. an answer cut partway through its body fails the step: %s',
    async (_name, c) => {
      const [result, hostile] = await runCase(c)
      expectAllSpoiled(hostile)
      expect(outcome(result)).toEqual({ exit: 1, errors: 1 })
    }
  )

  it.concurrent(
    '1. a cut PUT answer does not turn a failed deploy green (rollbackOnFailure: true)',
    async () => {
      const [result, hostile] = await runCase({
        target: 'private-cloud',
        rules: [{ method: 'PUT', path: MANIFEST, nth: [1], act: { kind: 'cut' } }],
        inputs: { rollbackOnFailure: 'true' },
        emulator: { jobFaults: [{ job: 'deploy', outcome: 'unhealthy', times: 1 }] }
      })
      expectAllSpoiled(hostile)
      expect(outcome(result)).toEqual({ exit: 1, errors: 1 })
    }
  )

  const injections: Array<[string, Case]> = [
    [
      'environment and namespace names',
      {
        target: 'private-cloud',
        rules: [
          {
            method: 'GET',
            path: ENV_LIST,
            act: {
              kind: 'rewrite',
              set: {
                'environments.*.environment.properties.name': PAYLOAD,
                'environments.*.environment.provider.namespace': PAYLOAD
              }
            }
          }
        ],
        inputs: { environment: SEED.environments.test.id }
      }
    ],
    [
      'a build job id',
      {
        target: 'private-cloud',
        rules: [{ method: 'POST', path: BUILD, act: { kind: 'rewrite', set: { id: PAYLOAD } } }]
      }
    ],
    [
      'a deploy job id',
      {
        target: 'private-cloud',
        rules: [{ method: 'PUT', path: MANIFEST, act: { kind: 'rewrite', set: { id: PAYLOAD } } }]
      }
    ],
    [
      'a job status',
      {
        target: 'private-cloud',
        rules: [{ method: 'GET', path: JOB, nth: [1], act: { kind: 'rewrite', set: { status: PAYLOAD } } }]
      }
    ],
    [
      'a package id',
      {
        target: 'private-cloud',
        rules: [
          {
            method: 'GET',
            path: JOB,
            act: { kind: 'rewrite', edit: withPayloadAt('packageId', b => b.status === 'finished') }
          }
        ]
      }
    ],
    [
      'an app URL',
      {
        target: 'private-cloud',
        rules: [
          {
            method: 'GET',
            path: MANIFEST,
            act: { kind: 'rewrite', set: { 'environment.deployment.appUrl': PAYLOAD } }
          }
        ]
      }
    ],
    [
      'an error message',
      {
        target: 'private-cloud',
        rules: [
          {
            method: 'GET',
            path: ENV_LIST,
            act: {
              kind: 'answer',
              status: 400,
              contentType: 'application/json',
              body: JSON.stringify({ error: { message: PAYLOAD } })
            }
          }
        ]
      }
    ],
    [
      "a failed build's message and log",
      {
        target: 'private-cloud',
        rules: [
          {
            method: 'GET',
            path: JOB,
            act: {
              kind: 'rewrite',
              edit: body => {
                if (body.status === 'failed') body.error = { code: 400, message: PAYLOAD }
                const log = body.log as { build?: string } | undefined
                if (log) log.build = `${log.build ?? ''}\n${PAYLOAD}\n`
              }
            }
          }
        ],
        inputs: { revision: SEED.brokenRevision }
      }
    ],
    [
      'Mendix Cloud: environment mode and URL',
      {
        target: 'mendix-cloud',
        rules: [
          { method: 'GET', path: CLOUD_ENV, act: { kind: 'rewrite', set: { Mode: PAYLOAD, Url: PAYLOAD } } }
        ]
      }
    ],
    [
      'Mendix Cloud: a package id',
      {
        target: 'mendix-cloud',
        rules: [{ method: 'POST', path: CLOUD_BUILD, act: { kind: 'rewrite', set: { PackageId: PAYLOAD } } }]
      }
    ],
    [
      'Mendix Cloud: a snapshot id',
      {
        target: 'mendix-cloud',
        rules: [{ method: 'POST', path: SNAPSHOTS, act: { kind: 'rewrite', set: { snapshot_id: PAYLOAD } } }],
        inputs: { backup: 'true' }
      }
    ],
    [
      'Mendix Cloud: a backup state',
      {
        target: 'mendix-cloud',
        rules: [
          { method: 'GET', path: SNAPSHOT, nth: [1], act: { kind: 'rewrite', set: { state: PAYLOAD } } }
        ],
        inputs: { backup: 'true' }
      }
    ],
    [
      'Mendix Cloud: a start job id',
      {
        target: 'mendix-cloud',
        rules: [{ method: 'POST', path: CLOUD_START, act: { kind: 'rewrite', set: { JobId: PAYLOAD } } }]
      }
    ],
    [
      'Mendix Cloud: an error message',
      {
        target: 'mendix-cloud',
        rules: [
          {
            method: 'GET',
            path: CLOUD_APP,
            act: {
              kind: 'answer',
              status: 400,
              contentType: 'application/json',
              body: JSON.stringify({ errorCode: 'INVALID_PARAMETERS', errorMessage: PAYLOAD })
            }
          }
        ]
      }
    ]
  ]

  it.concurrent.each(injections)(
    '4. server text cannot start a workflow command line, and the step still reports its outcome: %s',
    async (_name, c) => {
      const [result, hostile] = await runCase(c)
      expectAllSpoiled(hostile)
      const scan = scanCommands(result.stdout)
      const errors = scan.processed.filter(command => command.startsWith('::error'))
      // Its own outcome: exit 0 with the success summary, or exit 1 with one error the runner still shows.
      const reported =
        result.exitCode === 0 ? result.summary.includes('Mendix deploy succeeded') : errors.length === 1
      expect({ injected: scan.injected, exit: [0, 1].includes(result.exitCode ?? -1), reported }).toEqual({
        injected: [],
        exit: true,
        reported: true
      })
    }
  )

  const HTML = '<img src=x onerror=alert(1)>'
  const FENCED = `bad request\n\`\`\`\n**FENCE-ESCAPED** ${HTML}\n\`\`\`\nafter`
  const summaries: Array<[string, Case]> = [
    [
      'HTML, a pipe and a backtick in the environment name; a javascript: app URL',
      {
        target: 'private-cloud',
        rules: [
          {
            method: 'GET',
            path: ENV_LIST,
            act: { kind: 'rewrite', set: { 'environments.*.environment.properties.name': `${HTML} | a\`b` } }
          },
          {
            method: 'GET',
            path: MANIFEST,
            act: { kind: 'rewrite', set: { 'environment.deployment.appUrl': 'javascript:alert(1)' } }
          }
        ],
        inputs: { environment: SEED.environments.test.id }
      }
    ],
    [
      'an error message that closes the code fence',
      {
        target: 'private-cloud',
        rules: [
          {
            method: 'GET',
            path: ENV_LIST,
            act: {
              kind: 'answer',
              status: 400,
              contentType: 'application/json',
              body: JSON.stringify({ error: { message: FENCED } })
            }
          }
        ]
      }
    ],
    [
      'a build log that closes the <pre>',
      {
        target: 'private-cloud',
        rules: [
          {
            method: 'GET',
            path: JOB_LOG,
            act: {
              kind: 'rewrite',
              edit: body => {
                const log = body.log as { build?: string } | undefined
                if (log) log.build = `${log.build ?? ''}\n</pre></details>${HTML} | \`\n\`\`\`\n`
              }
            }
          }
        ],
        inputs: { revision: SEED.brokenRevision }
      }
    ],
    [
      'Mendix Cloud: a javascript: app URL',
      {
        target: 'mendix-cloud',
        rules: [
          { method: 'GET', path: CLOUD_ENV, act: { kind: 'rewrite', set: { Url: 'javascript:alert(1)' } } }
        ]
      }
    ],
    [
      'Mendix Cloud: an error message that closes the code fence',
      {
        target: 'mendix-cloud',
        rules: [
          {
            method: 'GET',
            path: CLOUD_APP,
            act: {
              kind: 'answer',
              status: 400,
              contentType: 'application/json',
              body: JSON.stringify({ errorCode: 'INVALID_PARAMETERS', errorMessage: FENCED })
            }
          }
        ]
      }
    ]
  ]

  it.concurrent.each(summaries)('5. the job summary shows server text as text: %s', async (_name, c) => {
    const [result, hostile] = await runCase(c)
    expectAllSpoiled(hostile)
    expect({
      written: /Mendix deploy (succeeded|failed)/.test(result.summary),
      problems: summaryProblems(result.summary),
      escapedTheFence: outsideCode(result.summary).lines.filter(line => line.includes('FENCE-ESCAPED'))
    }).toEqual({ written: true, problems: [], escapedTheFence: [] })
  })

  const echoes: Array<[string, Case, string]> = [
    [
      'a 401 whose text names the token',
      {
        target: 'private-cloud',
        rules: [
          {
            method: 'GET',
            path: ENV_LIST,
            act: { kind: 'answer', status: 401, body: `Token MxToken ${SECRET_TOKEN} is not valid` }
          }
        ],
        inputs: { token: SECRET_TOKEN },
        emulator: { tokens: { [SECRET_TOKEN]: ALL_SCOPES } }
      },
      SECRET_TOKEN
    ],
    [
      'a plain-text 500 that echoes the request headers',
      {
        target: 'private-cloud',
        rules: [
          {
            method: 'POST',
            path: BUILD,
            act: {
              kind: 'answer',
              status: 500,
              body: `Internal Server Error\nrequest: POST /packages/build Authorization: MxToken ${SECRET_TOKEN}`
            }
          }
        ],
        inputs: { token: SECRET_TOKEN },
        emulator: { tokens: { [SECRET_TOKEN]: ALL_SCOPES } }
      },
      SECRET_TOKEN
    ],
    [
      'a failed build whose log holds the token',
      {
        target: 'private-cloud',
        rules: [
          {
            method: 'GET',
            path: JOB_LOG,
            act: {
              kind: 'rewrite',
              edit: body => {
                const log = body.log as { build?: string } | undefined
                if (log)
                  log.build = `${log.build ?? ''}\n[git] fatal: could not read from https://ci:${SECRET_TOKEN}@git.example.com/orders.git\n`
              }
            }
          }
        ],
        inputs: { token: SECRET_TOKEN, revision: SEED.brokenRevision },
        emulator: { tokens: { [SECRET_TOKEN]: ALL_SCOPES } }
      },
      SECRET_TOKEN
    ],
    [
      'Mendix Cloud: a 401 whose text names the API key',
      {
        target: 'mendix-cloud',
        rules: [
          {
            method: 'GET',
            path: CLOUD_APP,
            act: { kind: 'answer', status: 401, body: `Mendix-ApiKey ${SEED.cloud.apiKey} is not valid` }
          }
        ]
      },
      SEED.cloud.apiKey
    ],
    [
      'Mendix Cloud: a plain-text 500 that echoes the API key',
      {
        target: 'mendix-cloud',
        rules: [
          {
            method: 'POST',
            path: CLOUD_BUILD,
            act: {
              kind: 'answer',
              status: 500,
              body: `Internal Server Error (Mendix-ApiKey: ${SEED.cloud.apiKey})`
            }
          }
        ]
      },
      SEED.cloud.apiKey
    ]
  ]

  it.concurrent.each(echoes)(
    '6. a server that echoes the secret does not get it printed: %s',
    async (_name, c, secret) => {
      const [result, hostile] = await runCase(c)
      expectAllSpoiled(hostile)
      expect(result.exitCode).toBe(1)
      expect(leaksOf(result, secret)).toEqual([])
    }
  )

  it.concurrent('6. a dry run shows neither the raw nor the JSON-escaped form of a secret constant', () =>
    withEmulator({}, async emulator => {
      const value = 'Sx"Q7\\pK-3vT8'
      const escaped = JSON.stringify(value).slice(1, -1)
      const result = await run(
        inputsFor('private-cloud', direct(emulator), {
          dryRun: 'true',
          constants: `secret Orders.ApiEndpoint=${value}`
        })
      )
      expect(result.exitCode).toBe(0)
      expect(result.stdout).toContain('+ environment.deployment.constants.Orders.ApiEndpoint.value:')
      expect({ raw: leaksOf(result, value), escaped: leaksOf(result, escaped) }).toEqual({
        raw: [],
        escaped: []
      })
    })
  )

  const packageFiles: Array<[string, (dir: string) => string]> = [
    [
      'a symlink to an .mda file',
      dir => {
        writeFileSync(join(dir, 'real.mda'), Buffer.alloc(64 * 1024, 7))
        symlinkSync(join(dir, 'real.mda'), join(dir, 'link.mda'))
        return join(dir, 'link.mda')
      }
    ],
    [
      'a symlink to /proc/self/environ',
      dir => {
        symlinkSync('/proc/self/environ', join(dir, 'environ.mda'))
        return join(dir, 'environ.mda')
      }
    ],
    [
      'a file name with a double quote',
      dir => {
        writeFileSync(join(dir, 'Orders"; name="x.mda'), Buffer.alloc(1024, 7))
        return join(dir, 'Orders"; name="x.mda')
      }
    ],
    [
      'a file name with CR and LF',
      dir => {
        writeFileSync(join(dir, 'Orders\r\nX-Injected: 1.mda'), Buffer.alloc(1024, 7))
        return join(dir, 'Orders\r\nX-Injected: 1.mda')
      }
    ]
  ]

  it.concurrent.each(packageFiles)(
    '7. packageFile is refused, naming the input, and nothing is uploaded: %s',
    (_name, make) =>
      withEmulator({}, async emulator => {
        const file = make(mkdtempSync(join(tmpdir(), 'hostile-mda-')))
        const result = await run(inputsFor('private-cloud', direct(emulator), { packageFile: file }))
        expect({
          ...outcome(result),
          namesTheInput: firstLine(result).includes('packageFile'),
          uploads: emulator.traffic.filter(t => t.operation === 'upload').length
        }).toEqual({ exit: 1, errors: 1, namesTheInput: true, uploads: 0 })
      })
  )

  const apiUrls: Array<[Target, string, (port: number) => string]> = [
    ['private-cloud', 'a valid URL', port => `http://user:hunter2@127.0.0.1:${port}/api/v4`],
    ['private-cloud', 'an unparsable URL', () => 'http://user:hunter2@127.0.0.1:99999/api/v4'],
    ['private-cloud', 'a URL that is not http', port => `ftp://user:hunter2@127.0.0.1:${port}/api/v4`],
    ['mendix-cloud', 'a valid URL', port => `http://user:hunter2@127.0.0.1:${port}/api/1`],
    ['mendix-cloud', 'a URL that is not http', port => `ftp://user:hunter2@127.0.0.1:${port}/api/1`]
  ]

  it.concurrent.each(apiUrls)('8. a password in apiUrl is printed nowhere (%s, %s)', (target, _name, url) =>
    withEmulator({}, async emulator => {
      const result = await run(inputsFor(target, direct(emulator), { apiUrl: url(emulator.port) }))
      expect(result.exitCode).toBe(1)
      expect(leaksOf(result, 'hunter2')).toEqual([])
    })
  )

  it.concurrent.each(['/%2e%2e/admin', '/%2E%2E/admin', '/health/.%2e/admin', '/%2e./admin'])(
    '9. healthCheckPath %s is refused as an input error before any request',
    path =>
      withEmulator({}, async emulator => {
        // Loopback app URLs: the action as it is would call them, and nothing else may be called.
        emulator.control.serveApps()
        const result = await run(
          inputsFor('private-cloud', direct(emulator), { healthCheckPath: path, timeoutMinutes: '0.05' })
        )
        expect({
          ...outcome(result),
          namesTheInput: firstLine(result).includes('healthCheckPath'),
          requests: emulator.traffic.map(t => `${t.method} ${t.path}`)
        }).toEqual({ exit: 1, errors: 1, namesTheInput: true, requests: [] })
      })
  )

  const malformed: Array<[string, Case, RegExp, string, string]> = [
    [
      'a package id with /../',
      {
        target: 'private-cloud',
        rules: [
          {
            method: 'GET',
            path: JOB,
            act: {
              kind: 'rewrite',
              edit: withPayloadAt(
                'packageId',
                b => b.status === 'finished',
                `${SEED.packages.released}/../../x`
              )
            }
          }
        ]
      },
      /package ?id/i,
      'packageId',
      `${SEED.packages.released}/../../x`
    ],
    [
      'a package id with a line break',
      {
        target: 'private-cloud',
        rules: [
          {
            method: 'GET',
            path: JOB,
            act: {
              kind: 'rewrite',
              edit: withPayloadAt('packageId', b => b.status === 'finished', 'd6f1b2a4\nX-Injected: 1')
            }
          }
        ]
      },
      /package ?id/i,
      'packageId',
      'd6f1b2a4\nX-Injected: 1'
    ],
    [
      'a build job id with /../',
      {
        target: 'private-cloud',
        rules: [{ method: 'POST', path: BUILD, act: { kind: 'rewrite', set: { id: '../../apps/x' } } }]
      },
      /job ?id/i,
      'buildJobId',
      '../../apps/x'
    ],
    [
      'a deploy job id with a line break',
      {
        target: 'private-cloud',
        rules: [{ method: 'PUT', path: MANIFEST, act: { kind: 'rewrite', set: { id: 'job\n42' } } }]
      },
      /job ?id/i,
      'deployJobId',
      'job\n42'
    ],
    [
      'Mendix Cloud: a PackageId with /../',
      {
        target: 'mendix-cloud',
        rules: [
          { method: 'POST', path: CLOUD_BUILD, act: { kind: 'rewrite', set: { PackageId: 'x/../../y' } } }
        ]
      },
      /package ?id/i,
      'packageId',
      'x/../../y'
    ],
    [
      'Mendix Cloud: a start JobId with /../ and a line break',
      {
        target: 'mendix-cloud',
        rules: [{ method: 'POST', path: CLOUD_START, act: { kind: 'rewrite', set: { JobId: '../x\ny' } } }]
      },
      /job ?id/i,
      'startJobId',
      '../x\ny'
    ]
  ]

  it.concurrent.each(malformed)(
    '10. a malformed id from the server fails the step, naming the field: %s',
    async (_name, c, field, output, value) => {
      const [result, hostile] = await runCase(c)
      expectAllSpoiled(hostile)
      expect({
        ...outcome(result),
        namesTheField: field.test(firstLine(result)),
        outputHoldsIt: result.outputs[output] === value
      }).toEqual({ exit: 1, errors: 1, namesTheField: true, outputHoldsIt: false })
    }
  )
})
