/**
 * Tasks as the wall and the reports count them: the cards of every board, projected into rows
 * (derived state — rebuilding from the documents gives the same rows) and counted per ward as
 * open, overdue and due today in Asia/Ho_Chi_Minh.
 */
import type { BoardView, FocusArea, Priority } from '../contracts/board.ts';
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

/** The rows of one board, live and archived, in board order. */
export function projectBoard(boardId: string, board: BoardView): TaskRow[] {
	const rows: TaskRow[] = [];
	const push = (card: BoardView['archived'][number], columnId: string, columnTitle: string, done: boolean) =>
		rows.push({
			boardId,
			cardId: card.id,
			wardCode: card.ward ?? board.ward,
			title: card.title,
			columnId,
			columnTitle,
			done,
			archived: card.archived,
			assignee: card.assignee?.name ?? null,
			focus: card.focus,
			priority: card.priority,
			deadline: card.deadline,
			updatedAt: card.updatedAt
		});
	for (const col of board.columns) for (const card of col.cards) push(card, col.id, col.title, col.done);
	for (const card of board.archived) {
		const col = board.columns.find((c) => c.id === card.column);
		push(card, card.column, col?.title ?? '', col?.done ?? false);
	}
	return rows;
}

/**
 * When a deadline falls due: a date alone means the end of that local day; a date with a time,
 * that minute. Vietnam has no daylight saving, so the +07:00 offset is fixed.
 */
export function deadlineInstant(deadline: string): Date {
	return deadline.includes('T') ? new Date(`${deadline}:00+07:00`) : new Date(`${deadline}T23:59:59.999+07:00`);
}

export type Timing = 'overdue' | 'today' | 'later' | 'none';

export function taskTiming(deadline: string | null, now: Date): Timing {
	if (!deadline) return 'none';
	if (deadlineInstant(deadline).getTime() < now.getTime()) return 'overdue';
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
