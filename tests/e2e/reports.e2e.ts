/**
 * Situation reports as the command post uses them, in a real browser against the production
 * server: a district commander makes a report now; its printable page has every ward of the
 * district and no page errors, and Chromium's print-to-PDF makes an A4 PDF of it; a correction
 * with a bad value is refused by name and saves nothing; a valid one makes "Bản sửa lần 1" that
 * names the original; "sent" shows who and when; the CSV keeps the Vietnamese text (UTF-8 BOM).
 * And the history page over scheduled reports made on a schedule seconds apart, with every ward's
 * strip of zones.
 * Writes docs/screenshots/report.png (the printable report's first page).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { DEMO_MORNING, postDemoReport, type DemoReport } from '../fixtures/demo-reports.ts';
import { ROOT, signInCookie, spawnServer, type SpawnedServer } from '../fixtures/spawn-server.ts';
import { formatTime } from '../../src/lib/domain/time.ts';

let server: SpawnedServer;

/** A local (Asia/Ho_Chi_Minh) time of day `seconds` from now, HH:mm:ss: a schedule seconds apart. */
const slotIn = (seconds: number) => formatTime(new Date(Date.now() + seconds * 1000), true);

test.beforeAll(async () => {
	// The one slot is 12 hours away: no scheduled report joins the list while this test runs.
	server = await spawnServer({ env: { REPORT_SLOTS: slotIn(12 * 3600) } });
});
test.afterAll(async () => {
	await server?.stop();
	await server?.cleanup();
});

const COMMANDER = { username: 'chi-huy.quan', name: 'Phạm Minh Đức', password: 'Chỉ-huy-quận-mật-khẩu-2026' };
const BA_DINH_WARDS = 14;

/** Later the same day: some figures up, some down. */
const LATER: DemoReport[] = [
	['truc-bach', 3, 4, 21, 126, 'orange'],
	['nguyen-trung-truc', 5, 7, 30, 220, 'red'],
	['kim-ma', 8, 11, 60, 410, 'red'],
	['giang-vo', 0, 2, 7, 60, 'green']
];

/** The admin creates the district commander; the commander signs in the first time and sets a password. */
async function commanderPage(admin: Page, page: Page): Promise<void> {
	await admin.goto(`${server.url}/admin/users`);
	const form = admin.locator('form[action="?/create"]');
	await form.locator('input[name=username]').fill(COMMANDER.username);
	await form.locator('input[name=displayName]').fill(COMMANDER.name);
	await form.locator('select[name=role]').selectOption('district_commander');
	await form.locator('button[type=submit]').click();
	const otp = (await admin.getByTestId('one-time-password').locator('code').innerText()).trim();
	await page.goto(`${server.url}/login`);
	await page.locator('input[name=username]').fill(COMMANDER.username);
	await page.locator('input[name=password]').fill(otp);
	await page.locator('main button[type=submit]').click();
	await page.locator('input[name=current]').fill(otp);
	await page.locator('input[name=next]').fill(COMMANDER.password);
	await page.locator('input[name=confirm]').fill(COMMANDER.password);
	await page.locator('main button[type=submit]').click();
	await expect(page).toHaveURL(/\/\?password=changed/);
}

