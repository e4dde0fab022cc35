/**
 * One task board in the browser: the only browser code that talks to Yjs. It owns the Y.Doc, keeps
 * it on the device (y-indexeddb, so a tablet that drops offline keeps its edits across reloads),
 * syncs it with the server over the stock y-websocket protocol, shares presence through awareness,
 * and offers the board's edits as commands. Components read its getters and call its commands;
 * every rule about what an edit may do stays in lib/domain/board.ts (input parsed by contracts/board-edits).
 */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence } from 'y-indexeddb';
import { readBoard, type EditContext } from '$lib/domain/board';
import {
	addCard,
	addCheckItem,
	addColumn,
	addComment,
	archiveCard,
	moveCard,
	moveColumn,
	removeColumn,
	updateCard,
	updateCheckItem,
	updateColumn
} from '$lib/contracts/board-edits';
import { BoardInputError, UNSORTED, type BoardView } from '$lib/contracts/board';
import type { FieldError } from '$lib/contracts/errors';
import { findCard, presenceColour, stepPlace, type MoveDirection } from '$lib/presentation/board-view';
import { columnSignsOff, signsOff, type BoardRule, type Lane } from '$lib/domain/board-guard';
import { boardRefusalWords } from '$lib/i18n/board';

/**
 * What the board page shows at the top:
 * - `live`: connected and in step with the server;
 * - `syncing`: connecting or exchanging what each side is missing;
 * - `offline`: no connection — edits are kept on this device and merge when it returns.
 */
export type BoardConnection = 'live' | 'offline' | 'syncing';

/** One person on the board (one entry per person, even with several tabs open). */
export interface Presence {
	/** The person's stable key (principalKey), not the Yjs client id. */
	key: string;
	name: string;
	colour: string;
	/** The card this person has open in the editor, if any. */
	editing: string | null;
	self: boolean;
}

export type CommandResult<T = void> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

export interface BoardSessionOptions {
	/** `board:<boardId>`: the Yjs room, and the device's IndexedDB database. */
	docName: string;
	/** The signed-in person: `key` (principalKey) for presence, `name` for "created/updated by". */
	user: { key: string; name: string };
	/** Viewers and kiosks: the server drops their updates anyway; the commands refuse up front. */
	readOnly: boolean;
	/**
	 * What the server's board rules let this writer do (board-guard): sign cards off (out of Chờ
	 * kiểm tra; on a `campaign` board, into any done column), or only comment, tick and move (an
	 * inspector). The commands refuse up front what the server would refuse by closing the
	 * connection. Absent: a writer with no such limits.
	 */
	writer?: { maySignOff: boolean; campaign: boolean; inspectsOnly: boolean };
}

/** What awareness carries for each client. Read defensively: any client may send anything. */
interface AwarenessState {
	user?: { key?: unknown; name?: unknown; colour?: unknown };
	editing?: unknown;
}

const EMPTY: BoardView = { title: '', ward: null, columns: [], archived: [] };

const READ_ONLY_ERROR: FieldError = {
	field: '',
	code: 'invalid',
	message: 'Bạn chỉ có quyền xem bảng này',
	messageEn: 'You have read-only access to this board'
};

/** A board rule this writer would break, as the editor shows a refusal (nothing is sent). */
function ruleError(rule: BoardRule, where: string): FieldError {
	const w = boardRefusalWords({ error: rule, where });
	return { field: '', code: 'invalid', message: w.message, messageEn: w.messageEn };
}

export class BoardSession {
	// $state.raw: the view is replaced whole on each change, never mutated — no deep proxy over
	// hundreds of cards, and keyed #each blocks only touch what changed.
	#view = $state.raw<BoardView>(EMPTY);
	#presence = $state.raw<Presence[]>([]);
	#online = $state(true);
	#wsStatus = $state<'connecting' | 'connected' | 'disconnected'>('connecting');
	#synced = $state(false);
	/** A connection was lost (or never possible) and none has succeeded since. */
	#lost = $state(false);
	/** The document has content: from the device (IndexedDB) or from the server. */
	#loaded = $state(false);
	/** The server refused this connection for good (access revoked, session ended). */
	#refused = $state(false);
	#editing: string | null = null;
	/** A clock for deadline badges: a card turns overdue while the board is open. */
	#now = $state(new Date());

	readonly #opts: BoardSessionOptions;
	#doc: Y.Doc | null = null;
	#idb: IndexeddbPersistence | null = null;
	#provider: WebsocketProvider | null = null;
	#refreshQueued = false;
	/** While a drag is in progress the DOM belongs to sortablejs: remote changes wait (see holdUpdates). */
	#held = false;
	#cleanups: Array<() => void> = [];

