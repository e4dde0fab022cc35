/**
 * Social welfare (issue 14 §2): a ward's welfare reports, and the picture of each ward and the
 * district — today and cumulative, with the aid packages issued from stock to households by
 * warehouse. What the figures mean, and why nothing counts twice, is domain/welfare.ts.
 * validate → command() (report + audit + `welfare:reported`) → publish.
 */
import { and, desc, eq, gt, isNotNull, lte, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { parseWelfareReport } from '../../contracts/welfare.ts';
import { checkEnteredAt } from '../../contracts/entry-time.ts';
import { actorLabel, can, readScope, type Principal } from '../../domain/access.ts';
import { dayKey, TIME_ZONE } from '../../domain/time.ts';
import {
	NO_WELFARE,
	WELFARE_FIELDS,
	welfareOf,
	type StockAidDay,
	type WardWelfare,
	type Welfare,
	type WelfareDay,
	type WelfareReport
} from '../../domain/welfare.ts';
import { stockMovements, warehouses, welfareReports } from '../db/schema.ts';
import type { Db, Tx } from '../db/client.ts';
import { ForbiddenError, NotFoundError, ValidationError, valid } from '../errors.ts';
import type { Inflight } from '../inflight.ts';
import type { EventBus } from '../realtime/bus.ts';
import { authorize, createCommand } from './command.ts';
import type { District } from './district.ts';

function toReport(r: typeof welfareReports.$inferSelect): WelfareReport {
	const figures: Partial<Record<(typeof WELFARE_FIELDS)[number], number>> = {};
	for (const k of WELFARE_FIELDS) if (r[k] !== null) figures[k] = r[k];
	return {
		id: r.id,
		wardCode: r.wardCode,
		day: r.day,
		...figures,
		reportedBy: r.reportedBy,
		reportedAt: r.reportedAt.toISOString(),
		enteredAt: r.enteredAt.toISOString()
	};
}

/** Which wards to read: one (a code), the unattributed district aid (null), or all (undefined). */
type WardFilter = string | null | undefined;

const sumOf = (c: AnyPgColumn) => sql<string>`coalesce(sum(${c}), 0)`;

/** Each ward's day rows (increments summed, the day's latest cashPending), as they stood at `asOf`. */
async function dayRows(reader: Db | Tx, ward: WardFilter, asOf?: Date): Promise<WelfareDay[]> {
	if (ward === null) return [];
	const where = and(ward === undefined ? undefined : eq(welfareReports.wardCode, ward), asOf ? lte(welfareReports.reportedAt, asOf) : undefined);
	const [sums, pending] = await Promise.all([
		reader
			.select({
				wardCode: welfareReports.wardCode,
				day: welfareReports.day,
				householdsSupported: sumOf(welfareReports.householdsSupported),
				peopleSupported: sumOf(welfareReports.peopleSupported),
				aidPackages: sumOf(welfareReports.aidPackages),
				cashPaid: sumOf(welfareReports.cashPaid),
				shelterTakenIn: sumOf(welfareReports.shelterTakenIn)
			})
			.from(welfareReports)
			.where(where)
			.groupBy(welfareReports.wardCode, welfareReports.day),
		// The day's level: its latest report (by when it was made) that gives one.
		reader
			.selectDistinctOn([welfareReports.wardCode, welfareReports.day], {
				wardCode: welfareReports.wardCode,
				day: welfareReports.day,
				cashPending: welfareReports.cashPending,
				at: welfareReports.enteredAt
			})
			.from(welfareReports)
			.where(and(where, isNotNull(welfareReports.cashPending)))
			.orderBy(welfareReports.wardCode, welfareReports.day, desc(welfareReports.enteredAt), desc(welfareReports.id))
	]);
	const level = new Map(pending.map((p) => [`${p.wardCode}|${p.day}`, p]));
	return sums.map((s) => {
		const p = level.get(`${s.wardCode}|${s.day}`);
		return {
			wardCode: s.wardCode,
			day: s.day,
			householdsSupported: Number(s.householdsSupported),
			peopleSupported: Number(s.peopleSupported),
			aidPackages: Number(s.aidPackages),
			cashPaid: Number(s.cashPaid),
			shelterTakenIn: Number(s.shelterTakenIn),
			cashPending: p?.cashPending ?? null,
			cashPendingAt: p ? p.at.toISOString() : null
		};
	});
}

/**
 * Aid packages issued to households (the issues' `packages`, never their quantity) per receiving
 * ward, warehouse and local day (the day it was made on the device). Rows from before an issue named its ward count for the issuing warehouse's ward.
 */
async function stockAid(reader: Db | Tx, ward: WardFilter, asOf?: Date): Promise<StockAidDay[]> {
	const wardOf = sql<string | null>`coalesce(${stockMovements.destinationWardCode}, ${warehouses.wardCode})`;
	const dayOf = sql<string>`to_char(coalesce(${stockMovements.enteredAt}, ${stockMovements.at}) at time zone ${sql.raw(`'${TIME_ZONE}'`)}, 'YYYY-MM-DD')`;
	const rows = await reader
		.select({
			wardCode: wardOf,
			warehouseCode: stockMovements.warehouseCode,
			warehouseName: warehouses.name,
			day: dayOf,
			packages: sql<string>`coalesce(sum(${stockMovements.packages}), 0)`
		})
		.from(stockMovements)
		.innerJoin(warehouses, eq(warehouses.code, stockMovements.warehouseCode))
		.where(
			and(
				eq(stockMovements.destinationKind, 'households'),
				eq(stockMovements.kind, 'issue'),
				// An issue that made up no packages is not aid: it stays in the stock picture only.
				gt(stockMovements.packages, 0),
				ward === undefined ? undefined : ward === null ? sql`${wardOf} is null` : sql`${wardOf} = ${ward}`,
				asOf ? lte(stockMovements.at, asOf) : undefined
			)
		)
		.groupBy(wardOf, stockMovements.warehouseCode, warehouses.name, dayOf);
	return rows.map((r) => ({ ...r, packages: Number(r.packages) }));
}

/**
 * One ward's welfare now (null: the district warehouse's aid to no named ward), read inside the
 * caller's transaction: what `welfare:reported` carries, from a report or an issue to households.
 */
export async function wardWelfare(tx: Db | Tx, wardCode: string | null, now: Date): Promise<WardWelfare> {
	const [days, aid] = await Promise.all([dayRows(tx, wardCode), stockAid(tx, wardCode)]);
	const w = welfareOf(days, aid, wardCode === null ? [] : [wardCode], now, true);
	// No aid to an unnamed ward yet: the row is empty, not absent.
	return w.wards[0] ?? { wardCode, day: w.day, today: { ...NO_WELFARE }, total: { ...NO_WELFARE }, warehouses: [] };
}

export function createWelfareService(deps: { db: Db; bus: EventBus; district: District; inflight: Inflight; clock?: () => Date }) {
	const { db, district } = deps;
	const clock = deps.clock ?? (() => new Date());
	const command = createCommand(deps);

	/** The reader's scope: every ward and the unattributed aid, or its one ward. */
	function scopeOf(reader: Principal): string | null {
		const scope = readScope(reader);
		if (!scope) throw new ForbiddenError('ward:read');
		return scope.ward;
	}

	/** The picture `reader` may see, now or as it stood at `asOf` (situation reports). */
	async function picture(reader: Principal, asOf?: Date, tx: Db | Tx = db): Promise<Welfare> {
		const ward = scopeOf(reader);
		const codes = ward === null ? district.wards.map((w) => w.code) : [ward];
		const filter = ward ?? undefined;
		const [days, aid] = await Promise.all([dayRows(tx, filter, asOf), stockAid(tx, filter, asOf)]);
		return welfareOf(days, aid, codes, asOf ?? clock(), ward === null);
	}

	return {
		/**
		 * Saves a ward's report (increments, and cashPending as a level); with the device's
		 * idempotency key a resend answers the first outcome and adds nothing.
		 */
		async report(actor: Principal, wardCode: string, body: unknown, key?: string | null): Promise<{ report: WelfareReport; welfare: WardWelfare }> {
			if (!district.ward(wardCode)) throw new NotFoundError('ward', wardCode);
			// A stranger is refused before the body is read: a 403 says nothing of the body.
			authorize(actor, 'ward:write', wardCode);
			const parsed = parseWelfareReport(body);
			if (!parsed.ok) throw new ValidationError(parsed.errors);
			const { enteredAt: entered, ...figures } = parsed.value;
			const who = actorLabel(actor);
			return command({
				actor,
				action: 'ward:write',
				ward: wardCode,
				key,
				operation: 'welfare_report.create',
				request: { wardCode, body: parsed.value },
				run: async (tx) => {
					const reportedAt = clock();
					const enteredAt = valid(checkEnteredAt(entered, reportedAt));
					const [row] = await tx
						.insert(welfareReports)
						.values({ wardCode, day: dayKey(enteredAt), ...figures, reportedBy: who.name, actorKind: who.kind, actorId: who.id, reportedAt, enteredAt })
						.returning();
					if (!row) throw new Error('welfare report insert returned no row');
					const report = toReport(row);
					const welfare = await wardWelfare(tx, wardCode, reportedAt);
					return {
						result: { report, welfare },
						audit: [{ entity: 'welfare_report', entityId: String(report.id), wardCode, after: report }],
						events: [{ type: 'welfare:reported', wardCode, welfare, report }]
					};
				}
			});
		},

		/** GET /api/welfare: every ward the reader may see, the district's sums and the aid by warehouse. */
		welfare: (reader: Principal, asOf?: Date, tx: Db | Tx = db) => picture(reader, asOf, tx),

		/** The wall snapshot's rows, inside its transaction. */
		async rows(reader: Principal, tx: Db | Tx): Promise<WardWelfare[]> {
			return (await picture(reader, undefined, tx)).wards;
		},

		/** A ward's latest reports, newest first (the tablet page). */
		async history(actor: Principal, wardCode: string, limit = 20): Promise<WelfareReport[]> {
			if (!district.ward(wardCode)) throw new NotFoundError('ward', wardCode);
			if (!can(actor, 'ward:read', wardCode)) throw new ForbiddenError('ward:read');
			const rows = await db
				.select()
				.from(welfareReports)
				.where(eq(welfareReports.wardCode, wardCode))
				.orderBy(desc(welfareReports.enteredAt), desc(welfareReports.id))
				.limit(limit);
			return rows.map(toReport);
		}
	};
}

export type WelfareService = ReturnType<typeof createWelfareService>;
