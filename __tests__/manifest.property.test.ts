/** For any manifest, with unknown fields anywhere, the PUT body is the GET body with one field changed. */
import fc from 'fast-check'
import {
  diffManifests,
  factsOf,
  withDeployChanges,
  withPackageId,
  type Manifest
} from '../src/private-cloud/manifest.js'
import { secretValuePaths } from '../src/private-cloud/secret-settings.js'

const unknownFields = fc.dictionary(
  fc
    .string({ minLength: 1, maxLength: 12 })
    .filter(k => !['environment', 'deployment', 'packageId', '__proto__'].includes(k)),
  fc.jsonValue({ maxDepth: 3 }),
  { maxKeys: 4 }
)

const manifestArb: fc.Arbitrary<Manifest> = fc
  .record({
    top: unknownFields,
    environment: unknownFields,
    deployment: unknownFields,
    container: unknownFields,
    packageId: fc.uuid(),
    id: fc.string({ minLength: 1, maxLength: 32 }),
    constants: fc.array(fc.record({ name: fc.string(), value: fc.string() }), { maxLength: 5 })
  })
  .map(p => ({
    ...p.top,
    manifestVersion: '2.0.0',
    environment: {
      ...p.environment,
      id: p.id,
      deployment: { ...p.deployment, packageId: p.packageId, appUrl: 'https://x', constants: p.constants },
      container: { ...p.container, instances: 1 }
    }
  }))

describe('withPackageId', () => {
  it('changes environment.deployment.packageId and nothing else, as sent over the wire', () => {
    fc.assert(
      fc.property(manifestArb, fc.uuid(), (manifest, packageId) => {
        const original = structuredClone(manifest)
        const sent = JSON.parse(JSON.stringify(withPackageId(manifest, packageId))) as Manifest
        expect(factsOf(sent).packageId).toBe(packageId)
        ;(sent.environment as { deployment: { packageId: string } }).deployment.packageId =
          factsOf(original).packageId!
        expect(sent).toEqual(JSON.parse(JSON.stringify(original)))
        // The manifest that was read is left as it was.
        expect(manifest).toEqual(original)
      }),
      { numRuns: 300 }
    )
  })

  it('refuses a manifest without a deployment object rather than inventing one', () => {
    expect(() => withPackageId({ manifestVersion: '2.0.0', environment: { id: 'x' } }, 'p')).toThrow(
      /no environment.deployment/
    )
  })
})

describe('diffManifests with secret settings', () => {
  const NAMES = ['M.ApiKey', 'M.Url', 'M.Timeout', 'value', 'M.ApiKey.value']
  const settingArb = fc.uniqueArray(
    fc.record({ name: fc.constantFrom(...NAMES), value: fc.string(), secret: fc.boolean() }),
    { selector: s => s.name, maxLength: NAMES.length }
  )
  const caseArb = fc.record({
    before: fc.uniqueArray(
      fc.record({ name: fc.constantFrom(...NAMES), value: fc.jsonValue({ maxDepth: 2 }) }),
      {
        selector: c => c.name
      }
    ),
    constants: settingArb,
    environmentVariables: settingArb
  })

  it('shows every changed value, and those of secret settings as *** on both sides, by place', () => {
    fc.assert(
      fc.property(caseArb, ({ before, constants, environmentVariables }) => {
        const manifest: Manifest = {
          environment: {
            deployment: { packageId: 'p1', constants: before },
            container: {},
            // A copy: a manifest read as JSON never shares one list between two places.
            runtime: { environmentVariables: structuredClone(before) }
          }
        }
        const after = withDeployChanges(manifest, { packageId: 'p2', constants, environmentVariables })
        const settings = { constants, environmentVariables }
        const paths = secretValuePaths(settings)
        const masked = diffManifests(manifest, after, paths)
        const plain = diffManifests(manifest, after)
        // The same lines, in the same order; only the values at (or within) a secret place read ***.
        expect(masked).toHaveLength(plain.length)
        masked.forEach((line, i) => {
          const side = plain[i].slice(0, 2)
          const secret = paths.some(
            p => plain[i].startsWith(`${side}${p}: `) || plain[i].startsWith(`${side}${p}.`)
          )
          if (!secret) expect(line).toBe(plain[i])
          else {
            expect(line.endsWith(': ***')).toBe(true)
            expect(plain[i].startsWith(line.slice(0, -3))).toBe(true)
          }
        })
        // Every secret setting that changed shows on both sides (an object value as several lines), masked.
        for (const setting of [...constants, ...environmentVariables].filter(s => s.secret)) {
          const place = constants.includes(setting) ? 'deployment.constants' : 'runtime.environmentVariables'
          const old = before.find(c => c.name === setting.name)
          if (old === undefined || JSON.stringify(old.value) === JSON.stringify(setting.value)) continue
          for (const side of ['-', '+']) {
            const prefix = `${side} environment.${place}.${setting.name}.value`
            expect(masked.some(l => l.startsWith(prefix) && l.endsWith(': ***'))).toBe(true)
          }
        }
      }),
      { numRuns: 300 }
    )
  })
})

describe('diffManifests', () => {
  it('keys array items by their name only when it is a string, so items with another name stay apart', () => {
    const manifest = (first: number): Manifest => ({
      environment: {
        extensions: [
          { name: { kind: 'a' }, level: first },
          { name: { kind: 'b' }, level: 1 }
        ]
      }
    })
    expect(diffManifests(manifest(1), manifest(2))).toEqual([
      '- environment.extensions.0.level: 1',
      '+ environment.extensions.0.level: 2'
    ])
  })
})
