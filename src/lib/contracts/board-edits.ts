/**
 * The board's edits as every caller makes them (the board page, the server, the tests): untrusted
 * input parsed with the schemas of contracts/board, then the domain's edit (domain/board) on valid
 * values. Whatever is refused — a bad value, or a column or card that is not there — throws one
 * BoardInputError naming each field at fault, in the words of every other boundary; nothing was written.
 */
import type * as Y from 'yjs';
import * as board from '../domain/board.ts';
import type { EditContext } from '../domain/board.ts';
import { BoardEditRefusal } from '../domain/board-model.ts';
import {
	BoardInputError,
	cardPatchSchema,
	checkItemSchema,
	columnTitleSchema,
	commentSchema,
	newCardSchema,
	parseBoardInput,
	wipLimitSchema
} from './board.ts';
import { fieldError } from './errors.ts';

/** Runs a domain edit; a refusal of the model comes back as the BoardInputError callers know. */
function edit<T>(run: () => T): T {
	try {
		return run();
	} catch (err) {
		if (err instanceof BoardEditRefusal) throw new BoardInputError(err.problems.map((p) => fieldError(p.field, p.code)));
		throw err;
	}
}

const optional = <T>(value: unknown, parse: (v: unknown) => T): T | undefined => (value === undefined ? undefined : parse(value));
const checkText = (v: unknown) => parseBoardInput(checkItemSchema, v, 'checklist');
const columnTitle = (v: unknown) => parseBoardInput(columnTitleSchema, v, 'title');
const wipLimit = (v: unknown) => parseBoardInput(wipLimitSchema, v, 'wipLimit');

/** Adds a card to a column (at `index`, default the end). Returns its id. */
export function addCard(doc: Y.Doc, column: string, input: unknown, ctx: EditContext, index?: number): string {
	const fields = parseBoardInput(newCardSchema, input);
	return edit(() => board.addCard(doc, column, fields, ctx, index));
}

/** Changes some fields of a card. */
export function updateCard(doc: Y.Doc, id: string, patch: unknown, ctx: EditContext): void {
	const fields = parseBoardInput(cardPatchSchema, patch);
	edit(() => board.updateCard(doc, id, fields, ctx));
}

export function addComment(doc: Y.Doc, cardId: string, text: unknown, ctx: EditContext): string {
	const body = parseBoardInput(commentSchema, text, 'comment');
	return edit(() => board.addComment(doc, cardId, body, ctx));
}

export function addCheckItem(doc: Y.Doc, cardId: string, text: unknown, ctx: EditContext): string {
	const body = checkText(text);
	return edit(() => board.addCheckItem(doc, cardId, body, ctx));
}

/** Ticks or unticks, renames or removes (a flag, like archive) one checklist item. */
export function updateCheckItem(
	doc: Y.Doc,
	cardId: string,
	itemId: string,
	change: { done?: boolean; text?: unknown; removed?: boolean },
	ctx: EditContext
): void {
	const text = optional(change.text, checkText);
	edit(() => board.updateCheckItem(doc, cardId, itemId, { ...change, text }, ctx));
}

export function addColumn(doc: Y.Doc, title: unknown, opts: { done?: boolean; wipLimit?: unknown } = {}): string {
	const name = columnTitle(title);
	const wip = optional(opts.wipLimit, wipLimit);
	return edit(() => board.addColumn(doc, name, { done: opts.done, wipLimit: wip }));
}

export function updateColumn(doc: Y.Doc, id: string, change: { title?: unknown; wipLimit?: unknown; done?: boolean }): void {
	const title = optional(change.title, columnTitle);
	const wip = optional(change.wipLimit, wipLimit);
	edit(() => board.updateColumn(doc, id, { title, wipLimit: wip, done: change.done }));
}

/** The edits without input to parse: only a refusal to word. */
export const moveCard = (...args: Parameters<typeof board.moveCard>) => edit(() => board.moveCard(...args));
export const archiveCard = (...args: Parameters<typeof board.archiveCard>) => edit(() => board.archiveCard(...args));
export const moveColumn = (...args: Parameters<typeof board.moveColumn>) => edit(() => board.moveColumn(...args));
export const removeColumn = (...args: Parameters<typeof board.removeColumn>) => edit(() => board.removeColumn(...args));
