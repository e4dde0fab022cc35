/**
 * The task board: the shape of its Yjs document and the validation of every value written into
 * it. Shared by the browser (board page), the server (projection into SQL, seeding) and the tests.
 *
 * Yjs document shape (one document per board, named `board:<boardId>`):
 *   meta:    Y.Map  { title: string, ward: string | null }
 *   columns: Y.Map<columnId, Y.Map { title, position, wipLimit, done, removed }>
 *   cards:   Y.Map<cardId, Y.Map { title, description, assignee, ward, focus, deadline, priority,
 *                                   place: { column, position }, archived,
 *                                   checklist: Y.Map<itemId, { text, done, position }>,
 *                                   comments: Y.Array<{ id, text, by, at }>,
 *                                   createdBy, createdAt, updatedBy, updatedAt }>
 * Why this shape (ARCHITECTURE.md, "Kanban in Yjs"): a card's place is ONE value, so a move is
 * one assignment and two concurrent moves resolve to one of them — never a duplicate or a loss,
 * which delete+insert in a Y.Array would cause. Columns and checklist items are maps with
 * fractional positions for the same reason. Nothing is ever deleted: a card is archived and a
 * column is marked removed, so a concurrent edit of it is never silently dropped.
 */
import { z } from 'zod';
import { fieldErrorsFrom, type FieldError } from './errors.ts';

export const FOCUS_AREAS = ['distancing', 'testing', 'vaccination', 'welfare'] as const;
export type FocusArea = (typeof FOCUS_AREAS)[number];

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const FOCUS_LABELS: Record<FocusArea, { vi: string; en: string }> = {
	distancing: { vi: 'Giãn cách', en: 'Distancing' },
	testing: { vi: 'Xét nghiệm', en: 'Testing' },
	vaccination: { vi: 'Tiêm chủng', en: 'Vaccination' },
	welfare: { vi: 'An sinh', en: 'Social welfare' }
};

export const PRIORITY_LABELS: Record<Priority, { vi: string; en: string }> = {
	low: { vi: 'Thấp', en: 'Low' },
	normal: { vi: 'Bình thường', en: 'Normal' },
	high: { vi: 'Cao', en: 'High' },
	urgent: { vi: 'Khẩn', en: 'Urgent' }
};

/** The columns a new board starts with; the last one counts as done. */
export const DEFAULT_COLUMNS: ReadonlyArray<{ id: string; title: string; done: boolean }> = [
	{ id: 'todo', title: 'Cần làm', done: false },
	{ id: 'doing', title: 'Đang làm', done: false },
	{ id: 'review', title: 'Chờ kiểm tra', done: false },
	{ id: 'done', title: 'Hoàn thành', done: true }
];

/** The lane that holds live cards whose column was removed (or never existed). */
export const UNSORTED = '__unsorted__';

export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 5000;
export const NAME_MAX = 120;
export const COMMENT_MAX = 2000;
export const CHECK_ITEM_MAX = 300;
export const COLUMN_TITLE_MAX = 60;
export const WIP_MAX = 999;

const text = (max: number) =>
	z.string({ error: (iss) => (iss.input === undefined ? 'required' : 'invalid') }).trim().max(max, { error: 'too_long' });
const requiredText = (max: number) => text(max).min(1, { error: 'required' });

/** Local date (Asia/Ho_Chi_Minh) with an optional time: `2021-09-02` or `2021-09-02T17:00`. */
export const DEADLINE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/;

export function isValidDeadline(s: string): boolean {
	const m = DEADLINE_PATTERN.exec(s);
	if (!m) return false;
	const [y, mo, d, h, mi] = [m[1], m[2], m[3], m[4], m[5]].map((v) => (v === undefined ? 0 : Number(v))) as number[];
	const date = new Date(Date.UTC(y!, mo! - 1, d!));
	return (
		date.getUTCFullYear() === y && date.getUTCMonth() === mo! - 1 && date.getUTCDate() === d && h! < 24 && mi! < 60
	);
}

