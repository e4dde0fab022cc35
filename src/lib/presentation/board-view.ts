/**
 * How a board reads on screen and how a card moves without a mouse: pure functions over the
 * plain BoardView (readBoard's output), so the board page and its state class share one rule
 * and the rules are unit-tested without a DOM or a Y.Doc.
 */
import { UNSORTED, type BoardView, type CardView, type ColumnView } from '../contracts/board.ts';
import { taskTiming, type Timing } from '../domain/tasks.ts';
import { formatDate, formatTime } from '../domain/time.ts';

export type MoveDirection = 'up' | 'down' | 'left' | 'right' | 'top' | 'bottom';

/** Where a card is: its lane and its index there. */
export function findCard(view: BoardView, cardId: string): { column: ColumnView; index: number } | null {
	for (const column of view.columns) {
		const index = column.cards.findIndex((c) => c.id === cardId);
		if (index >= 0) return { column, index };
	}
	return null;
}

/**
 * The place one keyboard step takes a card to, as moveCard's (column, index) — index among the
 * column's cards without the moved one. Null when the step goes nowhere (top of a column, the
 * last column). Left/right keep the card's row where the next column has one, so a card can be
 * walked across the board; the Unsorted lane is never a target, only a place to move out of.
 */
export function stepPlace(view: BoardView, cardId: string, direction: MoveDirection): { column: string; index: number } | null {
	const at = findCard(view, cardId);
	if (!at) return null;
	const { column, index } = at;
	const last = column.cards.length - 1;
	switch (direction) {
		case 'up':
			return index > 0 && column.id !== UNSORTED ? { column: column.id, index: index - 1 } : null;
		case 'down':
			return index < last && column.id !== UNSORTED ? { column: column.id, index: index + 1 } : null;
		case 'top':
			return index > 0 && column.id !== UNSORTED ? { column: column.id, index: 0 } : null;
		case 'bottom':
			return index < last && column.id !== UNSORTED ? { column: column.id, index: last } : null;
		case 'left':
		case 'right': {
			const lanes = view.columns.filter((c) => c.id !== UNSORTED);
			const here = lanes.findIndex((c) => c.id === column.id);
			// From Unsorted, "left" goes to the last real column (it sits after them), "right" nowhere.
			const targetIndex = here === -1 ? (direction === 'left' ? lanes.length - 1 : -1) : here + (direction === 'left' ? -1 : 1);
			const target = lanes[targetIndex];
			if (!target) return null;
			return { column: target.id, index: Math.min(index, target.cards.length) };
		}
	}
}

/** A column's load against its WIP limit: "3/5", flagged when over (at the limit is allowed). */
export function wipOf(column: Pick<ColumnView, 'cards' | 'wipLimit'>): { count: number; limit: number | null; text: string; over: boolean } {
	const count = column.cards.length;
	const limit = column.wipLimit;
	return { count, limit, text: limit === null ? String(count) : `${count}/${limit}`, over: limit !== null && count > limit };
}

/**
 * The deadline badge of a card: a finished card (in a done column) is never overdue — the wall
 * counts it the same way (countTasks skips done cards).
 */
export function cardTiming(card: Pick<CardView, 'deadline'>, column: Pick<ColumnView, 'done'>, now: Date): Timing {
	if (column.done) return 'none';
	return taskTiming(card.deadline, now);
}

/** "2/5" of a checklist, or null when it has no items. */
export function checklistProgress(card: Pick<CardView, 'checklist'>): { done: number; total: number; text: string } | null {
	const total = card.checklist.length;
	if (total === 0) return null;
	const done = card.checklist.filter((i) => i.done).length;
	return { done, total, text: `${done}/${total}` };
}

/** A deadline as people read it: `2021-09-05` → 05/09/2021, `2021-09-05T17:00` → 05/09/2021 17:00. */
export function formatDeadline(deadline: string): string {
	const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(deadline);
	if (!m) return deadline;
	const date = `${m[3]}/${m[2]}/${m[1]}`;
	return m[4] ? `${date} ${m[4]}:${m[5]}` : date;
}

/** When something happened on a board, as people read it: dd/MM/yyyy HH:mm in Asia/Ho_Chi_Minh ('' if unreadable). */
export function formatStamp(iso: string): string {
	const d = new Date(iso);
	return Number.isNaN(d.getTime()) ? '' : `${formatDate(d)} ${formatTime(d)}`;
}

/** Splits a deadline into the date and time inputs of a form (time '' when the deadline is a whole day). */
export function deadlineParts(deadline: string | null): { date: string; time: string } {
	if (!deadline) return { date: '', time: '' };
	const [date = '', time = ''] = deadline.split('T');
	return { date, time };
}

/** The deadline a form's date and time inputs mean: no date → none; a time without a date is ignored. */
export function deadlineFrom(date: string, time: string): string | null {
	const d = date.trim();
	if (!d) return null;
	const t = time.trim();
	return t ? `${d}T${t.slice(0, 5)}` : d;
}

/** A stable colour per person for presence avatars (same person, same colour on every screen). */
export function presenceColour(key: string): string {
	let h = 0;
	for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) >>> 0;
	return `hsl(${h % 360} 70% 45%)`;
}

/** Initials for an avatar: "Nguyễn Văn An" → "NA" (first and last word), "admin" → "A". */
export function initials(name: string): string {
	const words = name
		.trim()
		.split(/\s+/)
		.filter((w) => /\p{L}|\p{N}/u.test(w));
	if (words.length === 0) return '?';
	const first = words[0]!;
	const last = words.length > 1 ? words[words.length - 1]! : '';
	return (first.charAt(0) + last.charAt(0)).toLocaleUpperCase('vi');
}
