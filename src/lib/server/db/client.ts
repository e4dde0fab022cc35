/**
 * The database client factory: PGlite (embedded, zero-install default) or PostgreSQL through
 * postgres.js. Both give a drizzle database over the same schema, so every query is written once.
 * Created once, in the composition root (server/), and handed to everything else.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import lockfile from 'proper-lockfile';
import { schema, type Schema } from './schema.ts';

export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
	db: Db;
	kind: DatabaseKind;
	/** Applies drizzle/ migrations; on PostgreSQL under an advisory lock (several processes may start at once). */
	migrate(migrationsFolder: string): Promise<void>;
	/**
	 * Runs `fn` while no other process of this app runs its own `exclusive` section (PostgreSQL:
	 * a session advisory lock) — for the start-up seeding, whose check-then-insert steps would
	 * otherwise collide when several processes start at once on an empty database.
	 */
	exclusive<T>(fn: () => Promise<T>): Promise<T>;
	/** Closes the pool / embedded instance and releases the data-directory lock. */
	close(): Promise<void>;
}

export type DatabaseOptions =
	| { kind: 'postgres'; url: string; maxConnections?: number }
	/** dataDir null = in memory (tests). */
	| { kind: 'pglite'; dataDir: string | null };

/** Arbitrary constant shared by every process of this app: "CP" + "migr". */
const MIGRATION_LOCK_KEY = 0x43_50_6d_69;
/** "CP" + "seed": the start-up seeding's lock. */
const SEED_LOCK_KEY = 0x43_50_73_65;

export class DataDirLockedError extends Error {
	constructor(dir: string) {
		super(
			`DATA_DIR ${dir} is in use by another Command Post process. ` +
				'PGlite allows one process per data directory: stop the other one, or use another DATA_DIR.'
		);
	}
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
	return opts.kind === 'postgres' ? openPostgres(opts.url, opts.maxConnections ?? 10) : openPglite(opts.dataDir);
}

async function openPostgres(url: string, max: number): Promise<Database> {
	const { default: postgres } = await import('postgres');
	const { drizzle } = await import('drizzle-orm/postgres-js');
	const client = postgres(url, {
		max,
		onnotice: () => {},
		// Timestamps come back as Date, bigints as numbers where drizzle asks (mode: 'number').
		connection: { application_name: 'command-post' }
	});
	const db = drizzle(client, { schema }) as unknown as Db;
	return {
		db,
		kind: 'postgres',
		async migrate(migrationsFolder) {
			const { migrate } = await import('drizzle-orm/postgres-js/migrator');
			// drizzle's migrate() has no lock of its own: hold a session-level advisory lock on one
			// reserved connection while the pool migrates, so concurrent starters wait their turn.
			const lockConn = await client.reserve();
			try {
				await lockConn`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
				await migrate(drizzle(client), { migrationsFolder });
			} finally {
				await lockConn`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.catch(() => {});
				lockConn.release();
			}
		},
		async exclusive(fn) {
			const lockConn = await client.reserve();
			try {
				await lockConn`select pg_advisory_lock(${SEED_LOCK_KEY})`;
				return await fn();
			} finally {
				await lockConn`select pg_advisory_unlock(${SEED_LOCK_KEY})`.catch(() => {});
				lockConn.release();
			}
		},
		async close() {
			await client.end({ timeout: 5 });
		}
	};
}

async function openPglite(dataDir: string | null): Promise<Database> {
	const { PGlite } = await import('@electric-sql/pglite');
	const { drizzle } = await import('drizzle-orm/pglite');
	let release: (() => Promise<void>) | null = null;
	let dir: string | undefined;
	if (dataDir !== null) {
		dir = path.resolve(dataDir, 'pglite');
		await mkdir(dir, { recursive: true });
		// One PGlite per data directory, ever: a second opener corrupts it. proper-lockfile keeps an
		// mkdir lock refreshed while we live and lets a crashed owner's lock go stale.
		try {
			// A crashed owner's lock goes stale after `stale` ms: a restart (systemd, a supervisor)
			// waits for that instead of exiting at once and crash-looping; a live owner keeps
			// refreshing it, so the wait ends in ELOCKED and the message below.
			release = await lockfile.lock(dir, {
				stale: 10_000,
				update: 2_500,
				realpath: false,
				retries: { retries: 12, minTimeout: 1000, maxTimeout: 1000, factor: 1 }
			});
		} catch (err) {
			if ((err as { code?: string }).code === 'ELOCKED') throw new DataDirLockedError(path.resolve(dataDir));
			throw err;
		}
	}
	let pg: InstanceType<typeof PGlite>;
	try {
		pg = new PGlite(dir);
		await pg.waitReady;
	} catch (err) {
		await release?.();
		throw err;
	}
	const db = drizzle(pg, { schema }) as unknown as Db;
	return {
		db,
		kind: 'pglite',
		async migrate(migrationsFolder) {
			const { migrate } = await import('drizzle-orm/pglite/migrator');
			await migrate(drizzle(pg), { migrationsFolder });
		},
		// One process per data directory (the lock file above): nothing to exclude.
		exclusive: (fn) => fn(),
		async close() {
			try {
				await pg.close();
			} finally {
				await release?.();
			}
		}
	};
}

/**
 * Serializes event-writing transactions (per database, across processes) until commit, so that
 * outbox sequence numbers are assigned in commit order: a reader that sees seq N has seen every
 * seq below N. Cheap at a command post's write rate; see docs/performance.md.
 */
export async function lockOutbox(tx: Tx): Promise<void> {
	await tx.execute(sql`select pg_advisory_xact_lock(${0x43_50_65_76})`);
}
