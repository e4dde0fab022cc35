/**
 * The wall and the tablet form in a real browser, against the real production server
 * (`node --import tsx server/index.ts`, spawned per file on a free port with its own data dir).
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { signInCookie, spawnServer, type SpawnedServer } from '../fixtures/spawn-server.ts';

const TABLET = { width: 1280, height: 800 };

/** A complete, valid report body with the form's field names (figures are made up). */
function reportBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		f0NewCommunity: 2,
		f0NewQuarantine: 5,
		f0Active: 41,
		f1Traced: 30,
		f1Quarantined: 180,
		f2: 350,
		samplesTested: 900,
		positives: 7,
		vaccineDoses: 800,
		zone: 'orange',
		note: null,
		...overrides
	};
}

/** The admin's session cookie per server (every spawned server starts with ADMIN_PASSWORD). */
const cookies = new Map<string, string>();
async function cookieFor(server: SpawnedServer): Promise<string> {
	let c = cookies.get(server.url);
	if (!c) cookies.set(server.url, (c = await signInCookie(server.url)));
	return c;
}

/** A browser context signed in as the admin of `server`. */
async function signedIn(browser: Browser, server: SpawnedServer, options: Parameters<Browser['newContext']>[0] = {}) {
	const context = await browser.newContext(options);
	const [name, value] = (await cookieFor(server)).split('=') as [string, string];
	await context.addCookies([{ name, value, url: server.url }]);
	return context;
}

async function postReport(server: SpawnedServer, ward: string, body: Record<string, unknown>): Promise<void> {
	const res = await fetch(`${server.url}/api/wards/${ward}/case-reports`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie: await cookieFor(server) },
		body: JSON.stringify(body)
	});
	if (res.status !== 201) throw new Error(`POST ${ward}: ${res.status} ${await res.text()}`);
}

/** Opens a blockade through the API, as a ward's tablet would (issue 13 §1). */
async function openBlockade(server: SpawnedServer, body: Record<string, unknown>): Promise<number> {
	const res = await fetch(`${server.url}/api/blockades`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie: await cookieFor(server) },
		body: JSON.stringify(body)
	});
	if (res.status !== 201) throw new Error(`POST /api/blockades: ${res.status} ${await res.text()}`);
	return ((await res.json()) as { id: number }).id;
}

async function history(server: SpawnedServer, ward: string): Promise<Array<Record<string, unknown>>> {
	const res = await fetch(`${server.url}/api/wards/${ward}/case-reports`, { headers: { cookie: await cookieFor(server) } });
	expect(res.status).toBe(200);
	return (await res.json()) as Array<Record<string, unknown>>;
}

/** Opens the wall and waits until its live connection is up; marks the window to detect reloads. */
async function openWall(browser: Browser, server: SpawnedServer, viewport = { width: 1920, height: 1080 }): Promise<Page> {
	const context = await signedIn(browser, server, { viewport });
	const page = await context.newPage();
	// Pinned: the playlist would otherwise rotate to another view in the middle of a test.
	await page.goto(`${server.url}/wall?pin=overview`);
	await expect(page.getByTestId('connection')).toHaveAttribute('data-status', 'live');
	await page.evaluate(() => ((window as unknown as { __noReload: number }).__noReload = 1));
	return page;
}

async function stillSamePage(page: Page): Promise<void> {
	expect(await page.evaluate(() => (window as unknown as { __noReload?: number }).__noReload)).toBe(1);
}

const tile = (page: Page, ward: string) => page.locator(`[data-testid="ward-tile"][data-ward="${ward}"]`);
const totals = (page: Page) => page.getByTestId('district-totals');
const count = (n: number) => new Intl.NumberFormat('vi-VN').format(n);
const readCount = async (page: Page, field: string) => Number((await totals(page).locator(`[data-field="${field}"]`).innerText()).replace(/\D/g, ''));

/** Page-level scrolling, content clipped inside the wall or a tile (both hide their overflow), cut ward names. */
async function overflow(page: Page) {
	return page.evaluate(() => {
		const d = document.documentElement;
		// The wall hides its own overflow, so the page can never scroll: also check what it hides.
		const clipped = [...document.querySelectorAll<HTMLElement>('main, [data-testid="ward-tile"]')]
			.filter((t) => t.scrollHeight > t.clientHeight + 1 || t.scrollWidth > t.clientWidth + 1)
			.map((t) => t.dataset.ward ?? t.tagName.toLowerCase());
		const truncatedNames = [...document.querySelectorAll<HTMLElement>('[data-testid="ward-tile"] h2')]
			.filter((h) => h.scrollWidth > h.clientWidth)
			.map((h) => h.textContent);
		return {
			scrollHeight: d.scrollHeight,
			scrollWidth: d.scrollWidth,
			innerHeight: window.innerHeight,
			innerWidth: window.innerWidth,
			clipped,
			truncatedNames
		};
	});
}

