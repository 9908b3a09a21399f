/**
 * Mendix's CDN for MxBuild, as the reference guide names it ("MxBuild", https://docs.mendix.com/refguide/mxbuild/):
 * `GET /runtime/mxbuild-{version}.tar.gz` (Linux) and `GET /runtime/win-mxbuild-{version}.tar.gz` (Windows), no
 * authentication. The docs say every public Studio Pro release has one; this emulator takes the releases to be
 * every four-part version of Mendix 7 to 11, and answers 404 for any other file name.
 *
 * `GET /mirror/{variant}/<the same file names>` is a mirror for tests (the action's mirror input): `good` serves
 * what the CDN serves, the other variants a tarball the action must refuse (mxbuild-package.ts).
 */
import { ARCHIVE_VARIANTS, mxbuildTarball, type ArchiveVariant } from './mxbuild-package.js'
import type { Reply, RequestContext } from './protocol.js'

const FILE_NAME = /^(win-)?mxbuild-((?:0|[1-9]\d{0,8})(?:\.(?:0|[1-9]\d{0,8})){3})\.tar\.gz$/

/** The emulated releases: Mendix 7 to 11. */
function released(version: string): boolean {
  const major = Number(version.split('.')[0])
  return major >= 7 && major <= 11
}

const tarballs = new Map<string, Buffer>()

function notFound(what: string): Reply {
  return {
    status: 404,
    raw: { data: Buffer.from(`Not Found: ${what}\n`), contentType: 'text/plain; charset=utf-8' }
  }
}

function serve(file: string, variant: ArchiveVariant): Reply {
  const match = FILE_NAME.exec(file)
  if (!match || !released(match[2])) return notFound(file)
  const key = `${variant}/${file}`
  let data = tarballs.get(key)
  if (!data) {
    data = mxbuildTarball(match[2], { windows: match[1] !== undefined, variant })
    tarballs.set(key, data)
  }
  return { status: 200, raw: { data, contentType: 'application/gzip' } }
}

/** `GET /runtime/{file}`: the CDN. */
export function cdnFile(ctx: RequestContext): Reply {
  return serve(ctx.params.file, 'good')
}

/** `GET /mirror/{variant}/{file}`: a mirror that may serve a bad tarball. */
export function mirrorFile(ctx: RequestContext): Reply {
  const variant = ctx.params.variant as ArchiveVariant
  if (!ARCHIVE_VARIANTS.includes(variant)) return notFound(`variant ${ctx.params.variant}`)
  return serve(ctx.params.file, variant)
}
