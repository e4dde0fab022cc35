/**
 * The board's filters and search (issue 14 §4): read leniently from the URL, written back in one
 * order, and each narrowing the cards as its label says.
 */
import { describe, expect, it } from 'vitest';
import {
	assigneesOf,
	boardFilterQuery,
	cardMatches,
	NO_FILTER,
	readBoardFilter,
	UNASSIGNED,
	NO_WARD,
	type BoardFilter
} from '../../src/lib/presentation/board-filter.ts';

// 10:00 on Thursday 02/09/2021 in Hà Nội.
const NOW = new Date('2021-09-02T03:00:00Z');
const open = { done: false };
const card = (over: Partial<Parameters<typeof cardMatches>[0]> = {}) => ({
	title: 'Phun khử khuẩn chợ Kim Mã',
	description: 'Cả khu chợ và ngõ 12',
	assignee: { kind: 'unit' as const, name: 'Đội phản ứng nhanh' },
	focus: 'distancing' as const,
	ward: null,
	deadline: null,
	...over
});
const f = (over: Partial<BoardFilter>): BoardFilter => ({ ...NO_FILTER, ...over });

describe('the filter in the URL', () => {
	it('reads known values, ignores the rest, and writes back only what is set', () => {
		const read = readBoardFilter(new URLSearchParams('focus=testing&due=overdue&q=+chợ+&assignee=-&ward=kim-ma&x=1'));
		expect(read).toEqual({ q: 'chợ', focus: 'testing', assignee: UNASSIGNED, ward: 'kim-ma', due: 'overdue' });
		expect(boardFilterQuery(read)).toBe('q=ch%E1%BB%A3&focus=testing&assignee=-&ward=kim-ma&due=overdue');
		expect(readBoardFilter(new URLSearchParams('focus=bogus&due=yesterday'))).toEqual(NO_FILTER);
		expect(readBoardFilter(new URLSearchParams(`q=${'a'.repeat(5000)}`)).q).toHaveLength(200);
		expect(boardFilterQuery(NO_FILTER)).toBe('');
		expect(readBoardFilter(new URLSearchParams(boardFilterQuery(read)))).toEqual(read);
	});
});

describe('cardMatches', () => {
	it('by focus, including "none"', () => {
		expect(cardMatches(card(), open, f({ focus: 'distancing' }), NOW)).toBe(true);
		expect(cardMatches(card(), open, f({ focus: 'testing' }), NOW)).toBe(false);
		expect(cardMatches(card({ focus: null }), open, f({ focus: 'none' }), NOW)).toBe(true);
	});

	it('by assignee, and "Chưa phân công" for none', () => {
		expect(cardMatches(card(), open, f({ assignee: 'Đội phản ứng nhanh' }), NOW)).toBe(true);
		expect(cardMatches(card(), open, f({ assignee: 'Tổ 5' }), NOW)).toBe(false);
		expect(cardMatches(card(), open, f({ assignee: UNASSIGNED }), NOW)).toBe(false);
		expect(cardMatches(card({ assignee: null }), open, f({ assignee: UNASSIGNED }), NOW)).toBe(true);
	});

	it("by ward: the card's own, else the board's", () => {
		expect(cardMatches(card({ ward: 'ngoc-ha' }), open, f({ ward: 'ngoc-ha' }), NOW)).toBe(true);
		expect(cardMatches(card(), open, f({ ward: 'kim-ma' }), NOW, 'kim-ma')).toBe(true);
		expect(cardMatches(card(), open, f({ ward: 'kim-ma' }), NOW, null)).toBe(false);
		expect(cardMatches(card(), open, f({ ward: NO_WARD }), NOW, null)).toBe(true);
	});

	it('by due: overdue, today, the next seven days, none — a done card is never overdue', () => {
		const due = (deadline: string | null, filter: BoardFilter['due'], column = open) => cardMatches(card({ deadline }), column, f({ due: filter }), NOW);
		expect(due('2021-09-01', 'overdue')).toBe(true);
		expect(due('2021-09-01', 'overdue', { done: true })).toBe(false);
		expect(due('2021-09-02T09:00', 'overdue')).toBe(true);
		expect(due('2021-09-02', 'today')).toBe(true);
		expect(due('2021-09-02', 'week')).toBe(true);
		expect(due('2021-09-08', 'week')).toBe(true);
		expect(due('2021-09-09', 'week')).toBe(false);
		expect(due('2021-09-01', 'week')).toBe(false);
		expect(due(null, 'none')).toBe(true);
		expect(due('2021-09-02', 'none')).toBe(false);
	});

	it('search: every word, in title, description or assignee, with or without diacritics', () => {
		expect(cardMatches(card(), open, f({ q: 'cho kim ma' }), NOW)).toBe(true);
		expect(cardMatches(card(), open, f({ q: 'NGÕ 12' }), NOW)).toBe(true);
		expect(cardMatches(card(), open, f({ q: 'doi phan ung' }), NOW)).toBe(true);
		expect(cardMatches(card(), open, f({ q: 'chợ Ngọc Hà' }), NOW)).toBe(false);
	});

	it('the assignees offered are those on the board, sorted', () => {
		expect(
			assigneesOf([{ cards: [card(), card({ assignee: { kind: 'person', name: 'Bùi Văn Cường' } }), card({ assignee: null }), card()] as never }])
		).toEqual(['Bùi Văn Cường', 'Đội phản ứng nhanh']);
	});
});
