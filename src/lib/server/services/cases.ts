/**
 * Cases and zones: ward case reports. validate → transaction (report + outbox event) → publish.
 */
import { desc, eq } from 'drizzle-orm';
import { fieldError, parseCaseReport } from '../../contracts/cases.ts';
import type { CaseReport } from '../../domain/cases.ts';
import { caseReports } from '../db/schema.ts';
import type { Db, Tx } from '../db/client.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import type { Actor } from '../actor.ts';
import type { EventBus } from '../realtime/bus.ts';
import type { Inflight } from '../inflight.ts';
import type { District } from './district.ts';
import { appendEvent } from './outbox.ts';

export type ReportSource = 'form' | 'api' | 'system';

export function toCaseReport(r: typeof caseReports.$inferSelect): CaseReport {
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
		reportedAt: r.reportedAt.toISOString()
	};
}

export interface CaseService {
	/** Validates and saves a report; throws ValidationError / NotFoundError and then saves nothing. */
	report(wardCode: string, body: unknown, actor: Actor, source: ReportSource): Promise<CaseReport>;
	/** Latest report of every active ward (null where none), keyed by ward code. */
	latestByWard(db?: Db | Tx): Promise<Map<string, CaseReport>>;
	/** A ward's reports, newest first. */
	history(wardCode: string, limit: number): Promise<CaseReport[]>;
}

export function createCaseService(deps: {
	db: Db;
	bus: EventBus;
	district: District;
	inflight: Inflight;
}): CaseService {
	const { db, bus, district, inflight } = deps;
	return {
		async report(wardCode, body, actor, source) {
			const ward = district.ward(wardCode);
			if (!ward) throw new NotFoundError('ward', wardCode);
			const parsed = parseCaseReport(body, district.view.zoneScheme);
			if (!parsed.ok) throw new ValidationError(parsed.errors);
			const { reporter, ...figures } = parsed.value;
			// Until accounts identify people, the reporter names themselves; an anonymous report is refused.
			const reportedBy = reporter || actor.name;
			if (!reportedBy) throw new ValidationError([fieldError('reporter', 'required')]);
			const { report, event } = await inflight.run(() =>
				db.transaction(async (tx) => {
					const [row] = await tx
						.insert(caseReports)
						.values({ wardCode, ...figures, reportedBy, source })
						.returning();
					if (!row) throw new Error('case report insert returned no row');
					const report = toCaseReport(row);
					const event = await appendEvent(tx, { type: 'cases:reported', wardCode, report });
					return { report, event };
				})
			);
			bus.publish(event);
			return report;
		},

		async latestByWard(reader: Db | Tx = db) {
			// DISTINCT ON picks each ward's newest row using the (ward, time desc, id desc) index.
			const rows = await reader
				.selectDistinctOn([caseReports.wardCode])
				.from(caseReports)
				.orderBy(caseReports.wardCode, desc(caseReports.reportedAt), desc(caseReports.id));
			return new Map(rows.map((r) => [r.wardCode, toCaseReport(r)]));
		},

		async history(wardCode, limit) {
			if (!district.ward(wardCode)) throw new NotFoundError('ward', wardCode);
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
