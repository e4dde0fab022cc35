/**
 * Testing, vaccination and tracing as progress (issue 13 §3–4): the day figures of every ward for
 * the trend window, and its doses before the window, read as of now (the wall, GET /api/progress)
 * or as of a report's slot. Written only inside the case-report command (recordDay), so the days
 * and the reports commit together.
 */
import { and, gte, isNotNull, lt, lte, sql } from 'drizzle-orm';
import type { CaseReport } from '../../domain/cases.ts';
import { entryTime } from '../../domain/entry-time.ts';
import { dayKey } from '../../domain/time.ts';
import { buildTrend, type FlowMovement, type Trend } from '../../domain/trend.ts';
import { progressOf, type Progress } from '../../domain/progress.ts';
import { readScope, type Principal } from '../../domain/access.ts';
import { quarantineMovements, wardDays, wards as wardsTable } from '../db/schema.ts';
import type { Db, Tx } from '../db/client.ts';
import { ForbiddenError } from '../errors.ts';
import type { CaseService } from './cases.ts';
import type { District } from './district.ts';

/** Days of history on the wall's trend charts and in the progress picture. */
const TREND_DAYS = 14;

/**
 * Keeps the day's figures of `report`'s ward, inside the caller's transaction: the day's last
 * report (by the time it was made) wins, as in the trend.
 */
export async function recordDay(tx: Tx, report: CaseReport): Promise<void> {
	const madeAt = new Date(entryTime(report));
	const figures = { samplesTested: report.samplesTested, positives: report.positives, vaccineDoses: report.vaccineDoses, f1Traced: report.f1Traced };
	await tx
		.insert(wardDays)
		.values({ wardCode: report.wardCode, day: dayKey(madeAt), ...figures, madeAt, reportId: report.id })
		.onConflictDoUpdate({
			target: [wardDays.wardCode, wardDays.day],
			set: { ...figures, madeAt, reportId: report.id },
			setWhere: lte(wardDays.madeAt, madeAt)
		});
}

export function createProgressService(deps: { db: Db; district: District; cases: CaseService; clock?: () => Date }) {
	const { db, district, cases } = deps;
	const clock = deps.clock ?? (() => new Date());

	/** The trend window ending on `asOf`'s day, for `wardCodes`: reports of the window, days before it summed. */
	async function trendAt(tx: Db | Tx, wardCodes: readonly string[], asOf?: Date): Promise<Trend> {
		const at = asOf ?? clock();
		const windowStart = buildTrend([], [], at, TREND_DAYS).days[0]!;
		// An entry can be made up to 48 h before it arrives (entry-time window): read a day more than the window.
		const since = new Date(at.getTime() - (TREND_DAYS + 2) * 86_400_000);
		const recent = (await cases.since(since, tx)).filter((r) => !asOf || new Date(r.reportedAt).getTime() <= asOf.getTime());
		const before = await tx
			.select({ ward: wardDays.wardCode, doses: sql<string>`sum(${wardDays.vaccineDoses})` })
			.from(wardDays)
			.where(and(lt(wardDays.day, windowStart), asOf ? lte(wardDays.madeAt, asOf) : undefined))
			.groupBy(wardDays.wardCode);
		// The F1 flow: admissions and discharges that name their ward, in the window (partial index on `at`).
		const moves = await tx
			.select({
				wardCode: quarantineMovements.originWardCode,
				kind: quarantineMovements.kind,
				personKind: quarantineMovements.personKind,
				amount: quarantineMovements.amount,
				at: quarantineMovements.at,
				enteredAt: quarantineMovements.enteredAt
			})
			.from(quarantineMovements)
			.where(and(isNotNull(quarantineMovements.originWardCode), gte(quarantineMovements.at, since), asOf ? lte(quarantineMovements.at, asOf) : undefined));
		const movements: FlowMovement[] = moves.flatMap((m) =>
			m.wardCode && (m.kind === 'admission' || m.kind === 'discharge')
				? [
						{
							wardCode: m.wardCode,
							kind: m.kind,
							personKind: m.personKind as FlowMovement['personKind'],
							amount: m.amount ?? 0,
							madeAt: (m.enteredAt ?? m.at).toISOString()
						}
					]
				: []
		);
		const baseline = await tx.select({ code: wardsTable.code, dosesBefore: wardsTable.dosesBefore }).from(wardsTable);
		const dosesBefore: Record<string, number> = Object.fromEntries(baseline.map((b) => [b.code, b.dosesBefore]));
		for (const b of before) dosesBefore[b.ward] = (dosesBefore[b.ward] ?? 0) + Number(b.doses);
		return buildTrend(recent, wardCodes, at, TREND_DAYS, dosesBefore, movements);
	}

	/** The wards a reader may see: the district's, or its one ward. */
	function wardsFor(reader: Principal) {
		const scope = readScope(reader);
		if (!scope) throw new ForbiddenError('ward:read');
		return scope.ward === null ? district.wards : district.wards.filter((w) => w.code === scope.ward);
	}

	return {
		trendAt,
		/** GET /api/progress: each ward the reader may see, and their sum (the district's for a district reader). */
		async progress(reader: Principal, asOf?: Date): Promise<Progress> {
			const wards = wardsFor(reader);
			const trend = await trendAt(
				db,
				wards.map((w) => w.code),
				asOf
			);
			return progressOf(trend, wards, district.view.vaccination, asOf ?? clock());
		}
	};
}

export type ProgressService = ReturnType<typeof createProgressService>;
