/**
 * Browser tests against the real production server (tests/fixtures/spawn-server.ts).
 * Run: npx playwright test -c tests/e2e/playwright.config.ts
 *
 * The browser is the system Chromium (Debian: apt-get install -y chromium), never a downloaded
 * one: set CHROMIUM_PATH to use another. global-setup.ts fails the run when it is missing.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../fixtures/chromium.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
	testDir: '.',
	// Only *.e2e.ts: vitest owns *.test.ts and must never see these, nor Playwright its files.
	testMatch: '**/*.e2e.ts',
	globalSetup: './global-setup.ts',
	outputDir: path.resolve(here, '../../test-results'),
	workers: 1,
	// CI: one retry, so a timing flake on a shared 2-core machine does not sink a whole run;
	// Playwright still lists such a test as "flaky" in the output, to be looked at, and a test
	// that fails twice fails the run. Locally: no retry, every failure shows.
	retries: process.env.CI ? 1 : 0,
	reporter: 'list',
	timeout: 60_000,
	expect: { timeout: 10_000 },
	forbidOnly: !!process.env.CI,
	use: {
		browserName: 'chromium',
		headless: true,
		viewport: { width: 1920, height: 1080 },
		locale: 'vi-VN',
		timezoneId: 'Asia/Ho_Chi_Minh',
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure',
		launchOptions: {
			executablePath: CHROMIUM_PATH,
			args: CHROMIUM_ARGS
		}
	}
});
