/**
 * The defensive readers of stored board documents (issue 10.1): whatever a client once wrote
 * into a board, reading it gives well-formed values — never an exception, never text that SQL
 * cannot hold. The server-side test (tests/security/board-data.test.ts) stores such documents
 * and restarts the server on them.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { boardMaps, initBoard, readBoard, readDeadline } from '../../src/lib/domain/board.ts';
import { addCard } from '../../src/lib/contracts/board-edits.ts';
import { cleanText, cleanTextOrNull } from '../../src/lib/domain/stored-text.ts';
import { countTasks, deadlineInstant, projectBoard, taskTiming } from '../../src/lib/domain/tasks.ts';
import { COMMENT_MAX, DESCRIPTION_MAX, TITLE_MAX, UNSORTED } from '../../src/lib/contracts/board.ts';
import { mergeStored } from '../../src/lib/server/collab/persistence.ts';

const ctx = { by: 'Nguyễn Văn An', now: () => new Date('2021-09-02T03:00:00Z') };
const NOW = new Date('2021-09-02T03:00:00Z');

function deep(levels: number): unknown {
	let v: unknown = 'đáy';
	for (let i = 0; i < levels; i++) v = { a: v };
	return v;
}

/** A seeded board with one good card and one card holding every kind of hostile value. */
function hostileBoard(): { doc: Y.Doc; good: string } {
	const doc = new Y.Doc();
	initBoard(doc, { title: 'Bảng công việc Phường Kim Mã', ward: 'kim-ma' });
	const good = addCard(doc, 'todo', { title: 'Phun khử khuẩn chợ Kim Mã', deadline: '2021-09-03' }, ctx);
	const { cards } = boardMaps(doc);
	doc.transact(() => {
		const bad = new Y.Map<unknown>();
		cards.set('bad', bad);
		bad.set('title', `Lập chốt\u0000 ngõ 12 ${'x'.repeat(200_000)}`);
		bad.set('description', 42);
		bad.set('deadline', '2021-99-99');
		bad.set('ward', 'kim-ma\u0000; drop table');
		bad.set('focus', { nested: deep(50) });
		bad.set('priority', 7);
		bad.set('assignee', { kind: 'person', name: 'An\u0000' });
		bad.set('place', { column: 'doing', position: 12 });
		bad.set('checklist', new Y.Array());
		bad.set('comments', new Y.Map());
		bad.set('updatedAt', '\u0000\ud800');
		const list = new Y.Map<unknown>();
		bad.set('checklist', list);
		for (let i = 0; i < 2000; i++) {
			const item = new Y.Map<unknown>();
			list.set(`i${i}`, item);
			item.set('text', i % 2 ? 'việc\u0000' : 5);
			item.set('position', `a${i}`);
		}
		cards.set('not-a-map', 'chỉ là chữ' as never);
		cards.set('\u0000id', new Y.Map());
	});
	return { doc, good };
}

describe('cleanText', () => {
	it('strips control characters (NUL first of all), keeps TAB and line breaks', () => {
		expect(cleanText('a\u0000b\u0007c\td\ne\r\u007f', 100)).toBe('abc\td\ne\r');
	});
	it('replaces lone surrogates and never cuts a pair in half', () => {
		expect(cleanText('a\ud800b\udc00', 10)).toBe('a\ufffdb\ufffd');
		expect(cleanText('ab😷', 3)).toBe('ab');
		expect(cleanText('ab😷', 4)).toBe('ab😷');
	});
	it('caps the length, and a non-string is the fallback', () => {
		expect(cleanText('x'.repeat(1_000_000), TITLE_MAX)).toHaveLength(TITLE_MAX);
		expect(cleanText(12, 10, 'mặc định')).toBe('mặc định');
		expect(cleanText({ toString: () => 'x' }, 10)).toBe('');
		expect(cleanTextOrNull('\u0000', 10)).toBeNull();
	});
});

describe('deadlines that are not dates', () => {
	it.each(['2021-99-99', '2021-02-30', '2021-09-02T24:00', '2021-09-02T12:60', '02/09/2021', '', `2021-09-02${'9'.repeat(10_000)}`])(
		'%.20s reads as no deadline, never as an Invalid Date',
		(d) => {
			expect(readDeadline(d)).toBeNull();
			expect(deadlineInstant(d)).toBeNull();
			expect(taskTiming(d, NOW)).toBe('none');
		}
	);
	it('real ones still count', () => {
		expect(readDeadline('2021-09-01')).toBe('2021-09-01');
		expect(deadlineInstant('2021-09-02T17:00')!.toISOString()).toBe('2021-09-02T10:00:00.000Z');
		expect(taskTiming('2021-09-01', NOW)).toBe('overdue');
		expect(readDeadline(20210901)).toBeNull();
		expect(deadlineInstant(null)).toBeNull();
	});
	it('an old row with a bad deadline is open, not overdue and not due today', () => {
		const c = countTasks([{ wardCode: 'kim-ma', deadline: '2021-09-02Tgarbage' }], NOW);
		expect(c.total).toEqual({ open: 1, overdue: 0, dueToday: 0 });
	});
});

