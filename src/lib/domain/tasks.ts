/**
 * Tasks as the wall and the reports count them: the cards of every board, projected into rows
 * (derived state — rebuilding from the documents gives the same rows) and counted per ward as
 * open, overdue and due today in Asia/Ho_Chi_Minh.
 */
import { COLUMN_TITLE_MAX, isValidDeadline, NAME_MAX, TITLE_MAX, type BoardView, type FocusArea, type Priority } from './board-model.ts';
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
			updatedAt: cleanText(card.updatedAt, KEY_MAX)
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
	/** Rows of the projection, or open tasks as the wall receives them (done / archived absent = open). */
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
