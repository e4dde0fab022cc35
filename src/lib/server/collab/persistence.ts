/**
 * Durable Yjs documents in PostgreSQL / PGlite (tables yjs_updates and yjs_snapshots).
 *
 * - Every update a live document receives is appended to `yjs_updates` within `flushMs` (~50 ms,
 *   ARCHITECTURE.md): several updates arriving together are merged into one row. Nothing is lost
 *   on a clean shutdown (the collab endpoint flushes every document), and on a crash at most the
 *   last flush interval.
 * - Loading = the snapshot, then every update row after it, in id order.
 * - Compaction merges only rows that are already persisted (never the in-memory document, which
 *   may hold edits another process has not seen) into the snapshot and deletes them, inside one
 *   transaction under a per-document advisory lock, so two processes never interleave.
 * - Appends and reads take the same lock, shared (see lockDocShared): they never wait for each
 *   other, only for a compaction, and a compaction waits until every one under way has committed.
 *
 * One storage per process, built in the composition root (server/core.ts) and handed both to the
 * /yjs endpoint, which loads and flushes live documents through it, and to the boards service,
 * which owns what the documents mean: it attaches the hooks (projection, audit entity) once.
 *
 * No `$lib` imports: the plain Node server (server/) imports this module too.
 */
import { and, asc, eq, gt, lte, sql } from 'drizzle-orm';
import * as Y from 'yjs';
import type { Db, Tx } from '../db/client.ts';
import { auditLog, yjsSnapshots, yjsUpdates } from '../db/schema.ts';
import { actorOf } from './connection.ts';
import type { CollabActor, CollabLogger, CollabPersistence } from './types.ts';

/** Transaction origin of state applied from storage: not a new edit, never written back. */
const FROM_STORAGE = Symbol('yjs-storage');
/** Origin of a server-side edit (see YjsPersistence.change) applied to the live document: already in the log. */
const SERVER_EDIT = Symbol('yjs-server-edit');

export interface YjsPersistenceOptions {
	db: Db;
	logger?: CollabLogger;
	/** How long updates may wait before they are appended (ms). Default 50. */
	flushMs?: number;
	/** Compact a document once this many rows were appended since its last compaction. Default 200. */
	compactAfterRows?: number;
}

/** What the owner of the documents (the boards service) attaches: see {@link YjsPersistence.attach}. */
interface YjsDocumentHooks {
	/** Called after a document changed (from a client or storage), e.g. to re-project it. */
	onChange?: (name: string, doc: Y.Doc) => void;
	/**
	 * The audit entity of a document (e.g. `{ entity: 'board', entityId: 'district', wardCode }`):
	 * each appended batch writes, in the same transaction, one audit row per person whose edits
	 * it holds. Null: the document is not audited.
	 */
	auditOf?: (name: string) => { entity: string; entityId: string; wardCode: string | null } | null;
}

interface Pending {
	update: Uint8Array;
	actor: CollabActor | null;
}

export interface YjsPersistence extends CollabPersistence {
	/**
	 * Attaches the owner's hooks (the storage is built before the service that owns the documents).
	 * Once: a second owner would silently take the first one's projection and audit away. Without
	 * hooks, documents are stored, neither projected nor audited.
	 */
	attach(hooks: YjsDocumentHooks): void;
	/** Writes a document's first state if it has none yet (used when a board is created). */
	seed(name: string, init: (doc: Y.Doc) => void): Promise<boolean>;
	/** Merges persisted rows into the snapshot (safe to call any time, from any process). */
	compact(name: string): Promise<void>;
	/** The stored state of a document (snapshot + log), without loading it into the endpoint. */
	read(name: string): Promise<Uint8Array | null>;
	/** Appends whatever is pending for every document now (shutdown, tests). */
	flushAll(): Promise<void>;
	/**
	 * A server-side edit (an inspection moves its card, a readiness template adds one) inside the caller's transaction: `edit`
	 * runs on a copy of the document as it stands (stored, plus what this process holds live), and
	 * the change it makes is appended to the log in `tx`, so it commits or rolls back with the
	 * caller's other writes; under the document's exclusive lock. `publish`, called after the commit, applies it to the live document
	 * when this process has it loaded (and says so: true): its clients see it at once. `edit` may
	 * throw to refuse (nothing is written). Returns what `edit` returned.
	 */
	change<T>(tx: Tx, name: string, edit: (doc: Y.Doc) => T): Promise<{ result: T; publish(): boolean }>;
}