describe('reading a hostile board', () => {
	it('reads every field as a well-formed value or its default, and keeps the good card as it is', () => {
		const { doc, good } = hostileBoard();
		const view = readBoard(doc);
		const all = [...view.columns.flatMap((c) => c.cards), ...view.archived];
		const bad = all.find((c) => c.id === 'bad')!;
		expect(bad.title.startsWith('Lập chốt ngõ 12 x')).toBe(true);
		expect(bad.title).toHaveLength(TITLE_MAX);
		expect(bad).toMatchObject({ description: '', deadline: null, ward: null, focus: null, priority: 'normal', assignee: { kind: 'person', name: 'An' } });
		// The column exists, the position is not a key: still in its lane, first.
		expect(view.columns.find((c) => c.id === 'doing')!.cards.map((c) => c.id)).toContain('bad');
		expect(bad.checklist).toHaveLength(2000);
		expect(bad.checklist.every((i) => !i.text.includes('\u0000'))).toBe(true);
		expect(bad.comments).toEqual([]);
		expect(bad.updatedAt).toBe('\ufffd');
		// Not a map: not a card. A key with a NUL is still a card (its id is the document's key).
		expect(all.map((c) => c.id)).not.toContain('not-a-map');
		expect(all.find((c) => c.id === good)).toMatchObject({ title: 'Phun khử khuẩn chợ Kim Mã', deadline: '2021-09-03' });
		// Ids stay the document's keys (the page edits by them); every value is clean.
		expect(JSON.stringify(bad)).not.toMatch(/\\u0000/);
	});

	it('caps every long text at the limit the input schema has for it', () => {
		const doc = new Y.Doc();
		initBoard(doc, { title: 't', ward: null });
		const id = addCard(doc, 'todo', { title: 'ok' }, ctx);
		const card = boardMaps(doc).cards.get(id)!;
		card.set('description', 'd'.repeat(DESCRIPTION_MAX * 3));
		(card.get('comments') as Y.Array<unknown>).push([{ id: 'c', text: 'c'.repeat(COMMENT_MAX + 1), by: 7, at: null }, 'không phải bình luận', null]);
		boardMaps(doc).meta.set('title', { x: 1 });
		boardMaps(doc).meta.set('ward', 'x'.repeat(500));
		const view = readBoard(doc);
		const c = view.columns[0]!.cards[0]!;
		expect(c.description).toHaveLength(DESCRIPTION_MAX);
		expect(c.comments).toEqual([{ id: 'c', text: 'c'.repeat(COMMENT_MAX), by: '', at: '' }]);
		expect(view.title).toBe('Bảng công việc');
		expect(view.ward).toBeNull();
	});

	it('a card whose place is not an object goes to the unsorted lane', () => {
		const doc = new Y.Doc();
		initBoard(doc, { title: 't', ward: null });
		const id = addCard(doc, 'todo', { title: 'ok' }, ctx);
		boardMaps(doc).cards.get(id)!.set('place', new Y.Map());
		expect(readBoard(doc).columns.at(-1)).toMatchObject({ id: UNSORTED, cards: [{ id }] });
	});
});

describe('projecting a hostile board', () => {
	it('gives rows SQL can hold: no NUL anywhere, capped, no duplicate keys, bad values null', () => {
		const { doc, good } = hostileBoard();
		const rows = projectBoard('ward:kim-ma', readBoard(doc));
		expect(JSON.stringify(rows)).not.toMatch(/\\u0000|\\ud8/i);
		expect(new Set(rows.map((r) => r.cardId)).size).toBe(rows.length);
		const bad = rows.find((r) => r.cardId === 'bad')!;
		expect(bad).toMatchObject({ wardCode: 'kim-ma', deadline: null, focus: null, priority: 'normal', columnId: 'doing' });
		expect(bad.title).toHaveLength(TITLE_MAX);
		expect(rows.find((r) => r.cardId === 'id')).toBeDefined(); // '\u0000id' cleaned
		expect(rows.find((r) => r.cardId === good)).toMatchObject({ deadline: '2021-09-03', title: 'Phun khử khuẩn chợ Kim Mã' });
	});

	it('two ids that clean to the same key keep the first', () => {
		const rows = projectBoard('b', {
			title: 't',
			ward: null,
			columns: [{ id: 'todo', title: 'Cần làm', position: 'a0', wipLimit: null, done: false, cards: [] }],
			archived: ['a\u0000b', 'ab'].map((id) => ({
				id,
				title: id,
				description: '',
				assignee: null,
				ward: null,
				focus: null,
				template: null,
				deadline: '2021-99-99',
				priority: 'normal',
				column: 'todo',
				position: 'a0',
				archived: true,
				checklist: [],
				comments: [],
				createdBy: '',
				createdAt: '',
				updatedBy: '',
				updatedAt: ''
			}))
		});
		expect(rows.map((r) => [r.cardId, r.title, r.deadline])).toEqual([['ab', 'ab', null]]);
	});
});

describe('mergeStored', () => {
	const good = () => {
		const d = new Y.Doc();
		d.getMap('meta').set('title', 'tốt');
		return Y.encodeStateAsUpdate(d);
	};
	const corrupt = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3]);

	it('leaves out a part Yjs cannot read, reports it and keeps the rest', () => {
		const bad: number[] = [];
		const merged = mergeStored([corrupt, good()], (i) => bad.push(i));
		expect(bad).toEqual([0]);
		const doc = new Y.Doc();
		Y.applyUpdate(doc, merged!);
		expect(doc.getMap('meta').get('title')).toBe('tốt');
	});

	it('without a reporter (compaction) it throws instead of dropping the part', () => {
		expect(() => mergeStored([good(), corrupt])).toThrow();
	});
});
