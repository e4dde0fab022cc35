/**
 * The F1 flow and testing progress end to end (issue 13 §3–4): a ward commander's case report
 * traces F1 and gives doses; the wall's ward tile and the district's totals show the F1 still
 * waiting to be moved; an admission of F1 from that ward, entered on the ward's quarantine tablet
 * page, takes them off the wall live; the Xét nghiệm – Tiêm chủng view shows the coverage that
 * GET /api/progress computes; a ward commander's /api/progress is their ward only.
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

// Liễu Giai: 20.000 people in the district file, and its own facility (Cung thể thao Quần Ngựa, operating).
const WARD = 'lieu-giai';
const FACILITY = 'quan-ngua';
const COMMANDER: Person = { username: 'chi-huy.lieugiai', name: 'Trần Thị Hoa', password: 'Liễu-Giai-mật-khẩu-2026' };
const TRACED = 20;
const MOVED = 8;
// Not on a rounding edge: 9.876 ÷ (20.000 × 2 doses) = 24,69% for the ward.
const DOSES = 9876;

async function call(cookie: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
	const res = await fetch(`${server.url}${path}`, {
		method,
		headers: { cookie, origin: server.url, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	const text = await res.text();
	return { status: res.status, json: text ? JSON.parse(text) : null };
}

interface ProgressRow {
	samplesToday: number | null;
	dosesToday: number | null;
	dosesTotal: number;
	population: number | null;
	coverage: number | null;
}
type Progress = { wards: Array<ProgressRow & { code: string }>; district: ProgressRow };

/** A share as the wall shows it, written out here rather than imported: one decimal at most, Vietnamese comma. */
const share = (x: number) => `${new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 }).format(x * 100)}%`;

const tileWaiting = (wall: Page) => wall.locator(`[data-testid="ward-tile"][data-ward="${WARD}"] [data-field="f1Waiting"]`);
const districtWaiting = (wall: Page) => wall.locator('[data-testid="district-totals"] [data-field="f1Waiting"]');

