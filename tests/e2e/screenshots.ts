/**
 * Regenerates the README screenshots (docs/screenshots/) from the real production server with
 * made-up figures: a simulated fortnight (`npm run simulate -- --backfill 14d`, seeded) and a morning
 * of demo reports on top. Not a test: run it by hand after a visual change (about three minutes).
 *
 *   node server/ensure-build.mjs && node --import tsx tests/e2e/screenshots.ts
 *
 * Uses the system Chromium like the browser tests (CHROMIUM_PATH, default /usr/bin/chromium).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { DEMO_MORNING, postDemoReport } from '../fixtures/demo-reports.ts';
import { ROOT, TEST_ADMIN_PASSWORD, signInCookie, signedInName, spawnServer } from '../fixtures/spawn-server.ts';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { addCard, addCheckItem, addComment, moveCard, updateCheckItem } from '../../src/lib/contracts/board-edits.ts';
import { readBoard } from '../../src/lib/domain/board.ts';

/** Made-up tasks on a few boards, written through the stock y-websocket client like a tablet. */
async function demoTasks(url: string, cookie: string): Promise<void> {
	const boards: Record<string, Array<{ title: string; column: string; focus?: string; deadline?: string; assignee?: string; priority?: string }>> = {
		district: [
			{
				title: 'Rà soát 3.000 chỗ cách ly tập trung theo chỉ đạo của Thành phố',
				column: 'doing',
				focus: 'distancing',
				deadline: '2021-09-05',
				assignee: 'Phòng Y tế quận',
				priority: 'urgent'
			},
			{
				title: 'Xét nghiệm diện rộng khu vực phong tỏa Văn Chương',
				column: 'todo',
				focus: 'testing',
				deadline: '2021-09-01',
				assignee: 'Trung tâm Y tế quận',
				priority: 'high'
			},
			{ title: 'Tiếp nhận 20 tấn gạo hỗ trợ từ Hội Chữ thập đỏ', column: 'review', focus: 'welfare', assignee: 'Phòng Lao động – TB&XH' },
			{ title: 'Tiêm mũi 2 cho người trên 65 tuổi', column: 'done', focus: 'vaccination', assignee: 'Trạm Y tế các phường' }
		],
		'ward:kim-ma': [
			{
				title: 'Lập chốt kiểm soát ngõ 29 Vạn Bảo',
				column: 'doing',
				focus: 'distancing',
				deadline: '2021-09-01',
				assignee: 'Công an phường Kim Mã',
				priority: 'high'
			},
			{ title: 'Phát 150 suất quà cho hộ khó khăn', column: 'todo', focus: 'welfare', deadline: '2999-12-31', assignee: 'Tổ Covid cộng đồng số 4' }
		],
		'ward:ngoc-ha': [{ title: 'Truy vết F1 ca bệnh ngõ 158', column: 'todo', focus: 'testing', deadline: '2021-09-02', assignee: 'Trạm Y tế phường Ngọc Hà' }]
	};
	for (const [board, cards] of Object.entries(boards)) {
		const doc = new Y.Doc();
		const provider = new WebsocketProvider(url.replace(/^http/, 'ws') + '/yjs', `board:${board}`, doc, {
			WebSocketPolyfill: class extends WebSocket {
				constructor(address: string | URL, protocols?: string | string[]) {
					super(address, protocols, { headers: { cookie } });
				}
			} as unknown as typeof globalThis.WebSocket,
			disableBc: true
		});
		await new Promise<void>((r) => provider.once('sync', () => r()));
		// The board rules take created/updated by from the connection: write under the signed-in name.
		const by = { by: await signedInName(url, cookie) };
		for (const c of cards) {
			const id = addCard(
				doc,
				'todo',
				{
					title: c.title,
					focus: c.focus ?? null,
					deadline: c.deadline ?? null,
					priority: c.priority ?? 'normal',
					assignee: c.assignee ? { kind: 'unit', name: c.assignee } : null
				},
				by
			);
			if (c.column !== 'todo') moveCard(doc, id, c.column, 0, by);
			const a = addCheckItem(doc, id, 'Phân công người phụ trách', by);
			addCheckItem(doc, id, 'Báo cáo kết quả về Sở Chỉ huy', by);
			updateCheckItem(doc, id, a, { done: true }, by);
			addComment(doc, id, 'Đã liên hệ, chiều nay triển khai.', by);
		}
		await new Promise((r) => setTimeout(r, 300)); // flushed within 50 ms; projected within 300 ms
		provider.destroy();
		doc.destroy();
	}
	await new Promise((r) => setTimeout(r, 500));
}