/** At most one audit row per editor per document this often (ms). */
const AUDIT_EVERY_MS = 60_000;

/**
 * The per-document transaction lock, keyed (namespace, hashtext(name)): derived in SQL so every
 * process agrees, and in the two-key space, apart from the app's single-key locks (migrations,
 * seeding, outbox). Exclusive: compaction and seeding, which read a document's rows and then
 * rewrite or delete them.
 */
const DOC_LOCK_NAMESPACE = 0x43_50_79_6a; // "CP" + "yj"
const lockDoc = (name: string) => sql`select pg_advisory_xact_lock(${DOC_LOCK_NAMESPACE}, hashtext(${name}))`;
/**
 * Shared: every append, taken before its row is inserted and held until it commits.
 *
 * Why: a row's id comes from the sequence when it is inserted, but the row is only visible once
 * its transaction commits, and appends from two processes commit in any order. Unlocked, a
 * compaction could read the log while id N is still uncommitted and N+1 is already committed:
 * it would set the snapshot's `upto` to N+1, and row N, committed a moment later, would never be
 * loaded again (every load reads rows after `upto`) — or, committed between the compaction's read
 * and its `id <= upto` delete, be deleted without having been merged. With the lock, a compaction
 * starts only once every append that has an id has committed, and an append that starts during a
 * compaction gets its id after the compaction committed, so above its `upto`.
 * (tests/data/board-storage-race.test.ts races two pools to check this.)
 */
const lockDocShared = (name: string) => sql`select pg_advisory_xact_lock_shared(${DOC_LOCK_NAMESPACE}, hashtext(${name}))`;

/**
 * Snapshot + log → one update, garbage-collected (a Y.Doc with gc drops deleted content).
 *
 * With `onBadPart`, a part that Yjs cannot read (corrupt bytes, or a value too deeply nested to
 * decode) is reported and left out, and the others are still merged: one bad row must not make a
 * whole board unreadable, nor the server unable to start. Without it, such a part throws — for
 * compaction, which deletes the rows it merged and so must never drop one it could not read.
 */
export function mergeStored(parts: Uint8Array[], onBadPart?: (index: number, err: unknown) => void): Uint8Array | null {
	if (parts.length === 0) return null;
	const doc = new Y.Doc({ gc: true });
	try {
		parts.forEach((p, i) => {
			if (!onBadPart) return Y.applyUpdate(doc, p);
			try {
				Y.applyUpdate(doc, p);
			} catch (err) {
				onBadPart(i, err);
			}
		});
		return Y.encodeStateAsUpdate(doc);
	} finally {
		doc.destroy();
	}
}

