/**
 * Issue 10.2, "the server owns the board's rules", attacked with the stock y-websocket client.
 *
 * Each attack connects a stock `WebsocketProvider` with real credentials (a ward commander, an
 * admin, a ward-scoped API token), makes one forbidden edit — through the board model where it
 * would pass its checks, raw Yjs where the model refuses — and asserts that:
 *   - the server closes the connection with 4422 (a rule) or 4413 (a size), after an auth
 *     "permission denied" message whose reason names the rule, Vietnamese and English;
 *   - the server's document, a second legitimate client on the same board and the database hold
 *     nothing of it (and, at the end, after a restart, neither).
 * Legitimate edits through the same client keep working.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { boardMaps, readBoard, type EditContext } from '../../src/lib/domain/board.ts';
import { addCard, addCheckItem, addComment, archiveCard, moveCard, updateCard, updateCheckItem } from '../../src/lib/contracts/board-edits.ts';
import { BOARD_LIMITS } from '../../src/lib/domain/board-guard.ts';
import { DATABASE_KINDS } from '../fixtures/db.ts';
import { boardWriters, testServer, type TestServerHandle } from '../fixtures/server.ts';
import { hasEditsOf, synced, waitFor, yjsClient, type ClientOpts, type YjsClient } from '../fixtures/collab.ts';

const WARD = 'kim-ma';
const OTHER_WARD = 'ngoc-ha';
const WARD_BOARD = `board:ward:${WARD}`;
const DISTRICT_BOARD = 'board:district';
/** A board of its own for the size cap, which the test fills up. */
const FULL_BOARD = 'board:ward:giang-vo';
/** Small, so that a few legitimate-looking cards reach it; the default is 8 MiB. */
const BOARD_MAX_BYTES = 48 * 1024;

type Who = 'commander' | 'admin' | 'api';

/** What a client learned of a refusal: close codes and reasons, and the auth message's reason. */
interface Watched extends YjsClient {
	closeReasons: string[];
	denied: string[];
}

/** Everything a document holds that a refused update could have changed. */
const fingerprint = (doc: Y.Doc) => JSON.stringify({ sv: [...Y.decodeStateVector(Y.encodeStateVector(doc))].sort(), content: doc.toJSON() });

