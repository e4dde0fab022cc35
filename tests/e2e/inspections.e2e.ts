/**
 * An inspection as the seeds describe it (000 §6, 002 §2.7): the admin opens a campaign board for
 * Kim Mã with the ward's card waiting in *Chờ kiểm tra*, and makes an inspection team member
 * assigned to that board on /admin/users. On a phone, the inspector opens the card and signs it
 * off *chưa đạt* with findings; on the ward commander's tablet, open on the same board, the card
 * goes back to *Đang làm* at once, with the findings as a comment and in its inspection history;
 * from there the ward cannot put it in *Hoàn thành* itself either.
 */
import { expect, test, type Page } from '@playwright/test';
import { signInCookie, spawnServer, type SpawnedServer } from '../fixtures/spawn-server.ts';
import { PHONE, signedInPerson, wardCommanderTablet, withCookie, type Person } from './people.ts';

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

const BOARD = 'kiem-tra-4-tai-cho-kim-ma';
const CARD = 'Lực lượng tại chỗ: danh sách trực 24/24';
const FINDINGS = 'Chưa có danh sách lực lượng trực ca đêm; bổ sung trước 17:00.';
const COMMANDER: Person = { username: 'cht.kimma', name: 'Nguyễn Văn An', password: 'Chỉ-huy-Kim-Mã-mật-khẩu-2026' };
const INSPECTOR: Person = { username: 'dkt.binh', name: 'Trần Thị Bình', password: 'Đoàn-kiểm-tra-mật-khẩu-2026' };

const column = (page: Page, id: string) => page.locator(`[data-column="${id}"]`);
const cardIn = (page: Page, col: string, title: string) => column(page, col).locator('[data-card-id]', { hasText: title });
const live = (page: Page) => expect(page.getByTestId('board-connection')).toHaveAttribute('data-status', 'live');

