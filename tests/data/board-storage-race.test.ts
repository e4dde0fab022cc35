/**
 * Issue 11 §9: board storage loses nothing when writers overlap. Two persistence instances append
 * to one document while both compact it over and over and read it; every read returns what was
 * stored before it began, and afterwards a fresh instance loads every update. On PostgreSQL the
 * two instances have a pool each (as two processes would); PGlite is one process per data
 * directory, so there they share the one database (the locks must still work).
 *
 * What it guards: an update's id comes from a sequence when its row is inserted, but the row only
 * becomes visible at commit. Without the per-document lock (appends and reads shared, compaction
 * exclusive), a compaction could read the log while id N was still uncommitted and id N+1 already
 * committed, set the snapshot's `upto` to N+1 — and the row N, committed a moment later, would
 * never be loaded again (or be deleted by the compaction's `id <= upto` delete without having been
 * merged). And a read (a process loading the board) that took the snapshot before a compaction
 * committed and the log after it would miss the rows that compaction merged and deleted.
 *
 * The append window is one round trip wide on its own; the instances' databases here hold every
 * append's transaction open a random 0–4 ms after its last statement (before COMMIT), so that
 * without the lock this test fails on nearly every run instead of on some.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as Y from 'yjs';
import { createYjsPersistence } from '../../src/lib/server/collab/persistence.ts';
import { openDatabase, type Database, type Db, type Tx } from '../../src/lib/server/db/client.ts';
import { yjsSnapshots, yjsUpdates } from '../../src/lib/server/db/schema.ts';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../fixtures/db.ts';

/** Edits per instance: each sets a key of its own in one Y.Map and is appended as its own row. */
const EDITS = 200;
const DOC = 'board:race';

/**
 * `db`, whose transactions that append an update wait a random 0–4 ms after their last statement,
 * before they commit: the window in which a compaction without the lock loses the update.
 */
function slowAppends(db: Db): Db {
	const slow = Object.create(db) as Db;
	slow.transaction = ((fn, config) =>
		db.transaction(async (tx) => {
			let appended = false;
			const watched = Object.create(tx) as Tx;
			watched.insert = ((table) => {
				if ((table as unknown) === yjsUpdates) appended = true;
				return tx.insert(table);
			}) as Tx['insert'];
			const result = await fn(watched);
			if (appended) await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 5)));
			return result;
		}, config)) as Db['transaction'];
	return slow;
}

describe.each(DATABASE_KINDS)('board storage with overlapping writers on %s', (kind) => {
	let t: TestDatabase;
	/** PostgreSQL: a second, independent pool on the same database. */
	let other: Database | null = null;
	beforeAll(async () => {
		t = await openTestDatabase(kind);
		if (kind === 'postgres') other = await openDatabase({ kind: 'postgres', url: t.url!, maxConnections: 4 });
	});
	afterAll(async () => {
		await other?.close();
		await t?.dispose();
	});

	it('appends and reads racing compactions from two instances: every stored update is read, and loaded afterwards', async () => {
		const dbs = [t.database.db, (other ?? t.database).db];
		// compactAfterRows 2: each instance also compacts from inside its own append chain.
		const instances = dbs.map((db) => createYjsPersistence({ db: slowAppends(db), flushMs: 1, compactAfterRows: 2 }));
		const docs = instances.map(() => new Y.Doc());
		await Promise.all(instances.map((p, i) => p.load(DOC, docs[i]!)));

		let writing = true;
		let compactions = 0;
		let reads = 0;
		/** Keys whose append has committed (flushAll resolved). */
		const stored: string[] = [];
		/** Keys a read started after they were stored did not return. */
		const unseen = new Set<string>();
		const writer = async (w: number) => {
			const map = docs[w]!.getMap<number>('m');
			for (let i = 0; i < EDITS; i++) {
				map.set(`${w}:${i}`, i);
				await instances[w]!.flushAll();
				stored.push(`${w}:${i}`);
			}
		};
		// What a process loading the board meanwhile gets: every stored update, whatever compacts.
		const reader = async (w: number) => {
			while (writing) {
				const before = stored.slice();
				const state = await instances[w]!.read(DOC);
				const doc = new Y.Doc();
				if (state) Y.applyUpdate(doc, state);
				const map = doc.getMap('m');
				for (const k of before) if (!map.has(k)) unseen.add(k);
				doc.destroy();
				reads++;
			}
		};
		const compactor = async (w: number) => {
			while (writing) {
				await instances[w]!.compact(DOC);
				compactions++;
			}
		};
		const background = [compactor(0), compactor(1), reader(0), reader(1)];
		try {
			await Promise.all([writer(0), writer(1)]);
		} finally {
			writing = false;
			await Promise.all(background);
		}
		expect(reads).toBeGreaterThan(10);
		// Soft: a failure here still lets the final load below tell whether updates were lost for good.
		expect.soft([...unseen], `${unseen.size} stored updates missing from reads made during the race`).toEqual([]);
		// One last compaction, so that the load below goes through the snapshot as well.
		await instances[0]!.compact(DOC);
		for (const d of docs) d.destroy();

		const [snap] = await t.database.db.select().from(yjsSnapshots).where(eq(yjsSnapshots.doc, DOC));
		expect(snap).toBeDefined();
		expect(compactions).toBeGreaterThan(10);

		const fresh = createYjsPersistence({ db: (other ?? t.database).db });
		const loaded = new Y.Doc();
		await fresh.load(DOC, loaded);
		const keys = new Set(loaded.getMap('m').keys());
		const missing: string[] = [];
		for (let w = 0; w < 2; w++) for (let i = 0; i < EDITS; i++) if (!keys.has(`${w}:${i}`)) missing.push(`${w}:${i}`);
		expect(missing, `${missing.length} of ${2 * EDITS} updates lost`).toEqual([]);
		expect(keys.size).toBe(2 * EDITS);
		loaded.destroy();
	}, 120_000);
});
