/**
 * Changing a blockade from a ward's tablet (issue 13 §1): its zone goes from red to orange while the
 * tablet is offline; the edit waits on the device, is sent once as a PATCH when the connection
 * returns, and the wall's Khu phong tỏa view follows. Only what the commander changed is sent: a
 * figure another device changed meanwhile is not put back. An edit that leaves more households than
 * people is refused — on the device at once when the tablet can tell, else by the server, with its
 * reason naming the field. Without JavaScript the form action makes the same change.
 */
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
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

async function context(browser: Browser, viewport: { width: number; height: number }): Promise<BrowserContext> {
	const ctx = await browser.newContext({ viewport, hasTouch: viewport.width < 1900 });
	const [name, value] = cookie.split('=') as [string, string];
	await ctx.addCookies([{ name, value, url: server.url }]);
	return ctx;
}
const api = (path: string, method = 'GET', body?: unknown) =>
	fetch(`${server.url}${path}`, {
		method,
		headers: { cookie, origin: server.url, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
const listed = (page: Page, status: string) => page.locator(`[data-testid="outbox"] li[data-status="${status}"]`);
async function setOnline(ctx: BrowserContext, page: Page, online: boolean) {
	await ctx.setOffline(!online);
	await page.evaluate((on) => window.dispatchEvent(new Event(on ? 'online' : 'offline')), online);
}

test('a blockade’s zone changed offline reaches the wall; only the changed fields are sent; households over people are refused naming the field', async ({
	browser
}) => {
	// Opened by the district over the API: red, 300 people in 80 households.
	const opened = await api('/api/blockades', 'POST', {
		wardCode: 'kim-ma',
		name: 'Ngõ 7 Kim Mã',
		zone: 'red',
		startedAt: new Date(Date.now() - 3_600_000).toISOString(),
		people: 300,
		households: 80
	});
	expect(opened.status).toBe(201);
	const { id } = (await opened.json()) as { id: number };
	const current = async () => (await (await api(`/api/blockades/${id}`)).json()) as { name: string; zone: string; people: number; households: number };

	const wallCtx = await context(browser, { width: 1920, height: 1080 });
	const wall = await wallCtx.newPage();
	await wall.goto(`${server.url}/wall?pin=blockades`);
	await expect(wall.getByTestId('connection')).toHaveAttribute('data-status', 'live');
	const onWall = wall.getByTestId('view-blockades').locator(`[data-blockade="${id}"]`);
	await expect(onWall.locator('[data-zone]')).toHaveAttribute('data-zone', 'red');

	const tabletCtx = await context(browser, { width: 1280, height: 800 });
	const tablet = await tabletCtx.newPage();
	await tablet.goto(`${server.url}/ward/kim-ma/blockades`, { waitUntil: 'networkidle' });
	await expect(tablet.getByTestId('outbox-state')).toContainText('Đã gửi hết');
	const card = tablet.locator(`article[data-blockade="${id}"]`);
	await card.getByText('Cập nhật khu phong tỏa', { exact: true }).click();
	const form = card.getByTestId('blockade-edit');
	// Prefilled with the blockade as it is.
	await expect(form.locator('select[name="zone"]')).toHaveValue('red');
	await expect(form.locator('input[name="people"]')).toHaveValue('300');
	await expect(form.locator('input[name="households"]')).toHaveValue('80');
	const update = form.getByRole('button', { name: 'Cập nhật' });

	// Nothing changed: refused on the device, nothing queued.
	await update.click();
	await expect(card).toContainText('Không có gì để thay đổi');
	// Fewer people than the households the tablet shows: refused on the device, naming households.
	await form.locator('input[name="people"]').fill('50');
	await update.click();
	await expect(card.locator('[data-error-for="households"]')).toContainText('Số hộ không thể lớn hơn số người');
	await expect(form.locator('input[name="households"]')).toHaveAttribute('aria-invalid', 'true');
	await expect(tablet.getByTestId('outbox')).toHaveCount(0);

	// Offline, the zone goes to orange; meanwhile another device finds ten more households.
	await setOnline(tabletCtx, tablet, false);
	await expect(tablet.getByTestId('outbox-state')).toContainText('Mất kết nối');
	await form.locator('input[name="people"]').fill('300');
	await form.locator('select[name="zone"]').selectOption('orange');
	await update.click();
	await expect(listed(tablet, 'waiting')).toHaveCount(1);
	await expect(listed(tablet, 'waiting')).toContainText('Cập nhật khu phong tỏa: Ngõ 7 Kim Mã — Vùng da cam');
	expect((await api(`/api/blockades/${id}`, 'PATCH', { households: 90 })).status).toBe(200);
	await expect(onWall.locator('[data-zone]')).toHaveAttribute('data-zone', 'red');

	// Back online: sent once; the wall shows orange; the other device's households stay.
	await setOnline(tabletCtx, tablet, true);
	await expect(tablet.getByTestId('outbox-state')).toContainText('Đã gửi hết');
	await expect(listed(tablet, 'sent')).toHaveCount(1);
	await expect(onWall.locator('[data-zone]')).toHaveAttribute('data-zone', 'orange');
	expect(await current()).toMatchObject({ zone: 'orange', people: 300, households: 90 });
	// The tablet reloaded the blockade: the form shows it as it now is.
	await expect(form.locator('input[name="households"]')).toHaveValue('90');

	// Offline again: 200 households (the tablet still counts 300 people), while another device
	// lowers the people to 150. The server judges the edit on the blockade as it is, and refuses it.
	await setOnline(tabletCtx, tablet, false);
	await form.locator('input[name="households"]').fill('200');
	await update.click();
	await expect(listed(tablet, 'waiting')).toHaveCount(1);
	expect((await api(`/api/blockades/${id}`, 'PATCH', { people: 150 })).status).toBe(200);
	await setOnline(tabletCtx, tablet, true);
	const refused = listed(tablet, 'refused');
	await expect(refused).toHaveCount(1);
	await expect(refused.getByTestId('refusal')).toContainText('Số hộ: Số hộ không thể lớn hơn số người');
	expect(await current()).toMatchObject({ zone: 'orange', people: 150, households: 90 });

	await tabletCtx.close();

	// Without JavaScript, the form action takes the same body: only the name changes, the rest stays.
	const plainCtx = await browser.newContext({ javaScriptEnabled: false });
	const [name, value] = cookie.split('=') as [string, string];
	await plainCtx.addCookies([{ name, value, url: server.url }]);
	const plain = await plainCtx.newPage();
	await plain.goto(`${server.url}/ward/kim-ma/blockades`);
	const plainCard = plain.locator(`article[data-blockade="${id}"]`);
	await plainCard.getByText('Cập nhật khu phong tỏa', { exact: true }).click();
	await plainCard.locator('input[name="name"]').fill('Ngõ 7 phố Kim Mã');
	await plainCard.getByRole('button', { name: 'Cập nhật' }).click();
	await expect(plain.getByTestId('saved')).toBeVisible();
	expect(await current()).toMatchObject({ name: 'Ngõ 7 phố Kim Mã', zone: 'orange', people: 150, households: 90 });
	await expect(onWall).toContainText('Ngõ 7 phố Kim Mã');
	await plainCtx.close();
	await wallCtx.close();
});
