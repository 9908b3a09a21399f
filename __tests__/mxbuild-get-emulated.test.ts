/**
 * The emulated MxBuild (emulator/mxbuild-emulated.ts) as the tarball carries it, run as a program the way the
 * action runs MxBuild: its documented options and exit codes (0, 1, 2, 3), the errors file (UTF-8 with a BOM,
 * written only when the app has errors), the .mda (a real zip with the model version in it), the SBOM, and a slow
 * build whose child process lives until its whole process group is ended.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { crc32, inflateRawSync } from 'node:zlib'
import { mxbuildTarball } from '../emulator/mxbuild-package.js'
import { makeMpr, type MprProblem } from './support/mpr.js'

const VERSION = '10.24.0.73019'

let root: string
let mxbuild: string
let javaHome: string
let java: string
let app: string

/** Runs the emulated MxBuild in `cwd` (default: a fresh folder). */
function run(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const cwd = options.cwd ?? mkdtempSync(join(root, 'cwd-'))
  const result = spawnSync(mxbuild, args, { cwd, encoding: 'utf8', env: { ...process.env, ...options.env } })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, cwd }
}

const required = (): string[] => [`--java-home=${javaHome}`, `--java-exe-path=${java}`]

/** The files of a zip, read from its central directory; stored or deflated entries, CRCs checked. */
function unzip(data: Buffer): Record<string, Buffer> {
  const end = data.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  expect(end).toBeGreaterThanOrEqual(0)
  const count = data.readUInt16LE(end + 10)
  let at = data.readUInt32LE(end + 16)
  const files: Record<string, Buffer> = {}
  for (let i = 0; i < count; i++) {
    expect(data.readUInt32LE(at)).toBe(0x02014b50)
    const method = data.readUInt16LE(at + 10)
    const crc = data.readUInt32LE(at + 16)
    const size = data.readUInt32LE(at + 20)
    const nameLength = data.readUInt16LE(at + 28)
    const extraLength = data.readUInt16LE(at + 30)
    const commentLength = data.readUInt16LE(at + 32)
    const local = data.readUInt32LE(at + 42)
    const name = data.subarray(at + 46, at + 46 + nameLength).toString('utf8')
    expect(data.readUInt32LE(local)).toBe(0x04034b50)
    const start = local + 30 + data.readUInt16LE(local + 26) + data.readUInt16LE(local + 28)
    const raw = data.subarray(start, start + size)
    const content = method === 8 ? inflateRawSync(raw) : raw
    expect(crc32(content)).toBe(crc)
    files[name] = content
    at += 46 + nameLength + extraLength + commentLength
  }
  return files
}

const PROBLEMS: MprProblem[] = [
  {
    name: 'CE0117',
    severity: 'Error',
    message: "Error(s) in expression: 'Total' is not a member of 'Orders.Order'.",
    elementId: 'e1',
    unitId: 'u1',
    element: 'Change object activity',
    document: 'ACT_Order_Save',
    module: 'Orders'
  },
  {
    name: 'CW0001',
    severity: 'Warning',
    message: 'Variable Count is never used.',
    document: 'ACT_Order_Count',
    module: 'Orders'
  },
  {
    severity: 'Deprecation',
    message: 'Widget X is deprecated: ünïcödé',
    document: 'Home',
    module: 'MyFirstModule'
  }
]

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'mxbuild-emulated-'))
  const tool = join(root, 'tool')
  mkdirSync(tool)
  writeFileSync(join(root, 'mxbuild.tar.gz'), mxbuildTarball(VERSION))
  expect(spawnSync('tar', ['-xzf', join(root, 'mxbuild.tar.gz'), '-C', tool]).status).toBe(0)
  mxbuild = join(tool, 'modeler', 'mxbuild')
  javaHome = join(root, 'jdk')
  java = join(javaHome, 'bin', 'java')
  mkdirSync(join(javaHome, 'bin'), { recursive: true })
  writeFileSync(java, '#!/bin/sh\n', { mode: 0o755 })
  app = makeMpr(join(root, 'app'), { version: VERSION })
})

afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('the emulated MxBuild: bad command lines exit 2 with a message', () => {
  it.each([
    ['no options at all', [], /--java-home is required/],
    ['no --java-exe-path', ['--java-home=JDK', 'APP'], /--java-exe-path is required/],
    ['no --java-home', ['--java-exe-path=JAVA', 'APP'], /--java-home is required/],
    [
      'an unknown option',
      ['--java-home=JDK', '--java-exe-path=JAVA', '--fast', 'APP'],
      /Unknown option: --fast/
    ],
    [
      'an option without its value',
      ['--java-home', '--java-exe-path=JAVA', 'APP'],
      /--java-home needs a value/
    ],
    [
      'a value for a flag',
      ['--java-home=JDK', '--java-exe-path=JAVA', '--generate-sbom=yes', 'APP'],
      /takes no value/
    ],
    ['no app file', ['--java-home=JDK', '--java-exe-path=JAVA'], /exactly one project file/],
    [
      'the app file not last',
      ['--java-home=JDK', 'APP', '--java-exe-path=JAVA'],
      /must be the last argument/
    ],
    [
      'a --java-home that is no folder',
      ['--java-home=JAVA', '--java-exe-path=JAVA', 'APP'],
      /is not a directory/
    ],
    [
      'a --java-exe-path that does not exist',
      ['--java-home=JDK', '--java-exe-path=JDK/bin/javac', 'APP'],
      /is not a file/
    ],
    [
      'an unknown target',
      ['--java-home=JDK', '--java-exe-path=JAVA', '--target=docker', 'APP'],
      /not one of package, deploy/
    ],
    [
      'an app file that does not exist',
      ['--java-home=JDK', '--java-exe-path=JAVA', 'Missing.mpr'],
      /does not exist/
    ]
  ])('%s', (_case, template, message) => {
    const args = template.map(arg =>
      arg
        .replace('JDK', javaHome)
        .replace('JAVA', java)
        .replace(/^APP$/, app)
        .replace('Missing.mpr', join(root, 'Missing.mpr'))
    )
    const result = run(args)
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(message)
    expect(result.stderr).toContain('Usage: mxbuild --java-home=DIR --java-exe-path=FILE')
  })
})

describe('the emulated MxBuild: a good app', () => {
  it('writes the .mda as a zip holding the model version and description, and exits 0', () => {
    const out = join(root, 'out', 'Shop_1.2.3.mda')
    const result = run([
      ...required(),
      '--target=package',
      `--output=${out}`,
      '--model-version=1.2.3',
      '--model-description=acme/shop@0123abc',
      '--project-name=Shop',
      app
    ])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(`Created the deployment package ${out}`)
    const files = unzip(readFileSync(out))
    expect(Object.keys(files)).toEqual(['emulated-mxbuild.json'])
    expect(JSON.parse(files['emulated-mxbuild.json'].toString('utf8'))).toMatchObject({
      mendixVersion: VERSION,
      projectName: 'Shop',
      modelVersion: '1.2.3',
      modelDescription: 'acme/shop@0123abc'
    })
  })

  it('takes -o FILE, and writes ./out.mda without it', () => {
    const short = run([...required(), '-o', 'short.mda', app])
    expect(short.code).toBe(0)
    expect(existsSync(join(short.cwd, 'short.mda'))).toBe(true)
    const plain = run([...required(), app])
    expect(plain.code).toBe(0)
    expect(existsSync(join(plain.cwd, 'out.mda'))).toBe(true)
  })

  it('writes a CycloneDX SBOM when asked, at the given path or deployment/sbom.json in the app folder', () => {
    const sbom = join(root, 'sbom', 'bom.json')
    expect(existsSync(sbom)).toBe(false)
    const given = run([
      ...required(),
      '--generate-sbom',
      `--sbom-output-path=${sbom}`,
      '--model-version=2.0.0',
      app
    ])
    expect(given.code).toBe(0)
    expect(JSON.parse(readFileSync(sbom, 'utf8'))).toMatchObject({
      bomFormat: 'CycloneDX',
      metadata: { component: { version: '2.0.0' } }
    })
    const other = makeMpr(join(root, 'sbom-app'), { version: VERSION })
    expect(run([...required(), '--generate-sbom', other]).code).toBe(0)
    expect(
      JSON.parse(readFileSync(join(root, 'sbom-app', 'deployment', 'sbom.json'), 'utf8')).bomFormat
    ).toBe('CycloneDX')
    const none = makeMpr(join(root, 'no-sbom-app'), { version: VERSION })
    expect(run([...required(), none]).code).toBe(0)
    expect(existsSync(join(root, 'no-sbom-app', 'deployment', 'sbom.json'))).toBe(false)
  })

  it('builds an app with warnings only, and writes no errors file (it is written only when there are errors)', () => {
    const warned = makeMpr(join(root, 'warned'), { version: VERSION, broken: PROBLEMS.slice(1) })
    const errors = join(root, 'warned-errors.json')
    const result = run([...required(), `--write-errors=${errors}`, warned])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('WARNING: Orders/ACT_Order_Count: Variable Count is never used.')
    expect(existsSync(errors)).toBe(false)
  })
})

