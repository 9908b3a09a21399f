/**
 * Stands in for `undici` in the bundle (tsconfig.json `paths` maps the bare name here; ncc follows it).
 *
 * Why: @actions/http-client imports undici when it loads, for one thing only, a ProxyAgent that lets `fetch` use
 * the runner's proxy. Loading undici was most of every start of the action: 235 ms to the first request
 * before, 184 ms after (docs/performance.md), and about 0.1 s of CPU a start on Node 24. This action's own requests never use it: they go through http-client's Node.js
 * agents, which honour the proxy without undici. Only Octokit (GitHub Deployments, preview comments) fetches
 * with undici, and src/octokit.ts, the one module that loads Octokit, has the real undici handed over first. So undici
 * sits in Octokit's lazily loaded chunk, not on the start-up path of every run.
 *
 * Tests run src/ with the real undici (jest does not read `paths`); the bundle's use of this module is held by
 * __tests__/github-native.test.ts (a Deployment recorded through a proxy) and __tests__/e2e-bundle.test.ts.
 */
import type * as Undici from 'undici/index.js'

let real: typeof Undici | undefined

/** Called by src/undici-provided.ts, which src/octokit.ts loads before Octokit. */
export function provideUndici(module: typeof Undici): void {
  real = module
}

function loaded(): typeof Undici {
  if (!real) {
    throw new Error(
      'undici was asked for before Octokit loaded it: import Octokit through src/octokit.ts (see src/undici-on-demand.ts)'
    )
  }
  return real
}

/** What http-client builds for a proxied fetch: the real ProxyAgent, from the module Octokit's loader provided. */
export class ProxyAgent {
  constructor(options: Undici.ProxyAgent.Options | string) {
    return new (loaded().ProxyAgent)(options)
  }
}

/** What @actions/github fetches with behind a proxy. */
export const fetch: typeof Undici.fetch = (...args) => loaded().fetch(...args)