test('an inspector signs a card off chưa đạt and it returns to the ward with the findings', async ({ browser }) => {
	// The admin opens the campaign board for Kim Mã and puts the ward's card in Chờ kiểm tra.
	const laptop = await withCookie(browser, server.url, adminCookie, { viewport: { width: 1440, height: 900 } });
	const admin = await laptop.newPage();
	await admin.goto(`${server.url}/boards`);
	const create = admin.locator('form[action="?/create"]');
	await create.locator('input[name=id]').fill(BOARD);
	await create.locator('input[name=title]').fill('Kiểm tra "4 tại chỗ" — Phường Kim Mã');
	await create.locator('select[name=ward]').selectOption('kim-ma');
	await create.locator('button[type=submit]').click();
	await admin.goto(`${server.url}/boards/${BOARD}`);
	await live(admin);
	await column(admin, 'todo').getByTestId('new-card-title').fill(CARD);
	await column(admin, 'todo').getByTestId('add-card').click();
	await cardIn(admin, 'todo', CARD).focus();
	await admin.keyboard.press('Alt+ArrowRight');
	await expect(cardIn(admin, 'doing', CARD)).toHaveCount(1);
	await cardIn(admin, 'doing', CARD).focus();
	await admin.keyboard.press('Alt+ArrowRight');
	await expect(cardIn(admin, 'review', CARD)).toHaveCount(1);

	// The ward's commander sees the campaign board of the ward and keeps it open on the tablet.
	const ward = await wardCommanderTablet(browser, server.url, adminCookie, COMMANDER, 'kim-ma');
	const tablet = ward.page;
	await tablet.goto(`${server.url}/boards`);
	await expect(tablet.locator(`[data-board-id="${BOARD}"]`)).toHaveCount(1);
	await tablet.goto(`${server.url}/boards/${BOARD}`);
	await live(tablet);
	await expect(cardIn(tablet, 'review', CARD)).toHaveCount(1);
	// The ward cannot sign its own card off: the move to Hoàn thành is refused on the tablet, before anything is sent.
	await cardIn(tablet, 'review', CARD).focus();
	await tablet.keyboard.press('Alt+ArrowRight');
	await expect(tablet.getByTestId('announcement')).toContainText('Chỉ đoàn kiểm tra của bảng hoặc chỉ huy cấp quận');
	await expect(cardIn(tablet, 'review', CARD)).toHaveCount(1);
	await expect(cardIn(admin, 'review', CARD)).toHaveCount(1);
	await live(tablet);
	// The ward has no Kiểm tra action of its own.
	await cardIn(tablet, 'review', CARD).getByTestId('card-title').click();
	await expect(tablet.getByTestId('card-inspections')).toContainText('Chưa có lượt kiểm tra');
	await expect(tablet.getByTestId('inspect-form')).toHaveCount(0);
	await tablet.getByTestId('close-editor').click();

	// The admin makes the inspector, assigned to this board; the inspector signs in on a phone.
	const phone = await signedInPerson(browser, server.url, adminCookie, INSPECTOR, 'inspector', PHONE, [BOARD]);
	const p = phone.page;
	await p.goto(`${server.url}/boards`);
	await expect(p.locator('[data-board-id]')).toHaveCount(1);
	await p.goto(`${server.url}/boards/${BOARD}`);
	await live(p);
	await expect(p.getByTestId('inspects-only')).toBeVisible();
	// Nothing else of the district is the inspector's: not the district's board.
	expect((await p.request.get(`${server.url}/api/boards/district`)).status()).toBe(404);

	// Kiểm tra: chưa đạt, with the findings.
	await cardIn(p, 'review', CARD).getByTestId('card-title').click();
	const form = p.getByTestId('inspect-form');
	await expect(form).toBeVisible();
	await form.getByRole('radio', { name: 'Chưa đạt', exact: true }).check();
	await expect(form.getByTestId('submit-inspection')).toBeDisabled(); // findings are required
	await form.locator('textarea[name=findings]').fill(FINDINGS);
	await form.getByTestId('submit-inspection').click();
	await expect(p.getByRole('status').filter({ hasText: 'Đã ghi kết luận kiểm tra' })).toBeVisible();
	await expect(p.locator('[data-testid="card-inspections"] [data-conclusion="fail"]')).toContainText(FINDINGS);
	await p.getByTestId('close-editor').click();
	await expect(cardIn(p, 'doing', CARD)).toHaveCount(1);

	// On the tablet, live: back in Đang làm, the findings as a comment by the inspector.
	await expect(cardIn(tablet, 'doing', CARD)).toHaveCount(1);
	await expect(cardIn(tablet, 'review', CARD)).toHaveCount(0);
	await cardIn(tablet, 'doing', CARD).getByTestId('card-title').click();
	const dialog = tablet.getByTestId('card-editor-dialog');
	await expect(dialog.locator('.comments li', { hasText: `Kiểm tra: chưa đạt — ${FINDINGS}` })).toContainText(INSPECTOR.name);
	await tablet.getByTestId('close-editor').click();
	// …and, on the next load, in its inspection history: who, when, the conclusion, the findings.
	await tablet.reload();
	await live(tablet);
	await cardIn(tablet, 'doing', CARD).getByTestId('card-title').click();
	const history = tablet.locator('[data-testid="card-inspections"] [data-conclusion="fail"]');
	await expect(history).toContainText('Chưa đạt');
	await expect(history).toContainText(INSPECTOR.name);
	await expect(history).toContainText(FINDINGS);

	// The ward cannot sign its own card off: an inspection by its commander is refused.
	const cardId = (await cardIn(tablet, 'doing', CARD).getAttribute('data-card-id'))!;
	const own = await tablet.request.post(`${server.url}/api/boards/${BOARD}/inspections`, {
		data: { card: cardId, conclusion: 'pass' },
		headers: { origin: server.url }
	});
	expect(own.status()).toBe(403);
	// Nor round the gate through Đang làm: from there, Hoàn thành is refused on the tablet before anything is sent.
	await tablet.getByTestId('close-editor').click();
	await cardIn(tablet, 'doing', CARD).locator('summary').click();
	await cardIn(tablet, 'doing', CARD).getByRole('combobox', { name: 'Chuyển đến cột' }).selectOption('done');
	await expect(tablet.getByTestId('announcement')).toContainText('bảng của đợt kiểm tra: mọi việc vào cột hoàn thành');
	await expect(cardIn(tablet, 'doing', CARD)).toHaveCount(1);
	await expect(cardIn(admin, 'doing', CARD)).toHaveCount(1);
	await live(tablet);

	await laptop.close();
	await ward.context.close();
	await phone.context.close();
});
