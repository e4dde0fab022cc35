import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { boardMaps, initBoard, keyBetween, placeAt, positionAt, readBoard } from '../../src/lib/domain/board.ts';
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
import { BoardInputError, UNSORTED } from '../../src/lib/contracts/board.ts';

const ctx = { by: 'Nguyễn Văn An', now: () => new Date('2021-09-02T03:00:00Z') };

function board(): Y.Doc {
	const doc = new Y.Doc();
	initBoard(doc, { title: 'Bảng công việc Phường Kim Mã', ward: 'kim-ma' });
	return doc;
}

function sync(a: Y.Doc, b: Y.Doc): void {
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
	Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

const titles = (doc: Y.Doc, col: string) =>
	readBoard(doc)
		.columns.find((c) => c.id === col)
		?.cards.map((c) => c.title);
const liveIds = (doc: Y.Doc) => readBoard(doc).columns.flatMap((c) => c.cards.map((k) => k.id));

describe('a new board', () => {
	it('has the four default columns in order, and is initialised only once', () => {
		const doc = board();
		expect(readBoard(doc).columns.map((c) => c.title)).toEqual(['Cần làm', 'Đang làm', 'Chờ kiểm tra', 'Hoàn thành']);
		expect(readBoard(doc).columns.map((c) => c.done)).toEqual([false, false, false, true]);
		expect(initBoard(doc, { title: 'again', ward: null })).toBe(false);
		expect(readBoard(doc).title).toBe('Bảng công việc Phường Kim Mã');
	});
});

describe('cards', () => {
	it('are added at the end or at an index, with defaults, and keep who made them', () => {
		const doc = board();
		addCard(doc, 'todo', { title: 'Lập chốt kiểm soát' }, ctx);
		addCard(doc, 'todo', { title: 'Xét nghiệm diện rộng', focus: 'testing', deadline: '2021-09-05' }, ctx);
		addCard(doc, 'todo', { title: 'Đầu tiên' }, ctx, 0);
		expect(titles(doc, 'todo')).toEqual(['Đầu tiên', 'Lập chốt kiểm soát', 'Xét nghiệm diện rộng']);
		const card = readBoard(doc).columns[0]!.cards[2]!;
		expect(card).toMatchObject({
			focus: 'testing',
			deadline: '2021-09-05',
			priority: 'normal',
			createdBy: 'Nguyễn Văn An',
			createdAt: '2021-09-02T03:00:00.000Z'
		});
	});

	it('refuses a bad value naming the field, and writes nothing', () => {
		const doc = board();
		const before = Y.encodeStateAsUpdate(doc);
		const attempt = (input: unknown) => {
			try {
				addCard(doc, 'todo', input, ctx);
			} catch (e) {
				return (e as BoardInputError).errors.map((x) => `${x.field}:${x.code}`);
			}
			return 'accepted';
		};
		expect(attempt({ title: '   ' })).toEqual(['title:required']);
		expect(attempt({ title: 'x', deadline: '2021-02-30' })).toEqual(['deadline:invalid']);
		expect(attempt({ title: 'x', focus: 'parties' })).toEqual(['focus:invalid']);
		expect(attempt({ title: 'x', colour: 'red' })).toEqual(['colour:unknown_field']);
		expect(() => addCard(doc, 'nowhere', { title: 'x' }, ctx)).toThrow(BoardInputError);
		expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
	});

	it('move within and across columns by one assignment', () => {
		const doc = board();
		const a = addCard(doc, 'todo', { title: 'A' }, ctx);
		addCard(doc, 'todo', { title: 'B' }, ctx);
		addCard(doc, 'todo', { title: 'C' }, ctx);
		moveCard(doc, a, 'todo', 2, ctx);
		expect(titles(doc, 'todo')).toEqual(['B', 'C', 'A']);
		moveCard(doc, a, 'doing', 0, ctx);
		expect(titles(doc, 'todo')).toEqual(['B', 'C']);
		expect(titles(doc, 'doing')).toEqual(['A']);
	});

	it('edits of different fields by two people both survive', () => {
		const a = board();
		const b = new Y.Doc();
		sync(a, b);
		const id = addCard(a, 'todo', { title: 'Cấp gạo' }, ctx);
		sync(a, b);
		updateCard(a, id, { title: 'Cấp gạo cho hộ khó khăn' }, ctx);
		updateCard(b, id, { assignee: { kind: 'unit', name: 'Hội Chữ thập đỏ' }, focus: 'welfare' }, { by: 'Trần Thị Bình' });
		sync(a, b);
		const card = readBoard(a).columns[0]!.cards[0]!;
		expect(card).toMatchObject({ title: 'Cấp gạo cho hộ khó khăn', assignee: { kind: 'unit', name: 'Hội Chữ thập đỏ' }, focus: 'welfare' });
		expect(readBoard(b)).toEqual(readBoard(a));
	});

	it('two people moving the same card at once: it ends in one place, once', () => {
		const a = board();
		const b = new Y.Doc();
		sync(a, b);
		const id = addCard(a, 'todo', { title: 'Phun khử khuẩn' }, ctx);
		addCard(a, 'todo', { title: 'Other' }, ctx);
		sync(a, b);
		moveCard(a, id, 'doing', 0, ctx);
		moveCard(b, id, 'done', 0, ctx);
		sync(a, b);
		expect(readBoard(a)).toEqual(readBoard(b));
		const ids = liveIds(a);
		expect(ids.filter((x) => x === id)).toHaveLength(1);
		expect(ids).toHaveLength(2);
	});

	it('two people inserting at the same spot: both cards, a stable order, a later insert between them still works', () => {
		const a = board();
		const b = new Y.Doc();
		sync(a, b);
		addCard(a, 'todo', { title: 'A' }, ctx);
		addCard(b, 'todo', { title: 'B' }, ctx);
		sync(a, b);
		expect(titles(a, 'todo')).toEqual(titles(b, 'todo'));
		expect(titles(a, 'todo')?.sort()).toEqual(['A', 'B']);
		addCard(a, 'todo', { title: 'M' }, ctx, 1);
		expect(titles(a, 'todo')?.[1]).toBe('M');
	});

	it('archive while another edits: the card and the edit are both kept', () => {
		const a = board();
		const b = new Y.Doc();
		sync(a, b);
		const id = addCard(a, 'todo', { title: 'Kiểm tra chốt' }, ctx);
		sync(a, b);
		archiveCard(a, id, ctx);
		updateCard(b, id, { priority: 'urgent' }, ctx);
		sync(a, b);
		expect(liveIds(a)).toEqual([]);
		expect(readBoard(a).archived[0]).toMatchObject({ id, priority: 'urgent', archived: true });
		archiveCard(a, id, ctx, false);
		expect(titles(a, 'todo')).toEqual(['Kiểm tra chốt']);
	});

	it('comments are appended, concurrent comments are both kept', () => {
		const a = board();
		const b = new Y.Doc();
		const id = addCard(a, 'todo', { title: 'x' }, ctx);
		sync(a, b);
		addComment(a, id, 'Đã liên hệ tổ dân phố', ctx);
		addComment(b, id, 'Cần thêm 20 suất', { by: 'Lê Văn Cường' });
		sync(a, b);
		expect(
			readBoard(a)
				.columns[0]!.cards[0]!.comments.map((c) => c.text)
				.sort()
		).toEqual(['Cần thêm 20 suất', 'Đã liên hệ tổ dân phố']);
		expect(() => addComment(a, id, '', ctx)).toThrow(BoardInputError);
	});

	it('checklist items: add, tick, rename, remove', () => {
		const doc = board();
		const id = addCard(doc, 'todo', { title: 'x' }, ctx);
		const i1 = addCheckItem(doc, id, 'Đủ 4 tại chỗ', ctx);
		const i2 = addCheckItem(doc, id, 'Báo cáo 18h', ctx);
		updateCheckItem(doc, id, i1, { done: true }, ctx);
		updateCheckItem(doc, id, i2, { text: 'Báo cáo lúc 18:00' }, ctx);
		expect(readBoard(doc).columns[0]!.cards[0]!.checklist).toEqual([
			{ id: i1, text: 'Đủ 4 tại chỗ', done: true },
			{ id: i2, text: 'Báo cáo lúc 18:00', done: false }
		]);
		updateCheckItem(doc, id, i1, { removed: true }, ctx);
		expect(readBoard(doc).columns[0]!.cards[0]!.checklist.map((c) => c.id)).toEqual([i2]);
	});
});

describe('columns', () => {
	it('rename, reorder, WIP limit, add', () => {
		const doc = board();
		updateColumn(doc, 'review', { title: 'Chờ đoàn kiểm tra', wipLimit: 3 });
		moveColumn(doc, 'done', 0);
		const extra = addColumn(doc, 'Tạm dừng');
		const cols = readBoard(doc).columns;
		expect(cols.map((c) => c.id)).toEqual(['done', 'todo', 'doing', 'review', extra]);
		expect(cols[3]).toMatchObject({ title: 'Chờ đoàn kiểm tra', wipLimit: 3 });
		expect(() => updateColumn(doc, 'todo', { wipLimit: 0 })).toThrow(BoardInputError);
		expect(() => updateColumn(doc, 'todo', { title: '' })).toThrow(BoardInputError);
	});

	it('cards of a removed column land in the Unsorted lane, even when moved there concurrently', () => {
		const a = board();
		const b = new Y.Doc();
		sync(a, b);
		addCard(a, 'review', { title: 'Đang chờ' }, ctx);
		const moving = addCard(a, 'todo', { title: 'Moving' }, ctx);
		sync(a, b);
		removeColumn(a, 'review');
		moveCard(b, moving, 'review', 0, ctx);
		sync(a, b);
		const view = readBoard(a);
		expect(view.columns.map((c) => c.id)).toEqual(['todo', 'doing', 'done', UNSORTED]);
		expect(
			view.columns
				.at(-1)!
				.cards.map((c) => c.title)
				.sort()
		).toEqual(['Moving', 'Đang chờ']);
		// and out of it again
		moveCard(a, moving, 'todo', 0, ctx);
		expect(titles(a, 'todo')).toEqual(['Moving']);
		expect(() => moveCard(a, moving, UNSORTED, 0, ctx)).toThrow(BoardInputError);
	});
});

describe('reading a document written by anyone', () => {
	it('garbage values never break the board or duplicate a card', () => {
		const doc = board();
		const { cards } = boardMaps(doc);
		doc.transact(() => {
			const bad = new Y.Map<unknown>();
			cards.set('bad', bad);
			bad.set('title', 42);
			bad.set('place', 'here');
			bad.set('priority', 'whenever');
			bad.set('deadline', 'tomorrow');
			cards.set('notamap', 'x' as never);
		});
		const view = readBoard(doc);
		expect(view.columns.at(-1)!.id).toBe(UNSORTED);
		expect(view.columns.at(-1)!.cards).toEqual([expect.objectContaining({ id: 'bad', title: '(không tiêu đề)', priority: 'normal', deadline: null })]);
	});
});

describe('positions', () => {
	it('keyBetween survives equal and invalid neighbours', () => {
		const k = keyBetween(null, null);
		expect(keyBetween(k, k) > k).toBe(true);
		expect(typeof keyBetween('!!', null)).toBe('string');
		const sorted = [
			{ id: 'a', position: k },
			{ id: 'b', position: k },
			{ id: 'c', position: keyBetween(k, null) }
		];
		const { position, shifted } = placeAt(sorted, 1);
		// between a and b, which tie: b is given a key after the new one, c stays
		expect(position > k).toBe(true);
		expect(shifted).toHaveLength(1);
		expect(shifted[0]!.id).toBe('b');
		expect(shifted[0]!.position > position && shifted[0]!.position < sorted[2]!.position).toBe(true);
		expect(positionAt(sorted, 3) > sorted[2]!.position).toBe(true);
	});
});
