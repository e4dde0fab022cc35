/**
 * The tablet's offline shell (src/service-worker.ts): a ward commander's tablet pages, visited once
 * online, open again when the tab is reloaded or reopened without a connection — marked plainly as
 * a saved copy — and an entry made then waits on the device and is sent once when the connection
 * returns. The wall is never served from a cache, /api never cached, and signing out removes the
 * copies (a shared tablet).
 */
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { signInCookie, spawnServer, type SpawnedServer } from '../fixtures/spawn-server.ts';

let server: SpawnedServer;
let adminCookie: string;

test.beforeAll(async () => {
	server = await spawnServer();
	adminCookie = await signInCookie(server.url);
});
test.afterAll(async () => {
	await server?.stop();
	await server?.cleanup();
});

const TABLET = { viewport: { width: 1280, height: 800 }, hasTouch: true };

async function asAdmin(browser: Browser): Promise<BrowserContext> {
	const context = await browser.newContext(TABLET);
	const [name, value] = adminCookie.split('=') as [string, string];
	await context.addCookies([{ name, value, url: server.url }]);
	return context;
}

/** The admin creates a ward commander for Kim Mã, who signs in on a tablet and lands on the ward's form. */
async function commanderTablet(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
	const admin = await asAdmin(browser);
	const a = await admin.newPage();
	await a.goto(`${server.url}/admin/users`);
	const create = a.locator('form[action="?/create"]');
	await create.locator('input[name=username]').fill('chi-huy.kimma');
	await create.locator('input[name=displayName]').fill('Lê Văn Nam — Chỉ huy trưởng phường Kim Mã');
	await create.locator('select[name=role]').selectOption('ward_commander');
	await create.locator('select[name=wardCode]').selectOption('kim-ma');
	await create.locator('button[type=submit]').click();
	const otp = (await a.getByTestId('one-time-password').locator('code').innerText()).trim();
	await admin.close();

	const context = await browser.newContext(TABLET);
	const page = await context.newPage();
	await page.goto(`${server.url}/login`);
	await page.locator('input[name=username]').fill('chi-huy.kimma');
	await page.locator('input[name=password]').fill(otp);
	await page.locator('main button[type=submit]').click();
	await page.locator('input[name=current]').fill(otp);
	await page.locator('input[name=next]').fill('Kim-Mã-mật-khẩu-2026');
	await page.locator('input[name=confirm]').fill('Kim-Mã-mật-khẩu-2026');
	await page.locator('main button[type=submit]').click();
	await expect(page).toHaveURL(/\/ward\/kim-ma$/);
	return { context, page };
}

/** Waits until the service worker controls the page. */
async function controlled(page: Page): Promise<void> {
	await page.waitForFunction(() => !!navigator.serviceWorker?.controller, undefined, { timeout: 20_000 });
}

/** Every URL path in the worker's caches, by cache name. */
async function cached(page: Page): Promise<Record<string, string[]>> {
	return page.evaluate(async () => {
		const out: Record<string, string[]> = {};
		for (const name of await caches.keys()) {
			out[name] = (await (await caches.open(name)).keys()).map((r) => {
				const u = new URL(r.url);
				return u.pathname + u.search;
			});
		}
		return out;
	});
}
const pageCopies = async (page: Page) => (await cached(page))['cp-pages'] ?? [];
/** Each kept copy and when it was saved. */
async function savedStamps(page: Page): Promise<Record<string, string | null>> {
	return page.evaluate(async () => {
		const cache = await caches.open('cp-pages');
		const out: Record<string, string | null> = {};
		for (const r of await cache.keys()) out[new URL(r.url).pathname + new URL(r.url).search] = (await cache.match(r))?.headers.get('x-cp-saved-at') ?? null;
		return out;
	});
}

async function offline(context: BrowserContext, page: Page): Promise<void> {
	await context.setOffline(true);
	await page.evaluate(() => window.dispatchEvent(new Event('offline'))).catch(() => undefined);
}
async function online(context: BrowserContext, page: Page): Promise<void> {
	await context.setOffline(false);
	await page.evaluate(() => window.dispatchEvent(new Event('online')));
}

const history = async () =>
	(await (await fetch(`${server.url}/api/wards/kim-ma/case-reports?limit=100`, { headers: { cookie: adminCookie } })).json()) as Array<{ f0Active: number }>;

