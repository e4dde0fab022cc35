/**
 * The board's rules for edits that arrive as raw Yjs updates (a browser, a tablet or a stock
 * y-websocket client can send anything): given a document and ONE transaction that applied an
 * incoming update to it, may this writer make this change — and if not, which rule does it break?
 *
 * The server applies the update to a shadow copy of the board inside a transaction
 * (`src/lib/server/collab/documents.ts`) and asks {@link checkBoardTransaction}; only an allowed
 * update reaches the real document, the other clients and the database. Why this mechanism:
 * `docs/collab-validation.md`.
 *
 * Cost: only what the transaction touched is read — the structs it inserted (from the state
 * before it to the state now) and the items it deleted — never the whole board, so a keystroke on
 * a 1,000-card board reads a handful of items.
 *
 * Pure in the sense of the domain layer: no I/O, no framework, no clock (`now` is given). It reads
 * Yjs internals that are part of yjs' public exports (the struct store, `Item`, `ContentAny`,
 * `ContentType`, `iterateDeletedStructs`) because the rules are about what the update wrote, not
 * about the merged result: a legitimate "updated by me" that loses to a concurrent one is still mine.
 */
import * as Y from 'yjs';
import {
	ASSIGNEE_KINDS,
	CARD_WARD_PATTERN,
	CHECK_ITEM_MAX,
	COLUMN_TITLE_MAX,
	COMMENT_MAX,
	DESCRIPTION_MAX,
	FOCUS_AREAS,
	NAME_MAX,
	PRIORITIES,
	REVIEW_COLUMN,
	TITLE_MAX,
	UNSORTED,
	WIP_MAX,
	isValidDeadline
} from './board-model.ts';
import { actorLabel, can, inspectsOnly, type Principal } from './access.ts';

/** The limits of a board document that no single field schema expresses. */
export const BOARD_LIMITS = {
	/** Live (not removed) checklist items of one card. */
	checklistItems: 100,
	/** One incoming Yjs update (a sync step 2 included), in bytes. */
	updateBytes: 256 * 1024,
	/** A board's whole stored state, in bytes: the default of BOARD_MAX_BYTES (server/config.ts). */
	boardBytes: 8 * 1024 * 1024,
	/** Fractional-index keys grow by a character every few inserts at one spot; this is generous. */
	positionChars: 1000,
	/**
	 * A time stamped by a client (a comment's `at`, a card's `updatedAt`) may lie this far in the
	 * past: a tablet keeps offline edits in IndexedDB and sends them when it is back (ARCHITECTURE.md).
	 * The server's own receive time is in the audit log whatever the stamp says.
	 */
	stampPastMs: 7 * 24 * 60 * 60 * 1000,
	/** …and this far in the future: tablet clocks drift. */
	stampFutureMs: 10 * 60 * 1000,
	/** Nesting of a plain value (an assignee, a place, a comment is 1). */
	valueDepth: 3
} as const;

/** Who writes through a connection, as the rules need it. */
export interface BoardWriter {
	/** What createdBy / updatedBy / a comment's `by` must say: actorLabel(principal).name. */
	name: string;
	/** Whether a card may carry this ward (an existing ward within the writer's scope). */
	mayUseWard(ward: string): 'ok' | 'unknown_ward' | 'ward_out_of_scope';
	/**
	 * Whether the writer signs cards off (see {@link signsOff}) — `can(p, 'board:inspect', board)`.
	 */
	maySignOff: boolean;
	/**
	 * The board is an inspection campaign's ({@link isCampaignBoard}): its cards are the inspection
	 * team's to sign off, so no card enters a done column but by one who signs off.
	 */
	campaign: boolean;
	/**
	 * An inspector on its board: it comments, ticks checklists and moves cards, nothing else (no
	 * new cards or columns, no edits of a card's fields): the ward's work stays the ward's.
	 */
	inspectsOnly: boolean;
}

/**
 * A writer from a principal on a board (`boardId`: the boards row, `district`, `ward:<code>` or a
 * campaign's id): ward scope is `can(p, 'ward:write', ward)` (access.ts), among the district's wards.
 */
