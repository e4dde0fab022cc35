/**
 * The document registry: one in-memory Y.Doc (and its awareness) per name, loaded from storage
 * before anything of it is served, relayed to every ready connection on each change, and unloaded
 * only after a successful flush once it has been idle for `idleUnloadMs`.
 *
 * What it guarantees:
 * - a document whose stored state could not be read is never served nor flushed (its connections
 *   are closed with 1011), so a failed read cannot overwrite the stored state with an empty one;
 * - an incoming update reaches the document — hence the other connections and storage — only
 *   after it passed its checks on a shadow copy (size, the document's rules, the size of the
 *   document it would make); a part whose dependencies are missing is dropped, not left pending;
 * - an idle document is kept when the flush fails, or when it was used or edited meanwhile.
 */
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { CLOSE_INTERNAL_ERROR, CLOSE_REFUSED, CLOSE_TOO_LARGE, awarenessMessage, sizeRefusal, updateMessage } from './messages.ts';
import type { CollabActor, CollabLogger, CollabOptions, CollabPersistence, CollabRefusal } from './types.ts';

/** What the registry needs of a connection attached to one of its documents. */
export interface DocPeer {
	/** Had its initial sync: from now on it is sent every change. */
	readonly ready: boolean;
	send(message: Uint8Array): void;
	close(code: number, reason: string): void;
}

/** One in-memory document and everything attached to it. */
export interface DocEntry<P extends DocPeer = DocPeer> {
	readonly name: string;
	readonly doc: Y.Doc;
	readonly awareness: awarenessProtocol.Awareness;
	readonly conns: Set<P>;
	/** Which connection owns each awareness client id (the inverse of Connection.awarenessId). */
	readonly presenceOwners: Map<number, P>;
	/** Resolves when persistence finished loading; rejects if it failed. */
	readonly ready: Promise<void>;
	loaded: boolean;
	/** Bumped on every acquire (connection or getDoc) so an in-flight unload can notice it. */
	generation: number;
	/** Bumped on every doc update so an unload can notice edits made during its flush. */
	version: number;
	unloadTimer: ReturnType<typeof setTimeout> | null;
	unloading: Promise<void> | null;
	destroyed: boolean;
	/**
	 * A copy of `doc` on which incoming updates are tried first (null without validate/maxDocBytes).
	 * Kept equal to `doc`: every update of `doc` not tried here first is applied here too.
	 */
	shadow: Y.Doc | null;
	/** True while an update already applied to the shadow is applied to `doc` (not mirrored twice). */
	applyingChecked: boolean;
	/** An upper bound of the encoded state's size (null: not measured yet); see maxDocBytes. */
	sizeBound: number | null;
}

/** The outcome of {@link Documents.check}: a refusal (close code and reason), what to apply, or nothing. */
type UpdateVerdict = { code: number; refuse: CollabRefusal } | { apply: Uint8Array } | { drop: true };

export interface Documents<P extends DocPeer> {
	get(name: string): DocEntry<P> | undefined;
	names(): string[];
	/** Get or create the entry and cancel any pending unload: someone is using it again. */
	acquire(name: string): DocEntry<P>;
	/** Unload the entry after `idleUnloadMs` if nothing uses it by then. */
	scheduleUnload(entry: DocEntry<P>): void;
	/**
	 * The checks before an update may touch the document (see the function's comment). `origin` is
	 * the connection it came through; `writer` is what the document's rules are told of it.
	 */
	check(entry: DocEntry<P>, update: Uint8Array, origin: P, writer: { actor: CollabActor | null; scope: unknown }): UpdateVerdict;
	/** Applies what {@link Documents.check} let through, with the connection as origin. */
	apply(entry: DocEntry<P>, update: Uint8Array, origin: P): void;
	/** Waits for idle unloads under way, then flushes and destroys every document (shutdown). */
	closeAll(): Promise<void>;
}

export interface DocumentsOptions {
	persistence: CollabPersistence | null;
	validate: CollabOptions['validate'] | null;
	maxUpdateBytes: number;
	maxDocBytes: number;
	idleUnloadMs: number;
	log: CollabLogger;
	/** The endpoint is closing: nothing is unloaded by the idle timer any more. */
	closing(): boolean;
}

const noop = (): void => {};

/** Whether any client's clock moved past where it stood before the transaction. */
function stateGrew(before: Map<number, number>, doc: Y.Doc): boolean {
	for (const [client, structs] of doc.store.clients) {
		const last = structs[structs.length - 1];
		if (last && last.id.clock + last.length > (before.get(client) ?? 0)) return true;
	}
	return false;
}

