/**
 * Task boards over HTTP and live: the boards API with its refusals, and a board edit reaching the
 * wall as `tasks:changed` (the projection), on the real server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import type { LiveEvent } from '../../src/lib/contracts/live.ts';
import { addCard } from '../../src/lib/contracts/board-edits.ts';
import { actorLabel } from '../../src/lib/domain/access.ts';
import { DATABASE_KINDS } from '../fixtures/db.ts';
import { signedInUser, testServer, type TestServerHandle } from '../fixtures/server.ts';

describe.each(DATABASE_KINDS)('boards API on %s', (kind) => {
	let server: TestServerHandle;
	let url: string;
	let kimMa: string;
	/** The Kim Mã commander's own name: the board rules take authorship from the connection. */
	let kimMaName: string;
	let district: string;
	let viewer: string;

	beforeAll(async () => {
		server = await testServer(kind);
		url = (await server.start()).url;
		const s = server.current().core.services;
		const commander = await signedInUser(s, 'ward_commander', 'kim-ma');
		kimMa = commander.cookie;
		kimMaName = actorLabel(commander.principal).name;
		district = (await signedInUser(s, 'district_commander')).cookie;
		viewer = (await signedInUser(s, 'viewer')).cookie;
	});
	afterAll(async () => {
		await server?.dispose();
	});

	const get = (path: string, cookie: string) => fetch(`${url}${path}`, { headers: { cookie } });
	const post = (cookie: string, body: unknown) =>
		fetch(`${url}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(body) });

	it('lists only the boards a reader may see', async () => {
		const mine = (await (await get('/api/boards', kimMa)).json()) as Array<{ id: string; access: string }>;
		expect(mine.map((b) => [b.id, b.access])).toEqual([['ward:kim-ma', 'write']]);
		const all = (await (await get('/api/boards', viewer)).json()) as Array<{ access: string }>;
		expect(all).toHaveLength(15);
		expect(all.every((b) => b.access === 'read')).toBe(true);
		expect((await fetch(`${url}/api/boards`)).status).toBe(401);
	});

	it('creates a board for the district commander; refuses others and bad input with the field, nothing saved', async () => {
		expect((await post(kimMa, { id: 'kiem-tra-1', title: 'Kiểm tra' })).status).toBe(403);
		expect((await post(viewer, { id: 'kiem-tra-1', title: 'Kiểm tra' })).status).toBe(403);
		const bad = await post(district, { id: 'KT 1', title: '' });
		expect(bad.status).toBe(400);
		const errors = ((await bad.json()) as { errors: Array<{ field: string; code: string }> }).errors.map((e) => `${e.field}:${e.code}`);
		expect(errors.sort()).toEqual(['id:bad_board_id', 'title:required']);
		expect((await get('/api/boards/kiem-tra-1', district)).status).toBe(404);

		const ok = await post(district, { id: 'kiem-tra-1', title: 'Đoàn kiểm tra liên ngành đợt 1' });
		expect(ok.status).toBe(201);
		const found = (await (await get('/api/boards/kiem-tra-1', district)).json()) as { board: { kind: string }; content: { columns: Array<{ title: string }> } };
		expect(found.board.kind).toBe('campaign');
		expect(found.content.columns.map((c) => c.title)).toEqual(['Cần làm', 'Đang làm', 'Chờ kiểm tra', 'Hoàn thành']);
		expect((await post(district, { id: 'kiem-tra-1', title: 'again' })).status).toBe(400);
		// a ward commander cannot read a district-level board, and is told nothing about it
		expect((await get('/api/boards/kiem-tra-1', kimMa)).status).toBe(404);
		expect((await get('/api/boards/ward:ngoc-ha', kimMa)).status).toBe(404);
	});

	it('the Yjs endpoint serves only boards that exist: an unknown board document is refused, even to an admin', async () => {
		const closeCode = (doc: string) =>
			new Promise<number>((resolve, reject) => {
				const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/yjs/${doc}`, { headers: { cookie: district } });
				ws.on('close', (code) => resolve(code));
				ws.on('error', reject);
			});
		expect(await closeCode('board:khong-co-bang-nay')).toBe(4403);
		expect(await closeCode('board:ward:atlantis')).toBe(4403);
	});

	it("a card added on the ward's board reaches the wall as that ward's open tasks, and is in the audit log with who added it", async () => {
		const wall: Socket = io(url, { transports: ['websocket'], forceNew: true, extraHeaders: { cookie: district } });
		const heard: LiveEvent[] = [];
		wall.on('live:event', (e: LiveEvent) => heard.push(e));
		await new Promise<void>((r) => wall.once('connect', () => r()));

		const doc = new Y.Doc();
		const provider = new WebsocketProvider(url.replace(/^http/, 'ws') + '/yjs', 'board:ward:kim-ma', doc, {
			WebSocketPolyfill: class extends WebSocket {
				constructor(address: string | URL, protocols?: string | string[]) {
					super(address, protocols, { headers: { cookie: kimMa } });
				}
			} as unknown as typeof globalThis.WebSocket,
			disableBc: true
		});
		await new Promise<void>((r) => provider.once('sync', () => r()));
		addCard(doc, 'todo', { title: 'Phát gạo cho 40 hộ', deadline: '2021-09-01', focus: 'welfare' }, { by: kimMaName });

		const end = Date.now() + 5000;
		const tasksFor = () => heard.find((e): e is Extract<LiveEvent, { type: 'tasks:changed' }> => e.type === 'tasks:changed' && e.wardCode === 'kim-ma');
		while (!tasksFor() && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
		expect(tasksFor()?.tasks).toEqual([
			{ wardCode: 'kim-ma', deadline: '2021-09-01', done: false, focus: 'welfare', assigned: false, template: null, checkDone: 0, checkTotal: 0 }
		]);
		provider.destroy();
		doc.destroy();
		wall.close();

		const summary = ((await (await get('/api/boards', kimMa)).json()) as Array<{ counts: unknown }>)[0]!;
		expect(summary.counts).toEqual({ open: 1, overdue: 1, dueToday: 0 });
		const audit = await (await get('/audit/export.csv?entity=board', district)).text();
		expect(audit).toMatch(/board\.edit/);
		expect(audit).toMatch(/ward:kim-ma/);
	});
});
