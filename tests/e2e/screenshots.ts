/**
 * Regenerates the README screenshots (docs/screenshots/) from the real production server with
 * made-up figures. Not a test: run it by hand after a visual change.
 *
 *   node server/ensure-build.mjs && node --import tsx tests/e2e/screenshots.ts
 *
 * Uses the system Chromium like the browser tests (CHROMIUM_PATH, default /usr/bin/chromium).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { DEMO_MORNING, postDemoReport } from '../fixtures/demo-reports.ts';
import { ROOT, signInCookie, spawnServer } from '../fixtures/spawn-server.ts';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const OUT = path.join(ROOT, 'docs/screenshots');

async function main(): Promise<void> {
	if (!existsSync(CHROMIUM_PATH)) {
		throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium, or set CHROMIUM_PATH`);
	}
	const server = await spawnServer();
	const browser = await chromium.launch({
		executablePath: CHROMIUM_PATH,
		args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking']
	});
	try {
		const cookie = await signInCookie(server.url);
		const [cookieName, cookieValue] = cookie.split('=') as [string, string];
		for (const r of DEMO_MORNING) await postDemoReport(server.url, cookie, r);
		const common = { locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' };

		const signed = async (viewport: { width: number; height: number }, extra = {}) => {
			const ctx = await browser.newContext({ ...common, viewport, ...extra });
			await ctx.addCookies([{ name: cookieName, value: cookieValue, url: server.url }]);
			return ctx;
		};
		for (const view of ['overview', 'quarantine', 'stock', 'checkpoints', 'trends']) {
			const wall = await (await signed({ width: 1920, height: 1080 })).newPage();
			await wall.goto(`${server.url}/wall?pin=${view}`);
			await wall.locator('[data-testid="connection"][data-status="live"]').waitFor();
			await wall.evaluate(() => document.fonts.ready);
			await wall.screenshot({ path: path.join(OUT, view === 'overview' ? 'wall.png' : `wall-${view}.png`) });
		}

		const tablet = await (await signed({ width: 1280, height: 800 }, { hasTouch: true })).newPage();
		await tablet.goto(`${server.url}/ward/kim-ma`);
		await tablet.evaluate(() => document.fonts.ready);
		await tablet.screenshot({ path: path.join(OUT, 'ward-form.png'), fullPage: true });
		console.log(`wrote ${path.relative(ROOT, OUT)}/wall.png and ward-form.png`);
	} finally {
		await browser.close();
		await server.stop();
		await server.cleanup();
	}
}

main().catch((err: unknown) => {
	console.error(err);
	process.exit(1);
});
