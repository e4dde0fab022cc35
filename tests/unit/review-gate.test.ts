/**
 * The inspection gate of board-guard (issue 14 §3), judged as the server does (see
 * board-guard.test.ts): only an inspector of the board, a district commander or an admin moves a
 * card out of *Chờ kiểm tra* into a done column — whatever the client, for raw Yjs updates too —
 * and an inspector edits nothing on a board but comments, checklists and places.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { initBoard, readBoard } from '../../src/lib/domain/board.ts';
import {
	addCard,
	addCheckItem,
	addColumn,
	addComment,
	moveCard,
	removeColumn,
	updateCard,
	updateCheckItem,
	updateColumn
} from '../../src/lib/contracts/board-edits.ts';
import { boardWriterOf, checkBoardTransaction, isCampaignBoard, type BoardRefusal } from '../../src/lib/domain/board-guard.ts';
import { documentAccess, type Principal } from '../../src/lib/domain/access.ts';

const NOW = Date.parse('2021-09-02T03:00:00Z');
const BOARD = 'kiem-tra-4-tai-cho';
const WARDS = new Set(['kim-ma', 'ngoc-ha']);
const ward: Principal = { kind: 'user', id: 'u1', username: 'cht.kimma', name: 'Nguyễn Văn An', role: 'ward_commander', wardCode: 'kim-ma' };
const inspector: Principal = { kind: 'user', id: 'u3', username: 'dkt.binh', name: 'Trần Thị Bình', role: 'inspector', wardCode: null, boards: [BOARD] };
const otherInspector: Principal = {
	kind: 'user',
	id: 'u4',
	username: 'dkt.cuong',
	name: 'Lê Văn Cường',
	role: 'inspector',
	wardCode: null,
	boards: ['dot-khac']
};
const commander: Principal = { kind: 'user', id: 'u5', username: 'chq', name: 'Phạm Quận', role: 'district_commander', wardCode: null };
const admin: Principal = { kind: 'user', id: 'u2', username: 'admin', name: 'Quản trị', role: 'admin', wardCode: null };
const ctx = (p: Principal) => ({ by: p.kind === 'user' ? p.name : '', now: () => new Date(NOW) });

/** What the server says of everything `client` has that `server` has not, written by `who` on BOARD. */
function judge(server: Y.Doc, client: Y.Doc, who: Principal, board = BOARD): BoardRefusal | null {
	const update = Y.encodeStateAsUpdate(client, Y.encodeStateVector(server));
	let verdict: BoardRefusal | null = null;
	server.transact((txn) => {
		Y.applyUpdate(server, update);
		verdict = checkBoardTransaction(
			server,
			txn,
			boardWriterOf(who, (c) => WARDS.has(c), board),
			NOW
		);
	});
	return verdict;
}

/** A board (a campaign's for Kim Mã unless told) with one card of the ward in Chờ kiểm tra, on the server and a client. */
function inReview(board = BOARD): { server: Y.Doc; client: (who: Principal) => Y.Doc; id: string } {
	const server = new Y.Doc();
	initBoard(server, { title: 'Kiểm tra "4 tại chỗ"', ward: 'kim-ma' });
	const author = new Y.Doc();
	Y.applyUpdate(author, Y.encodeStateAsUpdate(server));
	const id = addCard(author, 'todo', { title: 'Lực lượng tại chỗ', ward: 'kim-ma' }, ctx(ward));
	moveCard(author, id, 'review', 0, ctx(ward));
	expect(judge(server, author, ward, board)).toBeNull();
	const client = () => {
		const d = new Y.Doc();
		Y.applyUpdate(d, Y.encodeStateAsUpdate(server));
		return d;
	};
	return { server, client, id };
}

const columnOf = (doc: Y.Doc, id: string) => readBoard(doc).columns.find((c) => c.cards.some((x) => x.id === id))?.id;

