/**
 * Issue 10.1 — stored board data can never stop the server. The hostile values are written the
 * way old data would be (straight into the update log, as rows the server appended before any
 * boundary check existed), together with good cards and one row of corrupt bytes; then the
 * server is restarted on that storage and must start, project, report and serve.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { inArray } from 'drizzle-orm';
import { io, type Socket } from 'socket.io-client';
import { boardMaps, readBoard } from '../../src/lib/domain/board.ts';
import { addCard } from '../../src/lib/contracts/board-edits.ts';
import { TITLE_MAX } from '../../src/lib/contracts/board.ts';
import { actorLabel } from '../../src/lib/domain/access.ts';
import type { ClientToServerEvents, ResumeReply, ServerToClientEvents } from '../../src/lib/contracts/live.ts';
import { boardCards, yjsUpdates } from '../../src/lib/server/db/schema.ts';
import { DATABASE_KINDS } from '../fixtures/db.ts';
import { signedInUser, testServer, writerToken, type TestServerHandle } from '../fixtures/server.ts';
import { synced, waitFor, yjsClient, type YjsClient } from '../fixtures/collab.ts';
import type { Services } from '../../src/lib/server/services/index.ts';

const ctx = { by: 'Dữ liệu cũ' };

function nested(levels: number): unknown {
	let v: unknown = 'đáy';
	for (let i = 0; i < levels; i++) v = { a: [v] };
	return v;
}

/** The stored state of a document in a throwaway Y.Doc. */
async function storedDoc(services: Services, name: string): Promise<Y.Doc> {
	const doc = new Y.Doc();
	const state = await services.boards.persistence.read(name);
	if (state) Y.applyUpdate(doc, state);
	return doc;
}

/** Appends `edit`'s changes to the document's update log, as one row: how the server stores edits. */
async function appendRaw(services: Services, name: string, edit: (doc: Y.Doc) => void): Promise<void> {
	const doc = await storedDoc(services, name);
	const before = Y.encodeStateVector(doc);
	edit(doc);
	await services.database.db.insert(yjsUpdates).values({ doc: name, update: Y.encodeStateAsUpdate(doc, before) });
	doc.destroy();
}

/** One raw card (no model, no validation), fields as given. */
function rawCard(doc: Y.Doc, id: string, fields: Record<string, unknown>): void {
	const card = new Y.Map<unknown>();
	boardMaps(doc).cards.set(id, card);
	for (const [k, v] of Object.entries({ place: { column: 'todo', position: 'a0' }, archived: false, ...fields })) card.set(k, v);
}

