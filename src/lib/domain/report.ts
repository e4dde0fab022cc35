/**
 * A situation report, built from the district as it stood at one instant: the sections people
 * read, and every number flat (`figures`) with its change since the previous report. Pure: the
 * reports service reads the data as of the slot and stores what this returns, unchanged forever.
 * A correction builds a new revision from the original's content with some figures replaced.
 */
import type { CheckpointView, FacilityView, LiveSnapshot, StockLevel } from './live.ts';
import type { Correction, ReportContent, ReportFigure, ReportWard } from './report-content.ts';
import { alertsOf, type AlertWords } from './alerts.ts';
import { CASE_COUNT_FIELDS, DAY_FIELDS, caseReportRuleErrors, districtTotals, isFromToday, type CaseCountField, type CaseReport } from './cases.ts';
import { checkpointStaffing } from './checkpoint.ts';
import { bedSummary, freeBeds, thresholdsOf } from './quarantine.ts';
import { countTasks, NO_TASKS, rollUpTasks, type LiveTask } from './tasks.ts';
import { readinessOf } from './readiness.ts';
import { zoneDirection, type ZoneChange, type ZoneSchemeName } from './zones.ts';
import { reportBlockades, type Blockade } from './blockade.ts';
import { progressOf, type VaccinationPlan } from './progress.ts';
import { flowOf } from './f1-flow.ts';
import type { Trend } from './trend.ts';
import { WELFARE_FIELDS, type Welfare, type WelfareField, type WelfareFigures } from './welfare.ts';
import type { ReportInspections } from './inspections.ts';
import { DISTRICT_UNIT, dutyAt } from './duty.ts';
import type { DutyPicture } from './live.ts';

export interface ReportInput {
	district: {
		code: string;
		name: string;
		zoneScheme: ZoneSchemeName;
		zoneLevels: readonly string[];
		alerts: { occupancyWarn: number; occupancyCritical: number; blockadeRoundDays?: number; f1WaitingDays?: number };
		/** The schedule wards report on: which of them the report's alerts name as overdue. */
		reportSlots: readonly string[];
		reportGraceMinutes: number;
		vaccination: VaccinationPlan;
		hotline?: string | null;
	};
	asOf: Date;
	previousSlot: Date | null;
	wards: Array<{
		code: string;
		name: string;
		latest: CaseReport | null;
		population: number | null;
		zoneSince?: string | null;
		zoneFrom?: string | null;
		hotline?: string | null;
	}>;
	/** The duty rosters around asOf (issue 14 §1): the report names who led the slot's shift. */
	duty?: DutyPicture;
	/** The day figures of the trend window ending at asOf (testing, vaccination, tracing: issue 13 §3–4). */
	trend: Trend;
	facilities: FacilityView[];
	stock: StockLevel[];
	checkpoints: CheckpointView[];
	tasks: LiveTask[];
	tasksAsAt: 'asOf' | 'generation';
	/** Blockades active at asOf or lifted since the previous slot (more are ignored). */
	blockades: Blockade[];
	/** Zone changes made after the previous slot, by asOf. */
	zoneChanges: ZoneChange[];
	/** Social welfare as it stood at asOf (issue 14 §2). */
	welfare?: Welfare;
	/** Inspections after the previous slot, by asOf, and the recommendations open at asOf (issue 14 §3). */
	inspections?: ReportInspections;
}

/** The district-wide figures of a report, by id: one list for the report's numbers and the history charts. */
export type DistrictFigure =
	| 'newF0'
	| 'newF0Community'
	| 'f0Active'
	| 'f1Quarantined'
	| 'samplesTested'
	| 'positives'
	| 'vaccineDoses'
	| 'dosesTotal'
	| 'f1Waiting'
	| 'coverage'
	| 'wardsReportedToday'
	| 'wardsNotReportedSincePrevious'
	| 'bedsCapacity'
	| 'bedsOccupied'
	| 'bedsFree'
	| 'bedsPreparing'
	| 'f0BedsCapacity'
	| 'f0BedsOccupied'
	| 'f0BedsFree'
	| 'itemsBelowMinimum'
	| 'checkpointsShort'
	| 'staffingGap'
	| 'tasksOpen'
	| 'tasksOverdue'
	| 'tasksDueToday'
	| 'alertsCritical'
	| 'alertsWarning';

