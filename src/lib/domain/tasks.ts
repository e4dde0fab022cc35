/**
 * Tasks as the wall and the reports count them: the cards of every board, projected into rows
 * (derived state — rebuilding from the documents gives the same rows) and counted per ward as
 * open, overdue and due today in Asia/Ho_Chi_Minh, and rolled up per focus area (issue 14 §4).
 */
import { COLUMN_TITLE_MAX, FOCUS_AREAS, isValidDeadline, NAME_MAX, TITLE_MAX, type BoardView, type FocusArea, type Priority } from './board-model.ts';
import { cleanText, cleanTextOrNull, KEY_MAX } from './stored-text.ts';
import { dayKey } from './time.ts';

/** One card as SQL holds it (table board_cards). */
export interface TaskRow {
	boardId: string;
	cardId: string;
	/** The card's own ward, else its board's; null for a district-wide task. */
	wardCode: string | null;
	title: string;
	columnId: string;
	columnTitle: string;
	/** In a column marked done. */
	done: boolean;
	archived: boolean;
	assignee: string | null;
	focus: FocusArea | null;
	priority: Priority;
	/** `yyyy-MM-dd` or `yyyy-MM-ddTHH:mm`, local time. */
	deadline: string | null;
	updatedAt: string;
	/** The readiness template the card was made from (domain/readiness), else null. */
	template: string | null;
	/** Its checklist: entries ticked, and entries (removed ones not counted). */
	checkDone: number;
	checkTotal: number;
}

/**
 * The rows of one board, live and archived, in board order. `board` comes from readBoard, which
 * has checked every field already; the text is cleaned once more here because these rows go to
 * SQL, where a NUL byte or an endless id would make the whole board's insert fail. Two ids that
 * clean to the same key keep the first (the table's key is board + card).
 */
export function projectBoard(boardId: string, board: BoardView): TaskRow[] {
	const rows: TaskRow[] = [];
	const seen = new Set<string>();
	const push = (card: BoardView['archived'][number], columnId: string, columnTitle: string, done: boolean) => {
		const cardId = cleanText(card.id, KEY_MAX);
		if (cardId === '' || seen.has(cardId)) return;
		seen.add(cardId);
		rows.push({
			boardId,
			cardId,
			wardCode: cleanTextOrNull(card.ward ?? board.ward, KEY_MAX),
			title: cleanText(card.title, TITLE_MAX),
			columnId: cleanText(columnId, KEY_MAX),
			columnTitle: cleanText(columnTitle, COLUMN_TITLE_MAX),
			done,
			archived: card.archived,
			assignee: card.assignee ? cleanTextOrNull(card.assignee.name, NAME_MAX) : null,
			focus: card.focus,
			priority: card.priority,
			deadline: deadlineInstant(card.deadline) ? card.deadline : null,
			updatedAt: cleanText(card.updatedAt, KEY_MAX),
			template: card.template,
			checkDone: card.checklist.filter((i) => i.done).length,
			checkTotal: card.checklist.length
		});
	};
	for (const col of board.columns) for (const card of col.cards) push(card, col.id, col.title, col.done);
	for (const card of board.archived) {
		const col = board.columns.find((c) => c.id === card.column);
		push(card, card.column, col?.title ?? '', col?.done ?? false);
	}
	return rows;
}

/**
 * When a deadline falls due: a date alone means the end of that local day; a date with a time,
 * that minute. Vietnam has no daylight saving, so the +07:00 offset is fixed. Null when there is
 * no deadline or it is not a real date and time (`2021-99-99`, from a stored document or an old
 * row): such a task has no known due time, it is never "overdue" — and never an Invalid Date
 * that would make an insert or a comparison fail later.
 */
export function deadlineInstant(deadline: string | null | undefined): Date | null {
	if (typeof deadline !== 'string' || !isValidDeadline(deadline)) return null;
	const at = deadline.includes('T') ? new Date(`${deadline}:00+07:00`) : new Date(`${deadline}T23:59:59.999+07:00`);
	return Number.isNaN(at.getTime()) ? null : at;
}

export type Timing = 'overdue' | 'today' | 'later' | 'none';

export function taskTiming(deadline: string | null, now: Date): Timing {
	const due = deadlineInstant(deadline);
	if (!deadline || !due) return 'none';
	if (due.getTime() < now.getTime()) return 'overdue';
	return deadline.slice(0, 10) === dayKey(now) ? 'today' : 'later';
}

