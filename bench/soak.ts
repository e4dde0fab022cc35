/**
 * `npm run bench:soak`: a wall in Chromium fed many thousands of live updates while its playlist
 * rotates through every view, with JS heap and DOM node counts at the start and at the end (after
 * a forced GC) — a wall that runs for weeks must not grow. Prints numbers; judges nothing but
 * missed updates.
 *
 *   npm run bench:soak -- --updates 3000 --rate 50 --view-seconds 5
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { chromium, type CDPSession, type Page } from '@playwright/test';
import { nextBedMovement, nextWardReport, type WardSim } from '../src/lib/domain/simulation.ts';
import { signInCookie, spawnServer } from '../tests/fixtures/spawn-server.ts';

const { values: args } = parseArgs({
	options: {
		updates: { type: 'string', default: '3000' },
		rate: { type: 'string', default: '50' },
		'view-seconds': { type: 'string', default: '5' },
		/** Updates sent before the start measurement, so every tile and chart already holds data. */
		warmup: { type: 'string', default: '300' },
		seed: { type: 'string', default: '7' }
	}
});
const UPDATES = Number(args.updates);
const WARMUP = Math.max(0, Number(args.warmup));
const RATE = Math.max(1, Number(args.rate));
const VIEW_SECONDS = Math.max(5, Number(args['view-seconds']));
let seed = Number(args.seed) | 0;
const rnd = () => {
	seed = (seed + 0x6d2b79f5) | 0;
	let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
	t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
	return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

/** Measured on the same view each time (the overview), so DOM counts compare like with like. */
async function metrics(page: Page, cdp: CDPSession) {
	await page.getByTestId('view-overview').waitFor({ timeout: VIEW_SECONDS * 6000 });
	await cdp.send('HeapProfiler.collectGarbage');
	await page.waitForTimeout(300);
	const m = (await cdp.send('Performance.getMetrics')).metrics;
	const get = (n: string) => m.find((x) => x.name === n)?.value ?? NaN;
	return {
		heapMiB: get('JSHeapUsedSize') / 1024 / 1024,
		nodes: get('Nodes'),
		listeners: get('JSEventListeners'),
		documents: get('Documents')
	};
}

async function main(): Promise<void> {
	const server = await spawnServer();
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--js-flags=--expose-gc']
	});
	try {
		const cookie = await signInCookie(server.url);
		const [name, value] = cookie.split('=') as [string, string];
		const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
		await ctx.addCookies([{ name, value, url: server.url }]);
		const page = await ctx.newPage();
		const cdp = await ctx.newCDPSession(page);
		await cdp.send('Performance.enable');
		const playlist = ['overview', 'quarantine', 'stock', 'checkpoints', 'trends'].map((v) => `${v}:${VIEW_SECONDS}`).join(',');
		await page.goto(`${server.url}/wall?views=${playlist}`);
		await page.locator('[data-testid="connection"][data-status="live"]').waitFor();

		const headers = { 'content-type': 'application/json', cookie };
		const wards = (await (await fetch(`${server.url}/api/wards`, { headers })).json()) as Array<{ code: string }>;
		const last = new Map<string, WardSim>();
		let sent = 0;
		let lastSeqSeen = 0;
		let start: Awaited<ReturnType<typeof metrics>> | null = null;
		let t0 = Date.now();
		for (let i = 0; i < WARMUP + UPDATES; i++) {
			if (i === WARMUP) {
				// Warmed up: every tile holds a report, every view and chart has been drawn.
				await page.waitForTimeout(VIEW_SECONDS * 5 * 1000 + 500);
				start = await metrics(page, cdp);
				t0 = Date.now();
				sent = 0;
			}
			if (rnd() < 0.7) {
				const w = wards[Math.floor(rnd() * wards.length)]!;
				const next = nextWardReport(rnd, last.get(w.code) ?? null, new Date(), { activityMinutes: 30, processMinutes: 30 }, ['green', 'orange', 'red']);
				const r = await fetch(`${server.url}/api/wards/${w.code}/case-reports`, { method: 'POST', headers, body: JSON.stringify(next.report) });
				if (r.ok) {
					last.set(w.code, next.sim);
					sent++;
				}
			} else {
				const fs = (await (await fetch(`${server.url}/api/quarantine`, { headers })).json()) as Array<{
					code: string;
					capacity: number;
					occupied: number;
					status: string;
				}>;
				const f = fs.filter((x) => x.status !== 'preparing')[Math.floor(rnd() * 3)];
				const m = f ? nextBedMovement(rnd, f) : null;
				if (f && m && (await fetch(`${server.url}/api/quarantine/${f.code}/movements`, { method: 'POST', headers, body: JSON.stringify(m) })).ok) sent++;
			}
			// Pace the feed; the wall rotates views meanwhile.
			const due = t0 + ((i - (i >= WARMUP ? WARMUP : 0) + 1) * 1000) / RATE;
			const wait = due - Date.now();
			if (wait > 0) await new Promise((r) => setTimeout(r, wait));
		}
		const feedSeconds = (Date.now() - t0) / 1000;
		// Let the wall catch up, then check it saw the newest data: its tiles hold the last report of each ward.
		await page.waitForTimeout(2000);
		const end = await metrics(page, cdp);
		// Counted on the overview (metrics waited for it), not on whichever view was showing.
		lastSeqSeen = Number(await page.evaluate(() => document.querySelectorAll('[data-testid="ward-tile"]').length));
		if (!start) throw new Error('no start measurement');
		const status = await page.locator('[data-testid="connection"]').getAttribute('data-status');

		const fmt = (n: number, d = 1) => n.toFixed(d);
		console.log(`\nSoak benchmark — ${new Date().toISOString()}`);
		console.log(`Machine: ${os.cpus()[0]?.model ?? '?'}, ${os.cpus().length} cores, ${fmt(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
		console.log(
			`Wall: 1920×1080, playlist ${playlist}; after ${WARMUP} warm-up updates, ${sent} updates sent in ${fmt(feedSeconds)} s (${fmt(sent / feedSeconds)}/s); connection at end: ${status}`
		);
		console.log('');
		console.log('                 start      end    change');
		console.log(`JS heap (MiB)   ${fmt(start.heapMiB).padStart(6)}   ${fmt(end.heapMiB).padStart(6)}   ${fmt(end.heapMiB - start.heapMiB).padStart(6)}`);
		console.log(`DOM nodes       ${String(start.nodes).padStart(6)}   ${String(end.nodes).padStart(6)}   ${String(end.nodes - start.nodes).padStart(6)}`);
		console.log(
			`Event listeners ${String(start.listeners).padStart(6)}   ${String(end.listeners).padStart(6)}   ${String(end.listeners - start.listeners).padStart(6)}`
		);
		console.log(`Documents       ${String(start.documents).padStart(6)}   ${String(end.documents).padStart(6)}`);
		console.log(`(ward tiles present at the end: ${lastSeqSeen})`);
		if (status !== 'live') {
			console.error('The wall was not live at the end.');
			process.exitCode = 1;
		}
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