type Label = { vi: string; en: string };

/**
 * The words a report freezes next to its numbers (i18n/report REPORT_LABELS): the domain says
 * which figure it is, the caller gives what it is called, and the content keeps both forever.
 */
export interface ReportLabels {
	district: Record<DistrictFigure, Label>;
	/** A ward's case figure, as the report names it (the day fields say "in the day"). */
	cases: Record<CaseCountField, Label>;
	facility: Record<'capacity' | 'occupied' | 'free', Label>;
	stock: Record<'onHand' | 'daysOfSupply', Label>;
	checkpoint: Record<'required' | 'present' | 'gap', Label>;
	/** For the report's alerts (domain/alerts). */
	alerts: AlertWords;
	/** The welfare figures (issue 14 §2), and the words of "today" and "to date" after them. */
	welfare: Record<WelfareField | 'aidFromStock', Label>;
	welfarePeriod: Record<'today' | 'total', Label>;
}

type Fig = Omit<ReportFigure, 'previous' | 'change'>;

/** A ward's case figures at `asOf`: day figures only from a report of that same local day. */
export function wardCaseValue(latest: CaseReport | null, field: CaseCountField, asOf: Date): number | null {
	if (!latest) return null;
	if (DAY_FIELDS.includes(field) && !isFromToday(latest, asOf)) return null;
	return latest[field];
}

