/**
 * A task board as the domain knows it: focus areas, priorities, the default columns, the lengths
 * a card's text may have, what a deadline is, and the plain views read back from its document.
 * Validation of what is written into a board (zod) is in contracts/board.ts, which re-exports this.
 */
export const FOCUS_AREAS = ['distancing', 'testing', 'vaccination', 'welfare'] as const;
export type FocusArea = (typeof FOCUS_AREAS)[number];

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** A card is assigned to a person or to a unit (a team, a ward's office), by name. */
export const ASSIGNEE_KINDS = ['person', 'unit'] as const;
type Assignee = { kind: (typeof ASSIGNEE_KINDS)[number]; name: string };

/** What a readiness template's mark on a card looks like (which templates exist: domain/readiness). */
export const TEMPLATE_MARK_PATTERN = /^[a-z0-9-]{1,40}$/;

/** What a card's ward looks like (whether it exists and is the writer's is asked apart). */
export const CARD_WARD_PATTERN = /^[a-z0-9-]{1,64}$/;

/** The columns a new board starts with; the last one counts as done. */
export const DEFAULT_COLUMNS: ReadonlyArray<{ id: string; title: string; done: boolean }> = [
	{ id: 'todo', title: 'Cần làm', done: false },
	{ id: 'doing', title: 'Đang làm', done: false },
	{ id: 'review', title: 'Chờ kiểm tra', done: false },
	{ id: 'done', title: 'Hoàn thành', done: true }
];

/**
 * *Chờ kiểm tra*: cards waiting for the inspection team. Only those who sign off (an inspector of
 * the board, a district commander, an admin) move a card from here into a done column
 * (board-guard's review gate); an inspection moves it for them (services/inspections).
 */
export const REVIEW_COLUMN = 'review';
/** Where a card goes back to when an inspection finds it not done: *Đang làm*. */
export const DOING_COLUMN = 'doing';

/** The lane that holds live cards whose column was removed (or never existed). */
export const UNSORTED = '__unsorted__';

export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 5000;
export const NAME_MAX = 120;
export const COMMENT_MAX = 2000;
export const CHECK_ITEM_MAX = 300;
export const COLUMN_TITLE_MAX = 60;
export const WIP_MAX = 999;

/** Local date (Asia/Ho_Chi_Minh) with an optional time: `2021-09-02` or `2021-09-02T17:00`. */
const DEADLINE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/;

export function isValidDeadline(s: string): boolean {
	const m = DEADLINE_PATTERN.exec(s);
	if (!m) return false;
	const [y, mo, d, h, mi] = [m[1], m[2], m[3], m[4], m[5]].map((v) => (v === undefined ? 0 : Number(v))) as number[];
	const date = new Date(Date.UTC(y!, mo! - 1, d!));
	return date.getUTCFullYear() === y && date.getUTCMonth() === mo! - 1 && date.getUTCDate() === d && h! < 24 && mi! < 60;
}

/** A card's editable fields, as valid values (contracts/board's schemas parse input into them). */
interface CardFields {
	title: string;
	description: string;
	assignee: Assignee | null;
	ward: string | null;
	focus: FocusArea | null;
	deadline: string | null;
	priority: Priority;
}
export type NewCard = CardFields;
/** Some fields of a card: each merges on its own with others' concurrent edits. */
export type CardPatch = { [K in keyof CardFields]?: CardFields[K] | undefined };

/** Why the board model refused an edit: what it names is not (or no longer) on the board. */
export interface BoardEditProblem {
	field: 'column' | 'card' | 'checklist';
	code: 'unknown_column' | 'unknown_card' | 'invalid';
}

/** Thrown by the board model (domain/board) when an edit names what is not there: nothing was written. */
export class BoardEditRefusal extends Error {
	constructor(readonly problems: BoardEditProblem[]) {
		super(problems.map((p) => `${p.field}: ${p.code}`).join('; '));
	}
}

/** Plain values read back from a board document (what the page renders and SQL receives): its fields and the rest. */
export interface CardView extends CardFields {
	id: string;
	column: string;
	position: string;
	archived: boolean;
	/** The readiness template the server made this card from (domain/readiness), else null. */
	template: string | null;
	checklist: Array<{ id: string; text: string; done: boolean }>;
	comments: Array<{ id: string; text: string; by: string; at: string }>;
	createdBy: string;
	createdAt: string;
	updatedBy: string;
	updatedAt: string;
}

export interface ColumnView {
	id: string;
	title: string;
	position: string;
	wipLimit: number | null;
	done: boolean;
	cards: CardView[];
}

export interface BoardView {
	title: string;
	ward: string | null;
	/** Live columns in order; the "Unsorted" lane is last, only when it holds cards. */
	columns: ColumnView[];
	archived: CardView[];
}
