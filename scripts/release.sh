#!/usr/bin/env bash
# Tags a release: vX.Y.Z on the current main commit, and moves the major tag vX to it, as users pin @vX.
# Usage: scripts/release.sh 1.2.3   (then: git push origin vX.Y.Z && git push --force origin vX)
set -euo pipefail
version="${1:?usage: scripts/release.sh X.Y.Z}"
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "version must be X.Y.Z, got '$version'" >&2; exit 1; }
[ "$(git rev-parse --abbrev-ref HEAD)" = main ] || { echo "release from main" >&2; exit 1; }
[ -z "$(git status --porcelain)" ] || { echo "the work tree has uncommitted changes" >&2; exit 1; }
npm run --silent package
[ -z "$(git status --porcelain -- dist)" ] || { echo "dist/ is not the bundle of src/: run npm run package and commit" >&2; exit 1; }
grep -q "^## \[\?$version\]\?" CHANGELOG.md || { echo "CHANGELOG.md has no section for $version" >&2; exit 1; }
git tag -a "v$version" -m "v$version"
git tag -fa "v${version%%.*}" -m "v$version"
echo "Tagged v$version and moved v${version%%.*}. Push with:"
echo "  git push origin v$version && git push --force origin v${version%%.*}"
