/** Stock over HTTP and live: refusals with nothing saved, scoped writes, events to the wall. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import type { LiveEvent, StockLevel } from '../../src/lib/contracts/live.ts';
import { DATABASE_KINDS } from '../fixtures/db.ts';
import { signedInUser, testServer, type TestServerHandle } from '../fixtures/server.ts';

describe.each(DATABASE_KINDS)('stock API on %s', (kind) => {
	let server: TestServerHandle;
	let url: string;
	let kimMa: string;
	let district: string;
	beforeAll(async () => {
		server = await testServer(kind);
		url = (await server.start()).url;
		const s = server.current().core.services;
		kimMa = (await signedInUser(s, 'ward_commander', 'kim-ma')).cookie;
		district = (await signedInUser(s, 'district_commander')).cookie;
	});
	afterAll(async () => {
		await server?.dispose();
	});
	const post = (cookie: string, path: string, body: unknown) =>
		fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(body) });
	const level = async (ward: string, item: string) =>
		((await (await fetch(`${url}/api/stock?ward=${ward}`, { headers: { cookie: district } })).json()) as StockLevel[]).find((l) => l.itemCode === item)?.onHand;

	it('a ward issues from its warehouse; the wall hears stock:moved; an overdraw is 400 and saves nothing', async () => {
		const wall: Socket = io(url, { transports: ['websocket'], forceNew: true, extraHeaders: { cookie: district } });
		const heard: LiveEvent[] = [];
		wall.on('live:event', (e: LiveEvent) => heard.push(e));
		await new Promise<void>((r) => wall.once('connect', () => r()));
		const before = (await level('kim-ma', 'gao'))!;
		const ok = await post(kimMa, '/api/warehouses/kim-ma/issues', { item: 'gao', quantity: 50, destinationKind: 'households', destination: 'Tổ 7, Kim Mã' });
		expect(ok.status).toBe(201);
		expect(await level('kim-ma', 'gao')).toBe(before - 50);
		const end = Date.now() + 3000;
		while (!heard.some((e) => e.type === 'stock:moved') && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
		const moved = heard.find((e) => e.type === 'stock:moved');
		expect(moved && moved.type === 'stock:moved' && moved.levels[0]?.onHand).toBe(before - 50);
		wall.close();

		const over = await post(kimMa, '/api/warehouses/kim-ma/issues', { item: 'gao', quantity: 10_000_001, destinationKind: 'households', destination: 'x' });
		expect(over.status).toBe(400);
		expect(((await over.json()) as { errors: Array<{ code: string }> }).errors[0]?.code).toBe('too_large');
		const more = await post(kimMa, '/api/warehouses/kim-ma/issues', { item: 'gao', quantity: before, destinationKind: 'households', destination: 'x' });
		expect(more.status).toBe(400);
		expect(((await more.json()) as { errors: Array<{ code: string }> }).errors[0]?.code).toBe('not_enough_stock');
		expect(await level('kim-ma', 'gao')).toBe(before - 50);
	});

	it("another ward's or the district warehouse is 403 for a ward commander; the district transfers", async () => {
		expect((await post(kimMa, '/api/warehouses/doi-can/receipts', { item: 'gao', quantity: 1 })).status).toBe(403);
		expect((await post(kimMa, '/api/warehouses/kho-quan/transfers', { item: 'gao', quantity: 1, to: 'kim-ma' })).status).toBe(403);
		const before = (await level('kim-ma', 'mi-tom'))!;
		expect((await post(district, '/api/warehouses/kho-quan/transfers', { item: 'mi-tom', quantity: 40, to: 'kim-ma' })).status).toBe(201);
		expect(await level('kim-ma', 'mi-tom')).toBe(before + 40);
	});

	it('the tablet page and the wall render the stock', async () => {
		const page = await (await fetch(`${url}/ward/kim-ma/stock`, { headers: { cookie: kimMa } })).text();
		expect(page).toContain('Kho phường Kim Mã');
		const wall = await (await fetch(`${url}/wall?pin=stock`, { headers: { cookie: district } })).text();
		expect(wall).toContain('data-testid="view-stock"');
		expect(wall).toContain('Kit xét nghiệm nhanh');
	});
});