describe('the review gate', () => {
	it("refuses the ward's own move of its card from Chờ kiểm tra to done", () => {
		const { server, client, id } = inReview();
		const c = client(ward);
		moveCard(c, id, 'done', 0, ctx(ward));
		expect(judge(server, c, ward)).toEqual({ error: 'review_gate', where: `cards.${id}.place` });
	});

	it('refuses it from an inspector of another board, too', () => {
		const { server, client, id } = inReview();
		const c = client(otherInspector);
		moveCard(c, id, 'done', 0, ctx(otherInspector));
		expect(judge(server, c, otherInspector)?.error).toBe('review_gate');
	});

	it("lets the board's inspector, a district commander and an admin sign it off", () => {
		for (const who of [inspector, commander, admin]) {
			const { server, client, id } = inReview();
			const c = client(who);
			moveCard(c, id, 'done', 0, ctx(who));
			expect(judge(server, c, who)).toBeNull();
			expect(columnOf(server, id)).toBe('done');
		}
	});

	it('lets the ward take its card back to Đang làm (not ready after all)', () => {
		const { server, client, id } = inReview();
		const c = client(ward);
		moveCard(c, id, 'doing', 0, ctx(ward));
		expect(judge(server, c, ward)).toBeNull();
	});

	it('is not fooled by review → doing → done in one offline update', () => {
		const { server, client, id } = inReview();
		const c = client(ward);
		moveCard(c, id, 'doing', 0, ctx(ward));
		moveCard(c, id, 'done', 0, ctx(ward));
		expect(judge(server, c, ward)?.error).toBe('review_gate');
	});

	it('nor by a new done column made in the same update', () => {
		const { server, client, id } = inReview();
		const c = client(ward);
		const col = addColumn(c, 'Xong rồi', { done: true });
		moveCard(c, id, col, 0, ctx(ward));
		expect(judge(server, c, ward)?.error).toBe('review_gate');
	});

	it('refuses turning Chờ kiểm tra itself into a done column, but not for the district', () => {
		const { server, client } = inReview();
		const c = client(ward);
		updateColumn(c, 'review', { done: true });
		expect(judge(server, c, ward)).toEqual({ error: 'review_gate', where: 'columns.review.done' });
		const again = inReview();
		const d = again.client(commander);
		updateColumn(d, 'review', { done: true });
		expect(judge(again.server, d, commander)).toBeNull();
	});
});