describe.each(DATABASE_KINDS)('stored board data cannot stop the server (%s)', (kind) => {
	let server: TestServerHandle;
	let url = '';
	let adminCookie = '';
	/** The admin's own name: the board rules take authorship from the connection. */
	let adminName = '';
	let token = '';
	const clients: YjsClient[] = [];
	const sockets: Socket[] = [];
	/** The cards that must all be projected as written, per board id. */
	const good = new Map<string, Array<{ id: string; title: string; deadline: string | null }>>();
	let wardA = '';
	let wardB = '';

	beforeAll(async () => {
		server = await testServer(kind);
		await server.start();
		const services = server.current().core.services;
		const admin = await signedInUser(services, 'admin');
		adminCookie = admin.cookie;
		adminName = actorLabel(admin.principal).name;
		token = await writerToken(services);
		[wardA, wardB] = services.district.wards.map((w) => w.code) as [string, string];

		const addGood = (doc: Y.Doc, board: string, title: string, deadline: string | null) => {
			const id = addCard(doc, 'todo', { title, deadline }, ctx);
			good.set(board, [...(good.get(board) ?? []), { id, title, deadline }]);
		};
		// The district board: good cards only, in a row of their own.
		await appendRaw(services, 'board:district', (doc) => {
			addGood(doc, 'district', 'Họp giao ban 17:00', '2021-09-02T17:00');
			addGood(doc, 'district', 'Tổng hợp số liệu F0', null);
		});
		// Ward A: good cards, then every hostile value in one row, then another good card.
		await appendRaw(services, `board:ward:${wardA}`, (doc) => addGood(doc, `ward:${wardA}`, 'Phun khử khuẩn chợ', '2021-09-03'));
		await appendRaw(services, `board:ward:${wardA}`, (doc) =>
			doc.transact(() => {
				rawCard(doc, 'nul-title', { title: 'Lập chốt\u0000 ngõ 12', deadline: '2021-09-04' });
				rawCard(doc, 'bad-deadline', { title: 'Hạn sai', deadline: '2021-99-99' });
				rawCard(doc, 'number-title', { title: 12345, description: ['không phải chữ'], priority: 9, focus: {} });
				rawCard(doc, 'huge-title', { title: 'x'.repeat(200_000), assignee: { kind: 'person', name: 'A'.repeat(100_000) } });
				rawCard(doc, 'deep', { title: 'Lồng sâu', ward: nested(1000), deadline: nested(200), place: nested(300) });
				rawCard(doc, 'bad-maps', { title: 'Không phải map', checklist: 'chuỗi', comments: 42 });
				rawCard(doc, `id-with-nul\u0000`, { title: 'Khoá có NUL', updatedAt: '\u0000\ud800' });
				const list = new Y.Map<unknown>();
				rawCard(doc, 'huge-checklist', { title: 'Danh sách dài', checklist: list });
				for (let i = 0; i < 5000; i++) list.set(`i${i}`, new Y.Map(Object.entries({ text: `Bước ${i}\u0000`, position: `a${i}`, done: i % 2 === 0 })));
				boardMaps(doc).cards.set('not-a-map', 'chỉ là chữ' as never);
				boardMaps(doc).columns.set('bad-column', 7 as never);
				boardMaps(doc).meta.set('title', { x: 1 });
			})
		);
		await appendRaw(services, `board:ward:${wardA}`, (doc) => addGood(doc, `ward:${wardA}`, 'Cấp phát lương thực', '2021-09-05'));
		// Ward B: a good card, then a row whose bytes Yjs cannot read at all.
		await appendRaw(services, `board:ward:${wardB}`, (doc) => addGood(doc, `ward:${wardB}`, 'Rà soát F1', '2021-09-06'));
		await services.database.db.insert(yjsUpdates).values({ doc: `board:ward:${wardB}`, update: new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3]) });
		await server.stop();
		url = (await server.start()).url;
	});
	afterAll(async () => {
		for (const c of clients) c.destroy();
		for (const s of sockets) s.close();
		await server?.dispose();
	});

	it('starts and serves: health, the wall and the boards pages answer 200', async () => {
		expect((await fetch(`${url}/api/health`)).status).toBe(200);
		for (const page of ['/wall', '/boards', `/boards/ward:${wardA}`, `/boards/ward:${wardB}`]) {
			const res = await fetch(`${url}${page}`, { headers: { cookie: adminCookie } });
			expect(res.status, page).toBe(200);
		}
		const res = await fetch(`${url}/api/boards/ward:${wardA}`, { headers: { cookie: adminCookie } });
		expect(res.status).toBe(200);
	});

	it('projects every good card of every board, and the bad fields as unknown', async () => {
		const rows = await server
			.current()
			.core.services.database.db.select()
			.from(boardCards)
			.where(inArray(boardCards.boardId, [...good.keys()]));
		for (const [boardId, cards] of good) {
			for (const c of cards) {
				expect(
					rows.find((r) => r.boardId === boardId && r.cardId === c.id),
					`${boardId} ${c.title}`
				).toMatchObject({ title: c.title, deadline: c.deadline, archived: false });
			}
		}
		const of = (id: string) => rows.find((r) => r.boardId === `ward:${wardA}` && r.cardId === id)!;
		expect(of('nul-title')).toMatchObject({ title: 'Lập chốt ngõ 12', deadline: '2021-09-04' });
		expect(of('bad-deadline')).toMatchObject({ deadline: null, dueAt: null });
		expect(of('number-title')).toMatchObject({ title: '(không tiêu đề)', priority: 'normal', focus: null });
		expect(of('huge-title').title).toHaveLength(TITLE_MAX);
		expect(of('deep')).toMatchObject({ title: 'Lồng sâu', deadline: null, wardCode: wardA, columnId: '__unsorted__' });
		expect(of('bad-maps')).toBeDefined();
		expect(of('huge-checklist')).toBeDefined();
		expect(of('id-with-nul')).toMatchObject({ title: 'Khoá có NUL' });
		expect(rows.find((r) => r.cardId === 'not-a-map')).toBeUndefined();
		expect(rows.every((r) => !Object.values(r).some((v) => typeof v === 'string' && v.includes('\u0000')))).toBe(true);
	});

	it('the live snapshot counts the tasks and a situation report can be generated', async () => {
		const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, { transports: ['websocket'], forceNew: true, auth: { token } });
		sockets.push(socket);
		const reply: ResumeReply = await socket.timeout(5000).emitWithAck('live:resume', { since: null });
		if (reply.mode !== 'snapshot') throw new Error(`expected a snapshot, got ${reply.mode}`);
		// Every live card of ward A's board is open: 2 good + 8 hostile ones that are cards.
		expect(reply.snapshot.tasks.filter((t) => t.wardCode === wardA)).toHaveLength(10);
		expect(reply.snapshot.tasks.filter((t) => t.wardCode === wardB)).toHaveLength(1);

		const res = await fetch(`${url}/api/reports`, { method: 'POST', headers: { cookie: adminCookie, origin: url } });
		expect(res.status, await res.clone().text()).toBe(201);
		const report = (await res.json()) as { id: string };
		const full = await fetch(`${url}/api/reports/${report.id}`, { headers: { cookie: adminCookie } });
		expect(full.status).toBe(200);
		expect(JSON.stringify(await full.json())).toContain('tasksOpen');
	});

	it('every board loads over y-websocket — the one with a corrupt row too — and edits are projected', async () => {
		for (const [boardId, cards] of good) {
			const c = yjsClient(url, `board:${boardId}`, { cookie: adminCookie });
			clients.push(c);
			await synced(c);
			const ids = readBoard(c.doc).columns.flatMap((col) => col.cards.map((card) => card.id));
			for (const card of cards) expect(ids, `${boardId} ${card.title}`).toContain(card.id);
		}
		// A live edit of the hostile board is projected like any other.
		const a = clients.find((c) => c.provider.roomname === `board:ward:${wardA}`)!;
		const id = addCard(a.doc, 'todo', { title: 'Sau khi khởi động lại' }, { by: adminName });
		const db = server.current().core.services.database.db;
		async function poll(): Promise<void> {
			const rows = await db
				.select({ cardId: boardCards.cardId })
				.from(boardCards)
				.where(inArray(boardCards.boardId, [`ward:${wardA}`]));
			for (const r of rows) projected.add(r.cardId);
		}
		const projected = new Set<string>();
		const timer = setInterval(() => void poll(), 100);
		try {
			await waitFor('the new card in board_cards', () => projected.has(id), 8000);
		} finally {
			clearInterval(timer);
		}
	});
});
