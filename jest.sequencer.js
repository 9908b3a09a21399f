/**
 * Longest first, also on a first run. Jest's own order runs the longest suites first by the durations it cached;
 * on a fresh machine there are none, so it falls back to file size, and long e2e suites started a minute into the
 * run: on 2 cores, with a cleared cache, `npm test` took 104 s in that order and 80-82 s in this one. Here a suite
 * with no cached duration gets a guess: an e2e suite (it runs dist/index.js and waits on jobs) is long, a unit
 * suite short; file size breaks ties. Jest's order also puts last run's failures first; a whole run gains nothing
 * from that.
 */
import TestSequencer from '@jest/test-sequencer'

/** Guesses for a suite never timed here, in ms: e2e suites took 7–40 s on 2 cores, unit suites mostly under 2 s. */
const GUESS_MS = { e2e: 20_000, unit: 1_000 }

export default class LongestFirst extends TestSequencer {
  sort(tests) {
    // Jest's sort sets each test's cached duration, or leaves it undefined for a suite never timed.
    const timed = super.sort([...tests])
    const guess = test => GUESS_MS[test.context.config.displayName?.name] ?? GUESS_MS.unit
    const size = test => test.context.hasteFS.getSize(test.path) ?? 0
    const ms = test => test.duration ?? guess(test)
    return timed.sort((a, b) => ms(b) - ms(a) || size(b) - size(a))
  }
}