export function boardWriterOf(p: Principal, isWard: (code: string) => boolean, boardId: string | null = null): BoardWriter {
	return {
		name: actorLabel(p).name,
		mayUseWard: (ward) => (!isWard(ward) ? 'unknown_ward' : can(p, 'ward:write', ward) ? 'ok' : 'ward_out_of_scope'),
		maySignOff: can(p, 'board:inspect', boardId),
		campaign: isCampaignBoard(boardId),
		inspectsOnly: inspectsOnly(p)
	};
}

/**
 * A campaign's board — one the district made for an inspection campaign, the only kind an
 * inspector is assigned (services/accounts) — rather than the district's own (`district`) or a
 * ward's (`ward:<code>`), which have no inspection team. `boardId` as in {@link boardWriterOf}.
 */
export function isCampaignBoard(boardId: string | null): boolean {
	return boardId !== null && boardId !== 'district' && !boardId.startsWith('ward:');
}

/** The rules an update can break; their words are i18n/board's BOARD_RULE_LABELS. */

export type BoardRule =
	| 'card_deleted'
	| 'column_deleted'
	| 'checklist_item_deleted'
	| 'comment_removed'
	| 'field_deleted'
	| 'meta_readonly'
	| 'unknown_structure'
	| 'too_deep'
	| 'invalid_value'
	| 'too_long'
	| 'checklist_too_long'
	| 'unsafe_text'
	| 'forged_author'
	| 'unstamped_edit'
	| 'created_stamp_changed'
	| 'bad_time'
	| 'incomplete_card'
	| 'incomplete_column'
	| 'unknown_column'
	| 'unknown_ward'
	| 'ward_out_of_scope'
	| 'review_gate'
	| 'inspector_limited';

/** Why an update is refused: the rule, and where in the document (`cards.<id>.title`). */
export interface BoardRefusal {
	error: BoardRule;
	where: string;
}

const refusal = (error: BoardRule, where: string): BoardRefusal => ({ error, where });

/** Ids of cards, columns, checklist items and comments: what crypto.randomUUID and the seed columns give. */
const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** A time as Date#toISOString writes it (the board model stamps with it). */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** No NUL (PostgreSQL text cannot hold it) and no lone surrogate (not encodable as UTF-8). */
export function isSafeText(s: string): boolean {
	return !s.includes('\u0000') && !LONE_SURROGATE.test(s);
}

/** A client's time stamp: an ISO instant within the window around `now` (see BOARD_LIMITS). */
export function isAcceptableStamp(v: unknown, now: number): boolean {
	if (typeof v !== 'string' || !ISO_INSTANT.test(v)) return false;
	const t = Date.parse(v);
	return Number.isFinite(t) && t >= now - BOARD_LIMITS.stampPastMs && t <= now + BOARD_LIMITS.stampFutureMs;
}

/** The first problem of a plain value anywhere inside it: too deep or unsafe text (keys included). */
function plainValueProblem(v: unknown, depth = 0): 'too_deep' | 'unsafe_text' | null {
	if (typeof v === 'string') return isSafeText(v) ? null : 'unsafe_text';
	if (v === null || typeof v !== 'object') return null;
	if (depth >= BOARD_LIMITS.valueDepth) return 'too_deep';
	for (const [k, x] of Object.entries(v)) {
		if (!isSafeText(k)) return 'unsafe_text';
		const p = plainValueProblem(x, depth + 1);
		if (p) return p;
	}
	return null;
}

/**
 * A text field: a string no longer than `max` (as written: the input schemas trim first), and for a
 * required one not blank — what contracts/board's schemas accept, without their words.
 */
const textRule =
	(max: number, required = true) =>
	(v: unknown): BoardRule | null =>
		typeof v !== 'string' ? 'invalid_value' : v.length > max ? 'too_long' : required && v.trim() === '' ? 'invalid_value' : null;
/** A value rule from a plain predicate. */
const valueRule =
	(ok: (v: unknown) => boolean) =>
	(v: unknown): BoardRule | null =>
		ok(v) ? null : 'invalid_value';