/** Every number of the report, without the comparison (see withChanges). */
function reportFigures(
	c: Omit<ReportContent, 'figures' | 'corrected' | 'alerts' | 'previous'> & { alerts: ReportContent['alerts'] },
	labels: ReportLabels
): Fig[] {
	const asOf = new Date(c.asOf);
	const out: Fig[] = [];
	const d = (key: DistrictFigure, value: number | null, unit?: string) =>
		out.push({
			key: `district:${key}`,
			section: 'district',
			scope: 'district',
			subject: c.district.name,
			label: labels.district[key],
			value,
			...(unit ? { unit } : {})
		});

	const totals = districtTotals(c.wards, c.district.zoneScheme as ZoneSchemeName, asOf);
	const sumDay = (f: CaseCountField) => c.wards.reduce((s, w) => s + (wardCaseValue(w.latest, f, asOf) ?? 0), 0);
	d('newF0', totals.newF0Today);
	d('newF0Community', totals.newF0CommunityToday);
	d('f0Active', totals.f0Active);
	d('f1Quarantined', totals.f1Quarantined);
	d('samplesTested', sumDay('samplesTested'));
	d('positives', sumDay('positives'));
	d('vaccineDoses', sumDay('vaccineDoses'));
	if (c.flow) d('f1Waiting', c.flow.district.waiting);
	if (c.progress) {
		d('dosesTotal', c.progress.district.dosesTotal);
		// A share, as a percentage with one decimal: the report's numbers are numbers, the unit says what.
		d('coverage', c.progress.district.coverage === null ? null : Math.round(c.progress.district.coverage * 1000) / 10, '%');
	}
	d('wardsReportedToday', totals.wardsReportedToday);
	d('wardsNotReportedSincePrevious', c.wards.filter((w) => !w.reportedSincePrevious).length);
	const { quarantine: beds, treatingF0 } = bedSummary(c.facilities);
	d('bedsCapacity', beds.capacity);
	d('bedsOccupied', beds.occupied);
	d('bedsFree', beds.free);
	d('bedsPreparing', beds.preparing);
	// Converted facilities: their own line, never inside the quarantine figures above.
	d('f0BedsCapacity', treatingF0.capacity);
	d('f0BedsOccupied', treatingF0.occupied);
	d('f0BedsFree', treatingF0.free);
	d('itemsBelowMinimum', c.stock.filter((l) => l.belowMinimum).length);
	// The shift running at the report's instant: a check-in left open from an ended shift is not counted.
	const gaps = c.checkpoints.map((k) => checkpointStaffing(k, asOf));
	d('checkpointsShort', gaps.filter((g) => g.gap > 0).length);
	d(
		'staffingGap',
		gaps.reduce((s, g) => s + g.gap, 0)
	);
	d('tasksOpen', c.tasks.total.open);
	d('tasksOverdue', c.tasks.total.overdue);
	d('tasksDueToday', c.tasks.total.dueToday);
	d('alertsCritical', c.alerts.filter((a) => a.severity === 'critical').length);
	d('alertsWarning', c.alerts.filter((a) => a.severity === 'warning').length);

	for (const w of c.wards) {
		for (const f of CASE_COUNT_FIELDS)
			out.push({
				key: `ward:${w.code}:${f}`,
				section: 'cases',
				scope: w.code,
				subject: w.name,
				label: labels.cases[f],
				value: wardCaseValue(w.latest, f, asOf)
			});
		out.push({ key: `ward:${w.code}:tasksOpen`, section: 'tasks', scope: w.code, subject: w.name, label: labels.district.tasksOpen, value: w.tasks.open });
		out.push({
			key: `ward:${w.code}:tasksOverdue`,
			section: 'tasks',
			scope: w.code,
			subject: w.name,
			label: labels.district.tasksOverdue,
			value: w.tasks.overdue
		});
	}
	for (const f of c.facilities) {
		const fig = (k: keyof ReportLabels['facility'], value: number) =>
			out.push({ key: `facility:${f.code}:${k}`, section: 'quarantine', scope: f.code, subject: f.name, label: labels.facility[k], value, unit: 'giường' });
		fig('capacity', f.capacity);
		fig('occupied', f.occupied);
		// Free beds are beds that can take someone now: none in a site being prepared or closed.
		fig('free', freeBeds(f));
	}
	for (const l of c.stock) {
		const subject = `${l.warehouseName} — ${l.itemName}`;
		out.push({
			key: `stock:${l.warehouseCode}:${l.itemCode}:onHand`,
			section: 'stock',
			scope: l.warehouseCode,
			subject,
			label: labels.stock.onHand,
			value: l.onHand,
			unit: l.unit
		});
		out.push({
			key: `stock:${l.warehouseCode}:${l.itemCode}:daysOfSupply`,
			section: 'stock',
			scope: l.warehouseCode,
			subject,
			label: labels.stock.daysOfSupply,
			value: l.daysOfSupply, // already as shown (domain/stock shownDaysOfSupply)
			unit: 'ngày'
		});
	}
	const wardName = new Map(c.wards.map((w) => [w.code, w.name]));
	c.checkpoints.forEach((k, i) => {
		const s = gaps[i]!;
		const required = s.forces.reduce((n, f) => n + f.required, 0);
		const present = s.forces.reduce((n, f) => n + f.present, 0);
		// Readers see the checkpoint's name and its ward's, never a code (the key keeps the code).
		const ward = wardName.get(k.wardCode);
		const subject = ward ? `${k.name} — Phường ${ward}` : k.name;
		const fig = (key: keyof ReportLabels['checkpoint'], value: number) =>
			out.push({ key: `checkpoint:${k.code}:${key}`, section: 'checkpoints', scope: k.code, subject, label: labels.checkpoint[key], value, unit: 'người' });
		fig('required', required);
		fig('present', present);
		fig('gap', s.gap);
	});
	if (c.welfare) {
		const fields = [...WELFARE_FIELDS.filter((f) => f !== 'cashPending'), 'aidFromStock'] as const;
		const welfare = (scope: string, subject: string, today: WelfareFigures, total: WelfareFigures) => {
			for (const f of fields)
				for (const [period, v] of [
					['today', today[f]],
					['total', total[f]]
				] as const)
					out.push({
						key: `welfare:${scope}:${f}:${period}`,
						section: 'welfare',
						scope,
						subject,
						label: { vi: `${labels.welfare[f].vi} (${labels.welfarePeriod[period].vi})`, en: `${labels.welfare[f].en} (${labels.welfarePeriod[period].en})` },
						value: v
					});
			// A level, not a sum: one figure, as of the report.
			out.push({ key: `welfare:${scope}:cashPending`, section: 'welfare', scope, subject, label: labels.welfare.cashPending, value: total.cashPending });
		};
		welfare('district', c.district.name, c.welfare.district.today, c.welfare.district.total);
		for (const w of c.welfare.wards) if (w.wardCode !== null) welfare(w.wardCode, wardName.get(w.wardCode) ?? w.wardCode, w.today, w.total);
	}
	return out;
}