const assignee = z
	.strictObject({ kind: z.enum(['person', 'unit'], { error: 'invalid' }), name: requiredText(NAME_MAX) }, { error: 'invalid' })
	.nullable();

/** Every editable field of a card, each optional: a patch. */
export const cardFields = {
	title: requiredText(TITLE_MAX),
	description: text(DESCRIPTION_MAX),
	assignee,
	ward: z.string({ error: 'invalid' }).regex(/^[a-z0-9-]{1,64}$/, { error: 'unknown_ward' }).nullable(),
	focus: z.enum(FOCUS_AREAS, { error: 'invalid' }).nullable(),
	deadline: z.string({ error: 'invalid' }).refine(isValidDeadline, { error: 'invalid' }).nullable(),
	priority: z.enum(PRIORITIES, { error: 'invalid' })
};

export const cardPatchSchema = z.strictObject(
	{
		title: cardFields.title.optional(),
		description: cardFields.description.optional(),
		assignee: cardFields.assignee.optional(),
		ward: cardFields.ward.optional(),
		focus: cardFields.focus.optional(),
		deadline: cardFields.deadline.optional(),
		priority: cardFields.priority.optional()
	},
	{ error: (iss) => (iss.code === 'unrecognized_keys' ? 'unknown_field' : 'invalid_body') }
);
export type CardPatch = z.output<typeof cardPatchSchema>;

export const newCardSchema = z.strictObject(
	{
		title: cardFields.title,
		description: cardFields.description.default(''),
		assignee: cardFields.assignee.default(null),
		ward: cardFields.ward.default(null),
		focus: cardFields.focus.default(null),
		deadline: cardFields.deadline.default(null),
		priority: cardFields.priority.default('normal')
	},
	{ error: (iss) => (iss.code === 'unrecognized_keys' ? 'unknown_field' : 'invalid_body') }
);
export type NewCard = z.output<typeof newCardSchema>;

export const columnTitleSchema = requiredText(COLUMN_TITLE_MAX);
export const wipLimitSchema = z
	.number({ error: 'not_number' })
	.int({ error: 'not_integer' })
	.min(1, { error: 'not_positive' })
	.max(WIP_MAX, { error: 'too_large' })
	.nullable();
export const commentSchema = requiredText(COMMENT_MAX);
export const checkItemSchema = requiredText(CHECK_ITEM_MAX);

/** A board others may create (an inspection campaign…): the district and ward boards exist already. */
export const newBoardSchema = z.strictObject(
	{
		id: z
			.string({ error: (iss) => (iss.input === undefined ? 'required' : 'invalid') })
			.regex(/^[a-z0-9][a-z0-9-]{1,47}$/, { error: 'bad_board_id' })
			.refine((s) => s !== 'district', { error: 'board_id_taken' }),
		title: requiredText(TITLE_MAX),
		ward: cardFields.ward.default(null)
	},
	{ error: (iss) => (iss.code === 'unrecognized_keys' ? 'unknown_field' : 'invalid_body') }
);
export type NewBoard = z.output<typeof newBoardSchema>;

/** Thrown by the board model when a value would not be valid: nothing was written. */
export class BoardInputError extends Error {
	constructor(readonly errors: FieldError[]) {
		super(errors.map((e) => `${e.field}: ${e.messageEn}`).join('; '));
	}
}

/** Parses with `schema` or throws a BoardInputError naming each field at fault. */
export function parseBoardInput<S extends z.ZodType>(schema: S, value: unknown, field = ''): z.output<S> {
	const r = schema.safeParse(value);
	if (r.success) return r.data;
	const errors = fieldErrorsFrom(r.error.issues).map((e) => (field && !e.field ? { ...e, field } : e));
	throw new BoardInputError(errors);
}

/** Plain values read back from a board document (what the page renders and SQL receives). */
export interface CardView {
	id: string;
	title: string;
	description: string;
	assignee: { kind: 'person' | 'unit'; name: string } | null;
	ward: string | null;
	focus: FocusArea | null;
	deadline: string | null;
	priority: Priority;
	column: string;
	position: string;
	archived: boolean;
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