const nullable = (ok: (v: unknown) => boolean) => (v: unknown) => v === null || ok(v);
const oneOf = (values: readonly string[]) => (v: unknown) => typeof v === 'string' && values.includes(v);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isAssignee = (v: unknown) =>
	isRecord(v) &&
	Object.keys(v).length === 2 &&
	oneOf(ASSIGNEE_KINDS)(v.kind) &&
	typeof v.name === 'string' &&
	v.name.trim() !== '' &&
	v.name.trim().length <= NAME_MAX;
const isWipLimit = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1 && v <= WIP_MAX;
const isDeadline = (v: unknown) => typeof v === 'string' && isValidDeadline(v);
const isWardCode = (v: unknown) => typeof v === 'string' && CARD_WARD_PATTERN.test(v);
const isBool = (v: unknown): BoardRule | null => (typeof v === 'boolean' ? null : 'invalid_value');
const isPosition = (v: unknown): BoardRule | null => (typeof v !== 'string' ? 'invalid_value' : v.length > BOARD_LIMITS.positionChars ? 'too_long' : null);

type ValueRule = (v: unknown) => BoardRule | null;
/** A field's rule; own keys only, so that `constructor` or `__proto__` are unknown fields, not rules. */
const ruleOf = (table: Record<string, ValueRule>, key: string): ValueRule | undefined => (Object.hasOwn(table, key) ? table[key] : undefined);

const COLUMN_FIELDS: Record<string, ValueRule> = {
	title: textRule(COLUMN_TITLE_MAX),
	position: isPosition,
	wipLimit: valueRule(nullable(isWipLimit)),
	done: isBool,
	removed: isBool
};

const CHECK_ITEM_FIELDS: Record<string, ValueRule> = {
	text: textRule(CHECK_ITEM_MAX),
	done: isBool,
	position: isPosition,
	removed: isBool
};

/** Plain card fields (the Y types checklist/comments, stamps, ward and place are checked apart). */
const CARD_FIELDS: Record<string, ValueRule> = {
	title: textRule(TITLE_MAX),
	description: textRule(DESCRIPTION_MAX, false),
	assignee: valueRule(nullable(isAssignee)),
	focus: valueRule(nullable(oneOf(FOCUS_AREAS))),
	deadline: valueRule(nullable(isDeadline)),
	priority: valueRule(oneOf(PRIORITIES)),
	archived: isBool
};
/** Written by addCard in the card's first transaction: without them a card is not one. */
const NEW_CARD_REQUIRED = ['title', 'place', 'createdBy', 'createdAt', 'updatedBy', 'updatedAt'] as const;
const ROOTS = new Set(['meta', 'columns', 'cards']);

type AnyType = Y.AbstractType<unknown>;

/** Where an item sits: its keys from the root (`null` for an array element) and the types on the way. */
interface Location {
	keys: Array<string | null>;
	/** types[i] is the type that holds keys[i + 1] (types[0] is the root type). */
	types: AnyType[];
}

function rootNameOf(doc: Y.Doc, type: AnyType): string | null {
	for (const [name, t] of doc.share) if (t === type) return name;
	return null;
}

/** Walks up from an item to its root; null when deeper than any board path (5 keys). */
function locate(doc: Y.Doc, item: Y.Item): Location | null {
	const keys: Array<string | null> = [];
	const types: AnyType[] = [];
	let it: Y.Item = item;
	for (let depth = 0; depth < 6; depth++) {
		keys.unshift(it.parentSub);
		const parent = it.parent as AnyType;
		types.unshift(parent);
		if (parent._item === null) {
			keys.unshift(rootNameOf(doc, parent));
			return { keys, types };
		}
		it = parent._item;
	}
	return null;
}

const whereOf = (keys: ReadonlyArray<string | null>) => keys.map((k) => (k === null ? '[]' : k)).join('.');
const liveKey = (type: AnyType, key: string) => {
	const item = type._map.get(key);
	return item !== undefined && !item.deleted;
};
/** The value a map entry's item holds (the last one, as Y.Map reads it). */
const plainOf = (item: Y.Item): unknown => {
	const c = item.content.getContent();
	return c[c.length - 1];
};

