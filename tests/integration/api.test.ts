/**
 * The HTTP surface (JSON API, form action, pages) on the real server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_COUNT_FIELDS } from '../../src/lib/domain/cases.ts';
import { DATABASE_KINDS, reportBody } from '../fixtures/db.ts';
import { signedInUser, testServer, writerToken, type TestServerHandle } from '../fixtures/server.ts';

describe.each(DATABASE_KINDS)('HTTP API on %s', (kind) => {
	let server: TestServerHandle;
	let url: string;
	/** An API token (district-wide write) and a signed-in district commander's cookie. */
	let bearer: Record<string, string>;
	let cookie: string;
	let commanderName: string;

	beforeAll(async () => {
		server = await testServer(kind);
		url = (await server.start()).url;
		const services = server.current().core.services;
		bearer = { authorization: `Bearer ${await writerToken(services)}` };
		const commander = await signedInUser(services, 'district_commander');
		cookie = commander.cookie;
		commanderName = commander.principal.kind === 'user' ? commander.principal.name : '';
	});
	afterAll(async () => {
		await server?.dispose();
	});

	const postJson = (ward: string, body: unknown, headers: Record<string, string> = {}) =>
		fetch(`${url}/api/wards/${ward}/case-reports`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...bearer, ...headers },
			body: typeof body === 'string' ? body : JSON.stringify(body)
		});
	const history = async (ward: string) =>
		(await (await fetch(`${url}/api/wards/${ward}/case-reports`, { headers: bearer })).json()) as Array<Record<string, unknown>>;

	it('GET /api/health names the database', async () => {
		const res = await fetch(`${url}/api/health`);
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({ status: 'ok', database: kind });
	});

	it('POST a report → 201 with the saved report; GET /api/wards shows it under the same names', async () => {
		const res = await postJson('truc-bach', reportBody({ f0Active: 77, zone: 'red', note: 'Khu phong tỏa phố Châu Long' }));
		expect(res.status).toBe(201);
		const saved = (await res.json()) as Record<string, unknown>;
		expect(saved).toMatchObject({ wardCode: 'truc-bach', f0Active: 77, zone: 'red', reportedBy: 'Trần Thị Hoa (test write all)' });

		const wards = (await (await fetch(`${url}/api/wards`, { headers: bearer })).json()) as Array<Record<string, unknown>>;
		expect(wards).toHaveLength(14);
		const tb = wards.find((w) => w.code === 'truc-bach');
		expect(tb).toMatchObject({ name: 'Trúc Bạch', f0Active: 77, zone: 'red', note: 'Khu phong tỏa phố Châu Long' });
		for (const f of CASE_COUNT_FIELDS) expect(tb?.[f]).toBe(saved[f]);
		const never = wards.find((w) => w.code === 'phuc-xa');
		expect(never).toMatchObject({ code: 'phuc-xa', name: 'Phúc Xá', f0Active: null, zone: null, reportedAt: null });
		// Late against the report schedule: a ward that just reported is not; one that never did is.
		expect(tb).toMatchObject({ reportOverdue: false, reportDueSlot: null });
		expect(never?.reportOverdue).toBe(true);
		expect(typeof never?.reportDueSlot).toBe('string');
		expect(tb).not.toHaveProperty('reportingIntervalMinutes');
	});

	it('400 with a machine-readable list of field errors, and nothing saved', async () => {
		const before = await history('lieu-giai');
		const res = await postJson('lieu-giai', reportBody({ f0NewCommunity: -1, f1Traced: 2.5, zone: 'purple', positives: 'nine' }));
		expect(res.status).toBe(400);
		const body = (await res.json()) as { error: string; errors: Array<{ field: string; code: string; message: string }> };
		expect(body.error).toBe('validation');
		expect(body.errors.map((e) => [e.field, e.code])).toEqual([
			['f0NewCommunity', 'negative'],
			['f1Traced', 'not_integer'],
			['positives', 'not_number'],
			['zone', 'unknown_zone']
		]);
		expect(body.errors.every((e) => e.message.length > 0)).toBe(true);
		expect(await history('lieu-giai')).toEqual(before);
	});

	it('400 for a body that is not JSON or not JSON-typed; nothing saved', async () => {
		const before = await history('lieu-giai');
		const bad = await postJson('lieu-giai', '{"f0Active": ');
		expect(bad.status).toBe(400);
		expect(((await bad.json()) as { errors: Array<{ code: string }> }).errors[0]?.code).toBe('invalid_body');
		const form = await fetch(`${url}/api/wards/lieu-giai/case-reports`, {
			method: 'POST',
			headers: { 'content-type': 'text/plain', ...bearer },
			body: JSON.stringify(reportBody())
		});
		// SvelteKit's CSRF guard answers text/plain cross-origin posts itself (403); same-origin gets our 400.
		expect([400, 403]).toContain(form.status);
		expect(await history('lieu-giai')).toEqual(before);
	});

	it('404 for an unknown ward (whatever the body), for the API and the tablet page', async () => {
		const res = await postJson('khong-co', reportBody());
		expect(res.status).toBe(404);
		expect(((await res.json()) as { error: string }).error).toBe('not_found');
		expect((await postJson('khong-co', 'garbage')).status).toBe(404);
		expect((await fetch(`${url}/ward/khong-co`, { headers: { cookie } })).status).toBe(404);
		// A malformed code never reaches a load function.
		expect((await fetch(`${url}/ward/Kim%20M%C3%A3`, { headers: { cookie } })).status).toBe(404);
	});

	it('the tablet form action saves a report typed the Vietnamese way (1.234) and refuses a bad one, saving nothing', async () => {
		const form = (over: Record<string, string>) => {
			const f = new URLSearchParams({
				f0NewCommunity: '1',
				f0NewQuarantine: '2',
				f0Active: '1.234',
				f1Traced: '10',
				f1Quarantined: '200',
				f2: '300',
				samplesTested: '2.000',
				positives: '4',
				vaccineDoses: '1.500',
				zone: 'green',
				note: '',
				...over
			});
			return fetch(`${url}/ward/giang-vo`, {
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url, accept: 'application/json', 'x-sveltekit-action': 'true', cookie },
				body: f
			});
		};
		const ok = await form({});
		expect(ok.status).toBe(200);
		const okBody = (await ok.json()) as { type: string };
		expect(okBody.type).toBe('success');
		const saved = (await history('giang-vo'))[0];
		expect(saved).toMatchObject({ f0Active: 1234, samplesTested: 2000, vaccineDoses: 1500, reportedBy: commanderName, zone: 'green' });

		const before = await history('giang-vo');
		const bad = await form({ f0Active: '-4', positives: '5000', zone: '' });
		const badBody = (await bad.json()) as { type: string; status: number; data: string };
		expect(badBody.type).toBe('failure');
		expect(badBody.status).toBe(400);
		expect(badBody.data).toContain('f0Active');
		expect(badBody.data).toContain('zone');
		expect(await history('giang-vo')).toEqual(before);
	});

	it('a form post from another origin is refused (CSRF) and saves nothing', async () => {
		const before = await history('giang-vo');
		const res = await fetch(`${url}/ward/giang-vo`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://evil.example', cookie },
			body: new URLSearchParams({ f0Active: '1' })
		});
		expect(res.status).toBe(403);
		expect(await history('giang-vo')).toEqual(before);
	});

	it('pages render in Vietnamese: the wall with every ward, the ward form with its labels', async () => {
		const wall = await (await fetch(`${url}/wall`, { headers: { cookie } })).text();
		expect(wall).toContain('Quận Ba Đình');
		expect(wall).toContain('Nguyễn Trung Trực');
		expect(wall.match(/data-testid="ward-tile"/g)).toHaveLength(14);
		const ward = await (await fetch(`${url}/ward/kim-ma`, { headers: { cookie } })).text();
		expect(ward).toContain('Phường Kim Mã');
		expect(ward).toContain('F0 mới trong cộng đồng');
		expect(ward).toContain('Vùng đỏ');
	});

	it('errors never leak internals: an unknown API path is a plain 404', async () => {
		const res = await fetch(`${url}/api/nothing-here`, { headers: bearer });
		expect(res.status).toBe(404);
		expect(await res.text()).not.toMatch(/at .*\.ts|node_modules|SELECT/i);
	});
});