export function createYjsPersistence(opts: YjsPersistenceOptions): YjsPersistence {
	const { db } = opts;
	const flushMs = opts.flushMs ?? 50;
	const compactAfterRows = opts.compactAfterRows ?? 200;
	const log = opts.logger;
	let hooks: YjsDocumentHooks | null = null;

	interface Live {
		doc: Y.Doc;
		pending: Pending[];
		timer: ReturnType<typeof setTimeout> | null;
		/** Appends of this document run one after another, so rows keep the order of the edits. */
		chain: Promise<void>;
		rowsSinceCompaction: number;
		failures: number;
		/** Per editor: edits not yet in an audit row, and when the last row was written. */
		audit: Map<string, { actor: CollabActor; updates: number; bytes: number; lastWritten: number }>;
	}
	const live = new Map<string, Live>();

	async function storedParts(exec: Db | Tx, name: string): Promise<Uint8Array[]> {
		const [snap] = await exec.select().from(yjsSnapshots).where(eq(yjsSnapshots.doc, name));
		const rows = await exec
			.select({ update: yjsUpdates.update })
			.from(yjsUpdates)
			.where(and(eq(yjsUpdates.doc, name), snap ? gt(yjsUpdates.id, snap.upto) : undefined))
			.orderBy(asc(yjsUpdates.id));
		return [...(snap ? [snap.state] : []), ...rows.map((r) => r.update)];
	}

	/**
	 * Leaves out (and logs) stored parts Yjs cannot read: see mergeStored.
	 *
	 * The snapshot and the rows after it are read under the shared lock, in one transaction: a
	 * compaction committing between the two reads would otherwise leave the old snapshot and the
	 * log without the rows it has just merged and deleted — a document loaded with edits missing.
	 */
	async function read(name: string): Promise<Uint8Array | null> {
		const parts = await db.transaction(async (tx) => {
			await tx.execute(lockDocShared(name));
			return storedParts(tx, name);
		});
		return mergeStored(parts, (index, err) => log?.error({ err, doc: name, part: index }, 'yjs: a stored update cannot be read; left out (the row is kept)'));
	}

	async function compact(name: string): Promise<void> {
		await db.transaction(async (tx) => {
			await tx.execute(lockDoc(name));
			const [snap] = await tx.select().from(yjsSnapshots).where(eq(yjsSnapshots.doc, name));
			const rows = await tx
				.select({ id: yjsUpdates.id, update: yjsUpdates.update })
				.from(yjsUpdates)
				.where(and(eq(yjsUpdates.doc, name), snap ? gt(yjsUpdates.id, snap.upto) : undefined))
				.orderBy(asc(yjsUpdates.id));
			const last = rows.at(-1);
			if (!last) return;
			// Strict: a row Yjs cannot read fails the compaction (the log is kept, nothing is lost).
			const state = mergeStored([...(snap ? [snap.state] : []), ...rows.map((r) => r.update)])!;
			await tx
				.insert(yjsSnapshots)
				.values({ doc: name, state, upto: last.id, updatedAt: new Date() })
				.onConflictDoUpdate({ target: yjsSnapshots.doc, set: { state, upto: last.id, updatedAt: new Date() } });
			await tx.delete(yjsUpdates).where(and(eq(yjsUpdates.doc, name), lte(yjsUpdates.id, last.id)));
		});
	}

	function schedule(name: string, entry: Live): void {
		if (entry.timer) return;
		entry.timer = setTimeout(() => {
			entry.timer = null;
			void append(name, entry).catch(() => {});
		}, flushMs);
	}

	/** Appends what is pending as one row; on failure keeps it and tries again (backing off). */
	function append(name: string, entry: Live, force = false): Promise<void> {
		entry.chain = entry.chain.then(async () => {
			if (entry.pending.length === 0 && !(force && Array.from(entry.audit.values()).some((a) => a.updates > 0))) return;
			const batch = entry.pending;
			entry.pending = [];
			let auditAfter: Live['audit'] | null = null;
			try {
				await db.transaction(async (tx) => {
					if (batch.length) {
						// Before the row gets its id, held until it commits: see lockDocShared.
						await tx.execute(lockDocShared(name));
						await tx.insert(yjsUpdates).values({ doc: name, update: Y.mergeUpdates(batch.map((p) => p.update)) });
					}
					const audited = hooks?.auditOf?.(name);
					if (!audited) return;
					// One audit row per editor per document per AUDIT_EVERY_MS (and at the first edit,
					// and when the document is flushed for good), with the edits counted since the
					// last row: who changed the board and when, without a row per keystroke.
					const next = new Map(Array.from(entry.audit, ([k, v]) => [k, { ...v }]));
					for (const p of batch) {
						if (!p.actor) continue;
						const key = `${p.actor.kind}:${p.actor.id ?? p.actor.name}`;
						const a = next.get(key) ?? { actor: p.actor, updates: 0, bytes: 0, lastWritten: 0 };
						a.updates++;
						a.bytes += p.update.byteLength;
						next.set(key, a);
					}
					const now = Date.now();
					for (const a of next.values()) {
						if (a.updates === 0 || (!force && a.lastWritten > 0 && now - a.lastWritten < AUDIT_EVERY_MS)) continue;
						await tx.insert(auditLog).values({
							actorKind: a.actor.kind,
							actorId: a.actor.id,
							actorName: a.actor.name,
							action: `${audited.entity}.edit`,
							entity: audited.entity,
							entityId: audited.entityId,
							wardCode: audited.wardCode,
							after: { updates: a.updates, bytes: a.bytes }
						});
						a.updates = 0;
						a.bytes = 0;
						a.lastWritten = now;
					}
					auditAfter = next;
				});
				if (auditAfter) entry.audit = auditAfter;
				entry.failures = 0;
				entry.rowsSinceCompaction++;
			} catch (err) {
				entry.pending = [...batch, ...entry.pending];
				entry.failures++;
				log?.error({ err, doc: name, failures: entry.failures }, 'yjs: appending updates failed; will retry');
				if (!entry.timer) {
					entry.timer = setTimeout(
						() => {
							entry.timer = null;
							void append(name, entry).catch(() => {});
						},
						Math.min(5000, flushMs * 2 ** entry.failures)
					);
				}
				throw err;
			}
			if (entry.rowsSinceCompaction >= compactAfterRows) {
				entry.rowsSinceCompaction = 0;
				await compact(name).catch((err) => log?.warn({ err, doc: name }, 'yjs: compaction failed; the log is kept'));
			}
		});
		return entry.chain;
	}

	return {
		read,
		compact,

		attach(h) {
			if (hooks) throw new Error('the Yjs storage already has an owner');
			hooks = h;
		},

		async load(name, doc) {
			const state = await read(name);
			if (state) Y.applyUpdate(doc, state, FROM_STORAGE);
			const entry: Live = { doc, pending: [], timer: null, chain: Promise.resolve(), rowsSinceCompaction: 0, failures: 0, audit: new Map() };
			live.set(name, entry);
			doc.on('update', (update: Uint8Array, origin: unknown) => {
				if (origin === FROM_STORAGE) return;
				if (origin === SERVER_EDIT) return hooks?.onChange?.(name, doc);
				entry.pending.push({ update, actor: actorOf(origin) });
				schedule(name, entry);
				hooks?.onChange?.(name, doc);
			});
			doc.on('destroy', () => {
				if (live.get(name) === entry) live.delete(name);
				if (entry.timer) clearTimeout(entry.timer);
			});
			if (state) hooks?.onChange?.(name, doc);
		},

		async flush(name) {
			const entry = live.get(name);
			if (!entry) return;
			if (entry.timer) {
				clearTimeout(entry.timer);
				entry.timer = null;
			}
			// Rethrows on failure: the endpoint then keeps the document instead of dropping edits.
			// `force`: the editors' counted edits get their audit rows before the document goes.
			await append(name, entry, true);
			if (entry.rowsSinceCompaction > 0) {
				entry.rowsSinceCompaction = 0;
				await compact(name).catch((err) => log?.warn({ err, doc: name }, 'yjs: compaction failed; the log is kept'));
			}
		},

		async flushAll() {
			await Promise.all(Array.from(live.entries(), ([name, entry]) => append(name, entry).catch(() => {})));
		},

		async change(tx, name, edit) {
			// Exclusive, held until the caller commits: two server edits never both read the state
			// before the other (applying a template twice at once adds one card), and, like an
			// append's shared lock, a compaction never runs between this row's id and its commit.
			await tx.execute(lockDoc(name));
			const stored = mergeStored(await storedParts(tx, name), (index, err) =>
				log?.error({ err, doc: name, part: index }, 'yjs: a stored update cannot be read; left out')
			);
			const doc = new Y.Doc();
			try {
				if (stored) Y.applyUpdate(doc, stored);
				// Edits this process holds that are not flushed yet: the change is made on the board as its editors see it.
				const current = live.get(name);
				if (current) Y.applyUpdate(doc, Y.encodeStateAsUpdate(current.doc));
				const before = Y.encodeStateVector(doc);
				const result = edit(doc);
				const update = Y.encodeStateAsUpdate(doc, before);
				const changed = Y.parseUpdateMeta(update).to.size > 0;
				if (changed) await tx.insert(yjsUpdates).values({ doc: name, update });
				return {
					result,
					publish: () => {
						const target = live.get(name);
						if (!target || target.doc.isDestroyed) return false;
						if (changed) Y.applyUpdate(target.doc, update, SERVER_EDIT);
						return true;
					}
				};
			} finally {
				doc.destroy();
			}
		},

		async seed(name, init) {
			return db.transaction(async (tx) => {
				await tx.execute(lockDoc(name));
				const [snap] = await tx.select({ doc: yjsSnapshots.doc }).from(yjsSnapshots).where(eq(yjsSnapshots.doc, name));
				const [row] = await tx.select({ id: yjsUpdates.id }).from(yjsUpdates).where(eq(yjsUpdates.doc, name)).limit(1);
				if (snap || row) return false;
				const doc = new Y.Doc();
				try {
					init(doc);
					await tx.insert(yjsUpdates).values({ doc: name, update: Y.encodeStateAsUpdate(doc) });
				} finally {
					doc.destroy();
				}
				return true;
			});
		}
	};
}
