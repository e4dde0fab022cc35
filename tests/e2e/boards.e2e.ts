/**
 * The district task board as two leaders use it at once: the admin on a laptop and a district
 * commander on a tablet. Each sees the other's cards, moves and presence live; the tablet drops
 * offline, both keep editing, and when it returns the two boards are the same — nothing doubled,
 * nothing lost — and the server kept it (a reload shows the same board). A viewer sees the board
 * without a single editing control.
 */
import { expect, test, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { signInCookie, spawnServer, type SpawnedServer } from '../fixtures/spawn-server.ts';

let server: SpawnedServer;

test.beforeAll(async () => {
	server = await spawnServer();
});
test.afterAll(async () => {
	await server?.stop();
	await server?.cleanup();
});

const COMMANDER = { username: 'chi-huy.quan', name: 'Phạm Minh Đức', password: 'Chỉ-huy-quận-mật-khẩu-2026' };
const VIEWER = { username: 'xem.quan', name: 'Đỗ Thu Hà', password: 'Chỉ-xem-mật-khẩu-2026' };

async function adminContext(browser: Browser, viewport: { width: number; height: number }): Promise<BrowserContext> {
	const context = await browser.newContext({ viewport });
	const [name, value] = (await signInCookie(server.url)).split('=') as [string, string];
	await context.addCookies([{ name, value, url: server.url }]);
	return context;
}

/** The admin creates a person (as in /admin/users); returns the one-time password. */
async function createUser(admin: Page, who: { username: string; name: string }, role: string): Promise<string> {
	await admin.goto(`${server.url}/admin/users`);
	const form = admin.locator('form[action="?/create"]');
	await form.locator('input[name=username]').fill(who.username);
	await form.locator('input[name=displayName]').fill(who.name);
	await form.locator('select[name=role]').selectOption(role);
	await form.locator('button[type=submit]').click();
	return (await admin.getByTestId('one-time-password').locator('code').innerText()).trim();
}

/** First sign-in of a new person: the one-time password, then their own. */
async function firstSignIn(page: Page, who: { username: string; password: string }, otp: string): Promise<void> {
	await page.goto(`${server.url}/login`);
	await page.locator('input[name=username]').fill(who.username);
	await page.locator('input[name=password]').fill(otp);
	await page.locator('main button[type=submit]').click();
	await expect(page).toHaveURL(/\/account\/password/);
	await page.locator('input[name=current]').fill(otp);
	await page.locator('input[name=next]').fill(who.password);
	await page.locator('input[name=confirm]').fill(who.password);
	await page.locator('main button[type=submit]').click();
	await expect(page).toHaveURL(/\/\?password=changed/);
}

const column = (page: Page, id: string) => page.locator(`[data-column="${id}"]`);
const cardIn = (page: Page, col: string, title: string) => column(page, col).locator('[data-card-id]', { hasText: title });
const connection = (page: Page) => page.getByTestId('board-connection');

/** The board as a page shows it: every lane's cards (id and title) in order. */
async function snapshot(page: Page): Promise<Array<{ column: string; cards: string[] }>> {
	return page.locator('[data-column]').evaluateAll((lanes) =>
		lanes.map((lane) => ({
			column: (lane as HTMLElement).dataset.column ?? '',
			cards: [...lane.querySelectorAll<HTMLElement>('[data-card-id]')].map(
				(c) => `${c.dataset.cardId}|${c.querySelector('[data-testid="card-title"]')?.textContent?.trim()}`
			)
		}))
	);
}

async function addCard(page: Page, col: string, title: string): Promise<void> {
	await column(page, col).getByTestId('new-card-title').fill(title);
	await column(page, col).getByTestId('add-card').click();
	await expect(cardIn(page, col, title)).toHaveCount(1);
}

/** A real pointer drag (press, move in steps, release) from a card onto another column's list. */
async function drag(page: Page, card: Locator, target: Locator): Promise<void> {
	const from = (await card.boundingBox())!;
	const to = (await target.boundingBox())!;
	const x = from.x + from.width / 2;
	const y = from.y + 12;
	await page.mouse.move(x, y);
	await page.mouse.down();
	await page.mouse.move(x + 8, y + 8, { steps: 4 });
	await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 25 });
	await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2 + 4, { steps: 4 });
	await page.mouse.up();
}