/** What the rules learn about one card while reading the transaction. */
interface TouchedCard {
	type: AnyType | null;
	isNew: boolean;
	/** Some field other than `place` (which tied neighbours' re-keying changes alone) was written. */
	edited: boolean;
	stamped: boolean;
	createdWritten: boolean;
	/** The transaction wrote the card's place (a move, a new card, a neighbour re-keyed). */
	placed: boolean;
}

/**
 * The verdict on one transaction of `doc` (a shadow copy) that applied an incoming update:
 * null = allowed, else the first rule it breaks. Call it inside the transaction, before cleanup
 * (so that deleted content is not yet garbage-collected and `beforeState` is the state before).
 */
export function checkBoardTransaction(doc: Y.Doc, txn: Y.Transaction, writer: BoardWriter, now: number): BoardRefusal | null {
	const cards = new Map<string, TouchedCard>();
	const checklists = new Map<AnyType, string>();
	const newColumns = new Map<string, AnyType>();
	/** Columns whose `done` or `removed` the transaction wrote (new ones included): the review gate. */
	const gatedColumns = new Set<string>();
	const touch = (id: string): TouchedCard => {
		let t = cards.get(id);
		if (!t) cards.set(id, (t = { type: null, isNew: false, edited: false, stamped: false, createdWritten: false, placed: false }));
		return t;
	};

	function checkInserted(item: Y.Item): BoardRefusal | null {
		const loc = locate(doc, item);
		if (!loc) return refusal('too_deep', '?');
		const { keys, types } = loc;
		const where = whereOf(keys);
		const root = keys[0];
		if (root === null || root === undefined || !ROOTS.has(root)) return refusal('unknown_structure', where);
		if (root === 'meta') return refusal('meta_readonly', where);
		// Every key below the roots is a map key, except one level: the comments array.
		for (let i = 1; i < keys.length; i++) {
			const k = keys[i];
			const commentSlot = root === 'cards' && i === 3 && keys[2] === 'comments';
			if (commentSlot !== (k === null)) return refusal('unknown_structure', where);
			if (k != null && !isSafeText(k)) return refusal('unsafe_text', where);
		}
		const content = item.content;
		const isType = content instanceof Y.ContentType;
		const isPlain = content instanceof Y.ContentAny;
		if (!isType && !isPlain) return refusal('unknown_structure', where); // text, binary, embeds, subdocuments…
		const typeIs = (ctor: typeof Y.Map | typeof Y.Array) => isType && (content as Y.ContentType).type instanceof ctor;
		if (isPlain) {
			if (content.getLength() !== 1) return refusal('invalid_value', where);
			const p = plainValueProblem(plainOf(item));
			if (p) return refusal(p, where);
		}
		const value = isPlain ? plainOf(item) : undefined;
		const plainRule = (rule: ValueRule | undefined): BoardRefusal | null => {
			if (!rule) return refusal('unknown_structure', where);
			if (!isPlain) return refusal('invalid_value', where);
			const broken = rule(value);
			return broken ? refusal(broken, where) : null;
		};

		if (root === 'columns') {
			if (writer.inspectsOnly) return refusal('inspector_limited', where);
			const id = keys[1]!;
			if (keys.length === 2) {
				if (!ID_PATTERN.test(id) || id === UNSORTED) return refusal('unknown_structure', where);
				if (!typeIs(Y.Map)) return refusal('invalid_value', where);
				newColumns.set(id, (content as Y.ContentType).type as AnyType);
				return null;
			}
			if (keys.length === 3) {
				if (keys[2] === 'done' || keys[2] === 'removed') gatedColumns.add(id);
				return plainRule(ruleOf(COLUMN_FIELDS, keys[2]!));
			}
			return refusal('unknown_structure', where);
		}

		// cards.<id>…
		const id = keys[1]!;
		if (!ID_PATTERN.test(id)) return refusal('unknown_structure', where);
		const card = touch(id);
		if (keys.length === 2) {
			if (writer.inspectsOnly) return refusal('inspector_limited', where);
			if (!typeIs(Y.Map)) return refusal('invalid_value', where);
			card.isNew = true;
			card.type = (content as Y.ContentType).type as AnyType;
			return null;
		}
		card.type ??= types[1]!;
		const field = keys[2]!;
		if (keys.length === 3) {
			if (field !== 'place') card.edited = true;
			if (writer.inspectsOnly && !INSPECTOR_CARD_FIELDS.has(field)) return refusal('inspector_limited', where);
			switch (field) {
				case 'checklist':
					return typeIs(Y.Map) ? null : refusal('invalid_value', where);
				case 'comments':
					return typeIs(Y.Array) ? null : refusal('invalid_value', where);
				case 'createdBy':
				case 'updatedBy':
					if (!isPlain || typeof value !== 'string') return refusal('invalid_value', where);
					if (value !== writer.name) return refusal('forged_author', where);
					if (field === 'createdBy') card.createdWritten = true;
					else card.stamped = true;
					return null;
				case 'createdAt':
				case 'updatedAt':
					if (field === 'createdAt') card.createdWritten = true;
					return isPlain && isAcceptableStamp(value, now) ? null : refusal('bad_time', where);
				case 'ward': {
					const bad = plainRule(valueRule(nullable(isWardCode)));
					if (bad || value === null) return bad;
					const scope = writer.mayUseWard(value as string);
					return scope === 'ok' ? null : refusal(scope, where);
				}
				case 'place': {
					card.placed = true;
					if (!isPlain || !value || typeof value !== 'object' || Array.isArray(value)) return refusal('invalid_value', where);
					const p = value as Record<string, unknown>;
					if (Object.keys(p).length !== 2 || typeof p.column !== 'string' || !ID_PATTERN.test(p.column)) return refusal('invalid_value', where);
					const pos = isPosition(p.position);
					if (pos) return refusal(pos, where);
					return liveKey(boardRoot(doc, 'columns'), p.column) ? null : refusal('unknown_column', where);
				}
				default:
					return plainRule(ruleOf(CARD_FIELDS, field));
			}
		}
		card.edited = true;
		if (field === 'comments' && keys.length === 4) {
			if (!isPlain) return refusal('invalid_value', where);
			return commentProblem(value, where);
		}
		if (field === 'checklist') {
			const itemId = keys[3]!;
			checklists.set(types[2]!, whereOf(keys.slice(0, 3)));
			if (keys.length === 4) return !ID_PATTERN.test(itemId) ? refusal('unknown_structure', where) : typeIs(Y.Map) ? null : refusal('invalid_value', where);
			if (keys.length === 5) return plainRule(ruleOf(CHECK_ITEM_FIELDS, keys[4]!));
		}
		return refusal('unknown_structure', where);
	}

	/**
	 * A stamp the sender already garbage-collected: its `updatedBy` lost to a concurrent one it
	 * received before sending (an offline tablet catching up). The value is gone, so it cannot be
	 * forged; the card's visible updater is the concurrent writer, a legitimate outcome.
	 */
	function deadStamp(item: Y.Item): void {
		if (item.parentSub !== 'updatedBy') return;
		const loc = locate(doc, item);
		if (loc && loc.keys.length === 3 && loc.keys[0] === 'cards' && typeof loc.keys[1] === 'string') touch(loc.keys[1]).stamped = true;
	}

	function commentProblem(value: unknown, where: string): BoardRefusal | null {
		if (!value || typeof value !== 'object' || Array.isArray(value)) return refusal('invalid_value', where);
		const c = value as Record<string, unknown>;
		const keys = Object.keys(c);
		if (keys.length !== 4 || !['id', 'text', 'by', 'at'].every((k) => k in c)) return refusal('invalid_value', where);
		if (typeof c.id !== 'string' || !ID_PATTERN.test(c.id)) return refusal('invalid_value', where);
		const text = textRule(COMMENT_MAX)(c.text);
		if (text) return refusal(text, `${where}.text`);
		if (c.by !== writer.name) return refusal('forged_author', `${where}.by`);
		return isAcceptableStamp(c.at, now) ? null : refusal('bad_time', `${where}.at`);
	}

	// 1. Everything the update inserted: per client, the structs from its clock before the
	// transaction to its clock now. Content that arrives already deleted (garbage-collected by the
	// sender) carries no value; every other item is checked, even one that lost to a concurrent write.
	for (const [client, structs] of doc.store.clients) {
		const before = txn.beforeState.get(client) ?? 0;
		const last = structs[structs.length - 1];
		if (!last || last.id.clock + last.length <= before) continue;
		for (let i = before === 0 ? 0 : Y.findIndexSS(structs, before); i < structs.length; i++) {
			const s = structs[i]!;
			if (!(s instanceof Y.Item)) continue;
			if (s.content instanceof Y.ContentDeleted) {
				deadStamp(s);
				continue;
			}
			const r = checkInserted(s);
			if (r) return r;
		}
	}

	// 2. Everything it deleted that existed before: overwriting a plain value is an edit; removing
	// a key, replacing a card/column/checklist/comments structure or taking out a comment is not.
	const found: { deleted: BoardRefusal | null } = { deleted: null };
	Y.iterateDeletedStructs(txn, txn.deleteSet, (s) => {
		if (found.deleted || !(s instanceof Y.Item) || s.id.clock >= (txn.beforeState.get(s.id.client) ?? 0)) return;
		const loc = locate(doc, s);
		const keys = loc?.keys ?? ['?'];
		const where = whereOf(keys);
		const parent = s.parent as AnyType;
		if (s.parentSub === null) {
			found.deleted = refusal(keys[0] === 'cards' && keys[2] === 'comments' ? 'comment_removed' : 'unknown_structure', where);
			return;
		}
		if (liveKey(parent, s.parentSub) && !(s.content instanceof Y.ContentType)) {
			if (keys[0] === 'cards' && typeof keys[1] === 'string' && keys.length >= 3 && keys[2] !== 'place') touch(keys[1]).edited = true;
			return;
		}
		found.deleted = refusal(deletionRule(keys), where);
	});
	if (found.deleted) return found.deleted;

	// 3. What only the whole transaction shows.
	for (const [id, card] of cards) {
		const where = `cards.${id}`;
		if (card.isNew) {
			const missing = NEW_CARD_REQUIRED.find((k) => !card.type || !liveKey(card.type, k));
			if (missing) return refusal('incomplete_card', `${where}.${missing}`);
		} else {
			if (card.createdWritten) return refusal('created_stamp_changed', where);
			if (card.edited && !card.stamped) return refusal('unstamped_edit', `${where}.updatedBy`);
		}
	}
	// The review gate, on what the transaction changed (before → after, whatever the steps inside
	// it): a card that entered a done column, a column that became a live done one.
	if (!writer.maySignOff) {
		const columns = boardRoot(doc, 'columns');
		const laneBefore = (id: string): Lane => ({ id, done: columnWasDone(txn, columns, id) });
		for (const [id, card] of cards) {
			if (!card.placed || !card.type) continue;
			const place = card.type._map.get('place');
			const to = place && !place.deleted ? columnOfPlace(place) : null;
			if (to === null) continue;
			const was = card.isNew ? null : columnOfPlace(itemBefore(txn, card.type, 'place'));
			if (signsOff(writer.campaign, was === null ? null : laneBefore(was), { id: to, done: columnIsDone(doc, to) }))
				return refusal('review_gate', `cards.${id}.place`);
		}
		for (const id of [...gatedColumns, ...newColumns.keys()]) {
			if (columnSignsOff(writer.campaign, id) && columnIsDone(doc, id) && !laneBefore(id).done) return refusal('review_gate', `columns.${id}.done`);
		}
	}
	for (const [list, where] of checklists) {
		let live = 0;
		for (const item of (list as Y.Map<unknown>).values()) if (item instanceof Y.Map && item.get('removed') !== true) live++;
		if (live > BOARD_LIMITS.checklistItems) return refusal('checklist_too_long', where);
	}
	for (const [id, type] of newColumns) {
		if (!liveKey(type, 'title')) return refusal('incomplete_column', `columns.${id}.title`);
	}
	return null;
}

