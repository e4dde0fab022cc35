/**
 * The inspection gate (issue 14 §3) attacked with the stock y-websocket client: a ward that moves
 * its own card out of *Chờ kiểm tra* into done over a raw Yjs connection is refused (4422, the
 * reason `review_gate` in Vietnamese and English) and nothing of it reaches the server's document,
 * another client or the database; the board's inspector may; an inspector edits nothing but
 * comments, checklists and places. On the campaign's board the ward cannot get round it in two
 * updates (review → doing, doing → done); on its own board it still finishes its tasks. And an
 * inspection recorded over HTTP reaches the ward's open tablet at once: the card back in *Đang
 * làm* with the findings, or in *Hoàn thành*.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { readBoard } from '../../src/lib/domain/board.ts';
import { addCard, moveCard, updateCard } from '../../src/lib/contracts/board-edits.ts';
import { actorLabel } from '../../src/lib/domain/access.ts';
import { DATABASE_KINDS } from '../fixtures/db.ts';
import { signedInUser, SYSTEM, testServer, type TestServerHandle } from '../fixtures/server.ts';
import { synced, waitFor, yjsClient, type YjsClient } from '../fixtures/collab.ts';

const BOARD = 'kiem-tra-4-tai-cho';
const DOC = `board:${BOARD}`;

interface Watched extends YjsClient {
	denied: string[];
}

describe.each(DATABASE_KINDS)('the review gate on /yjs (%s)', (kind) => {
	let server: TestServerHandle;
	let url: string;
	const people = {} as Record<'ward' | 'inspector' | 'commander', { cookie: string; name: string }>;
	const clients: YjsClient[] = [];

	const client = (who: keyof typeof people): Watched => {
		const denied: string[] = [];
		const c = yjsClient(url, DOC, {
			cookie: people[who].cookie,
			onSocket: (ws) =>
				ws.on('message', (data: Buffer) => {
					const d = decoding.createDecoder(new Uint8Array(data));
					if (decoding.readVarUint(d) === 2 && decoding.readVarUint(d) === 0) denied.push(decoding.readVarString(d));
				})
		});
		clients.push(c);
		return Object.assign(c, { denied });
	};
	const collab = () => server.current().realtime.collab;
	const stored = async () => {
		const p = server.current().core.services.boards.persistence;
		await p.flushAll();
		const doc = new Y.Doc();
		Y.applyUpdate(doc, (await p.read(DOC))!);
		return doc;
	};
	const columnOf = (doc: Y.Doc, id: string) => readBoard(doc).columns.find((c) => c.cards.some((x) => x.id === id))?.id;
	/** A card of Kim Mã waiting for inspection, written server-side as the ward did. */
	const inReview = async (title: string) => {
		const doc = await collab().loadDoc(DOC);
		const id = addCard(doc, 'todo', { title, ward: 'kim-ma' }, { by: people.ward.name });
		moveCard(doc, id, 'review', 0, { by: people.ward.name });
		return id;
	};

	beforeAll(async () => {
		server = await testServer(kind);
		url = (await server.start()).url;
		const s = server.current().core.services;
		await s.boards.create(SYSTEM, { id: BOARD, title: 'Kiểm tra "4 tại chỗ" — Kim Mã', ward: 'kim-ma' });
		for (const [who, role, ward, boards] of [
			['ward', 'ward_commander', 'kim-ma', []],
			['inspector', 'inspector', null, [BOARD]],
			['commander', 'district_commander', null, []]
		] as const) {
			const u = await signedInUser(s, role, ward, [...boards]);
			people[who] = { cookie: u.cookie, name: actorLabel(u.principal).name };
		}
	});
	afterEach(() => {
		for (const c of clients.splice(0)) c.destroy();
	});
	afterAll(async () => {
		await server?.dispose();
	});

	it("refuses the ward's own sign-off, and nothing of it is anywhere", async () => {
		const id = await inReview('Lực lượng tại chỗ');
		const attacker = client('ward');
		const observer = client('commander');
		await Promise.all([synced(attacker), synced(observer)]);
		moveCard(attacker.doc, id, 'done', 0, { by: people.ward.name });
		expect(columnOf(attacker.doc, id)).toBe('done');
		await waitFor('the server closes the connection', () => attacker.closes.length > 0);
		expect(attacker.closes).toEqual([4422]);
		expect(attacker.provider.shouldConnect).toBe(false);
		const why = JSON.parse(attacker.denied[0]!) as { error: string; where: string; message: string; messageEn: string };
		expect(why).toMatchObject({ error: 'review_gate', where: `cards.${id}.place` });
		expect(why.message).toMatch(/Chờ kiểm tra/);
		expect(why.messageEn).toMatch(/inspectors/);
		// A sequence point: a server-side edit after the refusal reaches the observer; the refused move did not.
		const mark = addCard(collab().getDoc(DOC), 'todo', { title: 'Mốc sau' }, { by: people.commander.name });
		await waitFor('the observer sees the mark', () => readBoard(observer.doc).columns.some((c) => c.cards.some((x) => x.id === mark)));
		expect(columnOf(collab().getDoc(DOC), id)).toBe('review');
		expect(columnOf(observer.doc, id)).toBe('review');
		expect(columnOf(await stored(), id)).toBe('review');
	});

	it('refuses the sign-off in two steps, review → doing then doing → done: the card stays in Đang làm', async () => {
		const id = await inReview('Danh sách trực 24/24');
		const attacker = client('ward');
		const observer = client('commander');
		await Promise.all([synced(attacker), synced(observer)]);
		moveCard(attacker.doc, id, 'doing', 0, { by: people.ward.name });
		await waitFor('the server has the first step', () => columnOf(collab().getDoc(DOC), id) === 'doing');
		moveCard(attacker.doc, id, 'done', 0, { by: people.ward.name });
		await waitFor('the server closes the connection', () => attacker.closes.length > 0);
		expect(attacker.closes).toEqual([4422]);
		const why = JSON.parse(attacker.denied[0]!) as { error: string; where: string; message: string; messageEn: string };
		expect(why).toMatchObject({ error: 'review_gate', where: `cards.${id}.place` });
		expect(why.messageEn).toMatch(/campaign’s board: any card into a done column/);
		const mark = addCard(collab().getDoc(DOC), 'todo', { title: 'Mốc sau hai bước' }, { by: people.commander.name });
		await waitFor('the observer sees the mark', () => readBoard(observer.doc).columns.some((c) => c.cards.some((x) => x.id === mark)));
		expect(columnOf(collab().getDoc(DOC), id)).toBe('doing');
		expect(columnOf(observer.doc, id)).toBe('doing');
		expect(columnOf(await stored(), id)).toBe('doing');
	});

	it("leaves the ward's own board as it was: the ward finishes its tasks there", async () => {
		const own = 'board:ward:kim-ma';
		const doc = await collab().loadDoc(own);
		const id = addCard(doc, 'doing', { title: 'Phát gạo khu phố 3', ward: 'kim-ma' }, { by: people.ward.name });
		const tablet = yjsClient(url, own, { cookie: people.ward.cookie });
		clients.push(tablet);
		await synced(tablet);
		moveCard(tablet.doc, id, 'done', 0, { by: people.ward.name });
		await waitFor('the server has the move', () => columnOf(collab().getDoc(own), id) === 'done');
		expect(tablet.closes).toEqual([]);
	});

	it('the inspection command still signs a card off: đạt over HTTP puts it in Hoàn thành', async () => {
		const id = await inReview('Hậu cần tại chỗ: kho gạo');
		const tablet = client('ward');
		await synced(tablet);
		const res = await fetch(`${url}/api/boards/${BOARD}/inspections`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie: people.inspector.cookie, origin: url },
			body: JSON.stringify({ card: id, conclusion: 'pass' })
		});
		expect(res.status).toBe(201);
		await waitFor('the tablet shows the card in Hoàn thành', () => columnOf(tablet.doc, id) === 'done');
		expect(columnOf(await stored(), id)).toBe('done');
		expect(tablet.closes).toEqual([]);
	});

	it("lets the board's inspector sign it off over the same protocol", async () => {
		const id = await inReview('Phương tiện tại chỗ');
		const inspector = client('inspector');
		await synced(inspector);
		moveCard(inspector.doc, id, 'done', 0, { by: people.inspector.name });
		await waitFor('the server has the move', () => columnOf(collab().getDoc(DOC), id) === 'done');
		expect(inspector.closes).toEqual([]);
		expect(columnOf(await stored(), id)).toBe('done');
	});

	it("refuses an inspector's edit of the ward's card", async () => {
		const id = await inReview('Hậu cần tại chỗ');
		const inspector = client('inspector');
		await synced(inspector);
		updateCard(inspector.doc, id, { title: 'Đổi tên' }, { by: people.inspector.name });
		await waitFor('the server closes the connection', () => inspector.closes.length > 0);
		expect(inspector.closes).toEqual([4422]);
		expect(JSON.parse(inspector.denied[0]!)).toMatchObject({ error: 'inspector_limited', where: `cards.${id}.title` });
		expect(
			readBoard(await stored())
				.columns.flatMap((c) => c.cards)
				.find((c) => c.id === id)?.title
		).toBe('Hậu cần tại chỗ');
	});

	it('an inspection recorded over HTTP reaches the ward’s open tablet: back in Đang làm, with the findings', async () => {
		const id = await inReview('Chỉ huy tại chỗ');
		const tablet = client('ward');
		await synced(tablet);
		const post = (who: keyof typeof people, body: unknown) =>
			fetch(`${url}/api/boards/${BOARD}/inspections`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', cookie: people[who].cookie, origin: url },
				body: JSON.stringify(body)
			});
		const refused = await post('ward', { card: id, conclusion: 'pass' });
		expect(refused.status).toBe(403);
		const res = await post('inspector', { card: id, conclusion: 'fail', findings: 'Chưa có quyết định thành lập Ban chỉ huy' });
		expect(res.status).toBe(201);
		expect(await res.json()).toMatchObject({ card: id, conclusion: 'fail', inspector: { name: people.inspector.name } });
		await waitFor('the tablet shows the card back in Đang làm', () => columnOf(tablet.doc, id) === 'doing');
		const card = readBoard(tablet.doc)
			.columns.flatMap((c) => c.cards)
			.find((c) => c.id === id)!;
		expect(card.comments.at(-1)).toMatchObject({ text: 'Kiểm tra: chưa đạt — Chưa có quyết định thành lập Ban chỉ huy', by: people.inspector.name });
		const list = await fetch(`${url}/api/boards/${BOARD}/inspections`, { headers: { cookie: people.ward.cookie } });
		expect(list.status).toBe(200);
		expect(((await list.json()) as Array<{ card: string }>).map((i) => i.card)).toContain(id);
		expect(tablet.closes).toEqual([]);
	});
});
