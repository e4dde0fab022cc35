/**
 * A ward commander's tablet loses its connection: entries made offline are kept on the device,
 * shown as waiting, and sent when the connection returns — in order, each exactly once.
 */
import { expect, test } from '@playwright/test';
import { signInCookie, spawnServer, type SpawnedServer } from '../fixtures/spawn-server.ts';

let server: SpawnedServer;
let cookie: string;

test.beforeAll(async () => {
	server = await spawnServer();
	cookie = await signInCookie(server.url);
});
test.afterAll(async () => {
	await server?.stop();
	await server?.cleanup();
});

const history = async () =>
	(await (await fetch(`${server.url}/api/wards/ngoc-khanh/case-reports?limit=100`, { headers: { cookie } })).json()) as Array<{ f0Active: number; id: number }>;

async function fill(page: import('@playwright/test').Page, f0Active: number) {
	const figures: Record<string, string> = {
		f0NewCommunity: '1',
		f0NewQuarantine: '2',
		f0Active: String(f0Active),
		f1Traced: '10',
		f1Quarantined: '40',
		f2: '80',
		samplesTested: '200',
		positives: '3',
		vaccineDoses: '150'
	};
	for (const [k, v] of Object.entries(figures)) await page.locator(`input[name="${k}"]`).fill(v);
	await page.locator('input[name="zone"][value="orange"]').check();
	await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
	await expect(page.getByTestId('queued')).toBeVisible();
}

test('entries made offline wait on the device and are sent in order, each once, when the connection returns', async ({ browser }) => {
	const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, hasTouch: true });
	const [name, value] = cookie.split('=') as [string, string];
	await context.addCookies([{ name, value, url: server.url }]);
	const page = await context.newPage();
	await page.goto(`${server.url}/ward/ngoc-khanh`);

	// Online: sent at once.
	await fill(page, 100);
	await expect(page.locator('[data-testid="outbox"] li[data-status="sent"]')).toHaveCount(1);

	// Offline: three entries wait on the device; the server has none of them.
	await context.setOffline(true);
	await page.evaluate(() => window.dispatchEvent(new Event('offline')));
	for (const n of [101, 102, 103]) await fill(page, n);
	await expect(page.getByTestId('outbox-state')).toContainText('Mất kết nối');
	await expect(page.locator('[data-testid="outbox"] li[data-status="waiting"]')).toHaveCount(3);
	expect((await history()).map((r) => r.f0Active)).toEqual([100]);

	// Back online: all three arrive, in the order they were made, each exactly once.
	await context.setOffline(false);
	await page.evaluate(() => window.dispatchEvent(new Event('online')));
	await expect(page.locator('[data-testid="outbox"] li[data-status="sent"]')).toHaveCount(4, { timeout: 15_000 });
	await expect(page.getByTestId('outbox-state')).toContainText('Đã gửi hết');
	const saved = (await history()).reverse(); // oldest first
	expect(saved.map((r) => r.f0Active)).toEqual([100, 101, 102, 103]);

	// A reload keeps the device's list, and sends nothing twice.
	await page.reload();
	await expect(page.locator('[data-testid="outbox"] li[data-status="sent"]')).toHaveCount(4);
	expect((await history()).length).toBe(4);
	await context.close();
});

test('an entry the server refuses on arrival is shown with the reason and does not block the next', async ({ browser }) => {
	const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
	const [name, value] = cookie.split('=') as [string, string];
	await context.addCookies([{ name, value, url: server.url }]);
	const page = await context.newPage();
	await page.goto(`${server.url}/ward/ngoc-khanh`);
	// Queue, straight into the device's outbox, one entry whose ward the server does not know
	// (the device cannot tell), then a good one.
	await page.evaluate(async () => {
		const body = {
			f0NewCommunity: 0,
			f0NewQuarantine: 0,
			f0Active: 7,
			f1Traced: 0,
			f1Quarantined: 0,
			f2: 0,
			samplesTested: 0,
			positives: 0,
			vaccineDoses: 0,
			zone: 'green',
			note: null
		};
		const req = indexedDB.open('command-post', 1);
		// The page's outbox may not have opened (and so created) its database yet: whichever of the
		// two opens first creates the store, as the app does (lib/state/outbox.svelte.ts).
		req.onupgradeneeded = () => req.result.createObjectStore('outbox', { keyPath: 'id' });
		await new Promise<void>((resolve, reject) => {
			req.onerror = () => reject(req.error);
			req.onsuccess = () => {
				const t = req.result.transaction('outbox', 'readwrite');
				t.objectStore('outbox').put({
					id: crypto.randomUUID(),
					kind: 'case-report',
					ward: 'ngoc-khanh',
					url: '/api/wards/khong-co/case-reports',
					body,
					createdAt: new Date().toISOString(),
					status: 'waiting',
					attempts: 0,
					errors: [],
					message: null,
					sentAt: null
				});
				t.oncomplete = () => resolve();
			};
		});
	});
	await page.reload();
	await expect(page.locator('[data-testid="outbox"] li[data-status="refused"]')).toHaveCount(1);
	await expect(page.locator('[data-testid="outbox"] li[data-status="refused"]')).toContainText('Không tìm thấy phường');
	await fill(page, 200);
	await expect(page.locator('[data-testid="outbox"] li[data-status="sent"]').first()).toBeVisible();
	expect((await history()).some((r) => r.f0Active === 200)).toBe(true);
	await context.close();
});