test('F1 traced wait on the wall until an admission moves them; coverage on the wall agrees with /api/progress', async ({ browser }) => {
	test.setTimeout(120_000);
	const wallCtx = await withCookie(browser, server.url, adminCookie, { viewport: { width: 1920, height: 1080 } });
	const wall = await wallCtx.newPage();
	await wall.goto(`${server.url}/wall?pin=overview`);
	await expect(wall.getByTestId('connection')).toHaveAttribute('data-status', 'live');
	// A mark on the window: still there at the end means the wall never reloaded.
	await wall.evaluate(() => ((window as unknown as { __noReload: number }).__noReload = 1));
	await expect(tileWaiting(wall)).toHaveText('0');
	await expect(districtWaiting(wall)).toHaveText('0');

	const { context: tabletCtx, page: tablet, cookie } = await wardCommanderTablet(browser, server.url, adminCookie, COMMANDER, WARD);

	// The commander's case report: F1 traced today and doses given today.
	const report = await call(cookie, 'POST', `/api/wards/${WARD}/case-reports`, {
		f0NewCommunity: 1,
		f0NewQuarantine: 2,
		f0Active: 12,
		f1Traced: TRACED,
		f1Quarantined: 40,
		f2: 90,
		samplesTested: 600,
		positives: 3,
		vaccineDoses: DOSES,
		zone: 'orange'
	});
	expect(report.status).toBe(201);
	expect(report.json).toMatchObject({ wardCode: WARD, f1Traced: TRACED, reportedBy: expect.stringContaining(COMMANDER.name) });

	// The wall follows live: F1 waiting on the ward's tile and in the district's totals.
	await expect(tileWaiting(wall)).toHaveText(String(TRACED), { timeout: 20_000 });
	await expect(districtWaiting(wall)).toHaveText(String(TRACED), { timeout: 20_000 });

	// The ward's quarantine tablet page: an admission of F1 from Liễu Giai into its own facility.
	await tablet.goto(`${server.url}/ward/${WARD}/quarantine`, { waitUntil: 'networkidle' });
	await expect(tablet.getByTestId('outbox-state')).toContainText('Đã gửi hết');
	const card = tablet.locator(`article[data-facility="${FACILITY}"]`);
	const occupied = Number((await card.locator('[data-field="occupied"]').innerText()).replace(/\./g, ''));
	const move = card.locator('form[action="?/move"]');
	await move.locator('input[name="kind"][value="admission"]').check();
	await move.locator('input[name="amount"]').fill(String(MOVED));
	// The fields as the commander reads them: "Người được chuyển" F1, "Từ phường" Liễu Giai.
	await move.getByLabel('Người được chuyển').selectOption({ label: 'F1 (tiếp xúc gần)' });
	await move.getByLabel('Từ phường').selectOption({ label: 'Liễu Giai' });
	await expect(move.locator('select[name="personKind"]')).toHaveValue('f1');
	await expect(move.locator('select[name="originWard"]')).toHaveValue(WARD);
	await move.getByRole('button', { name: 'Ghi nhận' }).tap();
	await expect(tablet.locator('[data-testid="outbox"] li[data-status="sent"]')).toHaveCount(1, { timeout: 20_000 });
	await expect(card.locator('[data-field="occupied"]')).toHaveText(String(occupied + MOVED), { timeout: 20_000 });

	// F1 waiting drops by the people moved, on the tile and in the totals, with no reload.
	await expect(tileWaiting(wall)).toHaveText(String(TRACED - MOVED), { timeout: 20_000 });
	await expect(districtWaiting(wall)).toHaveText(String(TRACED - MOVED), { timeout: 20_000 });
	expect(await wall.evaluate(() => (window as unknown as { __noReload?: number }).__noReload)).toBe(1);
	// Saved once, by the commander (who moved and from where show in F1 waiting above).
	const history = (await call(adminCookie, 'GET', `/api/quarantine/${FACILITY}/movements?limit=5`)).json as Array<Record<string, unknown>>;
	expect(history.filter((h) => h.kind === 'admission')).toMatchObject([
		{ amount: MOVED, occupiedAfter: occupied + MOVED, actorName: expect.stringContaining(COMMANDER.name) }
	]);

	// Xét nghiệm – Tiêm chủng: the ward's bar and the district's coverage, as /api/progress has them.
	await wall.goto(`${server.url}/wall?pin=progress`);
	await expect(wall.getByTestId('connection')).toHaveAttribute('data-status', 'live');
	const progress = (await call(adminCookie, 'GET', '/api/progress')).json as Progress;
	const mine = progress.wards.find((w) => w.code === WARD)!;
	expect(mine).toMatchObject({ dosesToday: DOSES, dosesTotal: DOSES, population: 20_000, samplesToday: 600 });
	expect(mine.coverage).toBeCloseTo(DOSES / (20_000 * 2), 10);
	expect(progress.district.dosesTotal).toBe(DOSES);
	const wardShare = share(mine.coverage!);
	const districtShare = share(progress.district.coverage!);
	expect(wardShare).toBe('24,7%');
	expect(districtShare).toMatch(/^\d+,\d%$/);
	const bar = wall.locator(`[data-testid="view-progress"] [data-ward="${WARD}"]`);
	await expect(bar.locator('.cov')).toHaveText(wardShare, { timeout: 20_000 });
	await expect(bar.locator('[role="img"]')).toHaveAttribute('aria-label', `Liễu Giai ${wardShare}`);
	await expect(wall.getByTestId('district-coverage')).toHaveText(districtShare);
	// A ward that gave no dose shows none.
	await expect(wall.locator('[data-testid="view-progress"] [data-ward="kim-ma"] .cov')).toHaveText('0%');

	// The commander's /api/progress is their ward alone, and the district's sum is that ward's.
	const theirs = await call(cookie, 'GET', '/api/progress');
	expect(theirs.status).toBe(200);
	const p = theirs.json as Progress;
	expect(p.wards.map((w) => w.code)).toEqual([WARD]);
	expect(p.district).toMatchObject({ dosesTotal: DOSES, dosesToday: DOSES, population: 20_000 });
	expect(p.district.coverage).toBeCloseTo(mine.coverage!, 10);

	await tabletCtx.close();
	await wallCtx.close();
});