let server: SpawnedServer;

test.beforeAll(async () => {
	server = await spawnServer();
});

test.afterAll(async () => {
	await server?.stop();
	await server?.cleanup();
});

test('a report submitted on the tablet appears on the wall without a reload', async ({ browser }) => {
	const wall = await openWall(browser, server);
	const kimMa = tile(wall, 'kim-ma');
	await expect(kimMa.locator('[data-field="newF0Today"]')).toHaveText('—');
	const before = {
		newF0Today: await readCount(wall, 'newF0Today'),
		f0Active: await readCount(wall, 'f0Active'),
		f1Quarantined: await readCount(wall, 'f1Quarantined')
	};

	const tablet = await (await signedIn(browser, server, { viewport: TABLET, hasTouch: true })).newPage();
	await tablet.goto(`${server.url}/ward/kim-ma`);
	const figures = {
		f0NewCommunity: '3',
		f0NewQuarantine: '4',
		f0Active: '57',
		f1Traced: '38',
		f1Quarantined: '210',
		f2: '465',
		samplesTested: '1500',
		positives: '9',
		vaccineDoses: '1.200' // Vietnamese digit grouping: 1200
	};
	for (const [name, value] of Object.entries(figures)) await tablet.locator(`input[name="${name}"]`).fill(value);
	await tablet.locator('input[name="zone"][value="red"]').check();
	await tablet.locator('textarea[name="note"]').fill('Ổ dịch mới tại tổ dân phố 12 (dữ liệu thử nghiệm)');
	// The signed-in person is the reporter.
	const reporter = 'Quản trị hệ thống';
	await tablet.getByRole('button', { name: 'Gửi báo cáo' }).click();

	// The entry goes through the device's outbox and is sent at once when online.
	await expect(tablet.locator('[data-testid="outbox"] li[data-status="sent"]')).toHaveCount(1);
	const savedAt = Date.now();

	// The wall: within about 2 s of the saved banner, without a reload.
	await expect(kimMa.locator('[data-field="newF0Today"]')).toHaveText('7', { timeout: 2_000 });
	const latency = `wall updated ${Date.now() - savedAt} ms after the saved banner`;
	test.info().annotations.push({ type: 'latency', description: latency });
	console.log(latency);
	await expect(kimMa.locator('[data-field="f0Active"]')).toHaveText('57');
	// The tile shows the F1 still waiting to be moved (38 traced, none admitted yet); the district's totals the F1 in quarantine.
	await expect(kimMa.locator('[data-field="f1Waiting"]')).toHaveText('38');
	await expect(kimMa.locator('[data-field="newF0CommunityToday"]')).toContainText('3');
	await expect(kimMa).toHaveAttribute('data-zone', 'red');
	await expect(kimMa.locator('header')).toContainText('Đỏ');
	await expect(kimMa.locator('[data-field="age"]')).toContainText('Báo cáo lúc');
	await expect(totals(wall).locator('[data-field="newF0Today"]')).toHaveText(count(before.newF0Today + 7));
	await expect(totals(wall).locator('[data-field="f0Active"]')).toHaveText(count(before.f0Active + 57));
	await expect(totals(wall).locator('[data-field="f1Quarantined"]')).toHaveText(count(before.f1Quarantined + 210));
	await expect(totals(wall).locator('.zone[data-zone="red"] .zn')).toHaveText('1');
	await stillSamePage(wall);

	// What was stored is what was typed, diacritics included.
	const [saved] = await history(server, 'kim-ma');
	expect(saved).toMatchObject({ f0Active: 57, vaccineDoses: 1200, zone: 'red', reportedBy: reporter });

	await tablet.context().close();
	await wall.context().close();
});