test('a district commander makes a report, prints it, corrects it, marks it sent and exports it', async ({ browser }) => {
	const cookie = await signInCookie(server.url);
	// A morning's figures and a first report (made through the API), then later figures: the
	// commander's report is compared with the first one.
	for (const r of DEMO_MORNING) await postDemoReport(server.url, cookie, r);
	const first = await fetch(`${server.url}/api/reports`, { method: 'POST', headers: { cookie } });
	expect(first.status, await first.text()).toBe(201);
	for (const r of LATER) await postDemoReport(server.url, cookie, r);

	const adminCtx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	const [name, value] = cookie.split('=') as [string, string];
	await adminCtx.addCookies([{ name, value, url: server.url }]);
	const admin = await adminCtx.newPage();
	const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
	await commanderPage(admin, page);

	const pageErrors: string[] = [];
	page.on('pageerror', (err) => pageErrors.push(err.message));
	page.on('console', (msg) => {
		// The refused corrections answer 400 on purpose; Chromium logs any such answer.
		if (msg.type() === 'error' && !msg.text().includes('status of 400')) pageErrors.push(msg.text());
	});

	// The list, from the navigation; "Lập báo cáo ngay" opens the new report's printable page.
	await page.getByRole('link', { name: 'Báo cáo', exact: true }).click();
	await expect(page).toHaveURL(/\/reports$/);
	await page.getByTestId('generate-now').click();
	await expect(page).toHaveURL(/\/reports\/\d+$/);
	const originalId = Number(new URL(page.url()).pathname.split('/').pop());

	const doc = page.getByTestId('report-document');
	await expect(doc).toBeVisible();
	await expect(doc).toContainText('UBND QUẬN BA ĐÌNH');
	await expect(doc).toContainText('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
	await expect(doc).toContainText('Độc lập - Tự do - Hạnh phúc');
	await expect(doc).toContainText('BÁO CÁO NHANH TÌNH HÌNH DỊCH COVID-19');
	await expect(page.getByTestId('report-as-of')).toHaveText(/^Tính đến \d{2}:\d{2} ngày \d{2}\/\d{2}\/\d{4}$/);
	await expect(page.getByTestId('ward-table').locator('tbody tr[data-ward]')).toHaveCount(BA_DINH_WARDS);
	await expect(page.locator('[data-testid="ward-table"] tr[data-ward="kim-ma"] [data-key="ward:kim-ma:f0Active"]')).toHaveAttribute('data-value', '60');
	// Compared with the first report: +3 next to Kim Mã's 60 active F0 (57 before).
	await expect(page.locator('[data-testid="ward-table"] [data-key="ward:kim-ma:f0Active"] [data-change]')).toHaveText('+3');
	await expect(page.locator('[data-testid="ward-table"] [data-key="ward:giang-vo:f0Active"] [data-change]')).toHaveText('\u22122');
	// Three wards never reported: they are listed as not reported since the previous slot.
	await expect(page.getByTestId('not-reported').locator('li')).toHaveCount(BA_DINH_WARDS - DEMO_MORNING.length);
	await expect(page.getByTestId('report-sent')).toHaveText('Chưa gửi');

	// Chromium's print-to-PDF: an A4 document of at least one page.
	await page.emulateMedia({ media: 'print' });
	await expect(page.getByTestId('report-controls')).toBeHidden();
	const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
	expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
	const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
	expect(pages).toBeGreaterThanOrEqual(1);
	test.info().annotations.push({ type: 'pdf', description: `${pages} A4 pages, ${pdf.length} bytes` });
	console.log(`report PDF: ${pages} A4 pages, ${pdf.length} bytes`);
	await page.emulateMedia({ media: 'screen' });

	await mkdir(path.join(ROOT, 'docs/screenshots'), { recursive: true });
	await page.evaluate(() => document.fonts.ready);
	// The first page's worth (the whole document is several A4 pages tall).
	const box = (await doc.boundingBox())!;
	await page.setViewportSize({ width: 1280, height: Math.ceil(box.y + 1500) });
	await page.screenshot({ path: path.join(ROOT, 'docs/screenshots/report.png'), clip: { x: box.x, y: box.y, width: box.width, height: 1500 } });
	await page.setViewportSize({ width: 1280, height: 900 });

	// A correction with a bad value: the field is named, in Vietnamese, and nothing is saved.
	const form = page.getByTestId('correction-form');
	await form.locator('select[name=ward]').selectOption('kim-ma');
	await form.locator('input[name=positives]').fill('5000'); // more than the 1.500 samples tested
	await form.locator('textarea[name=reason]').fill('Phường Kim Mã báo nhầm số dương tính');
	await form.getByRole('button', { name: 'Lập bản sửa' }).click();
	await expect(form.locator('[data-error-for="positives"]')).toHaveText('Số mẫu dương tính không được lớn hơn số mẫu xét nghiệm');
	await expect(form.locator('input[name=positives]')).toHaveValue('5000');
	await expect(page.getByTestId('revision-mark')).toHaveCount(0);
	const listed = async () => ((await (await page.request.get(`${server.url}/reports`)).text()).match(/<tr data-report-id=/g) ?? []).length;
	expect(await listed()).toBe(2);

	// No reason: refused too.
	await form.locator('input[name=positives]').fill('');
	await form.locator('input[name=f0Active]').fill('63');
	await form.locator('textarea[name=reason]').fill('');
	await form.getByRole('button', { name: 'Lập bản sửa' }).click();
	await expect(form.locator('[data-error-for="reason"]')).toHaveText('Bắt buộc nhập');
	expect(await listed()).toBe(2);

	// A valid correction: a new revision that names the original, with the corrected figure marked.
	await form.locator('input[name=f0Active]').fill('63');
	await form.locator('textarea[name=reason]').fill('Phường Kim Mã báo thiếu 3 F0 đang điều trị');
	await form.getByRole('button', { name: 'Lập bản sửa' }).click();
	await expect(page).not.toHaveURL(new RegExp(`/reports/${originalId}$`));
	const mark = page.getByTestId('revision-mark');
	await expect(mark).toContainText('Bản sửa lần 1 — lý do: Phường Kim Mã báo thiếu 3 F0 đang điều trị — người sửa: Phạm Minh Đức');
	await expect(page.getByTestId('original-link')).toHaveAttribute('href', `/reports/${originalId}`);
	const corrected = page.locator('[data-testid="ward-table"] [data-key="ward:kim-ma:f0Active"]');
	await expect(corrected).toHaveAttribute('data-value', '63');
	await expect(corrected).toHaveAttribute('data-corrected', 'true');
	await expect(corrected).toContainText('trước: 60');
	const revisionUrl = page.url();

	// The original is unchanged and points to its newest revision.
	await page.getByTestId('original-link').click();
	await expect(page.locator('[data-testid="ward-table"] [data-key="ward:kim-ma:f0Active"]')).toHaveAttribute('data-value', '60');
	await expect(page.getByTestId('newer-revision')).toContainText('bản sửa lần 1');
	await page.getByTestId('latest-link').click();
	await expect(page).toHaveURL(revisionUrl);

	// Marked as sent: who and when.
	await page.getByTestId('mark-sent').click();
	await expect(page.getByTestId('report-sent')).toHaveText(/^Đã gửi \d{2}:\d{2} bởi Phạm Minh Đức$/);
	await expect(page.getByTestId('mark-sent')).toHaveCount(0);

	// The list shows both, the revision with its badge and its sent status.
	await page.goto(`${server.url}/reports`);
	const rows = page.getByTestId('report-list').locator('tbody tr');
	await expect(rows).toHaveCount(3); // the first report, the commander's, its revision
	await expect(rows.first().getByTestId('revision-badge')).toHaveText('Bản sửa 1');
	await expect(rows.first().getByTestId('sent-status')).toHaveText(/^Đã gửi \d{2}:\d{2} bởi Phạm Minh Đức$/);
	await expect(rows.nth(1)).toHaveAttribute('data-report-id', String(originalId));
	await expect(rows.nth(1).getByTestId('sent-status')).toHaveText('Chưa gửi');

	// The CSV of the revision: UTF-8 with BOM, Vietnamese intact, named by time and revision.
	const revisionId = new URL(revisionUrl).pathname.split('/').pop();
	const csv = await page.request.get(`${server.url}/reports/${revisionId}/export.csv`);
	expect(csv.status()).toBe(200);
	expect(csv.headers()['content-type']).toContain('text/csv');
	expect(csv.headers()['content-disposition']).toMatch(/^attachment; filename="bao-cao-\d{4}-\d{2}-\d{2}-\d{4}-r1\.csv"$/);
	const bytes = await csv.body();
	expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	const text = bytes.toString('utf8');
	expect(text).toContain('Kim Mã');
	expect(text).toContain('cases,kim-ma,Kim Mã,F0 đang điều trị,,63,57,6,ward:kim-ma:f0Active,60');

	// An id of no report is a 404, not a server error.
	expect((await page.request.get(`${server.url}/reports/999999`)).status()).toBe(404);
	expect(pageErrors).toEqual([]);
});

test('history: scheduled reports at a schedule seconds apart, charted with the same numbers in a table', async ({ browser }) => {
	test.setTimeout(150_000);
	// Two slots soon after the start (far enough that a server slow to start on a loaded machine
	// is up before the first); figures change between them.
	const own = await spawnServer({ env: { REPORT_SLOTS: `${slotIn(45)},${slotIn(55)}` } });
	try {
		const cookie = await signInCookie(own.url);
		for (const r of DEMO_MORNING) await postDemoReport(own.url, cookie, r);
		const scheduled = async () => {
			const res = await fetch(`${own.url}/api/reports`, { headers: { cookie } });
			return ((await res.json()) as Array<{ kind: string }>).filter((r) => r.kind === 'scheduled').length;
		};
		await expect.poll(scheduled, { timeout: 60_000 }).toBe(1);
		for (const r of LATER) await postDemoReport(own.url, cookie, r);
		await expect.poll(scheduled, { timeout: 30_000 }).toBe(2);

		const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
		const [name, value] = cookie.split('=') as [string, string];
		await ctx.addCookies([{ name, value, url: own.url }]);
		const page = await ctx.newPage();
		const errors: string[] = [];
		page.on('pageerror', (err) => errors.push(err.message));
		await page.goto(`${own.url}/reports/history?ward=kim-ma`);
		const district = page.getByTestId('history-district');
		const ward = page.getByTestId('history-ward');
		await expect(district.locator('tbody tr')).toHaveCount(2);
		await expect(ward).toContainText('Phường Kim Mã');
		await expect(ward.locator('canvas').first()).toBeVisible();
		// The ward's active F0 column: 57 at the first slot, 60 at the second (the table under the chart).
		const col = await ward.locator('thead th').allInnerTexts();
		const f0 = col.indexOf('F0 đang điều trị');
		expect(f0).toBeGreaterThan(0);
		const cells = ward.locator('tbody tr').locator(`td:nth-child(${f0 + 1})`);
		await expect(cells).toHaveText(['57', '60']);

		// Every ward's zone strip over the same days: no data until its first report, then each zone.
		const strips = page.getByTestId('zone-strips');
		await expect(strips.locator('.strips > li')).toHaveCount(BA_DINH_WARDS);
		await expect(strips.getByTestId('zone-legend')).toContainText('Vùng da cam');
		const segments = (ward: string) => strips.locator(`li[data-ward="${ward}"] .segment`);
		await expect(segments('giang-vo')).toHaveCount(3);
		expect(await segments('giang-vo').evaluateAll((els) => els.map((e) => e.getAttribute('data-zone')))).toEqual(['none', 'orange', 'green']);
		const when = String.raw`\d{2}/\d{2} \d{2}:\d{2}`;
		await expect(segments('giang-vo').nth(1)).toHaveAttribute('title', new RegExp(`^Da cam ${when} – ${when}$`));
		await expect(segments('giang-vo').nth(0)).toContainText('Chưa có số liệu');
		// A ward not reported yet is one segment of no data.
		await expect(segments('dien-bien')).toHaveCount(1);
		await expect(segments('dien-bien')).toHaveAttribute('data-zone', 'none');
		expect(errors).toEqual([]);
	} finally {
		await own.stop();
		await own.cleanup();
	}
});
