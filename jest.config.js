/**
 * Jest runs the TypeScript sources as ESM, types stripped by esbuild (jest.transform.js), in two projects:
 * - unit: src/, the emulator and the docs; fast, and never runs dist/;
 * - e2e: the suites that run the bundled action (dist/index.js) against the emulator, as the runner does (the
 *   conformance suite among them: it holds the action's own traffic to the official specs).
 *   Their global setup rebuilds dist/ first when it is not the bundle of the current src/.
 * `npm test` runs both, `npm run test:unit` and `npm run test:e2e` one each.
 *
 * The e2e suites mostly wait on the emulator's jobs and on the action's own pauses (Retry-After, backoff), so
 * more workers than cores pay, up to where the CPU is saturated. On 2 cores (/usr/bin/time -v npm test, 612
 * tests, warm cache): 4 workers 97 s at 144% CPU, 6 workers 80 s at 173%, 8 workers 74-79 s at 188%. Capped, so a
 * big machine does not start dozens of workers of ~250 MB each for 47 files. The suites run longest first, also
 * on a fresh machine (jest.sequencer.js).
 */
import { availableParallelism } from 'node:os'

/** The suites that run dist/index.js. A new one is named e2e-*.test.ts, or added here. */
const E2E = '/__tests__/(e2e.*|faults|hostile|examples|github-native|cancel|conformance)\\.test\\.ts$'

const typescript = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': '<rootDir>/jest.transform.js'
  }
}

export default {
  // Jest reads a percentage above 100% as a plain number of workers, so the count is worked out here.
  maxWorkers: Math.min(16, 4 * availableParallelism()),
  testTimeout: 60000,
  testSequencer: './jest.sequencer.js',
  // test:unit and test:e2e pick one by TESTS rather than --selectProjects, which would swallow a test path after it.
  projects: [
    {
      ...typescript,
      displayName: 'unit',
      testRegex: '/__tests__/.*\\.test\\.ts$',
      testPathIgnorePatterns: ['/node_modules/', E2E]
    },
    { ...typescript, displayName: 'e2e', globalSetup: './jest.e2e-setup.js', testRegex: E2E }
  ].filter(project => !process.env.TESTS || project.displayName === process.env.TESTS)
}
