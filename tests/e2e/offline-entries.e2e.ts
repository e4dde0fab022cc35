/**
 * The other tablet pages drop offline too: quarantine admissions, stock issues and receipts, and
 * checkpoint check-ins made without a connection wait on the device, are sent in order when it
 * returns, and are counted once each — even when an answer is lost and the entry is sent again.
 * An entry the server refuses on arrival shows the server's reason and does not block the next.
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

const api = async <T>(path: string): Promise<T> => {
	const res = await fetch(`${server.url}${path}`, { headers: { cookie } });
	expect(res.status, path).toBe(200);
	return (await res.json()) as T;
};

async function tablet(browser: import('@playwright/test').Browser, path: string): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, hasTouch: true });
	const [name, value] = cookie.split('=') as [string, string];
	await context.addCookies([{ name, value, url: server.url }]);
	const page = await context.newPage();
	await page.goto(`${server.url}${path}`, { waitUntil: 'networkidle' }); // hydrated: submits go to the outbox, not the form action
	await expect(page.getByTestId('outbox-state')).toContainText('Đã gửi hết');
	return { context, page };
}

async function offline(context: BrowserContext, page: Page) {
	await context.setOffline(true);
	await page.evaluate(() => window.dispatchEvent(new Event('offline')));
	await expect(page.getByTestId('outbox-state')).toContainText('Mất kết nối');
}
async function online(context: BrowserContext, page: Page) {
	await context.setOffline(false);
	await page.evaluate(() => window.dispatchEvent(new Event('online')));
}
const listed = (page: Page, status: string) => page.locator(`[data-testid="outbox"] li[data-status="${status}"]`);

test('quarantine admissions made offline are counted once each, even when an answer is lost', async ({ browser }) => {
	type Facility = { code: string; occupied: number };
	const before = (await api<Facility[]>('/api/quarantine?ward=lieu-giai')).find((f) => f.code === 'quan-ngua')!;
	const { context, page } = await tablet(browser, '/ward/lieu-giai/quarantine');
	const card = page.locator('article[data-facility="quan-ngua"]');
	const admit = async (amount: string) => {
		await card.locator('form[action="?/move"] input[name="amount"]').fill(amount);
		await card.getByRole('button', { name: 'Ghi nhận' }).click();
	};

	// Refused on the device at once: nothing is queued.
	await admit('0');
	await expect(card.locator('[data-error-for="amount"]')).toBeVisible();
	await expect(page.getByTestId('outbox')).toHaveCount(0);

	await offline(context, page);
	await admit('3');
	await expect(card.getByTestId('queued')).toBeVisible();
	await admit('4');
	await expect(listed(page, 'waiting')).toHaveCount(2);
	await expect(listed(page, 'waiting').first()).toContainText('Đang chờ gửi');
	await expect(listed(page, 'waiting').first()).toContainText('Tiếp nhận 4 người');
	expect((await api<Facility[]>('/api/quarantine?ward=lieu-giai')).find((f) => f.code === 'quan-ngua')!.occupied).toBe(before.occupied);

	// The first answer after the connection returns is lost on the way back: the server has saved
	// the entry, the tablet does not know it and sends it again with the same key.
	let lost = 0;
	await page.route('**/api/quarantine/quan-ngua/movements', async (route) => {
		if (lost++ === 0) {
			await route.fetch();
			await route.abort('connectionreset');
		} else await route.continue();
	});
	await online(context, page);
	await expect(listed(page, 'sent')).toHaveCount(2, { timeout: 20_000 });
	expect(lost, 'the lost answer was retried').toBeGreaterThanOrEqual(3);

	const after = (await api<Facility[]>('/api/quarantine?ward=lieu-giai')).find((f) => f.code === 'quan-ngua')!;
	expect(after.occupied).toBe(before.occupied + 7);
	const history = await api<Array<{ kind: string; amount: number | null; at: string; enteredAt: string | null }>>(
		'/api/quarantine/quan-ngua/movements?limit=20'
	);
	const admissions = history.filter((m) => m.kind === 'admission');
	expect(admissions.map((m) => m.amount)).toEqual([4, 3]);
	// Each carries when it was made on the tablet (offline), before it arrived (issue 11 §6).
	for (const m of admissions) {
		expect(m.enteredAt, 'the device stamps the time of entry').not.toBeNull();
		expect(new Date(m.enteredAt!).getTime()).toBeLessThan(new Date(m.at).getTime());
	}
	// The page's figures follow without a reload.
	await expect(card.locator('[data-field="occupied"]')).toHaveText(String(before.occupied + 7));
	await context.close();
});

