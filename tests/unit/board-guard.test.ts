/**
 * The board's rules on raw Yjs updates (src/lib/domain/board-guard.ts), judged as the server does:
 * a client's update is applied to a copy of the server's document inside one transaction, and the
 * guard is asked about that transaction.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { boardMaps, initBoard } from '../../src/lib/domain/board.ts';
import {
	addCard,
	addCheckItem,
	addColumn,
	addComment,
	archiveCard,
	moveCard,
	moveColumn,
	removeColumn,
	updateCard,
	updateCheckItem,
	updateColumn
} from '../../src/lib/contracts/board-edits.ts';
import { BOARD_LIMITS, boardWriterOf, checkBoardTransaction, isAcceptableStamp, isSafeText, type BoardRefusal } from '../../src/lib/domain/board-guard.ts';
import { cardFields } from '../../src/lib/contracts/board.ts';
import type { Principal } from '../../src/lib/domain/access.ts';

const NOW = Date.parse('2021-09-02T03:00:00Z');
const WARDS = new Set(['kim-ma', 'ngoc-ha', 'giang-vo']);
const commander: Principal = { kind: 'user', id: 'u1', username: 'cht.kimma', name: 'Nguyễn Văn An', role: 'ward_commander', wardCode: 'kim-ma' };
const admin: Principal = { kind: 'user', id: 'u2', username: 'admin', name: 'Quản trị', role: 'admin', wardCode: null };
const me = { by: 'Nguyễn Văn An', now: () => new Date(NOW) };

/** The server's document and a client that has synced it. */
function setup(): { server: Y.Doc; client: Y.Doc } {
	const server = new Y.Doc();
	initBoard(server, { title: 'Bảng công việc Phường Kim Mã', ward: 'kim-ma' });
	const client = new Y.Doc();
	Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
	return { server, client };
}

/** What the server says of everything `client` has that `server` has not, written by `who`. */
function judge(server: Y.Doc, client: Y.Doc, who: Principal = commander, now = NOW): BoardRefusal | null {
	const update = Y.encodeStateAsUpdate(client, Y.encodeStateVector(server));
	let verdict: BoardRefusal | null = null;
	server.transact((txn) => {
		Y.applyUpdate(server, update);
		verdict = checkBoardTransaction(
			server,
			txn,
			boardWriterOf(who, (c) => WARDS.has(c)),
			now
		);
	});
	return verdict;
}

/** A board with one card made by `me`, synced to the client; returns the card id. */
function withCard(): { server: Y.Doc; client: Y.Doc; id: string } {
	const { server, client } = setup();
	const id = addCard(client, 'todo', { title: 'Phun khử khuẩn', ward: 'kim-ma' }, me);
	expect(judge(server, client)).toBeNull();
	return { server, client, id };
}

const card = (doc: Y.Doc, id: string) => boardMaps(doc).cards.get(id)!;
const errorOf = (r: BoardRefusal | null) => r?.error ?? null;

