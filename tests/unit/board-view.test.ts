import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { initBoard, readBoard } from '../../src/lib/domain/board.ts';
import { addCard, moveCard, removeColumn, updateColumn } from '../../src/lib/contracts/board-edits.ts';
import {
	cardTiming,
	checklistProgress,
	deadlineFrom,
	deadlineParts,
	findCard,
	formatDeadline,
	formatStamp,
	initials,
	presenceColour,
	stepPlace,
	wipOf
} from '../../src/lib/presentation/board-view.ts';
import { UNSORTED } from '../../src/lib/contracts/board.ts';

const ctx = { by: 'Trần Thị Bình' };

/** todo: a b c · doing: d · review: (empty) · done: e */
function board() {
	const doc = new Y.Doc();
	initBoard(doc, { title: 'Bảng thử', ward: null });
	const ids: Record<string, string> = {};
	for (const t of ['a', 'b', 'c']) ids[t] = addCard(doc, 'todo', { title: t }, ctx);
	ids.d = addCard(doc, 'doing', { title: 'd' }, ctx);
	ids.e = addCard(doc, 'done', { title: 'e' }, ctx);
	return { doc, ids };
}

const lane = (doc: Y.Doc, col: string) =>
	readBoard(doc)
		.columns.find((c) => c.id === col)
		?.cards.map((c) => c.title);

/** Applies one keyboard step through the real model, as the board page does. */
function step(doc: Y.Doc, id: string, dir: Parameters<typeof stepPlace>[2]): boolean {
	const to = stepPlace(readBoard(doc), id, dir);
	if (!to) return false;
	moveCard(doc, id, to.column, to.index, ctx);
	return true;
}

describe('keyboard moves', () => {
	it('up and down reorder within the column, and stop at its ends', () => {
		const { doc, ids } = board();
		expect(step(doc, ids.c!, 'up')).toBe(true);
		expect(lane(doc, 'todo')).toEqual(['a', 'c', 'b']);
		expect(step(doc, ids.c!, 'up')).toBe(true);
		expect(lane(doc, 'todo')).toEqual(['c', 'a', 'b']);
		expect(step(doc, ids.c!, 'up')).toBe(false);
		expect(step(doc, ids.c!, 'down')).toBe(true);
		expect(lane(doc, 'todo')).toEqual(['a', 'c', 'b']);
		expect(step(doc, ids.b!, 'down')).toBe(false);
		expect(step(doc, ids.b!, 'top')).toBe(true);
		expect(lane(doc, 'todo')).toEqual(['b', 'a', 'c']);
		expect(step(doc, ids.b!, 'bottom')).toBe(true);
		expect(lane(doc, 'todo')).toEqual(['a', 'c', 'b']);
	});

	it('left and right go to the neighbouring column at the same row (or its end), and stop at the board edges', () => {
		const { doc, ids } = board();
		expect(step(doc, ids.c!, 'left')).toBe(false);
		// c is third in "todo"; "doing" has one card, so c goes after it.
		expect(step(doc, ids.c!, 'right')).toBe(true);
		expect(lane(doc, 'doing')).toEqual(['d', 'c']);
		expect(step(doc, ids.c!, 'right')).toBe(true);
		expect(lane(doc, 'review')).toEqual(['c']);
		// first (and only) in "review": first in "done"
		expect(step(doc, ids.c!, 'right')).toBe(true);
		expect(lane(doc, 'done')).toEqual(['c', 'e']);
		expect(step(doc, ids.c!, 'right')).toBe(false);
		// a is first in "todo": it lands first in "doing".
		expect(step(doc, ids.a!, 'right')).toBe(true);
		expect(lane(doc, 'doing')).toEqual(['a', 'd']);
		// every card exactly once
		const all = readBoard(doc)
			.columns.flatMap((c) => c.cards.map((k) => k.title))
			.sort();
		expect(all).toEqual(['a', 'b', 'c', 'd', 'e']);
	});

	it('moves a card out of the Unsorted lane (left: the last column) but never into it', () => {
		const { doc, ids } = board();
		removeColumn(doc, 'doing');
		const view = readBoard(doc);
		expect(view.columns.at(-1)?.id).toBe(UNSORTED);
		expect(stepPlace(view, ids.d!, 'up')).toBeNull();
		expect(stepPlace(view, ids.d!, 'right')).toBeNull();
		expect(stepPlace(view, ids.d!, 'left')).toEqual({ column: 'done', index: 0 });
		// From the column left of Unsorted, "right" finds no column.
		expect(stepPlace(view, ids.e!, 'right')).toBeNull();
		expect(step(doc, ids.d!, 'left')).toBe(true);
		expect(readBoard(doc).columns.some((c) => c.id === UNSORTED)).toBe(false);
	});

	it('knows nothing of an unknown card', () => {
		const { doc } = board();
		expect(stepPlace(readBoard(doc), 'nope', 'up')).toBeNull();
		expect(findCard(readBoard(doc), 'nope')).toBeNull();
	});
});