describe("on a campaign's board, every way into done is a sign-off", () => {
	/** One update from a client in step with the server, judged on a shadow copy; the server takes it only if allowed. */
	const step = (server: Y.Doc, edit: (d: Y.Doc) => void, who: Principal = ward) => {
		const c = new Y.Doc();
		Y.applyUpdate(c, Y.encodeStateAsUpdate(server));
		edit(c);
		const shadow = new Y.Doc();
		Y.applyUpdate(shadow, Y.encodeStateAsUpdate(server));
		const verdict = judge(shadow, c, who);
		if (!verdict) Y.applyUpdate(server, Y.encodeStateAsUpdate(c, Y.encodeStateVector(server)));
		return verdict;
	};

	it('refuses review → doing, then doing → done in the next update: the card stays in Đang làm', () => {
		const { server, id } = inReview();
		expect(step(server, (d) => moveCard(d, id, 'doing', 0, ctx(ward)))).toBeNull();
		expect(step(server, (d) => moveCard(d, id, 'done', 0, ctx(ward)))).toEqual({ error: 'review_gate', where: `cards.${id}.place` });
		expect(columnOf(server, id)).toBe('doing');
	});

	it('refuses a card that never went to Chờ kiểm tra, and a new card made in Hoàn thành', () => {
		const { server } = inReview();
		let other = '';
		expect(step(server, (d) => (other = addCard(d, 'todo', { title: 'Hậu cần tại chỗ', ward: 'kim-ma' }, ctx(ward))))).toBeNull();
		expect(step(server, (d) => moveCard(d, other, 'done', 0, ctx(ward)))?.error).toBe('review_gate');
		let made = '';
		const r = step(server, (d) => (made = addCard(d, 'done', { title: 'Đã xong rồi', ward: 'kim-ma' }, ctx(ward))));
		expect(r).toEqual({ error: 'review_gate', where: `cards.${made}.place` });
		expect(
			readBoard(server)
				.columns.flatMap((c) => c.cards)
				.map((c) => c.id)
		).not.toContain(made);
	});

	it('refuses making any column a done one: an existing one, a new one, a removed one brought back', () => {
		const { server, id } = inReview();
		expect(step(server, (d) => updateColumn(d, 'doing', { done: true }))).toEqual({ error: 'review_gate', where: 'columns.doing.done' });
		expect(step(server, (d) => addColumn(d, 'Xong', { done: true }))?.error).toBe('review_gate');
		// Hoàn thành removed, the card put in it while it is no done column, then Hoàn thành brought back.
		expect(step(server, (d) => removeColumn(d, 'done'))).toBeNull();
		expect(step(server, (d) => (d.getMap('cards').get(id) as Y.Map<unknown>).set('place', { column: 'done', position: 'a0' }))).toBeNull();
		expect(step(server, (d) => (d.getMap('columns').get('done') as Y.Map<unknown>).set('removed', false))).toEqual({
			error: 'review_gate',
			where: 'columns.done.done'
		});
		expect(readBoard(server).columns.find((c) => c.id === 'done')).toBeUndefined();
	});

	it('leaves the ward the rest: a new column, reordering signed-off cards, reopening one', () => {
		const { server, id } = inReview();
		expect(step(server, (d) => addColumn(d, 'Chờ vật tư'))).toBeNull();
		expect(step(server, (d) => moveCard(d, id, 'done', 0, ctx(inspector)), inspector)).toBeNull();
		let other = '';
		expect(step(server, (d) => (other = addCard(d, 'review', { title: 'Hậu cần tại chỗ', ward: 'kim-ma' }, ctx(ward))))).toBeNull();
		expect(step(server, (d) => moveCard(d, other, 'done', 1, ctx(commander)), commander)).toBeNull();
		expect(step(server, (d) => moveCard(d, other, 'done', 0, ctx(ward)))).toBeNull();
		expect(step(server, (d) => updateColumn(d, 'done', { title: 'Đã kiểm tra' }))).toBeNull();
		expect(step(server, (d) => moveCard(d, id, 'doing', 0, ctx(ward)))).toBeNull();
		expect(columnOf(server, id)).toBe('doing');
	});

	it("judges what the update changed, not its steps: a tablet's offline move that loses to the inspector's sign-off passes", () => {
		const { server, client, id } = inReview();
		const tablet = client(ward); // forked before the sign-off, offline
		expect(step(server, (d) => moveCard(d, id, 'done', 0, ctx(inspector)), inspector)).toBeNull();
		moveCard(tablet, id, 'doing', 0, ctx(ward));
		expect(step(server, (d) => Y.applyUpdate(d, Y.encodeStateAsUpdate(tablet)))).toBeNull();
		// …and one whose merge leaves the card in done is refused (client ids fixed: the ward's write wins).
		const late = inReview();
		const t2 = late.client(ward);
		t2.clientID = 2 ** 30;
		const desk = late.client(inspector);
		desk.clientID = 1;
		moveCard(desk, late.id, 'doing', 0, ctx(inspector));
		expect(step(late.server, (d) => Y.applyUpdate(d, Y.encodeStateAsUpdate(desk)), inspector)).toBeNull();
		moveCard(t2, late.id, 'doing', 0, ctx(ward));
		moveCard(t2, late.id, 'done', 0, ctx(ward));
		expect(step(late.server, (d) => Y.applyUpdate(d, Y.encodeStateAsUpdate(t2)))).toEqual({ error: 'review_gate', where: `cards.${late.id}.place` });
		expect(columnOf(late.server, late.id)).toBe('doing');
	});

	it("lets the board's inspector and the district put cards in done whatever the way", () => {
		for (const who of [inspector, commander]) {
			const { server } = inReview();
			let other = '';
			expect(step(server, (d) => (other = addCard(d, 'todo', { title: 'Hậu cần tại chỗ', ward: 'kim-ma' }, ctx(ward))))).toBeNull();
			expect(step(server, (d) => moveCard(d, other, 'done', 0, ctx(who)), who)).toBeNull();
			expect(columnOf(server, other)).toBe('done');
		}
	});
});