export interface TaskCounts {
	open: number;
	overdue: number;
	dueToday: number;
}

export const NO_TASKS: TaskCounts = { open: 0, overdue: 0, dueToday: 0 };

/** Open = live and not in a done column. Per ward (key null: district-wide tasks) and in total. */
export function countTasks(
	/** Rows of the projection, or live tasks as the wall receives them (done / archived absent = open). */
	rows: ReadonlyArray<Pick<TaskRow, 'wardCode' | 'deadline'> & Partial<Pick<TaskRow, 'done' | 'archived'>>>,
	now: Date
): { byWard: Record<string, TaskCounts>; district: TaskCounts; total: TaskCounts } {
	const byWard: Record<string, TaskCounts> = {};
	const district: TaskCounts = { ...NO_TASKS };
	const total: TaskCounts = { ...NO_TASKS };
	for (const r of rows) {
		if (r.archived || r.done) continue;
		const c = r.wardCode ? (byWard[r.wardCode] ??= { ...NO_TASKS }) : district;
		const t = taskTiming(r.deadline, now);
		for (const target of [c, total]) {
			target.open++;
			if (t === 'overdue') target.overdue++;
			if (t === 'today') target.dueToday++;
		}
	}
	return { byWard, district, total };
}

/**
 * A live (not archived) task as the wall and the report receive it: enough to count it by ward,
 * by the clock, by focus area and by owner, and its readiness checklist. The fields after
 * `deadline` are absent in snapshots cached before issue 14: such a task reads as open, without
 * focus, assigned, and no template.
 */
export interface LiveTask {
	/** The card's ward (else its board's); null = district-wide. */
	wardCode: string | null;
	/** `yyyy-MM-dd` or `yyyy-MM-ddTHH:mm`, Asia/Ho_Chi_Minh. */
	deadline: string | null;
	done?: boolean;
	focus?: FocusArea | null;
	/** Has an assignee (false: *Chưa phân công*). */
	assigned?: boolean;
	template?: string | null;
	checkDone?: number;
	checkTotal?: number;
}

/** The roll-up's keys: the four focus areas, then the cards that have none. */
export const FOCUS_KEYS = [...FOCUS_AREAS, 'none'] as const;
type FocusKey = (typeof FOCUS_KEYS)[number];

export interface FocusCounts {
	open: number;
	overdue: number;
	done: number;
}

/** One scope's tasks (the district, a ward, the district-wide board): per focus, all, and open without an assignee. */
export interface FocusRollup {
	byFocus: Record<FocusKey, FocusCounts>;
	all: FocusCounts;
	unassigned: number;
}

export interface TaskRollup {
	/** Every task of the district, wards' and district-wide alike. */
	total: FocusRollup;
	/** Tasks of no ward (the district command post's own). */
	districtWide: FocusRollup;
	/** Per ward code, only wards that have tasks. */
	byWard: Record<string, FocusRollup>;
}

function emptyRollup(): FocusRollup {
	const byFocus = Object.fromEntries(FOCUS_KEYS.map((k) => [k, { open: 0, overdue: 0, done: 0 }])) as Record<FocusKey, FocusCounts>;
	return { byFocus, all: { open: 0, overdue: 0, done: 0 }, unassigned: 0 };
}

/**
 * Open / overdue / done per focus area, for the district, the district-wide tasks and each ward,
 * and the open tasks without an assignee. Done = in a done column; archived tasks are not counted.
 * Overdue is by the clock (`now`), as in countTasks: a task falls overdue without an edit.
 */
export function rollUpTasks(tasks: ReadonlyArray<LiveTask & { archived?: boolean }>, now: Date): TaskRollup {
	const out: TaskRollup = { total: emptyRollup(), districtWide: emptyRollup(), byWard: {} };
	for (const t of tasks) {
		if (t.archived) continue;
		const focus: FocusKey = t.focus && FOCUS_AREAS.includes(t.focus) ? t.focus : 'none';
		const scope = t.wardCode ? (out.byWard[t.wardCode] ??= emptyRollup()) : out.districtWide;
		const overdue = !t.done && taskTiming(t.deadline, now) === 'overdue';
		for (const r of [scope, out.total]) {
			for (const c of [r.byFocus[focus], r.all]) {
				if (t.done) c.done++;
				else c.open++;
				if (overdue) c.overdue++;
			}
			if (!t.done && t.assigned === false) r.unassigned++;
		}
	}
	return out;
}
