/**
 * Issue 11 §3 as the district commander lives it: a new facility added on the registry page shows
 * on the wall at once (as beds being prepared), a bed target shows as "x / target", a taken code is
 * refused next to the form with nothing saved, and retiring an empty facility takes it off the wall.
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

type Summary = { quarantine: { capacity: number; free: number; preparing: number } };
const summary = async (): Promise<Summary> => (await (await fetch(`${server.url}/api/quarantine/summary`, { headers: { cookie } })).json()) as Summary;
const vi = (n: number) => new Intl.NumberFormat('vi-VN').format(n);

test('a district commander adds a facility, sets a bed target and retires a facility; every wall follows', async ({ browser }) => {
	const before = await summary();
	const context = await browser.newContext();
	const [name, value] = cookie.split('=') as [string, string];
	await context.addCookies([{ name, value, url: server.url }]);
	const wall = await context.newPage();
	await wall.goto(`${server.url}/wall?pin=quarantine`);
	await expect(wall.getByTestId('quarantine-preparing').locator('.n')).toHaveText(vi(before.quarantine.preparing));
	await expect(wall.getByTestId('bed-target')).toHaveCount(0);

	const page = await context.newPage();
	await page.goto(`${server.url}/registry`);
	await expect(page.getByRole('heading', { name: /Danh mục/ })).toBeVisible();

	// A new facility: on the wall at once, as beds being prepared (it receives after its acceptance).
	const add = page.getByTestId('facility-new');
	await add.locator('input[name="code"]').fill('truong-th-kim-ma');
	await add.locator('input[name="name"]').fill('Trường Tiểu học Kim Mã');
	await add.locator('select[name="wardCode"]').selectOption('kim-ma');
	await add.locator('input[name="kind"]').fill('Trường học');
	await add.locator('input[name="capacity"]').fill('1.500');
	await add.getByRole('button').click();
	await expect(page.getByTestId('registry-saved')).toBeVisible();
	await expect(wall.getByTestId('quarantine-preparing').locator('.n')).toHaveText(vi(before.quarantine.preparing + 1500));

	// A taken code: refused next to its form, nothing saved.
	await add.locator('input[name="code"]').fill('quan-ngua');
	await add.locator('input[name="name"]').fill('Trùng mã');
	await add.locator('input[name="kind"]').fill('Khác');
	await add.locator('input[name="capacity"]').fill('10');
	await add.getByRole('button').click();
	await expect(page.locator('[data-error-for="code"]')).toContainText('không bao giờ dùng lại');
	expect((await summary()).quarantine.preparing).toBe(before.quarantine.preparing + 1500);

	// The district's bed target: "x / target" on the wall.
	const target = page.getByTestId('bed-target');
	await target.locator('input[name="quarantineBedTarget"]').fill('2.000');
	await target.getByRole('button').click();
	await expect(wall.getByTestId('bed-target')).toContainText(`mục tiêu ${vi(2000)}`);

	// Retire an empty facility: it leaves the wall's totals and list, live.
	const empty = page.locator('[data-registry-facility="tc-kinh-te-ha-noi"]');
	await empty.locator('input[name="reason"]').fill('Trường học trở lại dạy học');
	await empty.getByRole('button', { name: 'Ngừng sử dụng' }).click();
	await expect(page.getByTestId('registry-saved')).toBeVisible();
	await expect(wall.getByTestId('quarantine-free').locator('.n')).toHaveText(vi(before.quarantine.free - 200));
	await expect(page.locator('[data-registry-facility="tc-kinh-te-ha-noi"]')).toHaveCount(0);

	// An occupied one is refused, with the people named.
	const full = page.locator('[data-registry-facility="quan-ngua"]');
	await full.locator('input[name="reason"]').fill('Thử');
	await full.getByRole('button', { name: 'Ngừng sử dụng' }).click();
	await expect(page.locator('[data-registry-facility="quan-ngua"] [data-testid="form-errors"]')).toContainText('còn người');
	await context.close();
});
