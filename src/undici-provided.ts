/**
 * Hands the real undici to src/undici-on-demand.ts. A module of its own, imported first by src/octokit.ts,
 * because @actions/github builds its proxied fetch as it loads: undici must be in place before that.
 */
import * as undici from 'undici/index.js'
import { provideUndici } from './undici-on-demand.js'

provideUndici(undici)
