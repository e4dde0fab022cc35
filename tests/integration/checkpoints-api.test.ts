/** Checkpoints over HTTP and live. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckpointView } from '../../src/lib/contracts/live.ts';
import { DATABASE_KINDS } from '../fixtures/db.ts';
import { signedInUser, testServer, type TestServerHandle } from '../fixtures/server.ts';

describe.each(DATABASE_KINDS)('checkpoints API on %s', (kind) => {
	let server: TestServerHandle;
	let url: string;
	let kimMa: string;
	beforeAll(async () => {
		server = await testServer(kind);
		url = (await server.start()).url;
		kimMa = (await signedInUser(server.current().core.services, 'ward_commander', 'kim-ma')).cookie;
	});
	afterAll(async () => {
		await server?.dispose();
	});
	const post = (path: string, body: unknown) =>
		fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: kimMa }, body: JSON.stringify(body) });

	it('check-in, a second check-in of the same person refused (400, names the checkpoint), check-out, 403 elsewhere', async () => {
		const a = await post('/api/checkpoints/kim-ma-1/check-ins', { personName: 'Trung úy Vũ Đức Anh', personKey: 'CA998877', force: 'police' });
		expect(a.status).toBe(201);
		const cp = (await a.json()) as CheckpointView;
		expect(cp.onDuty.map((d) => d.personName)).toEqual(['Trung úy Vũ Đức Anh']);
		const twice = await post('/api/checkpoints/kim-ma-2/check-ins', { personName: 'Trung úy Vũ Đức Anh', personKey: 'ca998877', force: 'police' });
		expect(twice.status).toBe(400);
		const body = (await twice.json()) as { errors: Array<{ code: string; message: string }> };
		expect(body.errors[0]?.code).toBe('already_on_duty');
		expect(body.errors[0]?.message).toContain('Chốt Kim Mã');
		expect((await post('/api/checkpoints/kim-ma-1/check-outs', { dutyId: cp.onDuty[0]!.id })).status).toBe(201);
		expect((await post('/api/checkpoints/doi-can-1/check-ins', { personName: 'X', personKey: 'ABC12345', force: 'police' })).status).toBe(403);
		const list = (await (await fetch(`${url}/api/checkpoints?ward=kim-ma`, { headers: { cookie: kimMa } })).json()) as CheckpointView[];
		expect(list.every((c) => c.onDuty.length === 0)).toBe(true);
	});

	it('the tablet page renders the ward\'s checkpoints', async () => {
		const page = await (await fetch(`${url}/ward/kim-ma/checkpoints`, { headers: { cookie: kimMa } })).text();
		expect(page).toContain('Chốt Kim Mã – Nguyễn Thái Học');
		expect(page).toContain('Công an phường Kim Mã');
	});
});
