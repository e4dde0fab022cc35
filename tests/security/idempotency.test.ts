/**
 * An idempotency key means one payload (issue 10.12): for every write that claims a key, the same
 * key with the same values is the first outcome again (nothing new stored), and the same key with
 * other values is refused — 409 idempotency_key_reused — with nothing stored, never a silent 201.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../fixtures/db.ts';
import { currentShift } from '../../src/lib/domain/checkpoint.ts';
import { dutyRecords } from '../../src/lib/server/db/schema.ts';
import { rowCounts as countRows } from '../fixtures/row-counts.ts';
import { signedInUser, testServer, type TestServerHandle } from '../fixtures/server.ts';

interface Keyed {
	name: string;
	/** Or made for the test: a blockade's edit needs a blockade of its own. */
	path: string | (() => Promise<string>);
	/** POST unless said: the tablet's only change, a blockade's edit, is a PATCH (issue 13 §1). */
	method?: 'PATCH';
	body: () => Record<string, unknown> | Promise<Record<string, unknown>>;
	/** The same request with one value changed. */
	other: (body: Record<string, unknown>) => Record<string, unknown>;
	status: number;
}

describe.each(DATABASE_KINDS)('idempotency keys on %s', (kind) => {
	let server: TestServerHandle;
	let url: string;
	let admin: string;
	beforeAll(async () => {
		server = await testServer(kind);
		url = (await server.start()).url;
		admin = (await signedInUser(server.current().core.services, 'admin')).cookie;
	});
	afterAll(async () => {
		await server?.dispose();
	});

	const post = (path: string, body: unknown, key: string, raw?: string, method: 'POST' | 'PATCH' = 'POST') =>
		fetch(`${url}${path}`, {
			method,
			headers: { 'content-type': 'application/json', cookie: admin, origin: url, 'idempotency-key': key },
			body: raw ?? JSON.stringify(body)
		});

	const rowCounts = () => countRows(server.current().core.database);

	let personSeq = 100000;
	const writes: Keyed[] = [
		{
			name: 'case report',
			path: '/api/wards/kim-ma/case-reports',
			body: () => ({
				f0NewCommunity: 1,
				f0NewQuarantine: 2,
				f0Active: 30,
				f1Traced: 4,
				f1Quarantined: 5,
				f2: 6,
				samplesTested: 70,
				positives: 3,
				vaccineDoses: 9,
				zone: 'orange'
			}),
			other: (b) => ({ ...b, f0Active: 31 }),
			status: 201
		},
		{
			name: 'quarantine admission',
			path: '/api/quarantine/quan-ngua/movements',
			body: () => ({ kind: 'admission', amount: 1, note: null }),
			other: (b) => ({ ...b, amount: 2 }),
			status: 201
		},
		{
			name: 'quarantine status',
			path: '/api/quarantine/quan-ngua/status',
			body: () => ({ status: 'ready', note: 'kiểm tra' }),
			other: (b) => ({ ...b, note: 'khác' }),
			status: 200
		},
		{
			name: 'stock receipt',
			path: '/api/warehouses/kim-ma/receipts',
			body: () => ({ item: 'gao', quantity: 10, supplier: 'Công ty A', note: null }),
			other: (b) => ({ ...b, quantity: 11 }),
			status: 201
		},
		{
			name: 'stock issue',
			path: '/api/warehouses/kim-ma/issues',
			body: () => ({ item: 'gao', quantity: 1, destinationKind: 'households', destination: 'Tổ 7', note: null }),
			other: (b) => ({ ...b, destination: 'Tổ 8' }),
			status: 201
		},
		{
			name: 'stock transfer',
			path: '/api/warehouses/kho-quan/transfers',
			body: () => ({ item: 'gao', quantity: 1, to: 'kim-ma', note: null }),
			other: (b) => ({ ...b, to: 'doi-can' }),
			status: 201
		},
		{
			name: 'check-in',
			path: '/api/checkpoints/phuc-xa-1/check-ins',
			body: () => ({ personName: 'Lê Văn B', personKey: `CCCD${++personSeq}`, force: 'police' }),
			other: (b) => ({ ...b, personName: 'Lê Văn C' }),
			status: 201
		},
		{
			name: 'check-out',
			path: '/api/checkpoints/phuc-xa-1/check-outs',
			body: async () => {
				const r = await post('/api/checkpoints/phuc-xa-1/check-ins', { personName: 'Phạm D', personKey: `CCCD${++personSeq}`, force: 'militia' }, randomUUID());
				const view = (await r.json()) as { onDuty: Array<{ id: number; personName: string }> };
				return { dutyId: view.onDuty.find((d) => d.personName === 'Phạm D')!.id };
			},
			other: (b) => ({ dutyId: (b.dutyId as number) + 1000 }),
			status: 201
		},
		// A check-in left open from yesterday's shift, closed or carried over by the next shift's leader.
		...(['closures', 'carry-overs'] as const).map((r): Keyed => ({
			name: r,
			path: `/api/checkpoints/phuc-xa-1/${r}`,
			body: async () => {
				const yesterday = new Date(Date.now() - 24 * 3_600_000);
				const [d] = await server
					.current()
					.core.database.db.insert(dutyRecords)
					.values({
						checkpointCode: 'phuc-xa-1',
						personKey: `CCCD${++personSeq}`,
						personName: 'Vũ E',
						force: 'police',
						shiftKey: currentShift(yesterday).key,
						checkedInAt: yesterday,
						actorName: 'x'
					})
					.returning();
				return { dutyId: d!.id };
			},
			other: (b) => ({ dutyId: (b.dutyId as number) + 1000 }),
			status: 201
		})),
		{
			name: 'blockade opened',
			path: '/api/blockades',
			body: () => ({ wardCode: 'kim-ma', name: 'Ngõ 12 Kim Mã', zone: 'red', startedAt: new Date().toISOString(), people: 480, households: 120 }),
			other: (b) => ({ ...b, people: 481 }),
			status: 201
		},
		{
			name: 'blockade edited (PATCH)',
			path: async () => {
				const r = await post(
					'/api/blockades',
					{ wardCode: 'kim-ma', name: 'Ngõ 5', zone: 'red', startedAt: new Date().toISOString(), people: 100, households: 30 },
					randomUUID()
				);
				return `/api/blockades/${((await r.json()) as { id: number }).id}`;
			},
			method: 'PATCH',
			// A zone change is stored as a row of its own (zone history): a replay that applied it again would add one.
			body: () => ({ zone: 'orange', households: 31 }),
			other: (b) => ({ ...b, zone: 'green' }),
			status: 200
		}
	];

	it.each(writes.map((w) => [w.name, w] as const))(
		'%s: same key + same values replays; same key + other values is 409 and stores nothing',
		async (_name, w) => {
			const key = randomUUID();
			const path = typeof w.path === 'string' ? w.path : await w.path();
			const send = (b: unknown) => post(path, b, key, undefined, w.method);
			const body = await w.body();
			const first = await send(body);
			const firstText = await first.text();
			expect(first.status, firstText).toBe(w.status);
			const after = await rowCounts();

			// A retry (the tablet lost the answer): the first outcome, nothing new — even with the keys in another order.
			const reordered = Object.fromEntries(Object.entries(body).reverse());
			const again = await send(reordered);
			expect(again.status).toBe(w.status);
			expect(await again.json()).toEqual(JSON.parse(firstText)); // jsonb keeps the values, not the key order
			expect(await rowCounts()).toEqual(after);

			// The same key with other values: refused, and the new values are not silently dropped as "saved".
			const reused = await send(w.other(body));
			expect(reused.status).toBe(409);
			const answer = (await reused.json()) as { error: string; message: string; messageEn: string };
			expect(answer.error).toBe('idempotency_key_reused');
			expect(answer.message).toMatch(/Idempotency-Key/);
			expect(answer.messageEn).toMatch(/different request/);
			expect(await rowCounts()).toEqual(after);
		}
	);

	it('a key used for one write cannot be replayed on another operation or another target', async () => {
		const key = randomUUID();
		expect((await post('/api/warehouses/kim-ma/receipts', { item: 'gao', quantity: 3 }, key)).status).toBe(201);
		const after = await rowCounts();
		const elsewhere = await post('/api/warehouses/doi-can/receipts', { item: 'gao', quantity: 3 }, key);
		expect(elsewhere.status).toBe(409);
		const otherOp = await post('/api/warehouses/kim-ma/issues', { item: 'gao', quantity: 3, destinationKind: 'households', destination: 'x' }, key);
		expect(otherOp.status).toBe(409);
		expect(await rowCounts()).toEqual(after);
	});

	it('the no-JavaScript form path refuses a reused key the same way (fail 409, nothing stored)', async () => {
		const key = randomUUID();
		const form = (quantity: string) =>
			fetch(`${url}/ward/kim-ma/stock?/receive`, {
				method: 'POST',
				headers: { cookie: admin, origin: url, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
				body: new URLSearchParams({ warehouse: 'kim-ma', item: 'gao', quantity, supplier: '', note: '', idempotencyKey: key }).toString(),
				redirect: 'manual'
			});
		expect((await form('4')).status).toBe(200);
		const after = await rowCounts();
		expect((await form('4')).status).toBe(200); // a double tap: saved once
		expect(await rowCounts()).toEqual(after);
		expect((await form('5')).status).toBe(409);
		expect(await rowCounts()).toEqual(after);
	});

	it('concurrent first sends with one key and different values: one is stored, the other refused', async () => {
		const key = randomUUID();
		const before = await rowCounts();
		const [a, b] = await Promise.all([
			post('/api/quarantine/quan-ngua/movements', { kind: 'discharge', amount: 1 }, key),
			post('/api/quarantine/quan-ngua/movements', { kind: 'discharge', amount: 2 }, key)
		]);
		expect([a.status, b.status].sort()).toEqual([201, 409]);
		const after = await rowCounts();
		expect(after.quarantineMovements).toBe(before.quarantineMovements! + 1);
		expect(after.idempotencyKeys).toBe(before.idempotencyKeys! + 1);
	});
});
