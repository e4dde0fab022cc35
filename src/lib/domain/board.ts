/**
 * The task board model over a Yjs document: every edit the board page, the server and the tests
 * make goes through these functions, and every reader goes through `readBoard`. The document shape
 * and why it cannot corrupt are in `contracts/board.ts`.
 *
 * Pure in the sense of the domain layer: no I/O and no framework — it only reads and writes the
 * Y.Doc it is given (yjs is the data structure, not a service). Each edit is one Yjs transaction
 * of values already valid (contracts/board-edits parses untrusted input into them first); an edit
 * naming a column or card that is not there throws a BoardEditRefusal and changes nothing.
 *
 * `readBoard` trusts nothing in the document: a writer with a buggy or hostile client can put any
 * value there, so every field is checked and a bad one falls back to a safe default.
 */
import * as Y from 'yjs';
import { generateKeyBetween } from 'fractional-indexing';
import {
	BoardEditRefusal,
	CARD_WARD_PATTERN,
	COLUMN_TITLE_MAX,
	COMMENT_MAX,
	CHECK_ITEM_MAX,
	DEFAULT_COLUMNS,
	DESCRIPTION_MAX,
	FOCUS_AREAS,
	NAME_MAX,
	PRIORITIES,
	TEMPLATE_MARK_PATTERN,
	TITLE_MAX,
	UNSORTED,
	isValidDeadline,
	type BoardView,
	type CardPatch,
	type CardView,
	type ColumnView,
	type FocusArea,
	type NewCard,
	type Priority
} from './board-model.ts';
import { cleanText, cleanTextOrNull, KEY_MAX } from './stored-text.ts';

/** Who makes an edit, and (for tests) the clock and the id generator. */
export interface EditContext {
	/** Shown as created/updated by and on comments: the person's display name. */
	by: string;
	now?: () => Date;
	newId?: () => string;
}

type YMapAny = Y.Map<unknown>;

interface Place {
	column: string;
	position: string;
}

export function boardMaps(doc: Y.Doc): { meta: YMapAny; columns: Y.Map<YMapAny>; cards: Y.Map<YMapAny> } {
	return { meta: doc.getMap('meta'), columns: doc.getMap<YMapAny>('columns'), cards: doc.getMap<YMapAny>('cards') };
}

const nowIso = (ctx: EditContext) => (ctx.now ? ctx.now() : new Date()).toISOString();
const newId = (ctx: EditContext) => (ctx.newId ? ctx.newId() : crypto.randomUUID());

/**
 * A key strictly between `lo` and `hi` (either may be null for an open end). Keys written by
 * other clients may be equal (two people inserting at the same spot at once) or not keys at all;
 * then the nearest valid open interval is used — the order is (position, id), so ties are fine.
 */
export function keyBetween(lo: string | null, hi: string | null): string {
	const attempts: Array<[string | null, string | null]> = [
		[lo, hi],
		[lo, null],
		[null, hi],
		[null, null]
	];
	for (const [a, b] of attempts) {
		if (a !== null && b !== null && a >= b) continue;
		try {
			return generateKeyBetween(a, b);
		} catch {
			// an invalid key from another client: try a wider interval
		}
	}
	return generateKeyBetween(null, null);
}