/** Two doctrine templates applied to every ward (issue 14 §5), and some wards' items ticked, like their tablets would. */
async function demoReadiness(url: string, cookie: string): Promise<void> {
	for (const template of ['4-tai-cho', '3-truoc']) {
		const res = await fetch(`${url}/api/readiness/${template}/apply`, { method: 'POST', headers: { cookie, origin: url } });
		if (!res.ok) throw new Error(`applying ${template} failed: ${res.status}`);
	}
	const ticks: Record<string, number> = { 'kim-ma': 4, 'ngoc-ha': 2, 'phuc-xa': 3, 'doi-can': 1, 'giang-vo': 4 };
	for (const [ward, n] of Object.entries(ticks)) {
		const doc = new Y.Doc();
		const provider = new WebsocketProvider(url.replace(/^http/, 'ws') + '/yjs', `board:ward:${ward}`, doc, {
			WebSocketPolyfill: class extends WebSocket {
				constructor(address: string | URL, protocols?: string | string[]) {
					super(address, protocols, { headers: { cookie } });
				}
			} as unknown as typeof globalThis.WebSocket,
			disableBc: true
		});
		await new Promise<void>((r) => provider.once('sync', () => r()));
		const by = { by: await signedInName(url, cookie) };
		for (const card of readBoard(doc)
			.columns.flatMap((c) => c.cards)
			.filter((c) => c.template))
			for (const item of card.checklist.slice(0, card.template === '4-tai-cho' ? n : Math.min(n, 2)))
				updateCheckItem(doc, card.id, item.id, { done: true }, by);
		await new Promise((r) => setTimeout(r, 300));
		provider.destroy();
		doc.destroy();
	}
	await new Promise((r) => setTimeout(r, 1200)); // projected within a second
}

const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const OUT = path.join(ROOT, 'docs/screenshots');