/** A card's column as the review gate sees it: its id and whether it is a live done column. */
export interface Lane {
	id: string;
	done: boolean;
}

/**
 * The review gate as one predicate: a card that goes from `from` (null: a new card) to `to` is
 * signed off, which only one who may sign off does (the guard's rule, and the board page's before
 * it sends anything). On a campaign's board, any card that enters a done column: however it gets
 * there (through *Đang làm*, created there), it is signed off. On the district's and a ward's own
 * boards (no inspection team), a card moved out of *Chờ kiểm tra* into a done column.
 */
export function signsOff(campaign: boolean, from: Lane | null, to: Lane): boolean {
	if (!to.done) return false;
	return campaign ? !from?.done : from?.id === REVIEW_COLUMN && to.id !== REVIEW_COLUMN;
}

/**
 * Whether making column `id` a done one (or bringing a removed done one back) signs off the cards
 * in it: any column on a campaign's board, *Chờ kiểm tra* on the others.
 */
export function columnSignsOff(campaign: boolean, id: string): boolean {
	return campaign || id === REVIEW_COLUMN;
}

/** What an inspector writes on a card: comments, the checklist, its place, and the stamps of its edits. */
const INSPECTOR_CARD_FIELDS = new Set(['comments', 'checklist', 'place', 'updatedBy', 'updatedAt']);