test('a refused report shows per-field errors and saves nothing', async ({ browser }) => {
	const ward = 'truc-bach';
	const wall = await openWall(browser, server);
	const wallTile = tile(wall, ward);
	const tileBefore = await wallTile.innerText();
	const historyBefore = await history(server, ward);

	const tablet = await (await signedIn(browser, server, { viewport: TABLET, hasTouch: true })).newPage();
	await tablet.goto(`${server.url}/ward/${ward}`);
	const typed = {
		f0NewCommunity: '2',
		f0NewQuarantine: '1',
		f0Active: '-3', // negative
		f1Traced: '2,5', // fractional, with the Vietnamese decimal comma
		f1Quarantined: '40',
		f2: '90',
		samplesTested: '100',
		positives: '150', // more positives than samples
		vaccineDoses: '300'
	};
	for (const [name, value] of Object.entries(typed)) await tablet.locator(`input[name="${name}"]`).fill(value);
	await tablet.locator('input[name="zone"][value="orange"]').check();
	await tablet.getByRole('button', { name: 'Gửi báo cáo' }).click();

	await expect(tablet.getByTestId('refused')).toBeVisible();
	await expect(tablet.getByTestId('refused')).toContainText('Chưa lưu');
	await expect(tablet.getByTestId('queued')).toHaveCount(0);
	await expect(tablet.locator('[data-error-for="f0Active"]')).toHaveText('Không được là số âm');
	await expect(tablet.locator('[data-error-for="f1Traced"]')).toHaveText('Phải là số nguyên');
	await expect(tablet.locator('[data-error-for="positives"]')).toHaveText('Số mẫu dương tính không được lớn hơn số mẫu xét nghiệm');
	await expect(tablet.locator('[data-error-for]')).toHaveCount(3);
	await expect(tablet.locator('input[name="f0Active"]')).toHaveAttribute('aria-invalid', 'true');

	// Nothing typed is lost.
	for (const [name, value] of Object.entries(typed)) await expect(tablet.locator(`input[name="${name}"]`)).toHaveValue(value);
	await expect(tablet.locator('input[name="zone"][value="orange"]')).toBeChecked();

	// Nothing saved: no new report, and the wall tile did not change.
	expect(await history(server, ward)).toEqual(historyBefore);
	await expect(wallTile.locator('[data-field="newF0Today"]')).toHaveText('—');
	expect(await wallTile.innerText()).toBe(tileBefore);
	await stillSamePage(wall);

	await tablet.context().close();
	await wall.context().close();
});

test('the playlist rotates views by itself, with the current one marked', async ({ browser }) => {
	const page = await (await signedIn(browser, server)).newPage();
	await page.goto(`${server.url}/wall?views=overview:5,quarantine:5`);
	await expect(page.getByTestId('view-overview')).toBeVisible();
	await expect(page.locator('.playlist li.current')).toHaveText('Toàn quận');
	await expect(page.getByTestId('view-quarantine')).toBeVisible({ timeout: 8_000 });
	await expect(page.locator('.playlist li.current')).toHaveText('Cách ly tập trung');
	await expect(page.getByTestId('view-overview')).toBeVisible({ timeout: 8_000 });
	await page.context().close();
});

test('the wall recovers by itself after a server restart', async ({ browser }) => {
	// Its own server: stopping the shared one would disturb the other tests.
	let own = await spawnServer();
	const { port, dataDir } = own;
	try {
		await postReport(own, 'ngoc-ha', reportBody({ f0Active: 12, zone: 'green' }));
		const wall = await openWall(browser, own);
		const conn = wall.getByTestId('connection');
		await expect(tile(wall, 'ngoc-ha').locator('[data-field="f0Active"]')).toHaveText('12');

		expect(await own.stop()).toBe(0);
		await expect(conn).toHaveAttribute('data-status', 'reconnecting');
		await expect(conn).toContainText('Mất kết nối');
		// Figures stay on screen but are greyed, never presented as current.
		await expect(tile(wall, 'ngoc-ha')).toHaveClass(/offline/);

		own = await spawnServer({ dataDir, port });
		await expect(conn).toHaveAttribute('data-status', 'live', { timeout: 20_000 });
		await expect(tile(wall, 'ngoc-ha')).not.toHaveClass(/offline/);
		await expect(tile(wall, 'ngoc-ha').locator('[data-field="f0Active"]')).toHaveText('12');

		await postReport(own, 'ngoc-ha', reportBody({ f0NewCommunity: 6, f0NewQuarantine: 0, f0Active: 18, zone: 'orange' }));
		await expect(tile(wall, 'ngoc-ha').locator('[data-field="newF0Today"]')).toHaveText('6');
		await expect(tile(wall, 'ngoc-ha').locator('[data-field="f0Active"]')).toHaveText('18');
		await expect(tile(wall, 'ngoc-ha')).toHaveAttribute('data-zone', 'orange');
		await stillSamePage(wall);
		await wall.context().close();
	} finally {
		await own.stop();
		await rmDir(dataDir);
	}
});

