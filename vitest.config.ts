import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Three suites, told apart by file name:
 * - `npm test`: every `test/**\/*.test.ts` but the two below; passes on a fresh clone without Chromium.
 * - `npm run test:slow` (vitest.slow.config.ts): `*.slow.test.ts`, tests that take seconds each.
 * - `npm run test:browser` (vitest.browser.config.ts): `*.browser.test.ts`, rendered in headless
 *   Chromium; they fail, never skip, when it is missing.
 * .ci/run runs all three.
 */
export const SLOW = 'test/**/*.slow.test.ts';
export const BROWSER = 'test/**/*.browser.test.ts';

export function suite(include: string[], exclude: string[] = []) {
  return defineConfig({
    test: {
      include,
      exclude: [...configDefaults.exclude, ...exclude],
      testTimeout: 60_000,
      // A fixed fast-check seed unless KIVI_FC_SEED is set (test/fast-check-seed.ts).
      setupFiles: ['test/fast-check-seed.ts'],
    },
  });
}

export default suite(['test/**/*.test.ts'], [SLOW, BROWSER]);
