/**
 * Blockaded areas end to end (issue 13 §1): a blockade opened on a ward's tablet while offline waits
 * on the device, is sent once when the connection returns and appears once on the wall's
 * Khu phong tỏa view; a testing round and the lift follow the same path, and the wall follows them;
 * the next situation report lists it as lifted.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
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

async function context(browser: import('@playwright/test').Browser, viewport: { width: number; height: number }): Promise<BrowserContext> {
	const ctx = await browser.newContext({ viewport, hasTouch: viewport.width < 1900 });
	const [name, value] = cookie.split('=') as [string, string];
	await ctx.addCookies([{ name, value, url: server.url }]);
	return ctx;
}
const listed = (page: Page, status: string) => page.locator(`[data-testid="outbox"] li[data-status="${status}"]`);

test('a blockade opened offline reaches the wall once; its testing round and its lift follow; the next report lists it as lifted', async ({ browser }) => {
	const wallCtx = await context(browser, { width: 1920, height: 1080 });
	const wall = await wallCtx.newPage();
	await wall.goto(`${server.url}/wall?pin=blockades`);
	await expect(wall.getByTestId('connection')).toHaveAttribute('data-status', 'live');
	const view = wall.getByTestId('view-blockades');
	await expect(view).toContainText('Không có khu phong tỏa nào');

	const tabletCtx = await context(browser, { width: 1280, height: 800 });
	const tablet = await tabletCtx.newPage();
	await tablet.goto(`${server.url}/ward/kim-ma/blockades`, { waitUntil: 'networkidle' });
	await expect(tablet.getByTestId('outbox-state')).toContainText('Đã gửi hết');

	// Refused on the device at once: more households than people; nothing is queued.
	const open = tablet.locator('form[action="?/open"]');
	await open.locator('input[name="name"]').fill('Ngõ 12 Kim Mã');
	await open.locator('input[name="address"]').fill('Tổ 5, ngõ 12 phố Kim Mã');
	await open.locator('select[name="zone"]').selectOption('red');
	await open.locator('input[name="people"]').fill('480');
	await open.locator('input[name="households"]').fill('481');
	await open.getByRole('button', { name: 'Mở khu phong tỏa' }).click();
	await expect(tablet.locator('section.open')).toContainText('Số hộ không thể lớn hơn số người');
	await expect(tablet.getByTestId('outbox')).toHaveCount(0);

	// Offline: the entry waits on the device.
	await tabletCtx.setOffline(true);
	await tablet.evaluate(() => window.dispatchEvent(new Event('offline')));
	await expect(tablet.getByTestId('outbox-state')).toContainText('Mất kết nối');
	await open.locator('input[name="households"]').fill('120');
	await open.getByRole('button', { name: 'Mở khu phong tỏa' }).click();
	await expect(listed(tablet, 'waiting')).toHaveCount(1);
	await expect(listed(tablet, 'waiting')).toContainText('Mở khu phong tỏa: Ngõ 12 Kim Mã · 480 người');
	await expect(view).toContainText('Không có khu phong tỏa nào');

	// Back online: sent once, shown once on the wall, and on the tablet as a card.
	await tabletCtx.setOffline(false);
	await tablet.evaluate(() => window.dispatchEvent(new Event('online')));
	await expect(tablet.getByTestId('outbox-state')).toContainText('Đã gửi hết');
	await expect(view.locator('[data-blockade]')).toHaveCount(1);
	await expect(view.locator('[data-blockade]')).toContainText('Ngõ 12 Kim Mã');
	await expect(view.locator('[data-blockade]')).toContainText('Chưa có lần xét nghiệm nào');
	const card = tablet.locator('article[data-blockade]');
	await expect(card).toHaveCount(1);

	// A testing round: the form proposes round 1 of 3, today.
	await card.locator('input[name="samples"]').fill('480');
	await card.locator('input[name="positives"]').fill('0');
	await card.getByRole('button', { name: 'Ghi lần xét nghiệm' }).click();
	await expect(card.getByTestId('rounds')).toContainText('Lần 1/3');
	await expect(view.locator('[data-blockade]')).toContainText('Lần 1/3');
	// The next round is proposed as round 2.
	await expect(card.locator('input[name="round"]')).toHaveValue('2');

	// Lifted by a decision: it leaves the wall and the tablet's active list, and stays as history.
	await card.getByText('Gỡ phong tỏa', { exact: true }).first().click();
	await card.locator('input[name="reference"]').fill('QĐ 123/QĐ-UBND');
	await card.getByRole('button', { name: 'Gỡ phong tỏa' }).click();
	await expect(tablet.locator('[data-lifted]')).toContainText('QĐ 123/QĐ-UBND');
	await expect(tablet.locator('article[data-blockade]')).toHaveCount(0);
	await expect(view).toContainText('Không có khu phong tỏa nào');

	// Exactly once on the server: one blockade, one round, lifted.
	const res = await fetch(`${server.url}/api/blockades?ward=kim-ma&lifted=1`, { headers: { cookie } });
	const all = (await res.json()) as Array<{ name: string; rounds: unknown[]; liftReference: string | null }>;
	expect(all).toMatchObject([{ name: 'Ngõ 12 Kim Mã', rounds: [{ round: 1, of: 3, samples: 480, positives: 0 }], liftReference: 'QĐ 123/QĐ-UBND' }]);

	// The next situation report lists it as lifted since the previous one, with its decision.
	const made = await fetch(`${server.url}/api/reports`, { method: 'POST', headers: { cookie, origin: server.url } });
	expect(made.status).toBe(201);
	const { id } = (await made.json()) as { id: number };
	await wall.goto(`${server.url}/reports/${id}`);
	const lifted = wall.getByTestId('report-blockades-lifted');
	await expect(lifted).toContainText('Ngõ 12 Kim Mã');
	await expect(lifted).toContainText('QĐ 123/QĐ-UBND');
	await expect(wall.locator('[data-section="zone-changes"]')).toContainText('Ngõ 12 Kim Mã (Kim Mã)');
	await tabletCtx.close();
	await wallCtx.close();
});