test('a 17-ward district with the four-level zone scheme needs no code change', async ({ browser }) => {
	const haDong = await spawnServer({ env: { DISTRICT_FILE: 'server/district/ha-dong.json' } });
	try {
		await postReport(haDong, 'yet-kieu', reportBody({ zone: 'yellow' }));
		// The longest names with the widest badge: the tightest tiles of six columns.
		await postReport(haDong, 'quang-trung', reportBody({ zone: 'green' }));
		await postReport(haDong, 'nguyen-trai', reportBody({ zone: 'green' }));
		const wall = await openWall(browser, haDong);
		await expect(wall.locator('h1')).toHaveText('Quận Hà Đông');
		await expect(wall.getByTestId('ward-tile')).toHaveCount(17);
		await expect(tile(wall, 'yet-kieu')).toHaveAttribute('data-zone', 'yellow');
		await expect(tile(wall, 'yet-kieu').locator('header')).toContainText('Vàng');
		await expect(totals(wall).locator('.zone')).toHaveCount(4);
		const o = await overflow(wall);
		expect(o.scrollHeight).toBeLessThanOrEqual(o.innerHeight);
		expect(o.scrollWidth).toBeLessThanOrEqual(o.innerWidth);
		expect(o.clipped).toEqual([]);
		expect(o.truncatedNames).toEqual([]);

		const tablet = await (await signedIn(browser, haDong, { viewport: TABLET })).newPage();
		await tablet.goto(`${haDong.url}/ward/nguyen-trai`);
		await expect(tablet.locator('input[name="zone"]')).toHaveCount(4);
		for (const level of ['green', 'yellow', 'orange', 'red']) {
			await expect(tablet.locator(`input[name="zone"][value="${level}"]`)).toHaveCount(1);
		}
		await tablet.context().close();
		await wall.context().close();
	} finally {
		await haDong.stop();
		await haDong.cleanup();
	}
});

