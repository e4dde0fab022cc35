/**
 * Accounts as a new user meets them, in a real browser against the real server: the admin's first
 * sign-in with a one-time password, creating a ward commander and a kiosk link, the commander
 * reporting for their ward only, the TV showing the wall and going blank when revoked, the audit log.
 */
import { expect, test } from '@playwright/test';
import { spawnServer, type SpawnedServer } from '../fixtures/spawn-server.ts';

let server: SpawnedServer;

test.beforeAll(async () => {
	// No ADMIN_PASSWORD: the one-time password is printed once to the log.
	server = await spawnServer({ env: { ADMIN_PASSWORD: '' } });
});
test.afterAll(async () => {
	await server?.stop();
	await server?.cleanup();
});

test('first sign-in, a ward commander, a kiosk wall and its revocation, all in the audit log', async ({ browser }) => {
	const otp = /one-time password ([a-z0-9-]+)/.exec(server.output())?.[1];
	expect(otp, 'the first start prints a one-time password').toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);

	// The admin signs in and must change the password first.
	const admin = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
	await admin.goto(`${server.url}/wall`);
	await expect(admin).toHaveURL(/\/login\?next=%2Fwall/);
	await admin.locator('input[name=username]').fill('admin');
	await admin.locator('input[name=password]').fill(otp!);
	await admin.locator('main button[type=submit]').click();
	await expect(admin).toHaveURL(/\/account\/password/);
	await expect(admin.getByTestId('must-change')).toBeVisible();
	await admin.locator('input[name=current]').fill(otp!);
	await admin.locator('input[name=next]').fill('Mật-khẩu-quản-trị-2026');
	await admin.locator('input[name=confirm]').fill('Mật-khẩu-quản-trị-2026');
	await admin.locator('main button[type=submit]').click();
	await expect(admin).toHaveURL(/\/\?password=changed/);

	// A ward commander for Kim Mã, with a one-time password shown once.
	await admin.goto(`${server.url}/admin/users`);
	const create = admin.locator('form[action="?/create"]');
	await create.locator('input[name=username]').fill('chi-huy.kimma');
	await create.locator('input[name=displayName]').fill('Lê Văn Nam — Chỉ huy trưởng phường Kim Mã');
	await create.locator('select[name=role]').selectOption('ward_commander');
	await create.locator('select[name=wardCode]').selectOption('kim-ma');
	await create.locator('button[type=submit]').click();
	const commanderOtp = (await admin.getByTestId('one-time-password').locator('code').innerText()).trim();

	// A kiosk link for the operations-room TV.
	await admin.goto(`${server.url}/admin/kiosks`);
	await admin.locator('input[name=name]').fill('TV phòng điều hành 1');
	await admin.locator('form[action="?/create"] button[type=submit]').click();
	const link = (await admin.getByTestId('kiosk-link').locator('code').innerText()).trim();
	expect(link).toContain('/wall?kiosk=cpk_');

	const tv = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
	await tv.goto(link.replace(/^http:\/\/[^/]+/, server.url) + '&pin=overview');
	await expect(tv).toHaveURL(/\/wall\?pin=overview$/); // the token left the URL
	await expect(tv.getByTestId('connection')).toHaveAttribute('data-status', 'live');

	// The ward commander signs in on a tablet, changes the password, reports for Kim Mã.
	const tablet = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, hasTouch: true })).newPage();
	await tablet.goto(`${server.url}/login`);
	await tablet.locator('input[name=username]').fill('chi-huy.kimma');
	await tablet.locator('input[name=password]').fill(commanderOtp);
	await tablet.locator('main button[type=submit]').click();
	await tablet.locator('input[name=current]').fill(commanderOtp);
	await tablet.locator('input[name=next]').fill('Kim-Mã-mật-khẩu-2026');
	await tablet.locator('input[name=confirm]').fill('Kim-Mã-mật-khẩu-2026');
	await tablet.locator('main button[type=submit]').click();
	// A ward commander's home is their ward.
	await expect(tablet).toHaveURL(/\/ward\/kim-ma/);
	const figures = {
		f0NewCommunity: '2',
		f0NewQuarantine: '3',
		f0Active: '44',
		f1Traced: '20',
		f1Quarantined: '150',
		f2: '300',
		samplesTested: '800',
		positives: '5',
		vaccineDoses: '900'
	};
	for (const [k, v] of Object.entries(figures)) await tablet.locator(`input[name="${k}"]`).fill(v);
	await tablet.locator('input[name="zone"][value="red"]').check();
	await tablet.getByRole('button', { name: 'Gửi báo cáo' }).click();
	// The entry goes through the device's outbox and is sent at once when online.
	await expect(tablet.locator('[data-testid="outbox"] li[data-status="sent"]')).toHaveCount(1);
	await expect(tv.locator('[data-ward="kim-ma"] [data-field="newF0Today"]')).toHaveText('5');

	// …and nothing past their ward: another ward's page is forbidden, the wall sends them home.
	expect((await tablet.goto(`${server.url}/ward/ngoc-ha`))?.status()).toBe(403);
	await tablet.goto(`${server.url}/wall`);
	await expect(tablet).toHaveURL(/\/ward\/kim-ma$/);

	// Revoking the kiosk blanks the TV within seconds, without a login form.
	await admin.goto(`${server.url}/admin/kiosks`);
	await admin.locator('tr[data-kiosk="TV phòng điều hành 1"] form[action="?/revoke"] button').click();
	await expect(tv.getByTestId('kiosk-revoked')).toBeVisible({ timeout: 5_000 });
	await expect(tv.locator('[data-testid="ward-tile"]')).toHaveCount(0);
	await tv.reload();
	await expect(tv.getByTestId('kiosk-revoked')).toBeVisible();
	await expect(tv.locator('input[name=password]')).toHaveCount(0);

	// Every one of those actions is in the audit log.
	await admin.goto(`${server.url}/audit`);
	for (const action of ['user.create', 'user.change_password', 'session.sign_in', 'kiosk.create', 'case_report.create', 'kiosk.revoke']) {
		await expect(admin.locator(`tr[data-action="${action}"]`).first()).toBeVisible();
	}
	const csv = await admin.request.get(`${server.url}/audit/export.csv`);
	expect(csv.headers()['content-type']).toContain('text/csv');
	const text = await csv.text();
	expect(text.charCodeAt(0)).toBe(0xfeff);
	expect(text).toContain('Lê Văn Nam — Chỉ huy trưởng phường Kim Mã');
});