/** Whether a column of the shadow document is a live done column. */
function columnIsDone(doc: Y.Doc, id: string): boolean {
	const col = boardRoot(doc, 'columns')._map.get(id);
	if (!col || col.deleted || !(col.content instanceof Y.ContentType)) return false;
	const type = col.content.type as AnyType;
	const done = type._map.get('done');
	const removed = type._map.get('removed');
	return !!done && !done.deleted && plainOf(done) === true && !(removed && !removed.deleted && plainOf(removed) === true);
}

/**
 * The item that held `key` of `type` before the transaction (null: the key was not set): the
 * rightmost entry that existed then, unless it was already deleted then. Entries the transaction
 * inserted are skipped wherever they landed (a concurrent one may sit left of an old one), and
 * what it overwrote keeps its content until the transaction's cleanup.
 */
function itemBefore(txn: Y.Transaction, type: AnyType | null, key: string): Y.Item | null {
	let item: Y.Item | null = type?._map.get(key) ?? null;
	while (item && item.id.clock >= (txn.beforeState.get(item.id.client) ?? 0)) item = item.left;
	if (!item || (item.deleted && !Y.isDeleted(txn.deleteSet, item.id))) return null;
	return item;
}

/** The type a map entry held before the transaction (a column's Y.Map), or null. */
function valueBefore(txn: Y.Transaction, type: AnyType, key: string): AnyType | null {
	const item = itemBefore(txn, type, key);
	return item && item.content instanceof Y.ContentType ? (item.content.type as AnyType) : null;
}

