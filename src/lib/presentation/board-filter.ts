/**
 * The board's filters and search (issue 14 §4): by focus area, assignee (or none: *Chưa phân
 * công*), ward and due date, and a text search over title, description and assignee. Client-side
 * over the board view; the filter lives in the URL's query (`?focus=testing&due=overdue&q=chợ`) so
 * a link shares it. Pure: read leniently from the URL (a wrong value is no filter, never an error),
 * written back in one canonical order.
 */
import { FOCUS_AREAS, type CardView, type ColumnView, type FocusArea } from '../contracts/board.ts';
import { dayKey } from '../domain/time.ts';
import { cardTiming } from './board-view.ts';

export const DUE_FILTERS = ['overdue', 'today', 'week', 'none'] as const;
type DueFilter = (typeof DUE_FILTERS)[number];

/** The `assignee` value meaning "nobody", and the `ward` value meaning "no ward". */
export const UNASSIGNED = '-';
export const NO_WARD = '-';
const QUERY_MAX = 200;

export interface BoardFilter {
	q: string;
	focus: FocusArea | 'none' | null;
	/** An assignee's name, UNASSIGNED, or null (any). */
	assignee: string | null;
	/** A ward code, NO_WARD, or null (any). */
	ward: string | null;
	due: DueFilter | null;
}

export const NO_FILTER: BoardFilter = { q: '', focus: null, assignee: null, ward: null, due: null };

export function readBoardFilter(params: URLSearchParams): BoardFilter {
	const text = (k: string) => (params.get(k) ?? '').trim().slice(0, QUERY_MAX);
	const focus = text('focus');
	const due = text('due');
	return {
		q: text('q'),
		focus: focus === 'none' || (FOCUS_AREAS as readonly string[]).includes(focus) ? (focus as FocusArea | 'none') : null,
		assignee: text('assignee') || null,
		ward: text('ward') || null,
		due: (DUE_FILTERS as readonly string[]).includes(due) ? (due as DueFilter) : null
	};
}

/** The query string (without `?`) of a filter: only what is set, in a fixed order. */
export function boardFilterQuery(f: BoardFilter): string {
	const p = new URLSearchParams();
	if (f.q.trim()) p.set('q', f.q.trim().slice(0, QUERY_MAX));
	if (f.focus) p.set('focus', f.focus);
	if (f.assignee) p.set('assignee', f.assignee);
	if (f.ward) p.set('ward', f.ward);
	if (f.due) p.set('due', f.due);
	return p.toString();
}

export function isFiltering(f: BoardFilter): boolean {
	return boardFilterQuery(f) !== '';
}

/** Lower case, without diacritics (đ → d): "cho kim ma" finds "Chợ Kim Mã", as people type on a tablet. */
function fold(s: string): string {
	return s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'd').toLowerCase();
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Whether a card shows under the filter. `boardWard` is the board's own ward (a card without one
 * of its own is that ward's). Due: overdue and today as the card's badge says (a done card is never
 * overdue); week = from now to the end of the sixth local day after today, overdue excluded.
 */
export function cardMatches(
	card: Pick<CardView, 'title' | 'description' | 'assignee' | 'focus' | 'ward' | 'deadline'>,
	column: Pick<ColumnView, 'done'>,
	f: BoardFilter,
	now: Date,
	boardWard: string | null = null
): boolean {
	if (f.focus && (card.focus ?? 'none') !== f.focus) return false;
	if (f.assignee && (f.assignee === UNASSIGNED ? card.assignee !== null : card.assignee?.name !== f.assignee)) return false;
	if (f.ward) {
		const ward = card.ward ?? boardWard;
		if (f.ward === NO_WARD ? ward !== null : ward !== f.ward) return false;
	}
	if (f.due) {
		const timing = cardTiming(card, column, now);
		if (f.due === 'none' && card.deadline !== null) return false;
		if (f.due === 'overdue' && timing !== 'overdue') return false;
		if (f.due === 'today' && timing !== 'today') return false;
		if (f.due === 'week') {
			if (!card.deadline || timing === 'overdue' || timing === 'none') return false;
			if (card.deadline.slice(0, 10) > dayKey(new Date(now.getTime() + 6 * DAY_MS))) return false;
		}
	}
	const q = fold(f.q.trim());
	if (q) {
		const hay = fold([card.title, card.description, card.assignee?.name ?? ''].join('\n'));
		if (!q.split(/\s+/).every((word) => hay.includes(word))) return false;
	}
	return true;
}

/** The assignees named on a board's live cards, sorted as Vietnamese sorts: the filter's choices. */
export function assigneesOf(columns: ReadonlyArray<Pick<ColumnView, 'cards'>>): string[] {
	const names = new Set<string>();
	for (const c of columns) for (const card of c.cards) if (card.assignee) names.add(card.assignee.name);
	return [...names].sort((a, b) => a.localeCompare(b, 'vi'));
}