async function main(): Promise<void> {
	if (!existsSync(CHROMIUM_PATH)) {
		throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium, or set CHROMIUM_PATH`);
	}
	// The past first, into the data directory the server then opens (PGlite: one process at a time).
	const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cp-shots-'));
	const fill = spawnSync(process.execPath, ['--import', 'tsx', 'server/simulate.ts', '--backfill', '14d', '--seed', '42'], {
		cwd: ROOT,
		env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', ADMIN_PASSWORD: TEST_ADMIN_PASSWORD, LOG_LEVEL: 'warn' },
		stdio: 'inherit'
	});
	if (fill.status !== 0) throw new Error('the back-fill failed; see above');
	const server = await spawnServer({ dataDir });
	const browser = await chromium.launch({
		executablePath: CHROMIUM_PATH,
		args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking']
	});
	try {
		const cookie = await signInCookie(server.url);
		const [cookieName, cookieValue] = cookie.split('=') as [string, string];
		for (const r of DEMO_MORNING) await postDemoReport(server.url, cookie, r);
		await demoTasks(server.url, cookie);
		await demoReadiness(server.url, cookie);
		const common = { locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' };

		const signed = async (viewport: { width: number; height: number }, extra = {}) => {
			const ctx = await browser.newContext({ ...common, viewport, ...extra });
			await ctx.addCookies([{ name: cookieName, value: cookieValue, url: server.url }]);
			return ctx;
		};
		for (const view of ['overview', 'quarantine', 'stock', 'checkpoints', 'blockades', 'progress', 'welfare', 'trends', 'tasks', 'duty']) {
			const wall = await (await signed({ width: 1920, height: 1080 })).newPage();
			await wall.goto(`${server.url}/wall?pin=${view}`);
			await wall.locator('[data-testid="connection"][data-status="live"]').waitFor();
			await wall.evaluate(() => document.fonts.ready);
			await wall.screenshot({ path: path.join(OUT, view === 'overview' ? 'wall.png' : `wall-${view}.png`) });
		}

		// Readiness by the doctrine, ward × template (issue 14 §5).
		const readiness = await (await signed({ width: 1440, height: 900 })).newPage();
		await readiness.goto(`${server.url}/readiness`);
		await readiness.evaluate(() => document.fonts.ready);
		await readiness.screenshot({ path: path.join(OUT, 'readiness.png'), fullPage: true });

		// Who is on duty and whom to call (issue 14 §1, §6): the district's roster and the directory.
		for (const [route, file] of [
			['/duty-roster', 'duty-roster.png'],
			['/directory', 'directory.png']
		] as const) {
			const p = await (await signed({ width: 1440, height: 900 })).newPage();
			await p.goto(`${server.url}${route}`);
			await p.evaluate(() => document.fonts.ready);
			await p.screenshot({ path: path.join(OUT, file), fullPage: true });
		}

		// The history page with the fortnight's zone strips (issue 13 §2).
		const history = await (await signed({ width: 1440, height: 900 })).newPage();
		await history.goto(`${server.url}/reports/history`);
		await history.evaluate(() => document.fonts.ready);
		await history.waitForTimeout(1500);
		await history.screenshot({ path: path.join(OUT, 'history.png') });

		const board = await (await signed({ width: 1600, height: 900 })).newPage();
		await board.goto(`${server.url}/boards/district`);
		await board
			.locator('[data-testid="board-connection"], [data-connection]')
			.first()
			.waitFor()
			.catch(() => {});
		await board.waitForTimeout(1500);
		await board.evaluate(() => document.fonts.ready);
		await board.screenshot({ path: path.join(OUT, 'board.png') });
		const boardTablet = await (await signed({ width: 820, height: 1180 }, { hasTouch: true })).newPage();
		await boardTablet.goto(`${server.url}/boards/ward:kim-ma`);
		await boardTablet.waitForTimeout(1500);
		await boardTablet.screenshot({ path: path.join(OUT, 'board-tablet.png') });

		const tablet = await (await signed({ width: 1280, height: 800 }, { hasTouch: true })).newPage();
		await tablet.goto(`${server.url}/ward/kim-ma`);
		await tablet.evaluate(() => document.fonts.ready);
		await tablet.screenshot({ path: path.join(OUT, 'ward-form.png'), fullPage: true });
		// A ward with an active blockade, whichever the seeded fortnight left one in.
		const active = (await (await fetch(`${server.url}/api/blockades`, { headers: { cookie } })).json()) as Array<{ wardCode: string }>;
		const blockadeWard = active[0]?.wardCode ?? 'kim-ma';
		for (const [page, ward, file] of [
			['blockades', blockadeWard, 'ward-blockades.png'],
			['quarantine', 'kim-ma', 'ward-quarantine.png'],
			['welfare', 'kim-ma', 'ward-welfare.png']
		] as const) {
			const t = await (await signed({ width: 1280, height: 800 }, { hasTouch: true })).newPage();
			await t.goto(`${server.url}/ward/${ward}/${page}`);
			await t.evaluate(() => document.fonts.ready);
			await t.screenshot({ path: path.join(OUT, file) });
		}
		console.log(`wrote ${path.relative(ROOT, OUT)}/wall.png and ward-form.png`);
	} finally {
		await browser.close();
		await server.stop();
		await server.cleanup();
		await rm(dataDir, { recursive: true, force: true });
	}
}

main().catch((err: unknown) => {
	console.error(err);
	process.exit(1);
});