test('stock entries made offline: a refused issue shows the reason and the next entry still goes', async ({ browser }) => {
	type Level = { warehouseCode: string; itemCode: string; onHand: number };
	const kits = async () => (await api<Level[]>('/api/stock?ward=kim-ma')).find((l) => l.warehouseCode === 'kim-ma' && l.itemCode === 'kit-xet-nghiem')!.onHand;
	const start = await kits();
	const { context, page } = await tablet(browser, '/ward/kim-ma/stock');
	const entry = async (form: 'issue' | 'receive', quantity: string, destination?: string) => {
		const f = page.locator(`form[data-form="${form}"]`);
		await f.locator('select[name="item"]').selectOption('kit-xet-nghiem');
		await f.locator('input[name="quantity"]').fill(quantity);
		if (destination !== undefined) await f.locator('input[name="destination"]').fill(destination);
		await f.getByRole('button', { name: 'Ghi nhận' }).click();
	};

	// A field error shows at once and nothing is queued.
	await entry('issue', '5', '');
	await expect(page.locator('form[data-form="issue"] [data-error-for="destination"]')).toBeVisible();
	await expect(page.getByTestId('outbox')).toHaveCount(0);

	await offline(context, page);
	await entry('issue', '10', 'Khu cách ly Quần Ngựa');
	await entry('issue', String(start + 1000), 'Tổ dân phố 5'); // more than the warehouse holds: only the server can tell
	await entry('receive', '25');
	await expect(listed(page, 'waiting')).toHaveCount(3);
	expect(await kits()).toBe(start);

	await online(context, page);
	await expect(listed(page, 'sent')).toHaveCount(2, { timeout: 20_000 });
	const refused = listed(page, 'refused');
	await expect(refused).toHaveCount(1);
	await expect(refused).toContainText('Không đủ hàng trong kho');
	await expect(refused).toContainText(`Xuất ${(start + 1000).toLocaleString('vi-VN')}`);
	await expect(page.getByTestId('outbox-state')).toContainText('Đã gửi hết');

	// Each accepted entry once, the refused one not at all.
	expect(await kits()).toBe(start - 10 + 25);
	const ledger = await api<Array<{ kind: string; itemCode: string; quantity: number; actorName: string }>>('/api/warehouses/kim-ma/movements?limit=100');
	expect(ledger.filter((m) => m.itemCode === 'kit-xet-nghiem' && m.actorName !== 'system').map((m) => [m.kind, m.quantity])).toEqual([
		['receipt', 25],
		['issue', -10]
	]);
	await expect(page.locator('tr[data-item="kit-xet-nghiem"]')).toContainText(String(start - 10 + 25));

	// The refused entry is read and dismissed; a reload sends nothing twice.
	await refused.getByRole('button', { name: 'Đã đọc' }).click();
	await expect(listed(page, 'refused')).toHaveCount(0);
	await page.reload();
	await expect(listed(page, 'sent')).toHaveCount(2);
	expect(await kits()).toBe(start - 10 + 25);
	await context.close();
});