async function setOffline(context: BrowserContext, page: Page, offline: boolean): Promise<void> {
	await context.setOffline(offline);
	// What a tablet's browser tells the page when the network goes or comes back.
	await page.evaluate((off) => window.dispatchEvent(new Event(off ? 'offline' : 'online')), offline);
}

test('a laptop and a tablet edit the district board together, live and offline, and converge', async ({ browser }) => {
	const laptop = await adminContext(browser, { width: 1440, height: 900 });
	const a = await laptop.newPage();
	const otp = await createUser(a, COMMANDER, 'district_commander');

	const tablet = await browser.newContext({ viewport: { width: 820, height: 1180 }, hasTouch: true });
	const b = await tablet.newPage();
	await firstSignIn(b, COMMANDER, otp);

	// The list shows the district board with its counts; both open it.
	await a.goto(`${server.url}/boards`);
	await expect(a.locator('[data-board-id="district"] [data-count="open"]')).toContainText('0');
	await a.locator('[data-board-id="district"] a').click();
	await expect(a).toHaveURL(/\/boards\/district$/);
	await b.goto(`${server.url}/boards/district`);
	await expect(connection(a)).toHaveAttribute('data-status', 'live');
	await expect(connection(b)).toHaveAttribute('data-status', 'live');
	await expect(column(a, 'todo')).toBeVisible();

	// Each sees the other on the board.
	await expect(b.getByTestId('presence-person')).toHaveCount(2);
	await expect(a.getByTestId('presence-person').filter({ hasText: COMMANDER.name })).toHaveCount(1);

	// A adds a card; B sees it.
	const first = 'Lập chốt kiểm soát ngõ 29 Linh Lang';
	await addCard(a, 'todo', first);
	await expect(cardIn(b, 'todo', first)).toHaveCount(1);
	const firstId = (await cardIn(a, 'todo', first).getAttribute('data-card-id'))!;

	// B drags it to "Đang làm" with a real pointer drag; A sees it there.
	await drag(b, cardIn(b, 'todo', first), column(b, 'doing').getByTestId('column-cards'));
	await expect(cardIn(b, 'doing', first)).toHaveCount(1);
	await expect(cardIn(a, 'doing', first)).toHaveCount(1);
	await expect(cardIn(a, 'todo', first)).toHaveCount(0);
	await expect(b.getByTestId('card-editor-dialog')).toHaveCount(0); // a drag is not a click

	// B opens the card: A sees who is editing it.
	await cardIn(b, 'doing', first).getByTestId('card-title').click();
	await expect(b.getByTestId('card-editor-dialog')).toBeVisible();
	await expect(cardIn(a, 'doing', first).getByTestId('card-editor')).toHaveAttribute('title', new RegExp(COMMANDER.name));
	await b.getByTestId('close-editor').click();
	await expect(cardIn(a, 'doing', first).getByTestId('card-editor')).toHaveCount(0);

	// A adds a second card and moves it with the keyboard only: Alt+→ twice, to "Chờ kiểm tra".
	const second = 'Xét nghiệm diện rộng tổ dân phố 5';
	await addCard(a, 'todo', second);
	await cardIn(a, 'todo', second).focus();
	await a.keyboard.press('Alt+ArrowRight');
	await expect(cardIn(a, 'doing', second)).toHaveCount(1);
	await expect(cardIn(a, 'doing', second)).toBeFocused(); // the keyboard stays on the card
	await a.keyboard.press('Alt+ArrowRight');
	await expect(cardIn(a, 'review', second)).toHaveCount(1);
	await expect(cardIn(b, 'review', second)).toHaveCount(1);

	// The tablet drops offline.
	await setOffline(tablet, b, true);
	await expect(connection(b)).toHaveAttribute('data-status', 'offline');
	await expect(connection(b)).toContainText('lưu trên máy này');
	// (A still shows B for up to ~30 s: a dropped network sends no goodbye; awareness times out.)

	// Offline, B renames the first card and adds a third…
	const renamed = 'Lập chốt kiểm soát ngõ 29 Linh Lang (2 ca/ngày)';
	await cardIn(b, 'doing', first).getByTestId('card-title').click();
	await b.getByTestId('edit-title').fill(renamed);
	await b.getByTestId('save-card').click();
	await b.getByTestId('close-editor').click();
	await expect(cardIn(b, 'doing', renamed)).toHaveCount(1);
	const third = 'Cấp gạo cho 40 hộ khó khăn';
	await addCard(b, 'todo', third);

	// …while A, online, moves the second card to "Hoàn thành" (keyboard again).
	await cardIn(a, 'review', second).focus();
	await a.keyboard.press('Alt+ArrowRight');
	await expect(cardIn(a, 'done', second)).toHaveCount(1);

	// Really offline: A has none of B's offline edits, B has not A's move.
	await a.waitForTimeout(1000);
	await expect(cardIn(a, 'todo', third)).toHaveCount(0);
	await expect(cardIn(a, 'doing', first)).toHaveText(new RegExp(first.replace(/[()]/g, '\\$&')));
	await expect(cardIn(a, 'doing', renamed)).toHaveCount(0);
	await expect(cardIn(b, 'review', second)).toHaveCount(1);

	// B comes back: live again, and both boards are the same.
	await setOffline(tablet, b, false);
	await expect(connection(b)).toHaveAttribute('data-status', 'live', { timeout: 20_000 });
	const expected = (await snapshot(a)).map((l) => l.column);
	expect(expected).toEqual(['todo', 'doing', 'review', 'done']);
	await expect
		.poll(async () => (await snapshot(a)).map((l) => ({ column: l.column, titles: l.cards.map((c) => c.split('|')[1]) })), { timeout: 15_000 })
		.toEqual([
			{ column: 'todo', titles: [third] },
			{ column: 'doing', titles: [renamed] },
			{ column: 'review', titles: [] },
			{ column: 'done', titles: [second] }
		]);
	await expect.poll(() => snapshot(b), { timeout: 15_000 }).toEqual(await snapshot(a));
	// Nothing doubled: three cards, three ids; the renamed card is still the card A made.
	const ids = (await snapshot(a)).flatMap((l) => l.cards.map((c) => c.split('|')[0]));
	expect(new Set(ids).size).toBe(3);
	expect(ids).toContain(firstId);
	await expect(b.getByTestId('presence-person')).toHaveCount(2);

	// The server has it: a fresh load of the board shows the same.
	const aSeen = await snapshot(a);
	await a.reload();
	await expect(connection(a)).toHaveAttribute('data-status', 'live');
	await expect.poll(() => snapshot(a)).toEqual(aSeen);

	// The list counts the open cards (the one in "Hoàn thành" is done), from the projection into
	// SQL, which follows the last edit by under a second: the list is loaded again until it has it.
	await expect
		.poll(
			async () => {
				await a.goto(`${server.url}/boards`);
				return a.locator('[data-board-id="district"] [data-count="open"]').textContent();
			},
			{ timeout: 15_000 }
		)
		.toContain('2');

	await laptop.close();
	await tablet.close();
});

