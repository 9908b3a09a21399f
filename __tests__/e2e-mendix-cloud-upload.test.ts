/**
 * The bundled action with target mendix-cloud against the documented behaviours the emulator learnt (issue 12):
 * ALREADY_STARTED and early 404s, and packageFile through the v2 upload.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SEED } from '../emulator/index.js'
import {
  deploy,
  errorLines,
  leaksOf,
  withEmulator,
  cloudInputs,
  cloudChanges,
  cloudProduction
} from './support/deploy-run.js'

/** A .mda of `bytes` bytes in a fresh directory. */
function mdaFile(bytes: number, name = 'Orders_1.7.0.12.mda'): string {
  const path = join(mkdtempSync(join(tmpdir(), 'cloud-mda-')), name)
  const data = Buffer.alloc(bytes)
  for (let i = 0; i < bytes; i++) data[i] = (i * 7919) & 0xff
  writeFileSync(path, data)
  return path
}

describe('mendix-cloud: transient answers (issue 12.7)', () => {
  it.each([
    ['the documented 500', true],
    ['a 200', { status: 200 }]
  ] as const)('takes ALREADY_STARTED from the start status (%s) as started', (_name, already) =>
    withEmulator({ startStatusAlreadyStarted: already }, async emulator => {
      const result = await deploy(emulator, cloudInputs(emulator))
      expect({ exit: result.exitCode, errors: errorLines(result) }).toEqual({ exit: 0, errors: [] })
      expect(result.outputs.state).toBe('Running')
      expect(emulator.traffic.filter(t => t.operation === 'cloudStartStatus')).toHaveLength(1)
    })
  )

  it('waits out a 404 on the first polls of a new build', () =>
    withEmulator({ cloudBuildPollNotFound: 2 }, async emulator => {
      const result = await deploy(emulator, cloudInputs(emulator))
      expect({ exit: result.exitCode, errors: errorLines(result) }).toEqual({ exit: 0, errors: [] })
      const polls = emulator.traffic.filter(t => t.operation === 'cloudGetPackage').map(t => t.status)
      expect(polls.slice(0, 3)).toEqual([404, 404, 200])
      expect(cloudProduction(emulator).packageId).toBe(result.outputs.packageId)
    }))
})

describe('mendix-cloud: packageFile through the v2 upload (issue 12.9)', () => {
  it('streams the file to the v2 upload, waits for its job, then transports and starts that package', () =>
    withEmulator({}, async emulator => {
      const size = 3 * 1024 * 1024 + 17
      const file = mdaFile(size)
      const result = await deploy(emulator, cloudInputs(emulator, { packageFile: file }))
      expect({ exit: result.exitCode, errors: errorLines(result) }).toEqual({ exit: 0, errors: [] })
      expect(cloudChanges(emulator, ['cloudUpload'])).toEqual([
        'cloudUpload',
        'cloudStop',
        'cloudTransport',
        'cloudStart',
        'cloudStartStatus'
      ])
      const upload = emulator.traffic.find(t => t.operation === 'cloudUpload')!
      expect(upload.path).toBe(`/api/v2/apps/${SEED.cloud.appId}/packages/upload`)
      expect(upload.query).toEqual({ name: 'Orders_1.7.0.12.mda' })
      expect(upload.status).toBe(200)
      const sent = (upload.body as { multipartBytes: number }).multipartBytes
      expect(Number(upload.headers['content-length'])).toBe(sent)
      expect(upload.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/)
      expect(emulator.traffic.filter(t => t.operation === 'cloudJob').at(-1)!.status).toBe(200)
      const pkg = emulator.state.cloud.packages.find(p => p.PackageId === result.outputs.packageId)!
      expect(pkg).toMatchObject({ Size: size, Name: 'Orders_1.7.0.12.mda' })
      // While the service still processes the uploaded MDA, a transport answers 503 and is tried again.
      const transports = emulator.traffic.filter(t => t.operation === 'cloudTransport')
      expect(transports.map(t => t.status)).toEqual([...transports.slice(1).map(() => 503), 200])
      expect(transports.at(-1)!.body).toEqual({ PackageId: result.outputs.packageId })
      expect(cloudProduction(emulator)).toMatchObject({
        Status: 'Running',
        packageId: result.outputs.packageId
      })
      expect(result.outputs.reused).toBe('false')
      expect(leaksOf(result, SEED.cloud.apiKey)).toEqual([])
    }))

  it('changes nothing when the upload job fails', () =>
    withEmulator(
      { jobFaults: [{ job: 'upload', outcome: 'fail', message: 'Not a valid MDA' }] },
      async emulator => {
        const result = await deploy(emulator, cloudInputs(emulator, { packageFile: mdaFile(4096) }))
        expect(result.exitCode).toBe(1)
        const [error] = errorLines(result)
        expect(error).toMatch(
          /The upload of Orders_1\.7\.0\.12\.mda failed \(job [0-9a-f-]+\): it ended as Failed/
        )
        expect(error).toContain('Nothing was stopped or changed')
        expect(cloudChanges(emulator, ['cloudUpload'])).toEqual(['cloudUpload'])
        expect(cloudProduction(emulator)).toMatchObject({
          Status: 'Running',
          packageId: SEED.cloud.packages.running
        })
      }
    ))

  it('reports a file over the service limit and changes nothing', () =>
    withEmulator({ uploadLimitBytes: 1000 }, async emulator => {
      const result = await deploy(emulator, cloudInputs(emulator, { packageFile: mdaFile(4096) }))
      expect(result.exitCode).toBe(1)
      const [error] = errorLines(result)
      expect(error).toContain('upload Orders_1.7.0.12.mda')
      expect(error).toContain('413')
      expect(cloudChanges(emulator, ['cloudUpload'])).toEqual(['cloudUpload'])
      expect(cloudProduction(emulator).Status).toBe('Running')
    }))

  it('a dry run names the file to upload and sends nothing', () =>
    withEmulator({}, async emulator => {
      const result = await deploy(
        emulator,
        cloudInputs(emulator, { packageFile: mdaFile(2048), dryRun: 'true' })
      )
      expect(result.exitCode).toBe(0)
      expect(emulator.traffic.filter(t => t.method === 'POST')).toEqual([])
      expect(result.stdout).toContain('upload Orders_1.7.0.12.mda (2048 bytes) through the v2 upload')
    }))
})