	constructor(opts: BoardSessionOptions) {
		this.#opts = opts;
	}

	get view(): BoardView {
		return this.#view;
	}
	get loaded(): boolean {
		return this.#loaded;
	}
	get readOnly(): boolean {
		return this.#opts.readOnly;
	}
	get refused(): boolean {
		return this.#refused;
	}
	get now(): Date {
		return this.#now;
	}
	get presence(): Presence[] {
		return this.#presence;
	}
	get connection(): BoardConnection {
		if (!this.#online || this.#refused) return 'offline';
		if (this.#wsStatus === 'connected') return this.#synced ? 'live' : 'syncing';
		// A first attempt is "syncing"; once a connection was lost, every retry is still "offline"
		// until one succeeds — the tablet's user must not read a flickering "syncing" as progress.
		return this.#wsStatus === 'connecting' && !this.#lost ? 'syncing' : 'offline';
	}
	/** Other people's open cards: card id → who has it open. */
	get editors(): Map<string, Presence[]> {
		const out = new Map<string, Presence[]>();
		for (const p of this.#presence) {
			if (p.self || !p.editing) continue;
			const list = out.get(p.editing) ?? [];
			list.push(p);
			out.set(p.editing, list);
		}
		return out;
	}

	/** Creates the document and its connections. Browser only (call from onMount or an effect). */
	start(): void {
		if (this.#doc) return;
		const doc = new Y.Doc();
		this.#doc = doc;

		const idb = new IndexeddbPersistence(this.#opts.docName, doc);
		this.#idb = idb;
		void idb.whenSynced.then(() => {
			if (this.#doc !== doc) return;
			if (boardHasContent(doc)) this.#loaded = true;
			this.#refresh();
		});

		const origin = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}`;
		this.#online = navigator.onLine;
		const provider = new WebsocketProvider(`${origin}/yjs`, this.#opts.docName, doc, {
			connect: this.#online,
			// A tablet on weak data retries often but not frantically.
			maxBackoffTime: 5000
		});
		this.#provider = provider;
		if (!this.#online) {
			this.#wsStatus = 'disconnected';
			this.#lost = true;
		}

		provider.on('status', ({ status }) => {
			// On a drop the provider removes the others' presence but keeps their clocks; when we come
			// back the server replays their unchanged states, same clock, and awareness would refuse
			// them until each one renews (up to 15 s of an empty presence bar). Forget those clocks.
			if (status !== 'connecting') forgetAbsentClocks(provider.awareness);
			this.#wsStatus = status;
			if (status === 'connected') this.#lost = false;
			else this.#synced = false;
			if (status === 'disconnected') this.#lost = true;
		});
		provider.on('sync', (synced: boolean) => {
			this.#synced = synced;
			if (synced) {
				this.#loaded = true;
				this.#refresh();
			}
		});
		// 44xx: the server says retrying is pointless (no access any more). Stay on what we have.
		provider.on('closed', () => (this.#refused = true));

		const onUpdate = () => this.#queueRefresh();
		doc.on('update', onUpdate);
		this.#cleanups.push(() => doc.off('update', onUpdate));

		const awareness = provider.awareness;
		awareness.setLocalState({
			user: { key: this.#opts.user.key, name: this.#opts.user.name, colour: presenceColour(this.#opts.user.key) },
			editing: null
		} satisfies AwarenessState);
		const onAwareness = () => this.#readPresence();
		awareness.on('change', onAwareness);
		this.#cleanups.push(() => awareness.off('change', onAwareness));
		this.#readPresence();

		// The browser knows before the socket does: a tablet that loses its network would otherwise
		// wait for the provider's 30 s silence watchdog, showing "live" meanwhile.
		const onOffline = () => {
			this.#online = false;
			this.#lost = true;
			provider.disconnect();
		};
		const onOnline = () => {
			this.#online = true;
			if (!this.#refused) provider.connect();
		};
		const ticker = setInterval(() => (this.#now = new Date()), 30_000);
		this.#cleanups.push(() => clearInterval(ticker));
		window.addEventListener('offline', onOffline);
		window.addEventListener('online', onOnline);
		this.#cleanups.push(() => {
			window.removeEventListener('offline', onOffline);
			window.removeEventListener('online', onOnline);
		});
	}

	/** Leaves the board: presence goes at once, connections and timers are closed. */
	destroy(): void {
		for (const off of this.#cleanups.splice(0)) off();
		const provider = this.#provider;
		if (provider) {
			// Say goodbye explicitly (state null) so the others drop our avatar now, not after 30 s.
			provider.awareness.setLocalState(null);
			provider.destroy();
			provider.awareness.destroy();
		}
		void this.#idb?.destroy();
		this.#doc?.destroy();
		this.#provider = null;
		this.#idb = null;
		this.#doc = null;
	}

	/**
	 * sortablejs moves DOM nodes during a drag; a re-render from a remote change in that window
	 * would fight it. Remote changes are applied to the document as usual but shown after the drop.
	 */
	holdUpdates(): void {
		this.#held = true;
	}
	releaseUpdates(): void {
		this.#held = false;
		this.#refresh();
	}

	/** Tells the others which card this person has open (null: none). */
	setEditing(cardId: string | null): void {
		// A viewer reading a card is not "editing" it: the others would wait on a person who cannot change it.
		if (this.#opts.readOnly || this.#editing === cardId) return;
		this.#editing = cardId;
		this.#provider?.awareness.setLocalStateField('editing', cardId);
	}

	// ------------------------------------------------------------------ commands

	addCard(column: string, input: unknown): CommandResult<string> {
		const to = this.#view.columns.find((c) => c.id === column);
		return (
			this.#limited('cards') ??
			this.#signOff(null, { id: column, done: to?.done === true }, 'cards') ??
			this.#edit((doc, ctx) => addCard(doc, column, input, ctx))
		);
	}
	updateCard(id: string, patch: unknown): CommandResult {
		return this.#limited(`cards.${id}`) ?? this.#edit((doc, ctx) => updateCard(doc, id, patch, ctx));
	}
	/** Moves a card to `index` among the cards of `column` (without the moved card). */
	moveCard(id: string, column: string, index: number): CommandResult {
		const at = findCard(this.#view, id);
		// Dropping a card back where it was writes nothing (no "updated by" for a no-op).
		if (at && at.column.id === column && at.index === index) return { ok: true, value: undefined };
		return this.#moveRefusal(id, column) ?? this.#edit((doc, ctx) => moveCard(doc, id, column, index, ctx));
	}
	/** Whether the review gate lets this writer move card `id` into `column`: the board offers no other drop. */
	mayMoveInto(id: string, column: string): boolean {
		return this.#moveRefusal(id, column) === null;
	}
	/** One keyboard step; `false` when the card cannot go further that way. */
	stepCard(id: string, direction: MoveDirection): CommandResult<boolean> {
		const to = stepPlace(this.#view, id, direction);
		if (!to) return { ok: true, value: false };
		const r = this.moveCard(id, to.column, to.index);
		return r.ok ? { ok: true, value: true } : r;
	}
	archiveCard(id: string, archived = true): CommandResult {
		return this.#limited(`cards.${id}.archived`) ?? this.#edit((doc, ctx) => archiveCard(doc, id, ctx, archived));
	}
	addComment(cardId: string, text: unknown): CommandResult<string> {
		return this.#edit((doc, ctx) => addComment(doc, cardId, text, ctx));
	}
	addCheckItem(cardId: string, text: unknown): CommandResult<string> {
		return this.#edit((doc, ctx) => addCheckItem(doc, cardId, text, ctx));
	}
	updateCheckItem(cardId: string, itemId: string, change: { done?: boolean; text?: unknown; removed?: boolean }): CommandResult {
		return this.#edit((doc, ctx) => updateCheckItem(doc, cardId, itemId, change, ctx));
	}
	addColumn(title: unknown, opts: { done?: boolean; wipLimit?: unknown } = {}): CommandResult<string> {
		return this.#limited('columns') ?? (opts.done ? this.#columnSignOff(null, 'columns') : null) ?? this.#edit((doc) => addColumn(doc, title, opts));
	}
	updateColumn(id: string, change: { title?: unknown; wipLimit?: unknown; done?: boolean }): CommandResult {
		const was = this.#view.columns.find((c) => c.id === id);
		return (
			this.#limited(`columns.${id}`) ??
			(change.done && !was?.done ? this.#columnSignOff(id, `columns.${id}.done`) : null) ??
			this.#edit((doc) => updateColumn(doc, id, change))
		);
	}
	/** Moves a column one place left (-1) or right (+1). */
	shiftColumn(id: string, by: -1 | 1): CommandResult {
		const lanes = this.#view.columns.filter((c) => c.id !== UNSORTED);
		const i = lanes.findIndex((c) => c.id === id);
		const to = i + by;
		if (i < 0 || to < 0 || to >= lanes.length) return { ok: true, value: undefined };
		return this.#limited(`columns.${id}`) ?? this.#edit((doc) => moveColumn(doc, id, to));
	}
	removeColumn(id: string): CommandResult {
		return this.#limited(`columns.${id}`) ?? this.#edit((doc) => removeColumn(doc, id));
	}

	// ------------------------------------------------------------------ internals

	/** An inspector's refusal of an edit that is not a comment, a checklist tick or a move (null: go ahead). */
	#limited(where: string): { ok: false; errors: FieldError[] } | null {
		return this.#opts.writer?.inspectsOnly ? { ok: false, errors: [ruleError('inspector_limited', where)] } : null;
	}

	/** The review gate's refusal of moving card `id` into `column` (null: go ahead). */
	#moveRefusal(id: string, column: string): { ok: false; errors: FieldError[] } | null {
		const at = findCard(this.#view, id);
		const to = this.#view.columns.find((c) => c.id === column);
		return at ? this.#signOff(at.column, { id: column, done: to?.done === true }, `cards.${id}.place`) : null;
	}

	/** The review gate's refusal of a card going from `from` (null: a new card) to `to` (null: go ahead). */
	#signOff(from: Lane | null, to: Lane, where: string): { ok: false; errors: FieldError[] } | null {
		const w = this.#opts.writer;
		return w && !w.maySignOff && signsOff(w.campaign, from, to) ? { ok: false, errors: [ruleError('review_gate', where)] } : null;
	}

	/** …and of making column `id` (null: a new one) a done column. */
	#columnSignOff(id: string | null, where: string): { ok: false; errors: FieldError[] } | null {
		const w = this.#opts.writer;
		return w && !w.maySignOff && (id === null ? w.campaign : columnSignsOff(w.campaign, id)) ? { ok: false, errors: [ruleError('review_gate', where)] } : null;
	}

	/** Runs one edit; refusals come back as field errors, anything else is a bug and throws. */
	#edit<T>(run: (doc: Y.Doc, ctx: EditContext) => T): CommandResult<T> {
		if (this.#opts.readOnly) return { ok: false, errors: [READ_ONLY_ERROR] };
		const doc = this.#doc;
		if (!doc) return { ok: false, errors: [{ field: '', code: 'invalid', message: 'Bảng chưa sẵn sàng', messageEn: 'The board is not ready yet' }] };
		try {
			const value = run(doc, { by: this.#opts.user.name });
			// Our own edit shows at once (the card keeps focus after a keyboard move), not a tick later.
			this.#refresh();
			return { ok: true, value };
		} catch (err) {
			if (err instanceof BoardInputError) return { ok: false, errors: err.errors };
			throw err;
		}
	}

	/** Many updates arrive in one burst (initial sync, a returning tablet): read the board once. */
	#queueRefresh(): void {
		if (this.#refreshQueued) return;
		this.#refreshQueued = true;
		queueMicrotask(() => {
			if (!this.#refreshQueued) return;
			this.#refresh();
		});
	}

	#refresh(): void {
		this.#refreshQueued = false;
		if (this.#held || !this.#doc) return;
		this.#view = readBoard(this.#doc);
		if (!this.#loaded && boardHasContent(this.#doc)) this.#loaded = true;
	}

	#readPresence(): void {
		const awareness = this.#provider?.awareness;
		if (!awareness) return;
		const selfId = awareness.clientID;
		const byKey = new Map<string, Presence>();
		for (const [clientId, raw] of awareness.getStates()) {
			const s = raw as AwarenessState;
			const key = typeof s.user?.key === 'string' ? s.user.key : null;
			const name = typeof s.user?.name === 'string' ? s.user.name.slice(0, 120) : null;
			if (!key || !name) continue;
			const self = clientId === selfId;
			const editing = typeof s.editing === 'string' ? s.editing : null;
			const prev = byKey.get(key);
			// One avatar per person: the same person in two tabs is one person on the board.
			if (prev) {
				prev.self ||= self;
				prev.editing ??= editing;
				continue;
			}
			byKey.set(key, { key, name, colour: presenceColour(key), editing, self });
		}
		// Me first, then the others by name: avatars do not jump around as people come and go.
		this.#presence = [...byKey.values()].sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name, 'vi'));
	}
}

/** A seeded board always has its columns; an empty document means "nothing loaded yet". */
function boardHasContent(doc: Y.Doc): boolean {
	return doc.getMap('columns').size > 0 || doc.getMap('meta').size > 0;
}

/** Drops the awareness clocks of clients that have no state here any more (see the 'status' handler). */
function forgetAbsentClocks(awareness: WebsocketProvider['awareness']): void {
	for (const id of [...awareness.meta.keys()]) {
		if (id !== awareness.clientID && !awareness.states.has(id)) awareness.meta.delete(id);
	}
}