describe.each(DATABASE_KINDS)('board rules on /yjs (%s)', (kind) => {
	let server: TestServerHandle;
	let url: string;
	const creds = {} as Record<Who, ClientOpts>;
	const names = {} as Record<Who, string>;
	const clients: YjsClient[] = [];
	/** Checks, per board, that a refused update left nothing: re-run after the restart. */
	const ghosts: Array<{ board: string; what: string; absent: (doc: Y.Doc) => boolean }> = [];

	const client = (board: string, who: Who): Watched => {
		const closeReasons: string[] = [];
		const denied: string[] = [];
		const c = yjsClient(url, board, {
			...creds[who],
			onSocket: (ws) => {
				ws.on('close', (_code, reason) => closeReasons.push(reason.toString()));
				ws.on('message', (data: Buffer) => {
					const d = decoding.createDecoder(new Uint8Array(data));
					if (decoding.readVarUint(d) === 2 && decoding.readVarUint(d) === 0) denied.push(decoding.readVarString(d));
				});
			}
		});
		clients.push(c);
		return Object.assign(c, { closeReasons, denied });
	};
	const ctx = (who: Who, extra: Partial<EditContext> = {}): EditContext => ({ by: names[who], ...extra });
	const collab = () => server.current().realtime.collab;
	const persistence = () => server.current().core.services.boards.persistence;
	const stored = async (board: string) => {
		await persistence().flushAll();
		const doc = new Y.Doc();
		const state = await persistence().read(board);
		if (state) Y.applyUpdate(doc, state);
		return doc;
	};

	beforeAll(async () => {
		server = await testServer(kind, { BOARD_MAX_BYTES: String(BOARD_MAX_BYTES) });
		url = (await server.start()).url;
		const s = server.current().core.services;
		const writers = await boardWriters(s, WARD);
		for (const who of ['admin', 'commander', 'api'] as const) {
			creds[who] = writers[who].creds;
			names[who] = writers[who].name;
		}
	});
	afterEach(() => {
		for (const c of clients.splice(0)) c.destroy();
	});
	afterAll(async () => {
		await server?.dispose();
	});

	/** A card (with a comment and a checklist item) written server-side, as the REST API does. */
	async function seedCard(board: string): Promise<{ id: string; item: string }> {
		const doc = await collab().loadDoc(board);
		const id = addCard(doc, 'todo', { title: 'Phun khử khuẩn ngõ 12', ward: board === WARD_BOARD ? WARD : null }, { by: 'Quản trị hệ thống' });
		addComment(doc, id, 'Đã cử tổ 3', { by: 'Quản trị hệ thống' });
		const item = addCheckItem(doc, id, 'Mua hoá chất', { by: 'Quản trị hệ thống' });
		return { id, item };
	}

	/**
	 * Connects an attacker and an observer, lets the attacker `edit`, and asserts the refusal and
	 * that nothing of it is anywhere. Returns the observer's client id-free view for extra checks.
	 */
	async function attack(
		o: { board: string; who: Who; rule: string; code?: number; what: string },
		edit: (doc: Y.Doc) => void,
		absent: (doc: Y.Doc) => boolean
	): Promise<void> {
		const attacker = client(o.board, o.who);
		const observer = client(o.board, 'admin');
		await Promise.all([synced(attacker), synced(observer)]);
		const serverDoc = collab().getDoc(o.board);
		const before = fingerprint(serverDoc);
		expect(absent(serverDoc), `precondition: ${o.what}`).toBe(true);

		edit(attacker.doc);
		expect(absent(attacker.doc), `the attacker's own copy holds ${o.what}`).toBe(false);
		await waitFor('the server closes the connection', () => attacker.closes.length > 0);

		const code = o.code ?? 4422;
		expect(attacker.closes).toEqual([code]);
		// 44xx: the stock provider stops, instead of sending the same update again and again.
		expect(attacker.provider.shouldConnect).toBe(false);
		expect(attacker.closeReasons[0]).toMatch(new RegExp(`^${o.rule}\\b`));
		expect(attacker.denied).toHaveLength(1);
		const why = JSON.parse(attacker.denied[0]!) as { error: string; message: string; messageEn: string };
		expect(why.error).toBe(o.rule);
		expect(why.message).toMatch(/\S/);
		expect(why.messageEn).toMatch(/\S/);

		// A sequence point on the observer's socket: a server-side edit after the refusal. Had the
		// refused update been relayed, it would have arrived before this.
		const mark = addCard(serverDoc, 'doing', { title: `Mốc sau: ${o.what}` }, { by: 'Quản trị hệ thống' });
		await waitFor('the observer sees the mark', () => boardMaps(observer.doc).cards.has(mark));
		boardMaps(serverDoc).cards.get(mark)!.set('archived', true);
		expect(fingerprint(serverDoc)).not.toBe(before); // the mark, nothing else:
		expect(absent(serverDoc), `the server's document holds ${o.what}`).toBe(true);
		expect(absent(observer.doc), `the observer received ${o.what}`).toBe(true);
		expect(hasEditsOf(serverDoc, attacker.doc.clientID)).toBe(false);
		expect(hasEditsOf(observer.doc, attacker.doc.clientID)).toBe(false);
		expect(absent(await stored(o.board)), `the database holds ${o.what}`).toBe(true);
		ghosts.push({ board: o.board, what: o.what, absent });
	}

	it('legitimate edits through the stock client keep working: add, update, move, archive, comment, checklist', async () => {
		const writer = client(WARD_BOARD, 'commander');
		const observer = client(WARD_BOARD, 'admin');
		await Promise.all([synced(writer), synced(observer)]);
		const me = ctx('commander');
		const id = addCard(writer.doc, 'todo', { title: 'Lập chốt ngõ 12', ward: WARD, deadline: '2021-09-05T17:00' }, me);
		updateCard(writer.doc, id, { description: 'Hai tổ, ca đêm', priority: 'urgent', assignee: { kind: 'unit', name: 'Tổ 5' } }, me);
		moveCard(writer.doc, id, 'doing', 0, me);
		addComment(writer.doc, id, 'Đã nhận', me);
		const item = addCheckItem(writer.doc, id, 'Biển báo', me);
		updateCheckItem(writer.doc, id, item, { done: true }, me);
		const gone = addCard(writer.doc, 'todo', { title: 'Việc nhầm' }, me);
		archiveCard(writer.doc, gone, me);
		// The API token of the ward writes too, under its own name.
		const api = client(WARD_BOARD, 'api');
		await synced(api);
		addComment(api.doc, id, 'Hệ thống đã ghi nhận', ctx('api'));

		const serverDoc = collab().getDoc(WARD_BOARD);
		await waitFor('the server and the observer have every edit', () => {
			const card = readBoard(serverDoc)
				.columns.find((c) => c.id === 'doing')
				?.cards.find((c) => c.id === id);
			return card?.comments.length === 2 && JSON.stringify(readBoard(observer.doc)) === JSON.stringify(readBoard(serverDoc));
		});
		const card = readBoard(serverDoc)
			.columns.find((c) => c.id === 'doing')!
			.cards.find((c) => c.id === id)!;
		// The API token's comment was the last edit: it is the updater.
		expect(card).toMatchObject({ title: 'Lập chốt ngõ 12', priority: 'urgent', createdBy: names.commander, updatedBy: names.api });
		expect(card.checklist).toEqual([{ id: item, text: 'Biển báo', done: true }]);
		expect(card.comments.map((c) => c.by)).toEqual([names.commander, names.api]);
		expect(readBoard(serverDoc).archived.map((c) => c.id)).toContain(gone);
		expect(writer.closes).toEqual([]);
		expect(api.closes).toEqual([]);
		expect(readBoard(await stored(WARD_BOARD))).toEqual(readBoard(serverDoc));
	});

	describe('delete is archive', () => {
		it('a ward commander cannot hard-delete a card', async () => {
			const { id } = await seedCard(WARD_BOARD);
			await attack(
				{ board: WARD_BOARD, who: 'commander', rule: 'card_deleted', what: 'the deletion of a card' },
				(doc) => boardMaps(doc).cards.delete(id),
				(doc) => boardMaps(doc).cards.has(id)
			);
		});
		it('nor can an admin', async () => {
			const { id } = await seedCard(DISTRICT_BOARD);
			await attack(
				{ board: DISTRICT_BOARD, who: 'admin', rule: 'card_deleted', what: 'the deletion of a card' },
				(doc) => boardMaps(doc).cards.delete(id),
				(doc) => boardMaps(doc).cards.has(id)
			);
		});
		it('a column cannot be hard-deleted', async () => {
			await attack(
				{ board: WARD_BOARD, who: 'commander', rule: 'column_deleted', what: 'the deletion of a column' },
				(doc) => boardMaps(doc).columns.delete('review'),
				(doc) => boardMaps(doc).columns.has('review')
			);
		});
		it('an existing comment cannot be removed', async () => {
			const { id } = await seedCard(WARD_BOARD);
			const comments = (doc: Y.Doc) => (boardMaps(doc).cards.get(id)?.get('comments') as Y.Array<unknown> | undefined)?.length;
			await attack(
				{ board: WARD_BOARD, who: 'commander', rule: 'comment_removed', what: 'the removal of a comment' },
				(doc) =>
					doc.transact(() => {
						(boardMaps(doc).cards.get(id)!.get('comments') as Y.Array<unknown>).delete(0, 1);
						boardMaps(doc).cards.get(id)!.set('updatedBy', names.commander);
					}),
				(doc) => comments(doc) === 1
			);
		});
	});

	describe('authorship comes from the connection', () => {
		it('a card created in someone else’s name is refused', async () => {
			let id = '';
			await attack(
				{ board: WARD_BOARD, who: 'commander', rule: 'forged_author', what: 'a card created as the district chairman' },
				(doc) => (id = addCard(doc, 'todo', { title: 'Lệnh giả' }, { by: 'Chủ tịch UBND quận' })),
				(doc) => !boardMaps(doc).cards.has(id)
			);
		});
		it('an admin cannot stamp an edit with another name either', async () => {
			const { id } = await seedCard(DISTRICT_BOARD);
			await attack(
				{ board: DISTRICT_BOARD, who: 'admin', rule: 'forged_author', what: 'an edit stamped with another name' },
				(doc) => updateCard(doc, id, { title: 'Đổi dưới tên người khác' }, { by: 'Chỉ huy quận' }),
				(doc) => boardMaps(doc).cards.get(id)?.get('title') !== 'Đổi dưới tên người khác'
			);
		});
		it('a comment in someone else’s name is refused', async () => {
			const { id } = await seedCard(WARD_BOARD);
			const texts = (doc: Y.Doc) =>
				readBoard(doc)
					.columns.flatMap((c) => c.cards)
					.find((c) => c.id === id)
					?.comments.map((c) => c.text) ?? [];
			await attack(
				{ board: WARD_BOARD, who: 'commander', rule: 'forged_author', what: 'a comment as someone else' },
				(doc) => addComment(doc, id, 'Tôi đồng ý', { by: 'Chủ tịch UBND quận' }),
				(doc) => !texts(doc).includes('Tôi đồng ý')
			);
		});
		it('a comment dated a day ahead is refused', async () => {
			const { id } = await seedCard(WARD_BOARD);
			const texts = (doc: Y.Doc) =>
				readBoard(doc)
					.columns.flatMap((c) => c.cards)
					.find((c) => c.id === id)
					?.comments.map((c) => c.text) ?? [];
			await attack(
				{ board: WARD_BOARD, who: 'commander', rule: 'bad_time', what: 'a comment from the future' },
				(doc) => addComment(doc, id, 'Viết từ ngày mai', ctx('commander', { now: () => new Date(Date.now() + 86_400_000) })),
				(doc) => !texts(doc).includes('Viết từ ngày mai')
			);
		});
	});

	describe('ward scope', () => {
		it('a ward commander cannot create a card for another ward', async () => {
			let id = '';
			await attack(
				{ board: WARD_BOARD, who: 'commander', rule: 'ward_out_of_scope', what: `a card for ${OTHER_WARD}` },
				(doc) => (id = addCard(doc, 'todo', { title: 'Việc của phường khác', ward: OTHER_WARD }, ctx('commander'))),
				(doc) => !boardMaps(doc).cards.has(id)
			);
		});
		it('nor move a card to another ward', async () => {
			const { id } = await seedCard(WARD_BOARD);
			await attack(
				{ board: WARD_BOARD, who: 'commander', rule: 'ward_out_of_scope', what: `a card moved to ${OTHER_WARD}` },
				(doc) => updateCard(doc, id, { ward: OTHER_WARD }, ctx('commander')),
				(doc) => boardMaps(doc).cards.get(id)?.get('ward') === WARD
			);
		});
		it('nor can the ward’s API token', async () => {
			const { id } = await seedCard(WARD_BOARD);
			await attack(
				{ board: WARD_BOARD, who: 'api', rule: 'ward_out_of_scope', what: `a card moved to ${OTHER_WARD} by the API token` },
				(doc) => updateCard(doc, id, { ward: OTHER_WARD }, ctx('api')),
				(doc) => boardMaps(doc).cards.get(id)?.get('ward') === WARD
			);
		});
	});

	describe('sizes and types', () => {
		/** Writes `field = value` on a card, stamped correctly: past the board model's own checks. */
		const rawWrite = (id: string, field: string, value: unknown) => (doc: Y.Doc) =>
			doc.transact(() => {
				const card = boardMaps(doc).cards.get(id)!;
				card.set(field, value);
				card.set('updatedBy', names.commander);
				card.set('updatedAt', new Date().toISOString());
			});
		const untouched = (id: string, field: string) => (doc: Y.Doc) =>
			boardMaps(doc).cards.get(id)?.get('updatedBy') === 'Quản trị hệ thống' && boardMaps(doc).cards.get(id)?.get(field) !== 'x';

		for (const [what, field, value, rule] of [
			['a 201-character title', 'title', 'x'.repeat(201), 'too_long'],
			['a 5,001-character description', 'description', 'x'.repeat(5001), 'too_long'],
			['a NUL byte in the title', 'title', 'Phun\u0000thuốc', 'unsafe_text'],
			['a number where the title belongs', 'title', 42, 'invalid_value'],
			['the deadline 2021-99-99', 'deadline', '2021-99-99', 'invalid_value'],
			['a deeply nested assignee', 'assignee', { kind: 'person', name: { a: { b: { c: { d: 'x' } } } } }, 'too_deep']
		] as const) {
			it(`${what} is refused`, async () => {
				const { id } = await seedCard(WARD_BOARD);
				await attack({ board: WARD_BOARD, who: 'commander', rule, what }, rawWrite(id, field, value), untouched(id, field));
			});
		}

		it('a 2,001-character comment is refused', async () => {
			const { id } = await seedCard(WARD_BOARD);
			const count = (doc: Y.Doc) => (boardMaps(doc).cards.get(id)?.get('comments') as Y.Array<unknown> | undefined)?.length;
			await attack(
				{ board: WARD_BOARD, who: 'commander', rule: 'too_long', what: 'a 2,001-character comment' },
				(doc) =>
					doc.transact(() => {
						const card = boardMaps(doc).cards.get(id)!;
						(card.get('comments') as Y.Array<unknown>).push([{ id: 'c-long', text: 'x'.repeat(2001), by: names.commander, at: new Date().toISOString() }]);
						card.set('updatedBy', names.commander);
					}),
				(doc) => count(doc) === 1
			);
		});

		it(`a checklist past ${BOARD_LIMITS.checklistItems} items is refused (the ${BOARD_LIMITS.checklistItems} before pass)`, async () => {
			const { id } = await seedCard(WARD_BOARD);
			const writer = client(WARD_BOARD, 'commander');
			await synced(writer);
			for (let i = 1; i < BOARD_LIMITS.checklistItems; i++) addCheckItem(writer.doc, id, `Mục ${i}`, ctx('commander'));
			const serverDoc = collab().getDoc(WARD_BOARD);
			const live = (doc: Y.Doc) =>
				readBoard(doc)
					.columns.flatMap((c) => c.cards)
					.find((c) => c.id === id)?.checklist.length ?? 0;
			await waitFor(`the server has ${BOARD_LIMITS.checklistItems} items`, () => live(serverDoc) === BOARD_LIMITS.checklistItems);
			expect(writer.closes).toEqual([]);
			writer.destroy();
			await attack(
				{ board: WARD_BOARD, who: 'commander', rule: 'checklist_too_long', what: `checklist item ${BOARD_LIMITS.checklistItems + 1}` },
				(doc) => addCheckItem(doc, id, 'Một mục quá nhiều', ctx('commander')),
				(doc) => live(doc) === BOARD_LIMITS.checklistItems
			);
		});

		it('an unknown top-level type is refused', async () => {
			await attack(
				{ board: WARD_BOARD, who: 'commander', rule: 'unknown_structure', what: 'a top-level map "evil"' },
				(doc) => doc.getMap('evil').set('payload', 'x'),
				(doc) => doc.getMap('evil').size === 0
			);
		});

		it('a 300 KiB update is refused with 4413', async () => {
			let id = '';
			await attack(
				{ board: WARD_BOARD, who: 'commander', rule: 'update_too_large', code: 4413, what: 'a 300 KiB update' },
				(doc) =>
					doc.transact(() => {
						for (let i = 0; i < 75; i++) id = addCard(doc, 'todo', { title: `Thẻ ${i}`, description: 'x'.repeat(4096) }, ctx('commander'));
					}),
				(doc) => !boardMaps(doc).cards.has(id)
			);
		});

		it(`a board pushed past BOARD_MAX_BYTES (${BOARD_MAX_BYTES} here) is refused with 4413; what fitted stays`, async () => {
			const writer = client(FULL_BOARD, 'admin');
			await synced(writer);
			const serverDoc = collab().getDoc(FULL_BOARD);
			const fitted: string[] = [];
			// Cards of ~4 KiB, one update each, until the server refuses one.
			while (writer.closes.length === 0 && fitted.length < 40) {
				const id = addCard(writer.doc, 'todo', { title: `Thẻ ${fitted.length}`, description: 'y'.repeat(4000) }, ctx('admin'));
				try {
					await waitFor('the server takes the card, or closes', () => boardMaps(serverDoc).cards.has(id) || writer.closes.length > 0);
				} finally {
					if (boardMaps(serverDoc).cards.has(id)) fitted.push(id);
				}
			}
			expect(writer.closes).toEqual([4413]);
			expect(writer.denied.map((d) => (JSON.parse(d) as { error: string }).error)).toEqual(['document_too_large']);
			expect(fitted.length).toBeGreaterThan(5);
			expect(Y.encodeStateAsUpdate(serverDoc).byteLength).toBeLessThanOrEqual(BOARD_MAX_BYTES);
			const storedDoc = await stored(FULL_BOARD);
			expect(Y.encodeStateAsUpdate(storedDoc).byteLength).toBeLessThanOrEqual(BOARD_MAX_BYTES);
			expect([...boardMaps(storedDoc).cards.keys()].sort()).toEqual([...boardMaps(serverDoc).cards.keys()].sort());
			expect(boardMaps(serverDoc).cards.size).toBe(fitted.length);
		});
	});

	it('after a restart, nothing of any refused update is stored', async () => {
		expect(ghosts.length).toBeGreaterThanOrEqual(18);
		const before = new Map<string, string>();
		for (const board of new Set(ghosts.map((g) => g.board))) before.set(board, JSON.stringify(readBoard(collab().getDoc(board))));
		await server.stop();
		await server.start();
		for (const [board, view] of before) {
			const doc = await collab().loadDoc(board);
			expect(JSON.stringify(readBoard(doc))).toBe(view);
			for (const g of ghosts.filter((x) => x.board === board)) expect(g.absent(doc), `after the restart: ${g.what}`).toBe(true);
		}
	});
});
