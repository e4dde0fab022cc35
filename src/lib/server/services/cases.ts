/**
 * Cases and zones: ward case reports. validate → transaction (report + outbox event) → publish.
 */
import { authorize, createCommand } from './command.ts';
import { and, desc, eq, gte, lte, min, sql } from 'drizzle-orm';
import { parseCaseReport } from '../../contracts/cases.ts';
import { checkEnteredAt } from '../../contracts/entry-time.ts';
import type { CaseReport } from '../../domain/cases.ts';
import { caseReports, wards } from '../db/schema.ts';
import { recordZone } from './zones.ts';
import { recordDay } from './progress.ts';
import type { Db, Tx } from '../db/client.ts';
import { ForbiddenError, NotFoundError, ValidationError, valid } from '../errors.ts';
import { actorLabel, can, type Principal } from '../../domain/access.ts';
import type { EventBus } from '../realtime/bus.ts';
import type { Inflight } from '../inflight.ts';
import type { District } from './district.ts';

type ReportSource = 'form' | 'api' | 'system';

function toCaseReport(r: typeof caseReports.$inferSelect): CaseReport {
	return {
		id: r.id,
		wardCode: r.wardCode,
		f0NewCommunity: r.f0NewCommunity,
		f0NewQuarantine: r.f0NewQuarantine,
		f0Active: r.f0Active,
		f1Traced: r.f1Traced,
		f1Quarantined: r.f1Quarantined,
		f2: r.f2,
		samplesTested: r.samplesTested,
		positives: r.positives,
		vaccineDoses: r.vaccineDoses,
		zone: r.zone,
		note: r.note,
		reportedBy: r.reportedBy,
		reportedAt: r.reportedAt.toISOString(),
		enteredAt: (r.enteredAt ?? r.reportedAt).toISOString()
	};
}

export interface CaseService {
	/** Validates and saves a report; throws ValidationError / NotFoundError and then saves nothing. */
	/**
	 * With an idempotency key (made on the device), a retried report returns the first one's
	 * outcome and saves nothing more.
	 */
	report(actor: Principal, wardCode: string, body: unknown, source: ReportSource, idempotencyKey?: string | null): Promise<CaseReport>;
	/** Latest report of every active ward (null where none), keyed by ward code. No access check: callers filter. */
	/** Each ward's newest report — as it stood at `asOf` when given (situation reports). */
	latestByWard(db?: Db | Tx, asOf?: Date): Promise<Map<string, CaseReport>>;
	/** When the oldest stored report was made (null: none yet) — where a back-fill must stop. */
	earliest(): Promise<Date | null>;
	/** A ward's reports, newest first. */
	history(actor: Principal, wardCode: string, limit: number): Promise<CaseReport[]>;
	/** Every report since `since` (all wards; callers filter by what the reader may see). */
	since(since: Date, db?: Db | Tx): Promise<CaseReport[]>;
}

export function createCaseService(deps: {
	db: Db;
	bus: EventBus;
	district: District;
	inflight: Inflight;
	/** The server's time of arrival (tests inject it). */
	clock?: () => Date;
}): CaseService {
	const { db, district } = deps;
	const clock = deps.clock ?? (() => new Date());
	const command = createCommand(deps);
	return {
		async report(actor, wardCode, body, source, idempotencyKey = null) {
			const ward = district.ward(wardCode);
			if (!ward) throw new NotFoundError('ward', wardCode);
			authorize(actor, 'ward:write', wardCode);
			const parsed = parseCaseReport(body, district.view.zoneScheme);
			if (!parsed.ok) throw new ValidationError(parsed.errors);
			const { reporter, enteredAt: entered, ...figures } = parsed.value;
			const who = actorLabel(actor);
			// A system may name the person behind its push; a signed-in person is who they are.
			const reportedBy = actor.kind === 'user' || !reporter ? who.name : `${reporter} (${who.name})`;
			// A retry carries the same enteredAt, so the same request.
			return command({
				actor,
				action: 'ward:write',
				ward: wardCode,
				key: idempotencyKey,
				operation: 'case_report.create',
				request: { wardCode, body: parsed.value },
				run: async (tx) => {
					// The window is checked on first save only: a retry of a saved entry replays it.
					const reportedAt = clock();
					const enteredAt = valid(checkEnteredAt(entered, reportedAt));
					// One ward's reports one after another: each sees the zone the previous one left (zone history).
					await tx.select({ code: wards.code }).from(wards).where(eq(wards.code, wardCode)).for('update');
					const [previous] = await tx
						.select({ zone: caseReports.zone })
						.from(caseReports)
						// The report before this one in time: a back-fill writes a past before reports already stored.
						.where(and(eq(caseReports.wardCode, wardCode), lte(caseReports.reportedAt, reportedAt)))
						.orderBy(desc(caseReports.reportedAt), desc(caseReports.id))
						.limit(1);
					await recordZone(tx, { subject: 'ward', key: wardCode, wardCode }, previous?.zone ?? null, figures.zone, enteredAt);
					const [row] = await tx
						.insert(caseReports)
						.values({ wardCode, ...figures, reportedBy, actorKind: who.kind, actorId: who.id, source, reportedAt, enteredAt })
						.returning();
					if (!row) throw new Error('case report insert returned no row');
					const report = toCaseReport(row);
					await recordDay(tx, report);
					return {
						result: report,
						audit: [{ entity: 'case_report', entityId: report.id, wardCode, after: report }],
						events: [{ type: 'cases:reported', wardCode, report }]
					};
				}
			});
		},

		async latestByWard(reader: Db | Tx = db, asOf?: Date) {
			// DISTINCT ON picks each ward's newest row using the (ward, time desc, id desc) index.
			const rows = await reader
				.selectDistinctOn([caseReports.wardCode])
				.from(caseReports)
				.where(asOf ? lte(caseReports.reportedAt, asOf) : undefined)
				.orderBy(caseReports.wardCode, desc(caseReports.reportedAt), desc(caseReports.id));
			return new Map(rows.map((r) => [r.wardCode, toCaseReport(r)]));
		},

		async since(since, reader: Db | Tx = db) {
			const rows = await reader.select().from(caseReports).where(gte(caseReports.reportedAt, since)).orderBy(caseReports.reportedAt);
			return rows.map(toCaseReport);
		},

		async earliest() {
			const [row] = await db.select({ at: min(sql`coalesce(${caseReports.enteredAt}, ${caseReports.reportedAt})`) }).from(caseReports);
			return row?.at ? new Date(row.at as string) : null;
		},

		async history(actor, wardCode, limit) {
			if (!district.ward(wardCode)) throw new NotFoundError('ward', wardCode);
			if (!can(actor, 'ward:read', wardCode)) throw new ForbiddenError('ward:read');
			const rows = await db
				.select()
				.from(caseReports)
				.where(eq(caseReports.wardCode, wardCode))
				.orderBy(desc(caseReports.reportedAt), desc(caseReports.id))
				.limit(limit);
			return rows.map(toCaseReport);
		}
	};
}
