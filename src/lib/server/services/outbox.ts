/**
 * The transactional outbox (see ARCHITECTURE.md, "The live protocol"): events are rows written
 * in the same transaction as the change they describe.
 */
import { and, asc, eq, gt, max, min, type SQL } from 'drizzle-orm';
import type { LiveEvent } from '../../contracts/live.ts';
import { events } from '../db/schema.ts';
import { lockOutbox, type Db, type Tx } from '../db/client.ts';

export type Unsequenced<E> = E extends LiveEvent ? Omit<E, 'seq' | 'at' | 'wardPrevSeq'> : never;

/** Appends an event in `tx`; call it last in the transaction (it serializes writers until commit). */
export async function appendEvent(tx: Tx, event: Unsequenced<LiveEvent>): Promise<LiveEvent> {
	await lockOutbox(tx);
	const { type, ...rest } = event;
	const wardCode = 'wardCode' in event ? event.wardCode : null;
	// Under the outbox lock, the ward's newest event is stable: it is this event's predecessor.
	const [prev] = wardCode
		? await tx
				.select({ seq: max(events.seq) })
				.from(events)
				.where(eq(events.wardCode, wardCode))
		: [];
	const wardPrevSeq = prev?.seq == null ? null : Number(prev.seq);
	const [row] = await tx.insert(events).values({ type, wardCode, wardPrevSeq, payload: rest }).returning({ seq: events.seq, createdAt: events.createdAt });
	if (!row) throw new Error('outbox insert returned no row');
	return { ...event, seq: row.seq, wardPrevSeq, at: row.createdAt.toISOString() } as LiveEvent;
}

/** Highest committed seq, 0 when there is none yet. */
export async function currentSeq(db: Db | Tx): Promise<number> {
	const [row] = await db.select({ seq: max(events.seq) }).from(events);
	return Number(row?.seq ?? 0);
}

/**
 * Events after `since`, or null when they cannot all be given (pruned, too many, or the client
 * is ahead of us — a database that was reset): then the caller sends a snapshot instead.
 */
export async function eventsSince(
	db: Db | Tx,
	since: number,
	limit: number,
	/** Only this ward's events (a reader limited to one ward). */
	wardCode: string | null = null
): Promise<LiveEvent[] | null> {
	const [bounds] = await db.select({ lo: min(events.seq), hi: max(events.seq) }).from(events);
	const lo = bounds?.lo == null ? null : Number(bounds.lo);
	const hi = bounds?.hi == null ? 0 : Number(bounds.hi);
	if (since > hi) return null;
	if (since === hi) return [];
	if (lo === null || lo > since + 1) return null;
	const rows = await db
		.select()
		.from(events)
		.where(and(gt(events.seq, since), wardCode ? eq(events.wardCode, wardCode) : undefined) as SQL)
		.orderBy(asc(events.seq))
		.limit(limit + 1);
	if (rows.length > limit) return null;
	return rows.map(
		(r) =>
			({
				...(r.payload as object),
				type: r.type,
				seq: Number(r.seq),
				wardPrevSeq: r.wardPrevSeq == null ? null : Number(r.wardPrevSeq),
				at: r.createdAt.toISOString()
			}) as LiveEvent
	);
}