/** Adds each figure's previous value and change (same key in the previous report). */
function withChanges(figures: Fig[], previous: readonly ReportFigure[] | null): ReportFigure[] {
	const prev = new Map((previous ?? []).map((f) => [f.key, f.value]));
	return figures.map((f) => {
		const p = prev.get(f.key) ?? null;
		return { ...f, previous: p, change: f.value !== null && p !== null ? Math.round((f.value - p) * 10) / 10 : null };
	});
}

/** The report's content at `input.asOf`, compared with `previous` (the report before it), in `labels`' words. */
export function buildReport(
	input: ReportInput,
	previous: { id: number; asOf: string; figures: readonly ReportFigure[] } | null,
	labels: ReportLabels
): ReportContent {
	const asOf = input.asOf;
	const counts = countTasks(input.tasks, asOf);
	const blockades = reportBlockades(input.blockades, asOf, input.previousSlot);
	const wards: ReportWard[] = input.wards.map((w) => ({
		code: w.code,
		name: w.name,
		latest: w.latest,
		reportedSincePrevious: w.latest !== null && (input.previousSlot === null || new Date(w.latest.reportedAt).getTime() > input.previousSlot.getTime()),
		tasks: counts.byWard[w.code] ?? { ...NO_TASKS }
	}));
	const snapshot: LiveSnapshot = {
		seq: 0,
		scope: { ward: null },
		at: asOf.toISOString(),
		district: { ...input.district, zoneLevels: [...input.district.zoneLevels], reportSlots: [...input.district.reportSlots], quarantineBedTarget: null },
		wards: input.wards.map((w, i) => ({
			code: w.code,
			name: w.name,
			position: i,
			hotline: null,
			population: w.population,
			latest: w.latest,
			zoneSince: w.zoneSince ?? null,
			zoneFrom: w.zoneFrom ?? null
		})),
		facilities: input.facilities,
		trend: input.trend,
		stock: input.stock,
		checkpoints: input.checkpoints,
		layouts: [],
		tasks: input.tasks,
		blockades: blockades.active,
		duty: input.duty,
		kiosk: null
	};
	const alerts = alertsOf(snapshot, asOf, labels.alerts, { occupancy: thresholdsOf(input.district.alerts) });
	const base = {
		version: 1 as const,
		district: { code: input.district.code, name: input.district.name, zoneScheme: input.district.zoneScheme, zoneLevels: input.district.zoneLevels },
		asOf: asOf.toISOString(),
		previousSlot: input.previousSlot?.toISOString() ?? null,
		wards,
		facilities: input.facilities,
		stock: input.stock,
		checkpoints: input.checkpoints,
		tasks: { total: counts.total, districtWide: counts.district, asAt: input.tasksAsAt },
		alerts,
		progress: progressOf(input.trend, input.wards, input.district.vaccination, asOf),
		flow: flowOf(
			input.trend,
			input.wards.map((w) => w.code),
			asOf
		),
		focus: { rollup: rollUpTasks(input.tasks, asOf), readiness: readinessOf(input.tasks) },
		duty: input.duty
			? dutyAt(
					[
						{ unit: DISTRICT_UNIT, name: input.district.name, hotline: input.district.hotline ?? null },
						...input.wards.map((w) => ({ unit: w.code, name: `Phường ${w.name}`, hotline: w.hotline ?? null }))
					],
					input.duty.shifts,
					asOf
				)
			: undefined,
		...(input.welfare ? { welfare: input.welfare } : {})
	};
	const wardNames = new Map(input.wards.map((w) => [w.code, w.name]));
	const blockadeNames = new Map(input.blockades.map((b) => [String(b.id), b.name]));
	const news = {
		blockades,
		// Readers see names, never codes: a ward by its name, a blockade by its own and its ward's.
		zoneChanges: input.zoneChanges.map((z) => ({
			...z,
			direction: zoneDirection(input.district.zoneScheme, z.from, z.to),
			subjectName: z.subject === 'ward' ? (wardNames.get(z.key) ?? z.key) : `${blockadeNames.get(z.key) ?? z.key} (${wardNames.get(z.wardCode) ?? z.wardCode})`
		})),
		...(input.inspections ? { inspections: input.inspections } : {})
	};
	return {
		...base,
		...news,
		previous: previous ? { id: previous.id, asOf: previous.asOf } : null,
		figures: withChanges(reportFigures(base, labels), previous?.figures ?? null),
		corrected: {}
	};
}

