/**
 * The one door to Octokit: it loads the real undici first (see src/undici-on-demand.ts), so both load together,
 * and only in runs that talk to GitHub's API (the modules that use this one are imported lazily).
 */
import './undici-provided.js'

export { getOctokit } from '@actions/github'
