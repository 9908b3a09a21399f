/** The stand-in for undici that keeps it off the start-up path (src/undici-on-demand.ts). */
// The real module: the bare name 'undici' means the stand-in wherever tsconfig.json paths apply.
import * as undici from 'undici/index.js'
import { fetch, provideUndici, ProxyAgent } from '../src/undici-on-demand.js'

describe('undici on demand', () => {
  it('says which door to use when asked for undici before it is loaded', () => {
    expect(() => new ProxyAgent('http://127.0.0.1:3128')).toThrow(/src\/octokit\.ts/)
    expect(() => fetch('http://127.0.0.1:9/')).toThrow(/before Octokit loaded it/)
  })

  it('gives the real ProxyAgent and fetch once loaded', async () => {
    provideUndici(undici)
    const agent = new ProxyAgent({ uri: 'http://127.0.0.1:3128' })
    expect(agent).toBeInstanceOf(undici.ProxyAgent)
    await (agent as unknown as undici.ProxyAgent).close()
    // Port 9 (discard) is closed on loopback: the real fetch fails to connect, it does not throw the stand-in's error.
    await expect(fetch('http://127.0.0.1:9/')).rejects.toThrow(/fetch failed/)
  })
})