/**
 * A revision: the original's content with some wards' case figures corrected. Refused (errors
 * naming `wards.<code>.<field>`) when a ward is unknown, never reported at that time, or the
 * corrected figures break a rule (positives above samples).
 */
/** Why a correction is refused, by field: the words are the contract's (contracts/reports correctionErrors). */
export interface CorrectionRefusal {
	field: string;
	code: 'required' | 'unknown_ward' | 'invalid' | 'positives_exceed_samples';
	/** For `invalid`: the ward had no report at the time, or nothing would change. */
	reason?: 'no_report' | 'nothing_changes';
}

export function applyCorrection(
	original: ReportContent,
	correction: Correction,
	labels: ReportLabels
): { ok: true; content: ReportContent } | { ok: false; errors: CorrectionRefusal[] } {
	const errors: CorrectionRefusal[] = [];
	const wards = original.wards.map((w) => ({ ...w }));
	const corrected: Record<string, number | null> = { ...original.corrected };
	const entries = Object.entries(correction.wards);
	let changed = false;
	if (entries.length === 0) errors.push({ field: 'wards', code: 'required' });
	for (const [code, fields] of entries) {
		const w = wards.find((x) => x.code === code);
		if (!w) {
			errors.push({ field: `wards.${code}`, code: 'unknown_ward' });
			continue;
		}
		if (!w.latest) {
			errors.push({ field: `wards.${code}`, code: 'invalid', reason: 'no_report' });
			continue;
		}
		const next = { ...w.latest };
		for (const [f, v] of Object.entries(fields) as Array<[CaseCountField, number | undefined]>) {
			if (v === undefined || next[f] === v) continue;
			changed = true;
			const key = `ward:${code}:${f}`;
			if (!(key in corrected)) corrected[key] = original.figures.find((x) => x.key === key)?.value ?? null;
			next[f] = v;
		}
		for (const e of caseReportRuleErrors(next)) errors.push({ field: `wards.${code}.${e.field}`, code: e.code });
		w.latest = next;
	}
	// A revision that changes nothing would only blur the record.
	if (errors.length === 0 && !changed) errors.push({ field: 'wards', code: 'invalid', reason: 'nothing_changes' });
	if (errors.length) return { ok: false, errors };
	const previousFigures = original.figures.map((f) => ({ ...f, value: f.previous }));
	const base = { ...original, wards };
	const content: ReportContent = {
		...base,
		figures: withChanges(reportFigures(base, labels), original.previous ? previousFigures : null),
		corrected
	};
	return { ok: true, content };
}
