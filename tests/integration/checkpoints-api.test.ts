/** Checkpoints over HTTP and live. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckpointView } from '../../src/lib/contracts/live.ts';
import { currentShift } from '../../src/lib/domain/checkpoint.ts';
import { dutyRecords } from '../../src/lib/server/db/schema.ts';
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

	it("the tablet page renders the ward's checkpoints, with the police rule", async () => {
		const page = await (await fetch(`${url}/ward/kim-ma/checkpoints`, { headers: { cookie: kimMa } })).text();
		expect(page).toContain('Chốt Kim Mã – Nguyễn Thái Học');
		expect(page).toContain('Công an phường Kim Mã');
		expect(page).toContain('Chốt kiểm soát — bắt buộc có công an mỗi ca');
		const doiCan = (await signedInUser(server.current().core.services, 'ward_commander', 'doi-can')).cookie;
		const community = await (await fetch(`${url}/ward/doi-can/checkpoints`, { headers: { cookie: doiCan } })).text();
		expect(community).toContain('Chốt tự quản — không bắt buộc công an');
	});

	it('a check-in left from an ended shift: listed "chưa kết thúc ca", carried over or closed over HTTP; one of the running shift is refused (409)', async () => {
		const db = server.current().core.database.db;
		// Left open yesterday (the shift it was for has ended).
		const yesterday = currentShift(new Date(Date.now() - 24 * 3_600_000)).key;
		const [a] = await db
			.insert(dutyRecords)
			.values({
				checkpointCode: 'kim-ma-1',
				personKey: 'CA111111',
				personName: 'Thiếu úy Đỗ Văn Sơn',
				force: 'police',
				shiftKey: yesterday,
				checkedInAt: new Date(Date.now() - 24 * 3_600_000),
				actorName: 'x'
			})
			.returning();
		const [b] = await db
			.insert(dutyRecords)
			.values({
				checkpointCode: 'kim-ma-1',
				personKey: 'QD222222',
				personName: 'Binh nhất Hà Văn Quân',
				force: 'army',
				shiftKey: yesterday,
				checkedInAt: new Date(Date.now() - 24 * 3_600_000),
				actorName: 'x'
			})
			.returning();
		const page = await (await fetch(`${url}/ward/kim-ma/checkpoints`, { headers: { cookie: kimMa } })).text();
		expect(page).toContain('Chưa kết thúc ca');
		expect(page).toContain('Thiếu úy Đỗ Văn Sơn');
		expect(page).toContain('Chuyển sang ca này');

		const carried = await post('/api/checkpoints/kim-ma-1/carry-overs', { dutyId: a!.id });
		expect(carried.status).toBe(201);
		expect(((await carried.json()) as CheckpointView).onDuty.find((d) => d.id === a!.id)?.carriedOverTo).toBe(currentShift(new Date()).key);
		const again = await post('/api/checkpoints/kim-ma-1/closures', { dutyId: a!.id });
		expect(again.status).toBe(409);
		expect(await again.json()).toMatchObject({ error: 'rule_refused', code: 'shift_not_ended', errors: [{ field: 'dutyId', code: 'shift_not_ended' }] });

		const closed = await post('/api/checkpoints/kim-ma-1/closures', { dutyId: b!.id });
		expect(closed.status).toBe(201);
		expect(((await closed.json()) as CheckpointView).onDuty.map((d) => d.id)).toEqual([a!.id]);
		expect((await post('/api/checkpoints/kim-ma-1/carry-overs', { dutyId: b!.id })).status).toBe(400);
		expect((await post('/api/checkpoints/kim-ma-1/check-outs', { dutyId: a!.id })).status).toBe(201);
	});
});