describe('legitimate edits through the board model pass', () => {
	it('add, update, move, archive, restore, comment, checklist', () => {
		const { server, client, id } = withCard();
		updateCard(
			client,
			id,
			{ title: 'Phun khử khuẩn ngõ 12', description: 'Cả ngõ', deadline: '2021-09-03T17:00', priority: 'high', assignee: { kind: 'unit', name: 'Tổ 5' } },
			me
		);
		expect(judge(server, client)).toBeNull();
		moveCard(client, id, 'doing', 0, me);
		expect(judge(server, client)).toBeNull();
		addComment(client, id, 'Đã xong một nửa', me);
		expect(judge(server, client)).toBeNull();
		const item = addCheckItem(client, id, 'Mua hoá chất', me);
		expect(judge(server, client)).toBeNull();
		updateCheckItem(client, id, item, { done: true }, me);
		updateCheckItem(client, id, item, { removed: true }, me);
		expect(judge(server, client)).toBeNull();
		archiveCard(client, id, me);
		archiveCard(client, id, me, false);
		expect(judge(server, client)).toBeNull();
	});

	it('columns: add, rename, move, remove', () => {
		const { server, client } = setup();
		const col = addColumn(client, 'Khẩn', { wipLimit: 3 });
		updateColumn(client, col, { title: 'Rất khẩn', done: false });
		moveColumn(client, col, 0);
		removeColumn(client, 'review');
		expect(judge(server, client)).toBeNull();
	});

	it('many offline edits sent as one update (a sync step 2)', () => {
		const { server, client } = setup();
		for (let i = 0; i < 20; i++) {
			const id = addCard(client, 'todo', { title: `Việc ${i}` }, me);
			updateCard(client, id, { title: `Việc số ${i}` }, me);
		}
		expect(judge(server, client)).toBeNull();
	});

	it('an "updated by me" that loses to a concurrent one is still mine', () => {
		const { server, client, id } = withCard();
		const other = new Y.Doc();
		Y.applyUpdate(other, Y.encodeStateAsUpdate(server));
		updateCard(other, id, { title: 'Bản của quản trị' }, { ...me, by: 'Quản trị' });
		updateCard(client, id, { title: 'Bản của chỉ huy' }, me);
		expect(judge(server, other, admin)).toBeNull();
		expect(judge(server, client)).toBeNull();
	});

	it('…and so is one the sender already garbage-collected (it caught up before sending)', () => {
		const { server, client, id } = withCard();
		const other = new Y.Doc();
		Y.applyUpdate(other, Y.encodeStateAsUpdate(server));
		// In a Y.Map the higher client id wins a concurrent write: the client's stamp loses.
		client.clientID = 1;
		other.clientID = 2;
		updateCard(other, id, { title: 'Bản của quản trị' }, { ...me, by: 'Quản trị' });
		expect(judge(server, other, admin)).toBeNull();
		updateCard(client, id, { description: 'Sửa khi mất mạng' }, me);
		Y.applyUpdate(client, Y.encodeStateAsUpdate(other, Y.encodeStateVector(client)));
		expect(card(client, id).get('updatedBy')).toBe('Quản trị');
		expect(judge(server, client)).toBeNull();
		expect(card(server, id).get('description')).toBe('Sửa khi mất mạng');
	});

	it('the district may use any ward, the ward commander its own or none', () => {
		const { server, client, id } = withCard();
		updateCard(client, id, { ward: 'ngoc-ha' }, { ...me, by: 'Quản trị' });
		expect(judge(server, client, admin)).toBeNull();
		updateCard(client, id, { ward: null }, me);
		expect(judge(server, client)).toBeNull();
	});

	it('an empty update changes nothing and passes', () => {
		const { server, client } = setup();
		expect(judge(server, client)).toBeNull();
	});
});

describe('delete is archive', () => {
	it('a card cannot be hard-deleted', () => {
		const { server, client, id } = withCard();
		boardMaps(client).cards.delete(id);
		expect(judge(server, client)).toMatchObject({ error: 'card_deleted', where: `cards.${id}` });
	});
	it('nor replaced by a new, empty card', () => {
		const { server, client, id } = withCard();
		boardMaps(client).cards.set(id, new Y.Map());
		expect(errorOf(judge(server, client))).toBe('card_deleted');
	});
	it('a column cannot be hard-deleted', () => {
		const { server, client } = setup();
		boardMaps(client).columns.delete('todo');
		expect(errorOf(judge(server, client))).toBe('column_deleted');
	});
	it('a comment cannot be removed', () => {
		const { server, client, id } = withCard();
		addComment(client, id, 'Lời dặn', me);
		expect(judge(server, client)).toBeNull();
		client.transact(() => {
			(card(client, id).get('comments') as Y.Array<unknown>).delete(0, 1);
			card(client, id).set('updatedBy', me.by);
		});
		expect(errorOf(judge(server, client))).toBe('comment_removed');
	});
	it('a checklist item and a card field cannot be deleted', () => {
		const a = withCard();
		const item = addCheckItem(a.client, a.id, 'Mục', me);
		expect(judge(a.server, a.client)).toBeNull();
		(card(a.client, a.id).get('checklist') as Y.Map<unknown>).delete(item);
		expect(errorOf(judge(a.server, a.client))).toBe('checklist_item_deleted');
		const b = withCard();
		card(b.client, b.id).delete('description');
		expect(errorOf(judge(b.server, b.client))).toBe('field_deleted');
	});
	it('meta is the server’s: neither written nor deleted', () => {
		const a = setup();
		boardMaps(a.client).meta.set('title', 'Bảng của tôi');
		expect(errorOf(judge(a.server, a.client))).toBe('meta_readonly');
		const b = setup();
		boardMaps(b.client).meta.delete('ward');
		expect(errorOf(judge(b.server, b.client))).toBe('meta_readonly');
	});
});

