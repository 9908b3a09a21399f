/** For any manifest, with unknown fields anywhere, the PUT body is the GET body with one field changed. */
import fc from 'fast-check'
import { factsOf, withPackageId, type Manifest } from '../src/private-cloud/manifest.js'

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
