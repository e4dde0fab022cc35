/**
 * Issue 11 §1–2 as the district commander lives it: a facility is converted to treating mild F0
 * by a City decision, and the wall's free quarantine beds drop by exactly that facility's free
 * beds while a separate *Giường điều trị F0* line appears. The 06/12/18 report then shows the same
 * split. Nothing here is hard-coded: the expected figures are read from the API before the change.
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

type Summary = {
	quarantine: { capacity: number; occupied: number; free: number; preparing: number };
	treatingF0: { capacity: number; occupied: number; free: number };
};
type Facility = { code: string; status: string; capacity: number; occupied: number };
const api = async <T>(path: string): Promise<T> => {
	const res = await fetch(`${server.url}${path}`, { headers: { cookie } });
	expect(res.status, path).toBe(200);
	return (await res.json()) as T;
};
const vi = (n: number) => new Intl.NumberFormat('vi-VN').format(n);
/** "1.234" (vi-VN grouping) → 1234. */
const count = (text: string | null) => Number((text ?? '').replace(/\D/g, ''));

test('a district commander converts a facility: wall free beds drop by exactly its free beds, an F0 line appears', async ({ browser }) => {
	const before = await api<Summary>('/api/quarantine/summary');
	const facilities = await api<Facility[]>('/api/quarantine');
	// The largest facility receiving F1 with people in it: the worst night's candidate.
	const target = facilities.filter((f) => (f.status === 'operating' || f.status === 'ready') && f.occupied > 0).sort((a, b) => b.capacity - a.capacity)[0]!;
	expect(target, 'a facility receiving F1').toBeTruthy();
	expect(before.treatingF0.capacity, 'the seed has no converted facility yet').toBe(0);
	const targetFree = target.capacity - target.occupied;

	const context = await browser.newContext();
	const [name, value] = cookie.split('=') as [string, string];
	await context.addCookies([{ name, value, url: server.url }]);
	const wall = await context.newPage();
	await wall.goto(`${server.url}/wall?pin=quarantine`);
	const free = wall.getByTestId('quarantine-free').locator('.n');
	await expect(free).toHaveText(vi(before.quarantine.free));
	await expect(wall.getByTestId('f0-beds')).toHaveCount(0);

	const tablet = await context.newPage();
	await tablet.goto(`${server.url}/quarantine`, { waitUntil: 'networkidle' });
	const card = tablet.locator(`article[data-facility="${target.code}"]`);
	const form = card.locator('form[action="?/status"]');

	// Without a decision number the conversion is refused on the device and nothing changes.
	await form.locator('select[name="status"]').selectOption('treating_f0');
	await form.getByRole('button', { name: 'Đổi trạng thái' }).click();
	await expect(card.locator('[data-error-for="decisionRef"]')).toBeVisible();
	expect((await api<Summary>('/api/quarantine/summary')).quarantine.free).toBe(before.quarantine.free);

	await form.locator('input[name="decisionRef"]').fill('QĐ 1234/QĐ-UBND');
	await form.getByRole('button', { name: 'Đổi trạng thái' }).click();

	// The wall, live: exactly the facility's free beds leave the quarantine total.
	await expect(free).toHaveText(vi(before.quarantine.free - targetFree));
	const f0 = wall.getByTestId('f0-beds');
	await expect(f0).toBeVisible();
	await expect(f0).toContainText('Giường điều trị F0');
	await expect(f0.locator('.n')).toHaveText(`${vi(target.occupied)}/${vi(target.capacity)}`);
	expect(count(await wall.getByTestId('quarantine-occupied').locator('.n').textContent())).toBe(before.quarantine.occupied - target.occupied);

	const after = await api<Summary>('/api/quarantine/summary');
	expect(after.quarantine.free).toBe(before.quarantine.free - targetFree);
	expect(after.treatingF0).toEqual({ capacity: target.capacity, occupied: target.occupied, free: targetFree });
	console.log(`demo wall beds: free ${before.quarantine.free} → ${after.quarantine.free}; F0 ${after.treatingF0.occupied}/${after.treatingF0.capacity}`);

	// The facility's history shows the change with its decision number.
	await tablet.reload({ waitUntil: 'networkidle' });
	const history = tablet.locator(`article[data-facility="${target.code}"] [data-testid="facility-history"]`);
	await history.locator('summary').click();
	await expect(history).toContainText('QĐ 1234/QĐ-UBND');

	// The report the city gets: the quarantine total and the F0 line, each adding up.
	const res = await fetch(`${server.url}/api/reports`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{}' });
	expect(res.status).toBe(201);
	const report = (await res.json()) as { id: string };
	await tablet.goto(`${server.url}/reports/${report.id}`);
	const total = tablet.locator('tfoot tr').filter({ hasText: 'Giường cách ly (đang tiếp nhận F1)' });
	const cells = total.locator('td.num');
	await expect(cells.nth(0)).toContainText(vi(after.quarantine.capacity));
	await expect(cells.nth(1)).toContainText(vi(after.quarantine.occupied));
	await expect(cells.nth(2)).toContainText(vi(after.quarantine.free));
	const f0Row = tablet.getByTestId('f0-beds').locator('td.num');
	await expect(f0Row.nth(0)).toContainText(vi(target.capacity));
	await expect(f0Row.nth(1)).toContainText(vi(target.occupied));
	await expect(f0Row.nth(2)).toContainText(vi(targetFree));
	await context.close();
});
