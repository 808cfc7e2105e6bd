import { defineConfig } from '@playwright/test';

// `make web-bench`: Lighthouse (mobile profile) on the home page and a module page, against a
// local platform of its own (the e2e run's global setup). Not part of `make test`.
export default defineConfig({
	testDir: 'tests/bench',
	outputDir: 'test-results/bench-output',
	globalSetup: './tests/e2e/platform.ts',
	workers: 1,
	timeout: 240_000,
	reporter: [['list']]
});