export function createDocuments<P extends DocPeer>(opts: DocumentsOptions): Documents<P> {
	const { persistence, validate, maxUpdateBytes, maxDocBytes, idleUnloadMs, log, closing } = opts;
	const useShadow = validate !== null || Number.isFinite(maxDocBytes);
	const docs = new Map<string, DocEntry<P>>();

	/** `except`: the update's origin — the connection it came from already has it. */
	function broadcast(entry: DocEntry<P>, message: Uint8Array, except: unknown): void {
		for (const conn of entry.conns) {
			// Not-ready connections are skipped on purpose: they will receive the full state in their
			// syncStep2 reply, which is computed only after they became ready.
			if (conn.ready && conn !== except) conn.send(message);
		}
	}

	function createEntry(name: string): DocEntry<P> {
		const doc = new Y.Doc({ gc: true });
		const awareness = new awarenessProtocol.Awareness(doc);
		// The Awareness constructor gives the local (server) client an empty state; clients would
		// show the server as a phantom peer. The server has no presence.
		awareness.setLocalState(null);

		const entry: DocEntry<P> = {
			name,
			doc,
			awareness,
			conns: new Set(),
			presenceOwners: new Map(),
			ready: Promise.resolve(), // replaced below
			loaded: false,
			generation: 0,
			version: 0,
			unloadTimer: null,
			unloading: null,
			destroyed: false,
			shadow: useShadow ? new Y.Doc({ gc: true }) : null,
			applyingChecked: false,
			sizeBound: null
		};

		doc.on('update', (update: Uint8Array, origin: unknown) => {
			entry.version++;
			if (entry.sizeBound !== null) entry.sizeBound += update.byteLength;
			// Server-side edits and stored state: the shadow must see them too, or the next check
			// would judge an update against a document that is not the real one.
			if (entry.shadow && !entry.applyingChecked) Y.applyUpdate(entry.shadow, update);
			// The originating client already has the update; echoing it back is wasted bandwidth.
			broadcast(entry, updateMessage(update), origin);
		});

		awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
			// Which connection speaks for which id is decided before anything is applied
			// (Connection.applyAwareness), not here: this only relays what was accepted.
			const changed = added.concat(updated, removed);
			if (changed.length === 0) return;
			// Sent to everyone including the origin, like the reference server: 'update' (not
			// 'change') also carries the periodic renewals that keep states from timing out.
			broadcast(entry, awarenessMessage(awareness, changed), null);
		});

		const ready = persistence ? persistence.load(name, doc) : Promise.resolve();
		(entry as { ready: Promise<void> }).ready = ready.then(
			() => {
				entry.loaded = true;
			},
			(err: unknown) => {
				log.error({ err, doc: name }, 'yjs: loading document failed');
				// Never serve (and later flush!) a document whose stored state we could not read: that
				// would overwrite real data with an empty doc. Drop it; the next connection retries.
				for (const conn of entry.conns) conn.close(CLOSE_INTERNAL_ERROR, 'load failed');
				destroyEntry(entry);
				throw err;
			}
		);
		// Callers that await `ready` handle the rejection themselves; this only prevents an
		// unhandled-rejection crash when nobody is waiting (e.g. getDoc()).
		entry.ready.catch(noop);
		return entry;
	}

	function acquire(name: string): DocEntry<P> {
		let entry = docs.get(name);
		if (!entry) {
			entry = createEntry(name);
			docs.set(name, entry);
		}
		entry.generation++;
		if (entry.unloadTimer) {
			clearTimeout(entry.unloadTimer);
			entry.unloadTimer = null;
		}
		return entry;
	}

	function destroyEntry(entry: DocEntry<P>): void {
		if (entry.destroyed) return;
		entry.destroyed = true;
		if (entry.unloadTimer) clearTimeout(entry.unloadTimer);
		entry.unloadTimer = null;
		if (docs.get(entry.name) === entry) docs.delete(entry.name);
		entry.awareness.destroy();
		entry.doc.destroy();
		entry.shadow?.destroy();
	}

	function scheduleUnload(entry: DocEntry<P>): void {
		if (closing() || entry.destroyed || entry.conns.size > 0 || entry.unloadTimer) return;
		entry.unloadTimer = setTimeout(() => {
			entry.unloadTimer = null;
			if (!entry.unloading) {
				entry.unloading = unload(entry).finally(() => {
					entry.unloading = null;
				});
			}
		}, idleUnloadMs);
	}

	async function unload(entry: DocEntry<P>): Promise<void> {
		if (entry.destroyed || entry.conns.size > 0 || closing()) return;
		const generation = entry.generation;
		const version = entry.version;
		try {
			await entry.ready;
		} catch {
			return; // load failure already destroyed the entry
		}
		if (persistence) {
			try {
				await persistence.flush(entry.name, entry.doc);
			} catch (err) {
				log.error({ err, doc: entry.name }, 'yjs: flush before unload failed; keeping doc');
				scheduleUnload(entry);
				return;
			}
		}
		if (entry.destroyed || closing()) return;
		// Someone connected / called getDoc during the flush: keep the doc. If it is still idle,
		// or it was edited during the flush (edits the flush may have missed), try again later.
		if (entry.conns.size > 0) return;
		if (entry.generation !== generation || entry.version !== version) {
			scheduleUnload(entry);
			return;
		}
		destroyEntry(entry);
		log.info({ doc: entry.name }, 'yjs: unloaded idle document');
	}

	/**
	 * The checks before an update may touch the document: its size, then (on the shadow copy) the
	 * document's rules and the size of the document it would make. Returns the refusal, or what to
	 * apply to the real document — the shadow then already holds it. Throws for an update that does
	 * not decode (the shadow is rebuilt first).
	 *
	 * Part of an update may depend on structs the server does not have yet (a client's live edit
	 * sent right after reconnecting, before its sync step 2, on top of edits a crash or a dropped
	 * socket lost). Yjs would keep that part pending and integrate it later, inside some other
	 * update's transaction — unchecked, or checked as someone else's. It is dropped instead: only
	 * what integrated now is checked and applied, and the client's sync step 2 on this connection
	 * (everything it has beyond the state the server announced) brings the rest again. When what
	 * integrated breaks a rule only because its other half is missing (a card's place overwritten:
	 * the old value's deletion integrates, the new value waits), the whole update is dropped
	 * without a refusal: the step 2 brings both halves together.
	 */
	function check(entry: DocEntry<P>, update: Uint8Array, origin: P, writer: { actor: CollabActor | null; scope: unknown }): UpdateVerdict {
		if (update.byteLength > maxUpdateBytes) {
			return { code: CLOSE_TOO_LARGE, refuse: sizeRefusal('update_too_large', maxUpdateBytes) };
		}
		const shadow = entry.shadow;
		if (!shadow) return { apply: update };
		let refusal: CollabRefusal | null = null;
		let changed = false;
		try {
			shadow.transact((txn) => {
				Y.applyUpdate(shadow, update, origin);
				changed = txn.deleteSet.clients.size > 0 || stateGrew(txn.beforeState, shadow);
				if (changed && validate) {
					refusal = validate({ docName: entry.name, doc: shadow, transaction: txn, actor: writer.actor, scope: writer.scope });
				}
			}, origin);
		} catch (err) {
			rebuildShadow(entry);
			throw err;
		}
		const incomplete = shadow.store.pendingStructs !== null || shadow.store.pendingDs !== null;
		if (refusal) {
			rebuildShadow(entry);
			if (!incomplete) return { code: CLOSE_REFUSED, refuse: refusal };
			log.info({ doc: entry.name, refusal }, 'yjs: dropped an incomplete update that breaks a rule as it stands');
			return { drop: true };
		}
		let apply = update;
		if (incomplete) {
			shadow.store.pendingStructs = null;
			shadow.store.pendingDs = null;
			apply = Y.encodeStateAsUpdate(shadow, Y.encodeStateVector(entry.doc));
			log.info({ doc: entry.name }, 'yjs: dropped the part of an update whose dependencies are missing');
		}
		if (changed && Number.isFinite(maxDocBytes)) {
			// An upper bound grown by each update's size; measured exactly only when it crosses the cap.
			entry.sizeBound ??= Y.encodeStateAsUpdate(entry.doc).byteLength;
			if (entry.sizeBound + apply.byteLength > maxDocBytes) {
				const exact = Y.encodeStateAsUpdate(shadow).byteLength;
				if (exact > maxDocBytes) {
					rebuildShadow(entry);
					return { code: CLOSE_TOO_LARGE, refuse: sizeRefusal('document_too_large', maxDocBytes) };
				}
				entry.sizeBound = exact - apply.byteLength; // the 'update' handler adds it back
			}
		}
		return { apply };
	}

	/** Throws away the shadow (it holds a refused update) and copies the real document again. */
	function rebuildShadow(entry: DocEntry<P>): void {
		entry.shadow?.destroy();
		entry.shadow = new Y.Doc({ gc: true });
		Y.applyUpdate(entry.shadow, Y.encodeStateAsUpdate(entry.doc));
	}

	function apply(entry: DocEntry<P>, update: Uint8Array, origin: P): void {
		// origin = the connection: the 'update' handler uses it to skip echoing back to the sender.
		entry.applyingChecked = entry.shadow !== null;
		try {
			Y.applyUpdate(entry.doc, update, origin);
		} finally {
			entry.applyingChecked = false;
		}
	}

	async function closeAll(): Promise<void> {
		// Let in-flight idle unloads finish first so we never flush the same doc concurrently.
		await Promise.all(Array.from(docs.values(), (e) => e.unloading ?? Promise.resolve()));
		await Promise.all(
			Array.from(docs.values(), async (entry) => {
				if (entry.unloadTimer) clearTimeout(entry.unloadTimer);
				entry.unloadTimer = null;
				try {
					await entry.ready;
				} catch {
					return; // never loaded, never flushed (see CollabPersistence)
				}
				if (persistence && !entry.destroyed) {
					try {
						await persistence.flush(entry.name, entry.doc);
					} catch (err) {
						log.error({ err, doc: entry.name }, 'yjs: flush on close failed');
					}
				}
				destroyEntry(entry);
			})
		);
	}

	return {
		get: (name) => docs.get(name),
		names: () => Array.from(docs.keys()),
		acquire,
		scheduleUnload,
		check,
		apply,
		closeAll
	};
}
