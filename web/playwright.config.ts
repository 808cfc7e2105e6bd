import { defineConfig } from '@playwright/test';

// End to end against the whole local platform (tests/e2e/platform.ts starts it, or reuses
// AGORA_E2E_WEB_URL / AGORA_E2E_API_URL / AGORA_E2E_OUTBOX). One worker, in order: the two
// people of the run share one platform. Debian's Chromium, no browser download.
export default defineConfig({
	testDir: 'tests/e2e',
	outputDir: 'test-results/output',
	globalSetup: './tests/e2e/platform.ts',
	workers: 1,
	fullyParallel: false,
	retries: 0,
	timeout: 120_000,
	expect: { timeout: 10_000 },
	reporter: [['list']],
	use: {
		browserName: 'chromium',
		headless: true,
		viewport: { width: 1280, height: 900 },
		actionTimeout: 10_000,
		navigationTimeout: 20_000,
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
			args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
				'--disable-sync', '--no-first-run']
		}
	}
});