test('a tablet page visited once online opens offline as a marked copy; an entry made then is sent once when the connection returns', async ({ browser }) => {
	const { context, page } = await commanderTablet(browser);
	await controlled(page);
	// The page the worker was registered on is kept although it loaded before the worker existed.
	await expect.poll(() => pageCopies(page)).toContain('/ward/kim-ma');
	await expect(page.getByTestId('offline-copy')).toHaveCount(0);

	// Client-side navigation online: the stock page's data is kept too.
	await page.getByRole('link', { name: 'Kho hàng' }).click();
	await expect(page).toHaveURL(/\/ward\/kim-ma\/stock$/);
	await expect(page.getByTestId('levels')).toBeVisible();
	await page.goBack(); // client-side too: the case page's data is kept
	await expect(page).toHaveURL(/\/ward\/kim-ma$/);
	await expect
		.poll(async () => (await pageCopies(page)).filter((p) => p.includes('/__data.json')).map((p) => p.split('?')[0]))
		.toEqual(expect.arrayContaining(['/ward/kim-ma/stock/__data.json', '/ward/kim-ma/__data.json']));

	// The tab is reloaded without a connection: the form is there, marked as the saved copy.
	await offline(context, page);
	const reloaded = await page.reload();
	expect(reloaded?.fromServiceWorker()).toBe(true);
	expect(reloaded?.headers()['x-cp-offline-copy']).toMatch(/^\d{4}-\d\d-\d\dT/);
	const notice = page.getByTestId('offline-copy');
	await expect(notice).toBeVisible();
	await expect(notice).toContainText(/Bản lưu ngoại tuyến lúc \d\d\/\d\d\/\d{4} \d\d:\d\d/);
	await expect(page.locator('input[name="f0Active"]')).toBeVisible();
	await expect(page.getByTestId('outbox-state')).toContainText('Mất kết nối'); // hydrated: the outbox runs

	// Client-side navigation offline: the stock page from its saved data, marked too.
	await page.getByRole('link', { name: 'Kho hàng' }).click();
	await expect(page).toHaveURL(/\/ward\/kim-ma\/stock$/);
	await expect(page.getByTestId('levels')).toBeVisible();
	await expect(page.getByTestId('offline-copy')).toBeVisible();
	await page.goBack();
	await expect(page).toHaveURL(/\/ward\/kim-ma$/);
	await expect(page.getByTestId('offline-copy')).toBeVisible();

	// An entry made offline waits on the device; the server has none of it.
	const before = (await history()).length;
	const figures: Record<string, string> = {
		f0NewCommunity: '1',
		f0NewQuarantine: '2',
		f0Active: '77',
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
	const waiting = page.locator('[data-testid="outbox"] li[data-status="waiting"]');
	await expect(waiting).toHaveCount(1);
	await expect(waiting).toContainText('Đang chờ gửi');
	expect((await history()).length).toBe(before);

	// Back online: sent, once; the figures reloaded from the server replace the copy's.
	await online(context, page);
	await expect(page.locator('[data-testid="outbox"] li[data-status="sent"]')).toHaveCount(1, { timeout: 15_000 });
	await expect(page.getByTestId('outbox-state')).toContainText('Đã gửi hết');
	await expect(page.getByTestId('offline-copy')).toHaveCount(0);
	await page.waitForTimeout(1500); // a second send would have arrived by now
	const after = await history();
	expect(after.length).toBe(before + 1);
	expect(after[0]?.f0Active).toBe(77);

	// Nothing live was ever kept: no API answer, no socket.io, no Yjs, no sign-in page.
	const all = Object.values(await cached(page)).flat();
	expect(all.length).toBeGreaterThan(0);
	expect(all.filter((p) => /^\/(api|socket\.io|yjs|login|logout|admin|audit|wall)/.test(p))).toEqual([]);

	// The session ends (cookie gone): the answers that send to the sign-in page replace no copy.
	const stamps = await savedStamps(page);
	const session = await context.cookies();
	await context.clearCookies();
	await page.goto(`${server.url}/ward/kim-ma`);
	await expect(page).toHaveURL(/\/login\?next=/);
	const dataKeys = Object.keys(stamps).filter((k) => k.includes('/__data.json'));
	expect(dataKeys.length).toBeGreaterThan(0);
	for (const key of dataKeys) {
		const body = await page.evaluate(async (k) => (await fetch(k)).text(), key);
		expect(body).toContain('"type":"redirect"');
	}
	expect(await savedStamps(page)).toEqual(stamps);
	await context.addCookies(session);
	await page.goto(`${server.url}/ward/kim-ma`);
	await expect(page.locator('input[name="f0Active"]')).toBeVisible();

	// Signing out removes the copies: the next person on this tablet sees none of them.
	await page.getByRole('button', { name: 'Đăng xuất' }).click();
	await expect(page).toHaveURL(/\/login/);
	await expect.poll(() => pageCopies(page)).toEqual([]);
	await offline(context, page);
	const gone = await page.goto(`${server.url}/ward/kim-ma`);
	expect(gone?.status()).toBe(503);
	await expect(page.locator('h1')).toHaveText('Mất kết nối mạng');
	await expect(page.locator('input[name="f0Active"]')).toHaveCount(0);
	await context.close();
});

test('the wall is never served from the cache and does not register the worker; /api is never cached', async ({ browser }) => {
	// A wall opened on its own registers nothing.
	const tv = await asAdmin(browser);
	const wall = await tv.newPage();
	const first = await wall.goto(`${server.url}/wall?pin=overview`);
	expect(first?.fromServiceWorker()).toBe(false);
	expect(await first?.text()).not.toContain('serviceWorker.register');
	await expect(wall.getByTestId('connection')).toHaveAttribute('data-status', 'live');
	expect(await wall.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length)).toBe(0);
	await tv.close();

	// A browser whose worker was registered by a tablet page: the wall still goes to the network only.
	const context = await asAdmin(browser);
	const page = await context.newPage();
	await page.goto(`${server.url}/ward/kim-ma`);
	await controlled(page);
	const live = await page.goto(`${server.url}/wall?pin=overview`);
	expect(live?.fromServiceWorker()).toBe(false);
	await expect(page.getByTestId('connection')).toHaveAttribute('data-status', 'live');
	expect(await page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
	// An API read through the controlled page reaches the server and is not kept.
	expect(await page.evaluate(async () => (await fetch('/api/health')).status)).toBe(200);

	await offline(context, page);
	let error = '';
	const reloaded = await page.reload().catch((e: Error) => ((error = e.message), null));
	expect(reloaded?.fromServiceWorker() ?? false).toBe(false);
	expect(error).toMatch(/ERR_INTERNET_DISCONNECTED|ERR_FAILED/);
	await online(context, page).catch(() => undefined);
	await page.goto(`${server.url}/ward/kim-ma`);
	const all = Object.values(await cached(page)).flat();
	expect(all).toContain('/ward/kim-ma');
	expect(all.filter((p) => /^\/(api|socket\.io|yjs|wall)/.test(p))).toEqual([]);
	await context.close();
});
