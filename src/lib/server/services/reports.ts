/**
 * Situation reports: generated at each slot from the data as it stood at the slot (also when the
 * server was down then and catches up later — "late"), exactly once per slot whatever the number
 * of processes (advisory lock + a partial unique index), never changed afterwards; a correction
 * is a new revision that names the original, who and why.
 */
import { and, asc, desc, eq, gte, isNull, lt, sql } from 'drizzle-orm';
import type { ReportContent, ReportFigure, ReportSummary, ReportView } from '../../contracts/reports.ts';
import { correctionErrors, parseCorrection, reportFilterSchema } from '../../contracts/reports.ts';
import { fieldErrorsFrom, fieldError } from '../../contracts/errors.ts';
import { actorLabel, can, type Principal } from '../../domain/access.ts';
import { applyCorrection, buildReport } from '../../domain/report.ts';
import { REPORT_LABELS } from '../../i18n/report.ts';
import { nextReportSlot, previousReportSlot, slotsBetween } from '../../domain/schedule.ts';
import { startOfLocalDay } from '../../domain/time.ts';
import { situationReports } from '../db/schema.ts';
import type { Db, Tx } from '../db/client.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.ts';
import type { Inflight } from '../inflight.ts';
import type { BoardService } from './boards.ts';
import type { InspectionService } from './inspections.ts';
import type { BlockadeService } from './blockades.ts';
import type { ZoneService } from './zones.ts';
import type { ProgressService } from './progress.ts';
import type { DutyService } from './duty.ts';
import type { WelfareService } from './welfare.ts';
import type { CaseService } from './cases.ts';
import type { CheckpointService } from './checkpoints.ts';
import type { District } from './district.ts';
import type { QuarantineService } from './quarantine.ts';
import type { StockService } from './stock.ts';
import { record } from './audit.ts';
import { createCommand } from './command.ts';
import type { EventBus } from '../realtime/bus.ts';

const SYSTEM: Principal = { kind: 'system', name: 'Lịch báo cáo' };

/** A report generated more than this after its slot is marked late (as is every caught-up one). */
const LATE_AFTER_MS = 5 * 60_000;
/** How far back a restarted server catches up missed slots. */
const CATCH_UP_DAYS = 7;

export interface ReportService {
	schedule: { slots: string[]; next(now: Date): Date };
	list(reader: Principal, filter?: unknown): Promise<ReportSummary[]>;
	get(reader: Principal, id: number): Promise<ReportView | null>;
	/**
	 * The scheduled report for `slot` — made now if missing; the existing one if any process made
	 * it. `catchUp`: the server was down at the slot, so the report is late whenever it is made.
	 */
	generateForSlot(slot: Date, opts?: { catchUp?: boolean }): Promise<{ report: ReportView; created: boolean }>;
	/** Slots missed while the server was down (since the last scheduled report), made now, late. */
	catchUp(): Promise<ReportView[]>;
	generateNow(actor: Principal): Promise<ReportView>;
	correct(actor: Principal, id: number, body: unknown): Promise<ReportView>;
	markSent(actor: Principal, id: number): Promise<ReportView>;
	series(reader: Principal, filter?: unknown): Promise<Array<{ id: number; asOf: string; late: boolean; figures: Record<string, number | null> }>>;
}

type Row = typeof situationReports.$inferSelect;

const mayRead = (p: Principal) => can(p, 'report:read');
const mayManage = (p: Principal) => can(p, 'report:manage');