test('an issue to households made offline carries its aid packages: only they count toward the ward’s aid, not the kilograms', async ({ browser }) => {
	type Welfare = { wards: Array<{ wardCode: string | null; total: { aidFromStock: number }; warehouses: Array<{ warehouseCode: string; total: number }> }> };
	const kimMa = async () => (await api<Welfare>('/api/welfare')).wards.find((w) => w.wardCode === 'kim-ma')!;
	const before = await kimMa();
	const { context, page } = await tablet(browser, '/ward/kim-ma/stock');
	const f = page.locator('form[data-form="issue"]');
	const packages = f.locator('input[name="packages"]');
	// Asked only for an issue to households.
	await expect(packages).toBeHidden();
	await f.locator('select[name="destinationKind"]').selectOption('households');
	await expect(f.getByLabel('Số suất quà (nếu cấp cho hộ dân)')).toBeVisible();

	await offline(context, page);
	await f.locator('select[name="item"]').selectOption('gao');
	await f.locator('input[name="quantity"]').fill('90');
	await f.locator('input[name="destination"]').fill('Tổ dân phố 8');
	await packages.fill('9');
	await f.getByRole('button', { name: 'Ghi nhận' }).click();
	await expect(listed(page, 'waiting')).toContainText('(9 suất quà)');
	await online(context, page);
	await expect(listed(page, 'sent')).toHaveCount(1, { timeout: 20_000 });

	const after = await kimMa();
	expect(after.total.aidFromStock).toBe(before.total.aidFromStock + 9);
	expect(after.warehouses.find((w) => w.warehouseCode === 'kim-ma')!.total).toBe((before.warehouses.find((w) => w.warehouseCode === 'kim-ma')?.total ?? 0) + 9);
	await context.close();
});

test('a checkpoint check-in made offline is counted once', async ({ browser }) => {
	type Checkpoint = { code: string; onDuty: Array<{ personName: string }> };
	const onDuty = async () =>
		(await api<Checkpoint[]>('/api/checkpoints?ward=lieu-giai')).find((c) => c.code === 'lieu-giai-1')!.onDuty.filter((d) => d.personName === 'Trần Thị Bình');
	const { context, page } = await tablet(browser, '/ward/lieu-giai/checkpoints');
	const card = page.locator('article[data-checkpoint="lieu-giai-1"]');
	const form = card.locator('form[action="?/checkIn"]');

	await form.locator('input[name="personName"]').fill('Trần Thị Bình');
	await form.locator('input[name="personKey"]').fill('12');
	await form.getByRole('button', { name: 'Vào ca' }).click();
	await expect(card.locator('[data-error-for="personKey"]')).toBeVisible();
	await expect(page.getByTestId('outbox')).toHaveCount(0);

	await offline(context, page);
	await form.locator('input[name="personKey"]').fill('CA2021001');
	await form.locator('select[name="force"]').selectOption('militia');
	await form.getByRole('button', { name: 'Vào ca' }).click();
	await expect(listed(page, 'waiting')).toHaveCount(1);
	await expect(listed(page, 'waiting')).toContainText('Vào ca: Trần Thị Bình (Dân quân tự vệ)');
	expect(await onDuty()).toHaveLength(0);

	await online(context, page);
	await expect(listed(page, 'sent')).toHaveCount(1, { timeout: 20_000 });
	expect(await onDuty()).toHaveLength(1);
	await expect(card.locator('.duty')).toContainText('Trần Thị Bình');
	await context.close();
});

test('without JavaScript the same forms still post to the server, once per page', async ({ browser }) => {
	type Facility = { code: string; occupied: number };
	const occupied = async () => (await api<Facility[]>('/api/quarantine?ward=lieu-giai')).find((f) => f.code === 'quan-ngua')!.occupied;
	const before = await occupied();
	const context = await browser.newContext({ javaScriptEnabled: false });
	const [name, value] = cookie.split('=') as [string, string];
	await context.addCookies([{ name, value, url: server.url }]);
	const page = await context.newPage();
	await page.goto(`${server.url}/ward/lieu-giai/quarantine`);
	const card = page.locator('article[data-facility="quan-ngua"]');
	await card.locator('form[action="?/move"] input[name="amount"]').fill('2');
	await card.getByRole('button', { name: 'Ghi nhận' }).click();
	await expect(page.getByTestId('saved')).toBeVisible();
	expect(await occupied()).toBe(before + 2);
	// A refusal names the field and saves nothing.
	await page.locator('article[data-facility="quan-ngua"] form[action="?/move"] input[name="amount"]').fill('abc');
	await page.locator('article[data-facility="quan-ngua"]').getByRole('button', { name: 'Ghi nhận' }).click();
	await expect(page.locator('article[data-facility="quan-ngua"] [data-error-for="amount"]')).toBeVisible();
	expect(await occupied()).toBe(before + 2);
	await context.close();
});