test('a viewer sees the board, and no editing control at all', async ({ browser }) => {
	const laptop = await adminContext(browser, { width: 1440, height: 900 });
	const a = await laptop.newPage();
	const otp = await createUser(a, VIEWER, 'viewer');
	await a.goto(`${server.url}/boards/district`);
	await expect(connection(a)).toHaveAttribute('data-status', 'live');
	const title = 'Kiểm tra chốt tự quản phường Kim Mã';
	await addCard(a, 'todo', title);

	const other = await browser.newContext({ viewport: { width: 1280, height: 800 } });
	const v = await other.newPage();
	await firstSignIn(v, VIEWER, otp);
	// The list shows the board as read-only, and no form to create one.
	await v.goto(`${server.url}/boards`);
	await expect(v.locator('[data-board-id="district"]')).toContainText('Chỉ xem');
	await expect(v.locator('form[action="?/create"]')).toHaveCount(0);
	await v.locator('[data-board-id="district"] a').click();
	await expect(connection(v)).toHaveAttribute('data-status', 'live');
	await expect(v.getByTestId('read-only')).toBeVisible();
	await expect(cardIn(v, 'todo', title)).toHaveCount(1);
	// The viewer is on the board too (presence is not an edit).
	await expect(a.getByTestId('presence-person').filter({ hasText: VIEWER.name })).toHaveCount(1);

	await expect(v.getByTestId('new-card-title')).toHaveCount(0);
	await expect(v.getByTestId('add-card')).toHaveCount(0);
	await expect(v.getByTestId('new-column-title')).toHaveCount(0);
	await expect(v.locator('details.move')).toHaveCount(0);
	await expect(v.getByRole('button', { name: /Sửa cột/ })).toHaveCount(0);
	await expect(v.getByRole('button', { name: /Xoá cột/ })).toHaveCount(0);
	// The card opens to be read: no save, no archive, every field disabled.
	await cardIn(v, 'todo', title).getByTestId('card-title').click();
	await expect(v.getByTestId('card-editor-dialog')).toBeVisible();
	await expect(v.getByTestId('save-card')).toHaveCount(0);
	await expect(v.getByTestId('archive-card')).toHaveCount(0);
	await expect(v.getByTestId('edit-title')).toBeDisabled();
	await v.getByTestId('close-editor').click();

	// A drag by the viewer moves nothing, anywhere.
	await drag(v, cardIn(v, 'todo', title), column(v, 'doing').getByTestId('column-cards'));
	await v.waitForTimeout(500);
	await expect(cardIn(v, 'todo', title)).toHaveCount(1);
	await expect(cardIn(a, 'todo', title)).toHaveCount(1);
	await expect(cardIn(a, 'doing', title)).toHaveCount(0);

	await laptop.close();
	await other.close();
});

