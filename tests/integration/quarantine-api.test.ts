/** Quarantine over HTTP and live: the API, refusals with nothing saved, and live events to the right rooms. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import type { LiveEvent } from '../../src/lib/contracts/live.ts';
import { DATABASE_KINDS } from '../fixtures/db.ts';
import { signedInUser, testServer, type TestServerHandle } from '../fixtures/server.ts';

describe.each(DATABASE_KINDS)('quarantine API on %s', (kind) => {
	let server: TestServerHandle;
	let url: string;
	let lieuGiai: string;
	let kimMa: string;
	let district: string;

	beforeAll(async () => {
		server = await testServer(kind);
		url = (await server.start()).url;
		const s = server.current().core.services;
		lieuGiai = (await signedInUser(s, 'ward_commander', 'lieu-giai')).cookie;
		kimMa = (await signedInUser(s, 'ward_commander', 'kim-ma')).cookie;
		district = (await signedInUser(s, 'district_commander')).cookie;
	});
	afterAll(async () => {
		await server?.dispose();
	});

	const move = (cookie: string, code: string, body: unknown, key?: string) =>
		fetch(`${url}/api/quarantine/${code}/movements`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie, ...(key ? { 'idempotency-key': key } : {}) },
			body: JSON.stringify(body)
		});
	const occupied = async () =>
		((await (await fetch(`${url}/api/quarantine?ward=lieu-giai`, { headers: { cookie: district } })).json()) as Array<{ occupied: number }>)[0]!.occupied;

	it('the ward admits people; the district wall hears it live; another ward cannot', async () => {
		const wall: Socket = io(url, { transports: ['websocket'], forceNew: true, extraHeaders: { cookie: district } });
		const heard: LiveEvent[] = [];
		wall.on('live:event', (e: LiveEvent) => heard.push(e));
		await new Promise<void>((r) => wall.once('connect', () => r()));
		const start = await occupied();
		const res = await move(lieuGiai, 'quan-ngua', { kind: 'admission', amount: 5, note: 'Xe đưa đón số 3' }, 'tablet-lg-0001-xyz');
		expect(res.status).toBe(201);
		expect(((await res.json()) as { occupied: number }).occupied).toBe(start + 5);
		// Retried by a tablet whose answer was lost (the same entry, so the same body): counted once.
		expect((await move(lieuGiai, 'quan-ngua', { kind: 'admission', amount: 5, note: 'Xe đưa đón số 3' }, 'tablet-lg-0001-xyz')).status).toBe(201);
		expect(await occupied()).toBe(start + 5);
		const end = Date.now() + 3000;
		while (!heard.some((e) => e.type === 'quarantine:changed') && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
		expect(heard.filter((e) => e.type === 'quarantine:changed')).toHaveLength(1);
		wall.close();

		expect((await move(kimMa, 'quan-ngua', { kind: 'admission', amount: 1 })).status).toBe(403);
		expect(await occupied()).toBe(start + 5);
	});

	it('refuses over capacity with a message naming the free beds, 400, nothing saved', async () => {
		const before = await occupied();
		const res = await move(lieuGiai, 'quan-ngua', { kind: 'admission', amount: 100_000 });
		expect(res.status).toBe(400);
		const body = (await res.json()) as { errors: Array<{ field: string; code: string; message: string }> };
		expect(body.errors[0]).toMatchObject({ field: 'amount', code: 'over_capacity' });
		expect(body.errors[0]!.message).toMatch(/còn \d+ giường trống/);
		expect(await occupied()).toBe(before);
		expect((await move(lieuGiai, 'khong-co', { kind: 'admission', amount: 1 })).status).toBe(404);
	});

	it('the tablet and wall pages render the facilities', async () => {
		const page = await (await fetch(`${url}/ward/lieu-giai/quarantine`, { headers: { cookie: lieuGiai } })).text();
		expect(page).toContain('Cung thể thao Quần Ngựa');
		const wall = await (await fetch(`${url}/wall?pin=quarantine`, { headers: { cookie: district } })).text();
		expect(wall).toContain('data-testid="view-quarantine"');
		expect(wall).toContain('Trường Trung cấp Kinh tế Hà Nội');
	});
});
