/**
 * Blockaded areas end to end (issue 13 §1, its "Done when"): a ward commander — an account the
 * admin made, signed in on a tablet — opens a blockade while offline; it waits on the device, is
 * sent once when the connection returns and appears once on the wall's Khu phong tỏa view; a
 * testing round and the lift follow from the same tablet, and the wall follows them; the next
 * situation report lists it as lifted. The commander is refused another ward's blockades.
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

/** A JSON request with a session cookie, as the tablet's own fetches send it (same origin). */
async function call(cookie: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
	const res = await fetch(`${server.url}${path}`, {
		method,
		headers: { cookie, origin: server.url, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	const text = await res.text();
	return { status: res.status, json: text ? JSON.parse(text) : null };
}

test('a ward commander opens a blockade offline; it reaches the wall once; its testing round and its lift follow; the next report lists it as lifted', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const wallCtx = await withCookie(browser, server.url, adminCookie, { viewport: { width: 1920, height: 1080 } });
	const wall = await wallCtx.newPage();
	await wall.goto(`${server.url}/wall?pin=blockades`);
	await expect(wall.getByTestId('connection')).toHaveAttribute('data-status', 'live');
	const view = wall.getByTestId('view-blockades');
	await expect(view).toContainText('Không có khu phong tỏa nào');
	const onWall = view.locator('[data-blockade]', { hasText: 'Ngõ 12 Kim Mã' });

	// The admin makes Kim Mã's commander, who signs in on a tablet and opens the ward's blockades.
	const { context: tabletCtx, page: tablet, cookie } = await wardCommanderTablet(browser, server.url, adminCookie, COMMANDER, 'kim-ma');
	await tablet.goto(`${server.url}/ward/kim-ma/blockades`, { waitUntil: 'networkidle' });
	await expect(tablet.getByTestId('outbox-state')).toContainText('Đã gửi hết');

	// Refused on the device at once: more households than people; nothing is queued.
	const open = tablet.locator('form[action="?/open"]');
	await open.locator('input[name="name"]').fill('Ngõ 12 Kim Mã');
	await open.locator('input[name="address"]').fill('Tổ 5, ngõ 12 phố Kim Mã');
	await open.locator('select[name="zone"]').selectOption('red');
	await open.locator('input[name="people"]').fill('480');
	await open.locator('input[name="households"]').fill('481');
	await open.getByRole('button', { name: 'Mở khu phong tỏa' }).tap();
	await expect(tablet.locator('section.open')).toContainText('Số hộ không thể lớn hơn số người');
	await expect(tablet.getByTestId('outbox')).toHaveCount(0);

	// The connection drops after the page has loaded: the entry waits on the device.
	await tabletCtx.setOffline(true);
	await tablet.evaluate(() => window.dispatchEvent(new Event('offline')));
	await expect(tablet.getByTestId('outbox-state')).toContainText('Mất kết nối');
	await open.locator('input[name="households"]').fill('120');
	await open.getByRole('button', { name: 'Mở khu phong tỏa' }).tap();
	await expect(listed(tablet, 'waiting')).toHaveCount(1);
	await expect(listed(tablet, 'waiting')).toContainText('Đang chờ gửi');
	await expect(listed(tablet, 'waiting')).toContainText('Mở khu phong tỏa: Ngõ 12 Kim Mã · 480 người');
	await expect(onWall).toHaveCount(0);
	expect((await call(adminCookie, 'GET', '/api/blockades?ward=kim-ma&lifted=1')).json).toEqual([]);

	// Back online: sent once, shown once on the wall, and on the tablet as a card.
	await tabletCtx.setOffline(false);
	await tablet.evaluate(() => window.dispatchEvent(new Event('online')));
	await expect(tablet.getByTestId('outbox-state')).toContainText('Đã gửi hết', { timeout: 20_000 });
	await expect(listed(tablet, 'sent')).toHaveCount(1);
	await expect(onWall).toHaveCount(1, { timeout: 20_000 });
	await expect(view.locator('[data-blockade]')).toHaveCount(1);
	await expect(onWall).toContainText('Chưa có lần xét nghiệm nào');
	const card = tablet.locator('article[data-blockade]');
	await expect(card).toHaveCount(1);
	// Opened by the commander, not by the admin: the server recorded who sent it.
	const opened = (await call(adminCookie, 'GET', '/api/blockades?ward=kim-ma')).json as Array<{ id: number; createdBy: string }>;
	expect(opened).toHaveLength(1);
	expect(opened[0]!.createdBy).toContain(COMMANDER.name);

	// A testing round: the form proposes round 1 of 3, today.
	await card.locator('input[name="samples"]').fill('480');
	await card.locator('input[name="positives"]').fill('0');
	await card.getByRole('button', { name: 'Ghi lần xét nghiệm' }).tap();
	await expect(card.getByTestId('rounds')).toContainText('Lần 1/3', { timeout: 20_000 });
	await expect(onWall).toContainText('Lần 1/3', { timeout: 20_000 });
	// The next round is proposed as round 2.
	await expect(card.locator('input[name="round"]')).toHaveValue('2');

	// Lifted by a decision: it leaves the wall and the tablet's active list, and stays as history.
	await card.getByText('Gỡ phong tỏa', { exact: true }).first().tap();
	await card.locator('input[name="reference"]').fill('QĐ 123/QĐ-UBND');
	await card.getByRole('button', { name: 'Gỡ phong tỏa' }).tap();
	await expect(tablet.locator('[data-lifted]')).toContainText('QĐ 123/QĐ-UBND', { timeout: 20_000 });
	await expect(tablet.locator('[data-lifted]')).toContainText(COMMANDER.name);
	await expect(tablet.locator('article[data-blockade]')).toHaveCount(0);
	await expect(view).toContainText('Không có khu phong tỏa nào', { timeout: 20_000 });

	// Exactly once on the server: one blockade, one round, lifted — each by the commander.
	const all = (await call(adminCookie, 'GET', '/api/blockades?ward=kim-ma&lifted=1')).json as Array<Record<string, unknown>>;
	expect(all).toHaveLength(1);
	expect(all[0]).toMatchObject({
		name: 'Ngõ 12 Kim Mã',
		people: 480,
		households: 120,
		rounds: [{ round: 1, of: 3, samples: 480, positives: 0, recordedBy: expect.stringContaining(COMMANDER.name) }],
		liftReference: 'QĐ 123/QĐ-UBND',
		liftedBy: expect.stringContaining(COMMANDER.name)
	});

	// The next situation report (made now, as the admin) lists it as lifted, with its decision.
	const made = await call(adminCookie, 'POST', '/api/reports');
	expect(made.status).toBe(201);
	const { id } = made.json as { id: number };
	await wall.goto(`${server.url}/reports/${id}`);
	const lifted = wall.getByTestId('report-blockades-lifted');
	await expect(lifted).toContainText('Ngõ 12 Kim Mã — Kim Mã');
	await expect(lifted).toContainText('QĐ 123/QĐ-UBND');
	await expect(wall.locator('[data-section="blockades"] tr[data-blockade]')).toHaveCount(0);
	await expect(wall.locator('[data-section="zone-changes"]')).toContainText('Ngõ 12 Kim Mã (Kim Mã)');

	// Another ward's blockade: the commander may neither read nor change it, nor open one there.
	const other = await call(adminCookie, 'POST', '/api/blockades', {
		wardCode: 'ngoc-ha',
		name: 'Ngõ 7 Hoàng Hoa Thám',
		zone: 'red',
		startedAt: new Date(Date.now() - 3_600_000).toISOString(),
		people: 200,
		households: 60
	});
	expect(other.status).toBe(201);
	const otherId = (other.json as { id: number }).id;
	const before = (await call(adminCookie, 'GET', `/api/blockades/${otherId}`)).json;
	const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' });
	const refusals: Array<[string, string, unknown?]> = [
		['GET', '/api/blockades?ward=ngoc-ha'],
		['GET', `/api/blockades/${otherId}`],
		['PATCH', `/api/blockades/${otherId}`, { people: 1 }],
		['POST', `/api/blockades/${otherId}/test-rounds`, { round: 1, of: 3, date: today, samples: 200, positives: 0 }],
		['POST', `/api/blockades/${otherId}/lift`, { reference: 'QĐ 9/QĐ-UBND' }],
		['POST', '/api/blockades', { wardCode: 'ngoc-ha', name: 'Ngõ 1', zone: 'red', startedAt: new Date().toISOString(), people: 10, households: 2 }]
	];
	for (const [method, path, body] of refusals) {
		const refused = await call(cookie, method, path, body);
		expect(refused, `${method} ${path} as the Kim Mã commander`).toMatchObject({ status: 403, json: { error: 'forbidden' } });
	}
	// …and nothing changed: the other ward's blockade as it was, no blockade opened there.
	expect((await call(adminCookie, 'GET', `/api/blockades/${otherId}`)).json).toEqual(before);
	expect((await call(adminCookie, 'GET', '/api/blockades?ward=ngoc-ha&lifted=1')).json).toEqual([before]);
	// Their own list never shows it.
	const mine = (await call(cookie, 'GET', '/api/blockades?lifted=1')).json as Array<{ wardCode: string }>;
	expect(mine.map((b) => b.wardCode)).toEqual(['kim-ma']);

	await tabletCtx.close();
	await wallCtx.close();
});