describe('how a column and a card read', () => {
	it('shows the WIP load as "3/5", flagged only when over the limit', () => {
		const { doc } = board();
		const todo = () => readBoard(doc).columns.find((c) => c.id === 'todo')!;
		expect(wipOf(todo())).toMatchObject({ text: '3', over: false, limit: null });
		updateColumn(doc, 'todo', { wipLimit: 3 });
		expect(wipOf(todo())).toMatchObject({ text: '3/3', over: false });
		updateColumn(doc, 'todo', { wipLimit: 2 });
		expect(wipOf(todo())).toMatchObject({ text: '3/2', over: true });
	});

	it('flags overdue and due-today in Asia/Ho_Chi_Minh, never for a card in a done column', () => {
		// 2021-09-02 10:00 in Hà Nội
		const now = new Date('2021-09-02T03:00:00Z');
		const open = { done: false };
		expect(cardTiming({ deadline: '2021-09-01' }, open, now)).toBe('overdue');
		expect(cardTiming({ deadline: '2021-09-02' }, open, now)).toBe('today');
		expect(cardTiming({ deadline: '2021-09-02T09:30' }, open, now)).toBe('overdue');
		expect(cardTiming({ deadline: '2021-09-02T17:00' }, open, now)).toBe('today');
		expect(cardTiming({ deadline: '2021-09-03' }, open, now)).toBe('later');
		expect(cardTiming({ deadline: null }, open, now)).toBe('none');
		expect(cardTiming({ deadline: '2021-09-01' }, { done: true }, now)).toBe('none');
	});

	it('counts the checklist', () => {
		expect(checklistProgress({ checklist: [] })).toBeNull();
		expect(
			checklistProgress({
				checklist: [
					{ id: '1', text: 'x', done: true },
					{ id: '2', text: 'y', done: false }
				]
			})
		).toEqual({ done: 1, total: 2, text: '1/2' });
	});

	it('writes deadlines as dd/MM/yyyy [HH:mm] and reads them back from a form', () => {
		expect(formatDeadline('2021-09-05')).toBe('05/09/2021');
		expect(formatDeadline('2021-09-05T17:00')).toBe('05/09/2021 17:00');
		expect(deadlineParts('2021-09-05T17:00')).toEqual({ date: '2021-09-05', time: '17:00' });
		expect(deadlineParts(null)).toEqual({ date: '', time: '' });
		expect(deadlineFrom('2021-09-05', '')).toBe('2021-09-05');
		expect(deadlineFrom('2021-09-05', '17:00:00')).toBe('2021-09-05T17:00');
		expect(deadlineFrom('', '17:00')).toBeNull();
		// Comments and archive times: dd/MM/yyyy HH:mm in Hà Nội, whatever the device's zone.
		expect(formatStamp('2021-09-02T16:30:00.000Z')).toBe('02/09/2021 23:30');
		expect(formatStamp('2021-09-02T17:05:00.000Z')).toBe('03/09/2021 00:05');
		expect(formatStamp('nonsense')).toBe('');
	});

	it('gives each person stable initials and colour', () => {
		expect(initials('Nguyễn Văn An')).toBe('NA');
		expect(initials('admin')).toBe('A');
		expect(initials('Lê Văn Nam — Chỉ huy trưởng')).toBe('LT');
		expect(initials('  ')).toBe('?');
		expect(presenceColour('user:1')).toBe(presenceColour('user:1'));
		expect(presenceColour('user:1')).not.toBe(presenceColour('user:2'));
	});
});
