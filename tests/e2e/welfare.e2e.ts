/**
 * Social welfare end to end (issue 14 §2, its "Done when"): a ward commander — an account the admin
 * made, signed in on a tablet — enters the ward's welfare figures while offline; they wait on the
 * device, are sent once when the connection returns, and appear exactly once: in GET /api/welfare,
 * on the tablet's own figures and live on the wall's An sinh xã hội view. A reload sends nothing
 * twice; another ward's report is refused.
 */
import { expect, test, type Page } from '@playwright/test';
import { signInCookie, spawnServer, type SpawnedServer } from '../fixtures/spawn-server.ts';
import { wardCommanderTablet, withCookie, type Person } from './people.ts';

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

const COMMANDER: Person = { username: 'chi-huy.kimma', name: 'Lê Văn Nam', password: 'Kim-Mã-mật-khẩu-2026' };
const listed = (page: Page, status: string) => page.locator(`[data-testid="outbox"] li[data-status="${status}"]`);

async function call(cookie: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
	const res = await fetch(`${server.url}${path}`, {
		method,
		headers: { cookie, origin: server.url, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	const text = await res.text();
	return { status: res.status, json: text ? JSON.parse(text) : null };
}

type Figures = Record<string, number | null>;
type WelfareBody = { wards: Array<{ wardCode: string | null; today: Figures; total: Figures }>; district: { today: Figures; total: Figures } };

test('a ward commander enters welfare figures offline; back online they are counted once, in the API and live on the wall', async ({ browser }) => {
	test.setTimeout(120_000);
	const wallCtx = await withCookie(browser, server.url, adminCookie, { viewport: { width: 1920, height: 1080 } });
	const wall = await wallCtx.newPage();
	await wall.goto(`${server.url}/wall?pin=welfare`);
	await expect(wall.getByTestId('connection')).toHaveAttribute('data-status', 'live');
	const view = wall.getByTestId('view-welfare');
	const kimMa = view.locator('[data-ward="kim-ma"]');
	const cell = (field: string) => kimMa.locator(`[data-field="${field}"] b`);
	await expect(cell('householdsSupported')).toHaveText('0');
	await expect(wall.getByTestId('welfare-households')).toHaveText('0');

	const { context: tabletCtx, page: tablet, cookie } = await wardCommanderTablet(browser, server.url, adminCookie, COMMANDER, 'kim-ma');
	await tablet.goto(`${server.url}/ward/kim-ma`, { waitUntil: 'networkidle' });
	// Linked from the ward page.
	await tablet.getByRole('link', { name: 'An sinh xã hội' }).first().tap();
	await expect(tablet).toHaveURL(/\/ward\/kim-ma\/welfare$/);
	await tablet.waitForLoadState('networkidle');
	await expect(tablet.getByTestId('outbox-state')).toContainText('Đã gửi hết');
	const form = tablet.getByTestId('welfare-form');
	const send = form.getByRole('button', { name: 'Gửi báo cáo' });

	// Refused on the device at once, naming the field; nothing is queued.
	await send.tap();
	await expect(tablet.locator('section.card')).toContainText('Chưa nhập số liệu nào');
	await form.locator('input[name="householdsSupported"]').fill('-4');
	await send.tap();
	await expect(tablet.locator('section.card')).toContainText('Không được là số âm');
	await expect(tablet.getByTestId('outbox')).toHaveCount(0);

	// The connection drops: the report waits on the device.
	await tabletCtx.setOffline(true);
	await tablet.evaluate(() => window.dispatchEvent(new Event('offline')));
	await expect(tablet.getByTestId('outbox-state')).toContainText('Mất kết nối');
	await form.locator('input[name="householdsSupported"]').fill('4');
	await form.locator('input[name="peopleSupported"]').fill('11');
	await form.locator('input[name="aidPackages"]').fill('20');
	await form.locator('input[name="cashPending"]').fill('7');
	await send.tap();
	await expect(listed(tablet, 'waiting')).toHaveCount(1);
	await expect(listed(tablet, 'waiting')).toContainText('An sinh xã hội · Hộ được hỗ trợ 4 · Người được hỗ trợ 11');
	const before = (await call(adminCookie, 'GET', '/api/welfare')).json as WelfareBody;
	expect(before.district.total.householdsSupported).toBe(0);
	await expect(cell('householdsSupported')).toHaveText('0');

	// Back online: sent once; the wall follows live, without a reload.
	await tabletCtx.setOffline(false);
	await tablet.evaluate(() => window.dispatchEvent(new Event('online')));
	await expect(tablet.getByTestId('outbox-state')).toContainText('Đã gửi hết', { timeout: 20_000 });
	await expect(listed(tablet, 'sent')).toHaveCount(1);
	await expect(cell('householdsSupported')).toHaveText('4', { timeout: 20_000 });
	await expect(cell('peopleSupported')).toHaveText('11');
	await expect(cell('aidPackages')).toHaveText('20');
	await expect(kimMa.locator('[data-field="cashPending"] b')).toHaveText('7');
	await expect(wall.getByTestId('welfare-households')).toHaveText('4');
	await expect(wall.getByTestId('welfare-cash-pending')).toHaveText('7');
	// The tablet's own figures, from its reload after the send.
	await expect(tablet.locator('[data-testid="welfare-figures"] tr[data-field="householdsSupported"] [data-total]')).toHaveText('4', { timeout: 20_000 });

	// A reload sends nothing twice: one report, counted once, by the commander.
	await tablet.reload({ waitUntil: 'networkidle' });
	await expect(tablet.getByTestId('outbox-state')).toContainText('Đã gửi hết');
	const history = (await call(adminCookie, 'GET', '/api/wards/kim-ma/welfare-reports')).json as Array<Record<string, unknown>>;
	expect(history).toHaveLength(1);
	expect(history[0]).toMatchObject({ householdsSupported: 4, peopleSupported: 11, aidPackages: 20, cashPending: 7, reportedBy: COMMANDER.name });
	const after = (await call(adminCookie, 'GET', '/api/welfare')).json as WelfareBody;
	const row = after.wards.find((w) => w.wardCode === 'kim-ma')!;
	expect(row.today).toMatchObject({ householdsSupported: 4, peopleSupported: 11, aidPackages: 20, cashPending: 7 });
	expect(after.district.total).toMatchObject({ householdsSupported: 4, peopleSupported: 11, aidPackages: 20, cashPending: 7 });
	await expect(cell('householdsSupported')).toHaveText('4');

	// The commander may not report for another ward (nothing saved), and sees only Kim Mã.
	const refused = await call(cookie, 'POST', '/api/wards/doi-can/welfare-reports', { householdsSupported: 1 });
	expect(refused.status).toBe(403);
	expect(((await call(cookie, 'GET', '/api/welfare')).json as WelfareBody).wards.map((w) => w.wardCode)).toEqual(['kim-ma']);
	expect(((await call(adminCookie, 'GET', '/api/welfare')).json as WelfareBody).district.total.householdsSupported).toBe(4);
	await tabletCtx.close();
	await wallCtx.close();
});

test('the welfare page visited once opens offline as a marked copy; a report made then is sent once when the connection returns', async ({ browser }) => {
	test.setTimeout(120_000);
	const who: Person = { username: 'chi-huy.doican', name: 'Phạm Thị Lan', password: 'Đội-Cấn-mật-khẩu-2026' };
	const { context, page } = await wardCommanderTablet(browser, server.url, adminCookie, who, 'doi-can');
	await page.goto(`${server.url}/ward/doi-can/welfare`, { waitUntil: 'networkidle' });
	await page.waitForFunction(() => !!navigator.serviceWorker?.controller, undefined, { timeout: 20_000 });
	// Reloaded once under the worker, so it keeps a copy of this page.
	await page.reload({ waitUntil: 'networkidle' });
	await expect
		.poll(() =>
			page.evaluate(async () => {
				const keys = await (await caches.open('cp-pages')).keys();
				return keys.some((r) => new URL(r.url).pathname === '/ward/doi-can/welfare');
			})
		)
		.toBe(true);

	await context.setOffline(true);
	await page.evaluate(() => window.dispatchEvent(new Event('offline'))).catch(() => undefined);
	const reloaded = await page.reload();
	expect(reloaded?.fromServiceWorker()).toBe(true);
	await expect(page.getByTestId('offline-copy')).toBeVisible();
	await expect(page.getByTestId('outbox-state')).toContainText('Mất kết nối');
	const form = page.getByTestId('welfare-form');
	await form.locator('input[name="householdsSupported"]').fill('9');
	await form.locator('input[name="shelterTakenIn"]').fill('2');
	await form.getByRole('button', { name: 'Gửi báo cáo' }).tap();
	await expect(listed(page, 'waiting')).toHaveCount(1);

	await context.setOffline(false);
	await page.evaluate(() => window.dispatchEvent(new Event('online')));
	await expect(page.getByTestId('outbox-state')).toContainText('Đã gửi hết', { timeout: 20_000 });
	const history = (await call(adminCookie, 'GET', '/api/wards/doi-can/welfare-reports')).json as Array<Record<string, unknown>>;
	expect(history).toHaveLength(1);
	const row = ((await call(adminCookie, 'GET', '/api/welfare')).json as WelfareBody).wards.find((w) => w.wardCode === 'doi-can')!;
	expect(row.total).toMatchObject({ householdsSupported: 9, shelterTakenIn: 2 });
	await context.close();
});
