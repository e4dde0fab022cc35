/**
 * Interop: the stock `y-websocket` `WebsocketProvider` (in Node over `ws`, `disableBc: true`) against
 * the real server (server/app.ts on port 0, PGlite — and PostgreSQL when TEST_DATABASE_URL is set),
 * editing a task board through the board model. Credentials are sent the way the real clients do:
 * the session or kiosk cookie as a header, an API or kiosk token as `?token=`.
 *
 * What a read-only or refused client "cannot change" is checked at the source: the server's own
 * copy of the document (and a writer's) never holds anything from that client's Yjs client id.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { initBoard, readBoard } from '../../src/lib/domain/board.ts';
import { addCard, addComment, archiveCard, moveCard, updateCard, updateColumn } from '../../src/lib/contracts/board-edits.ts';
import { KIOSK_COOKIE } from '../../src/lib/server/services/auth.ts';
import { DATABASE_KINDS } from '../fixtures/db.ts';
import { boardWriters, kioskToken, signedInUser, testServer, type TestServerHandle } from '../fixtures/server.ts';
import { hasEditsOf, laneProblems, sleep, synced, waitFor, yjsClient, type ClientOpts, type YjsClient } from '../fixtures/collab.ts';

const WARD = 'kim-ma';
const WARD_BOARD = `board:ward:${WARD}`;
const DISTRICT_BOARD = 'board:district';

describe.each(DATABASE_KINDS)('stock y-websocket clients on the real server (%s)', (kind) => {
	let server: TestServerHandle;
	let url: string;
	const creds = {} as Record<'admin' | 'commander' | 'viewer' | 'kioskCookie' | 'kioskToken' | 'apiWriter', ClientOpts>;
	const names = {} as Record<'admin' | 'commander' | 'apiWriter', string>;
	const clients: YjsClient[] = [];
	/** Display names of the signed-in people: what the server stamps on their presence. */
	let adminName = '';
	const client = (doc: string, opts: ClientOpts) => {
		const c = yjsClient(url, doc, opts);
		clients.push(c);
		return c;
	};

	beforeAll(async () => {
		server = await testServer(kind);
		url = (await server.start()).url;
		const s = server.current().core.services;
		// The server takes "created/updated by" from the connection: each edit names its writer.
		const writers = await boardWriters(s, WARD);
		creds.admin = writers.admin.creds;
		creds.commander = writers.commander.creds;
		creds.apiWriter = writers.api.creds;
		names.admin = writers.admin.name;
		names.commander = writers.commander.name;
		names.apiWriter = writers.api.name;
		adminName = writers.admin.name;
		creds.viewer = { cookie: (await signedInUser(s, 'viewer')).cookie };
		const kiosk = await kioskToken(s);
		creds.kioskCookie = { cookie: `${KIOSK_COOKIE}=${kiosk.token}` };
		creds.kioskToken = { token: kiosk.token };
		// No set-up of the boards here: the server seeds the district's and every ward's board with
		// their columns, and the first test checks that a client finds them.
	});
	afterEach(() => {
		for (const c of clients.splice(0)) c.destroy();
	});
	afterAll(async () => {
		await server?.dispose();
	});

	const serverDoc = (name: string) => server.current().realtime.collab.getDoc(name);
	const by = (who: string) => ({ by: who });

	it('two providers (session cookie, ?token= API token) edit one board and each sees the other', async () => {
		const a = client(WARD_BOARD, creds.commander);
		const b = client(WARD_BOARD, creds.apiWriter);
		await Promise.all([synced(a), synced(b)]);
		// Both start from the server's seeded board, not from an empty document.
		const columns = readBoard(a.doc).columns.map((c) => c.id);
		expect(columns.length).toBeGreaterThanOrEqual(2);
		expect(readBoard(b.doc).columns.map((c) => c.id)).toEqual(columns);

		const id = addCard(a.doc, columns[0]!, { title: 'Lập chốt kiểm soát ngõ 12', priority: 'high' }, by(names.commander));
		await waitFor("B sees A's card", () => readBoard(b.doc).columns[0]!.cards.some((c) => c.id === id));
		moveCard(b.doc, id, columns[1]!, 0, by(names.apiWriter));
		addComment(b.doc, id, 'Đã cử 2 tổ.', by(names.apiWriter));
		await waitFor("A sees B's move and comment", () => {
			const card = readBoard(a.doc).columns[1]!.cards.find((c) => c.id === id);
			return card?.comments.length === 1;
		});
		updateCard(a.doc, id, { deadline: '2021-09-05' }, by(names.commander));
		await waitFor("B sees A's deadline", () => readBoard(b.doc).columns[1]!.cards.find((c) => c.id === id)?.deadline === '2021-09-05');

		// All three copies — A, B and the server's — read the same board.
		await waitFor('the server has both edits', () => JSON.stringify(readBoard(serverDoc(WARD_BOARD))) === JSON.stringify(readBoard(a.doc)));
		expect(readBoard(b.doc)).toEqual(readBoard(a.doc));
		expect(laneProblems(a.doc)).toEqual([]);
	});

	it('a late joiner receives the whole board from the server', async () => {
		const a = client(DISTRICT_BOARD, creds.admin);
		await synced(a);
		const col = readBoard(a.doc).columns[0]!.id;
		const id = addCard(a.doc, col, { title: 'Họp giao ban 17:00' }, by(names.admin));
		await waitFor('the server has the card', () => serverDoc(DISTRICT_BOARD).getMap('cards').has(id));
		a.destroy();
		const late = client(DISTRICT_BOARD, creds.admin);
		await synced(late);
		expect(readBoard(late.doc)).toEqual(readBoard(serverDoc(DISTRICT_BOARD)));
		expect(readBoard(late.doc).columns[0]!.cards.map((c) => c.id)).toContain(id);
	});

	it("shows each provider's awareness to the other and removes it at once when a provider goes", async () => {
		const a = client(WARD_BOARD, creds.commander);
		const b = client(WARD_BOARD, creds.apiWriter);
		const c = client(WARD_BOARD, creds.admin);
		await Promise.all([synced(a), synced(b), synced(c)]);
		a.provider.awareness.setLocalState({ user: { name: 'Nguyễn Văn An' }, editing: 'card-1' });
		b.provider.awareness.setLocalStateField('user', { name: 'Hệ thống' });
		c.provider.awareness.setLocalStateField('user', { name: 'Trần Thị Bình' });
		const aId = a.doc.clientID;
		const cId = c.doc.clientID;
		await waitFor("B sees A's and C's presence", () => {
			const states = b.provider.awareness.getStates() as Map<number, { user?: { name: string }; editing?: string }>;
			// The open card is kept; the name is the one the server knows (tests/security/presence.test.ts).
			return states.get(aId)?.editing === 'card-1' && states.get(cId)?.user?.name === adminName;
		});
		await waitFor("A sees B's presence", () => a.provider.awareness.getStates().has(b.doc.clientID));

		// A leaves properly (destroy: the stock client says goodbye).
		let t0 = Date.now();
		a.destroy();
		await waitFor("A's presence gone on B", () => !b.provider.awareness.getStates().has(aId), 2000);
		const goodbyeMs = Date.now() - t0;

		// C vanishes without a goodbye (a crashed tab): only the server's close handling can tell B.
		const ws = c.provider.ws as unknown as { send: unknown } | null;
		expect(ws).toBeTruthy();
		ws!.send = () => {};
		t0 = Date.now();
		c.destroy();
		await waitFor("C's presence gone on B", () => !b.provider.awareness.getStates().has(cId), 2000);
		const crashMs = Date.now() - t0;
		// "At once": far from the 30 s awareness timeout that would apply otherwise.
		expect(goodbyeMs).toBeLessThan(2000);
		expect(crashMs).toBeLessThan(2000);
		expect([...b.provider.awareness.getStates().keys()]).toEqual([b.doc.clientID]);
	});

	for (const who of ['viewer', 'kioskCookie', 'kioskToken'] as const) {
		it(`a read-only provider (${who}) reads live but changes nothing anywhere`, async () => {
			const writer = client(DISTRICT_BOARD, creds.admin);
			const reader = client(DISTRICT_BOARD, creds[who]);
			await Promise.all([synced(writer), synced(reader)]);
			const before = readBoard(serverDoc(DISTRICT_BOARD));
			expect(readBoard(reader.doc)).toEqual(before);
			const firstCard = before.columns.flatMap((c) => c.cards)[0];

			// Every kind of edit, through the board model, from the read-only client.
			addCard(reader.doc, before.columns[0]!.id, { title: 'Sửa trộm' }, by(who));
			updateColumn(reader.doc, before.columns[0]!.id, { title: 'Đổi tên trộm' });
			if (firstCard) {
				updateCard(reader.doc, firstCard.id, { title: 'Đổi tiêu đề trộm' }, by(who));
				archiveCard(reader.doc, firstCard.id, by(who));
			}
			// A sequence point: the server handles one connection's frames in order, so once the
			// writer sees this awareness state (relayed after the edits), the edits were handled.
			reader.provider.awareness.setLocalStateField('user', { name: `chỉ xem ${who}` });
			await waitFor("the writer sees the reader's presence", () => writer.provider.awareness.getStates().has(reader.doc.clientID));

			// Live updates still reach the reader.
			const id = addCard(writer.doc, before.columns[0]!.id, { title: `Sau khi ${who} thử sửa` }, by(names.admin));
			await waitFor('the reader receives the live update', () => reader.doc.getMap('cards').has(id));
			await sleep(200);

			expect(hasEditsOf(serverDoc(DISTRICT_BOARD), reader.doc.clientID)).toBe(false);
			expect(hasEditsOf(writer.doc, reader.doc.clientID)).toBe(false);
			expect(readBoard(writer.doc)).toEqual(readBoard(serverDoc(DISTRICT_BOARD)));
			expect(readBoard(serverDoc(DISTRICT_BOARD)).columns[0]!.title).toBe(before.columns[0]!.title);
			// …and a client that connects afterwards does not get them either.
			const fresh = client(DISTRICT_BOARD, creds.admin);
			await synced(fresh);
			expect(hasEditsOf(fresh.doc, reader.doc.clientID)).toBe(false);
			expect(readBoard(fresh.doc)).toEqual(readBoard(writer.doc));
		});
	}

	for (const [name, opts] of [
		['no credentials', {}],
		['an unknown token', { token: 'cpa_khong-ton-tai' }],
		['a ward commander on the district board', 'commander']
	] as const) {
		it(`refuses a provider with ${name}: no content, no edits, no retry`, async () => {
			const writer = client(DISTRICT_BOARD, creds.admin);
			await synced(writer);
			const marker = addCard(writer.doc, readBoard(writer.doc).columns[0]!.id, { title: 'Chỉ người có quyền thấy' }, by(names.admin));
			await waitFor('the server has the marker card', () => serverDoc(DISTRICT_BOARD).getMap('cards').has(marker));

			const intruder = client(DISTRICT_BOARD, typeof opts === 'string' ? creds[opts] : opts);
			const doc = new Y.Doc();
			initBoard(doc, { title: 'giả', ward: null });
			Y.applyUpdate(intruder.doc, Y.encodeStateAsUpdate(doc));
			intruder.provider.awareness.setLocalStateField('user', { name: 'kẻ lạ' });
			await waitFor('the server closes the connection', () => intruder.closes.length > 0, 3000);
			await sleep(500);

			// 4403 (the server decides after the handshake): permanent for the stock client, which
			// stops retrying instead of hammering the server.
			expect(intruder.closes).toEqual([4403]);
			expect(intruder.provider.synced).toBe(false);
			expect(intruder.provider.shouldConnect).toBe(false);
			expect(intruder.doc.getMap('cards').has(marker)).toBe(false);
			expect(hasEditsOf(serverDoc(DISTRICT_BOARD), intruder.doc.clientID)).toBe(false);
			expect(hasEditsOf(writer.doc, intruder.doc.clientID)).toBe(false);
			expect(writer.provider.awareness.getStates().has(intruder.doc.clientID)).toBe(false);
			doc.destroy();
		});
	}
});