describe('authorship comes from the connection', () => {
	it('a card created in someone else’s name is refused', () => {
		const { server, client } = setup();
		addCard(client, 'todo', { title: 'Giả mạo' }, { ...me, by: 'Chủ tịch quận' });
		expect(judge(server, client)).toMatchObject({ error: 'forged_author' });
	});
	it('a comment in someone else’s name, or far from now, is refused', () => {
		const a = withCard();
		addComment(a.client, a.id, 'Giả mạo', { ...me, by: 'Chủ tịch quận' });
		expect(errorOf(judge(a.server, a.client))).toBe('forged_author');
		const b = withCard();
		addComment(b.client, b.id, 'Tương lai', { ...me, now: () => new Date(NOW + 3600_000) });
		expect(errorOf(judge(b.server, b.client))).toBe('bad_time');
		const c = withCard();
		addComment(c.client, c.id, 'Ghi lùi ngày', { ...me, now: () => new Date(NOW - 30 * 86_400_000) });
		expect(errorOf(judge(c.server, c.client))).toBe('bad_time');
	});
	it('an edit that does not record its author, or rewrites who created the card, is refused', () => {
		const a = withCard();
		card(a.client, a.id).set('title', 'Sửa lén');
		expect(judge(a.server, a.client)).toMatchObject({ error: 'unstamped_edit' });
		const b = withCard();
		b.client.transact(() => {
			card(b.client, b.id).set('createdBy', me.by);
			card(b.client, b.id).set('updatedBy', me.by);
		});
		expect(errorOf(judge(b.server, b.client))).toBe('created_stamp_changed');
	});
	it('a new card must carry its stamps', () => {
		const { server, client } = setup();
		client.transact(() => {
			const m = new Y.Map<unknown>();
			boardMaps(client).cards.set('c1', m);
			m.set('title', 'Không ai tạo');
			m.set('place', { column: 'todo', position: 'a0' });
		});
		expect(judge(server, client)).toMatchObject({ error: 'incomplete_card' });
	});
});

describe('ward scope', () => {
	it('a ward commander cannot create or move a card to another ward', () => {
		const a = setup();
		addCard(a.client, 'todo', { title: 'Sang phường khác', ward: 'ngoc-ha' }, me);
		expect(errorOf(judge(a.server, a.client))).toBe('ward_out_of_scope');
		const b = withCard();
		updateCard(b.client, b.id, { ward: 'ngoc-ha' }, me);
		expect(errorOf(judge(b.server, b.client))).toBe('ward_out_of_scope');
	});
	it('a ward that does not exist is refused, even for the district', () => {
		const { server, client, id } = withCard();
		updateCard(client, id, { ward: 'atlantis' }, { ...me, by: 'Quản trị' });
		expect(errorOf(judge(server, client, admin))).toBe('unknown_ward');
	});
});

/** Writes `field = value` on an existing card, stamped correctly, past the board model's checks. */
function rawWrite(field: string, value: unknown): BoardRefusal | null {
	const { server, client, id } = withCard();
	client.transact(() => {
		card(client, id).set(field, value);
		card(client, id).set('updatedBy', me.by);
		card(client, id).set('updatedAt', new Date(NOW).toISOString());
	});
	return judge(server, client);
}