export function createReportService(deps: {
	db: Db;
	district: District;
	cases: CaseService;
	quarantine: QuarantineService;
	stock: StockService;
	checkpoints: CheckpointService;
	boards: BoardService;
	blockades: BlockadeService;
	zones: ZoneService;
	progress: ProgressService;
	welfare: WelfareService;
	inspections: InspectionService;
	duty: DutyService;
	inflight: Inflight;
	bus: EventBus;
	clock: () => Date;
	slots: string[];
}): ReportService {
	const { db, district, clock, slots, inflight } = deps;
	const command = createCommand(deps);

	/** The newest revision of an original (the original itself when it has none). */
	async function newestOf(exec: Db | Tx, originalId: number): Promise<Row | undefined> {
		const [row] = await exec
			.select()
			.from(situationReports)
			.where(sql`${situationReports.id} = ${originalId} or ${situationReports.originalId} = ${originalId}`)
			.orderBy(desc(situationReports.revision))
			.limit(1);
		return row;
	}

	/** Its number and id, for a view's "newest revision" link. */
	const latestRevisionOf = async (exec: Db | Tx, originalId: number): Promise<{ revision: number; id: number }> => {
		const r = await newestOf(exec, originalId);
		return r ? { revision: r.revision, id: r.id } : { revision: 0, id: originalId };
	};

	function view(row: Row, latest: { revision: number; id: number }): ReportView {
		return {
			id: row.id,
			kind: row.kind as ReportView['kind'],
			slotAt: row.slotAt?.toISOString() ?? null,
			asOf: row.asOf.toISOString(),
			generatedAt: row.generatedAt.toISOString(),
			late: row.late,
			revision: row.revision,
			revises: row.originalId,
			reason: row.reason,
			generatedBy: row.generatedBy,
			sentAt: row.sentAt?.toISOString() ?? null,
			sentBy: row.sentBy,
			latestRevision: latest.revision,
			latestId: latest.id,
			content: row.content as ReportContent
		};
	}

	/** The newest revision of the newest original before `asOf`: what a new report is compared with. */
	async function previousOf(exec: Db | Tx, asOf: Date): Promise<{ id: number; asOf: string; figures: ReportFigure[] } | null> {
		const [orig] = await exec
			.select({ id: situationReports.id })
			.from(situationReports)
			.where(and(isNull(situationReports.originalId), lt(situationReports.asOf, asOf)))
			.orderBy(desc(situationReports.asOf), desc(situationReports.id))
			.limit(1);
		if (!orig) return null;
		const newest = await newestOf(exec, orig.id);
		if (!newest) return null;
		return { id: newest.id, asOf: newest.asOf.toISOString(), figures: (newest.content as ReportContent).figures };
	}

	/** Everything as it stood at `asOf`, read through each concept's own service. */
	async function contentAt(tx: Tx, asOf: Date, tasksAsAt: 'asOf' | 'generation'): Promise<ReportContent> {
		const latest = await deps.cases.latestByWard(tx, asOf);
		// Each ward's zone as the slot saw it: the "got worse" alert of the report is the wall's rule at that instant.
		const zoneAt = await deps.zones.sinceByWard(tx, asOf);
		const previousSlot = previousReportSlot(new Date(asOf.getTime() - 1), slots);
		// The first report has no slot before it: the day before stands in for "since the last one".
		const since = previousSlot ?? new Date(asOf.getTime() - 86_400_000);
		const input = {
			district: district.view,
			asOf,
			previousSlot,
			blockades: await deps.blockades.asOf(asOf, since, tx),
			zoneChanges: await deps.zones.between(since, new Date(asOf.getTime() + 1), tx),
			wards: district.wards.map((w) => ({
				code: w.code,
				name: w.name,
				population: w.population,
				latest: latest.get(w.code) ?? null,
				zoneSince: zoneAt.get(w.code)?.at ?? null,
				zoneFrom: zoneAt.get(w.code)?.from ?? null,
				hotline: w.hotline
			})),
			// The rosters as planned now (a roster keeps no history of its changes: the audit log does).
			duty: await deps.duty.picture(SYSTEM, null, tx, asOf),
			trend: await deps.progress.trendAt(
				tx,
				district.wards.map((w) => w.code),
				asOf
			),
			facilities: await deps.quarantine.list(SYSTEM, null, tx, asOf),
			stock: await deps.stock.levels(SYSTEM, undefined, tx, asOf),
			checkpoints: await deps.checkpoints.list(SYSTEM, undefined, tx, asOf),
			// The boards keep no history: tasks are read as they are now, and a late report says so.
			tasks: await deps.boards.liveTasks(undefined, tx),
			tasksAsAt,
			welfare: await deps.welfare.welfare(SYSTEM, asOf, tx),
			inspections: await deps.inspections.forReport(since, asOf, tx)
		};
		return buildReport(input, await previousOf(tx, asOf), REPORT_LABELS);
	}

	const lockSlot = (tx: Tx, slot: Date) => tx.execute(sql`select pg_advisory_xact_lock(hashtext(${'report:' + slot.toISOString()}))`);

	async function generateForSlot(slot: Date, opts: { catchUp?: boolean } = {}): Promise<{ report: ReportView; created: boolean }> {
		// Outside the write path: the scheduler's own write, by no one, once per slot under the slot's lock.
		return inflight.run(() =>
			db.transaction(async (tx) => {
				// Racing processes wait here; the loser then finds the winner's row and returns it.
				await lockSlot(tx, slot);
				const [existing] = await tx
					.select()
					.from(situationReports)
					.where(and(eq(situationReports.kind, 'scheduled'), eq(situationReports.revision, 0), eq(situationReports.slotAt, slot)));
				if (existing) return { report: view(existing, await latestRevisionOf(tx, existing.id)), created: false };
				const now = clock();
				const late = opts.catchUp === true || now.getTime() - slot.getTime() > LATE_AFTER_MS;
				const content = await contentAt(tx, slot, late ? 'generation' : 'asOf');
				const [row] = await tx
					.insert(situationReports)
					.values({ kind: 'scheduled', slotAt: slot, asOf: slot, generatedAt: now, late, generatedBy: SYSTEM.name, content })
					.onConflictDoNothing()
					.returning();
				if (!row) throw new Error(`report for ${slot.toISOString()} appeared under the lock`);
				await record(tx, SYSTEM, {
					action: late ? 'report.generate_late' : 'report.generate',
					entity: 'report',
					entityId: row.id,
					after: { slotAt: slot.toISOString(), late }
				});
				return { report: view(row, { revision: 0, id: row.id }), created: true };
			})
		);
	}

	async function get(reader: Principal, id: number): Promise<ReportView | null> {
		if (!mayRead(reader)) throw new ForbiddenError('report:read');
		const [row] = await db.select().from(situationReports).where(eq(situationReports.id, id));
		if (!row) return null;
		return view(row, await latestRevisionOf(db, row.originalId ?? row.id));
	}

	function dayRange(filter: unknown): { from: Date | null; to: Date | null } {
		const parsed = reportFilterSchema.safeParse(filter ?? {});
		if (!parsed.success) throw new ValidationError(fieldErrorsFrom(parsed.error.issues));
		const from = parsed.data.from ? startOfLocalDay(parsed.data.from) : null;
		const to = parsed.data.to ? new Date(startOfLocalDay(parsed.data.to).getTime() + 86_400_000) : null;
		if (from && to && from >= to) throw new ValidationError([fieldError('to', 'invalid', 'trước ngày bắt đầu / before the start')]);
		return { from, to };
	}

	return {
		schedule: { slots, next: (now) => nextReportSlot(now, slots) },
		generateForSlot,
		get,

		async catchUp() {
			const [last] = await db
				.select({ slotAt: situationReports.slotAt })
				.from(situationReports)
				.where(and(eq(situationReports.kind, 'scheduled'), eq(situationReports.revision, 0)))
				.orderBy(desc(situationReports.slotAt))
				.limit(1);
			// A new installation has no past to report on: it starts with the next slot.
			if (!last?.slotAt) return [];
			const now = clock();
			const horizon = new Date(now.getTime() - CATCH_UP_DAYS * 86_400_000);
			const from = last.slotAt > horizon ? last.slotAt : horizon;
			const made: ReportView[] = [];
			for (const slot of slotsBetween(from, now, slots)) {
				const r = await generateForSlot(slot, { catchUp: true });
				if (r.created) made.push(r.report);
			}
			return made;
		},

		async list(reader, filter) {
			if (!mayRead(reader)) throw new ForbiddenError('report:read');
			const { from, to } = dayRange(filter);
			const rows = await db
				.select()
				.from(situationReports)
				.where(and(from ? gte(situationReports.asOf, from) : undefined, to ? lt(situationReports.asOf, to) : undefined))
				.orderBy(desc(situationReports.asOf), desc(situationReports.revision), desc(situationReports.id))
				.limit(500);
			// Revisions share their original's asOf, so within one listing the newest is among the rows.
			const newest = new Map<number, { revision: number; id: number }>();
			for (const r of rows) {
				const o = r.originalId ?? r.id;
				const n = newest.get(o);
				if (!n || r.revision > n.revision) newest.set(o, { revision: r.revision, id: r.id });
			}
			return rows.map((r) => {
				const { content, ...rest } = view(r, newest.get(r.originalId ?? r.id) ?? { revision: r.revision, id: r.id });
				return { ...rest, wardsNotReported: content.wards.filter((w) => !w.reportedSincePrevious).length, alerts: content.alerts.length };
			});
		},

		async generateNow(actor) {
			if (!mayManage(actor)) throw new ForbiddenError('report:manage');
			const now = clock();
			return command({
				actor,
				action: 'report:manage',
				operation: 'report.generate',
				request: { asOf: now.toISOString() },
				run: async (tx) => {
					const content = await contentAt(tx, now, 'asOf');
					const by = actorLabel(actor).name;
					const [row] = await tx.insert(situationReports).values({ kind: 'manual', asOf: now, generatedAt: now, generatedBy: by, content }).returning();
					return {
						result: view(row!, { revision: 0, id: row!.id }),
						audit: [{ entity: 'report', entityId: row!.id, after: { asOf: now.toISOString(), kind: 'manual' } }],
						events: []
					};
				}
			});
		},

		async correct(actor, id, body) {
			if (!mayManage(actor)) throw new ForbiddenError('report:manage');
			const c = parseCorrection(body);
			if (!c.ok) throw new ValidationError(c.errors);
			return command({
				actor,
				action: 'report:manage',
				operation: 'report.correct',
				request: { id, correction: c.value },
				run: async (tx) => {
					const [target] = await tx.select().from(situationReports).where(eq(situationReports.id, id));
					if (!target) throw new NotFoundError('report', String(id));
					const originalId = target.originalId ?? target.id;
					// Revisions of one original are numbered one after the other, never twice the same.
					await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${'report-revision:' + originalId}))`);
					const base = (await newestOf(tx, originalId))!;
					const applied = applyCorrection(base.content as ReportContent, c.value, REPORT_LABELS);
					if (!applied.ok) throw new ValidationError(correctionErrors(applied.errors));
					const by = actorLabel(actor).name;
					const [row] = await tx
						.insert(situationReports)
						.values({
							kind: base.kind,
							slotAt: base.slotAt,
							asOf: base.asOf,
							generatedAt: clock(),
							late: base.late,
							revision: base.revision + 1,
							originalId,
							reason: c.value.reason,
							generatedBy: by,
							content: applied.content
						})
						.returning();
					return {
						result: view(row!, { revision: row!.revision, id: row!.id }),
						audit: [
							{
								entity: 'report',
								entityId: row!.id,
								before: { id: base.id, revision: base.revision },
								after: { revision: row!.revision, reason: c.value.reason, wards: c.value.wards }
							}
						],
						events: []
					};
				}
			});
		},

		async markSent(actor, id) {
			if (!mayManage(actor) || actor.kind === 'system') throw new ForbiddenError('report:manage');
			return command({
				actor,
				action: 'report:manage',
				operation: 'report.sent',
				request: { id },
				run: async (tx) => {
					const by = actorLabel(actor).name;
					const now = clock();
					// Only the first "sent" counts: who sent it and when is not overwritten (and not audited twice).
					const [row] = await tx
						.update(situationReports)
						.set({ sentAt: now, sentBy: by })
						.where(and(eq(situationReports.id, id), isNull(situationReports.sentAt)))
						.returning();
					if (row)
						return {
							result: view(row, await latestRevisionOf(tx, row.originalId ?? row.id)),
							audit: [{ entity: 'report', entityId: id, after: { sentAt: now.toISOString() } }],
							events: []
						};
					const [existing] = await tx.select().from(situationReports).where(eq(situationReports.id, id));
					if (!existing) throw new NotFoundError('report', String(id));
					return { result: view(existing, await latestRevisionOf(tx, existing.originalId ?? existing.id)), audit: [], events: [] };
				}
			});
		},

		async series(reader, filter) {
			if (!mayRead(reader)) throw new ForbiddenError('report:read');
			const { from, to } = dayRange(filter);
			const rows = await db
				.select()
				.from(situationReports)
				.where(and(eq(situationReports.kind, 'scheduled'), from ? gte(situationReports.asOf, from) : undefined, to ? lt(situationReports.asOf, to) : undefined))
				.orderBy(asc(situationReports.asOf), desc(situationReports.revision));
			// One point per slot: its newest revision.
			const seen = new Set<string>();
			const out: Array<{ id: number; asOf: string; late: boolean; figures: Record<string, number | null> }> = [];
			for (const r of rows) {
				const k = r.asOf.toISOString();
				if (seen.has(k)) continue;
				seen.add(k);
				const content = r.content as ReportContent;
				out.push({ id: r.id, asOf: k, late: r.late, figures: Object.fromEntries(content.figures.map((f) => [f.key, f.value])) });
			}
			return out;
		}
	};
}
