/**
 * Readiness by the doctrine and the board's filters (issue 14 §4–5), in a real browser: a district
 * commander applies "4 tại chỗ" to every ward on /readiness; Kim Mã's commander finds the card on
 * the ward's board with its four items and ticks two; the district-wide matrix and the wall's
 * tasks view follow. On the same board a card nobody owns is flagged *Chưa phân công*, and the
 * focus filter and the search (kept in the URL) narrow the cards.
 */
import { expect, test } from '@playwright/test';
import { signInCookie, spawnServer, type SpawnedServer } from '../fixtures/spawn-server.ts';
import { signedInPerson, wardCommanderTablet, withCookie } from './people.ts';

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

const COMMANDER = { username: 'chi-huy.quan', name: 'Phạm Minh Đức', password: 'Chỉ-huy-quận-mật-khẩu-2026' };
const KIM_MA = { username: 'cht.kim-ma', name: 'Nguyễn Văn An', password: 'Kim-Mã-mật-khẩu-2026' };

test('a district commander applies "4 tại chỗ"; a ward ticks items; the district-wide completion and the wall follow; filters narrow the board', async ({
	browser
}) => {
	const district = await signedInPerson(browser, server.url, adminCookie, COMMANDER, 'district_commander');
	const ward = await wardCommanderTablet(browser, server.url, adminCookie, KIM_MA, 'kim-ma');
	const wallContext = await withCookie(browser, server.url, adminCookie, { viewport: { width: 1920, height: 1080 } });
	try {
		// The wall's tasks view, before anything is applied.
		const wall = await wallContext.newPage();
		await wall.goto(`${server.url}/wall?pin=tasks`);
		await expect(wall.getByTestId('connection')).toHaveAttribute('data-status', 'live');
		const wallCell = wall.locator('[data-testid="view-tasks"] tr[data-ward="kim-ma"] td[data-template="4-tai-cho"]');
		await expect(wallCell).toHaveText('—');

		// The district commander applies the template to every ward.
		const d = district.page;
		await d.goto(`${server.url}/readiness`);
		const cell = d.locator('[data-testid="readiness-matrix"] tr[data-ward="kim-ma"] td[data-template="4-tai-cho"]');
		await expect(cell).toContainText('Chưa áp dụng');
		await d.getByTestId('apply-4-tai-cho').click();
		await expect(d.getByTestId('readiness-applied')).toContainText('14 phường');
		await expect(cell).toContainText('0/4');
		await expect(wallCell).toHaveText('0/4');
		// Twice adds nothing.
		await d.getByTestId('apply-4-tai-cho').click();
		await expect(d.getByTestId('readiness-applied')).toContainText('0 phường (14 phường đã có)');

		// Kim Mã's board shows the card, owned by the ward's command, with the four items.
		const w = ward.page;
		await w.goto(`${server.url}/boards/ward:kim-ma`);
		const card = w.locator('[data-column="todo"] [data-card-id]', { hasText: '4 tại chỗ' });
		await expect(card).toBeVisible();
		await expect(card).toContainText('Ban Chỉ huy phường Kim Mã');
		await expect(card).toContainText('0/4');
		await card.getByTestId('card-title').click();
		const editor = w.getByTestId('card-editor-dialog');
		for (const item of ['Chỉ huy tại chỗ', 'Lực lượng tại chỗ', 'Phương tiện, vật tư tại chỗ', 'Hậu cần tại chỗ'])
			await expect(editor.getByRole('checkbox', { name: item })).toBeVisible();
		await editor.getByRole('checkbox', { name: 'Chỉ huy tại chỗ' }).check();
		await editor.getByRole('checkbox', { name: 'Hậu cần tại chỗ' }).check();
		await w.getByTestId('close-editor').click();
		await expect(card).toContainText('2/4');

		// The district-wide completion follows: on the wall live, on /readiness at its next read.
		await expect(wallCell).toHaveText('2/4');
		await expect(async () => {
			await d.reload();
			await expect(cell).toContainText('2/4', { timeout: 1000 });
		}).toPass({ timeout: 15_000 });
		await expect(d.locator('[data-testid="readiness-matrix"] tfoot td[data-template="4-tai-cho"]')).toContainText('2/56');

		// A card nobody owns is flagged and counted on the wall.
		await w.locator('[data-column="todo"]').getByTestId('new-card-title').fill('Phát gạo cho 40 hộ ngõ 12');
		await w.locator('[data-column="todo"]').getByTestId('add-card').click();
		const rice = w.locator('[data-card-id]', { hasText: 'Phát gạo cho 40 hộ' });
		await expect(rice.getByTestId('unassigned')).toHaveText(/Chưa phân công/);
		await expect(card.getByTestId('unassigned')).toHaveCount(0);
		await expect(wall.getByTestId('unassigned-kim-ma')).toHaveText('1');

		// Filter by focus: only the distancing card; the filter is in the URL.
		await w.getByTestId('filter-focus').selectOption('distancing');
		await expect(w).toHaveURL(/[?&]focus=distancing/);
		await expect(card).toBeVisible();
		await expect(rice).toBeHidden();
		await expect(w.getByTestId('filter-shown')).toHaveText('Đang hiện 1/2 thẻ');
		await w.getByTestId('filter-clear').click();
		await expect(rice).toBeVisible();
		// Search, without diacritics as on a tablet keyboard.
		await w.getByTestId('filter-q').fill('phat gao');
		await expect(w).toHaveURL(/[?&]q=phat\+gao/);
		await expect(rice).toBeVisible();
		await expect(card).toBeHidden();
		// The link shares the filter: opened afresh, the same cards show.
		await w.goto(`${server.url}/boards/ward:kim-ma?assignee=-`);
		await expect(w.getByTestId('filter-assignee')).toHaveValue('-');
		await expect(w.locator('[data-card-id]', { hasText: 'Phát gạo cho 40 hộ' })).toBeVisible();
		await expect(w.locator('[data-card-id]', { hasText: '4 tại chỗ' })).toBeHidden();
	} finally {
		await wallContext.close();
		await district.context.close();
		await ward.context.close();
	}
});