/** Whether column `id` was a live done column before the transaction (`columns`: the columns root). */
function columnWasDone(txn: Y.Transaction, columns: AnyType, id: string): boolean {
	const col = valueBefore(txn, columns, id);
	if (!col) return false;
	const plain = (key: string) => {
		const item = itemBefore(txn, col, key);
		return item && item.content instanceof Y.ContentAny ? plainOf(item) : undefined;
	};
	return plain('done') === true && plain('removed') !== true;
}

/** The column a `place` entry names, or null (none, deleted, or not a place). */
function columnOfPlace(item: Y.Item | null): string | null {
	if (!item || !(item.content instanceof Y.ContentAny)) return null;
	const place = plainOf(item);
	return isRecord(place) && typeof place.column === 'string' ? place.column : null;
}

/** Which delete-is-archive rule a removed key breaks, by where it was. */
function deletionRule(keys: ReadonlyArray<string | null>): BoardRule {
	const [root, , field] = keys;
	if (root === 'meta') return 'meta_readonly';
	if (root === 'columns') return keys.length === 2 ? 'column_deleted' : 'field_deleted';
	if (root === 'cards') {
		if (keys.length === 2) return 'card_deleted';
		if (field === 'checklist' && keys.length === 4) return 'checklist_item_deleted';
		if (field === 'comments') return 'comment_removed';
		return 'field_deleted';
	}
	return 'unknown_structure';
}

/** A root type of the shadow document (a generic type until something asks for a Y.Map). */
function boardRoot(doc: Y.Doc, name: string): AnyType {
	return (doc.share.get(name) as AnyType | undefined) ?? emptyType;
}
const emptyType = new Y.Map() as unknown as AnyType;
