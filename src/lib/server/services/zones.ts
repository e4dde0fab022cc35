/**
 * Zone history (issue 13 §2): every change of a ward's or a blockade's zone, kept with the time it
 * was made. Written only inside the command that changes the zone (a case report, a blockade's
 * opening or edit), so the history and the figures commit together. Read through the table's two
 * indexes: by subject (the newest change of each ward) and by time (a range of days).
 */
import { and, asc, desc, eq, gte, inArray, lt, lte, min, sql } from 'drizzle-orm';
import { can, type Principal } from '../../domain/access.ts';
import { zoneChangeOf, type ZoneChange } from '../../domain/zones.ts';
import { wards, zoneChanges } from '../db/schema.ts';
import type { Db, Tx } from '../db/client.ts';
import { ForbiddenError, NotFoundError } from '../errors.ts';
import type { District } from './district.ts';

type Row = typeof zoneChanges.$inferSelect;
const toChange = (r: Row): ZoneChange => ({
	subject: r.subject as ZoneChange['subject'],
	key: r.subjectKey,
	wardCode: r.wardCode,
	from: r.fromZone,
	to: r.toZone,
	at: r.at.toISOString()
});

/**
 * Keeps the change `next` makes after `previous`, if it is one, inside the caller's transaction.
 * The one rule (domain zoneChangeOf) is the wall's too, when it applies a report's event.
 */
export async function recordZone(
	tx: Tx,
	s: { subject: ZoneChange['subject']; key: string; wardCode: string },
	previous: string | null,
	next: string,
	at: Date
): Promise<void> {
	const change = zoneChangeOf(previous, next);
	if (!change) return;
	await tx.insert(zoneChanges).values({ subject: s.subject, subjectKey: s.key, wardCode: s.wardCode, fromZone: change.from, toZone: change.to, at });
}

export function createZoneService(deps: { db: Db; district: District }) {
	const { db, district } = deps;
	return {
		/** When each ward entered its present zone: the newest change per ward (one index probe each). */
		async sinceByWard(tx: Db | Tx = db, asOf?: Date): Promise<Map<string, { at: string; from: string | null }>> {
			const rows = await tx
				.selectDistinctOn([zoneChanges.subjectKey], { key: zoneChanges.subjectKey, at: zoneChanges.at, from: zoneChanges.fromZone })
				.from(zoneChanges)
				.where(and(eq(zoneChanges.subject, 'ward'), asOf ? lte(zoneChanges.at, asOf) : undefined))
				// By time, then id: a change back-filled into the past (server/backfill.ts) is older than one recorded before it.
				.orderBy(zoneChanges.subjectKey, desc(zoneChanges.at), desc(zoneChanges.id));
			return new Map(rows.map((r) => [r.key, { at: r.at.toISOString(), from: r.from }]));
		},

		/** When the oldest change was made (every ward's first report is one), or null on an empty history. */
		async earliest(tx: Db | Tx = db): Promise<Date | null> {
			const [row] = await tx.select({ at: min(zoneChanges.at) }).from(zoneChanges);
			return row?.at ? new Date(row.at) : null;
		},

		/**
		 * A ward's zone changes and its blockades', oldest first — within [from, to) when given, with
		 * the change in force at `from` first (so a strip of colours starts in the right zone).
		 */
		async history(actor: Principal, wardCode: string, range: { from?: Date; to?: Date } = {}): Promise<ZoneChange[]> {
			if (!district.ward(wardCode)) throw new NotFoundError('ward', wardCode);
			if (!can(actor, 'ward:read', wardCode)) throw new ForbiddenError('ward:read');
			const inRange = await db
				.select()
				.from(zoneChanges)
				.where(
					and(eq(zoneChanges.wardCode, wardCode), range.from ? gte(zoneChanges.at, range.from) : undefined, range.to ? lt(zoneChanges.at, range.to) : undefined)
				)
				.orderBy(asc(zoneChanges.at), asc(zoneChanges.id));
			if (!range.from) return inRange.map(toChange);
			const [before] = await db
				.select()
				.from(zoneChanges)
				.where(and(eq(zoneChanges.subject, 'ward'), eq(zoneChanges.subjectKey, wardCode), lt(zoneChanges.at, range.from)))
				.orderBy(desc(zoneChanges.at), desc(zoneChanges.id))
				.limit(1);
			return [...(before ? [before] : []), ...inRange].map(toChange);
		},

		/**
		 * Every active ward's own zone changes in [from, to), oldest first, each ward's list opening
		 * with the change in force at `from` (its strip of colours, issue 13 §2). One statement: per
		 * ward one backward probe of `zone_changes_subject_at` for the last change before `from`,
		 * union the changes inside the range — nothing older, nothing after `to`.
		 */
		async wardsBetween(actor: Principal, range: { from: Date; to: Date }): Promise<Map<string, ZoneChange[]>> {
			if (!can(actor, 'ward:read')) throw new ForbiddenError('ward:read');
			const codes = district.wards.map((w) => w.code);
			const out = new Map(codes.map((c): [string, ZoneChange[]] => [c, []]));
			if (codes.length === 0 || !(range.from < range.to)) return out;
			const lastBefore = db
				.select()
				.from(zoneChanges)
				.where(and(eq(zoneChanges.subject, 'ward'), eq(zoneChanges.subjectKey, wards.code), lt(zoneChanges.at, range.from)))
				.orderBy(desc(zoneChanges.at), desc(zoneChanges.id))
				.limit(1)
				.as('before');
			// A union pairs columns by position: both halves select the same list, in the same order.
			const columns = (t: typeof zoneChanges | typeof lastBefore) => ({
				id: t.id,
				subject: t.subject,
				subjectKey: t.subjectKey,
				wardCode: t.wardCode,
				fromZone: t.fromZone,
				toZone: t.toZone,
				at: t.at
			});
			const rows = await db
				.select(columns(lastBefore))
				.from(wards)
				.innerJoinLateral(lastBefore, sql`true`)
				.where(inArray(wards.code, codes))
				.unionAll(
					db
						.select(columns(zoneChanges))
						.from(zoneChanges)
						.where(and(eq(zoneChanges.subject, 'ward'), inArray(zoneChanges.subjectKey, codes), gte(zoneChanges.at, range.from), lt(zoneChanges.at, range.to)))
				);
			rows.sort((a, b) => a.at.getTime() - b.at.getTime() || a.id - b.id);
			for (const r of rows) out.get(r.subjectKey)?.push(toChange(r));
			return out;
		},

		/** Every change made in [from, to), oldest first (the report's "since the previous one"). */
		async between(from: Date, to: Date, tx: Db | Tx = db): Promise<ZoneChange[]> {
			const rows = await tx
				.select()
				.from(zoneChanges)
				.where(and(gte(zoneChanges.at, from), lt(zoneChanges.at, to)))
				.orderBy(asc(zoneChanges.at), asc(zoneChanges.id));
			return rows.map(toChange);
		}
	};
}

export type ZoneService = ReturnType<typeof createZoneService>;
