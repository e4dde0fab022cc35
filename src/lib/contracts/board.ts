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
import { checkBoardTransaction as judgeBoardTransaction } from '../domain/board-guard.ts';
import { boardRefusalWords } from '../i18n/board.ts';

export * from '../domain/board-model.ts';
import {
	ASSIGNEE_KINDS,
	CARD_WARD_PATTERN,
	NAME_MAX,
	TITLE_MAX,
	DESCRIPTION_MAX,
	COMMENT_MAX,
	CHECK_ITEM_MAX,
	COLUMN_TITLE_MAX,
	WIP_MAX,
	FOCUS_AREAS,
	PRIORITIES,
	isValidDeadline
} from '../domain/board-model.ts';

const text = (max: number) =>
	z
		.string({ error: (iss) => (iss.input === undefined ? 'required' : 'invalid') })
		.trim()
		.max(max, { error: 'too_long' });
const requiredText = (max: number) => text(max).min(1, { error: 'required' });

const assignee = z.strictObject({ kind: z.enum(ASSIGNEE_KINDS, { error: 'invalid' }), name: requiredText(NAME_MAX) }, { error: 'invalid' }).nullable();

/** Every editable field of a card, each optional: a patch. */
export const cardFields = {
	title: requiredText(TITLE_MAX),
	description: text(DESCRIPTION_MAX),
	assignee,
	ward: z.string({ error: 'invalid' }).regex(CARD_WARD_PATTERN, { error: 'unknown_ward' }).nullable(),
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

/** Thrown by the board's edits (contracts/board-edits) when a value is not valid or names what is not there: nothing was written. */
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

/**
 * The domain's verdict on one transaction of an incoming Yjs update (domain/board-guard), in the
 * words the collab server sends back ("permission denied") and logs: null = allowed.
 */
export function checkBoardTransaction(...args: Parameters<typeof judgeBoardTransaction>): ReturnType<typeof boardRefusalWords> | null {
	const refusal = judgeBoardTransaction(...args);
	return refusal && boardRefusalWords(refusal);
}