describe('the emulated MxBuild: failures', () => {
  it('exits 3 for an app with errors and writes every problem to --write-errors as UTF-8 JSON with a BOM', () => {
    const broken = makeMpr(join(root, 'broken'), { version: VERSION, broken: PROBLEMS })
    const errors = join(root, 'errors', 'errors.json')
    const out = join(root, 'broken.mda')
    const result = run([...required(), `--write-errors=${errors}`, `--output=${out}`, broken])
    expect(result.code).toBe(3)
    expect(result.stderr).toContain('The build failed: the project has 1 error(s).')
    const bytes = readFileSync(errors)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(JSON.parse(bytes.subarray(3).toString('utf8'))).toEqual({
      problems: [
        {
          name: 'CE0117',
          severity: 'Error',
          message: PROBLEMS[0].message,
          locations: [
            {
              elementId: 'e1',
              unitId: 'u1',
              element: 'Change object activity',
              document: 'ACT_Order_Save',
              module: 'Orders'
            }
          ]
        },
        {
          name: 'CW0001',
          severity: 'Warning',
          message: 'Variable Count is never used.',
          locations: [
            { elementId: null, unitId: null, element: null, document: 'ACT_Order_Count', module: 'Orders' }
          ]
        },
        {
          name: null,
          severity: 'Deprecation',
          message: 'Widget X is deprecated: ünïcödé',
          locations: [
            { elementId: null, unitId: null, element: null, document: 'Home', module: 'MyFirstModule' }
          ]
        }
      ]
    })
    expect(existsSync(out)).toBe(false)
  })

  it('overwrites an existing errors file without warning', () => {
    const broken = makeMpr(join(root, 'broken2'), { version: VERSION, broken: PROBLEMS.slice(0, 1) })
    const errors = join(root, 'old-errors.json')
    writeFileSync(errors, 'stale content that is longer than nothing')
    expect(run([...required(), `--write-errors=${errors}`, broken]).code).toBe(3)
    expect(JSON.parse(readFileSync(errors, 'utf8').replace(/^\uFEFF/, '')).problems).toHaveLength(1)
  })

  it('exits 1 with a message on an internal error', () => {
    const crashing = makeMpr(join(root, 'crash'), {
      version: VERSION,
      internalError: 'System.OutOfMemoryException'
    })
    const result = run([...required(), crashing])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('An internal error occurred: System.OutOfMemoryException')
  })

  it('exits 3 for an app of another Mendix version; an older one builds with --loose-version-check', () => {
    const older = makeMpr(join(root, 'older'), { version: '10.18.0.60000' })
    const refused = run([...required(), older])
    expect(refused.code).toBe(3)
    expect(refused.stderr).toContain(`saved with Mendix 10.18.0.60000; this MxBuild is version ${VERSION}`)
    const loose = run([...required(), '--loose-version-check', older])
    expect(loose.code).toBe(0)
    expect(loose.stdout).toContain('in memory (not saved)')
    const newer = makeMpr(join(root, 'newer'), { version: '11.0.0.1' })
    expect(run([...required(), '--loose-version-check', newer]).code).toBe(3)
  })
})

describe('the emulated MxBuild: a slow build', () => {
  const alive = (pid: number): boolean => {
    try {
      process.kill(pid, 0)
      return true
    } catch {
      return false
    }
  }

  async function startSlow(): Promise<{ pid: number; childPid: number; done: Promise<number | null> }> {
    const child = spawn(mxbuild, [...required(), app], {
      cwd: mkdtempSync(join(root, 'slow-')),
      env: { ...process.env, MXBUILD_EMULATE_SLOW_MS: '30000' },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    const done = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)))
    const childPid = await new Promise<number>((resolve, reject) => {
      let out = ''
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8')
        const match = /child pid (\d+)/.exec(out)
        if (match) resolve(Number(match[1]))
      })
      child.on('exit', () => reject(new Error(`mxbuild ended early: ${out}`)))
    })
    return { pid: child.pid as number, childPid, done }
  }

  async function gone(pid: number): Promise<boolean> {
    for (let i = 0; i < 50 && alive(pid); i++) await new Promise(resolve => setTimeout(resolve, 100))
    return !alive(pid)
  }

  it('runs a child process that ends with its process group', async () => {
    const { pid, childPid, done } = await startSlow()
    expect(alive(childPid)).toBe(true)
    process.kill(-pid, 'SIGTERM')
    await done
    expect(await gone(childPid)).toBe(true)
  })

  it('leaves the child running when only mxbuild itself is killed (so a test of the group kill can fail)', async () => {
    const { pid, childPid, done } = await startSlow()
    process.kill(pid, 'SIGTERM')
    await done
    await new Promise(resolve => setTimeout(resolve, 300))
    try {
      expect(alive(childPid)).toBe(true)
    } finally {
      process.kill(childPid, 'SIGKILL')
    }
  })
})
