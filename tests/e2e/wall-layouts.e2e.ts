/**
 * Saved wall layouts end to end, against the real production server: an admin saves a layout
 * (a refused one saves nothing and keeps what was typed), a kiosk TV whose default is that layout
 * shows its first view and rotates, and an edit of the layout reaches the TV live, without a reload.
 */
import { WALL_VIEWS } from '../../src/lib/domain/playlist.ts';
import { expect, test, type Page } from '@playwright/test';
import { signInCookie, spawnServer, type SpawnedServer } from '../fixtures/spawn-server.ts';

let server: SpawnedServer;

test.beforeAll(async () => {
	server = await spawnServer();
});
test.afterAll(async () => {
	await server?.stop();
	await server?.cleanup();
});

const viewOf = (page: Page) => page.locator('main.wall');
/** Anything the wall or a tile hides (both clip their overflow) — the layout's chip must not push figures off. */
const clipped = (page: Page) =>
	page.evaluate(() =>
		[...document.querySelectorAll<HTMLElement>('main, [data-testid="ward-tile"]')]
			.filter((t) => t.scrollHeight > t.clientHeight + 1 || t.scrollWidth > t.clientWidth + 1)
			.map((t) => t.dataset.ward ?? t.tagName.toLowerCase())
	);

test('an admin saves a layout; a kiosk TV with that layout shows its first view, rotates, and follows an edit live', async ({ browser }) => {
	const admin = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	const [name, value] = (await signInCookie(server.url)).split('=') as [string, string];
	await admin.addCookies([{ name, value, url: server.url }]);
	const page = await admin.newPage();

	// A refusal first: an unknown view is named, nothing is saved, the typed text stays.
	await page.goto(`${server.url}/wall-layouts`);
	const create = page.getByTestId('layout-create');
	await create.locator('input[name=slug]').fill('phong-dieu-hanh');
	await create.locator('input[name=title]').fill('Phòng điều hành — màn hình chính');
	await create.locator('input[name=views]').fill('quarantine:5,giuong:5');
	await create.locator('button[type=submit]').click();
	await expect(page.locator('[data-testid="form-errors"] [data-error-for="views"]')).toContainText('mục 2 «giuong:5»');
	await expect(page.locator('article[data-layout]')).toHaveCount(0);
	await expect(create.locator('input[name=views]')).toHaveValue('quarantine:5,giuong:5');
	// Seconds out of range: refused, not clamped.
	await create.locator('input[name=views]').fill('quarantine:5,stock:2');
	await create.locator('button[type=submit]').click();
	await expect(page.locator('[data-testid="form-errors"] [data-error-for="views"]')).toContainText('từ 5 đến 3600');
	await expect(page.locator('article[data-layout]')).toHaveCount(0);

	await create.locator('input[name=views]').fill('quarantine:5,stock:5');
	await create.locator('button[type=submit]').click();
	await expect(page.getByTestId('layout-saved')).toBeVisible();
	await expect(page.locator('article[data-layout="phong-dieu-hanh"] [data-testid="layout-summary"]')).toHaveText(
		'Cách ly tập trung 5 giây → Hàng thiết yếu 5 giây'
	);

	// A kiosk link for the TV, with the layout as its default.
	await page.goto(`${server.url}/admin/kiosks`);
	await page.locator('form[action="?/create"] input[name=name]').fill('TV phòng điều hành 2');
	await page.locator('form[action="?/create"] select[name=layoutSlug]').selectOption('phong-dieu-hanh');
	await page.locator('form[action="?/create"] button[type=submit]').click();
	const link = (await page.getByTestId('kiosk-link').locator('code').innerText()).trim();
	await expect(page.locator('tr[data-kiosk="TV phòng điều hành 2"] select[name=layoutSlug]')).toHaveValue('phong-dieu-hanh');

	// The TV opens only its kiosk link: its layout plays, first view first, then it rotates.
	const tv = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
	const errors: string[] = [];
	tv.on('pageerror', (e) => errors.push(String(e)));
	await tv.goto(link.replace(/^http:\/\/[^/]+/, server.url));
	await expect(tv).toHaveURL(/\/wall$/);
	await expect(tv.getByTestId('connection')).toHaveAttribute('data-status', 'live');
	await expect(tv.getByTestId('wall-layout')).toContainText('Phòng điều hành — màn hình chính');
	await expect(viewOf(tv)).toHaveAttribute('data-view', 'quarantine');
	await expect(tv.getByTestId('view-quarantine')).toBeVisible();
	await expect(tv.locator('ol.playlist li')).toHaveText(['Cách ly tập trung', 'Hàng thiết yếu']);
	await expect(viewOf(tv)).toHaveAttribute('data-view', 'stock', { timeout: 8_000 });
	await expect(tv.getByTestId('view-stock')).toBeVisible();
	await expect(viewOf(tv)).toHaveAttribute('data-view', 'quarantine', { timeout: 8_000 });
	await tv.evaluate(() => ((window as unknown as { __noReload: number }).__noReload = 1));

	// The admin edits the layout: the TV restarts on the new first view, live, without a reload.
	await page.goto(`${server.url}/wall-layouts`);
	const edit = page.locator('article[data-layout="phong-dieu-hanh"] form[action="?/update"]');
	await edit.locator('input[name=title]').fill('Phòng điều hành — chốt và diễn biến');
	await edit.locator('input[name=views]').fill('checkpoints:30,trends:30');
	await edit.locator('button[type=submit]').click();
	await expect(page.getByTestId('layout-saved')).toBeVisible();
	await expect(viewOf(tv)).toHaveAttribute('data-view', 'checkpoints', { timeout: 3_000 });
	await expect(tv.getByTestId('view-checkpoints')).toBeVisible();
	await expect(tv.getByTestId('wall-layout')).toContainText('Phòng điều hành — chốt và diễn biến');
	await expect(tv.locator('ol.playlist li')).toHaveText(['Chốt kiểm soát', 'Diễn biến 14 ngày']);
	// Pinning it: the TV stays on the pinned view.
	await edit.locator('select[name=pin]').selectOption('overview');
	await edit.locator('button[type=submit]').click();
	await expect(viewOf(tv)).toHaveAttribute('data-view', 'overview', { timeout: 3_000 });
	await expect(tv.locator('ol.playlist')).toHaveCount(0);
	await expect(tv.getByTestId('ward-tile')).toHaveCount(14);
	expect(await clipped(tv)).toEqual([]);
	expect(await tv.evaluate(() => (window as unknown as { __noReload?: number }).__noReload)).toBe(1);

	// The kiosk's default changed afterwards (back to every view): the TV follows live too.
	await page.goto(`${server.url}/admin/kiosks`);
	await page.locator('tr[data-kiosk="TV phòng điều hành 2"] select[name=layoutSlug]').selectOption('');
	await page.locator('tr[data-kiosk="TV phòng điều hành 2"] form[action="?/layout"] button').click();
	await expect(tv.getByTestId('wall-layout')).toHaveCount(0, { timeout: 3_000 });
	await expect(tv.locator('ol.playlist li')).toHaveCount(WALL_VIEWS.length);
	expect(await tv.evaluate(() => (window as unknown as { __noReload?: number }).__noReload)).toBe(1);
	expect(errors).toEqual([]);

	// ?layout= on a person's wall opens the same layout; an unknown slug says so and plays the default.
	const wall = await admin.newPage();
	await wall.setViewportSize({ width: 1920, height: 1080 });
	await wall.goto(`${server.url}/wall?layout=phong-dieu-hanh`);
	await expect(viewOf(wall)).toHaveAttribute('data-view', 'overview');
	await expect(wall.getByTestId('layout-missing')).toHaveCount(0);
	await wall.goto(`${server.url}/wall?layout=khong-co`);
	await expect(wall.getByTestId('layout-missing')).toContainText('Không có bố cục «khong-co» — đang hiện danh sách mặc định');
	await expect(viewOf(wall)).toHaveAttribute('data-view', 'overview');
	await expect(wall.locator('ol.playlist li')).toHaveCount(WALL_VIEWS.length);
	const o = await wall.evaluate(() => ({ h: document.documentElement.scrollHeight, ih: window.innerHeight }));
	expect(o.h).toBeLessThanOrEqual(o.ih);
	expect(await clipped(wall)).toEqual([]);

	await tv.context().close();
	await admin.close();
});