/** Sort key comparison: (position, id), plain code-unit order as fractional-indexing requires. */
function byPlace(a: { position: string; id: string }, b: { position: string; id: string }): number {
	if (a.position !== b.position) return a.position < b.position ? -1 : 1;
	return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The position for inserting at `index` into `sorted` (ordered by byPlace, without the item being
 * placed). When the neighbours there share one key (two people inserted at the same spot at
 * once), no key fits between them: the tied items after the spot are given new keys after the
 * new one (`shifted`), each by one assignment of its own place, so nothing can duplicate.
 */
export function placeAt(
	sorted: ReadonlyArray<{ id: string; position: string }>,
	index: number
): { position: string; shifted: Array<{ id: string; position: string }> } {
	const i = Math.max(0, Math.min(index, sorted.length));
	const lo = i > 0 ? (sorted[i - 1]?.position ?? null) : null;
	let j = i;
	while (lo !== null && j < sorted.length && sorted[j]!.position <= lo) j++;
	const hi = sorted[j]?.position ?? null;
	const position = keyBetween(lo, hi);
	const shifted: Array<{ id: string; position: string }> = [];
	let prev = position;
	for (let k = i; k < j; k++) {
		prev = keyBetween(prev, hi);
		shifted.push({ id: sorted[k]!.id, position: prev });
	}
	return { position, shifted };
}

/** Just the key of {@link placeAt}, for lists that never tie (columns, checklist ends). */
export function positionAt(sorted: ReadonlyArray<{ id: string; position: string }>, index: number): string {
	return placeAt(sorted, index).position;
}

/**
 * Writes a board's first state: title, ward and the default columns. Only when the document is
 * empty — done once, by the server, when the board is created, so no two clients ever race to
 * create the same columns.
 */
export function initBoard(
	doc: Y.Doc,
	init: { title: string; ward: string | null },
	columns: ReadonlyArray<{ id: string; title: string; done: boolean }> = DEFAULT_COLUMNS
): boolean {
	const { meta, columns: cols } = boardMaps(doc);
	if (cols.size > 0 || meta.has('title')) return false;
	doc.transact(() => {
		meta.set('title', init.title);
		meta.set('ward', init.ward);
		let prev: string | null = null;
		for (const c of columns) {
			const col: YMapAny = new Y.Map();
			cols.set(c.id, col);
			prev = keyBetween(prev, null);
			col.set('title', c.title);
			col.set('position', prev);
			col.set('wipLimit', null);
			col.set('done', c.done);
			col.set('removed', false);
		}
	});
	return true;
}

function liveColumn(doc: Y.Doc, id: string): YMapAny {
	const col = boardMaps(doc).columns.get(id);
	if (!(col instanceof Y.Map) || col.get('removed') === true) throw new BoardEditRefusal([{ field: 'column', code: 'unknown_column' }]);
	return col;
}

function cardMap(doc: Y.Doc, id: string): YMapAny {
	const card = boardMaps(doc).cards.get(id);
	if (!(card instanceof Y.Map)) throw new BoardEditRefusal([{ field: 'card', code: 'unknown_card' }]);
	return card;
}

function touch(card: YMapAny, ctx: EditContext): void {
	card.set('updatedBy', ctx.by);
	card.set('updatedAt', nowIso(ctx));
}

/** Live (not archived) cards of a column, in order, optionally without one card. */
function columnCards(doc: Y.Doc, column: string, without?: string): CardView[] {
	const view = readBoard(doc);
	const lane = view.columns.find((c) => c.id === column);
	return (lane?.cards ?? []).filter((c) => c.id !== without);
}

/** Gives tied cards their new keys (see placeAt). Only their place changes, not "updated by". */
function shift(doc: Y.Doc, column: string, shifted: ReadonlyArray<{ id: string; position: string }>): void {
	for (const { id, position } of shifted)
		boardMaps(doc)
			.cards.get(id)
			?.set('place', { column, position } satisfies Place);
}

/** Adds a card to a column (at `index`, default the end). Returns its id. */
export function addCard(doc: Y.Doc, column: string, fields: NewCard, ctx: EditContext, index?: number): string {
	liveColumn(doc, column);
	const siblings = columnCards(doc, column);
	const { position, shifted } = placeAt(siblings, index ?? siblings.length);
	const id = newId(ctx);
	const at = nowIso(ctx);
	doc.transact(() => {
		shift(doc, column, shifted);
		const card: YMapAny = new Y.Map();
		boardMaps(doc).cards.set(id, card);
		for (const [k, v] of Object.entries(fields)) card.set(k, v);
		card.set('place', { column, position } satisfies Place);
		card.set('archived', false);
		card.set('checklist', new Y.Map());
		card.set('comments', new Y.Array());
		card.set('createdBy', ctx.by);
		card.set('createdAt', at);
		card.set('updatedBy', ctx.by);
		card.set('updatedAt', at);
	});
	return id;
}

/** Changes some fields of a card; each field merges on its own with others' concurrent edits. */
export function updateCard(doc: Y.Doc, id: string, patch: CardPatch, ctx: EditContext): void {
	const card = cardMap(doc, id);
	doc.transact(() => {
		for (const [k, v] of Object.entries(patch)) if (v !== undefined) card.set(k, v);
		touch(card, ctx);
	});
}

/**
 * Moves a card to `index` among the live cards of `column`: ONE assignment of its place, so two
 * concurrent moves of the same card end with the card in exactly one of the two places.
 */
export function moveCard(doc: Y.Doc, id: string, column: string, index: number, ctx: EditContext): void {
	const card = cardMap(doc, id);
	liveColumn(doc, column);
	const { position, shifted } = placeAt(columnCards(doc, column, id), index);
	doc.transact(() => {
		shift(doc, column, shifted);
		card.set('place', { column, position } satisfies Place);
		touch(card, ctx);
	});
}

/** Delete means archive: a concurrent edit of the card is kept, and the card can be restored. */
export function archiveCard(doc: Y.Doc, id: string, ctx: EditContext, archived = true): void {
	const card = cardMap(doc, id);
	doc.transact(() => {
		card.set('archived', archived);
		touch(card, ctx);
	});
}

/** Comments are append-only: nobody edits or removes what someone else wrote. */
export function addComment(doc: Y.Doc, cardId: string, body: string, ctx: EditContext): string {
	const card = cardMap(doc, cardId);
	const id = newId(ctx);
	doc.transact(() => {
		let comments = card.get('comments');
		if (!(comments instanceof Y.Array)) {
			comments = new Y.Array();
			card.set('comments', comments);
		}
		(comments as Y.Array<unknown>).push([{ id, text: body, by: ctx.by, at: nowIso(ctx) }]);
		touch(card, ctx);
	});
	return id;
}

function checklistOf(card: YMapAny): Y.Map<YMapAny> {
	let list = card.get('checklist');
	if (!(list instanceof Y.Map)) {
		list = new Y.Map();
		card.set('checklist', list);
	}
	return list as Y.Map<YMapAny>;
}

export function addCheckItem(doc: Y.Doc, cardId: string, body: string, ctx: EditContext): string {
	const card = cardMap(doc, cardId);
	const id = newId(ctx);
	const last = readCheckPositions(card).at(-1)?.position ?? null;
	doc.transact(() => {
		const item: YMapAny = new Y.Map();
		checklistOf(card).set(id, item);
		item.set('text', body);
		item.set('done', false);
		item.set('position', keyBetween(last, null));
		item.set('removed', false);
		touch(card, ctx);
	});
	return id;
}

/** Ticks or unticks, renames or removes (a flag, like archive) one checklist item. */
export function updateCheckItem(
	doc: Y.Doc,
	cardId: string,
	itemId: string,
	change: { done?: boolean; text?: string; removed?: boolean },
	ctx: EditContext
): void {
	const card = cardMap(doc, cardId);
	const item = checklistOf(card).get(itemId);
	if (!(item instanceof Y.Map)) throw new BoardEditRefusal([{ field: 'checklist', code: 'invalid' }]);
	const text = change.text;
	doc.transact(() => {
		if (change.done !== undefined) item.set('done', change.done === true);
		if (text !== undefined) item.set('text', text);
		if (change.removed !== undefined) item.set('removed', change.removed === true);
		touch(card, ctx);
	});
}

export function addColumn(doc: Y.Doc, name: string, opts: { done?: boolean; wipLimit?: number | null } = {}): string {
	const wip = opts.wipLimit ?? null;
	const cols = readBoard(doc).columns.filter((c) => c.id !== UNSORTED);
	const id = crypto.randomUUID();
	doc.transact(() => {
		const col: YMapAny = new Y.Map();
		boardMaps(doc).columns.set(id, col);
		col.set('title', name);
		col.set('position', keyBetween(cols.at(-1)?.position ?? null, null));
		col.set('wipLimit', wip);
		col.set('done', opts.done === true);
		col.set('removed', false);
	});
	return id;
}

export function updateColumn(doc: Y.Doc, id: string, change: { title?: string; wipLimit?: number | null; done?: boolean }): void {
	const col = liveColumn(doc, id);
	const { title, wipLimit: wip } = change;
	doc.transact(() => {
		if (title !== undefined) col.set('title', title);
		if (wip !== undefined) col.set('wipLimit', wip);
		if (change.done !== undefined) col.set('done', change.done === true);
	});
}

/** Moves a column to `index` among the live columns. */
export function moveColumn(doc: Y.Doc, id: string, index: number): void {
	const col = liveColumn(doc, id);
	const others = readBoard(doc).columns.filter((c) => c.id !== id && c.id !== UNSORTED);
	doc.transact(() => col.set('position', positionAt(others, index)));
}

/** A removed column is only marked so: its cards show in the "Unsorted" lane, nothing is lost. */
export function removeColumn(doc: Y.Doc, id: string): void {
	const col = liveColumn(doc, id);
	doc.transact(() => col.set('removed', true));
}

// ---------------------------------------------------------------- reading, defensively

/**
 * Sort keys grow by about one character per six inserts at the very same spot, so a long-lived
 * board may have long ones; cutting a real key would reorder cards. Far past any real key.
 */
const POSITION_MAX = 1024;

function readPlace(v: unknown): Place {
	if (v && typeof v === 'object' && !(v instanceof Y.AbstractType)) {
		const p = v as Record<string, unknown>;
		// A bad position alone does not take the card out of its column: it sorts first there.
		if (typeof p.column === 'string') return { column: p.column, position: cleanText(p.position, POSITION_MAX) };
	}
	return { column: UNSORTED, position: '' };
}

function readAssignee(v: unknown): CardView['assignee'] {
	if (!v || typeof v !== 'object' || v instanceof Y.AbstractType) return null;
	const a = v as Record<string, unknown>;
	const name = cleanTextOrNull(a.name, NAME_MAX);
	if ((a.kind === 'person' || a.kind === 'unit') && name) return { kind: a.kind, name };
	return null;
}

/** A deadline only when it is a real date (and time): `2021-99-99` reads as no deadline. */
export function readDeadline(v: unknown): string | null {
	return typeof v === 'string' && v.length <= 16 && isValidDeadline(v) ? v : null;
}

/** A ward code as a card may carry it (CARD_WARD_PATTERN); anything else reads as "no ward of its own". */
function readWard(v: unknown): string | null {
	return typeof v === 'string' && CARD_WARD_PATTERN.test(v) ? v : null;
}

function readCheckPositions(card: YMapAny): Array<{ id: string; position: string; text: string; done: boolean }> {
	const list = card.get('checklist');
	if (!(list instanceof Y.Map)) return [];
	const out: Array<{ id: string; position: string; text: string; done: boolean }> = [];
	for (const [id, item] of (list as Y.Map<unknown>).entries()) {
		if (!(item instanceof Y.Map) || item.get('removed') === true) continue;
		out.push({
			id,
			position: cleanText(item.get('position'), POSITION_MAX),
			text: cleanText(item.get('text'), CHECK_ITEM_MAX),
			done: item.get('done') === true
		});
	}
	return out.sort(byPlace);
}

function readComments(card: YMapAny): CardView['comments'] {
	const list = card.get('comments');
	if (!(list instanceof Y.Array)) return [];
	const out: CardView['comments'] = [];
	for (const c of (list as Y.Array<unknown>).toArray()) {
		if (!c || typeof c !== 'object' || c instanceof Y.AbstractType) continue;
		const o = c as Record<string, unknown>;
		if (typeof o.text !== 'string') continue;
		out.push({ id: cleanText(o.id, KEY_MAX), text: cleanText(o.text, COMMENT_MAX), by: cleanText(o.by, NAME_MAX), at: cleanText(o.at, KEY_MAX) });
	}
	return out;
}

/**
 * One card as plain values. Every field is checked: a value of the wrong type, out of range or
 * too long reads as its default ("unknown": null, '', 'normal'), text is cleaned (stored-text.ts)
 * and capped at the limit the input schema has for it — never an exception.
 */
function readCard(id: string, card: YMapAny): CardView {
	const place = readPlace(card.get('place'));
	const focus = card.get('focus');
	const priority = card.get('priority');
	const template = card.get('template');
	return {
		id,
		title: cleanTextOrNull(card.get('title'), TITLE_MAX) ?? '(không tiêu đề)',
		description: cleanText(card.get('description'), DESCRIPTION_MAX),
		assignee: readAssignee(card.get('assignee')),
		ward: readWard(card.get('ward')),
		focus: FOCUS_AREAS.includes(focus as FocusArea) ? (focus as FocusArea) : null,
		deadline: readDeadline(card.get('deadline')),
		priority: PRIORITIES.includes(priority as Priority) ? (priority as Priority) : 'normal',
		column: place.column,
		position: place.position,
		archived: card.get('archived') === true,
		template: typeof template === 'string' && TEMPLATE_MARK_PATTERN.test(template) ? template : null,
		checklist: readCheckPositions(card).map(({ id: itemId, text, done }) => ({ id: itemId, text, done })),
		comments: readComments(card),
		createdBy: cleanText(card.get('createdBy'), NAME_MAX),
		createdAt: cleanText(card.get('createdAt'), KEY_MAX),
		updatedBy: cleanText(card.get('updatedBy'), NAME_MAX),
		updatedAt: cleanText(card.get('updatedAt'), KEY_MAX)
	};
}

/**
 * The whole board as plain values: live columns in order, each with its live cards in order;
 * cards whose column is gone in an "Unsorted" lane at the end; archived cards apart. Every live
 * card is in exactly one lane, exactly once — whatever the document holds.
 */
export function readBoard(doc: Y.Doc): BoardView {
	const { meta, columns, cards } = boardMaps(doc);
	const cols: ColumnView[] = [];
	for (const [id, col] of columns.entries()) {
		if (!(col instanceof Y.Map) || col.get('removed') === true || id === UNSORTED) continue;
		const wip = col.get('wipLimit');
		cols.push({
			id,
			title: cleanTextOrNull(col.get('title'), COLUMN_TITLE_MAX) ?? cleanText(id, COLUMN_TITLE_MAX),
			position: cleanText(col.get('position'), POSITION_MAX),
			wipLimit: typeof wip === 'number' && Number.isInteger(wip) && wip > 0 ? wip : null,
			done: col.get('done') === true,
			cards: []
		});
	}
	cols.sort(byPlace);
	const byId = new Map(cols.map((c) => [c.id, c]));
	const unsorted: ColumnView = { id: UNSORTED, title: 'Chưa xếp cột', position: '', wipLimit: null, done: false, cards: [] };
	const archived: CardView[] = [];
	for (const [id, card] of cards.entries()) {
		if (!(card instanceof Y.Map)) continue;
		const view = readCard(id, card);
		if (view.archived) archived.push(view);
		else (byId.get(view.column) ?? unsorted).cards.push(view);
	}
	for (const c of cols) c.cards.sort(byPlace);
	unsorted.cards.sort(byPlace);
	archived.sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0));
	return {
		title: cleanTextOrNull(meta.get('title'), TITLE_MAX) ?? 'Bảng công việc',
		ward: readWard(meta.get('ward')),
		columns: unsorted.cards.length ? [...cols, unsorted] : cols,
		archived
	};
}