test('the admin creates a campaign board; a refused id is explained in Vietnamese and nothing is created', async ({ browser }) => {
	const laptop = await adminContext(browser, { width: 1440, height: 900 });
	const a = await laptop.newPage();
	await a.goto(`${server.url}/boards`);
	const form = a.locator('form[action="?/create"]');
	await form.locator('input[name=id]').fill('Kiểm tra');
	await form.locator('input[name=title]').fill('Đợt kiểm tra chốt tháng 9');
	await form.locator('button[type=submit]').click();
	await expect(a.locator('[data-error-for="id"]')).toContainText('Mã bảng');
	await expect(form.locator('input[name=title]')).toHaveValue('Đợt kiểm tra chốt tháng 9'); // what was typed stays
	await expect(a.locator('[data-board-id="kiem-tra-thang-9"]')).toHaveCount(0);

	await form.locator('input[name=id]').fill('kiem-tra-thang-9');
	await form.locator('select[name=ward]').selectOption('kim-ma');
	await form.locator('button[type=submit]').click();
	await expect(a).toHaveURL(/\/boards\/kiem-tra-thang-9$/);
	await expect(a.locator('h1')).toHaveText('Đợt kiểm tra chốt tháng 9');
	await expect(connection(a)).toHaveAttribute('data-status', 'live');
	// Made by the server with the default columns.
	await expect.poll(async () => (await snapshot(a)).map((l) => l.column)).toEqual(['todo', 'doing', 'review', 'done']);
	await a.goto(`${server.url}/boards`);
	await expect(a.locator('[data-board-id="kiem-tra-thang-9"]')).toContainText('Chuyên đề');
	await laptop.close();
});