for (const viewport of [
	{ width: 1920, height: 1080 },
	{ width: 3840, height: 2160 }
]) {
	for (const view of ['quarantine', 'stock', 'checkpoints', 'blockades', 'progress', 'welfare', 'trends', 'tasks', 'duty'] as const) {
		test(`the ${view} view renders and does not scroll at ${viewport.width}×${viewport.height}`, async ({ browser }) => {
			if (view === 'blockades') {
				// More than the view has room for, with the longest names: the worst case for the layout.
				const wards = ['nguyen-trung-truc', 'kim-ma', 'ngoc-ha', 'phuc-xa', 'lieu-giai'];
				for (let i = 0; i < 10; i++) {
					await openBlockade(server, {
						wardCode: wards[i % wards.length],
						name: `Khu dân cư số ${i + 1} ngõ 158 phố Nguyễn Trung Trực kéo dài đến chợ`,
						zone: i % 2 ? 'red' : 'orange',
						startedAt: new Date(Date.now() - (i + 1) * 86_400_000).toISOString(),
						people: 12_345,
						households: 3_210
					});
				}
			}
			if (view === 'welfare') {
				// Every ward with large figures, and aid from the district warehouse to no named ward: the fullest view.
				const post = async (path: string, body: unknown) => {
					const res = await fetch(`${server.url}${path}`, {
						method: 'POST',
						headers: { 'content-type': 'application/json', cookie: await cookieFor(server) },
						body: JSON.stringify(body)
					});
					if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
				};
				const wards = (await (await fetch(`${server.url}/api/wards`, { headers: { cookie: await cookieFor(server) } })).json()) as Array<{ code: string }>;
				for (const w of wards)
					await post(`/api/wards/${w.code}/welfare-reports`, {
						householdsSupported: 12_345,
						peopleSupported: 123_456,
						aidPackages: 23_456,
						cashPending: 3_456,
						cashPaid: 2_345,
						shelterTakenIn: 345
					});
				// Aid counts its packages (not the kilograms): 100 packages of rice to no named ward.
				await post('/api/warehouses/kho-quan/issues', {
					item: 'gao',
					quantity: 1_000,
					destinationKind: 'households',
					destination: 'Hộ lao động tự do',
					packages: 100
				});
				await post('/api/warehouses/kho-quan/issues', {
					item: 'mi-tom',
					quantity: 100,
					destinationKind: 'households',
					destination: 'Hộ khó khăn',
					destinationWard: 'kim-ma',
					packages: 100
				});
			}
			const page = await (await signedIn(browser, server, { viewport })).newPage();
			const errors: string[] = [];
			page.on('pageerror', (e) => errors.push(String(e)));
			await page.goto(`${server.url}/wall?pin=${view}`);
			await expect(page.getByTestId('connection')).toHaveAttribute('data-status', 'live');
			await expect(page.getByTestId(`view-${view}`)).toBeVisible();
			if (view === 'quarantine') {
				await expect(page.locator('[data-facility]')).toHaveCount(4);
				// Occupancy per facility as a chart.js chart, inside the same no-scroll frame.
				await expect(page.locator('[data-testid="occupancy-chart"] canvas')).toHaveCount(1);
			}
			// The district's new F0, samples and doses per day, then one small chart per ward.
			if (view === 'trends') await expect(page.locator('[data-testid="view-trends"] canvas')).toHaveCount(17);
			if (view === 'progress') {
				await expect(page.locator('[data-testid="view-progress"] [data-ward]')).toHaveCount(14);
				await expect(page.getByTestId('district-coverage')).toHaveText(/%$/);
			}
			if (view === 'stock') await expect(page.locator('[data-testid="view-stock"] [data-item]')).toHaveCount(8);
			// 14 wards and the district warehouse's aid to no named ward.
			if (view === 'welfare') await expect(page.locator('[data-testid="view-welfare"] [data-ward]')).toHaveCount(15);
			// Every ward, the district's own tasks and the whole district: 16 rows of the roll-up.
			if (view === 'tasks') await expect(page.locator('[data-testid="view-tasks"] tr[data-ward]')).toHaveCount(16);
			// The district's post and every ward, each with its leader (the demo roster) and hotline, whole.
			if (view === 'duty') {
				await expect(page.locator('[data-testid="view-duty"] tr[data-unit]')).toHaveCount(15);
				await expect(page.locator('[data-testid="view-duty"] tr[data-unit="district"] [data-field="leader"]')).toHaveText(/\d/);
			}
			if (view === 'blockades') {
				await expect(page.locator('[data-testid="view-blockades"] [data-blockade]')).toHaveCount(8);
				await expect(page.locator('[data-testid="view-blockades"] .more')).toBeVisible();
			}
			await expect(page.getByTestId('alerts')).toBeVisible();
			const o = await overflow(page);
			expect(o.scrollHeight).toBeLessThanOrEqual(o.innerHeight);
			expect(o.scrollWidth).toBeLessThanOrEqual(o.innerWidth);
			expect(o.clipped).toEqual([]);
			expect(errors).toEqual([]);
			await page.context().close();
		});
	}
	test(`the 14-ward wall does not scroll at ${viewport.width}×${viewport.height}`, async ({ browser }) => {
		// The longest name with the widest badge ("Xanh") and long figures: the worst case for the layout.
		await postReport(
			server,
			'nguyen-trung-truc',
			reportBody({ f0NewCommunity: 120, f0NewQuarantine: 34, f0Active: 12_345, f1Quarantined: 23_456, zone: 'green' })
		);
		await postReport(server, 'dien-bien', reportBody({ zone: 'green' }));
		const wall = await openWall(browser, server, viewport);
		await expect(wall.getByTestId('ward-tile')).toHaveCount(14);
		await expect(tile(wall, 'nguyen-trung-truc').locator('[data-field="f0Active"]')).toHaveText('12.345');
		const o = await overflow(wall);
		expect(o.innerWidth).toBe(viewport.width);
		expect(o.scrollHeight).toBeLessThanOrEqual(o.innerHeight);
		expect(o.scrollWidth).toBeLessThanOrEqual(o.innerWidth);
		expect(o.clipped).toEqual([]);
		expect(o.truncatedNames).toEqual([]);
		await wall.context().close();
	});
}

async function rmDir(dir: string): Promise<void> {
	const { rm } = await import('node:fs/promises');
	await rm(dir, { recursive: true, force: true });
}