describe('sizes and types', () => {
	it.each([
		['a 201-character title', 'title', 'x'.repeat(201), 'too_long'],
		['a 200-character title', 'title', 'x'.repeat(200), null],
		['a 5,001-character description', 'description', 'x'.repeat(5001), 'too_long'],
		['a number for the title', 'title', 42, 'invalid_value'],
		['a NUL byte in the title', 'title', 'a\u0000b', 'unsafe_text'],
		['deadline 2021-99-99', 'deadline', '2021-99-99', 'invalid_value'],
		['deadline 2021-02-29', 'deadline', '2021-02-29', 'invalid_value'],
		['an unknown priority', 'priority', 'cực khẩn', 'invalid_value'],
		['a deeply nested assignee', 'assignee', { kind: 'person', name: { deep: { deeper: { deepest: 'x' } } } }, 'too_deep'],
		['an assignee with an extra key', 'assignee', { kind: 'person', name: 'An', extra: 1 }, 'invalid_value'],
		['a string for archived', 'archived', 'yes', 'invalid_value'],
		['a place in no column', 'place', { column: 'nowhere', position: 'a1' }, 'unknown_column'],
		['a number for a position', 'place', { column: 'doing', position: 7 }, 'invalid_value'],
		['an unknown field', 'colour', 'red', 'unknown_structure'],
		['a field named constructor', 'constructor', 'x', 'unknown_structure'],
		['a field named __proto__', '__proto__', 'x', 'unknown_structure']
	])('%s → %s', (_label, field, value, expected) => {
		expect(errorOf(rawWrite(field as string, value))).toBe(expected);
	});

	it('a value the input schemas (contracts/board) accept is one the guard accepts, and the other way round', () => {
		const samples: Record<string, unknown[]> = {
			title: ['Lập chốt', '  x  ', '   ', '', 'x'.repeat(200), 7, null],
			description: ['', '   ', 'x'.repeat(5000), 1, null],
			assignee: [
				null,
				{ kind: 'person', name: 'An' },
				{ kind: 'unit', name: '  ' },
				{ kind: 'team', name: 'An' },
				{ kind: 'unit' },
				{ kind: 'person', name: 'x'.repeat(121) },
				['person', 'An'],
				'An'
			],
			focus: [null, 'testing', 'parties', 3],
			deadline: [null, '2021-09-02', '2021-09-02T17:00', '2021-09-02T24:00', '02/09/2021', 20210902],
			priority: ['urgent', 'cực khẩn', null],
			ward: [null, 'kim-ma', 'Kim Mã', '', 5]
		};
		for (const [field, values] of Object.entries(samples))
			for (const value of values) {
				const schema = cardFields[field as keyof typeof cardFields];
				const guard = errorOf(rawWrite(field, value));
				expect([field, value, guard === null || guard === 'unknown_ward']).toEqual([field, value, schema.safeParse(value).success]);
			}
	});

	it('a lone surrogate cannot even arrive: the wire is UTF-8, it lands as U+FFFD', () => {
		const { server, client, id } = withCard();
		updateCard(client, id, { description: 'lẻ \uD800 loi' }, me);
		expect(judge(server, client)).toBeNull();
		expect(card(server, id).get('description')).toBe('lẻ \uFFFD loi');
	});

	it('a Y.Text where a string belongs, and an unknown top-level type, are refused', () => {
		expect(errorOf(rawWrite('title', new Y.Text('x')))).toBe('invalid_value');
		const { server, client } = setup();
		client.getMap('evil').set('x', 1);
		expect(errorOf(judge(server, client))).toBe('unknown_structure');
		const b = setup();
		b.client.getArray('cards').push(['x']);
		expect(errorOf(judge(b.server, b.client))).toBe('unknown_structure');
	});

	it('a comment over 2,000 characters is refused', () => {
		const { server, client, id } = withCard();
		client.transact(() => {
			(card(client, id).get('comments') as Y.Array<unknown>).push([{ id: 'k1', text: 'x'.repeat(2001), by: me.by, at: new Date(NOW).toISOString() }]);
			card(client, id).set('updatedBy', me.by);
		});
		expect(errorOf(judge(server, client))).toBe('too_long');
	});

	it(`a checklist holds at most ${BOARD_LIMITS.checklistItems} live items`, () => {
		const { server, client, id } = withCard();
		for (let i = 0; i < BOARD_LIMITS.checklistItems; i++) addCheckItem(client, id, `Mục ${i}`, me);
		expect(judge(server, client)).toBeNull();
		addCheckItem(client, id, 'Một mục quá nhiều', me);
		expect(errorOf(judge(server, client))).toBe('checklist_too_long');
	});
});

describe('helpers', () => {
	it('isSafeText refuses NUL and lone surrogates, keeps emoji and Vietnamese', () => {
		expect(isSafeText('Phường Ngọc Hà 🏥')).toBe(true);
		expect(isSafeText('a\u0000')).toBe(false);
		expect(isSafeText('\uDC00x')).toBe(false);
		expect(isSafeText('x\uD83D')).toBe(false);
	});
	it('isAcceptableStamp: an ISO instant within a week back and ten minutes ahead', () => {
		expect(isAcceptableStamp(new Date(NOW).toISOString(), NOW)).toBe(true);
		expect(isAcceptableStamp(new Date(NOW - 6 * 86_400_000).toISOString(), NOW)).toBe(true);
		expect(isAcceptableStamp(new Date(NOW + 11 * 60_000).toISOString(), NOW)).toBe(false);
		expect(isAcceptableStamp('2021-09-02', NOW)).toBe(false);
		expect(isAcceptableStamp(12, NOW)).toBe(false);
	});
});
