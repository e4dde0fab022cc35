/**
 * The duty roster end to end (issue 14 §1, its "Done when"): two walls are open on the demo roster;
 * a district commander — an account the admin made — names another duty leader for the running
 * shift on /duty-roster; both walls' headers follow live, without a reload. A phone typed in words
 * is refused on the device and nothing is queued; a ward commander may not plan the district's post.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { currentShift, shiftEnd } from '../../src/lib/domain/checkpoint.ts';
import { signInCookie, spawnServer, type SpawnedServer } from '../fixtures/spawn-server.ts';
import { signedInPerson, wardCommanderTablet, withCookie, type Person } from './people.ts';

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

const COMMANDER: Person = { username: 'so-chi-huy.truc', name: 'Đỗ Minh Quân', password: 'Sở-chỉ-huy-mật-khẩu-2026' };
const WARD_COMMANDER: Person = { username: 'chi-huy.ngocha', name: 'Vũ Thị Hằng', password: 'Ngọc-Hà-mật-khẩu-2026' };
const NEW_LEADER = { name: 'Nguyễn Thị Thanh Hà', phone: '0912 000 111' };

async function openWall(browser: Browser, url: string): Promise<Page> {
	const ctx = await withCookie(browser, url, adminCookie, { viewport: { width: 1920, height: 1080 } });
	const wall = await ctx.newPage();
	await wall.goto(`${url}/wall`);
	await expect(wall.getByTestId('connection')).toHaveAttribute('data-status', 'live');
	return wall;
}

test('the district commander names the running shift’s duty leader; both wall headers follow live', async ({ browser }) => {
	test.setTimeout(120_000);
	// The test names the running shift's leader: not in the last minute and a half of a shift, or
	// the wall would rightly move on to the next one while it runs.
	const left = shiftEnd(currentShift(new Date()).key).getTime() - Date.now();
	if (left < 90_000) await new Promise((r) => setTimeout(r, left + 2_000));

	const walls = [await openWall(browser, server.url), await openWall(browser, server.url)];
	for (const wall of walls) {
		// The demo roster: a fresh install opens with a duty leader, and no "no duty leader" alarm.
		await expect(wall.getByTestId('duty-leader')).toContainText(/Trực chỉ huy: \S.*, [\d ]+/);
		await expect(wall.getByTestId('duty-leader')).not.toContainText('chưa có');
		await expect(wall.locator('[data-field="hotline"]').first()).toContainText('☎ 024');
		await expect(wall.locator('[data-field="duty"]').first()).toContainText('Trực: ');
	}
	const before = await walls[0]!.getByTestId('duty-leader').innerText();

	const { page } = await signedInPerson(browser, server.url, adminCookie, COMMANDER, 'district_commander');
	await page.goto(`${server.url}/duty-roster`, { waitUntil: 'networkidle' });
	await expect(page.getByTestId('outbox-state')).toContainText('Đã gửi hết');
	const running = page.locator('fieldset[data-state="running"]');
	await expect(running).toHaveCount(1);
	const name = running.locator('input[name$=".leader.name"]');
	const phone = running.locator('input[name$=".leader.phone"]');

	// Refused on the device: a phone in words; nothing is queued, the walls keep the leader they had.
	await name.fill(NEW_LEADER.name);
	await phone.fill('không có số');
	await page.getByRole('button', { name: /Lưu lịch trực/ }).click();
	await expect(page.getByTestId('form-errors')).toContainText('Số điện thoại chỉ gồm chữ số');
	await expect(page.getByTestId('outbox')).toHaveCount(0);

	await phone.fill(NEW_LEADER.phone);
	await page.getByRole('button', { name: /Lưu lịch trực/ }).click();
	await expect(page.locator('[data-testid="outbox"] li[data-status="sent"]')).toHaveCount(1);
	await expect(page.getByTestId('on-duty-now')).toContainText(`${NEW_LEADER.name}, ${NEW_LEADER.phone}`);

	// Both walls, never reloaded, show the new leader in their header.
	for (const wall of walls) {
		await expect(wall.getByTestId('duty-leader')).toContainText(`Trực chỉ huy: ${NEW_LEADER.name}, ${NEW_LEADER.phone}`);
	}
	expect(before).not.toContain(NEW_LEADER.name);
	const api = await fetch(`${server.url}/api/duty-roster?unit=district`, { headers: { cookie: adminCookie } });
	expect(((await api.json()) as { now: { leader: unknown } }).now.leader).toEqual(NEW_LEADER);

	// The situation report's last section names the new leader at the district's post, and the hotlines.
	const made = await fetch(`${server.url}/api/reports`, { method: 'POST', headers: { cookie: adminCookie, origin: server.url } });
	expect(made.status).toBe(201);
	const { id } = (await made.json()) as { id: number };
	await page.goto(`${server.url}/reports/${id}`);
	const section = page.locator('[data-section="duty"]');
	await expect(section).toContainText('XIII. TRỰC CHỈ HUY VÀ ĐƯỜNG DÂY NÓNG');
	await expect(section.locator('tr[data-unit="district"]')).toContainText(`${NEW_LEADER.name}, ${NEW_LEADER.phone}`);
	await expect(section.locator('tr[data-unit="district"]')).toContainText('024 3823 3016');
	await expect(section.locator('tr[data-unit]')).toHaveCount(15);

	// A ward's commander plans the ward, not the district's post: 403, and the walls keep theirs.
	const { page: tablet, cookie } = await wardCommanderTablet(browser, server.url, adminCookie, WARD_COMMANDER, 'ngoc-ha');
	await expect(tablet.getByTestId('ward-on-duty')).toContainText('Đường dây nóng: 024');
	const shift = currentShift(new Date());
	const refused = await fetch(`${server.url}/api/duty-roster?unit=district&date=${shift.key.slice(0, 10)}`, {
		method: 'PUT',
		headers: { cookie, origin: server.url, 'content-type': 'application/json' },
		body: JSON.stringify({ shifts: [{ shift: shift.number, leader: { name: 'Không phải tôi', phone: '113' } }] })
	});
	expect(refused.status).toBe(403);
	await expect(walls[1]!.getByTestId('duty-leader')).toContainText(NEW_LEADER.name);
});