describe("on a ward's own board and the district's, only Chờ kiểm tra → done is gated", () => {
	it('knows a campaign board from the district board and a ward board', () => {
		expect(isCampaignBoard(BOARD)).toBe(true);
		expect(isCampaignBoard('district')).toBe(false);
		expect(isCampaignBoard('ward:kim-ma')).toBe(false);
		expect(isCampaignBoard(null)).toBe(false);
	});

	it('the ward still finishes its own tasks: any other card into done, a new card in done, a done column', () => {
		const { server, client } = inReview('ward:kim-ma');
		const c = client(ward);
		const other = addCard(c, 'doing', { title: 'Hậu cần tại chỗ', ward: 'kim-ma' }, ctx(ward));
		moveCard(c, other, 'done', 0, ctx(ward));
		addCard(c, 'done', { title: 'Đã xong', ward: 'kim-ma' }, ctx(ward));
		addColumn(c, 'Xong', { done: true });
		updateColumn(c, 'doing', { done: true });
		expect(judge(server, c, ward, 'ward:kim-ma')).toBeNull();
		expect(columnOf(server, other)).toBe('done');
	});

	it('but not its card out of Chờ kiểm tra into done, nor Chờ kiểm tra turned into a done column', () => {
		const { server, client, id } = inReview('ward:kim-ma');
		const c = client(ward);
		moveCard(c, id, 'done', 0, ctx(ward));
		expect(judge(server, c, ward, 'ward:kim-ma')).toEqual({ error: 'review_gate', where: `cards.${id}.place` });
		const d = client(ward);
		updateColumn(d, 'review', { done: true });
		expect(judge(server, d, ward, 'ward:kim-ma')).toEqual({ error: 'review_gate', where: 'columns.review.done' });
	});
});

describe('an inspector on its board', () => {
	it('comments, ticks the checklist and moves cards', () => {
		const { server, client, id } = inReview();
		const setup = client(ward);
		const item = addCheckItem(setup, id, 'Có chỉ huy tại chỗ', ctx(ward));
		expect(judge(server, setup, ward)).toBeNull();
		const c = client(inspector);
		addComment(c, id, 'Đã xem hồ sơ', ctx(inspector));
		updateCheckItem(c, id, item, { done: true }, ctx(inspector));
		addCheckItem(c, id, 'Có sổ trực', ctx(inspector));
		moveCard(c, id, 'doing', 0, ctx(inspector));
		expect(judge(server, c, inspector)).toBeNull();
	});

	it("edits no card field, makes no card and no column (the ward's work stays the ward's)", () => {
		const edits: Array<[string, (d: Y.Doc, id: string) => void, string]> = [
			['title', (d, id) => updateCard(d, id, { title: 'Đổi tên' }, ctx(inspector)), 'title'],
			['ward', (d, id) => updateCard(d, id, { ward: null }, ctx(inspector)), 'ward'],
			['new card', (d) => addCard(d, 'todo', { title: 'Việc mới' }, ctx(inspector)), ''],
			['new column', (d) => addColumn(d, 'Cột mới'), '']
		];
		for (const [, edit, field] of edits) {
			const { server, client, id } = inReview();
			const c = client(inspector);
			edit(c, id);
			const r = judge(server, c, inspector);
			expect(r?.error).toBe('inspector_limited');
			if (field) expect(r?.where).toBe(`cards.${id}.${field}`);
		}
	});
});

describe('who reaches the board at all (documentAccess)', () => {
	it("an inspector writes its boards and sees no other, nor the district's, nor a ward's", () => {
		expect(documentAccess(inspector, `board:${BOARD}`)).toBe('write');
		expect(documentAccess(inspector, 'board:dot-khac')).toBeNull();
		expect(documentAccess(inspector, 'board:district')).toBeNull();
		expect(documentAccess(inspector, 'board:ward:kim-ma')).toBeNull();
	});

	it("a campaign board for one ward is that ward's to write, and no other ward's", () => {
		expect(documentAccess(ward, `board:${BOARD}`, 'kim-ma')).toBe('write');
		expect(documentAccess(ward, `board:${BOARD}`, 'ngoc-ha')).toBeNull();
		expect(documentAccess(ward, `board:${BOARD}`)).toBeNull();
		const staff: Principal = { ...ward, role: 'ward_staff' } as Principal;
		expect(documentAccess(staff, `board:${BOARD}`, 'kim-ma')).toBe('write');
	});

	it('the card ward scope still holds on such a board', () => {
		const { server, client, id } = inReview();
		const c = client(ward);
		updateCard(c, id, { ward: 'ngoc-ha' }, ctx(ward));
		expect(judge(server, c, ward)?.error).toBe('ward_out_of_scope');
	});
});
